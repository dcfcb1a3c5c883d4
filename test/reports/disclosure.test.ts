// The disclosure audit and secondary suppression behind the evaluation return, worked by hand: what can be
// worked out by subtraction, by solving relations across tables, and by narrowing ranges (a withheld count is
// at least 1); what protectCounts withholds to stop it; and the relations the rulebook's combinations imply.
import { auditDisclosure, protectCounts, type Relation } from '../../src/reports/disclosure';
import { relationsAmong } from '../../src/reports/integer-matrix';

const sum = (whole: string, ...parts: string[]): Relation => [{ cell: whole, coef: 1 }, ...parts.map((cell) => ({ cell, coef: -1 }))];
const values = (o: Record<string, number>) => new Map(Object.entries(o));

describe('auditDisclosure', () => {
  const oneWay = values({ a: 10, b: 3, c: 2, total: 15 });
  const rel = [sum('total', 'a', 'b', 'c')];

  it('finds a lone withheld count by subtraction', () => {
    expect(auditDisclosure(oneWay, rel, new Set(['b']))).toEqual([{ cell: 'b', how: 'linear', value: 3 }]);
  });

  it('two withheld counts in a line protect each other when their sum leaves room', () => {
    expect(auditDisclosure(oneWay, rel, new Set(['b', 'c']))).toEqual([]);
  });

  it('two withheld counts summing to 2 are both 1: found by narrowing ranges', () => {
    const ones = values({ a: 10, b: 1, c: 1, total: 12 });
    expect(auditDisclosure(ones, rel, new Set(['b', 'c']))).toEqual([
      { cell: 'b', how: 'bounds', value: 1 },
      { cell: 'c', how: 'bounds', value: 1 },
    ]);
  });

  it('works across tables: a nation subtotal published in one table gives away an authority withheld in the other', () => {
    const v = values({ total: 15, E: 10, W: 3, NI: 2, E1: 6, E2: 4, W1: 3, NI1: 2 });
    const relations = [sum('total', 'E', 'W', 'NI'), sum('E', 'E1', 'E2'), sum('W', 'W1'), sum('NI', 'NI1'), sum('total', 'E1', 'E2', 'W1', 'NI1')];
    // Each table alone has two withheld cells; together, E2 = E - E1.
    const found = auditDisclosure(v, relations, new Set(['W', 'NI', 'W1', 'NI1', 'E2']));
    expect(found).toEqual([{ cell: 'E2', how: 'linear', value: 4 }]);
  });

  it('solves several relations at once where no single one has a lone unknown', () => {
    // x + y = 7, x + z = 5, y + z = 8: each line has two withheld counts, but together the three lines fix all three.
    const v = values({ x: 2, y: 5, z: 3, s1: 7, s2: 5, s3: 8 });
    const found = auditDisclosure(v, [sum('s1', 'x', 'y'), sum('s2', 'x', 'z'), sum('s3', 'y', 'z')], new Set(['x', 'y', 'z']));
    expect(found.map((d) => [d.cell, d.value]).sort()).toEqual([
      ['x', 2],
      ['y', 5],
      ['z', 3],
    ]);
  });
});

describe('protectCounts', () => {
  it('withholds every count from 1 to threshold-1, and partners until the audit finds nothing', () => {
    const v = values({ a: 10, b: 3, c: 20, total: 33 });
    const withheld = protectCounts(v, [sum('total', 'a', 'b', 'c')], 5);
    expect(withheld).toEqual(
      new Map([
        ['b', 'primary'],
        ['a', 'secondary'],
      ]),
    );
  });

  it('prefers an inner cell to a margin, and never withholds a zero', () => {
    const v = values({ a: 0, b: 3, c: 50, total: 53 });
    const withheld = protectCounts(v, [sum('total', 'a', 'b', 'c')], 5, { cost: (cell, n) => n + (cell === 'total' ? 1e6 : 0) });
    expect([...withheld.keys()].sort()).toEqual(['b', 'c']);
  });

  it('protects the nation and authority tables together', () => {
    const v = values({ total: 15, E: 10, W: 3, NI: 2, E1: 6, E2: 4, W1: 3, NI1: 2 });
    const relations = [sum('total', 'E', 'W', 'NI'), sum('E', 'E1', 'E2'), sum('W', 'W1'), sum('NI', 'NI1'), sum('total', 'E1', 'E2', 'W1', 'NI1')];
    const withheld = protectCounts(v, relations, 5);
    expect(auditDisclosure(v, relations, new Set(withheld.keys()))).toEqual([]);
    expect(withheld.get('E1')).toBe('secondary');
    expect(withheld.has('total')).toBe(false);
  });

  it('over random tables with margins in both directions, the audit always ends empty', () => {
    let seed = 99;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let run = 0; run < 60; run++) {
      const rows = 2 + Math.floor(rnd() * 3);
      const cols = 2 + Math.floor(rnd() * 3);
      const v = new Map<string, number>();
      const relations: Relation[] = [];
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) v.set(`c${i}.${j}`, rnd() < 0.3 ? 0 : Math.floor(rnd() * 9));
      for (let i = 0; i < rows; i++) {
        const parts = Array.from({ length: cols }, (_, j) => `c${i}.${j}`);
        v.set(
          `r${i}`,
          parts.reduce((n, p) => n + (v.get(p) ?? 0), 0),
        );
        relations.push(sum(`r${i}`, ...parts));
      }
      for (let j = 0; j < cols; j++) {
        const parts = Array.from({ length: rows }, (_, i) => `c${i}.${j}`);
        v.set(
          `k${j}`,
          parts.reduce((n, p) => n + (v.get(p) ?? 0), 0),
        );
        relations.push(sum(`k${j}`, ...parts));
      }
      v.set(
        'g',
        [...Array(rows).keys()].reduce((n, i) => n + (v.get(`r${i}`) ?? 0), 0),
      );
      relations.push(sum('g', ...Array.from({ length: rows }, (_, i) => `r${i}`)), sum('g', ...Array.from({ length: cols }, (_, j) => `k${j}`)));
      const withheld = protectCounts(v, relations, 5);
      for (const [cell, n] of v) if (n > 0 && n < 5) expect(withheld.get(cell)).toBe('primary');
      for (const cell of withheld.keys()) expect(v.get(cell)).toBeGreaterThan(0);
      expect(auditDisclosure(v, relations, new Set(withheld.keys()))).toEqual([]);
    }
  });
});

test('relationsAmong: the rulebook combinations make the Northern Irish orders add up to the children placed from Northern Ireland', () => {
  // Atoms (nation, basis): care orders in England and Wales, NI care orders in Northern Ireland only.
  const atoms = [
    ['E', 'care'],
    ['W', 'care'],
    ['NI', 'ni-care'],
  ];
  const cells = ['total', 'E', 'W', 'NI', 'care', 'ni-care'];
  const has = (cell: string, a: string[]) => cell === 'total' || a.includes(cell);
  const relations = relationsAmong(cells.map((c) => atoms.map((a) => (has(c, a) ? 1 : 0))));
  // Every relation holds on any counts over these atoms, and the NI one is among them (up to combination).
  const counts = [3, 5, 2];
  const value = (c: string) => atoms.reduce((n, a, i) => n + (has(c, a) ? counts[i] : 0), 0);
  for (const r of relations) expect(r.reduce((n, l, i) => n + Number(l) * value(cells[i]), 0)).toBe(0);
  expect(relations).toHaveLength(cells.length - 3);
  const v = new Map(cells.map((c) => [c, value(c)]));
  const rel = relations.map((r) => r.flatMap((l, i) => (l === 0n ? [] : [{ cell: cells[i], coef: Number(l) }])));
  // With NI withheld and everything else published, the NI orders give it away.
  expect(auditDisclosure(v, rel, new Set(['NI', 'W']))).toContainEqual({ cell: 'NI', how: 'linear', value: 2 });
});

test('limits: a count bounded by another (DoL orders only in residential care) can close a withheld range', () => {
  // residential + foster = 12 (published); DoL orders 11 (published) are at most residential; foster at least 1.
  const v = values({ total: 12, residential: 11, foster: 1, dol: 11 });
  const relations = [sum('total', 'residential', 'foster')];
  const limits: Relation[] = [
    [
      { cell: 'dol', coef: 1 },
      { cell: 'residential', coef: -1 },
    ],
  ];
  expect(auditDisclosure(v, relations, new Set(['residential', 'foster']))).toEqual([]);
  expect(auditDisclosure(v, relations, new Set(['residential', 'foster']), limits)).toEqual([
    { cell: 'foster', how: 'bounds', value: 1 },
    { cell: 'residential', how: 'bounds', value: 11 },
  ]);
  // Without the limit, residential alone partners foster; with it, one more count must go.
  expect([...protectCounts(v, relations, 5).keys()].sort()).toEqual(['foster', 'residential']);
  const withheld = protectCounts(v, relations, 5, { limits });
  expect(withheld.size).toBe(3);
  expect(auditDisclosure(v, relations, new Set(withheld.keys()), limits)).toEqual([]);
});
