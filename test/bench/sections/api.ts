// The HTTP API at a fixed offered rate (200 requests/s): POST .../events (events that render no
// document) and GET /api/placements/:id, spread over placed placements, against the server in its own
// process. Judged on the evenly paced generator; autocannon's figures are printed beside them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BENCH_DIR, createRoleTokens, getPlacementRequest, openEngine, postEventRequest, type ApiRequest } from '../app-adapter';
import { freshDatabase } from '../database';
import { ms, perSecond, placementsFor, type ResultRow, type Section } from '../lib';
import { autocannonLoad, evenLoad, serverProcess, type LoadResult } from '../load';

const RATE = 200;
const GOAL = { achieved: 195, p99Ms: 50 };

async function apiSection(kind: 'post' | 'get', quick: boolean) {
  const dir = mkdtempSync(path.join(tmpdir(), `cbp-bench-api-${kind}-`));
  const database = await freshDatabase(dir, `api_${kind}`);
  const file = database.target;
  const seconds = quick ? 5 : 20;
  // Both generators offer RATE requests/s for `seconds` (GET uses as many placements, for a like-for-like read).
  const placements = placementsFor(2 * RATE * seconds);
  const notes: string[] = [];
  try {
    const engine = await openEngine(file);
    const ids: string[] = [];
    try {
      for (let i = 0; i < placements; i++) {
        const id = await engine.create();
        await engine.bringToPlaced(id);
        ids.push(id);
      }
    } finally {
      await engine.close();
    }
    const { placing } = await createRoleTokens(file, ['placing']);
    const request = (i: number): ApiRequest =>
      kind === 'post' ? postEventRequest(ids[i % ids.length], placing, Math.floor(i / ids.length)) : getPlacementRequest(ids[i % ids.length], placing);
    const server = await serverProcess(file, path.join(BENCH_DIR, `server-api-${kind}.log`));
    const results: LoadResult[] = [];
    let serverRss = 0;
    try {
      await evenLoad(server.url, 20, 2, request); // warm: code loaded, statements prepared
      for (const load of [evenLoad, autocannonLoad]) {
        results.push(await load(server.url, RATE, seconds, request));
        const drained = await server.drain();
        if (drained > 1)
          notes.push(`${kind}: the server took ${drained.toFixed(1)} s to work off its queue after the ${results[results.length - 1].generator} run`);
      }
    } finally {
      serverRss = await server.stop();
    }
    const label = kind === 'post' ? 'POST /api/placements/:id/events' : 'GET /api/placements/:id';
    const rows: ResultRow[] = results.map((r) => {
      const judged = r.generator === 'even';
      const met = r.achieved >= GOAL.achieved && r.p99Ms < GOAL.p99Ms;
      return {
        what: `${label} at ${RATE}/s offered, ${judged ? 'evenly paced (judged)' : 'autocannon fixed rate (context)'}`,
        measured: `${perSecond(r.achieved)} achieved, p50 ${ms(r.p50Ms)}, p99 ${ms(r.p99Ms)}${r.failed ? `, ${r.failed} failed` : ''}`,
        anchor: `${RATE}/s offered`,
        ratio: r.achieved / RATE,
        ratioOf: 'achieved / offered',
        goal: judged ? `>= ${GOAL.achieved}/s, p99 < ${GOAL.p99Ms} ms` : undefined,
        met: judged ? met : undefined,
        data: { key: `api.${kind}.${r.generator}`, ...r, serverPeakRssMiB: serverRss, placements },
      };
    });
    for (const r of results) if (r.failures.length) notes.push(`${label} (${r.generator}): ${r.failures.slice(0, 5).join(', ')}`);
    notes.push(`${label}: server peak RSS ${Math.round(serverRss)} MiB`);
    return { rows, notes, extraRss: { server: serverRss } };
  } finally {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const apiPostSection: Section = ({ quick }) => apiSection('post', quick);
export const apiGetSection: Section = ({ quick }) => apiSection('get', quick);
