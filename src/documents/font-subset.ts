// A TrueType subsetter for the fonts a PDF embeds: the glyphs a document used, numbered in the order it
// first used them (as pdfkit numbers them in the text), with each outline copied byte for byte from the
// font file. It writes the tables a PDF's FontFile2 needs (head, hhea, maxp, loca, glyf, hmtx and the
// hinting tables cvt, fpgm, prep), like fontkit's subsetter, but without decoding and re-encoding every
// table through fontkit's generic structures: a notice's two subsets take well under a millisecond
// instead of ten.

interface TableRecord {
  offset: number;
  length: number;
}

/** A parsed TrueType (glyf-outline) font file: where each table is, and the numbers subsetting needs. */
export class TrueTypeFont {
  readonly tables = new Map<string, TableRecord>();
  readonly numGlyphs: number;
  private readonly longLoca: boolean;
  private readonly numberOfHMetrics: number;

  constructor(readonly bytes: Buffer) {
    const numTables = bytes.readUInt16BE(4);
    for (let i = 0; i < numTables; i++) {
      const at = 12 + i * 16;
      this.tables.set(bytes.toString('latin1', at, at + 4), { offset: bytes.readUInt32BE(at + 8), length: bytes.readUInt32BE(at + 12) });
    }
    for (const tag of ['head', 'hhea', 'maxp', 'loca', 'glyf', 'hmtx'])
      if (!this.tables.has(tag)) throw new Error(`Not a TrueType outline font: no ${tag} table.`);
    this.longLoca = bytes.readInt16BE(this.table('head').offset + 50) === 1;
    this.numberOfHMetrics = bytes.readUInt16BE(this.table('hhea').offset + 34);
    this.numGlyphs = bytes.readUInt16BE(this.table('maxp').offset + 4);
  }

  table(tag: string): TableRecord {
    return this.tables.get(tag)!;
  }

  /** The glyph's outline bytes within the glyf table (empty for a blank glyph such as the space). */
  glyphRange(gid: number): [number, number] {
    const loca = this.table('loca').offset;
    const glyf = this.table('glyf').offset;
    if (this.longLoca) return [glyf + this.bytes.readUInt32BE(loca + gid * 4), glyf + this.bytes.readUInt32BE(loca + gid * 4 + 4)];
    return [glyf + this.bytes.readUInt16BE(loca + gid * 2) * 2, glyf + this.bytes.readUInt16BE(loca + gid * 2 + 2) * 2];
  }

  /** Advance width and left side bearing, in font units. */
  metrics(gid: number): [number, number] {
    const hmtx = this.table('hmtx').offset;
    const n = this.numberOfHMetrics;
    if (gid < n) return [this.bytes.readUInt16BE(hmtx + gid * 4), this.bytes.readInt16BE(hmtx + gid * 4 + 2)];
    return [this.bytes.readUInt16BE(hmtx + (n - 1) * 4), this.bytes.readInt16BE(hmtx + n * 4 + (gid - n) * 2)];
  }
}

// Composite glyph component flags (OpenType glyf table).
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

/**
 * The subset font file for `glyphs` (original glyph ids; the first should be 0, the missing glyph).
 * Components of composite glyphs are appended to `glyphs` as they are met, as fontkit does, so the
 * numbering of the glyphs the caller gave never changes.
 */
export function subsetTrueType(font: TrueTypeFont, glyphs: number[]): Buffer {
  const order = [...glyphs];
  const index = new Map(order.map((gid, i) => [gid, i]));
  const include = (gid: number) => {
    let i = index.get(gid);
    if (i === undefined) {
      i = order.push(gid) - 1;
      index.set(gid, i);
    }
    return i;
  };
  const outlines: Buffer[] = [];
  const offsets: number[] = [];
  let size = 0;
  for (let i = 0; i < order.length; i++) {
    const gid = order[i];
    if (gid >= font.numGlyphs) throw new Error(`Glyph ${gid} is not in the font.`);
    const [start, end] = font.glyphRange(gid);
    let outline = font.bytes.subarray(start, end);
    if (outline.length >= 10 && outline.readInt16BE(0) < 0) {
      outline = Buffer.from(outline); // a copy: the component ids change
      let at = 10;
      for (;;) {
        const flags = outline.readUInt16BE(at);
        outline.writeUInt16BE(include(outline.readUInt16BE(at + 2)), at + 2);
        at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
        if (flags & WE_HAVE_A_SCALE) at += 2;
        else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
        else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
        if (!(flags & MORE_COMPONENTS)) break;
      }
    }
    offsets.push(size);
    outlines.push(outline);
    const padded = (outline.length + 3) & ~3;
    if (padded > outline.length) outlines.push(Buffer.alloc(padded - outline.length));
    size += padded;
  }
  offsets.push(size);

  const loca = Buffer.alloc(offsets.length * 4);
  offsets.forEach((o, i) => loca.writeUInt32BE(o, i * 4));
  const hmtx = Buffer.alloc(order.length * 4);
  order.forEach((gid, i) => {
    const [advance, lsb] = font.metrics(gid);
    hmtx.writeUInt16BE(advance, i * 4);
    hmtx.writeInt16BE(lsb, i * 4 + 2);
  });
  const copy = (tag: string) => Buffer.from(font.bytes.subarray(font.table(tag).offset, font.table(tag).offset + font.table(tag).length));
  const head = copy('head');
  head.writeUInt32BE(0, 8); // checkSumAdjustment: set once the whole file is known
  head.writeInt16BE(1, 50); // indexToLocFormat: long offsets
  const hhea = copy('hhea');
  hhea.writeUInt16BE(order.length, 34);
  const maxp = copy('maxp');
  maxp.writeUInt16BE(order.length, 4);
  const hinting = (tag: string): [string, Buffer][] => (font.tables.has(tag) ? [[tag, copy(tag)]] : []);
  // Sorted by tag, as the table directory must be.
  const tables: [string, Buffer][] = [
    ...hinting('cvt '),
    ...hinting('fpgm'),
    ['glyf', Buffer.concat(outlines, size)],
    ['head', head],
    ['hhea', hhea],
    ['hmtx', hmtx],
    ['loca', loca],
    ['maxp', maxp],
    ...hinting('prep'),
  ];
  return writeFontFile(tables);
}

/** An sfnt file: the offset table, the table records (sorted by tag), then each table 4-byte aligned. */
function writeFontFile(tables: [string, Buffer][]): Buffer {
  const n = tables.length;
  const log2 = Math.floor(Math.log2(n));
  const header = Buffer.alloc(12 + n * 16);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(n, 4);
  header.writeUInt16BE(2 ** log2 * 16, 6);
  header.writeUInt16BE(log2, 8);
  header.writeUInt16BE(n * 16 - 2 ** log2 * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  let headAt = 0;
  tables.forEach(([tag, data], i) => {
    const at = 12 + i * 16;
    header.write(tag, at, 'latin1');
    header.writeUInt32BE(checksum(data), at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(data.length, at + 12);
    if (tag === 'head') headAt = offset;
    const padded = (data.length + 3) & ~3;
    parts.push(data);
    if (padded > data.length) parts.push(Buffer.alloc(padded - data.length));
    offset += padded;
  });
  const file = Buffer.concat(parts, offset);
  file.writeUInt32BE((0xb1b0afba - checksum(file)) >>> 0, headAt + 8);
  return file;
}

/** The sfnt checksum: the sum of the big-endian 32-bit words, zero-padded. */
function checksum(data: Buffer): number {
  let sum = 0;
  const whole = data.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + data.readUInt32BE(i)) >>> 0;
  if (whole < data.length) {
    const tail = Buffer.alloc(4);
    data.copy(tail, 0, whole);
    sum = (sum + tail.readUInt32BE(0)) >>> 0;
  }
  return sum;
}
