// Small tagged-PDF drawing helpers over pdfkit: every piece of content is drawn inside a structure
// element (so screen readers get headings, paragraphs, tables and lists in reading order) and page
// furniture is marked as a pagination artifact.
import PDFDocument from 'pdfkit';
import { attachFonts, FONT } from './pdf-fonts';
import { isRecord } from '../../machines/guards';

export type Doc = PDFKit.PDFDocument;
export type Struct = PDFKit.PDFStructureElement;

export { FONT };

export const COLOR = { text: '#000000', muted: '#4a4a4a', rule: '#8c8c8c', headBg: '#e6e6e6' };
export const SIZE = { h1: 18, h2: 13.5, h3: 11, body: 9.5, small: 8 };

export function createDocument(info: PDFKit.DocumentInfo, margins: { top: number; bottom: number; left: number; right: number }): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margins,
    bufferPages: true,
    tagged: true,
    pdfVersion: '1.7',
    lang: 'en-GB',
    displayTitle: true,
    // No default font (pdfkit's is unembedded Helvetica): attachFonts gives it the embedded ones.
    font: null as unknown as string,
    info,
  });
  attachFonts(doc);
  return doc;
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

/** A table cell: its text and how it is set. */
interface Cell {
  text: string;
  type: 'TH' | 'TD';
  /** A header cell's scope (PDF Table attribute): the column or the row it heads. */
  scope?: 'Column' | 'Row';
  font: string;
  size: number;
  color: string;
  align?: 'left' | 'center';
}

const CELL_PAD = { x: 5, y: 3 };
const BORDER = 0.5;
/** Item and source column widths; details take the rest. */
const COLUMNS = [165, 52] as const;

/**
 * A three-column table (item, details, source) with header cells, tagged Table > TR > TH/TD (TH with
 * its Scope). Drawn directly rather than with pdfkit's `doc.table`, which wraps every cell's text five
 * times and cuts a cell taller than a page short with an ellipsis: here each cell is measured once and
 * drawn once, and a row too tall for a page runs on over the next ones with its borders on each.
 */
export function table(doc: Doc, parent: Struct, header: [string, string, string], rows: Row[]): void {
  ensureSpace(doc, 40);
  const left = doc.page.margins.left;
  const widths = [COLUMNS[0], contentWidth(doc) - COLUMNS[0] - COLUMNS[1], COLUMNS[1]];
  const t = section(doc, parent, 'Table');
  const th = (text: string, scope: 'Column' | 'Row'): Cell => ({ text, type: 'TH', scope, font: FONT.bold, size: SIZE.body, color: COLOR.text });
  tableRow(
    doc,
    t,
    left,
    widths,
    header.map((h) => th(h, 'Column')),
    COLOR.headBg,
  );
  for (const r of rows) {
    tableRow(doc, t, left, widths, [
      th(r.label, 'Row'),
      { text: r.value, type: 'TD', font: FONT.regular, size: SIZE.body, color: r.muted ? COLOR.muted : COLOR.text },
      { text: r.source, type: 'TD', font: FONT.regular, size: SIZE.small, color: COLOR.muted, align: 'center' },
    ]);
  }
  t.end();
  doc.x = left;
  doc.moveDown(0.5);
}

function cellHeight(doc: Doc, cell: Cell, width: number): number {
  return cell.text
    ? doc
        .font(cell.font)
        .fontSize(cell.size)
        .heightOfString(cell.text, { width: width - 2 * CELL_PAD.x })
    : 0;
}

/** One row: each cell's text in its TH/TD, with borders (and background) as layout artifacts. */
function tableRow(doc: Doc, t: Struct, left: number, widths: number[], cells: Cell[], background?: string): void {
  const heights = cells.map((c, i) => cellHeight(doc, c, widths[i]));
  const height = Math.max(...heights) + 2 * CELL_PAD.y;
  const fullPage = doc.page.maxY() - doc.page.margins.top;
  // A row that fits on a page starts a new one if it does not fit here; a taller one starts here (or on a
  // new page when less than a few lines are left) and runs on.
  if (doc.y + height > doc.page.maxY() && (height <= fullPage || doc.page.maxY() - doc.y < 4 * doc.currentLineHeight(true))) doc.continueOnNewPage();
  const top = doc.y;
  const firstPage = currentPage(doc);
  // A background goes under the text, so before it (only the header row has one; it never runs on).
  if (background) rowArtifact(doc, () => doc.rect(left, top, widths[0] + widths[1] + widths[2], height).fill(background));
  const tr = section(doc, t, 'TR');
  // Cells join the row in reading order but are drawn shortest first, so only the last one drawn can run
  // on to new pages (pdfkit adds a page whenever text overflows, so a second overflowing cell could not
  // reuse the first one's).
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, w) => a + w, 0));
  const els = cells.map((cell) => {
    const el = doc.struct(cell.type);
    // @types/pdfkit lacks the element's dictionary, where the Table attributes go.
    const attributes = dictionaryOf(el);
    if (cell.scope && attributes) attributes.A = { O: 'Table', Scope: cell.scope };
    tr.add(el);
    return el;
  });
  const order = cells.map((_, i) => i).sort((a, b) => heights[a] - heights[b]);
  let bottom = top + height;
  let lastPage = firstPage;
  for (const i of order) {
    const cell = cells[i];
    els[i].add(() => {
      if (!cell.text) return;
      doc.font(cell.font).fontSize(cell.size).fillColor(cell.color);
      doc.text(cell.text, xs[i] + CELL_PAD.x, top + CELL_PAD.y, { width: widths[i] - 2 * CELL_PAD.x, align: cell.align ?? 'left' });
    });
    els[i].end();
    if (currentPage(doc) > firstPage) [lastPage, bottom] = [currentPage(doc), doc.y + CELL_PAD.y];
  }
  tr.end();
  for (let page = firstPage; page <= lastPage; page++) {
    doc.switchToPage(page);
    const y0 = page === firstPage ? top : doc.page.margins.top;
    const y1 = page === lastPage ? bottom : doc.page.maxY();
    rowArtifact(doc, () => {
      doc.lineWidth(BORDER).strokeColor(COLOR.rule);
      let x = left;
      for (const w of widths) {
        doc.rect(x, y0, w, y1 - y0);
        x += w;
      }
      doc.stroke();
    });
  }
  doc.fillColor(COLOR.text);
  doc.x = left;
  doc.y = bottom;
}

/** Drawing that is layout, not content (borders, shading): outside the structure tree. */
function rowArtifact(doc: Doc, draw: () => void): void {
  doc.markContent('Artifact', { type: 'Layout' });
  doc.save();
  draw();
  doc.restore();
  doc.endMarkedContent();
}

/** The number of the page being drawn on (pdfkit keeps the buffered pages but not the current one's number). */
const currentPage = (doc: Doc) => {
  const buffered = '_pageBuffer' in doc && Array.isArray(doc._pageBuffer) ? doc._pageBuffer : [doc.page];
  return doc.bufferedPageRange().start + buffered.indexOf(doc.page);
};

/** A structure element's dictionary data (pdfkit has it; @types/pdfkit does not say so). */
function dictionaryOf(el: object): Record<string, unknown> | null {
  return 'dictionary' in el && isRecord(el.dictionary) && isRecord(el.dictionary.data) ? el.dictionary.data : null;
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
