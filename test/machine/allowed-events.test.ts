// The view probes only the event types some active state node handles. Over random walks through the
// machine (user events, deliveries and clocks elapsing) and the report's seeded population, that list must
// equal the one found by probing every user event.
import { applyEvent, elapseDue, viewOf, type PersistedPlacement } from '../../machines/placement';
import { allowedByEveryProbe } from '../../machines/placement/snapshot';
import { probeEvents } from '../../machines/placement/events';
import { makePlan } from '../reports/seed-plan';
import { runPlan } from '../reports/seed-store';
import { deliverAll, start } from './helpers';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const plus = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

test('over 40 random walks of 60 steps, the pre-filtered allowed events equal every probe', () => {
  let checked = 0;
  const states = new Set<string>();
  for (let seed = 1; seed <= 40; seed++) {
    const rng = random(seed);
    let p: PersistedPlacement = start({ setting: seed % 2 ? 'residential' : 'foster' });
    let at = '2026-03-02T10:00:00Z';
    for (let step = 0; step < 60; step++) {
      const view = viewOf(p);
      expect(view.allowedEvents).toEqual(allowedByEveryProbe(p));
      checked++;
      states.add(JSON.stringify(view.value));
      if (view.done) break;
      at = plus(at, Math.floor(rng() * 20));
      const roll = rng();
      if (roll < 0.15) {
        p = elapseDue(p, at);
        continue;
      }
      if (roll < 0.3 && p.context.notices.length > 0) {
        try {
          p = deliverAll(p, at);
        } catch {
          // nothing outstanding to deliver in this state
        }
        continue;
      }
      const candidates = probeEvents(at).filter((e) => view.allowedEvents.includes(e.type));
      if (candidates.length === 0) continue;
      const r = applyEvent(p, candidates[Math.floor(rng() * candidates.length)]);
      if (r.ok) p = r.placement;
    }
  }
  expect(checked).toBeGreaterThan(500);
  expect(states.size).toBeGreaterThan(100);
});

test('the seeded report population, stored and projected a year on, gives the same allowed events both ways', () => {
  for (let i = 0; i < 300; i++) {
    const p = runPlan(makePlan(i));
    for (const q of [p, elapseDue(p, '2027-12-01T00:00:00Z')]) expect(viewOf(q).allowedEvents).toEqual(allowedByEveryProbe(q));
  }
});

test('a view is worked out once per snapshot object', () => {
  const p = start();
  expect(viewOf(p)).toBe(viewOf(p));
  expect(viewOf({ ...p })).not.toBe(viewOf(p));
  expect(viewOf({ ...p })).toEqual(viewOf(p));
});
