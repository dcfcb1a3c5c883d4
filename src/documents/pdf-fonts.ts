// The fonts every PDF embeds, prepared once per process. pdfkit on its own reads and parses each TTF
// afresh for every document, shapes every word with fontkit and subsets the font through fontkit's
// generic table encoders at the end: two thirds of a notice's render time. Here the parsed font and the
// shaped words are kept for the process and handed to each new document, and subsetting copies glyph
// outlines straight from the file (font-subset.ts). Nothing a document draws depends on what the
// process drew before, so the same model still renders the same bytes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { subsetTrueType, TrueTypeFont } from './font-subset';
import { isRecord } from '../../machines/guards';

const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
/** DejaVu Sans covers Latin Extended (Ł, ń, á...) so any real name prints. */
export const FONT = {
  regular: path.join(FONT_DIR, 'DejaVuSans.ttf'),
  bold: path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
};

type Doc = PDFKit.PDFDocument;

/** pdfkit's EmbeddedFont (not exported by the package): the parts used here. */
interface EmbeddedFont {
  name: string;
  font: FontkitFont;
  layoutCache?: Record<string, unknown>;
  subset: { glyphs: number[]; encode(): Uint8Array };
}
type EmbeddedFontClass = new (doc: Doc, font: FontkitFont, id: string) => EmbeddedFont;
interface FontkitFont {
  layout(text: string): unknown;
  characterSet: number[];
  glyphForCodePoint(codePoint: number): unknown;
}
interface DocFonts {
  _fontFamilies: Record<string, EmbeddedFont>;
  _fontCount: number;
  _font: EmbeddedFont;
}

/** pdfkit's own font tables on a document (private to pdfkit, so checked rather than assumed). */
const hasFontTables = (doc: Doc): doc is Doc & DocFonts =>
  '_fontFamilies' in doc && isRecord(doc._fontFamilies) && '_fontCount' in doc && typeof doc._fontCount === 'number';

interface SharedFont {
  src: string;
  /** The font as fontkit parsed it: its tables, glyph objects and shaping tables fill in once. */
  font: FontkitFont;
  /** The same file, for subsetting. */
  file: TrueTypeFont;
  /** Shaped words (pdfkit's layout cache entries), which documents read and never change. */
  layouts: Record<string, unknown>;
  layoutCount: number;
}

/** Shaped words kept per font: the notice's own wording and the names and places it has printed. */
const MAX_LAYOUTS = 20_000;

let shared: { EmbeddedFont: EmbeddedFontClass; fonts: SharedFont[] } | undefined;

function sharedFonts(): NonNullable<typeof shared> {
  if (shared) return shared;
  // pdfkit opens each font once, in a document that is never written, to hand over its parsed font and class.
  const probe = new PDFDocument({ font: null as unknown as string, autoFirstPage: false }) as unknown as Doc & DocFonts;
  const fonts = [FONT.regular, FONT.bold].map((src): SharedFont => {
    probe.font(src);
    const font = probe._font.font;
    fixCodePoints(font);
    return { src, font, file: new TrueTypeFont(readFileSync(src)), layouts: Object.create(null), layoutCount: 0 };
  });
  return (shared = { EmbeddedFont: probe._font.constructor as EmbeddedFontClass, fonts });
}

/**
 * fontkit keeps one glyph object per glyph id, holding the code points it was first made for, and pdfkit
 * writes those into the text layer's ToUnicode map. In a font shared by every document "first" would be
 * whatever the process happened to render before, so fix them all now, in one order: the ligatures as
 * shaping makes them (fi -> f, i), then every character of the font's cmap.
 */
function fixCodePoints(font: FontkitFont): void {
  font.layout('ff fi fl ffi ffl ft st');
  for (const cp of font.characterSet) font.glyphForCodePoint(cp);
}

/** Gives `doc` the shared fonts as pdfkit itself would on first use (ids F1 and F2) and selects the regular one. */
export function attachFonts(doc: Doc): void {
  const { EmbeddedFont, fonts } = sharedFonts();
  if (!hasFontTables(doc)) throw new Error('pdfkit no longer keeps its fonts where this module expects them');
  const d = doc;
  const opened: [SharedFont, EmbeddedFont][] = [];
  for (const sf of fonts) {
    const f = new EmbeddedFont(doc, sf.font, `F${++d._fontCount}`);
    // Words this document shapes land in its own object; lookups fall through to the shared ones.
    f.layoutCache = Object.create(sf.layouts);
    const subset = f.subset;
    subset.encode = () => subsetTrueType(sf.file, subset.glyphs);
    d._fontFamilies[sf.src] = f;
    d._fontFamilies[f.name] = f;
    opened.push([sf, f]);
  }
  doc.once('end', () => {
    for (const [sf, f] of opened) keepLayouts(sf, f.layoutCache!);
  });
  doc.font(FONT.regular);
}

/** Moves a finished document's newly shaped words into the shared cache, up to its bound. */
function keepLayouts(sf: SharedFont, own: Record<string, unknown>): void {
  for (const word of Object.keys(own)) {
    if (sf.layoutCount >= MAX_LAYOUTS) return;
    sf.layouts[word] = own[word];
    sf.layoutCount++;
  }
}
