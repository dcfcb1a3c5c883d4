import request from 'supertest';
import { createApp } from '../src/http/app';
import { createServices } from '../src/services';
import { AuditEvent, OutboxMessage, User } from '../src/store/entities';
import { ADMIN, startHarness, type Harness } from './support/api-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const userCount = () => h.orm.em.fork().count(User, {});
const newUser = (over: Record<string, unknown> = {}) => ({
  email: `worker${Math.random().toString(36).slice(2)}@birmingham.example`,
  name: 'Sam Worker',
  role: 'placing',
  organisationId: 'E08000025',
  ...over,
});

function expectProblem(res: { status: number; type: string; body: Record<string, unknown> }, status: number) {
  expect(res.status).toBe(status);
  expect(res.type).toBe('application/problem+json');
  expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status });
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(ts|js):\d+/); // never a stack trace
}

describe('authentication', () => {
  it('401 problem without a token, with WWW-Authenticate', async () => {
    const res = await h.http.get('/api/organisations');
    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('401 problem for an unknown token or a malformed header', async () => {
    expectProblem(await h.http.get('/api/organisations').set('Authorization', 'Bearer cbp_nope'), 401);
    expectProblem(await h.http.get('/api/organisations').set('Authorization', `Basic ${ADMIN}`), 401);
  });

  it('403 problem for a role that may not', async () => {
    const placing = await h.userToken('placing', 'E08000025');
    const res = await h.http.post('/api/users').set('Authorization', placing).send(newUser());
    expectProblem(res, 403);
    expect(res.body.detail).toMatch(/admin/);
  });

  it('GET /api/me says who the token belongs to', async () => {
    const host = await h.userToken('host', 'S12000036');
    const res = await h.http.get('/api/me').set('Authorization', host);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'host', organisationId: 'S12000036', organisation: { kind: 'host-authority' } });
  });
});

describe('POST /api/users', () => {
  it("creates a user whose token goes to the user's own mailbox, never to the admin, and works at once; both are audited", async () => {
    const body = newUser({ email: 'Alex.Smith@Birmingham.Example' });
    const res = await h.http.post('/api/users').set('Authorization', ADMIN).send(body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), token: null, tokenDelivery: 'email', tokenExpiresAt: expect.any(String) });
    const token = await h.mailedToken('alex.smith@birmingham.example');
    // The admin's view of the outbox shows that a mail waits, not what it says.
    const outbox = await h.http.get('/api/admin/outbox').set('Authorization', ADMIN);
    expect(JSON.stringify(outbox.body)).not.toContain(token);
    const me = await h.http.get('/api/me').set('Authorization', `Bearer ${token}`);
    expect(me.body).toMatchObject({ id: res.body.id, email: 'alex.smith@birmingham.example', role: 'placing' });
    const audit = await h.orm.em.fork().find(AuditEvent, { type: { $in: ['USER_CREATED', 'TOKEN_ISSUED'] } }, { orderBy: { seq: 'asc' } });
    const mine = audit.filter((e) => e.payload.userId === res.body.id);
    expect(mine.map((e) => [e.type, e.actorRole])).toEqual([
      ['USER_CREATED', 'admin'],
      ['TOKEN_ISSUED', 'admin'],
    ]);
    expect(mine[1].payload).toMatchObject({ delivery: 'email' });
    expect(JSON.stringify(mine)).not.toContain(token);
    expect((await h.http.get('/api/audit/verify').set('Authorization', ADMIN)).body).toMatchObject({ ok: true });
  });

  it('stores only the hash of the token', async () => {
    const res = await h.http.post('/api/users').set('Authorization', ADMIN).send(newUser());
    const token = await h.mailedToken((await h.services.users.find(res.body.id)).email);
    const rows: { token_hash: string }[] = await h.orm.em.getConnection().execute('select token_hash from api_token');
    expect(rows.some((r) => r.token_hash.includes(token))).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('tokens expire after CBP_TOKEN_TTL_DAYS; an admin lists them and revokes one', async () => {
    let now = new Date('2026-03-02T09:00:00Z');
    const short = await startHarness({ CBP_TOKEN_TTL_DAYS: '30' }, { clock: () => now });
    try {
      const created = await short.http
        .post('/api/users')
        .set('Authorization', ADMIN)
        .send(newUser({ email: 'ttl@birmingham.example' }));
      const first = await short.mailedToken('ttl@birmingham.example');
      const again = await short.http.post(`/api/users/${created.body.id}/tokens`).set('Authorization', ADMIN).expect(201);
      expect(again.body).toMatchObject({ token: null, tokenDelivery: 'email', tokenExpiresAt: '2026-04-01T09:00:00.000Z' });
      // Both mails were queued at the same (fixed) time: the second token is the other one.
      const mails = await short.orm.em.fork().find(OutboxMessage, { kind: 'account', address: 'ttl@birmingham.example' });
      const tokens = mails.map((m) => /(cbp_[\w-]{43})/.exec(String((m.payload as { text: string }).text))![1]);
      expect(tokens).toHaveLength(2);
      const second = tokens.find((t) => t !== first)!;
      expect((await short.http.get('/api/me').set('Authorization', `Bearer ${first}`)).status).toBe(200);
      const listed = await short.http.get(`/api/users/${created.body.id}/tokens`).set('Authorization', ADMIN).expect(200);
      expect(listed.body.map((t: { status: string }) => t.status)).toEqual(['active', 'active']);
      expect(listed.body.find((t: { lastUsedAt: string | null }) => t.lastUsedAt)).toBeDefined();
      expect(JSON.stringify(listed.body)).not.toMatch(/cbp_/);
      // Revoke the second only (the one never used).
      const unused = listed.body.find((t: { lastUsedAt: string | null }) => !t.lastUsedAt).id;
      await short.http.delete(`/api/users/${created.body.id}/tokens/${unused}`).set('Authorization', ADMIN).expect(200);
      expect((await short.http.get('/api/me').set('Authorization', `Bearer ${second}`)).status).toBe(401);
      expect((await short.http.get('/api/me').set('Authorization', `Bearer ${first}`)).status).toBe(200);
      // 30 days on, the first has expired.
      now = new Date('2026-04-01T09:00:01Z');
      expect((await short.http.get('/api/me').set('Authorization', `Bearer ${first}`)).status).toBe(401);
      // (The admin's own token, issued the same day, has expired too: read through the service.)
      expect((await short.http.get('/api/me').set('Authorization', ADMIN)).status).toBe(401);
      const later = await short.services.users.tokens(created.body.id);
      expect(later.tokens.map((t) => t.status).sort()).toEqual(['expired', 'revoked']);
    } finally {
      await short.close();
    }
  });

  it.each([
    [{ email: 'not-an-email' }, ['email']],
    [{ role: 'superuser' }, ['role']],
    [{ name: '' }, ['name']],
    [{ organisationId: undefined, name: undefined }, ['name', 'organisationId']],
    [{ nickname: 'x' }, ['nickname']],
  ])('422 naming the field for %j, writing nothing', async (over, paths) => {
    const before = await userCount();
    const res = await h.http.post('/api/users').set('Authorization', ADMIN).send(newUser(over));
    expectProblem(res, 422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(paths);
    expect(res.body.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
    expect(await userCount()).toBe(before);
  });

  it.each([
    ['placing', 'S12000036', /placing-authority/],
    ['host', 'E08000025', /host-authority/],
    ['inspector', 'scot-scottish-ministers', /care-inspectorate/],
    ['ministers', 'scot-care-inspectorate', /scottish-ministers/],
    ['placing', 'NO-SUCH-ORG', /No organisation/],
  ])('422 on organisationId when a %s user is put in %s', async (role, organisationId, message) => {
    const before = await userCount();
    const res = await h.http.post('/api/users').set('Authorization', ADMIN).send(newUser({ role, organisationId }));
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([{ path: 'organisationId', message: expect.stringMatching(message) }]);
    expect(await userCount()).toBe(before);
  });

  it('lets an admin belong to any organisation', async () => {
    const res = await h.http
      .post('/api/users')
      .set('Authorization', ADMIN)
      .send(newUser({ role: 'admin', organisationId: 'S08000015' }));
    expect(res.status).toBe(201);
  });

  it('409 problem naming email when it is taken (case-insensitively)', async () => {
    const body = newUser();
    expect((await h.http.post('/api/users').set('Authorization', ADMIN).send(body)).status).toBe(201);
    const before = await userCount();
    const res = await h.http
      .post('/api/users')
      .set('Authorization', ADMIN)
      .send({ ...body, email: body.email.toUpperCase() });
    expectProblem(res, 409);
    expect(res.body.errors).toEqual([{ path: 'email', message: expect.any(String) }]);
    expect(await userCount()).toBe(before);
  });
});

describe('request bodies', () => {
  it('400 problem for malformed JSON', async () => {
    const res = await h.http.post('/api/users').set('Authorization', ADMIN).set('Content-Type', 'application/json').send('{"email": "a@b.c",');
    expectProblem(res, 400);
  });

  it('413 problem for a body over the limit', async () => {
    const before = await userCount();
    const res = await h.http
      .post('/api/users')
      .set('Authorization', ADMIN)
      .send(newUser({ name: 'x'.repeat(150 * 1024) }));
    expectProblem(res, 413);
    expect(await userCount()).toBe(before);
  });

  it('415 problem for a body that is not JSON', async () => {
    const res = await h.http.post('/api/users').set('Authorization', ADMIN).set('Content-Type', 'text/plain').send('hello');
    expectProblem(res, 415);
  });

  it('422 problem for a JSON body of the wrong shape', async () => {
    const res = await h.http.post('/api/users').set('Authorization', ADMIN).send([1, 2]);
    expectProblem(res, 422);
  });

  it('404 problem for an unknown route', async () => {
    expectProblem(await h.http.get('/api/nothing-here'), 404);
    expectProblem(await h.http.delete('/api/organisations').set('Authorization', ADMIN), 404);
  });
});

describe('token revocation', () => {
  it('DELETE /api/users/{id}/tokens makes the token fail with 401 at once', async () => {
    const created = await h.http.post('/api/users').set('Authorization', ADMIN).send(newUser());
    const bearer = `Bearer ${await h.mailedToken((await h.services.users.find(created.body.id)).email)}`;
    expect((await h.http.get('/api/me').set('Authorization', bearer)).status).toBe(200);

    const revoked = await h.http.delete(`/api/users/${created.body.id}/tokens`).set('Authorization', ADMIN);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ id: created.body.id, revoked: 1 });
    expectProblem(await h.http.get('/api/me').set('Authorization', bearer), 401);

    const issued = await h.http.post(`/api/users/${created.body.id}/tokens`).set('Authorization', ADMIN);
    expect(issued.status).toBe(201);
    expect(
      (await h.http.get('/api/me').set('Authorization', `Bearer ${await h.mailedToken((await h.services.users.find(created.body.id)).email)}`)).status,
    ).toBe(200);
  });

  it('404 for an unknown user, 422 for a malformed id', async () => {
    expectProblem(await h.http.delete('/api/users/00000000-0000-4000-8000-000000000000/tokens').set('Authorization', ADMIN), 404);
    const bad = await h.http.delete('/api/users/zzz/tokens').set('Authorization', ADMIN);
    expectProblem(bad, 422);
    expect(bad.body.errors[0].path).toBe('params.id');
  });
});

describe('authentication failure rate limit', () => {
  it('answers 429 after too many failures from one IP, while valid tokens keep working', async () => {
    // Its own app with a small budget, over the same database (whose counters earlier tests' failures used).
    await h.services.rateLimits.clear('api-auth:');
    const config = { ...h.config, http: { ...h.config.http, authFailureLimit: 3 } };
    const http = request(createApp(createServices({ orm: h.orm, config })));
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await http.get('/api/me').set('Authorization', `Bearer cbp_guess${i}`)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await http.get('/api/me');
    expectProblem(limited, 429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await http.get('/api/me').set('Authorization', ADMIN)).status).toBe(200);
  });

  it('counts failures in the database, so instances behind a load balancer share the limit per client IP', async () => {
    await h.services.rateLimits.clear('api-auth:');
    const proxied = { ...h.config, http: { ...h.config.http, authFailureLimit: 4, authFailureWindowMs: 60_000, trustProxy: 1 } };
    // Two app instances over one database, each reached through the proxy that names the client.
    const one = request(createApp(createServices({ orm: h.orm, config: proxied })));
    const two = request(createApp(createServices({ orm: h.orm, config: proxied })));
    const guess = (http: typeof one, ip: string) => http.get('/api/me').set('X-Forwarded-For', ip).set('Authorization', 'Bearer cbp_guess');
    const statuses = [];
    for (const http of [one, two, one, two, one]) statuses.push((await guess(http, '203.0.113.7')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const limited = await guess(two, '203.0.113.7');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another client behind the same proxy has its own count.
    expect((await guess(one, '198.51.100.2')).status).toBe(401);
  });
});
