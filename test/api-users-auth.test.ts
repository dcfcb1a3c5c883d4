import request from 'supertest';
import { createApp } from '../src/http/app';
import { createServices } from '../src/services';
import { User } from '../src/store/entities';
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
  it('creates a user whose token works at once', async () => {
    const body = newUser({ email: 'Alex.Smith@Birmingham.Example' });
    const res = await h.http.post('/api/users').set('Authorization', ADMIN).send(body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), token: expect.stringMatching(/^cbp_[\w-]{43}$/) });
    const me = await h.http.get('/api/me').set('Authorization', `Bearer ${res.body.token}`);
    expect(me.body).toMatchObject({ id: res.body.id, email: 'alex.smith@birmingham.example', role: 'placing' });
  });

  it('stores only the hash of the token', async () => {
    const res = await h.http.post('/api/users').set('Authorization', ADMIN).send(newUser());
    const rows: { token_hash: string }[] = await h.orm.em.getConnection().execute('select token_hash from api_token');
    expect(rows.some((r) => r.token_hash.includes(res.body.token))).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
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
    const bearer = `Bearer ${created.body.token}`;
    expect((await h.http.get('/api/me').set('Authorization', bearer)).status).toBe(200);

    const revoked = await h.http.delete(`/api/users/${created.body.id}/tokens`).set('Authorization', ADMIN);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ id: created.body.id, revoked: 1 });
    expectProblem(await h.http.get('/api/me').set('Authorization', bearer), 401);

    const issued = await h.http.post(`/api/users/${created.body.id}/tokens`).set('Authorization', ADMIN);
    expect(issued.status).toBe(201);
    expect((await h.http.get('/api/me').set('Authorization', `Bearer ${issued.body.token}`)).status).toBe(200);
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
    // Its own app (own limiter state) with a small budget, over the same database.
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
});
