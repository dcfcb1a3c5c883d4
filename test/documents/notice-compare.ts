// What the notice PDF shows a reader, and what the notice JSON says it shows, in the same shape: the
// tables (a row per field: label, details, source) and the lists (undertaking, recipients, sources).
import type { NoticeJson } from '../../src/documents/notice-json';
import { noticeLayout as L } from '../../templates/notice/layout';
import { listUnder, squash, tablesByHeading, type Block } from './pdf-structure';

/** The PDF's Part 1 and signature tables, by the heading above each. */
export const pdfTables = (blocks: Block[]) => tablesByHeading(blocks, [L.table.item, L.table.details, L.table.source]);

/** The same tables drawn from the JSON alone. */
export const jsonTables = (doc: NoticeJson) =>
  doc.sections.map((s) => ({
    heading: s.heading,
    rows: s.fields.map((key) => {
      const f = doc.fields[key];
      return [f.label, squash(f.text ?? L.notProvided), `[${f.source}]`];
    }),
  }));

/** The PDF's lists, as [label, body] items. */
export const pdfLists = (blocks: Block[]) => ({
  undertaking: listUnder(blocks, L.part2.heading),
  recipients: listUnder(blocks, L.recipients.heading),
  sources: listUnder(blocks, L.sources.heading),
});

/** The same lists drawn from the JSON alone. */
export const jsonLists = (doc: NoticeJson) => ({
  undertaking: doc.undertaking.map((u) => [`${u.number}.`, squash(`${u.text} [${u.source}]`)]),
  recipients: doc.recipients.map((r) => ['•', squash(r.source ? `${r.label} [${r.source}]` : r.label)]),
  sources: doc.sources.map((s) => [`[${s.ref}]`, squash(`${s.citation} (${L.sources.confidence[s.confidence]})`)]),
});
