// The rulebook review pack: every rule of the version, in the scheme's order, with its citation, tag,
// examples and open questions, and the changes since the previous version; read back from the real PDF
// (pdfjs, and poppler's pdftotext where installed) and from the HTML; written by the CLI.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { examplesOf, type Rulebook } from '../../machines/rulebook';
import { ssi2026v1 } from '../../machines/rulebook/ssi-2026-31.v1';
import { ssi2026v2 } from '../../machines/rulebook/ssi-2026-31.v2';
import { runCli } from '../../src/cli';
import { buildRulebookPackModel } from '../../src/documents/rulebook-pack-model';
import { renderRulebookPackHtml, renderRulebookPackPdf } from '../../src/documents/rulebook-pack';

const pdfjs = (() => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    return require('pdfjs-dist/legacy/build/pdf.js');
  } finally {
    log.mockRestore();
  }
})();
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

async function readPdf(buffer: Buffer) {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(buffer), verbosity: 0, useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++)
    pages.push(squash((await (await doc.getPage(i)).getTextContent()).items.map((it: { str?: string }) => it.str ?? '').join(' ')));
  const { info } = await doc.getMetadata();
  await doc.destroy();
  return { pages, text: pages.join(' '), info: info as Record<string, unknown> };
}

const ruleIds = (book: Rulebook) => [
  ...Object.keys(book.clocks),
  ...Object.keys(book.visits),
  ...Object.keys(book.conditions),
  ...Object.keys(book.parameters),
];
const AT = new Date('2026-12-01T10:00:00Z');
const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('the review pack of ssi-2026-31@2', () => {
  const model = buildRulebookPackModel(ssi2026v2, AT);
  let pdf: Buffer;
  let read: Awaited<ReturnType<typeof readPdf>>;
  let dir: string;
  beforeAll(async () => {
    const started = performance.now();
    pdf = await renderRulebookPackPdf(model, AT);
    process.stdout.write(`rulebook pack render: ${Math.round(performance.now() - started)} ms, ${pdf.length} bytes\n`);
    read = await readPdf(pdf);
    dir = mkdtempSync(path.join(tmpdir(), 'cbp-pack-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the model holds every rule once, in the order of the scheme', () => {
    const ids = model.chapters.flatMap((c) => c.rules.map((r) => r.id));
    for (const id of ruleIds(ssi2026v2)) expect(ids.filter((x) => x === id)).toHaveLength(1);
    expect(model.chapters.map((c) => c.id)).toEqual([
      'legal-bases',
      'notice',
      'changes',
      'cso',
      'advocacy',
      'duties',
      'enforcement',
      'transfer',
      'end',
      'care-service',
      'transitional',
    ]);
    expect(model.chapters.map((c) => c.heading.split('.')[0])).toEqual(model.chapters.map((_, i) => String(i + 1)));
    const notice = model.chapters.find((c) => c.id === 'notice')!.rules.map((r) => r.id);
    expect(notice.indexOf('C1.notice-before-arrival')).toBeLessThan(notice.indexOf('C12.late-notice'));
    expect(model.chapters.find((c) => c.id === 'changes')!.rules[0].id).toBe('C3.order-change-renotify');
    expect(model.summary.examples).toBe(examplesOf(ssi2026v2).length);
  });

  test('the PDF names every rule of the rulebook and every open question (pdfjs)', () => {
    for (const id of [...ruleIds(ssi2026v2), ...(ssi2026v2.openQuestions ?? []).map((q) => q.id)]) expect(read.text).toContain(id);
  });

  test('each rule shows its text, citation and tag; infer rules what to confirm; examples as sentences', () => {
    const c5 = ssi2026v2.clocks['C5.dol-expiry'];
    expect(read.text).toContain(squash(c5.statement));
    expect(read.text).toContain('SSI 2022/225 reg 5(4)-(5), as described in 2022 practice guidance (S4) §8');
    expect(read.text).toContain('Deprivation of liberty order: recognition period ends (clock; tag 2022)');
    expect(read.text).toContain('A legal officer must confirm:');
    expect(read.text).toContain('C5.dol-expiry is open, due by the end of Monday 1 June 2026.');
    expect(read.text).toContain('under an order authorising deprivation of liberty');
    for (let point = 1; point <= 11; point++) expect(read.text).toContain(`(settles sources.md point ${point})`);
  });

  test('the changes since @1 and the sign-off close the pack', () => {
    expect(read.text).toContain('Changes since ssi-2026-31@1');
    expect(read.text).toMatch(/\+ C10\.reporter-notice \(clock\)/);
    expect(read.text).toContain('opensOn: (none) → REPORTER_NOTIFIED');
    expect(read.pages[read.pages.length - 1]).toContain('Sign-off');
    read.pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${read.pages.length}`));
  });

  test('accessible: tagged, titled, in en-GB, fonts embedded, dates pinned', () => {
    expect(read.info.Title).toBe('Rulebook review pack: ssi-2026-31@2');
    expect(read.info.Language).toBe('en-GB');
    expect(read.info.CreationDate).toBe('D:20261201100000Z');
    const raw = pdf.toString('latin1');
    for (const s of ['/StructTreeRoot', '/MarkInfo', '/Marked true', '/S /H1', '/S /H2', '/S /H3', '/S /Table', '/S /L', '/FontFile2'])
      expect(raw).toContain(s);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  (hasPdftotext ? test : test.skip)('pdftotext reads every rule id of @2 from the PDF as written', () => {
    const file = path.join(dir, 'pack.pdf');
    require('node:fs').writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const missing = ruleIds(ssi2026v2).filter((id) => !new RegExp(`^\\s*${id.replace(/\./g, '\\.')}\\s*$`, 'm').test(text));
    expect(missing).toEqual([]);
  });

  test('the HTML holds the same: an anchor per rule, the questions, the diff; text escaped', () => {
    const html = renderRulebookPackHtml(model);
    expect(html).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
    for (const id of ruleIds(ssi2026v2)) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('id="Q.commissioner-recipient"');
    expect(html).toContain('Changes since ssi-2026-31@1');
    expect(html).toContain('Care order (art. 50 Children (Northern Ireland) Order 1995)');
    expect(html).toContain('&quot;working day&quot;');
    expect(html).not.toMatch(/<script/i);
  });
});

test('the first version has no previous one to compare; the same input gives the same bytes', async () => {
  const model = buildRulebookPackModel(ssi2026v1, AT);
  expect(model.diff).toBeNull();
  const [a, b] = [await renderRulebookPackPdf(model, AT), await renderRulebookPackPdf(buildRulebookPackModel(ssi2026v1, AT), AT)];
  expect(a.equals(b)).toBe(true);
  expect(renderRulebookPackHtml(model)).toContain('This is the first version');
});

test('npm run cli -- rulebook pack --version ssi-2026-31@2 --out DIR writes the PDF and the HTML', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cbp-pack-cli-'));
  const lines: string[] = [];
  const env = { NODE_ENV: 'test', DATABASE_URL: path.join(dir, 'unused.sqlite') };
  try {
    expect(await runCli(['rulebook', 'pack', '--version', 'ssi-2026-31@2', '--out', dir], env, (l) => lines.push(l))).toBe(0);
    const pdf = path.join(dir, 'rulebook-ssi-2026-31@2.pdf');
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(path.join(dir, 'rulebook-ssi-2026-31@2.html'), 'utf8')).toContain('Rulebook review pack: ssi-2026-31@2');
    expect(lines.join('\n')).toMatch(/Wrote .*rulebook-ssi-2026-31@2\.pdf \(sha256 [0-9a-f]{64}\)/);
    expect(existsSync(path.join(dir, 'unused.sqlite'))).toBe(false);
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await runCli(['rulebook', 'pack', '--version', 'ssi-2099-1@1', '--out', dir], env, () => undefined)).toBe(2);
      expect(err.mock.calls.join(' ')).toContain('--version must be one of ssi-2013-99@1, ssi-2022-225@1, ssi-2026-31@1, ssi-2026-31@2');
    } finally {
      err.mockRestore();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
