// Measures what the page layer itself costs (run: npx tsx test/web/support/measure-pages.ts): the
// stylesheet compile cold and from its cache, and the median time to serve each page over HTTP from
// the demo app (in-memory backend, so the figures are the presenters, templates and middleware; the
// real backend's queries come on top). For `npm run bench` to fold in once the pages are wired.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { buildStylesheet } from '../../../src/web/assets';
import { createDemoApp, USERS } from './demo-app';
import { signedIn } from './agent';

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'cbp-css-'));
  const cold = await buildStylesheet({ cacheDir: dir });
  const warm = await buildStylesheet({ cacheDir: dir });
  rmSync(dir, { recursive: true, force: true });
  console.log(`stylesheet: cold compile ${cold.compileMs} ms (${cold.css.length} bytes), from cache ${warm.compileMs} ms`);

  const d = await createDemoApp({ demoUsers: true });
  const server = d.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const pages: [string, (typeof USERS)[keyof typeof USERS], string][] = [
    ['work queue', USERS.placing, '/queue'],
    ['placement', USERS.placing, `/placements/${d.ids.atRisk}`],
    ['sign', USERS.placing, `/placements/${d.ids.draftOnly}/sign`],
    ['compliance report', USERS.inspector, '/reports/compliance'],
    ['admin users', USERS.admin, '/admin/users'],
    ['sign-in', USERS.placing, '/sign-in'],
  ];
  for (const [name, user, url] of pages) {
    const agent = await signedIn(server as never, user);
    const times: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t = performance.now();
      await agent.get(url).expect((r) => (r.status < 400 ? undefined : Promise.reject(new Error(`${url}: ${r.status}`))));
      if (i >= 10) times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`${name.padEnd(18)} median ${times[Math.floor(times.length / 2)].toFixed(1)} ms, p90 ${times[Math.floor(times.length * 0.9)].toFixed(1)} ms`);
  }
  server.close();
  void request;
}

main();
