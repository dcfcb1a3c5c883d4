// The deadline scheduler: runs the engine's sweep on an interval so legal clocks lapse even when nobody
// calls the API. The sweep itself is durable and idempotent (each due deadline row is marked fired in the
// transaction that fires it), so a restart, a missed tick or a second instance never fires one twice;
// this file only decides when to call it.
import type { SweepResult as OneSweep } from '../services/deadlines';

export type SweepResult = OneSweep[];

export interface SweeperOptions {
  /** Pause between the end of one sweep and the start of the next (runs never overlap). */
  intervalMs: number;
  /** Where to report what fired and any failure; a failed sweep is logged and retried next tick. */
  log?: (line: string) => void;
  /** Run the first sweep at once (catching up on clocks that fell due while the server was down). Default true. */
  runOnStart?: boolean;
}

export interface Sweeper {
  /** Stops the schedule and waits for a sweep already running to finish. Idempotent. */
  stop(): Promise<void>;
  /** Runs one sweep now (after any sweep in flight), outside the schedule; rejects if it fails. */
  runNow(): Promise<SweepResult>;
}

/** One line per deadline the sweep acted on. */
export function describeSweep(results: SweepResult): string[] {
  return results.map((r) => `${r.fired ? 'fired' : 'seen (nothing to do)'} ${r.rule} due ${r.dueAt} placement ${r.placementId} deadline ${r.deadlineId}`);
}

/**
 * Starts sweeping `engine` every `intervalMs`. Timers are unref'd, so the sweeper never keeps the process
 * alive on its own; errors are caught and logged, never thrown into the event loop.
 */
export function startSweeper(engine: { sweep(): Promise<SweepResult> }, options: SweeperOptions): Sweeper {
  const { intervalMs, log = console.log, runOnStart = true } = options;
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) throw new RangeError(`intervalMs must be a positive number, not ${intervalMs}`);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  /** The sweep in flight, if any: the next one always chains after it, so two never run at once. */
  let running: Promise<unknown> = Promise.resolve();

  const sweepOnce = (): Promise<SweepResult> => {
    const run = running.then(() => engine.sweep());
    running = run.catch(() => undefined);
    return run;
  };

  const tick = async () => {
    timer = undefined;
    if (stopped) return;
    try {
      const results = await sweepOnce();
      const fired = results.filter((r) => r.fired).length;
      if (results.length > 0)
        log([`Deadline sweep: ${fired} fired, ${results.length - fired} seen with nothing to do.`, ...describeSweep(results).map((l) => `  ${l}`)].join('\n'));
    } catch (err) {
      log(`Deadline sweep failed (will retry in ${intervalMs} ms): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    schedule(intervalMs);
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => void tick(), delay);
    timer.unref();
  };

  schedule(runOnStart ? 0 : intervalMs);

  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        timer = undefined;
        await running;
      })();
      return stopping;
    },
    runNow: sweepOnce,
  };
}
