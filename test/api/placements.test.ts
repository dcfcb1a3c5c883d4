import { IdentityRead } from '../../src/store/entities';
import { ADMIN, startHarness, type Harness } from '../support/api-harness';
import { deliverNotice, draftBody, HOST_ORG, PLACING_ORG, signatory } from './placement-fixtures';

let h: Harness;
let now = new Date('2026-03-02T09:00:00Z');
let placing: string;
let host: string;
let inspector: string;
let ministers: string;

beforeAll(async () => {
  h = await startHarness({}, { clock: () => now });
  placing = await h.userToken('placing', PLACING_ORG);
  host = await h.userToken('host', HOST_ORG);
  inspector = await h.userToken('inspector', 'scot-care-inspectorate');
  ministers = await h.userToken('ministers', 'scot-scottish-ministers');
});
afterAll(() => h.close());

const event = (id: string, token: string, body: object, ifMatch?: number | string) => {
  const r = h.http.post(`/api/placements/${id}/events`).set('Authorization', token);
  if (ifMatch !== undefined) r.set('If-Match', String(ifMatch));
  return r.send(body);
};

test('residential placement from draft to end', async () => {
  now = new Date('2026-03-02T09:00:00Z');
  const created = await h.http.post('/api/placements').set('Authorization', placing).send(draftBody());
  expect(created.status).toBe(201);
  const id = created.body.id;
  expect(created.body).toMatchObject({
    state: 'draft',
    legalStatus: { code: 'pending' },
    rulebook: 'ssi-2026-31@2',
    placingAuthorityId: PLACING_ORG,
    hostAuthorityId: HOST_ORG,
  });
  expect(created.body.allowedEvents).toEqual(expect.arrayContaining(['NOTICE_SIGNED', 'CHILD_ARRIVED', 'PLACEMENT_ENDED']));

  now = new Date('2026-03-03T09:00:00Z');
  let r = await event(id, placing, { type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T08:59:00Z' }, created.body.version);
  expect(r.status).toBe(200);
  expect(r.body.notice).toMatchObject({ version: 1, givenAt: null });
  // The three statutory recipients decide whether the notice was given (the copies do not).
  expect(r.body.notice.outstandingRecipients.map((x: { role: string }) => x.role).sort()).toEqual([
    'care-inspectorate',
    'host-authority',
    'scottish-ministers',
  ]);
  await deliverNotice(h, id, '2026-03-03T09:00:00Z');

  now = new Date('2026-03-05T12:00:00Z');
  r = await event(id, placing, { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
  expect(r.body.legalStatus.code).toBe('recognised');
  r = await event(id, host, { type: 'HOST_CONDITIONS_CONFIRMED', at: '2026-03-05T11:30:00Z' });
  expect(r.body.regions.hostReview).toBe('confirmed');
  r = await event(id, ministers, { type: 'ADVOCACY_OFFERED', at: '2026-03-05T11:45:00Z' });
  expect(r.status).toBe(200);

  // Order change: at risk, then the window lapses by the sweep alone.
  now = new Date('2026-03-09T16:00:00Z');
  r = await event(id, placing, {
    type: 'ORDER_CHANGED',
    legalBasis: { type: 'care-order', madeOn: '2026-03-09', effectiveFrom: '2026-03-09T15:00:00Z', expiresAt: null },
    at: '2026-03-09T15:00:00Z',
  });
  expect(r.body.legalStatus.code).toBe('at-risk');
  now = new Date('2026-03-12T00:00:05Z');
  const got = await h.http.get(`/api/placements/${id}`).set('Authorization', inspector);
  expect(got.body.legalStatus.code).toBe('unrecognised'); // projected before any sweep
  const sweep = await h.http.post('/api/admin/sweep').set('Authorization', ADMIN);
  expect(sweep.status).toBe(200);
  expect(sweep.body.fired).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'C3.order-change-renotify', fired: true })]));
  const again = await h.http.post('/api/admin/sweep').set('Authorization', ADMIN);
  expect(again.body.fired.filter((f: { placementId: string }) => f.placementId === id)).toEqual([]);

  now = new Date('2026-07-01T12:00:00Z');
  r = await event(id, placing, { type: 'PLACEMENT_ENDED', reason: 'returned home', at: '2026-07-01T10:00:00Z' });
  expect(r.body).toMatchObject({ state: 'ending', legalStatus: { code: 'ended' } });
  r = await event(id, placing, { type: 'NOTICE_UPDATED', signatory, at: '2026-07-01T11:00:00Z' });
  expect(r.status).toBe(200);
  await deliverNotice(h, id, '2026-07-01T11:05:00Z');
  const end = await h.http.get(`/api/placements/${id}`).set('Authorization', placing);
  expect(end.body).toMatchObject({ state: 'ended', allowedEvents: [] });

  const audit = await h.http.get(`/api/placements/${id}/audit`).set('Authorization', inspector);
  expect(audit.body.map((e: { type: string }) => e.type)).toEqual(
    expect.arrayContaining(['PLACEMENT_CREATED', 'NOTICE_SIGNED', 'DELIVERY_ACCEPTED', 'CHILD_ARRIVED', 'DEADLINE_ELAPSED', 'PLACEMENT_ENDED']),
  );
  expect(JSON.stringify(audit.body)).not.toContain('Lovelace');
  const verify = await h.http.get('/api/audit/verify').set('Authorization', inspector);
  expect(verify.body).toMatchObject({ ok: true, firstBrokenSeq: null });
});

test("reading a child's identity is logged; an inspector, who sees only gender, is not", async () => {
  now = new Date('2026-03-02T09:00:00Z');
  const id = (await h.http.post('/api/placements').set('Authorization', placing).send(draftBody())).body.id;
  const own = await h.http.get(`/api/placements/${id}`).set('Authorization', placing);
  expect(own.body.child).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '2012-04-02' });
  const seen = await h.http.get(`/api/placements/${id}`).set('Authorization', inspector);
  expect(seen.body.child).toEqual({ gender: 'female' });
  const reads = (await h.orm.em.fork().find(IdentityRead, {}, { orderBy: { id: 'asc' } })).filter((r) => r.placementIds.includes(id));
  // Creating it showed the placing authority the child's identity too; the inspector's read is not logged.
  expect(reads.map((r) => [r.role, r.via])).toEqual([
    ['placing', 'POST /api/placements'],
    ['placing', 'GET /api/placements/{id}'],
  ]);
});

test('an event sent without `at` happened when the server received it', async () => {
  now = new Date('2026-03-02T09:00:00Z');
  const id = (await h.http.post('/api/placements').set('Authorization', placing).send(draftBody())).body.id;
  now = new Date('2026-03-03T09:30:00Z');
  const r = await event(id, placing, { type: 'NOTICE_SIGNED', signatory });
  expect(r.status).toBe(200);
  expect(r.body.notice.signedAt).toBe('2026-03-03T09:30:00.000Z');
  const audit = await h.http.get(`/api/placements/${id}/audit`).set('Authorization', inspector);
  const signed = audit.body.find((e: { type: string }) => e.type === 'NOTICE_SIGNED');
  expect(signed).toMatchObject({ at: '2026-03-03T09:30:00.000Z', recordedAt: '2026-03-03T09:30:00.000Z' });
});

test('the ETag follows the content, not only the version, and personal data is never cached', async () => {
  now = new Date('2026-03-02T09:00:00Z');
  const created = await h.http.post('/api/placements').set('Authorization', placing).send(draftBody());
  const id = created.body.id;
  expect(created.headers['cache-control']).toBe('no-store');
  now = new Date('2026-03-03T09:00:00Z');
  await event(id, placing, { type: 'NOTICE_SIGNED', signatory }).expect(200);
  await deliverNotice(h, id, '2026-03-03T09:01:00Z');
  now = new Date('2026-03-05T12:00:00Z');
  await event(id, placing, { type: 'CHILD_ARRIVED' }).expect(200);
  await event(id, placing, {
    type: 'ORDER_CHANGED',
    legalBasis: { type: 'care-order', madeOn: '2026-03-05', effectiveFrom: '2026-03-05T10:00:00Z', expiresAt: null },
  }).expect(200);
  const atRisk = await h.http.get(`/api/placements/${id}`).set('Authorization', placing);
  expect(atRisk.body.legalStatus.code).toBe('at-risk');
  // The 3-working-day window closes: same version, a different answer, so a different ETag.
  now = new Date('2026-03-10T12:00:00Z');
  const lapsed = await h.http.get(`/api/placements/${id}`).set('Authorization', placing);
  expect(lapsed.body).toMatchObject({ version: atRisk.body.version, legalStatus: { code: 'unrecognised' } });
  expect(lapsed.headers.etag).not.toBe(atRisk.headers.etag);
  expect(lapsed.headers['cache-control']).toBe('no-store');
  // If-Match takes the ETag as read (or the bare version).
  const ended = await event(id, placing, { type: 'PLACEMENT_ENDED', reason: 'returned home' }, lapsed.headers.etag);
  expect(ended.status).toBe(200);
  expect((await event(id, placing, { type: 'NOTICE_UPDATED', signatory }, lapsed.headers.etag)).status).toBe(409);
  expect((await h.http.get('/api/health')).headers['cache-control']).toBe('no-store');
});
