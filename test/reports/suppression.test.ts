// Small-cell suppression, worked by hand: primary (1..threshold-1 withheld), complementary (a part whose
// whole minus it is small), dependent cells (sessions of withheld children), secondary (a lone withheld cell
// in a column takes the next smallest with it, or the total where there is none); and planned family time.
import { plannedSessions } from '../../src/reports/relationships';
import { suppress, TOTAL, type SuppressionSpec } from '../../src/reports/suppression';

type C = 'children' | 'separated' | 'sessions';
const spec: SuppressionSpec<C> = { counts: ['children', 'separated'], parts: [['separated', 'children']], dependsOn: { sessions: 'children' } };
const row = (key: string, children: number, separated: number, sessions: number) => ({ key, cells: { children, separated, sessions } });

test('primary, dependent and secondary suppression', () => {
  const out = suppress([row('a', 20, 10, 40), row('b', 3, 0, 6), row('c', 12, 6, 30), row(TOTAL, 35, 16, 76)], 5, spec);
  expect(out).toEqual([
    // b's 3 children are withheld (primary), and so its sessions and its separated count (they describe those 3 children);
    // children: b alone is withheld in its column, so c (12, the next smallest) goes too; then separated: b and c withheld.
    row('a', 20, 10, 40),
    { key: 'b', cells: { children: null, separated: null, sessions: null } },
    { key: 'c', cells: { children: null, separated: null, sessions: null } },
    row(TOTAL, 35, 16, 76),
  ]);
});

test('zeros are published; a part whose complement is small is withheld', () => {
  const out = suppress([row('a', 20, 0, 0), row('b', 30, 28, 10), row(TOTAL, 50, 28, 10)], 5, spec);
  // b: 30 - 28 = 2 children not separated would be a small count: separated withheld; then a's (0) cannot go, so the total's goes.
  expect(out).toEqual([
    row('a', 20, 0, 0),
    { key: 'b', cells: { children: 30, separated: null, sessions: 10 } },
    { key: TOTAL, cells: { children: 50, separated: null, sessions: 10 } },
  ]);
});

test('a population below the threshold publishes nothing about its children', () => {
  const out = suppress([row('all', 4, 2, 9), row(TOTAL, 4, 2, 9)], 5, spec);
  expect(out.every((r) => Object.values(r.cells).every((v) => v === null))).toBe(true);
});

test('no published child count is ever between 1 and the threshold', () => {
  // A small fuzz over random tables: the property primary suppression promises.
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
  for (let t = 0; t < 300; t++) {
    const groups = Array.from({ length: 2 + rnd(4) }, (_, i) => {
      const children = rnd(15);
      return row(`g${i}`, children, rnd(children + 1), rnd(30));
    });
    const total = row(
      TOTAL,
      groups.reduce((n, g) => n + g.cells.children, 0),
      groups.reduce((n, g) => n + g.cells.separated, 0),
      groups.reduce((n, g) => n + g.cells.sessions, 0),
    );
    const out = suppress([...groups, total], 5, spec);
    for (const r of out)
      for (const c of ['children', 'separated'] as const) {
        const v = r.cells[c];
        expect(v === null || v === 0 || v >= 5).toBe(true);
      }
    // No column has exactly one withheld group cell while its total is published.
    for (const c of ['children', 'separated', 'sessions'] as const) {
      const hidden = out.filter((r) => r.key !== TOTAL && r.cells[c] === null).length;
      if (hidden === 1) expect(out.find((r) => r.key === TOTAL)?.cells[c]).toBeNull();
    }
  }
});

test('planned family time: the frequency over the days it ran within the period', () => {
  const a = { arrangedAt: '2026-03-01T00:00:00Z', endedAt: null, frequency: { times: 1, per: 'week' as const } };
  expect(plannedSessions(a, null, Date.parse('2026-03-29T00:00:00Z'))).toBe(4);
  expect(plannedSessions(a, Date.parse('2026-03-15T00:00:00Z'), Date.parse('2026-03-29T00:00:00Z'))).toBe(2);
  expect(plannedSessions({ ...a, endedAt: '2026-03-08T00:00:00Z' }, null, Date.parse('2026-04-29T00:00:00Z'))).toBe(1);
  expect(plannedSessions({ ...a, frequency: { times: 2, per: 'month' } }, null, Date.parse('2026-06-01T00:00:00Z'))).toBe(6);
  expect(plannedSessions(a, Date.parse('2026-05-01T00:00:00Z'), Date.parse('2026-04-01T00:00:00Z'))).toBe(0);
});
