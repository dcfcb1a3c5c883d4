// Compliance charts as server-rendered SVG: a horizontal bar chart (a rate per rule or per authority) and
// a column chart per month with a line for the number due. Every bar carries its value as text, the SVG
// has a title and a description, and the caller renders the same rows as a table beside it.
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif';
const BLUE = '#1d70b8';
const INK = '#0b0c0c';
const GREY = '#505a5f';
const RULE = '#b1b4b6';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;

export interface BarDatum {
  label: string;
  /** 0..1, or null when nothing fell due (drawn as "none due", no bar). */
  value: number | null;
  /** Shown after the value, e.g. "12 of 14". */
  note?: string;
}

export interface ChartOptions {
  id: string;
  title: string;
  description: string;
}

function truncate(s: string, max: number) {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Horizontal bars: label on the left, a bar scaled 0-100%, the value in words at the bar's end. */
export function barChartSvg(data: BarDatum[], options: ChartOptions): string {
  const labelW = 300;
  const barW = 380;
  const valueW = 160;
  const rowH = 28;
  const top = 28;
  const width = labelW + barW + valueW;
  const height = top + data.length * rowH + 10;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${options.id}-title ${options.id}-desc" font-family="${FONT}">`,
    `<title id="${options.id}-title">${esc(options.title)}</title>`,
    `<desc id="${options.id}-desc">${esc(options.description)}</desc>`,
  ];
  // Gridlines at 0, 25, 50, 75 and 100%.
  for (const g of [0, 0.25, 0.5, 0.75, 1]) {
    const gx = labelW + g * barW;
    out.push(`<line x1="${gx}" y1="${top - 6}" x2="${gx}" y2="${height - 6}" stroke="${RULE}" stroke-width="1"/>`);
    out.push(`<text x="${gx}" y="${top - 10}" font-size="11" text-anchor="middle" fill="${GREY}">${g * 100}%</text>`);
  }
  data.forEach((d, i) => {
    const y = top + i * rowH;
    out.push(`<g data-label="${esc(d.label)}">`);
    out.push(`<text x="${labelW - 8}" y="${y + 18}" font-size="12" text-anchor="end" fill="${INK}">${esc(truncate(d.label, 46))}</text>`);
    if (d.value !== null) {
      const w = Math.max(d.value * barW, d.value > 0 ? 2 : 0);
      out.push(`<rect x="${labelW}" y="${y + 5}" width="${w.toFixed(1)}" height="${rowH - 10}" fill="${BLUE}"/>`);
    }
    const text = d.value === null ? 'none due' : `${pct(d.value)}${d.note ? ` (${d.note})` : ''}`;
    const tx = labelW + (d.value ?? 0) * barW + 6;
    out.push(`<text x="${tx.toFixed(1)}" y="${y + 18}" font-size="12" fill="${INK}">${esc(text)}</text>`);
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('\n');
}

export interface MonthDatum {
  /** "Mar 2026" */
  label: string;
  value: number | null;
  /** How many fell due that month (drawn as a line on its own scale). */
  count: number;
}

/** Columns per month for the rate, with a line for how many fell due. */
export function monthChartSvg(data: MonthDatum[], options: ChartOptions): string {
  const left = 48;
  const right = 48;
  const plotH = 200;
  const top = 24;
  const colW = Math.max(36, Math.min(64, Math.floor(720 / Math.max(1, data.length))));
  const width = left + right + colW * data.length;
  const height = top + plotH + 48;
  const maxCount = Math.max(1, ...data.map((d) => d.count));
  const yOf = (v: number) => top + plotH - v * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${options.id}-title ${options.id}-desc" font-family="${FONT}">`,
    `<title id="${options.id}-title">${esc(options.title)}</title>`,
    `<desc id="${options.id}-desc">${esc(options.description)}</desc>`,
  ];
  for (const g of [0, 0.5, 1]) {
    out.push(`<line x1="${left}" y1="${yOf(g)}" x2="${width - right}" y2="${yOf(g)}" stroke="${RULE}"/>`);
    out.push(`<text x="${left - 6}" y="${yOf(g) + 4}" font-size="11" text-anchor="end" fill="${GREY}">${g * 100}%</text>`);
  }
  out.push(`<text x="${width - right + 6}" y="${top + 4}" font-size="11" fill="${GREY}">${maxCount} due</text>`);
  const points: string[] = [];
  data.forEach((d, i) => {
    const x = left + i * colW;
    out.push(`<g data-label="${esc(d.label)}">`);
    if (d.value !== null) {
      const h = d.value * plotH;
      out.push(`<rect x="${x + 6}" y="${(top + plotH - h).toFixed(1)}" width="${colW - 12}" height="${h.toFixed(1)}" fill="${BLUE}"/>`);
      out.push(
        `<text x="${x + colW / 2}" y="${(top + plotH - h - 4).toFixed(1)}" font-size="10" text-anchor="middle" fill="${INK}">${esc(pct(d.value))}</text>`,
      );
    } else {
      out.push(`<text x="${x + colW / 2}" y="${top + plotH - 4}" font-size="10" text-anchor="middle" fill="${GREY}">none</text>`);
    }
    out.push(`<text x="${x + colW / 2}" y="${top + plotH + 16}" font-size="11" text-anchor="middle" fill="${INK}">${esc(d.label)}</text>`);
    out.push(`<text x="${x + colW / 2}" y="${top + plotH + 32}" font-size="10" text-anchor="middle" fill="${GREY}">${d.count} due</text>`);
    out.push('</g>');
    points.push(`${x + colW / 2},${(top + plotH - (d.count / maxCount) * plotH).toFixed(1)}`);
  });
  if (points.length > 1) out.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${INK}" stroke-width="2" stroke-dasharray="4 3"/>`);
  out.push('</svg>');
  return out.join('\n');
}

export interface CountDatum {
  label: string;
  /** null: withheld, drawn as "[c]" with no bar. */
  value: number | null;
}

/** Horizontal bars of counts, scaled to the largest shown; a withheld count has no bar, only "[c]". */
export function countChartSvg(data: CountDatum[], options: ChartOptions): string {
  const labelW = 300;
  const barW = 380;
  const valueW = 80;
  const rowH = 26;
  const top = 8;
  const width = labelW + barW + valueW;
  const height = top + data.length * rowH + 8;
  const max = Math.max(1, ...data.map((d) => d.value ?? 0));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${options.id}-title ${options.id}-desc" font-family="${FONT}">`,
    `<title id="${options.id}-title">${esc(options.title)}</title>`,
    `<desc id="${options.id}-desc">${esc(options.description)}</desc>`,
    `<line x1="${labelW}" y1="${top}" x2="${labelW}" y2="${height - 8}" stroke="${RULE}" stroke-width="1"/>`,
  ];
  data.forEach((d, i) => {
    const y = top + i * rowH;
    const w = d.value === null ? 0 : Math.max((d.value / max) * barW, d.value > 0 ? 2 : 0);
    out.push(`<g data-label="${esc(d.label)}">`);
    out.push(`<text x="${labelW - 8}" y="${y + 17}" font-size="12" text-anchor="end" fill="${INK}">${esc(truncate(d.label, 46))}</text>`);
    if (w > 0) out.push(`<rect x="${labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${BLUE}"/>`);
    out.push(
      `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 17}" font-size="12" fill="${d.value === null ? GREY : INK}">${d.value === null ? '[c]' : d.value}</text>`,
    );
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('\n');
}
