// The executable examples beside each rule: every example of every rulebook version runs and holds;
// every clock and condition of @2 has one; and every point of sources.md has an example that fails on
// @1 and passes on @2 (the review pack prints the same examples as sentences).
import { examplesOf, rulebooks, type Rulebook } from '../../machines/rulebook';
import { ssi2026v1 } from '../../machines/rulebook/ssi-2026-31.v1';
import { ssi2026v2 } from '../../machines/rulebook/ssi-2026-31.v2';
import { describeExample, runExample } from '../../machines/placement';

const all = Object.values(rulebooks).flatMap((book) => examplesOf(book).map(({ rule, example }) => [book.id, rule, example.title, book, example] as const));

describe('every example of every rulebook version', () => {
  test.each(all)('%s %s: %s', (_id, _rule, _title, book, example) => {
    const r = runExample(book, example);
    if (!r.ok) throw new Error(r.failures.join('\n'));
  });
});

test('every clock, visit clock and condition of @2 carries at least one example', () => {
  const withExamples = new Set(examplesOf(ssi2026v2).map((e) => e.rule));
  const rules = [...Object.keys(ssi2026v2.clocks), ...Object.keys(ssi2026v2.visits), ...Object.keys(ssi2026v2.conditions)];
  expect(rules.filter((id) => !withExamples.has(id))).toEqual([]);
  expect(examplesOf(ssi2026v1).length).toBeGreaterThan(10);
});

describe('each point of sources.md: an example that fails on @1 and passes on @2', () => {
  const pointed = examplesOf(ssi2026v2).filter((e) => e.example.point !== undefined);
  test('all eleven points have one', () => {
    expect([...new Set(pointed.map((e) => e.example.point))].sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
  test.each(pointed.map(({ rule, example }) => [example.point, rule, example.title, example] as const))('point %s, %s: %s', (_p, _rule, _title, example) => {
    expect(runExample(ssi2026v2, example)).toEqual({ ok: true, failures: [] });
    const old = runExample(ssi2026v1, example);
    expect(old.ok).toBe(false);
    expect(old.failures.length).toBeGreaterThan(0);
  });
});

test('the examples have teeth: a changed rule fails them', () => {
  const c3 = ssi2026v2.clocks['C3.order-change-renotify'];
  const longer: Rulebook = {
    ...ssi2026v2,
    clocks: {
      ...ssi2026v2.clocks,
      'C3.order-change-renotify': {
        ...c3,
        clock: { kind: 'span', span: { unit: 'working-days', amount: 4, calendar: 'scotland-statutory', countStartDay: true } },
      },
    },
  };
  const c3Examples = examplesOf(ssi2026v2).filter((e) => e.rule === 'C3.order-change-renotify');
  const results = c3Examples.map((e) => runExample(longer, e.example));
  expect(results.some((r) => !r.ok && r.failures.some((f) => /is due .*, not 2026-03-11T23:59:59.999Z/.test(f)))).toBe(true);
  // A malformed example fails with its reason, never silently.
  const bad = runExample(ssi2026v2, { title: 'x', steps: [{ at: 'not a time', event: 'CHILD_ARRIVED' }], expect: {} });
  expect(bad.ok).toBe(false);
  expect(bad.failures[0]).toMatch(/refused/);
});

test('each example reads as sentences: given, when, then', () => {
  for (const book of Object.values(rulebooks))
    for (const { example } of examplesOf(book)) {
      const d = describeExample(book, example);
      const text = [d.given, ...d.when, ...d.then].join(' ');
      expect(d.then.length).toBeGreaterThan(0);
      expect(text).not.toMatch(/undefined|NaN|Invalid DateTime|\[object Object\]/);
    }
  const first = examplesOf(ssi2026v2).find((e) => e.rule === 'C5.dol-expiry')!.example;
  const d = describeExample(ssi2026v2, first);
  expect(d.given).toContain('stated to expire Tuesday 1 September 2026 at 13:00');
  expect(d.then.join(' ')).toContain('C5.dol-expiry is open, due by the end of Monday 1 June 2026');
});
