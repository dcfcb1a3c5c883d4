// An attacker on the published evaluation return, written apart from the production suppression: it reads only
// what is published (the JSON return and its data dictionary) and what anyone may know of the law (Northern
// Irish orders are made only for children placed from Northern Ireland). It tries to recover each withheld
// cell ([c]) three ways: subtracting published cells from published margins, over and over as recovered cells
// become known (peeling); solving every equation at once with exact fractions (Gaussian elimination, across
// tables that share a total, a subtotal or a cell); and narrowing each withheld cell's range from [1, ∞)
// (zeros are published, so [c] is at least 1) through every equation until it closes.

export interface PublishedCell {
  value: number | null;
  suppressed: boolean;
}
export interface PublishedRow {
  key: string;
  kind: string;
  group?: string;
  cells: Record<string, PublishedCell>;
}
export interface PublishedTable {
  id: string;
  columns: { key: string }[];
  rows: PublishedRow[];
}
export interface PublishedReturn {
  /** The rulebook versions the counted placements run under. */
  rulebooks?: string[];
  tables: PublishedTable[];
}
export interface PublishedDictionary {
  tables: { id: string; categories: { key: string; sumOf?: readonly string[] }[] | null; columns: { key: string; sumOf?: readonly string[] }[] }[];
}

/** A cell of the published return: `table/row/column`. */
export const cellKey = (table: string, row: string, column: string) => `${table}/${row}/${column}`;

const PLACED = ['placing-nation', 'placing-authority', 'host-council', 'setting', 'legal-basis', 'age-band', 'duration-band', 'advocacy', 'legal-status'];

/** Which published cells are the same number (the dictionary says so): each key to its representative. */
function sameCells(r: PublishedReturn): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    const p = parent.get(k);
    if (p === undefined || p === k) return k;
    const root = find(p);
    parent.set(k, root);
    return root;
  };
  const join = (a: string, b: string) => parent.set(find(a), find(b));
  const table = (id: string) => r.tables.find((t) => t.id === id);
  for (const id of PLACED.slice(1)) join(cellKey(id, 'total', 'count'), cellKey('placing-nation', 'total', 'count'));
  join(cellKey('first-review', 'total', 'count'), cellKey('first-visit', 'total', 'count'));
  for (const row of table('placing-authority')?.rows ?? [])
    if (row.kind === 'subtotal' && row.group) join(cellKey('placing-authority', row.key, 'count'), cellKey('placing-nation', row.group, 'count'));
  join(cellKey('first-notice', 'given-after-arrival', 'count'), cellKey('lapses', 'C1.notice-before-arrival', 'late'));
  join(cellKey('first-notice', 'not-given-arrived', 'count'), cellKey('lapses', 'C1.notice-before-arrival', 'missed'));
  const renot = table('renotification');
  for (const row of table('lapses')?.rows ?? []) {
    if (row.key === 'total' || !renot?.rows.some((x) => x.key === row.key)) continue;
    for (const col of ['late', 'missed']) join(cellKey('lapses', row.key, col), cellKey('renotification', row.key, col));
  }
  const out = new Map<string, string>();
  for (const t of r.tables) for (const row of t.rows) for (const c of t.columns) out.set(cellKey(t.id, row.key, c.key), find(cellKey(t.id, row.key, c.key)));
  return out;
}

type Terms = { coef: number; cell: string }[];

/**
 * What the law bounds without fixing: deprivation of liberty orders are made only for residential care, so they
 * are at most the children in residential care (Σ ≤ 0).
 */
function limits(r: PublishedReturn): Terms[] {
  const dol = ['dol-order', 'ni-dol-order'].filter((b) => r.tables.find((t) => t.id === 'legal-basis')?.rows.some((x) => x.key === b));
  return [[...dol.map((b) => ({ coef: 1, cell: cellKey('legal-basis', b, 'count') })), { coef: -1, cell: cellKey('setting', 'residential', 'count') }]];
}

/** Each equation as whole − Σ parts = 0, over cell keys. */
function equations(r: PublishedReturn, d: PublishedDictionary): Terms[] {
  const out: { coef: number; cell: string }[][] = [];
  const sum = (whole: string, parts: string[]) => out.push([{ coef: 1, cell: whole }, ...parts.map((cell) => ({ coef: -1, cell }))]);
  for (const t of r.tables) {
    const dict = d.tables.find((x) => x.id === t.id);
    const col = (row: string, c: string) => cellKey(t.id, row, c);
    for (const c of t.columns) {
      if (t.id === 'placing-authority') {
        const subtotals = t.rows.filter((x) => x.kind === 'subtotal');
        for (const s of subtotals)
          sum(
            col(s.key, c.key),
            t.rows.filter((x) => x.kind === 'category' && x.group === s.group).map((x) => col(x.key, c.key)),
          );
        sum(
          col('total', c.key),
          subtotals.map((s) => col(s.key, c.key)),
        );
        continue;
      }
      const categories = dict?.categories;
      for (const row of t.rows.filter((x) => x.kind !== 'category')) {
        const parts = categories?.find((x) => x.key === row.key)?.sumOf ?? t.rows.filter((x) => x.kind === 'category').map((x) => x.key);
        sum(
          col(row.key, c.key),
          parts.map((p) => col(p, c.key)),
        );
      }
    }
    for (const c of dict?.columns.filter((x) => x.sumOf) ?? [])
      for (const row of t.rows)
        sum(
          cellKey(t.id, row.key, c.key),
          (c.sumOf ?? []).map((p) => cellKey(t.id, row.key, p)),
        );
  }
  // The law: orders of Northern Ireland only for children placed from Northern Ireland, the others only in England and Wales.
  const bases = r.tables.find((t) => t.id === 'legal-basis')?.rows.filter((x) => x.kind === 'category') ?? [];
  sum(
    cellKey('placing-nation', 'northern-ireland', 'count'),
    bases.filter((b) => b.key.startsWith('ni-')).map((b) => cellKey('legal-basis', b.key, 'count')),
  );
  out.push([
    { coef: 1, cell: cellKey('placing-nation', 'england', 'count') },
    { coef: 1, cell: cellKey('placing-nation', 'wales', 'count') },
    ...bases.filter((b) => !b.key.startsWith('ni-')).map((b) => ({ coef: -1, cell: cellKey('legal-basis', b.key, 'count') })),
  ]);
  // Under rulebook @2 only residential care carries the advocacy duty (foster: not yet commenced), so where every
  // placement counted runs under @2, the children with no advocacy duty are the children in foster care.
  if (r.rulebooks?.length && r.rulebooks.every((b) => b === 'ssi-2026-31@2'))
    sum(cellKey('setting', 'foster', 'count'), [cellKey('advocacy', 'no-duty', 'count')]);
  return out;
}

// ---- exact fractions ------------------------------------------------------------------------------------
type Q = { n: bigint; d: bigint };
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const q = (n: bigint, d = 1n): Q => {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
const sub = (a: Q, b: Q) => q(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Q, b: Q) => q(a.n * b.n, a.d * b.d);
const div = (a: Q, b: Q) => q(a.n * b.d, a.d * b.n);
const isZero = (a: Q) => a.n === 0n;

export interface Recovered {
  cell: string;
  value: number;
  how: 'peeling' | 'gaussian' | 'range';
}

/**
 * Every withheld cell the attacker recovers (none, if the suppression holds). Also checks that the published
 * cells satisfy every equation where nothing is withheld (else the return contradicts itself).
 */
export function attack(r: PublishedReturn, d: PublishedDictionary): { recovered: Recovered[]; inconsistent: string[] } {
  const same = sameCells(r);
  const known = new Map<string, number>();
  const unknown = new Set<string>();
  for (const t of r.tables)
    for (const row of t.rows)
      for (const c of t.columns) {
        const cell = row.cells[c.key];
        const rep = same.get(cellKey(t.id, row.key, c.key)) ?? cellKey(t.id, row.key, c.key);
        if (cell.suppressed || cell.value === null) unknown.add(rep);
        else known.set(rep, cell.value);
      }
  const recovered: Recovered[] = [];
  // The same count withheld in one table and published in another is simply read off the other.
  for (const u of unknown) if (known.has(u)) recovered.push({ cell: u, value: known.get(u) ?? 0, how: 'peeling' });
  for (const u of unknown) known.delete(u);
  const merge = (e: Terms) => {
    const merged = new Map<string, number>();
    for (const t of e) {
      const rep = same.get(t.cell) ?? t.cell;
      merged.set(rep, (merged.get(rep) ?? 0) + t.coef);
    }
    return [...merged].filter(([, c]) => c !== 0).map(([cell, coef]) => ({ cell, coef }));
  };
  const eqs = equations(r, d).map(merge);
  const les = limits(r).map(merge);
  const inconsistent: string[] = [];
  const value = (e: Terms) => e.reduce((a, t) => a + t.coef * (known.get(t.cell) ?? 0), 0);
  for (const e of eqs) if (e.every((t) => known.has(t.cell)) && value(e) !== 0) inconsistent.push(e.map((t) => `${t.coef}*${t.cell}`).join(' '));
  for (const e of les) if (e.every((t) => known.has(t.cell)) && value(e) > 0) inconsistent.push(`${e.map((t) => `${t.coef}*${t.cell}`).join(' ')} <= 0`);

  // 1. Peeling: an equation with one unknown gives it; repeat with what was recovered.
  const solved = new Map(known);
  for (let moved = true; moved;) {
    moved = false;
    for (const e of eqs) {
      const open = e.filter((t) => !solved.has(t.cell));
      if (open.length !== 1) continue;
      const rest = e.filter((t) => solved.has(t.cell)).reduce((a, t) => a + t.coef * (solved.get(t.cell) ?? 0), 0);
      const value = -rest / open[0].coef;
      solved.set(open[0].cell, value);
      recovered.push({ cell: open[0].cell, value, how: 'peeling' });
      moved = true;
    }
  }

  // 2. Gaussian elimination over all unknowns at once, in fractions.
  const cols = [...unknown].sort();
  const at = new Map(cols.map((c, i) => [c, i]));
  const rows: Q[][] = eqs
    .map((e) => {
      const row = cols.map(() => q(0n));
      let rhs = q(0n);
      for (const t of e) {
        const i = at.get(t.cell);
        if (i === undefined) rhs = sub(rhs, q(BigInt(t.coef * (known.get(t.cell) ?? 0))));
        else row[i] = q(BigInt(t.coef));
      }
      return [...row, rhs];
    })
    .filter((row) => row.slice(0, cols.length).some((x) => !isZero(x)));
  let top = 0;
  for (let c = 0; c < cols.length && top < rows.length; c++) {
    const p = rows.findIndex((row, i) => i >= top && !isZero(row[c]));
    if (p < 0) continue;
    [rows[top], rows[p]] = [rows[p], rows[top]];
    const pivot = rows[top][c];
    rows[top] = rows[top].map((x) => div(x, pivot));
    for (let i = 0; i < rows.length; i++) if (i !== top && !isZero(rows[i][c])) rows[i] = rows[i].map((x, j) => sub(x, mul(rows[i][c], rows[top][j])));
    top++;
  }
  for (const row of rows) {
    const nz = row.slice(0, cols.length).flatMap((x, i) => (isZero(x) ? [] : [i]));
    if (nz.length === 1 && !recovered.some((x) => x.cell === cols[nz[0]])) {
      const v = div(row[cols.length], row[nz[0]]);
      recovered.push({ cell: cols[nz[0]], value: Number(v.n) / Number(v.d), how: 'gaussian' });
    }
  }

  // 3. Ranges: each withheld cell in [1, ∞), narrowed through every equation and every reduced row.
  const lo = new Map(cols.map((c) => [c, 1]));
  const hi = new Map(cols.map((c) => [c, Infinity]));
  const open = (e: Terms, atMost: boolean) => ({
    terms: e.filter((t) => at.has(t.cell)).map((t) => ({ cell: t.cell, coef: t.coef })),
    rhs: -e.filter((t) => !at.has(t.cell)).reduce((a, t) => a + t.coef * (known.get(t.cell) ?? 0), 0),
    atMost,
  });
  const linear = [
    ...eqs.map((e) => open(e, false)),
    ...les.map((e) => open(e, true)),
    ...rows.map((row) => ({
      atMost: false,
      terms: row.slice(0, cols.length).flatMap((x, i) => (isZero(x) ? [] : [{ cell: cols[i], coef: Number(x.n) / Number(x.d) }])),
      rhs: Number(row[cols.length].n) / Number(row[cols.length].d),
    })),
  ].filter((e) => e.terms.length > 0);
  for (let round = 0, moved = true; moved && round < 500; round++) {
    moved = false;
    for (const e of linear)
      for (const j of e.terms) {
        let min = e.rhs;
        let max = e.rhs;
        for (const t of e.terms) {
          if (t === j) continue;
          const [a, b] = [t.coef * (lo.get(t.cell) ?? 1), t.coef * (hi.get(t.cell) ?? Infinity)];
          min -= Math.max(a, b);
          max -= Math.min(a, b);
        }
        // A limit: coef_j × x_j is at most what the others leave at their smallest.
        if (e.atMost) min = -Infinity;
        const [x, y] = [min / j.coef, max / j.coef];
        const newLo = Math.ceil(Math.min(x, y) - 1e-9);
        const newHi = Math.floor(Math.max(x, y) + 1e-9);
        if (newLo > (lo.get(j.cell) ?? 1)) {
          lo.set(j.cell, newLo);
          moved = true;
        }
        if (newHi < (hi.get(j.cell) ?? Infinity)) {
          hi.set(j.cell, newHi);
          moved = true;
        }
      }
  }
  for (const c of cols)
    if ((lo.get(c) ?? 1) >= (hi.get(c) ?? Infinity) && !recovered.some((x) => x.cell === c)) recovered.push({ cell: c, value: lo.get(c) ?? 1, how: 'range' });
  return { recovered, inconsistent };
}
