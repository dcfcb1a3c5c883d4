// The notice JSON, for every fixture placement: it validates against the schema the API publishes for its
// rulebook version (ajv, draft 2020-12, formats checked), and its content is the PDF's, read back through
// the PDF's structure tree: each table row (label, details, source) is a field of the JSON and each field a
// row, and so for the undertaking, the recipients and the sources.
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ssi2026v2 } from '../../machines/rulebook/ssi-2026-31.v2';
import type { Rulebook } from '../../machines/rulebook/types';
import { sha256 } from '../../src/documents/hash';
import { buildNoticeJson, noticeJsonBytes, noticeSchemaUrl, type NoticeJson } from '../../src/documents/notice-json';
import { noticeJsonSchema } from '../../src/documents/notice-json-schema';
import { CODE_LABELS, fieldKind, formatContact, missingMandatoryFields, type NoticeContactValue, type NoticeModel } from '../../src/documents/notice-model';
import { renderNoticePdf } from '../../src/documents/render-notice';
import { capitalise, formatDate, formatInstant } from '../../src/outbox/format';
import { noticeLayout as L } from '../../templates/notice/layout';
import { getRulebook } from '../../machines/rulebook';
import { startHarness, type Harness } from '../support/api-harness';
import { NOTICE_FIXTURES, modelOf, orderChanged, organisationName } from './notice-fixtures';
import { jsonLists, jsonTables, pdfLists, pdfTables } from './notice-compare';
import { readTagged, squash, type Block } from './pdf-structure';

let h: Harness;
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validators = new Map<string, ValidateFunction>();

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** The validator for the schema the API serves for `rulebookId` (fetched and compiled once). */
async function servedValidator(rulebookId: string): Promise<ValidateFunction> {
  let v = validators.get(rulebookId);
  if (!v) {
    const res = await h.http.get(`/api/schemas/notice.json?rulebook=${rulebookId}`).expect(200);
    v = ajv.compile(res.body);
    validators.set(rulebookId, v);
  }
  return v;
}

const errorsOf = (v: ValidateFunction) => (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

function noticeJson(model: NoticeModel, pdf: Buffer): NoticeJson {
  return buildNoticeJson(model, { schemaUrl: noticeSchemaUrl(h.config.web.publicUrl, model.rulebook.id), pdfSha256: sha256(pdf) });
}

/** What the PDF prints for a value, formatted independently of the model: the value must carry exactly the text. */
function printed(book: Rulebook, key: string, value: NonNullable<NoticeJson['fields'][string]['value']>): string | null {
  switch (fieldKind(key)) {
    case 'date':
      return formatDate(value as string, book.timeZone);
    case 'date-time':
      return formatInstant(value as string, book.timeZone);
    case 'years':
      return `${value} ${value === 1 ? 'year' : 'years'}`;
    case 'organisation':
      return organisationName(value as string);
    case 'code':
      return key === 'legalBasis.type' ? book.legalBases.find((b) => b.type === value)!.label : CODE_LABELS[key][value as string];
    case 'contact':
      return formatContact(value as NoticeContactValue);
    default:
      return key === 'child.gender' ? capitalise(value as string) : (value as string);
  }
}

describe.each(NOTICE_FIXTURES)('notice JSON: $name', ({ placement }) => {
  const p = placement();
  const book = getRulebook(p.rulebookId);
  const model = modelOf(p);
  let pdf: Buffer;
  let doc: NoticeJson;
  let blocks: Block[];

  beforeAll(async () => {
    expect(missingMandatoryFields(model)).toEqual([]);
    pdf = await renderNoticePdf(model);
    doc = noticeJson(model, pdf);
    blocks = (await readTagged(pdf)).blocks;
  });

  test('validates against the schema the API serves for its rulebook version', async () => {
    const validate = await servedValidator(book.id);
    // Validated as parsed from the stored bytes, as a case system receives it.
    const valid = validate(JSON.parse(noticeJsonBytes(doc).toString('utf8')));
    expect(errorsOf(validate)).toEqual([]);
    expect(valid).toBe(true);
    expect(doc.$schema).toBe(`${h.config.web.publicUrl}/api/schemas/notice.json?rulebook=${book.id}`);
    expect(doc.schemaVersion).toBe(book.id);
    expect(doc.pdf.sha256).toBe(sha256(pdf));
  });

  test("every table row of the PDF is a field of the JSON, and every field a row: label, text (or 'Not provided') and source", () => {
    expect(pdfTables(blocks)).toEqual(jsonTables(doc));
    expect(Object.keys(doc.fields).sort()).toEqual(doc.sections.flatMap((s) => s.fields).sort());
  });

  test('each value is its printed text in machine form, never more', () => {
    for (const [key, f] of Object.entries(doc.fields)) {
      if (f.value === null) expect(f.text === null || (key === 'legalBasis.expiresAt' && f.text === L.noFixedExpiry)).toBe(true);
      else expect([key, printed(book, key, f.value)]).toEqual([key, f.text]);
    }
  });

  test('the undertaking, recipients, sources, title, reference and version line are as printed', () => {
    expect(pdfLists(blocks)).toEqual(jsonLists(doc));
    expect(doc.undertaking.map((u) => u.text)).toEqual(book.undertaking.map((u) => u.text));
    const paragraphs = blocks.filter((b) => b.role === 'P').map((b) => (b as { text: string }).text);
    expect(blocks[0]).toEqual({ role: 'H1', text: doc.title });
    expect(paragraphs).toEqual(
      expect.arrayContaining([
        `${L.referenceLabel}: ${doc.placementReference}`,
        doc.versionLine,
        squash(L.sources.rulebook(doc.rulebook.id, doc.rulebook.title, doc.rulebook.instrument)),
      ]),
    );
    expect(doc.pdf.fileName).toBe(`notice-${doc.placementReference}-v${doc.version}.pdf`);
  });

  test("never the child's name or date of birth (the rulebook prints age and gender)", () => {
    const text = noticeJsonBytes(doc).toString('utf8');
    for (const s of [p.context.child.firstName, p.context.child.lastName, p.context.child.dateOfBirth]) expect(text).not.toContain(s);
  });

  test('same notice, same bytes', () => {
    expect(noticeJsonBytes(noticeJson(modelOf(placement()), pdf)).equals(noticeJsonBytes(doc))).toBe(true);
  });
});

describe('the schema holds a document to its rulebook version', () => {
  let doc: NoticeJson;
  let validate: ValidateFunction;
  beforeAll(async () => {
    const model = modelOf(orderChanged());
    doc = noticeJson(model, await renderNoticePdf(model));
    validate = await servedValidator(doc.schemaVersion);
    expect(validate(doc)).toBe(true);
  });

  const changed = (edit: (d: NoticeJson) => void): NoticeJson => {
    const copy = JSON.parse(JSON.stringify(doc)) as NoticeJson;
    edit(copy);
    return copy;
  };

  test.each<[string, (d: NoticeJson) => void, string]>([
    ['a relabelled field', (d) => void (d.fields['child.age'].label = 'Age'), '/fields/child.age/label'],
    ['a reworded undertaking clause', (d) => void (d.undertaking[0].text += ' Mostly.'), '/undertaking/0/text'],
    ['a field the PDF does not print', (d) => void (d.fields['child.name'] = { ...d.fields['child.gender'], label: "Child's name" }), '/fields'],
    ['a property the schema does not name', (d) => void Object.assign(d.fields['child.gender'], { extra: 1 }), '/fields/child.gender'],
    ['a missing field', (d) => void delete (d.fields as Record<string, unknown>)['placement.serviceName'], '/fields'],
    ['a mandatory field without text', (d) => void (d.fields['placement.serviceName'].text = null), '/fields/placement.serviceName/text'],
    ['a date that is not ISO 8601', (d) => void (d.fields['legalBasis.madeOn'].value = '9 March 2026'), '/fields/legalBasis.madeOn/value'],
    ['another rulebook version', (d) => void (d.schemaVersion = 'ssi-2026-31@1'), '/schemaVersion'],
    ['an extra section', (d) => void d.sections.push({ ...d.sections[0] }), '/sections'],
    ['a PDF hash that is not hex', (d) => void (d.pdf.sha256 = 'not-a-hash'), '/pdf/sha256'],
  ])('refuses %s', (_name, edit, path) => {
    expect(validate(changed(edit))).toBe(false);
    expect(errorsOf(validate).some((e) => e.startsWith(path))).toBe(true);
  });

  test('a notice under @1 does not pass as one under @2', async () => {
    const fixture = NOTICE_FIXTURES.find((f) => f.name.startsWith('rulebook @1: first'))!;
    const model = modelOf(fixture.placement());
    const v1 = noticeJson(model, await renderNoticePdf(model));
    expect((await servedValidator('ssi-2026-31@1'))(v1)).toBe(true);
    expect((await servedValidator('ssi-2026-31@2'))(v1)).toBe(false);
  });
});

test("where the rulebook prints the child's name and date of birth, the JSON carries them as printed, and its schema requires them", async () => {
  const printsName: Rulebook = {
    ...ssi2026v2,
    parameters: { ...ssi2026v2.parameters, 'P.notice-prints-child-name': { ...ssi2026v2.parameters['P.notice-prints-child-name'], value: true } },
  };
  const model = modelOf(orderChanged(), printsName);
  const pdf = await renderNoticePdf(model);
  const doc = noticeJson(model, pdf);
  expect(doc.fields['child.name']).toMatchObject({ text: 'Ada Lovelace', value: 'Ada Lovelace' });
  expect(doc.fields['child.dateOfBirth']).toMatchObject({ text: '2 April 2012', value: '2012-04-02' });
  // Not a served version, so its schema is compiled here (an ajv of its own: the $id is the served one's).
  const own = new Ajv2020({ strict: true, allErrors: true });
  addFormats(own);
  const validate = own.compile(noticeJsonSchema(printsName, h.config.web.publicUrl));
  expect(validate(doc)).toBe(true);
  expect(validate({ ...doc, fields: { ...doc.fields, 'child.name': undefined } })).toBe(false);
  const child = pdfTables((await readTagged(pdf)).blocks).find((t) => t.heading === 'The child')!;
  expect(child.rows.map((r) => r[1])).toEqual(['Ada Lovelace', '2 April 2012', 'Female', '13 years']);
});
