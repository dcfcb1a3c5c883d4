// Small-cell suppression for counts about children (rulebook P.small-cell-threshold, after official
// statistics practice): a count above zero and below the threshold is withheld (primary); a part is withheld
// where its whole is, or where whole minus part would be a small count (complementary); and where a column
// has exactly one cell withheld among its groups, the smallest other non-zero one goes too, so it cannot be
// worked out from the total (secondary). Pure. Named so that the evaluation return's own suppression can
// replace it: `suppress(rows, threshold, spec)` is the one entry point.

/** One group's counts (`key` "total" is the published total of the groups). */
export interface CountRow<C extends string> {
  key: string;
  cells: Record<C, number>;
}

export interface SuppressedRow<C extends string> {
  key: string;
  /** null: withheld. */
  cells: Record<C, number | null>;
}

export interface SuppressionSpec<C extends string> {
  /** Columns that count children: subject to primary and secondary suppression. */
  counts: readonly C[];
  /** [part, whole]: the part is withheld with its whole, and when whole - part is a small count. */
  parts?: readonly (readonly [C, C])[];
  /** column -> the children count it describes (e.g. sessions of those children): withheld with it. */
  dependsOn?: Partial<Record<C, C>>;
}

export const TOTAL = 'total';

const small = (n: number, threshold: number) => n > 0 && n < threshold;

export function suppress<C extends string>(rows: readonly CountRow<C>[], threshold: number, spec: SuppressionSpec<C>): SuppressedRow<C>[] {
  const out: SuppressedRow<C>[] = rows.map((r) => ({ key: r.key, cells: { ...r.cells } }));
  const raw = (row: number, c: C) => rows[row].cells[c];
  const hide = (row: number, c: C) => {
    if (out[row].cells[c] === null) return false;
    out[row].cells[c] = null;
    return true;
  };
  // Primary.
  out.forEach((_, i) => spec.counts.forEach((c) => small(raw(i, c), threshold) && hide(i, c)));
  for (let changed = true, guard = 0; changed && guard < 100; guard++) {
    changed = false;
    for (let i = 0; i < out.length; i++) {
      for (const [part, whole] of spec.parts ?? []) {
        if (out[i].cells[whole] === null || small(raw(i, whole) - raw(i, part), threshold)) changed = hide(i, part) || changed;
      }
      for (const [c, on] of Object.entries(spec.dependsOn ?? {}) as [C, C][]) if (out[i].cells[on] === null) changed = hide(i, c) || changed;
    }
    // Secondary, across the groups (the total row is what a lone withheld cell could be derived from).
    const groups = out.map((r, i) => i).filter((i) => out[i].key !== TOTAL);
    const columns = [...spec.counts, ...(spec.parts ?? []).map(([p]) => p), ...(Object.keys(spec.dependsOn ?? {}) as C[])];
    for (const c of new Set(columns)) {
      const hidden = groups.filter((i) => out[i].cells[c] === null);
      if (hidden.length !== 1 || groups.length < 2) continue;
      const next = groups.filter((i) => out[i].cells[c] !== null && raw(i, c) > 0).sort((a, b) => raw(a, c) - raw(b, c))[0];
      // Nothing else to withhold: the total itself would give the lone cell away.
      if (next === undefined) {
        const total = out.findIndex((r) => r.key === TOTAL);
        if (total >= 0) changed = hide(total, c) || changed;
      } else changed = hide(next, c) || changed;
    }
  }
  return out;
}
