// Malformed and rule-breaking requests: each gets its 4xx as application/problem+json, naming the field
// where there is one, and NOTHING is written (rows counted with the ORM before and after).
import { rowCounts, startHarness, type Harness } from '../support/api-harness';
import { createPlaced, draftBody, PLACING_ORG, signatory } from './placement-fixtures';

let h: Harness;
const now = new Date('2026-03-06T12:00:00Z');
let placing: string;
let belfast: string;
let ministers: string;
let id: string;
let version: number;

beforeAll(async () => {
  h = await startHarness({}, { clock: () => now });
  placing = await h.userToken('placing', PLACING_ORG);
  belfast = await h.userToken('placing', 'ni-belfast-hsct');
  ministers = await h.userToken('ministers', 'scot-scottish-ministers');
  // A foster placement with the child placed and the notice given: events below are otherwise allowed.
  const placed = await createPlaced(h, placing, { draft: draftBody({ setting: 'foster' }) });
  id = placed.id;
  version = placed.body.version;
});
afterAll(() => h.close());

const draft = draftBody() as Record<string, any>;
const with_ = (path: string, value: unknown) => {
  const body = structuredClone(draft);
  const keys = path.split('.');
  let at = body;
  for (const k of keys.slice(0, -1)) at = at[k];
  if (value === undefined) delete at[keys[keys.length - 1]];
  else at[keys[keys.length - 1]] = value;
  return body;
};
const legalBasis = (over: Record<string, unknown>) => ({ ...draft.legalBasis, ...over });
const newPlacement = (over: Record<string, unknown>) => ({ ...draft.placement, ...over });
const oversized = { ...draft, needs: { health: 'x'.repeat(200 * 1024) } };
const future = '2026-03-07T12:00:00Z';
const past = '2026-03-06T10:00:00Z';

interface Case {
  name: string;
  body: unknown;
  /** Sent as the raw body with Content-Type application/json (malformed JSON). */
  raw?: string;
  headers?: Record<string, string>;
  /** Send as the Belfast trust or the Ministers instead of Birmingham. */
  as?: 'belfast' | 'ministers';
  status: number;
  /** Every path that must be named in `errors` (none: the problem has no field). */
  paths?: string[];
}

// prettier-ignore
const CREATE: Case[] = [
  { name: 'wrong type: firstName a number',            body: with_('child.firstName', 42),                status: 422, paths: ['child.firstName'] },
  { name: 'wrong type: setting a number',              body: with_('setting', 3),                         status: 422, paths: ['setting'] },
  { name: 'wrong type: legalBasis a string',           body: with_('legalBasis', 'care order'),           status: 422, paths: ['legalBasis'] },
  { name: 'wrong type: the body an array',             body: [draft],                                     status: 422 },
  { name: 'missing field: setting',                    body: with_('setting', undefined),                 status: 422, paths: ['setting'] },
  { name: 'missing field: child.dateOfBirth',          body: with_('child.dateOfBirth', undefined),       status: 422, paths: ['child.dateOfBirth'] },
  { name: 'missing fields: placement.hostAuthorityId and plannedStart', body: with_('placement', { serviceName: 'X', permanence: 'temporary' }), status: 422, paths: ['placement.hostAuthorityId', 'placement.plannedStart'] },
  { name: 'unknown field at the top',                  body: { ...draft, colour: 'blue' },                status: 422, paths: ['colour'] },
  { name: 'unknown field inside child',                body: with_('child.nhsNumber', '943 476 5919'),    status: 422, paths: ['child.nhsNumber'] },
  { name: 'empty body',                                body: {},                                          status: 422, paths: ['child', 'setting', 'legalBasis', 'placement'] },
  { name: 'malformed date of birth',                   body: with_('child.dateOfBirth', '2012-13-45'),    status: 422, paths: ['child.dateOfBirth'] },
  { name: 'date of birth in the future',               body: with_('child.dateOfBirth', '2026-12-01'),    status: 422, paths: ['child.dateOfBirth'] },
  { name: 'malformed effectiveFrom (no offset)',       body: with_('legalBasis.effectiveFrom', '2026-03-02 10:00'), status: 422, paths: ['legalBasis.effectiveFrom'] },
  { name: 'unknown legal basis type',                  body: with_('legalBasis', legalBasis({ type: 'court-order' })), status: 422, paths: ['legalBasis.type'] },
  { name: 'a DoL order in foster care',                body: { ...draft, setting: 'foster', legalBasis: legalBasis({ type: 'dol-order', expiresAt: '2026-06-01T10:00:00Z' }) }, status: 422, paths: ['legalBasis.type'] },
  { name: 'an NI order from an English council',       body: with_('legalBasis', legalBasis({ type: 'ni-care-order' })), status: 422, paths: ['legalBasis.type'] },
  { name: 'an English order from an NI trust',         body: draft, as: 'belfast',                       status: 422, paths: ['legalBasis.type'] },
  { name: 'expiry before the order takes effect',      body: with_('legalBasis', legalBasis({ expiresAt: '2026-03-01T10:00:00Z' })), status: 422, paths: ['legalBasis.expiresAt'] },
  { name: 'unknown host authority id',                 body: with_('placement', newPlacement({ hostAuthorityId: 'S12999999' })), status: 422, paths: ['placement.hostAuthorityId'] },
  { name: 'host authority id of a placing authority',  body: with_('placement', newPlacement({ hostAuthorityId: 'E08000025' })), status: 422, paths: ['placement.hostAuthorityId'] },
  { name: 'unknown service provider id',               body: with_('placement', newPlacement({ serviceProviderId: 'no-such-home' })), status: 422, paths: ['placement.serviceProviderId'] },
  { name: 'malformed email in contacts',               body: with_('contacts.socialWorker.email', 'not-an-email'), status: 422, paths: ['contacts.socialWorker.email'] },
  { name: 'oversized body',                            body: oversized,                                   status: 413 },
  { name: 'malformed JSON',                            body: undefined, raw: '{"child": {"firstName": "Ada",', status: 400 },
  { name: 'not JSON at all (text/plain)',              body: undefined, raw: 'child=Ada', headers: { 'Content-Type': 'text/plain' }, status: 415 },
];

// prettier-ignore
const EVENTS: Case[] = [
  { name: 'unknown event type',                        body: { type: 'CHILD_ABSCONDED', at: past },       status: 422, paths: ['type'] },
  { name: 'a system event (DEADLINE_ELAPSED)',         body: { type: 'DEADLINE_ELAPSED', deadlineId: 'C8.first-visit#4', rule: 'C8.first-visit', at: past }, status: 422, paths: ['type'] },
  { name: 'a system event (DELIVERY_ACCEPTED)',        body: { type: 'DELIVERY_ACCEPTED', version: 1, recipient: 'host-authority', at: past }, status: 422, paths: ['type'] },
  { name: 'missing type',                              body: { at: past },                                status: 422, paths: ['type'] },
  { name: 'at null',                                   body: { type: 'VISIT_RECORDED', at: null },        status: 422, paths: ['at'] },
  { name: 'malformed at',                              body: { type: 'VISIT_RECORDED', at: 'yesterday' }, status: 422, paths: ['at'] },
  { name: 'at without an offset',                      body: { type: 'VISIT_RECORDED', at: '2026-03-06T10:00:00' }, status: 422, paths: ['at'] },
  { name: 'at in the future',                          body: { type: 'VISIT_RECORDED', at: future },      status: 422, paths: ['at'] },
  { name: 'wrong type: text a number',                 body: { type: 'HOST_QUERY_RAISED', text: 5, at: past }, status: 422, paths: ['text'] },
  { name: 'wrong type: interim a string',              body: { type: 'SCOTTISH_CSO_MADE', interim: 'yes', at: past }, status: 422, paths: ['interim'] },
  { name: 'unknown field on an event',                 body: { type: 'VISIT_RECORDED', at: past, visitor: 'Sam' }, status: 422, paths: ['visitor'] },
  { name: 'signatory without a name',                  body: { type: 'NOTICE_UPDATED', signatory: { role: signatory.role }, at: past }, status: 422, paths: ['signatory.name'] },
  { name: 'a DoL order in foster care (ORDER_CHANGED)', body: { type: 'ORDER_CHANGED', legalBasis: legalBasis({ type: 'dol-order', madeOn: '2026-03-06', effectiveFrom: past, expiresAt: '2026-06-01T10:00:00Z' }), at: past }, status: 422, paths: ['legalBasis.type'] },
  { name: 'an NI order from an English council (ORDER_CHANGED)', body: { type: 'ORDER_CHANGED', legalBasis: legalBasis({ type: 'ni-care-order', madeOn: '2026-03-06', effectiveFrom: past }), at: past }, status: 422, paths: ['legalBasis.type'] },
  { name: 'move to an unknown host authority',         body: { type: 'MOVE_PROPOSED', placement: newPlacement({ hostAuthorityId: 'S12999999' }), at: past }, status: 422, paths: ['placement.hostAuthorityId'] },
  { name: 'advocacy offered by an unknown provider',   body: { type: 'ADVOCACY_OFFERED', providerId: 'no-such-provider', at: past }, as: 'ministers', status: 422, paths: ['providerId'] },
  { name: 'If-Match garbage',                          body: { type: 'VISIT_RECORDED', at: past }, headers: { 'If-Match': 'banana' }, status: 400 },
  { name: 'If-Match stale',                            body: { type: 'VISIT_RECORDED', at: past }, headers: { 'If-Match': '1' }, status: 409 },
  { name: 'oversized body',                            body: { type: 'HOST_QUERY_RAISED', text: 'x'.repeat(200 * 1024), at: past }, status: 413 },
  { name: 'malformed JSON',                            body: undefined, raw: '{"type": "VISIT_RECORDED", "at": ', status: 400 },
];

async function send(c: Case, path: string) {
  let r = h.http.post(path).set('Authorization', c.as === 'belfast' ? belfast : c.as === 'ministers' ? ministers : placing);
  for (const [k, v] of Object.entries(c.headers ?? {})) r = r.set(k, v);
  if (c.raw !== undefined) return r.set('Content-Type', c.headers?.['Content-Type'] ?? 'application/json').send(c.raw);
  return r.send(c.body as object);
}

async function expectRefusedWithoutWrites(c: Case, path: string) {
  const before = await rowCounts(h.orm);
  const res = await send(c, path);
  expect(res.status).toBe(c.status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: c.status });
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules/); // never a stack trace
  const named = (res.body.errors ?? []).map((e: { path: string }) => e.path);
  for (const p of c.paths ?? []) expect(named).toContain(p);
  expect(await rowCounts(h.orm)).toEqual(before);
}

describe('POST /api/placements refuses', () => {
  test.each(CREATE.map((c) => [c.name, c] as const))('%s', (_name, c) => expectRefusedWithoutWrites(c, '/api/placements'));
});

describe('POST /api/placements/:id/events refuses', () => {
  test.each(EVENTS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await expectRefusedWithoutWrites(c, `/api/placements/${id}/events`);
    const got = await h.http.get(`/api/placements/${id}`).set('Authorization', placing);
    expect(got.body.version).toBe(version); // the placement did not move
  });

  test('a placement id that is not a uuid: 422 naming params.id', () =>
    expectRefusedWithoutWrites(
      { name: 'bad id', body: { type: 'VISIT_RECORDED', at: past }, status: 422, paths: ['params.id'] },
      '/api/placements/not-a-uuid/events',
    ));
});

test('the same requests made well are accepted (the table refuses for the stated reason, not another)', async () => {
  expect((await h.http.post('/api/placements').set('Authorization', placing).send(draft)).status).toBe(201);
  const ok = await h.http
    .post(`/api/placements/${id}/events`)
    .set('Authorization', placing)
    .set('If-Match', String(version))
    .send({ type: 'VISIT_RECORDED', at: past });
  expect(ok.status).toBe(200);
});
