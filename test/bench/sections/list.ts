// GET /api/placements?limit=200 for each role that lists placements, with 1k, 10k and 100k placements
// in the database (seeded as raw rows with real snapshots and access rows), one request at a time, and
// for the placing authority also 8 users at once.
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_DIR, copyDataset, createRoleTokens, dataset, listRequest, ROLE_ORGANISATIONS, type ApiRequest } from '../app-adapter';
import { count, distribution, ms, type ResultRow, type Section } from '../lib';
import { serverProcess } from '../load';

const GOAL_P50_MS = 50;
const CONCURRENT_USERS = 8;

function get(agent: http.Agent, base: string, req: ApiRequest): Promise<{ status: number; items: number; ms: number }> {
  const url = new URL(base);
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const r = http.request({ agent, hostname: url.hostname, port: url.port, method: req.method, path: req.path, headers: req.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const elapsed = performance.now() - t;
        let items = 0;
        try {
          items = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { items?: unknown[] }).items?.length ?? 0;
        } catch {
          // not JSON: counted as no items
        }
        resolve({ status: res.statusCode ?? 0, items, ms: elapsed });
      });
    });
    r.on('error', reject);
    r.end();
  });
}

/** Up to `max` requests one after another, stopping early once `budgetMs` is spent (the slow cases). */
async function sequential(agent: http.Agent, base: string, req: ApiRequest, max: number, budgetMs: number) {
  const times: number[] = [];
  let items = 0;
  let status = 0;
  const start = performance.now();
  await get(agent, base, req); // warm
  for (let i = 0; i < max && (i < 3 || performance.now() - start < budgetMs); i++) {
    const r = await get(agent, base, req);
    times.push(r.ms);
    items = r.items;
    status = r.status;
  }
  return { times, items, status };
}

export const listSection: Section = async ({ quick }) => {
  const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
  const roles = Object.keys(ROLE_ORGANISATIONS);
  const rows: ResultRow[] = [];
  const notes: string[] = [];
  let serverRss = 0;
  for (const size of sizes) {
    const dir = mkdtempSync(path.join(tmpdir(), 'cbp-bench-list-'));
    try {
      const file = copyDataset(await dataset(size, console.log), dir);
      const tokens = await createRoleTokens(file);
      const server = await serverProcess(file, path.join(BENCH_DIR, 'server-list.log'));
      const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
      try {
        for (const role of roles) {
          const r = await sequential(agent, server.url, listRequest(tokens[role]), quick ? 5 : 20, quick ? 5_000 : 20_000);
          const d = distribution(r.times);
          rows.push({
            what: `GET /api/placements?limit=200 as ${role}, ${count(size)} placements`,
            measured: `p50 ${ms(d.median)}, p99 ${ms(d.p99)} (${r.items} items${r.status === 200 ? '' : `, HTTP ${r.status}`})`,
            goal: `p50 < ${GOAL_P50_MS} ms`,
            met: d.median < GOAL_P50_MS && r.status === 200,
            data: { key: `list.${role}.${size}`, role, placements: size, items: r.items, status: r.status, ...d },
          });
        }
        // The placing authority again, with several users at once.
        const each = quick ? 2 : 3;
        const times: number[] = [];
        await Promise.all(
          Array.from({ length: CONCURRENT_USERS }, async () => {
            for (let i = 0; i < each; i++) times.push((await get(agent, server.url, listRequest(tokens.placing))).ms);
          }),
        );
        const d = distribution(times);
        rows.push({
          what: `GET /api/placements?limit=200 as placing, ${CONCURRENT_USERS} users at once, ${count(size)} placements`,
          measured: `p50 ${ms(d.median)}, p99 ${ms(d.p99)}`,
          data: { key: `list.placing-x${CONCURRENT_USERS}.${size}`, placements: size, ...d },
        });
      } finally {
        agent.destroy();
        serverRss = Math.max(serverRss, await server.stop());
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  notes.push(`list: server peak RSS ${Math.round(serverRss)} MiB (largest database)`);
  return { rows, notes, extraRss: { server: serverRss } };
};
