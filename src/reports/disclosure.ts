// Statistical disclosure control for a set of published counts that the public knows to be related: each
// table's margins, a subtotal shared by two tables, the same count shown twice. Primary suppression withholds
// a count above zero and below the threshold (rulebook P.small-cell-threshold); secondary suppression then
// withholds further counts until an audit finds no withheld count that can be worked out, by an attacker who
// knows every published count, every relation, and that a withheld count is at least 1 (zeros are always
// published, so [c] never hides a 0). The audit is the attack, run in full:
//  - exactly, by linear algebra: a withheld count is disclosed when the relations fix it (whole minus the
//    other parts, across any number of tables and relations at once);
//  - by bounds: each withheld count starts at [1, ∞) and every relation (and every combination the linear
//    step derived) narrows the others, until nothing moves; a count whose range closes to one value is disclosed.
// Pure. src/reports/suppression.ts does the simpler job for the voice counts; this one serves the evaluation return.
import { reducedRows } from './integer-matrix';

/** Σ coef × count = 0, known to the public (e.g. total − Σ parts = 0, with coefficients 1 and −1). */
export type Relation = readonly { cell: string; coef: number }[];

export interface Disclosure {
  cell: string;
  /** How it was found: by solving the relations exactly, or by narrowing ranges. */
  how: 'linear' | 'bounds';
  /** The value the attacker would recover (it is the true value: the relations hold in the data). */
  value: number;
}

/** One relation with the published counts moved to the right: Σ coef × withheld = rhs (or ≤ rhs, for a limit). */
interface Equation {
  terms: { u: number; coef: bigint }[];
  rhs: bigint;
  atMost?: true;
}

function equationsOf(values: ReadonlyMap<string, number>, relations: readonly Relation[], index: ReadonlyMap<string, number>): Equation[] {
  const out: Equation[] = [];
  for (const relation of relations) {
    const coefs = new Map<number, bigint>();
    let rhs = 0n;
    for (const { cell, coef } of relation) {
      const u = index.get(cell);
      if (u === undefined) rhs -= BigInt(coef) * BigInt(values.get(cell) ?? 0);
      else coefs.set(u, (coefs.get(u) ?? 0n) + BigInt(coef));
    }
    const terms = [...coefs].filter(([, c]) => c !== 0n).map(([u, coef]) => ({ u, coef }));
    if (terms.length > 0) out.push({ terms, rhs });
  }
  return out;
}

const ceilDiv = (a: number, b: number) => Math.ceil(a / b - 1e-9);
const floorDiv = (a: number, b: number) => Math.floor(a / b + 1e-9);

/**
 * Narrows each withheld count's range [lo, hi] through every equation (and limit) until nothing moves (or
 * `rounds` pass). Sound: a count's true value always stays in its range.
 */
function narrow(equations: readonly Equation[], size: number, rounds = 200): { lo: number[]; hi: number[] } {
  const lo = Array.from({ length: size }, () => 1);
  const hi = Array.from({ length: size }, () => Infinity);
  for (let round = 0, moved = true; moved && round < rounds; round++) {
    moved = false;
    for (const { terms, rhs, atMost } of equations) {
      const r = Number(rhs);
      for (const j of terms) {
        // coef_j × x_j = rhs − Σ_{t≠j} coef_t × x_t
        let min = r;
        let max = r;
        for (const t of terms) {
          if (t === j) continue;
          const c = Number(t.coef);
          min -= c > 0 ? c * hi[t.u] : c * lo[t.u];
          max -= c > 0 ? c * lo[t.u] : c * hi[t.u];
        }
        // A limit (coef_j × x_j ≤ rhs − ...) bounds x_j on one side only: from the largest the rest can leave.
        if (atMost) min = -Infinity;
        const c = Number(j.coef);
        const [a, b] = c > 0 ? [min, max] : [max, min];
        const newLo = Number.isFinite(a) ? ceilDiv(a, c) : -Infinity;
        const newHi = Number.isFinite(b) ? floorDiv(b, c) : Infinity;
        if (newLo > lo[j.u]) {
          lo[j.u] = newLo;
          moved = true;
        }
        if (newHi < hi[j.u]) {
          hi[j.u] = newHi;
          moved = true;
        }
      }
    }
  }
  return { lo, hi };
}

/**
 * Every withheld count an attacker could work out from the published counts, the relations, and the limits
 * (Σ coef × count ≤ 0: what the rulebook's combinations bound without fixing, such as the deprivation of liberty
 * orders, made only for residential care, being at most the children in residential care).
 */
export function auditDisclosure(
  values: ReadonlyMap<string, number>,
  relations: readonly Relation[],
  withheld: ReadonlySet<string>,
  limits: readonly Relation[] = [],
): Disclosure[] {
  const cells = [...withheld].sort();
  const index = new Map(cells.map((c, i) => [c, i]));
  const equations = equationsOf(values, relations, index);
  const bounds = equationsOf(values, limits, index).map((e): Equation => ({ ...e, atMost: true }));
  const found = new Map<string, Disclosure>();

  // Exactly: a reduced row with a single withheld count fixes it.
  const { rows } = reducedRows(
    equations.map((e) => {
      const row = Array.from({ length: cells.length + 1 }, () => 0n);
      for (const t of e.terms) row[t.u] = t.coef;
      row[cells.length] = e.rhs;
      return row;
    }),
    cells.length,
  );
  const derived: Equation[] = [];
  for (const row of rows) {
    const terms = row
      .slice(0, cells.length)
      .map((coef, u) => ({ u, coef }))
      .filter((t) => t.coef !== 0n);
    if (terms.length === 0) continue;
    derived.push({ terms, rhs: row[cells.length] });
    if (terms.length === 1) found.set(cells[terms[0].u], { cell: cells[terms[0].u], how: 'linear', value: Number(row[cells.length] / terms[0].coef) });
  }

  // By bounds, over the relations as published and the combinations the reduction found.
  const { lo, hi } = narrow([...equations, ...derived, ...bounds], cells.length);
  cells.forEach((cell, u) => {
    if (!found.has(cell) && lo[u] >= hi[u]) found.set(cell, { cell, how: 'bounds', value: lo[u] });
  });
  return [...found.values()];
}

export type Withheld = 'primary' | 'secondary';

export interface ProtectOptions {
  /** Withholding a count costs this much; the cheapest helpful count goes first (default: its value). */
  cost?: (cell: string, value: number) => number;
  /** Limits the attacker knows besides the relations (see auditDisclosure). */
  limits?: readonly Relation[];
}

/**
 * Which counts to withhold: primary, then secondary until `auditDisclosure` finds nothing. Each secondary step
 * withholds the cheapest published non-zero count sharing a relation with a disclosed one (or, failing that,
 * reached through withheld ones), so it terminates: at worst every non-zero count is withheld.
 */
export function protectCounts(
  values: ReadonlyMap<string, number>,
  relations: readonly Relation[],
  threshold: number,
  options: ProtectOptions = {},
): Map<string, Withheld> {
  const cost = options.cost ?? ((_: string, v: number) => v);
  const limits = options.limits ?? [];
  const audit = (cells: Iterable<string>) => auditDisclosure(values, relations, new Set(cells), limits);
  const withheld = new Map<string, Withheld>();
  for (const [cell, v] of values) if (v > 0 && v < threshold) withheld.set(cell, 'primary');
  const byCell = new Map<string, Relation[]>();
  for (const r of [...relations, ...limits]) for (const { cell } of r) byCell.set(cell, [...(byCell.get(cell) ?? []), r]);
  const publishedNonZero = (cell: string) => !withheld.has(cell) && (values.get(cell) ?? 0) > 0;
  const byCost = (a: string, b: string) => cost(a, values.get(a) ?? 0) - cost(b, values.get(b) ?? 0) || a.localeCompare(b);
  const cheapest = (cells: string[]): string | undefined => cells.sort(byCost).at(0);

  // First the classic step: a relation with a single withheld count gives it away by subtraction, so the cheapest
  // published count of that relation goes with it. Most disclosures end here, each with the obvious partner.
  for (let moved = true; moved;) {
    moved = false;
    for (const r of relations) {
      if (r.filter((t) => withheld.has(t.cell)).length !== 1) continue;
      const partner = cheapest(r.map((t) => t.cell).filter(publishedNonZero));
      if (partner === undefined) continue;
      withheld.set(partner, 'secondary');
      moved = true;
    }
  }

  // Then the full audit, until it finds nothing.
  for (let guard = 0; guard <= values.size; guard++) {
    const disclosed = audit(withheld.keys());
    if (disclosed.length === 0) return withheld;
    const target = disclosed.map((d) => d.cell).sort()[0];
    // The published counts in the relations around the disclosed one, widening through withheld counts.
    let frontier = [target];
    const seen = new Set(frontier);
    let candidates: string[] = [];
    while (candidates.length === 0 && frontier.length > 0) {
      const next: string[] = [];
      for (const cell of frontier)
        for (const r of byCell.get(cell) ?? [])
          for (const { cell: other } of r) {
            if (seen.has(other)) continue;
            seen.add(other);
            if (publishedNonZero(other)) candidates.push(other);
            else if (withheld.has(other)) next.push(other);
          }
      frontier = next;
    }
    if (candidates.length === 0) candidates = [...values.keys()].filter(publishedNonZero);
    if (candidates.length === 0) return withheld;
    candidates.sort(byCost);
    // The cheapest count whose withholding protects the disclosed one; where none does alone, the cheapest.
    const protects = (c: string) => !audit([...withheld.keys(), c]).some((d) => d.cell === target);
    withheld.set(candidates.slice(0, TRIES).find(protects) ?? candidates[0], 'secondary');
  }
  return withheld;
}

/** How many candidates are tried, cheapest first, before settling for the cheapest. */
const TRIES = 12;
