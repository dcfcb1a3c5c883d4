// The JSON Schema (draft 2020-12) of the notice JSON under one rulebook version, derived with zod from the
// rulebook itself: its fields (keys, labels, sections, which are mandatory), its undertaking clauses
// word for word and its recipients. A document that claims a version but differs from it fails.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { organisationId } from '../../machines/placement/fields';
import type { NoticeReason } from '../../machines/placement/types';
import type { NoticeField, Rulebook } from '../../machines/rulebook/types';
import { SETTINGS } from '../../machines/rulebook/types';
import { noticeLayout, sectionOrder } from '../../templates/notice/layout';
import { CODE_LABELS, FIELD_KINDS, fieldKind, noticeFieldsOf } from './notice-model';
import { NOTICE_SCHEMA_PATH, noticeSchemaUrl } from './notice-json';

const REASONS = [
  'initial',
  'order-change',
  'move',
  'dol-extension',
  'dol-termination',
  'end',
  'update',
  'transitional',
] as const satisfies readonly NoticeReason[];
// Every reason the machine can give must be listed: this fails to compile when one is added there only.
type UnlistedReason = Exclude<NoticeReason, (typeof REASONS)[number]>;
const everyReasonListed: [UnlistedReason] extends [never] ? true : false = true;
void everyReasonListed;

const CONFIDENCE = ['2026', '2022', '2013', 'infer'] as const;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ref = () => z.number().int().min(1).describe('The `ref` of an entry in `sources`.');
const nonEmpty = () => z.string().min(1);

/** The machine form of a field's value, by its kind. */
function valueSchema(book: Rulebook, field: NoticeField): z.ZodType {
  const codes: Record<string, readonly string[]> = {
    'legalBasis.type': book.legalBases.map((b) => b.type),
    'placement.setting': SETTINGS,
    'placement.permanence': Object.keys(CODE_LABELS['placement.permanence']),
  };
  switch (fieldKind(field.key)) {
    case 'date':
      return z.iso.date().describe('YYYY-MM-DD, printed as a date ("2 March 2026").');
    case 'date-time':
      return z.iso.datetime({ offset: true }).describe(`ISO 8601 instant, printed in ${book.timeZone} time ("9 March 2026 at 10:00 GMT").`);
    case 'code': {
      const listed = codes[field.key];
      return (listed?.length ? z.enum([listed[0], ...listed.slice(1)]) : nonEmpty()).describe('A code, printed as its label.');
    }
    case 'organisation':
      return organisationId().describe('The organisation id (a GSS code or a slug), printed as its name.');
    case 'years':
      return z.number().int().min(0).describe('Whole years on the day the version was signed.');
    case 'contact': {
      const part = z.string().min(1).nullable();
      return z.strictObject({ name: part, role: part, phone: part, email: part }).describe('The contact as recorded, printed joined by commas.');
    }
    default:
      return nonEmpty().describe('Text as recorded.');
  }
}

function fieldSchema(book: Rulebook, f: NoticeField): z.ZodType {
  const none = FIELD_KINDS[f.key]?.none;
  const value = valueSchema(book, f);
  return z
    .strictObject({
      section: z.literal(f.section),
      label: z.literal(f.label),
      text: f.mandatory ? nonEmpty() : nonEmpty().nullable(),
      value: f.mandatory && !none ? value : value.nullable(),
      mandatory: z.literal(f.mandatory),
      source: ref(),
    })
    .describe(
      [
        `${f.label}: ${f.citation} (${noticeLayout.sources.confidence[f.confidence]}).`,
        f.mandatory ? 'Mandatory.' : 'Optional: text and value are null when the PDF prints "Not provided".',
        none ? `A null value prints "${none}".` : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
}

/** The zod schema of a notice under `book`; `z.toJSONSchema` of it is what the schema route serves. */
export function noticeJsonZod(book: Rulebook) {
  const fields = noticeFieldsOf(book);
  const sections = sectionOrder.map((s) => ({ ...s, keys: fields.filter((f) => f.section === s.id).map((f) => f.key) })).filter((s) => s.keys.length > 0);
  const recipientRules = [...new Map(Object.values(book.recipients).flatMap((rules) => rules.map((r) => [`${r.role}\u0000${r.label}`, r]))).values()];
  const tuple = (items: z.ZodType[]) => (items.length ? z.tuple([items[0], ...items.slice(1)]) : z.tuple([]));
  return z
    .strictObject({
      $schema: z
        .string()
        .regex(new RegExp(`^https?://\\S+${escape(`${NOTICE_SCHEMA_PATH}?rulebook=${book.id}`)}$`))
        .describe('This schema, at the address of the service that issued the document.'),
      schemaVersion: z.literal(book.id).describe('The rulebook version the document was issued under; its schema is versioned with it.'),
      title: z.literal(noticeLayout.title),
      placementReference: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/)
        .describe('The reference the placement is known by in every notice and mail (never the child’s name).'),
      version: z.number().int().min(1).describe('The notice version: 1 for the first notice, one more for each update.'),
      versionLine: nonEmpty().describe('The dated line printed on every page, e.g. "Notice version 2, updated after change of order on 9 March 2026".'),
      reasons: z.array(z.enum(REASONS)).min(1).describe('Why this version was issued, as codes.'),
      rulebook: z.strictObject({ id: z.literal(book.id), title: z.literal(book.title), instrument: z.literal(book.instrument) }),
      sections: tuple(
        sections.map((s) =>
          z.strictObject({ id: z.literal(s.id), heading: z.literal(s.heading), fields: tuple(s.keys.map((k) => z.literal(k))).describe('Keys of `fields`.') }),
        ),
      ).describe('The printed sections of Part 1 and the signature, in order, each naming its fields in order.'),
      fields: z.strictObject(Object.fromEntries(fields.map((f) => [f.key, fieldSchema(book, f)]))).describe('Every field the notice prints, by rulebook key.'),
      undertaking: tuple(
        book.undertaking.map((u, i) => z.strictObject({ number: z.literal(i + 1), id: z.literal(u.id), text: z.literal(u.text), source: ref() })),
      ).describe('Part 2: the clauses the placing authority undertakes, word for word.'),
      recipients: z
        .array(
          z.union(
            recipientRules.map((r) => z.strictObject({ role: z.literal(r.role), label: z.literal(r.label), required: z.boolean(), source: ref().nullable() })),
          ),
        )
        .min(1)
        .describe('Who this version is given to; `required` recipients decide when the notice counts as given, the others get copies.'),
      sources: z
        .array(z.strictObject({ ref: z.number().int().min(1), citation: nonEmpty(), confidence: z.enum(CONFIDENCE) }))
        .min(1)
        .describe('The provisions cited, numbered in order of first use; `confidence` says where a rule was read (`infer`: a reading to be confirmed).'),
      pdf: z
        .strictObject({
          fileName: z.string().regex(/^notice-[A-Za-z0-9_-]+-v[0-9]+\.pdf$/),
          sha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/)
            .describe('SHA-256 of the PDF, hex.'),
        })
        .describe('The PDF this document stands beside.'),
    })
    .describe(
      `A Notice and Undertaking under ${book.instrument} (rulebook ${book.id}): the content of the PDF, field by field, with each printed text and its value in machine form.`,
    );
}

export type JsonSchema = Record<string, unknown>;

/** The JSON Schema document for notices under `book`, identified by its address at `baseUrl`. */
export function noticeJsonSchema(book: Rulebook, baseUrl: string): JsonSchema {
  const json: JsonSchema = {
    ...z.toJSONSchema(noticeJsonZod(book), {
      target: 'draft-2020-12',
      io: 'output',
      reused: 'inline',
      // A tuple holds exactly its items: zod leaves extra and missing items open, so close them.
      override: ({ jsonSchema }) => {
        if (Array.isArray(jsonSchema.prefixItems) && !('items' in jsonSchema))
          Object.assign(jsonSchema, { minItems: jsonSchema.prefixItems.length, items: false });
      },
    }),
  };
  const { $schema, ...rest } = json;
  return { $schema, $id: noticeSchemaUrl(baseUrl, book.id), title: `Notice and Undertaking (${book.id})`, ...rest };
}

/** The served bytes and their ETag, computed once per rulebook and address (a rulebook version never changes). */
const served = new WeakMap<Rulebook, Map<string, { bytes: Buffer; etag: string }>>();
export function noticeJsonSchemaBytes(book: Rulebook, baseUrl: string): { bytes: Buffer; etag: string } {
  let byUrl = served.get(book);
  if (!byUrl) served.set(book, (byUrl = new Map()));
  let hit = byUrl.get(baseUrl);
  if (!hit) {
    const bytes = Buffer.from(`${JSON.stringify(noticeJsonSchema(book, baseUrl), null, 2)}\n`, 'utf8');
    hit = { bytes, etag: `"${createHash('sha256').update(bytes).digest('hex')}"` };
    byUrl.set(baseUrl, hit);
  }
  return hit;
}
