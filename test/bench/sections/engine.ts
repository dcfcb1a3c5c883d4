// Durable transitions through the engine, in process (no HTTP): placements already placed, each sent
// events that render no document (visits, reviews, host queries and answers) by C concurrent clients,
// each client driving its own placements one event at a time. Then signing: NOTICE_SIGNED end to end,
// and how long it keeps another writer waiting, in this process (a client recording visits meanwhile)
// and in another process (a raw writer on the same file).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { journalMode, openEngine, PLAIN_EVENTS, type EngineHandle } from '../app-adapter';
import { freshDatabase } from '../database';
import { distribution, ms, perSecond, placementsFor, sleep, type ResultRow, type Section } from '../lib';

const SIGN_GOAL_MS = 10;
/** A rate above what the engine reaches here, to size the placements so none gets more than EVENTS_PER_PLACEMENT. */
const EXPECTED_RATE = 1000;
/** The other process writes this often (measurements.md used every 5 ms). */
const PROBE_INTERVAL_MS = 5;

interface Sample {
  at: number;
  ms: number;
}

const wallNow = () => performance.timeOrigin + performance.now();

/** C clients, each sending the plain events in turn to its own placements, for `seconds`. */
async function drive(engine: EngineHandle, ids: string[], clients: number, seconds: number, next: Map<string, number>) {
  const samples: Sample[] = [];
  const statementsBefore = engine.statements();
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const mine = ids.filter((_, i) => i % clients === c);
      for (let k = 0; performance.now() < end; k++) {
        const id = mine[k % mine.length];
        const step = next.get(id) ?? 0;
        next.set(id, step + 1);
        const { role, event } = PLAIN_EVENTS[step % PLAIN_EVENTS.length];
        const at = wallNow();
        const t = performance.now();
        await engine.send(id, role, event);
        samples.push({ at, ms: performance.now() - t });
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return {
    perSecond: samples.length / elapsed,
    latencies: samples.map((s) => s.ms),
    statementsPerEvent: (engine.statements() - statementsBefore) / samples.length,
    events: samples.length,
  };
}

/** Starts the raw writer in its own process on the same database; `stop` returns its samples. */
async function probeWriter(file: string): Promise<{ stop(): Promise<Sample[]> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'probe-writer.ts'), file, String(PROBE_INTERVAL_MS)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.on('error', () => {}); // it may have exited already; its exit code says so
  let out = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.startsWith('ready\n')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`probe writer exited (${code})`)));
  });
  return {
    async stop() {
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      child.stdin.end();
      await exited;
      const json = out.slice('ready\n'.length).trim();
      return (JSON.parse(json) as [number, number][]).map(([at, latency]) => ({ at, ms: latency }));
    },
  };
}

/**
 * The longest extra wait of the samples that overlapped one of the windows, over the writer's own
 * median without signing; NaN when none of its writes overlapping a window got through.
 */
function stallDuring(samples: Sample[], windows: [number, number][], baseline: number): number {
  let worst = NaN;
  for (const s of samples) {
    const overlaps = windows.some(([a, b]) => s.at < b && s.at + s.ms > a);
    if (overlaps) worst = Number.isNaN(worst) ? s.ms - baseline : Math.max(worst, s.ms - baseline);
  }
  return worst;
}

/** Wall times of `work` on each item in turn. */
async function timeEach<T>(items: T[], work: (item: T) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (const item of items) {
    const t = performance.now();
    await work(item);
    times.push(performance.now() - t);
  }
  return times;
}

const summarise = (xs: string[]) => [...new Set(xs)].map((x) => `${x} x${xs.filter((y) => y === x).length}`).join(', ');

export const engineSection: Section = async ({ quick }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cbp-bench-engine-'));
  const database = await freshDatabase(dir, 'engine');
  const file = database.target;
  const engine = await openEngine(file);
  const rows: ResultRow[] = [];
  const notes: string[] = [];
  try {
    const seconds = quick ? 2 : 6;
    // The events of both runs and the warm-up, at up to EXPECTED_RATE events/s.
    const placements = placementsFor(EXPECTED_RATE * (2 * seconds + 0.5));
    const setupStart = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < placements; i++) {
      const id = await engine.create();
      await engine.bringToPlaced(id);
      ids.push(id);
    }
    notes.push(
      `engine: ${placements} placements created and placed in ${((performance.now() - setupStart) / 1000).toFixed(1)} s; ${
        database.kind === 'sqlite' ? 'journal_mode ' : ''
      }${await journalMode(file)}`,
    );
    const next = new Map<string, number>();
    await drive(engine, ids, 1, 0.5, next); // warm
    for (const clients of [1, 16]) {
      const r = await drive(engine, ids, clients, seconds, next);
      const d = distribution(r.latencies);
      rows.push({
        what: `durable transitions through the engine, C=${clients} (events that render no PDF)`,
        measured: `${perSecond(r.perSecond)} (p50 ${ms(d.median)}, p99 ${ms(d.p99)}; ${r.statementsPerEvent.toFixed(1)} SQL statements/event)`,
        data: {
          key: `engine.c${clients}`,
          perSecond: r.perSecond,
          p50Ms: d.median,
          p99Ms: d.p99,
          events: r.events,
          statementsPerEvent: r.statementsPerEvent,
          clients,
          placements,
        },
      });
    }
    notes.push(`engine: at most ${Math.max(...next.values())} events sent to one placement (of ${placements})`);

    // Signing, first alone: NOTICE_SIGNED end to end beside VISIT_RECORDED on its own.
    const signings = quick ? 4 : 10;
    const drafts: string[] = [];
    for (let i = 0; i < 2 * signings; i++) drafts.push(await engine.create());
    const alone = distribution(await timeEach(drafts.slice(0, signings), (id) => engine.sign(id)));
    const busy = ids[0];
    const visitAlone = distribution(
      await timeEach(
        Array.from({ length: signings * 2 }, () => busy),
        (id) => engine.send(id, 'placing', { type: 'VISIT_RECORDED' }),
      ),
    );
    rows.push({
      what: 'NOTICE_SIGNED end to end (renders the PDF), no other writer',
      measured: `p50 ${ms(alone.median)}, max ${ms(alone.max)}`,
      anchor: `VISIT_RECORDED p50 ${ms(visitAlone.median)}`,
      ratio: alone.median / visitAlone.median,
      ratioOf: 'sign / visit',
      data: { key: 'engine.sign', ...alone, visitP50Ms: visitAlone.median, signings },
    });

    // Then signing again while two other writers keep going: a client of this engine recording visits,
    // and a raw writer in another process on the same file. Their usual waits are taken first.
    const probe = await probeWriter(file);
    const quietStart = wallNow();
    const visits: Sample[] = [];
    const failures: string[] = [];
    const attempt = async (what: string, work: () => Promise<void>) => {
      try {
        await work();
        return true;
      } catch (e) {
        // A write can fail outright when the other process holds the lock (SQLITE_BUSY after retries).
        failures.push(`${what}: ${e instanceof Error ? e.constructor.name : String(e)}`);
        return false;
      }
    };
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const at = wallNow();
        const t = performance.now();
        if (await attempt('VISIT_RECORDED', () => engine.send(busy, 'placing', { type: 'VISIT_RECORDED' }))) visits.push({ at, ms: performance.now() - t });
        await sleep(5);
      }
    })();
    await sleep(quick ? 1000 : 2000);
    const quietEnd = wallNow();
    const windows: [number, number][] = [];
    let signed = 0;
    for (const id of drafts.slice(signings)) {
      const a = wallNow();
      if (await attempt('NOTICE_SIGNED', () => engine.sign(id))) signed++;
      windows.push([a, wallNow()]);
      await sleep(100); // let the writers run between signings
    }
    writing = false;
    await writer;
    const probeSamples = await probe.stop();
    // A writer's usual wait with no signing going on (0 when none of its writes got through then).
    const quiet = (s: Sample[]) => {
      const usual = distribution(s.filter((x) => x.at >= quietStart && x.at + x.ms <= quietEnd).map((x) => x.ms)).median;
      return Number.isNaN(usual) ? 0 : usual;
    };
    const visitBaseline = quiet(visits);
    const probeBaseline = quiet(probeSamples);
    const inProcess = stallDuring(visits, windows, visitBaseline);
    const otherProcess = stallDuring(probeSamples, windows, probeBaseline);
    const measured = [inProcess, otherProcess].filter((x) => !Number.isNaN(x));
    const worst = measured.length ? Math.max(...measured) : NaN;
    const failed = failures.length ? `; ${failures.length} writes failed: ${summarise(failures)}` : '';
    rows.push({
      what: `longest extra wait of another writer during NOTICE_SIGNED (${signings} signings, ${signed} succeeded)`,
      measured: `${ms(worst)}${failed}`,
      anchor: `this process ${ms(inProcess)} (usual ${ms(visitBaseline)}), other process ${ms(otherProcess)} (usual ${ms(probeBaseline)})`,
      goal: `<= ${SIGN_GOAL_MS} ms, no write fails`,
      met: measured.length === 2 && worst <= SIGN_GOAL_MS && failures.length === 0,
      data: {
        key: 'engine.signStall',
        inProcessMs: inProcess,
        otherProcessMs: otherProcess,
        visitBaselineMs: visitBaseline,
        probeBaselineMs: probeBaseline,
        probeSamples: probeSamples.length,
        signings,
        signed,
        failures,
      },
    });
  } finally {
    await engine.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, notes };
};
