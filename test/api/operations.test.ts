// What operators and the load balancer read: GET /api/ready (why an instance is not ready), GET /metrics
// (who may read it, what it counts). Runs on SQLite in npm test and on PostgreSQL in npm run test:pg.
import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/services/actor';
import { createApp } from '../../src/http/app';
import { createServices } from '../../src/services';
import { startHarness, type Harness } from '../support/api-harness';
import { createPlaced, PLACING_ORG, postEvent } from './placement-fixtures';

let h: Harness;
let now = new Date('2026-03-09T16:00:00Z');
beforeAll(async () => {
  h = await startHarness({}, { clock: () => now });
});
afterAll(() => h.close());

/** The value of one sample in Prometheus' text format (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',');
    if (want.every((w) => have.includes(w))) return Number(m[3]);
  }
  return 0;
}

describe('GET /api/ready', () => {
  it('is ready with the database up and every migration applied; names the missing migration otherwise', async () => {
    const ready = await h.http.get('/api/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ready', database: 'up', pendingMigrations: [], dispatcher: 'off', draining: false });
    expect(ready.headers['cache-control']).toBe('no-store');

    const conn = h.orm.em.getConnection();
    const [row] = await conn.execute<{ name: string }[]>(`select name from mikro_orm_migrations order by id desc limit 1`);
    await conn.execute(`delete from mikro_orm_migrations where name = ?`, [row.name]);
    try {
      const missing = await h.http.get('/api/ready').expect(503);
      expect(missing.body).toMatchObject({ status: 'unavailable', database: 'up', pendingMigrations: [row.name] });
      expect((await h.http.get('/api/health').expect(200)).body.status).toBe('ok'); // alive all the same
    } finally {
      // The schema is still there: only the record of the migration was taken away.
      await conn.execute(`insert into mikro_orm_migrations (name) values (?)`, [row.name]);
    }
    await h.http.get('/api/ready').expect(200);
  });

  it('turns 503 once the instance begins to stop, so the load balancer sends it nothing new', async () => {
    const services = createServices({ orm: h.orm, config: h.config });
    const http = request(createApp(services));
    await http.get('/api/ready').expect(200);
    services.operations.beginDrain();
    expect((await http.get('/api/ready').expect(503)).body).toMatchObject({ status: 'unavailable', draining: true });
  });
});

describe('GET /metrics', () => {
  it('counts requests by route pattern and status, event apply time, sweeps, deadlines fired and the outbox', async () => {
    const placing = await h.userToken('placing', PLACING_ORG);
    const { id } = await createPlaced(h, placing);
    await h.http.get(`/api/placements/${id}`).set('Authorization', placing).expect(200);
    await h.http.get(`/api/placements/00000000-0000-4000-8000-00000000dead`).set('Authorization', placing).expect(404);
    // An order change made a week ago: its window has passed, so the sweep fires one deadline.
    await postEvent(h, id, placing, {
      type: 'ORDER_CHANGED',
      legalBasis: { type: 'care-order', madeOn: '2026-03-02', effectiveFrom: '2026-03-02T10:00:00Z', expiresAt: null },
      at: '2026-03-09T15:00:00Z',
    }).expect(200);
    const before = (await h.http.get('/metrics').expect(200)).text;
    now = new Date('2026-03-20T16:00:00Z');
    const fired = (await h.services.deadlines.sweep()).filter((r) => r.fired);
    expect(fired.length).toBeGreaterThan(0);
    // A token mailed to a new user waits in the outbox (no dispatcher here).
    await h.services.users.create(
      SYSTEM_ACTOR,
      { email: 'metrics-reader@example.test', name: 'M', role: 'placing', organisationId: PLACING_ORG },
      { delivery: 'email' },
    );
    now = new Date('2026-03-20T16:10:00Z');

    const res = await h.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    expect(sample(text, 'cbp_http_requests_total', { method: 'GET', route: '/api/placements/:id', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'cbp_http_requests_total', { method: 'GET', route: '/api/placements/:id', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(id); // never a raw path
    expect(sample(text, 'cbp_event_apply_seconds_count', { type: 'PLACEMENT_CREATED', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'cbp_event_apply_seconds_count', { type: 'DEADLINE_ELAPSED', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'cbp_deadline_sweeps_total', { outcome: 'ok' })).toBe(sample(before, 'cbp_deadline_sweeps_total', { outcome: 'ok' }) + 1);
    const firedNow = fired.length;
    const firedSum = (t: string) =>
      t
        .split('\n')
        .filter((l) => l.startsWith('cbp_deadlines_fired_total{'))
        .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
    expect(firedSum(text) - firedSum(before)).toBe(firedNow);
    expect(sample(text, 'cbp_outbox_depth', { status: 'queued' })).toBeGreaterThanOrEqual(1);
    // The oldest waiting message was queued at 09 March 16:00 or later (this harness's clock): at least 10 minutes old.
    expect(sample(text, 'cbp_outbox_oldest_queued_age_seconds')).toBeGreaterThanOrEqual(600);
  });

  it('needs the bearer METRICS_TOKEN when one is set, and is not served in production without one', async () => {
    const withToken = request(createApp(createServices({ orm: h.orm, config: { ...h.config, metricsToken: 'metrics-secret-0123456789' } })));
    await withToken.get('/metrics').expect(401);
    await withToken.get('/metrics').set('Authorization', 'Bearer wrong-secret-0123456789').expect(401);
    await withToken.get('/metrics').set('Authorization', 'Bearer metrics-secret-0123456789').expect(200);
    const production = request(createApp(createServices({ orm: h.orm, config: { ...h.config, env: 'production' } })));
    await production.get('/metrics').expect(404);
  });
});
