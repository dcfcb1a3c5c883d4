// The deadline scheduler (src/scheduler/sweeper.ts): it sweeps on its own, never overlaps, survives a
// failing sweep, stops cleanly and never keeps the process alive.
import { Placement } from '../../src/store/entities';
import { startSweeper, type SweepResult } from '../../src/scheduler/sweeper';
import { startHarness, type Harness } from '../support/api-harness';
import { createPlaced, PLACING_ORG, postEvent } from './placement-fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(10);
  }
}

describe('with the real engine', () => {
  let h: Harness;
  let now = new Date('2026-03-09T16:00:00Z');
  beforeAll(async () => {
    h = await startHarness({}, { clock: () => now });
  });
  afterAll(() => h.close());

  test('a short interval lapses a placement without anyone calling the API', async () => {
    const placing = await h.userToken('placing', PLACING_ORG);
    const { id } = await createPlaced(h, placing);
    await postEvent(h, id, placing, {
      type: 'ORDER_CHANGED',
      legalBasis: { type: 'care-order', madeOn: '2026-03-09', effectiveFrom: '2026-03-09T15:00:00Z', expiresAt: null },
      at: '2026-03-09T15:00:00Z',
    }).expect(200);
    const lines: string[] = [];
    const sweeper = startSweeper(h.services.deadlines, { intervalMs: 20, log: (l) => lines.push(l) });
    try {
      await sleep(100); // several ticks inside the window: nothing is due, nothing changes
      const row = () => h.orm.em.fork().findOneOrFail(Placement, { id });
      expect((await row()).legalStatus).toBe('at-risk');
      expect(lines).toEqual([]);

      now = new Date('2026-03-12T00:00:05Z'); // the window closed at midnight
      await until(async () => (await row()).legalStatus === 'unrecognised');
      await until(() => /fired C3\.order-change-renotify/.test(lines.join('\n'))); // logged once the sweep returns
      await sleep(60); // more ticks
    } finally {
      await sweeper.stop();
    }
    const fired = lines.join('\n').match(/fired C3\.order-change-renotify/g) ?? [];
    expect(fired).toHaveLength(1); // later ticks found nothing more to do
  });
});

describe('scheduling', () => {
  const result = (n: number): SweepResult => [
    { placementId: 'p', deadlineId: `d#${n}`, rule: 'C3.order-change-renotify', dueAt: '2026-03-11T23:59:59.999Z', fired: true },
  ];

  test('runs never overlap, even when a sweep takes longer than the interval', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    const engine = {
      sweep: async () => {
        active++;
        most = Math.max(most, active);
        await sleep(30);
        active--;
        return result(++runs);
      },
    };
    const sweeper = startSweeper(engine, { intervalMs: 1, log: () => {} });
    const manual = sweeper.runNow(); // a manual run while the scheduled one is in flight waits its turn
    await until(() => runs >= 4);
    await manual;
    await sweeper.stop();
    expect(most).toBe(1);
  });

  test('a failing sweep is logged and the next tick runs; nothing is thrown into the process', async () => {
    let calls = 0;
    const engine = {
      sweep: async () => {
        calls++;
        if (calls === 1) throw new Error('database is locked');
        return [] as SweepResult;
      },
    };
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    const lines: string[] = [];
    const sweeper = startSweeper(engine, { intervalMs: 5, log: (l) => lines.push(l) });
    try {
      await until(() => calls >= 3);
    } finally {
      await sweeper.stop();
      process.off('unhandledRejection', unhandled);
    }
    expect(lines[0]).toMatch(/Deadline sweep failed .*database is locked/);
    expect(unhandled).not.toHaveBeenCalled();
  });

  test('stop() waits for the sweep in flight, and no sweep starts after it', async () => {
    let finished = false;
    let calls = 0;
    const engine = {
      sweep: async () => {
        calls++;
        await sleep(50);
        finished = true;
        return [] as SweepResult;
      },
    };
    const sweeper = startSweeper(engine, { intervalMs: 1, log: () => {} });
    await until(() => calls === 1);
    await sweeper.stop();
    expect(finished).toBe(true);
    const after = calls;
    await sleep(30);
    expect(calls).toBe(after);
    await sweeper.stop(); // idempotent
  });

  test('its timer does not keep the process alive (unref)', async () => {
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timeouts();
    const sweeper = startSweeper({ sweep: async () => [] }, { intervalMs: 60_000, runOnStart: false, log: () => {} });
    try {
      expect(timeouts()).toBe(before);
    } finally {
      await sweeper.stop();
    }
  });

  test('refuses a nonsensical interval', () => {
    expect(() => startSweeper({ sweep: async () => [] }, { intervalMs: 0 })).toThrow(RangeError);
  });
});
