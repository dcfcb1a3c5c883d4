// Load generators for the API sections and the server they drive. Two generators at a fixed offered
// rate: autocannon's (`overallRate`), and an evenly paced one written here. autocannon starts each
// second's requests in a burst and pads its histogram, so at a modest rate its latencies are not what a
// steady stream of clients would see; the evenly paced generator sends request i at t0 + i/rate and
// times each from that moment (a request that waits for a free socket is late, not excused), and the
// goals are judged on it. Both are printed.
import { fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ApiRequest } from './app-adapter';
import { distribution } from './lib';

export interface LoadResult {
  generator: 'even' | 'autocannon';
  offered: number;
  /** 2xx responses per second over the time from the first request to the last response. */
  achieved: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  ok: number;
  failed: number;
  /** A few status codes or errors of failed requests, for the notes. */
  failures: string[];
  durationS: number;
}

/**
 * The server in a child process over `file`, its output in `log`; `stop` returns its peak RSS.
 * `drain` waits until it answers a health check promptly (a run it could not keep up with leaves a
 * queue behind, which must not spill into the next run).
 */
export async function serverProcess(file: string, log: string): Promise<{ url: string; drain(): Promise<number>; stop(): Promise<number> }> {
  const out = openSync(log, 'a');
  // `npm run bench -- --cpu-prof` profiles the server too.
  const prof = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.join(process.env.BENCH_CPU_PROF_DIR, 'server')}`] : [];
  const child = fork(path.join(__dirname, 'server-child.ts'), [file], {
    execArgv: [...prof, '--import', 'tsx'],
    stdio: ['ignore', out, out, 'ipc'],
  });
  child.on('exit', () => closeSync(out));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async drain() {
      const agent = new http.Agent({ keepAlive: false });
      const started = performance.now();
      try {
        for (;;) {
          const t = performance.now();
          await send(agent, new URL(url), { method: 'GET', path: '/api/health', headers: {} });
          if (performance.now() - t < 50 || performance.now() - started > 120_000) return (performance.now() - started) / 1000;
        }
      } finally {
        agent.destroy();
      }
    },
    // Resolves once the child has exited, so a CPU profile (written at exit) is complete.
    stop: () =>
      new Promise<number>((resolve) => {
        let peak = 0;
        child.once('message', (m: { peakRssMiB: number }) => (peak = m.peakRssMiB));
        child.once('exit', () => resolve(peak));
        child.send('stop');
      }),
  };
}

/** Sends one request and resolves with its status (0 for a connection error). */
function send(agent: http.Agent, url: URL, req: ApiRequest): Promise<number> {
  return new Promise((resolve) => {
    const r = http.request(
      {
        agent,
        hostname: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: req.body ? { ...req.headers, 'content-length': Buffer.byteLength(req.body) } : req.headers,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    r.on('error', () => resolve(0));
    r.end(req.body);
  });
}

/** How long after its last request the evenly paced generator waits for answers. */
const GRACE_MS = 60_000;

/** Request i at t0 + i/rate for `seconds`; latency from that planned moment to the end of the response. */
export async function evenLoad(base: string, rate: number, seconds: number, request: (i: number) => ApiRequest): Promise<LoadResult> {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const failures: string[] = [];
  let ok = 0;
  let lastDone = 0;
  const inFlight: Promise<void>[] = [];
  const answered: boolean[] = [];
  let cutoff = 0;
  const t0 = performance.now() + 50;
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      send(agent, url, request(i)).then((status) => {
        const done = performance.now();
        lastDone = Math.max(lastDone, done);
        if (cutoff) return; // answered after the grace period: already counted as unanswered
        answered[i] = true;
        latencies.push(done - due);
        if (status >= 200 && status < 300) ok++;
        else failures.push(status ? `HTTP ${status}` : 'connection error');
      }),
    );
  }
  // A server far behind would keep the run going for minutes: what is not answered within the grace
  // period counts as failed, its latency as (at least) the time it waited.
  await Promise.race([
    Promise.all(inFlight),
    new Promise((resolve) => setTimeout(resolve, GRACE_MS + Math.max(0, t0 + (total * 1000) / rate - performance.now()))),
  ]);
  if (latencies.length < total) {
    cutoff = performance.now();
    for (let i = 0; i < total; i++) {
      if (answered[i]) continue;
      latencies.push(cutoff - (t0 + (i * 1000) / rate));
      failures.push(`unanswered after ${GRACE_MS / 1000} s`);
    }
    lastDone = cutoff;
  }
  agent.destroy();
  const d = distribution(latencies);
  const durationS = (lastDone - t0) / 1000;
  return {
    generator: 'even',
    offered: rate,
    achieved: ok / durationS,
    p50Ms: d.median,
    p99Ms: d.p99,
    maxMs: d.max,
    ok,
    failed: total - ok,
    failures: summarise(failures),
    durationS,
  };
}

interface AutocannonResult {
  duration: number;
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p99: number; max: number };
  statusCodeStats?: Record<string, { count: number }>;
}
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, result: AutocannonResult) => void) => unknown;
const autocannon: Autocannon = require('autocannon');

/** autocannon at a fixed overall rate (connections enough that the rate, not the sockets, limits it). */
export async function autocannonLoad(base: string, rate: number, seconds: number, request: (i: number) => ApiRequest): Promise<LoadResult> {
  let i = 0;
  const result = await new Promise<AutocannonResult>((resolve, reject) =>
    autocannon(
      {
        url: base,
        connections: 64,
        overallRate: rate,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            setupRequest: (req: Record<string, unknown>) => {
              const r = request(i++);
              return { ...req, method: r.method, path: r.path, headers: r.headers, body: r.body };
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    ),
  );
  const failures = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, s]) => `HTTP ${code} x${s.count}`);
  if (result.errors) failures.push(`errors x${result.errors}`);
  return {
    generator: 'autocannon',
    offered: rate,
    achieved: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    failures,
    durationS: result.duration,
  };
}

function summarise(failures: string[]): string[] {
  const counts = new Map<string, number>();
  for (const f of failures) counts.set(f, (counts.get(f) ?? 0) + 1);
  return [...counts].map(([f, n]) => `${f} x${n}`);
}
