// Every page a user opens most, served by the real server (as `npm start`, production settings) over a
// database of 10,000 placements (100,000 in the full run too), signed in as each role: the median time
// to the last byte, one request at a time (issue 10: under 100 ms).
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_DIR, copyDataset, createRoleSessions, dataset } from '../app-adapter';
import { count, distribution, ms, type ResultRow, type Section } from '../lib';
import { serverProcess } from '../load';

const GOAL_MEDIAN_MS = 100;

function get(agent: http.Agent, base: string, pagePath: string, cookie: string): Promise<{ status: number; ms: number; bytes: number; location?: string }> {
  const url = new URL(base);
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const r = http.request({ agent, hostname: url.hostname, port: url.port, method: 'GET', path: pagePath, headers: { cookie } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t, bytes, location: res.headers.location }));
    });
    r.on('error', reject);
    r.end();
  });
}

export const pagesSection: Section = async ({ quick }) => {
  const sizes = quick ? [10_000] : [10_000, 100_000];
  const rows: ResultRow[] = [];
  let serverRss = 0;
  for (const size of sizes) {
    const dir = mkdtempSync(path.join(tmpdir(), 'cbp-bench-pages-'));
    try {
      const file = copyDataset(await dataset(size, console.log), dir);
      const { cookies, placementId } = await createRoleSessions(file);
      const pages: [string, string, string][] = [
        ['work queue', 'placing', '/queue'],
        ['work queue', 'host', '/queue'],
        ['work queue', 'inspector', '/queue'],
        ['work queue', 'ministers', '/queue'],
        ['work queue, sorted by status, page 3', 'placing', '/queue?sort=status&page=3'],
        ['placement (status, clocks, statechart, timeline)', 'placing', `/placements/${placementId}`],
        ['placement', 'inspector', `/placements/${placementId}`],
        ['notify a placement: first step (a new draft)', 'placing', '/placements/new'],
        ['compliance report', 'inspector', '/reports/compliance'],
        ['compliance report: drill-down (missed notices)', 'inspector', '/reports/compliance/placements?rule=C1.notice-before-arrival&outcome=missed'],
        ['users', 'admin', '/admin/users'],
        ['organisations', 'admin', '/admin/organisations'],
        ['sign in', 'placing', '/sign-in'],
      ];
      const server = await serverProcess(file, path.join(BENCH_DIR, 'server-pages.log'));
      const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
      try {
        for (const [name, role, page] of pages) {
          let pagePath = page;
          const cookie = pagePath === '/sign-in' ? '' : cookies[role];
          const warm = await get(agent, server.url, pagePath, cookie); // warm: templates compiled, caches filled
          // "Notify a placement" starts a draft and sends the browser to its first step: time that step.
          if (warm.status === 303 && warm.location) pagePath = new URL(warm.location, server.url).pathname;
          const times: number[] = [];
          let last = { status: 0, bytes: 0 };
          const started = performance.now();
          for (let i = 0; i < (quick ? 10 : 30) && (i < 3 || performance.now() - started < (quick ? 5_000 : 15_000)); i++) {
            const r = await get(agent, server.url, pagePath, cookie);
            times.push(r.ms);
            last = r;
          }
          const d = distribution(times);
          const ok = last.status === 200;
          rows.push({
            what: `page: ${name}, as ${role}, ${count(size)} placements`,
            measured: `median ${ms(d.median)}, p99 ${ms(d.p99)} (${Math.round(last.bytes / 1024)} KiB${ok ? '' : `, HTTP ${last.status}`})`,
            goal: `median < ${GOAL_MEDIAN_MS} ms`,
            met: ok && d.median < GOAL_MEDIAN_MS,
            data: { key: `pages.${role}.${pagePath}.${size}`, role, path: pagePath, placements: size, status: last.status, bytes: last.bytes, ...d },
          });
        }
      } finally {
        agent.destroy();
        serverRss = Math.max(serverRss, await server.stop());
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { rows, notes: [`pages: server peak RSS ${Math.round(serverRss)} MiB (largest database)`], extraRss: { server: serverRss } };
};
