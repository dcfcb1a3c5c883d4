// The notice's fonts are parsed once per process and subset by our own TrueType subsetter; a table row
// longer than a page runs on. Checked against fontkit (an independent reader of the subset font), a
// fresh process (bytes must not depend on what was rendered before) and pdfjs (text read back).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../../src/documents/hash';
import type { NoticeModel } from '../../src/documents/notice-model';
import { FONT } from '../../src/documents/pdf-fonts';
import { subsetTrueType, TrueTypeFont } from '../../src/documents/font-subset';
import { renderNoticePdf } from '../../src/documents/render-notice';
import { sampleNoticeModel } from '../../src/documents/sample-notice';

interface Glyph {
  id: number;
  advanceWidth: number;
  path: { toSVG(): string };
  _decode(): { numberOfContours: number } | null;
}
interface Font {
  numGlyphs: number;
  layout(text: string): { glyphs: Glyph[] };
  getGlyph(id: number): Glyph;
}
// pdfkit's own font reader, used here as an independent check of the subset file.
const fontkit: { create(buffer: Buffer): Font } = require('fontkit');

const pdfjs = (() => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    return require('pdfjs-dist/legacy/build/pdf.js');
  } finally {
    log.mockRestore();
  }
})();

async function pdfText(buffer: Buffer): Promise<{ pages: number; text: string }> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(buffer), verbosity: 0, useSystemFonts: false }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    parts.push(content.items.map((it: { str?: string }) => it.str ?? '').join(' '));
  }
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, text: parts.join(' ').replace(/\s+/g, ' ') };
}

/** The sample model with one field's value replaced. */
function withField(model: NoticeModel, key: string, value: string): NoticeModel {
  return { ...model, sections: model.sections.map((s) => ({ ...s, fields: s.fields.map((f) => (f.key === key ? { ...f, value } : f)) })) };
}

describe('TrueType subset', () => {
  test.each([
    ['regular', FONT.regular],
    ['bold', FONT.bold],
  ])('%s: every glyph keeps its outline and advance, composites included, numbered in the order given', (_name, file) => {
    const bytes = readFileSync(file);
    const original = fontkit.create(bytes);
    // Accented and Polish letters are composites in DejaVu; the ligature and the dash are not in ASCII.
    const used = [0, ...new Set(original.layout('Notice Łukasiewicz Ní Bhriain Ölçü ǅ office – 0121 Şţ ¼').glyphs.map((g) => g.id))];
    expect(used.some((id) => (original.getGlyph(id)._decode()?.numberOfContours ?? 0) < 0)).toBe(true);
    const given = [...used];
    const subset = fontkit.create(subsetTrueType(new TrueTypeFont(bytes), used));
    expect(used).toEqual(given); // the caller's list is not changed
    expect(subset.numGlyphs).toBeGreaterThanOrEqual(used.length); // components appended after
    used.forEach((id, i) => {
      expect(subset.getGlyph(i).path.toSVG()).toBe(original.getGlyph(id).path.toSVG());
      expect(subset.getGlyph(i).advanceWidth).toBe(original.getGlyph(id).advanceWidth);
    });
  });
});

describe('fonts shared by the process', () => {
  const model = sampleNoticeModel();

  test('a notice renders the same bytes in a fresh process as after other documents', async () => {
    // Other notices first, with ligatures, marks, and characters that share nothing with the sample.
    for (const name of ['ﬁona ﬄuﬀ', 'Zoë Ångström-Øster', 'Ǆemal Ŋ ĳssel', 'Åsa Ωmega µ K']) {
      await renderNoticePdf(withField(model, 'contacts.socialWorker', `${name}, office, 0121 000 0000`));
    }
    const here = sha256(await renderNoticePdf(model));
    const script = "require('./src/documents/sample-notice').renderSampleNotice().then((b) => process.stdout.write(require('./src/documents/hash').sha256(b)))";
    const root = path.join(__dirname, '../..');
    const fresh = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(fresh).toBe(here);
  });

  test('a row longer than a page runs on to the next pages in full, inside one table row', async () => {
    const words = Array.from({ length: 700 }, (_, i) => `need${i}`).join(' ');
    const long = withField(model, 'needs.health', `${words} END-OF-HEALTH-NEEDS`);
    const pdf = await renderNoticePdf(long);
    const { pages, text } = await pdfText(pdf);
    const normal = await pdfText(await renderNoticePdf(model));
    expect(pages).toBeGreaterThanOrEqual(normal.pages + 2);
    expect(text).toContain('need0 need1');
    expect(text).toContain('need699 END-OF-HEALTH-NEEDS');
    // The rows after it are still there, in order.
    expect(text.indexOf('END-OF-HEALTH-NEEDS')).toBeLessThan(text.indexOf('Education needs'));
    // One TR per row still: as many as in the normal notice.
    const rows = (b: Buffer) => (b.toString('latin1').match(/\/S \/TR/g) ?? []).length;
    expect(rows(pdf)).toBe(rows(await renderNoticePdf(model)));
  });
});
