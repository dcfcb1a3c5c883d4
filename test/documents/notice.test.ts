// Notice and Undertaking documents: the model, the tagged PDF read back as text, and the covering email.
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { ssi2026v1 } from '../../machines/rulebook/ssi-2026-31.v1';
import type { Rulebook } from '../../machines/rulebook/types';
import { buildNoticeModel, missingMandatoryFields } from '../../src/documents/notice-model';
import { renderNoticePdf } from '../../src/documents/render-notice';
import { renderNoticeOffThread, stopNoticeRenderer } from '../../src/documents/render-thread';
import { sha256 } from '../../src/documents/hash';
import { renderNoticeEmail } from '../../src/documents/notice-email';
import { noticeLayout } from '../../templates/notice/layout';
import { book, placed, send, signatory } from '../machine/helpers';
import { modelOf, orderChanged, organisationName, SOCIAL_WORKER } from './notice-fixtures';
import { pdfjs } from './pdf-structure';

/** Page content streams, inflated, to look at marked-content operators. */
function contentStreams(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of raw.matchAll(/stream\n([\s\S]*?)\nendstream/g)) {
    try {
      out.push(inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1'));
    } catch {
      // not a deflated stream (XMP metadata)
    }
  }
  return out.join('\n');
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const noSpace = (s: string) => s.replace(/\s+/g, '');

async function readPdf(buffer: Buffer) {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(buffer), verbosity: 0, useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(squash(content.items.map((it: { str?: string }) => it.str ?? '').join(' ')));
  }
  const { info } = await doc.getMetadata();
  await doc.destroy();
  return { pages, text: pages.join(' '), info: info as Record<string, unknown> };
}

describe('notice model', () => {
  const model = modelOf(orderChanged());
  const field = (key: string) => model.sections.flatMap((s) => s.fields).find((f) => f.key === key);

  test('values come from the version and context, printed for a reader', () => {
    expect(model.versionLine).toBe('Notice version 2, updated after change of order on 9 March 2026');
    expect(model.reasonSummary).toBe('updated after change of order');
    expect(field('placingAuthority.name')?.value).toBe('Birmingham City Council');
    expect(field('child.age')?.value).toBe('13 years');
    expect(field('legalBasis.expiresAt')?.value).toBe(noticeLayout.noFixedExpiry);
    expect(field('legalBasis.effectiveFrom')?.value).toBe('9 March 2026 at 10:00 GMT');
    expect(field('legalBasis.type')?.value).toBe('Care order (s.31 Children Act 1989)');
    expect(field('placement.hostAuthority')?.value).toBe('Aberdeen City Council');
    expect(field('placement.healthBoard')?.value).toBe('NHS Grampian');
    expect(field('contacts.socialWorker')?.value).toBe(`${SOCIAL_WORKER}, Social worker, 0121 303 1234, siobhan.nb@birmingham.example`);
    expect(field('contacts.teamManager')?.value).toBeNull();
    expect(field('signatory.method')?.value).toBe('Electronic signature');
    expect(missingMandatoryFields(model)).toEqual([]);
  });

  test('fields keep the rulebook order within each section, each with its citation', () => {
    for (const s of model.sections) {
      const keys = book.noticeFields.filter((f) => f.section === s.id).map((f) => f.key);
      expect(s.fields.map((f) => f.key)).toEqual(keys);
    }
    for (const f of model.sections.flatMap((s) => s.fields)) {
      expect(model.sources[f.source - 1].citation).toBe(f.citation);
    }
    expect(model.undertaking.map((u) => u.text)).toEqual(book.undertaking.map((u) => u.text));
    expect(model.recipients.map((r) => r.role)).toEqual(book.recipients.residential.map((r) => r.role));
  });

  test("never the child's name or date of birth, unless the rulebook says the notice prints them", () => {
    const json = JSON.stringify(model);
    for (const s of ['Ada', 'Lovelace', '2012-04-02', '2 April 2012']) expect(json).not.toContain(s);
    const printsName: Rulebook = {
      ...ssi2026v1,
      parameters: { ...ssi2026v1.parameters, 'P.notice-prints-child-name': { ...ssi2026v1.parameters['P.notice-prints-child-name'], value: true } },
    };
    const named = modelOf(orderChanged(), printsName);
    const child = named.sections.find((s) => s.id === 'child')!.fields.map((f) => f.value);
    expect(child).toEqual(['Ada Lovelace', '2 April 2012', 'Female', '13 years']);
  });

  test('version line per reason: first issue, a move, and several reasons at once', () => {
    expect(modelOf(placed()).versionLine).toBe('Notice version 1, first issued on 3 March 2026');
    const newHome = {
      hostAuthorityId: 'S12000036',
      serviceName: 'Firth View',
      serviceAddress: '2 Shore St, Edinburgh',
      plannedStart: '2026-04-10T10:00:00Z',
      permanence: 'temporary' as const,
    };
    const moving = send(
      placed(),
      { type: 'MOVE_PROPOSED', placement: newHome, at: '2026-04-01T09:00:00Z' },
      { type: 'NOTICE_UPDATED', signatory, at: '2026-04-02T09:00:00Z' },
    );
    const m = modelOf(moving);
    expect(m.versionLine).toBe('Notice version 2, updated for a move to Firth View planned for 10 April 2026');
    expect(m.sections.flatMap((s) => s.fields).find((f) => f.key === 'placement.serviceName')?.value).toBe('Firth View');
    const p = orderChanged();
    const version = { ...p.context.notices[1], reasons: ['order-change' as const, 'move' as const] };
    const both = buildNoticeModel({ book, context: p.context, version, organisationName, placementReference: 'ABC-123' });
    expect(both.versionLine).toBe('Notice version 2, updated after change of order on 9 March 2026 and for a move to Harbour House planned for 5 March 2026');
    expect(both.reasonSummary).toBe('updated after change of order and for a move within Scotland');
  });

  test('missing mandatory values are listed', () => {
    const p = orderChanged();
    const m = buildNoticeModel({ book, context: p.context, version: p.context.notices[1], organisationName: () => undefined, placementReference: 'X' });
    expect(missingMandatoryFields(m).map((f) => f.key)).toEqual(['placingAuthority.name']);
  });
});

describe('notice PDF', () => {
  const model = modelOf(orderChanged());
  let pdf: Buffer;
  let read: Awaited<ReturnType<typeof readPdf>>;

  beforeAll(async () => {
    const started = performance.now();
    pdf = await renderNoticePdf(model);
    // Reported with the build; not asserted, machines differ.
    process.stdout.write(`notice render: ${Math.round(performance.now() - started)} ms, ${pdf.length} bytes\n`);
    read = await readPdf(pdf);
  });

  test('every mandatory field label and value of the rulebook is printed', () => {
    const fields = model.sections.flatMap((s) => s.fields);
    for (const rule of book.noticeFields.filter((f) => f.mandatory)) {
      const f = fields.find((x) => x.key === rule.key)!;
      expect(f.value).not.toBeNull();
      expect(read.text).toContain(squash(rule.label));
      expect(read.text).toContain(squash(f.value!));
    }
    expect(read.text).toContain('13 years');
    expect(read.text).toContain('Birmingham City Council');
    expect(read.text).toContain('No fixed expiry');
    expect(read.text).toContain(noticeLayout.notProvided);
  });

  test("the child's name and date of birth are absent", () => {
    const flat = noSpace(read.text);
    for (const s of ['Ada', 'Lovelace', '2012-04-02', '2April2012', '02/04/2012']) expect(flat).not.toContain(s);
  });

  test('the form wording, every undertaking clause and the recipients are present', () => {
    for (const s of [noticeLayout.part1.heading, noticeLayout.part2.heading, noticeLayout.signature.heading]) expect(read.text).toContain(s);
    for (const u of book.undertaking) expect(read.text).toContain(squash(u.text));
    for (const r of book.recipients.residential) expect(read.text).toContain(squash(r.label));
    expect(read.text).toContain(book.id);
  });

  test('version line and reference on every page, with page numbers', () => {
    expect(read.pages.length).toBeGreaterThan(1);
    read.pages.forEach((page, i) => {
      expect(page).toContain(model.versionLine);
      expect(page).toContain('ABC-123');
      expect(page).toContain(`Page ${i + 1} of ${read.pages.length}`);
    });
  });

  test('an accented name is embedded and extracted as written', () => {
    expect(read.text).toContain(SOCIAL_WORKER);
  });

  test('accessible: tagged, language, title shown, fonts embedded', () => {
    expect(read.info.Title).toBe('Notice and Undertaking: placement ABC-123, version 2');
    expect(read.info.Language).toBe('en-GB');
    expect(read.info.Author).toBe('Birmingham City Council');
    expect(read.info.PDFFormatVersion).toBe('1.7');
    const raw = pdf.toString('latin1');
    for (const s of [
      '/Lang (en-GB)',
      '/StructTreeRoot',
      '/MarkInfo',
      '/Marked true',
      '/DisplayDocTitle true',
      '/FontFile2',
      '/S /H1',
      '/S /H2',
      '/S /Table',
      '/S /TH',
      '/S /L',
      '/S /LI',
      '/S /Lbl',
      '/S /LBody',
    ]) {
      expect(raw).toContain(s);
    }
    // Page headers and footers are pagination artifacts, outside the structure tree.
    expect(squash(contentStreams(pdf))).toContain('/Artifact << /Type /Pagination >> BDC');
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
    // Dates pinned to the signing time, not the time of rendering.
    expect(read.info.CreationDate).toBe('D:20260309150000Z');
    expect(read.info.ModDate).toBe('D:20260309150000Z');
  });

  test('same input, same bytes; sha256 matches', async () => {
    const again = await renderNoticePdf(modelOf(orderChanged()));
    expect(again.equals(pdf)).toBe(true);
    expect(sha256(again)).toBe(sha256(pdf));
    expect(sha256(pdf)).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256(pdf)).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(sha256(await renderNoticePdf({ ...model, placementReference: 'ABC-124' }))).not.toBe(sha256(pdf));
  });

  test('rendered on the renderer thread, the same bytes; several at once come back to their own callers', async () => {
    const other = { ...modelOf(orderChanged()), placementReference: 'ABC-124' };
    const [a, b, c] = await Promise.all([
      renderNoticeOffThread(modelOf(orderChanged())),
      renderNoticeOffThread(other),
      renderNoticeOffThread(modelOf(orderChanged())),
    ]);
    expect(a.equals(pdf)).toBe(true);
    expect(c.equals(pdf)).toBe(true);
    expect(b.equals(await renderNoticePdf(other))).toBe(true);
    await stopNoticeRenderer();
    expect((await renderNoticeOffThread(modelOf(orderChanged()))).equals(pdf)).toBe(true); // a new thread after a stop
    await stopNoticeRenderer();
  });

  test('renders in flight when the thread is lost are rendered in process: the same bytes, no failed signing', async () => {
    const inFlight = Array.from({ length: 4 }, () => renderNoticeOffThread(modelOf(orderChanged())));
    await stopNoticeRenderer(); // the thread goes while (at least the later) renders are still queued on it
    for (const bytes of await Promise.all(inFlight)) expect(bytes.equals(pdf)).toBe(true);
  });
});

describe('notice email', () => {
  const model = modelOf(orderChanged());
  const email = renderNoticeEmail({
    model,
    recipientLabel: 'Chief social work officer of the host local authority',
    organisationName: 'Aberdeen City Council',
  });

  test('subject, text and html name the reference and the reasons, not the child', () => {
    expect(email.subject).toBe('Cross-border placement notice ABC-123, version 2 (updated after change of order)');
    for (const body of [email.text, email.html]) {
      expect(body).toContain('ABC-123');
      expect(body).toContain('updated after change of order on 9 March 2026');
      expect(body).toContain('notice-ABC-123-v2.pdf');
      expect(body).toContain('notice-ABC-123-v2.json');
      expect(body).toContain('Birmingham City Council');
      expect(body).toContain('Aberdeen City Council');
      expect(body).toContain('0121 303 1234');
      expect(body).toContain('identified only by the placement reference');
    }
    expect(email.text).toContain(SOCIAL_WORKER);
    expect(email.html).toContain(SOCIAL_WORKER);
    for (const s of [email.subject, email.text, email.html]) {
      expect(s).not.toContain('Ada');
      expect(s).not.toContain('Lovelace');
      expect(s).not.toContain('2012');
    }
  });

  test('HTML escapes a contact name; text keeps it as written', () => {
    const hostile = { ...model, socialWorker: { name: "<script>alert(1)</script> O'Neil & Co", role: 'Social worker' } };
    const e = renderNoticeEmail({ model: hostile, recipientLabel: 'Care Inspectorate' });
    expect(e.html).not.toContain('<script>');
    expect(e.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(e.html).toContain('&amp; Co');
    expect(e.text).toContain('<script>alert(1)</script>');
  });

  test('without a social worker, the placing authority is the contact', () => {
    const e = renderNoticeEmail({ model: { ...model, socialWorker: null }, recipientLabel: 'Care Inspectorate' });
    expect(e.text).toContain('Birmingham City Council, quoting the reference ABC-123');
    expect(e.html).not.toContain('social worker at');
  });
});
