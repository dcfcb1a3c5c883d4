// Exact linear algebra over the integers (BigInt), for the disclosure audit: a row-reduced form of a system of
// equations, and the relations among a set of vectors. Exact, because a rounding error here would decide
// whether a child's count can be worked out. Sizes are small (tens of rows and columns).

const abs = (n: bigint) => (n < 0n ? -n : n);

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** The row divided by the gcd of its entries, its first non-zero entry positive (so equal rows compare equal). */
function normalise(row: bigint[]): bigint[] {
  let g = 0n;
  for (const v of row) if (v !== 0n) g = gcd(g, v);
  if (g === 0n) return row;
  const first = row.find((v) => v !== 0n) ?? 1n;
  const sign = first < 0n ? -1n : 1n;
  return row.map((v) => (v / g) * sign);
}

/**
 * Reduced row echelon form of `rows` over the first `columns` entries of each row (an entry beyond them, such as
 * the right-hand side of an equation, is carried along). Each pivot column is zero in every other row; the rows
 * come back pivot rows first, then rows left with no pivot. Integer-only: a pivot need not be 1.
 */
export function reducedRows(input: readonly (readonly bigint[])[], columns: number): { rows: bigint[][]; pivots: number[] } {
  const rows = input.map((r) => [...r]);
  const pivots: number[] = [];
  let top = 0;
  for (let col = 0; col < columns && top < rows.length; col++) {
    const p = rows.findIndex((r, i) => i >= top && r[col] !== 0n);
    if (p < 0) continue;
    [rows[top], rows[p]] = [rows[p], rows[top]];
    const pivot = rows[top];
    for (let i = 0; i < rows.length; i++) {
      if (i === top || rows[i][col] === 0n) continue;
      const a = pivot[col];
      const b = rows[i][col];
      rows[i] = normalise(rows[i].map((v, j) => v * a - pivot[j] * b));
    }
    rows[top] = normalise(pivot);
    pivots.push(col);
    top++;
  }
  return { rows, pivots };
}

/**
 * A basis of the relations among `vectors` (each a row of 0/1 or small integers): every integer λ with
 * Σ λ_i · vectors[i] = 0. The null space of the transposed matrix, one basis vector per free column.
 */
export function relationsAmong(vectors: readonly (readonly number[])[]): bigint[][] {
  const k = vectors.length;
  if (k === 0) return [];
  const width = vectors[0].length;
  // Transposed: one equation per component, one unknown (λ_i) per vector.
  const equations = Array.from({ length: width }, (_, j) => vectors.map((v) => BigInt(v[j])));
  const { rows, pivots } = reducedRows(equations, k);
  const free = Array.from({ length: k }, (_, i) => i).filter((i) => !pivots.includes(i));
  return free.map((f) => {
    // λ_f = L (the product of the pivots, so every λ is an integer), the other free λ = 0, each pivot λ from its row.
    const scale = pivots.reduce((acc, _, r) => acc * abs(rows[r][pivots[r]]), 1n);
    const lambda: bigint[] = Array.from({ length: k }, () => 0n);
    lambda[f] = scale;
    pivots.forEach((col, r) => {
      lambda[col] = (-rows[r][f] * scale) / rows[r][col];
    });
    return normalise(lambda);
  });
}
