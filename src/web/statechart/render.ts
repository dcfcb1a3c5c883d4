// The statechart as a server-rendered SVG: one card per region in a three-column grid, each state a box
// listing its transitions in words, arrows on the left joining a state to the states it can move to, and
// the current state of each region filled and marked "current" (colour is never the only signal). The
// same model gives the text description for screen readers. Deterministic: same input, same bytes.
import { isRecord } from '../../../machines/guards';
import type { PlacementStateValue } from '../../../machines/placement';
import type { ChartModel, ChartRegion, ChartState } from './model';

const COLUMNS = 3;
const CARD_W = 312;
const GAP = 16;
const PAD = 10;
const ARC_AREA = 44;
const BOX_W = CARD_W - PAD * 2 - ARC_AREA;
const TITLE_H = 26;
const LINE_H = 14;
const NAME_H = 20;
const BOX_GAP = 14;
const CHARS_PER_LINE = 36;
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Greedy word wrap by character count (the font is proportional, so the count is conservative). */
export function wrap(text: string, width = CHARS_PER_LINE): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = '  ' + word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export interface CurrentStates {
  /** Region key -> state key, when the placement is in its parallel `active` state. */
  regions: Record<string, string>;
  /** The final state's key when the placement is over. */
  final: string | null;
}

export function currentStates(value: PlacementStateValue | Record<string, string> | null | undefined): CurrentStates {
  if (!value) return { regions: {}, final: null };
  if (typeof value === 'string') return { regions: {}, final: value };
  const regions = 'active' in value && isRecord(value.active) ? value.active : value;
  return { regions: Object.fromEntries(Object.entries(regions).filter((e): e is [string, string] => typeof e[1] === 'string')), final: null };
}

interface PlacedBox {
  state: ChartState;
  lines: string[];
  x: number;
  y: number;
  h: number;
}

function boxesOf(region: ChartRegion, x: number, y0: number): { boxes: PlacedBox[]; bottom: number; anyLines: string[] } {
  let y = y0 + TITLE_H;
  const anyLines = region.anyState.length ? ['In any state:', ...region.anyState.flatMap((t) => wrap(t.text, CHARS_PER_LINE + 6))] : [];
  y += anyLines.length * LINE_H + (anyLines.length ? 6 : 0);
  const boxes = region.states.map((state) => {
    const lines = state.transitions.flatMap((t) => wrap(t.text));
    const h = NAME_H + lines.length * LINE_H + 8;
    const box = { state, lines, x: x + PAD + ARC_AREA, y, h };
    y += h + BOX_GAP;
    return box;
  });
  return { boxes, bottom: y - BOX_GAP + PAD, anyLines };
}

/** Tracks for the arrows so that arrows whose vertical spans overlap never share a track. */
function assignTracks(edges: { from: number; to: number }[]): number[] {
  const order = edges
    .map((e, i) => ({ i, lo: Math.min(e.from, e.to), hi: Math.max(e.from, e.to) }))
    .sort((a, b) => a.hi - a.lo - (b.hi - b.lo) || a.lo - b.lo || a.i - b.i);
  const tracks: { lo: number; hi: number }[][] = [];
  const out = new Array<number>(edges.length);
  for (const e of order) {
    let t = 0;
    while (tracks[t]?.some((s) => !(e.hi < s.lo || e.lo > s.hi))) t++;
    (tracks[t] ??= []).push({ lo: e.lo, hi: e.hi });
    out[e.i] = t;
  }
  return out;
}

export interface StatechartSvgOptions {
  /** Prefix for element ids (title, desc, arrow marker), unique within the page. */
  idPrefix?: string;
  title?: string;
}

export function renderStatechartSvg(model: ChartModel, value: PlacementStateValue | Record<string, string> | null, options: StatechartSvgOptions = {}): string {
  const id = options.idPrefix ?? 'statechart';
  const current = currentStates(value);
  const parts: string[] = [];
  const rows: { region: ChartRegion; x: number; y: number; layout: ReturnType<typeof boxesOf> }[] = [];
  let y = 0;
  for (let r = 0; r < model.regions.length; r += COLUMNS) {
    const row = model.regions.slice(r, r + COLUMNS).map((region, c) => {
      const x = c * (CARD_W + GAP);
      return { region, x, y, layout: boxesOf(region, x, y) };
    });
    const rowBottom = Math.max(...row.map((c) => c.layout.bottom));
    rows.push(...row.map((c) => ({ ...c, layout: { ...c.layout, bottom: rowBottom } })));
    y = rowBottom + GAP;
  }
  const width = COLUMNS * CARD_W + (COLUMNS - 1) * GAP;

  for (const { region, x, y: top, layout } of rows) {
    const here = current.regions[region.key];
    parts.push(`<g class="cbp-sc-region" data-region="${esc(region.key)}">`);
    parts.push(`<rect x="${x + 0.5}" y="${top + 0.5}" width="${CARD_W - 1}" height="${layout.bottom - top - 1}" rx="4" fill="#f3f2f1" stroke="#b1b4b6"/>`);
    parts.push(`<text x="${x + PAD}" y="${top + 18}" font-size="14" font-weight="700" fill="#0b0c0c">${esc(region.label)}</text>`);
    layout.anyLines.forEach((line, i) =>
      parts.push(
        `<text x="${x + PAD}" y="${top + TITLE_H + 10 + i * LINE_H}" font-size="11" fill="#0b0c0c"${i === 0 ? ' font-style="italic"' : ''}>${esc(line)}</text>`,
      ),
    );
    // Arrows between states of this region, on the left of the boxes.
    const index = new Map(layout.boxes.map((b, i) => [b.state.key, i]));
    const edges: { from: number; to: number }[] = [];
    layout.boxes.forEach((b, i) => {
      for (const t of b.state.transitions)
        if (t.target?.kind === 'region') {
          const to = index.get(t.target.state);
          if (to !== undefined) edges.push({ from: i, to });
        }
    });
    const unique = [...new Map(edges.map((e) => [`${e.from}>${e.to}`, e])).values()];
    const tracks = assignTracks(unique);
    unique.forEach((e, k) => {
      const a = layout.boxes[e.from];
      const b = layout.boxes[e.to];
      const bx = a.x;
      const ya = a.y + 9 + (k % 3) * 3;
      const yb = b.y + b.h - 9 - (k % 3) * 3;
      const tx = bx - 8 - tracks[k] * 7;
      parts.push(`<path d="M${bx} ${ya}H${tx}V${yb}H${bx - 2}" fill="none" stroke="#505a5f" stroke-width="1.5" marker-end="url(#${id}-arrow)"/>`);
    });
    for (const b of layout.boxes) {
      const on = here === b.state.key;
      const initial = region.initial === b.state.key;
      parts.push(
        `<g class="cbp-sc-state${on ? ' cbp-sc-state--current' : ''}" data-state="${esc(region.key)}.${esc(b.state.key)}"${on ? ' data-current="true"' : ''}>`,
      );
      parts.push(
        `<rect x="${b.x}" y="${b.y}" width="${BOX_W}" height="${b.h}" rx="6" fill="${on ? '#1d70b8' : '#ffffff'}" stroke="${on ? '#0b0c0c' : '#505a5f'}" stroke-width="${on ? 3 : 1}"/>`,
      );
      const ink = on ? '#ffffff' : '#0b0c0c';
      const name = `${b.state.label}${on ? ' (current)' : ''}${initial ? ' ◦ start' : ''}`;
      parts.push(`<text x="${b.x + 8}" y="${b.y + 15}" font-size="12" font-weight="700" fill="${ink}">${esc(name)}</text>`);
      b.lines.forEach((line, i) => parts.push(`<text x="${b.x + 8}" y="${b.y + NAME_H + 10 + i * LINE_H}" font-size="11" fill="${ink}">${esc(line)}</text>`));
      parts.push('</g>');
    }
    parts.push('</g>');
  }

  // Final states: the machine stops in one of these.
  const finalTop = y;
  const anyLines = model.anyState.length ? ['In any state of the placement:', ...model.anyState.flatMap((t) => wrap(t.text, 60))] : [];
  parts.push(`<g class="cbp-sc-region" data-region="final">`);
  const finalH = TITLE_H + 34 + anyLines.length * LINE_H + PAD;
  parts.push(`<rect x="0.5" y="${finalTop + 0.5}" width="${width - 1}" height="${finalH - 1}" rx="4" fill="#f3f2f1" stroke="#b1b4b6"/>`);
  parts.push(`<text x="${PAD}" y="${finalTop + 18}" font-size="14" font-weight="700" fill="#0b0c0c">Final states (the placement accepts nothing more)</text>`);
  model.finals.forEach((f, i) => {
    const on = current.final === f.key;
    const fx = PAD + i * 170;
    const fy = finalTop + TITLE_H + 2;
    parts.push(`<g class="cbp-sc-state${on ? ' cbp-sc-state--current' : ''}" data-state="final.${esc(f.key)}"${on ? ' data-current="true"' : ''}>`);
    parts.push(
      `<rect x="${fx}" y="${fy}" width="156" height="26" rx="13" fill="${on ? '#1d70b8' : '#ffffff'}" stroke="#0b0c0c" stroke-width="${on ? 3 : 1}"/>`,
    );
    parts.push(
      `<text x="${fx + 12}" y="${fy + 17}" font-size="12" font-weight="700" fill="${on ? '#ffffff' : '#0b0c0c'}">${esc(f.label)}${on ? ' (current)' : ''}</text>`,
    );
    parts.push('</g>');
  });
  anyLines.forEach((line, i) =>
    parts.push(
      `<text x="${PAD}" y="${finalTop + TITLE_H + 44 + i * LINE_H}" font-size="11" fill="#0b0c0c"${i === 0 ? ' font-style="italic"' : ''}>${esc(line)}</text>`,
    ),
  );
  parts.push('</g>');
  const height = finalTop + finalH;

  const title = options.title ?? 'Statechart of this placement';
  const desc = describeCurrent(model, current);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="${FONT}">`,
    `<title id="${id}-title">${esc(title)}</title>`,
    `<desc id="${id}-desc">${esc(desc)}</desc>`,
    `<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#505a5f"/></marker></defs>`,
    ...parts,
    '</svg>',
  ].join('\n');
}

/** One sentence: where each region is now. */
export function describeCurrent(model: ChartModel, current: CurrentStates): string {
  if (current.final) {
    const f = model.finals.find((x) => x.key === current.final);
    return `The placement is in its final state: ${f?.label ?? current.final}.`;
  }
  const parts = model.regions.map((r) => `${r.label}: ${r.states.find((s) => s.key === current.regions[r.key])?.label ?? 'unknown'}`);
  return `Current state of each part of the placement. ${parts.join('; ')}.`;
}

/** The text alternative beside the picture: every region, its states (current marked) and transitions. */
export interface StatechartText {
  summary: string;
  regions: { label: string; states: { label: string; current: boolean; initial: boolean; transitions: string[] }[]; anyState: string[] }[];
  finals: { label: string; current: boolean }[];
  anyState: string[];
}

export function statechartText(model: ChartModel, value: PlacementStateValue | Record<string, string> | null): StatechartText {
  const current = currentStates(value);
  return {
    summary: describeCurrent(model, current),
    regions: model.regions.map((r) => ({
      label: r.label,
      anyState: r.anyState.map((t) => t.text),
      states: r.states.map((s) => ({
        label: s.label,
        current: current.regions[r.key] === s.key,
        initial: r.initial === s.key,
        transitions: s.transitions.map((t) => t.text),
      })),
    })),
    finals: model.finals.map((f) => ({ label: f.label, current: current.final === f.key })),
    anyState: model.anyState.map((t) => t.text),
  };
}
