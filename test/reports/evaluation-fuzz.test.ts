// Property tests of the evaluation return's disclosure control over random populations (fast-check): small
// populations from every nation, setting and legal basis the rulebook allows, with any mix of advocacy, lapses,
// notices and updated notices, under thresholds from 2 to 8. Whatever the population: no published count is
// between 1 and the threshold, the return agrees with itself, and the attacker (evaluation-attack.ts, written
// apart from the production audit) recovers no withheld count.
import fc from 'fast-check';
import { activeRulebook, rulebooks } from '../../machines/rulebook';
import { AGE_BANDS, DURATION_BANDS, FIRST_CONTACT_BANDS, NOTICE_BANDS } from '../../src/reports/evaluation/bands';
import { buildEvaluationReturn } from '../../src/reports/evaluation/build';
import { recognitionRules, renotificationRules } from '../../src/reports/evaluation/definitions';
import { evaluationDictionary } from '../../src/reports/evaluation/dictionary';
import { ADVOCACY_CATEGORIES, FIRST_NOTICE_RULE, STATUS_CATEGORIES, type DutyFact, type PlacementFacts } from '../../src/reports/evaluation/facts';
import { attack } from './evaluation-attack';

const AUTHORITIES: Record<string, string[]> = {
  england: ['E08000025', 'E09000033', 'E06000001'],
  wales: ['W06000015', 'W06000001'],
  'northern-ireland': ['N09000003', 'N09000001'],
};
const HOSTS = ['S12000033', 'S12000036', 'S12000049', 'S12000017'];
const BOOKS = Object.keys(rulebooks);
/** (nation, setting, basis) the rulebooks allow. */
const COMBOS = Object.values(rulebooks).flatMap((b) => b.legalBases.flatMap((l) => l.nations.flatMap((n) => l.settings.map((s) => ({ n, s, basis: l.type })))));
const keys = (set: { bands: readonly { key: string }[] }) => set.bands.map((b) => b.key);
const NOTICE_FOR = {
  met: [...keys(NOTICE_BANDS), 'given-not-arrived'],
  late: ['given-after-arrival'],
  missed: ['not-given-arrived'],
  open: ['not-given-not-arrived'],
};

const DUTY = ADVOCACY_CATEGORIES.filter((a) => a !== 'no-duty');

/** A child placed under `book`: a legal basis the rulebook allows for the nation and setting, and advocacy as its duty applies. */
const child = (book: string) =>
  fc
    .record({
      combo: fc.constantFrom(...COMBOS),
      pick: fc.nat(),
      host: fc.constantFrom(...HOSTS),
      age: fc.constantFrom(...keys(AGE_BANDS)),
      duration: fc.constantFrom(...keys(DURATION_BANDS)),
      advocacy: fc.constantFrom(...DUTY),
      status: fc.constantFrom(...STATUS_CATEGORIES),
    })
    .map(({ combo, pick, advocacy, ...rest }) => ({
      nation: combo.n,
      authority: AUTHORITIES[combo.n][pick % AUTHORITIES[combo.n].length],
      setting: combo.s,
      basis: combo.basis,
      // Under @1 every arrival has the duty; under @2 only residential care (foster: not commenced).
      advocacy: book === 'ssi-2026-31@2' && combo.s === 'foster' ? ('no-duty' as const) : advocacy,
      ...rest,
    }));

const contact = fc.constantFrom(...keys(FIRST_CONTACT_BANDS), 'none');
const outcome = fc.constantFrom('met' as const, 'late' as const, 'missed' as const, 'open' as const);
const duty: fc.Arbitrary<DutyFact> = fc.oneof(
  fc.tuple(outcome, fc.nat()).map(([o, i]) => ({ rule: FIRST_NOTICE_RULE, outcome: o, notice: NOTICE_FOR[o][i % NOTICE_FOR[o].length] })),
  fc.record({ rule: fc.constantFrom(...renotificationRules(), ...recognitionRules().filter((r) => r !== FIRST_NOTICE_RULE)), outcome }),
);

const placementUnder = (books: string[]): fc.Arbitrary<PlacementFacts> =>
  fc.constantFrom(...books).chain((rulebookId) =>
    fc.record({
      rulebookId: fc.constant(rulebookId),
      child: fc.option(child(rulebookId), { nil: null, freq: 4 }),
      arrival: fc.option(fc.record({ firstVisit: contact, firstReview: contact }), { nil: null, freq: 2 }),
      duties: fc.array(duty, { maxLength: 3 }),
    }),
  );
const placement = placementUnder(BOOKS);
/** A population under one rulebook version, or a mix. */
const population = (maxLength: number) =>
  fc.constantFrom(['ssi-2026-31@2'], ['ssi-2026-31@1'], BOOKS).chain((books) => fc.array(placementUnder(books), { maxLength }));

test('over random populations: nothing published below the threshold, and no withheld count recovered', () => {
  fc.assert(
    fc.property(population(45), fc.integer({ min: 2, max: 8 }), (facts, threshold) => {
      const r = buildEvaluationReturn({
        facts,
        organisations: { names: new Map(), hostCouncils: HOSTS },
        threshold,
        period: { from: '2026-04-01', to: '2026-07-01', lastDay: '2026-06-30' },
        generatedAt: '2026-07-02T09:00:00.000Z',
        rulebook: activeRulebook.id,
      });
      for (const t of r.tables)
        for (const row of t.rows)
          for (const c of Object.values(row.cells)) {
            if (c.suppressed) expect(c.value).toBeNull();
            else expect(c.value === 0 || (c.value ?? 0) >= threshold).toBe(true);
          }
      const { recovered, inconsistent } = attack(r, evaluationDictionary(threshold));
      expect(inconsistent).toEqual([]);
      expect(recovered).toEqual([]);
    }),
    { numRuns: 60, seed: 20261214 },
  );
}, 120_000);

test('over random populations with no threshold, every table adds up to its population', () => {
  fc.assert(
    fc.property(fc.array(placement, { maxLength: 30 }), (facts) => {
      const r = buildEvaluationReturn({
        facts,
        organisations: { names: new Map(), hostCouncils: HOSTS },
        threshold: 1,
        period: { from: '2026-04-01', to: '2026-07-01', lastDay: '2026-06-30' },
        generatedAt: '2026-07-02T09:00:00.000Z',
        rulebook: activeRulebook.id,
      });
      const total = (id: string, col = 'count') => r.tables.find((t) => t.id === id)?.rows.find((x) => x.key === 'total')?.cells[col].value;
      const children = facts.filter((f) => f.child).length;
      for (const id of [
        'placing-nation',
        'placing-authority',
        'host-council',
        'setting',
        'legal-basis',
        'age-band',
        'duration-band',
        'advocacy',
        'legal-status',
      ])
        expect(total(id)).toBe(children);
      for (const id of ['first-visit', 'first-review']) expect(total(id)).toBe(facts.filter((f) => f.arrival).length);
      const duties = facts.flatMap((f) => f.duties);
      expect(total('first-notice')).toBe(duties.filter((d) => d.rule === FIRST_NOTICE_RULE).length);
      expect(total('renotification', 'total')).toBe(duties.filter((d) => renotificationRules().includes(d.rule)).length);
      expect(total('lapses', 'total')).toBe(
        duties.filter((d) => recognitionRules().includes(d.rule) && (d.outcome === 'late' || d.outcome === 'missed')).length,
      );
      expect(attack(r, evaluationDictionary(1)).inconsistent).toEqual([]);
    }),
    { numRuns: 40, seed: 7 },
  );
});

test('the attacker has teeth: on random populations with primary suppression only, it recovers withheld counts, each at its true value', () => {
  let attacked = 0;
  fc.assert(
    fc.property(fc.array(placement, { minLength: 5, maxLength: 30 }), (facts) => {
      const full = buildEvaluationReturn({
        facts,
        organisations: { names: new Map(), hostCouncils: HOSTS },
        threshold: 1,
        period: { from: '2026-04-01', to: '2026-07-01', lastDay: '2026-06-30' },
        generatedAt: '2026-07-02T09:00:00.000Z',
        rulebook: activeRulebook.id,
      });
      const truth = new Map<string, number>();
      const naive = {
        tables: full.tables.map((t) => ({
          ...t,
          rows: t.rows.map((row) => ({
            ...row,
            cells: Object.fromEntries(
              Object.entries(row.cells).map(([col, c]) => {
                truth.set(`${t.id}/${row.key}/${col}`, c.value ?? 0);
                const small = (c.value ?? 0) > 0 && (c.value ?? 0) < 5;
                return [col, small ? { value: null, suppressed: true } : c];
              }),
            ),
          })),
        })),
      };
      const { recovered } = attack(naive, evaluationDictionary(5));
      if (recovered.length > 0) attacked++;
      for (const x of recovered) expect([x.cell, truth.get(x.cell)]).toEqual([x.cell, x.value]);
    }),
    { numRuns: 30, seed: 11 },
  );
  expect(attacked).toBeGreaterThan(20);
});
