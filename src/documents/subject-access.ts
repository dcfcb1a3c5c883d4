// A child's record for a subject access request, as a tagged (accessible) PDF: the same content as the
// JSON export, laid out for a person to read.
import { createDocument, furniture, heading, list, paragraph, section, table, toBuffer, SIZE, type Row } from './pdf-kit';

export interface SubjectAccessExport {
  generatedAt: string;
  reference: string;
  rulebook: string;
  erased: boolean;
  child: Record<string, unknown>;
  legalStatus: { code: string; reasons: { rule: string; text: string }[] };
  record: object;
  events: { seq: number; type: string; at: string; actor: { role: string; organisationId: string | null }; payload: Record<string, unknown> }[];
  timeline: { rule: string; label: string; dueAt: string | null; at: string | null; status: string }[];
  documents: { kind: string; version: number; title: string; sha256: string; createdAt: string }[];
  mail: { kind: string; to: string; subject: string; status: string; sentAt: string | null }[];
  identityReads: { at: string; role: string; organisationId: string; via: string }[];
}

const MARGINS = { top: 60, bottom: 60, left: 56, right: 56 };
const text = (v: unknown): string => (v === null || v === undefined ? '-' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const rows = (obj: Record<string, unknown>): Row[] => Object.entries(obj).map(([label, value]) => ({ label, value: text(value), muted: false, source: '' }));

export async function renderSubjectAccessPdf(e: SubjectAccessExport): Promise<Buffer> {
  const at = new Date(e.generatedAt);
  const doc = createDocument(
    { Title: `Subject access export: ${e.reference}`, Author: 'cross-border-placements', Creator: 'cross-border-placements', CreationDate: at, ModDate: at },
    MARGINS,
  );
  const root = doc.struct('Document');
  doc.addStructure(root);
  heading(doc, root, 1, `Record of placement ${e.reference}`);
  paragraph(
    doc,
    root,
    `Everything the cross-border placements service holds about this child, exported ${e.generatedAt} for a subject access request (UK GDPR art. 15).`,
  );
  if (e.erased)
    paragraph(
      doc,
      root,
      "The retention time of this record has passed: the child's name, date of birth (but its year) and the free text about the child were erased.",
      { bold: true },
    );

  const child = section(doc, root);
  heading(doc, child, 2, 'The child');
  table(doc, child, ['Item', 'Recorded', ''], rows(e.child));
  paragraph(doc, child, `Legal status now: ${e.legalStatus.code}. ${e.legalStatus.reasons.map((r) => `${r.text} (${r.rule})`).join(' ')}`);
  child.end();

  const record = section(doc, root);
  heading(doc, record, 2, 'The placement record');
  const flat = Object.fromEntries(Object.entries(e.record).filter(([k]) => !['child', 'deadlines', 'notices'].includes(k)));
  table(doc, record, ['Item', 'Recorded', ''], rows(flat));
  record.end();

  const events = section(doc, root);
  heading(doc, events, 2, 'What happened, in order (the audit log)');
  list(
    doc,
    events,
    e.events.map((ev) => ({
      label: String(ev.seq),
      body: `${ev.at}: ${ev.type} by ${ev.actor.role}${ev.actor.organisationId ? ` (${ev.actor.organisationId})` : ''}`,
      note: text(ev.payload),
    })),
    34,
  );
  events.end();

  const timeline = section(doc, root);
  heading(doc, timeline, 2, 'Deadlines and milestones');
  table(
    doc,
    timeline,
    ['Milestone', 'Due and done', 'Status'],
    e.timeline.map((m) => ({ label: m.label, value: `due ${m.dueAt ?? '-'}; done ${m.at ?? '-'}`, muted: false, source: m.status })),
  );
  timeline.end();

  const docs = section(doc, root);
  heading(doc, docs, 2, 'Documents and mail');
  list(
    doc,
    docs,
    e.documents.map((d) => ({ label: `v${d.version}`, body: `${d.title} (${d.createdAt})`, note: `SHA-256 ${d.sha256}` })),
    34,
  );
  list(
    doc,
    docs,
    e.mail.map((m) => ({ label: m.status, body: `${m.kind} to ${m.to}: ${m.subject}`, note: m.sentAt ? `sent ${m.sentAt}` : '' })),
    40,
  );
  docs.end();

  const reads = section(doc, root);
  heading(doc, reads, 2, "Who was shown the child's name and date of birth");
  list(
    doc,
    reads,
    e.identityReads.map((r) => ({ label: '-', body: `${r.at}: ${r.role} of ${r.organisationId}, ${r.via}` })),
    14,
  );
  reads.end();

  root.end();
  furniture(doc, (page, pages) => {
    doc.fontSize(SIZE.small).text(`${e.reference}, subject access export, page ${page} of ${pages}`, MARGINS.left, doc.page.height - 40, { lineBreak: false });
  });
  return toBuffer(doc);
}
