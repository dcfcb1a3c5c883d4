// Small tagged-PDF drawing helpers over pdfkit: every piece of content is drawn inside a structure
// element (so screen readers get headings, paragraphs, tables and lists in reading order) and page
// furniture is marked as a pagination artifact.
import path from 'node:path';
import PDFDocument from 'pdfkit';

export type Doc = PDFKit.PDFDocument;
export type Struct = PDFKit.PDFStructureElement;

const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
/** DejaVu Sans covers Latin Extended (Ł, ń, á...) so any real name prints. */
export const FONT = {
  regular: path.join(FONT_DIR, 'DejaVuSans.ttf'),
  bold: path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
};

export const COLOR = { text: '#000000', muted: '#4a4a4a', rule: '#8c8c8c', headBg: '#e6e6e6' };
export const SIZE = { h1: 18, h2: 13.5, h3: 11, body: 9.5, small: 8 };

export function createDocument(info: PDFKit.DocumentInfo, margins: { top: number; bottom: number; left: number; right: number }): Doc {
  return new PDFDocument({
    size: 'A4',
    margins,
    bufferPages: true,
    tagged: true,
    pdfVersion: '1.7',
    lang: 'en-GB',
    displayTitle: true,
    // The default font would pull in unembedded Helvetica; start with the embedded one instead.
    font: FONT.regular,
    info,
  });
}

export const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** Start a new page if `height` points will not fit, so a heading is never stranded at a page foot. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.maxY()) doc.continueOnNewPage();
  doc.x = doc.page.margins.left;
}

/** A structure element whose content is what `draw` puts on the page (the parent must be attached). */
export function tagged(doc: Doc, parent: Struct, type: string, draw: () => void): void {
  parent.add(doc.struct(type, {}, draw));
}

export function section(doc: Doc, parent: Struct, type = 'Sect'): Struct {
  const el = doc.struct(type);
  parent.add(el);
  return el;
}

export function heading(doc: Doc, parent: Struct, level: 1 | 2 | 3, text: string): void {
  const size = level === 1 ? SIZE.h1 : level === 2 ? SIZE.h2 : SIZE.h3;
  ensureSpace(doc, size * 2 + 60);
  if (level < 3) doc.outline.addItem(text);
  doc.moveDown(level === 1 ? 0 : 0.6);
  tagged(doc, parent, `H${level}`, () => {
    doc
      .font(FONT.bold)
      .fontSize(size)
      .fillColor(COLOR.text)
      .text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  });
  doc.moveDown(0.3);
}

export function paragraph(doc: Doc, parent: Struct, text: string, opts: { bold?: boolean; muted?: boolean; size?: number } = {}): void {
  tagged(doc, parent, 'P', () => {
    doc
      .font(opts.bold ? FONT.bold : FONT.regular)
      .fontSize(opts.size ?? SIZE.body)
      .fillColor(opts.muted ? COLOR.muted : COLOR.text)
      .text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc), lineGap: 1.5 });
  });
  doc.fillColor(COLOR.text).moveDown(0.4);
}

/** A list whose items have a label ("1.", "•", "[3]") and a body, tagged L > LI > Lbl + LBody. */
export function list(doc: Doc, parent: Struct, items: { label: string; body: string; note?: string }[], indent = 22): void {
  const l = section(doc, parent, 'L');
  const left = doc.page.margins.left;
  const width = contentWidth(doc) - indent;
  for (const item of items) {
    doc.font(FONT.regular).fontSize(SIZE.body);
    const full = item.note ? `${item.body} ${item.note}` : item.body;
    // Keep label and body on one page.
    ensureSpace(doc, doc.heightOfString(full, { width, lineGap: 1.5 }) + 4);
    const li = section(doc, l, 'LI');
    const y = doc.y;
    tagged(doc, li, 'Lbl', () => {
      doc
        .font(FONT.regular)
        .fontSize(SIZE.body)
        .fillColor(COLOR.text)
        .text(item.label, left, y, { width: indent - 4, lineBreak: false });
    });
    tagged(doc, li, 'LBody', () => {
      doc
        .font(FONT.regular)
        .fontSize(SIZE.body)
        .fillColor(COLOR.text)
        .text(item.body, left + indent, y, { width, lineGap: 1.5, continued: !!item.note });
      if (item.note) doc.fillColor(COLOR.muted).fontSize(SIZE.small).text(` ${item.note}`);
    });
    li.end();
    doc.fillColor(COLOR.text).moveDown(0.35);
  }
  l.end();
  doc.x = left;
}

export interface Row {
  label: string;
  value: string;
  muted: boolean;
  source: string;
}

/** A three-column table (item, details, source) with header cells, tagged Table > TR > TH/TD. */
export function table(doc: Doc, parent: Struct, header: [string, string, string], rows: Row[]): void {
  ensureSpace(doc, 40);
  // @types/pdfkit lacks `structParent`, which makes pdfkit tag the table.
  const options: PDFKit.Mixins.TableOptions & { structParent: Struct } = {
    structParent: parent,
    columnStyles: [165, '*', 52],
    defaultStyle: { border: 0.5, borderColor: COLOR.rule, padding: [3, 5] },
  };
  const t = doc.table(options);
  const th = (text: string, scope: 'column' | 'row', extra: object = {}) =>
    ({ text, type: 'TH', scope, font: { src: FONT.bold, size: SIZE.body }, ...extra }) as PDFKit.Mixins.RowOptions;
  t.row(header.map((h) => th(h, 'column', { backgroundColor: COLOR.headBg })));
  for (const r of rows) {
    t.row([
      th(r.label, 'row'),
      { text: r.value, textColor: r.muted ? COLOR.muted : COLOR.text, font: { src: FONT.regular, size: SIZE.body } },
      { text: r.source, align: 'center', textColor: COLOR.muted, font: { src: FONT.regular, size: SIZE.small } },
    ]);
  }
  t.end();
  doc.x = doc.page.margins.left;
  doc.moveDown(0.5);
}

/** Draw page furniture on every buffered page, outside the structure tree. */
export function furniture(doc: Doc, draw: (page: number, pages: number) => void): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // so footer text below the margin does not start a new page
    doc.markContent('Artifact', { type: 'Pagination' });
    draw(i + 1, count);
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}

/** Collect the whole document into one Buffer. */
export function toBuffer(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
