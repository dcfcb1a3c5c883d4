import { ADMIN, startHarness, type Harness } from './support/api-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

type Org = { id: string; name: string; kind: string; nation: string; noticeEmail: string; dfeLaCode: string | null };
const list = async (query = '', auth = ADMIN) => {
  const res = await h.http.get(`/api/organisations${query}`).set('Authorization', auth);
  expect(res.status).toBe(200);
  return res.body as Org[];
};
const countBy = (orgs: Org[], key: (o: Org) => string) => orgs.reduce<Record<string, number>>((acc, o) => ({ ...acc, [key(o)]: (acc[key(o)] ?? 0) + 1 }), {});

describe('GET /api/health', () => {
  it('answers without authentication and reports the database', async () => {
    const res = await h.http.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', version: expect.any(String) });
  });

  it('sets security headers and a request id', async () => {
    const res = await h.http.get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("adopts a proxy's hex request id and replaces one that could carry a name", async () => {
    const fromProxy = '5f2b9c1e8a7d4f60b3e2a19c0d8e7f61';
    expect((await h.http.get('/api/health').set('X-Request-Id', fromProxy)).headers['x-request-id']).toBe(fromProxy);
    const named = await h.http.get('/api/health').set('X-Request-Id', 'Jane-Doe-2013-07-19');
    expect(named.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(named.headers['x-request-id']).not.toContain('Jane');
  });
});

describe('GET /api/organisations', () => {
  it('ships every placing body: 153 English, 22 Welsh, 6 Northern Irish', async () => {
    const placing = await list('?kind=placing-authority');
    expect(placing).toHaveLength(181);
    expect(countBy(placing, (o) => o.nation)).toEqual({ england: 153, wales: 22, 'northern-ireland': 6 });
    expect(placing.find((o) => o.id === 'ni-education-authority')?.kind).toBe('placing-authority');
  });

  it('ships the 32 Scottish councils, 14 health boards and the national bodies', async () => {
    const all = await list();
    expect(all).toHaveLength(231);
    expect(countBy(all, (o) => o.kind)).toEqual({
      'placing-authority': 181,
      'host-authority': 32,
      'health-board': 14,
      'care-inspectorate': 1,
      'principal-reporter': 1,
      'scottish-ministers': 1,
      commissioner: 1,
    });
    const ids = all.map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining(['scot-care-inspectorate', 'scot-principal-reporter', 'scot-scottish-ministers']));
    expect(all.every((o) => o.nation === 'scotland' || o.kind === 'placing-authority')).toBe(true);
  });

  it('keeps names with commas intact and carries DfE codes', async () => {
    const all = await list('?nation=england');
    const bcp = all.find((o) => o.id === 'E06000058');
    expect(bcp).toMatchObject({ name: 'Bournemouth, Christchurch and Poole Council', dfeLaCode: '839' });
  });

  it('gives every organisation a placeholder notice mailbox under .invalid', async () => {
    const all = await list();
    expect(all.every((o) => /^[^@\s]+@[^@\s]+\.invalid$/.test(o.noticeEmail))).toBe(true);
    expect(new Set(all.map((o) => o.noticeEmail)).size).toBe(all.length);
  });

  it('filters by kind and nation together', async () => {
    const scottishHosts = await list('?kind=host-authority&nation=scotland');
    expect(scottishHosts).toHaveLength(32);
    expect(await list('?kind=host-authority&nation=wales')).toEqual([]);
    expect(await list('?nation=wales')).toHaveLength(22);
  });

  it('rejects an unknown filter value with a 422 problem naming the query field', async () => {
    const res = await h.http.get('/api/organisations?kind=castle').set('Authorization', ADMIN);
    expect(res.status).toBe(422);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors).toEqual([{ path: 'query.kind', message: expect.any(String) }]);
  });

  it('rejects an unknown query parameter rather than ignoring a typo', async () => {
    const res = await h.http.get('/api/organisations?knid=health-board').set('Authorization', ADMIN);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'query.knid', message: 'Unknown field.' }]);
  });

  it('is open to every role', async () => {
    const host = await h.userToken('host', 'S12000036');
    expect(await list('?kind=health-board', host)).toHaveLength(14);
  });

  it('returns one organisation, or a 404 problem', async () => {
    const ok = await h.http.get('/api/organisations/S12000036').set('Authorization', ADMIN);
    expect(ok.body).toMatchObject({ id: 'S12000036', name: 'City of Edinburgh Council', kind: 'host-authority' });
    const missing = await h.http.get('/api/organisations/NOPE').set('Authorization', ADMIN);
    expect(missing.status).toBe(404);
    expect(missing.type).toBe('application/problem+json');
  });
});

describe('GET /api/rulebook', () => {
  it('returns the active rulebook with every rule cited', async () => {
    const res = await h.http.get('/api/rulebook').set('Authorization', ADMIN);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: expect.any(String), version: expect.any(Number) });
    const rules = [res.body.clocks, res.body.conditions, res.body.parameters].flatMap((m) => Object.values(m));
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((r: any) => typeof r.citation === 'string' && typeof r.confidence === 'string')).toBe(true);
  });

  it('needs a token', async () => {
    expect((await h.http.get('/api/rulebook')).status).toBe(401);
  });
});

describe('POST /api/organisations', () => {
  it('lets an admin add an advocacy provider, and only the run-time kinds', async () => {
    const created = await h.http
      .post('/api/organisations')
      .set('Authorization', ADMIN)
      .send({ name: 'Who Cares? Scotland', kind: 'advocacy-provider', nation: 'scotland', noticeEmail: 'notices@example.org' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'who-cares-scotland', kind: 'advocacy-provider', dfeLaCode: null });

    const again = await h.http
      .post('/api/organisations')
      .set('Authorization', ADMIN)
      .send({ name: 'Who Cares? Scotland', kind: 'advocacy-provider', nation: 'scotland', noticeEmail: 'notices@example.org' });
    expect(again.status).toBe(409);

    const council = await h.http
      .post('/api/organisations')
      .set('Authorization', ADMIN)
      .send({ name: 'New Council', kind: 'host-authority', nation: 'scotland', noticeEmail: 'a@example.org' });
    expect(council.status).toBe(422);
    expect(council.body.errors.map((e: { path: string }) => e.path)).toEqual(['kind']);
  });
});
