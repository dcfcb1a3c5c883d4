// The Notice and Undertaking as an accessible (tagged) A4 PDF. Output is a pure function of the model:
// dates in the document information come from the signing time, so the same version renders the same
// bytes and its hash can be recorded as evidence of what was sent.
import { noticeLayout as L } from '../../templates/notice/layout';
import type { NoticeModel, NoticeModelField } from './notice-model';
import { COLOR, FONT, SIZE, contentWidth, createDocument, furniture, heading, list, paragraph, section, table, toBuffer, type Doc, type Row } from './pdf-kit';

const MARGINS = { top: 78, bottom: 60, left: 56, right: 56 };

const rows = (fields: NoticeModelField[]): Row[] =>
  fields.map((f) => ({ label: f.label, value: f.value ?? L.notProvided, muted: f.value === null, source: `[${f.source}]` }));

/** XMP metadata is written by pdfkit without escaping, so keep markup characters out of the title. */
const xmlSafe = (s: string) => s.replace(/[<>&]/g, ' ');

export function documentTitle(model: NoticeModel): string {
  return xmlSafe(`${model.title}: placement ${model.placementReference}, version ${model.version}`);
}

function pageFurniture(doc: Doc, model: NoticeModel): void {
  furniture(doc, (page, pages) => {
    const left = doc.page.margins.left;
    const width = contentWidth(doc);
    doc.fillColor(COLOR.muted).font(FONT.bold).fontSize(SIZE.small);
    doc.text(`${L.title} · ${L.referenceLabel} ${model.placementReference}`, left, 28, { width, lineBreak: false });
    doc.font(FONT.regular).text(model.versionLine, left, 39, { width, lineGap: 0.5 });
    const footerY = doc.page.height - 38;
    doc.text(`${model.rulebook.id} · ${model.placementReference} · version ${model.version}`, left, footerY, { width, lineBreak: false });
    const label = L.pageLabel(page, pages);
    doc.text(label, left + width - doc.widthOfString(label), footerY, { lineBreak: false });
    doc.fillColor(COLOR.text);
  });
}

export async function renderNoticePdf(model: NoticeModel): Promise<Buffer> {
  const signed = new Date(model.signedAt);
  const doc = createDocument(
    {
      Title: documentTitle(model),
      Author: xmlSafe(model.placingAuthorityName ?? L.author),
      Subject: xmlSafe(`${L.subtitle} (${model.rulebook.instrument})`),
      Keywords: xmlSafe(`${model.placementReference}; ${model.rulebook.id}`),
      Creator: 'cross-border-placements',
      Producer: 'cross-border-placements (PDFKit)',
      CreationDate: signed,
      ModDate: signed,
    },
    MARGINS,
  );
  const root = doc.struct('Document');
  doc.addStructure(root);

  heading(doc, root, 1, L.title);
  paragraph(doc, root, L.subtitle, { muted: true });
  paragraph(doc, root, `${L.referenceLabel}: ${model.placementReference}`, { bold: true });
  paragraph(doc, root, model.versionLine, { bold: true });
  paragraph(doc, root, L.privacy, { muted: true, size: SIZE.small });

  const header: [string, string, string] = [L.table.item, L.table.details, L.table.source];
  const part1 = section(doc, root);
  heading(doc, part1, 2, L.part1.heading);
  paragraph(doc, part1, L.part1.intro);
  for (const s of model.sections.filter((s) => s.id !== L.signature.id && s.fields.length > 0)) {
    const sect = section(doc, part1);
    heading(doc, sect, 3, s.heading);
    table(doc, sect, header, rows(s.fields));
    sect.end();
  }
  part1.end();

  const part2 = section(doc, root);
  heading(doc, part2, 2, L.part2.heading);
  paragraph(doc, part2, L.part2.intro);
  list(
    doc,
    part2,
    model.undertaking.map((u) => ({ label: `${u.number}.`, body: u.text, note: `[${u.source}]` })),
  );
  part2.end();

  const signature = section(doc, root);
  heading(doc, signature, 2, L.signature.heading);
  paragraph(doc, signature, L.signature.declaration);
  table(doc, signature, header, rows(model.sections.find((s) => s.id === L.signature.id)?.fields ?? []));
  signature.end();

  const recipients = section(doc, root);
  heading(doc, recipients, 2, L.recipients.heading);
  paragraph(doc, recipients, L.recipients.intro);
  list(
    doc,
    recipients,
    model.recipients.map((r) => ({ label: '•', body: r.label, note: r.source ? `[${r.source}]` : undefined })),
    14,
  );
  recipients.end();

  const sources = section(doc, root);
  heading(doc, sources, 2, L.sources.heading);
  paragraph(doc, sources, L.sources.intro);
  list(
    doc,
    sources,
    model.sources.map((s) => ({ label: `[${s.ref}]`, body: `${s.citation} (${L.sources.confidence[s.confidence]})` })),
    26,
  );
  paragraph(doc, sources, L.sources.rulebook(model.rulebook.id, model.rulebook.title, model.rulebook.instrument), { muted: true, size: SIZE.small });
  sources.end();

  root.end();
  pageFurniture(doc, model);
  return toBuffer(doc);
}
