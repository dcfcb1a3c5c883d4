// What a placement stores for the relationships counts (its PopulationFacts, taken from the snapshot as
// written) counts as the placement projected to the moment of the report would: the clocks falling due
// since the last write change nothing counted, but for the child turning 18, which ends the placement then.
import type { PersistedPlacement } from '../../machines/placement';
import { populationOf, relationshipCounts, type Period } from '../../src/reports/relationships';
import { projectToNow } from '../../src/services/placement-view';
import { elapse, placed } from '../machine/helpers';
import { relationshipsScenario, serviceScenario } from '../machine/fixture-scenario';

const ms = (at: string) => Date.parse(at);
// The child turns 18 on 10 April 2026 (the clock falls due at 2026-04-09T23:00Z, midnight in London).
const turning18 = placed({ child: { dateOfBirth: '2008-04-10' } });

const counted = (p: PersistedPlacement, period: Period, nowMs: number) => relationshipCounts([populationOf(p)], 'placingNation', period, nowMs).total;

const NOWS = ['2026-03-08T00:00:00Z', '2026-04-09T22:59:59Z', '2026-04-10T00:00:00Z', '2026-06-01T00:00:00Z', '2027-03-01T00:00:00Z'];

test.each([
  ['the child’s voice, siblings and family time recorded', relationshipsScenario()],
  ['the care service’s records', serviceScenario()],
  ['a child turning 18, the clock not yet swept', turning18],
  ['a child turning 18, swept', elapse(turning18, 'C11.age-18', '2026-04-10T00:05:00Z')],
])('%s: the stored facts count as the placement projected to the report', (_name, p) => {
  for (const now of NOWS) {
    const nowMs = ms(now);
    const projected = projectToNow(p, new Date(now));
    for (const from of [null, '2026-03-01T00:00:00Z', '2026-03-10T00:00:00Z', '2026-04-20T00:00:00Z', '2026-05-15T00:00:00Z']) {
      for (const toMs of [nowMs, Math.min(nowMs, ms('2026-05-01T00:00:00Z'))]) {
        const period = { fromMs: from === null ? null : ms(from), toMs };
        expect(counted(p, period, nowMs)).toEqual(counted(projected, period, nowMs));
      }
    }
  }
});

test('a child who turned 18 before the period is not counted in it, whether or not the sweep has recorded the end', () => {
  const period = { fromMs: ms('2026-05-01T00:00:00Z'), toMs: ms('2026-06-01T00:00:00Z') };
  expect(counted(turning18, period, period.toMs).children).toBe(0);
  expect(counted(elapse(turning18, 'C11.age-18', '2026-04-10T00:05:00Z'), period, period.toMs).children).toBe(0);
  // Before the birthday the placement goes on.
  expect(counted(turning18, { fromMs: ms('2026-03-20T00:00:00Z'), toMs: ms('2026-04-01T00:00:00Z') }, ms('2026-04-01T00:00:00Z')).children).toBe(1);
});

test('the facts hold no words of the child’s and no name', () => {
  const stored = JSON.stringify(populationOf(relationshipsScenario()));
  for (const words of ['I miss my brother', 'Jay', 'Ada', 'Lovelace', 'Asleep', 'Wants to call']) expect(stored).not.toContain(words);
});
