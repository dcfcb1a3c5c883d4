// Reads a tagged PDF back through its structure tree with pdfjs: headings, paragraphs, table rows (each
// cell's text) and list items in reading order, so a test can compare what a reader is shown, cell by
// cell, with the data it was drawn from. Page furniture (artifacts) is left out of the blocks.

/** pdfjs warns once at load that 'canvas' is missing (needed only to draw pages): keep the output quiet. */
export const pdfjs = (() => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    return require('pdfjs-dist/legacy/build/pdf.js');
  } finally {
    log.mockRestore();
  }
})();

export type Block =
  { role: 'H1' | 'H2' | 'H3' | 'P'; text: string } | { role: 'TR'; cells: { role: 'TH' | 'TD'; text: string }[] } | { role: 'LI'; label: string; body: string };

interface StructNode {
  role?: string;
  type?: string;
  id?: string;
  children?: StructNode[];
}

type TextItem = { str?: string; type?: string; id?: string };

export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Text of each marked-content id on a page (the structure tree points at these). */
function markedText(items: TextItem[]): Map<string, string> {
  const parts = new Map<string, string[]>();
  const stack: (string | null)[] = [];
  for (const it of items) {
    if (it.type === 'beginMarkedContentProps' || it.type === 'beginMarkedContent') stack.push(it.id ?? null);
    else if (it.type === 'endMarkedContent') stack.pop();
    else if (it.str !== undefined) {
      const id = stack[stack.length - 1];
      if (id) parts.set(id, [...(parts.get(id) ?? []), it.str]);
    }
  }
  return new Map([...parts].map(([id, strs]) => [id, squash(strs.join(' '))]));
}

function textOf(node: StructNode, marked: Map<string, string>): string {
  if (node.type === 'content') return marked.get(node.id ?? '') ?? '';
  return squash((node.children ?? []).map((c) => textOf(c, marked)).join(' '));
}

function blocksOf(node: StructNode, marked: Map<string, string>, out: Block[]): void {
  const role = node.role;
  if (role === 'H1' || role === 'H2' || role === 'H3' || role === 'P') out.push({ role, text: textOf(node, marked) });
  else if (role === 'TR')
    out.push({
      role: 'TR',
      cells: (node.children ?? []).filter((c) => c.role === 'TH' || c.role === 'TD').map((c) => ({ role: c.role as 'TH' | 'TD', text: textOf(c, marked) })),
    });
  else if (role === 'LI') {
    const part = (r: string) =>
      squash(
        (node.children ?? [])
          .filter((c) => c.role === r)
          .map((c) => textOf(c, marked))
          .join(' '),
      );
    out.push({ role: 'LI', label: part('Lbl'), body: part('LBody') });
  } else for (const c of node.children ?? []) if (c.type !== 'content') blocksOf(c, marked, out);
}

/**
 * A table row that runs over a page break appears in both pages' trees, on the next page with only the
 * cell that ran on: the details cell (the label and source are short, and drawn first) or, rarely, the label.
 */
function joinRunOn(pages: Block[][]): Block[] {
  const out: Block[] = [];
  for (const page of pages) {
    const [first, ...rest] = page;
    const last = out[out.length - 1];
    if (first?.role === 'TR' && last?.role === 'TR' && first.cells.length < last.cells.length) {
      for (const cell of first.cells) {
        const into = last.cells[cell.role === 'TH' ? 0 : 1];
        into.text = squash(`${into.text} ${cell.text}`);
      }
      out.push(...rest);
    } else out.push(...page);
  }
  return out;
}

export async function readTagged(pdf: Buffer): Promise<{ pages: string[]; blocks: Block[] }> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0, useSystemFonts: false }).promise;
  const pages: string[] = [];
  const perPage: Block[][] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const items = content.items as TextItem[];
    pages.push(squash(items.map((it) => it.str ?? '').join(' ')));
    const blocks: Block[] = [];
    blocksOf((await page.getStructTree()) as StructNode, markedText(items), blocks);
    perPage.push(blocks);
  }
  await doc.destroy();
  return { pages, blocks: joinRunOn(perPage) };
}

/** Each table under a heading (H2 or H3), by that heading, as rows of cell texts; the column header row left out. */
export function tablesByHeading(blocks: Block[], header: string[]): { heading: string; rows: string[][] }[] {
  const out: { heading: string; rows: string[][] }[] = [];
  for (const b of blocks) {
    if (b.role === 'H2' || b.role === 'H3') out.push({ heading: b.text, rows: [] });
    else if (b.role === 'TR') {
      const cells = b.cells.map((c) => c.text);
      if (cells.join('\u0000') !== header.join('\u0000')) out[out.length - 1].rows.push(cells);
    }
  }
  return out.filter((t) => t.rows.length > 0);
}

/** The list items under the H2 `heading` (up to the next H2), as [label, body]. */
export function listUnder(blocks: Block[], heading: string): string[][] {
  const at = blocks.findIndex((b) => b.role === 'H2' && b.text === heading);
  if (at < 0) throw new Error(`no heading ${heading}`);
  const out: string[][] = [];
  for (const b of blocks.slice(at + 1)) {
    if (b.role === 'H2') break;
    if (b.role === 'LI') out.push([b.label, b.body]);
  }
  return out;
}
