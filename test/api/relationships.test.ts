// The child's voice and relationships over the API: each record by its own route (and as an event), the
// 422s naming the field, the read log, the audit log and subject access export keeping them from those who
// may not read them, erasure under retention, and the Care Inspectorate's review of one placement.
import { Placement } from '../../src/store/entities';
import { ADMIN, startHarness, type Harness } from '../support/api-harness';
import { addOrganisation, createPlaced, deliverNotice, draftBody, HOST_ORG, PLACING_ORG, postEvent } from './placement-fixtures';

let h: Harness;
let now = new Date('2026-03-06T12:00:00Z');
let placing: string;
let host: string;
let service: string;
let ministers: string;
let inspector: string;
let otherInspector: string;
let advocacy: string;
let id: string;

const SERVICE = 'sp-harbour-house';
const ADVOCACY = 'adv-voice';
const recordedBy = { name: 'Sam Patel', role: 'Social worker' };
const WORDS = 'I want to see my brother Jay every week and keep playing football.';

beforeAll(async () => {
  h = await startHarness({}, { clock: () => now });
  await addOrganisation(h, ADMIN, SERVICE, 'service-provider');
  await addOrganisation(h, ADMIN, ADVOCACY, 'advocacy-provider');
  placing = await h.userToken('placing', PLACING_ORG);
  host = await h.userToken('host', HOST_ORG);
  service = await h.userToken('service-provider', SERVICE);
  ministers = await h.userToken('ministers', 'scot-scottish-ministers');
  inspector = await h.userToken('inspector', 'scot-care-inspectorate');
  otherInspector = await h.userToken('inspector', 'scot-care-inspectorate');
  advocacy = await h.userToken('advocacy', ADVOCACY);
  const { placement } = draftBody();
  id = (await createPlaced(h, placing, { draft: draftBody({ placement: { ...placement, serviceProviderId: SERVICE } }) })).id;
  await postEvent(h, id, ministers, { type: 'ADVOCACY_OFFERED', providerId: ADVOCACY, at: '2026-03-05T12:00:00Z' }).expect(200);
});
afterAll(() => h.close());

const post = (path: string, token: string, body: object) => h.http.post(`/api/placements/${id}/${path}`).set('Authorization', token).send(body);
const read = (token: string) => h.http.get(`/api/placements/${id}/relationships`).set('Authorization', token);

describe('recording each thing', () => {
  test("the child's views, by the placing authority, read back by those caring for the child", async () => {
    const res = await post('child-views', placing, {
      occasion: 'notification',
      childViews: { method: 'direct', said: WORDS, ownWords: true, recordedBy, wantsAdvocate: 'yes', communication: 'Talks best on a walk' },
      at: '2026-03-06T09:00:00Z',
    }).expect(200);
    expect(res.body).toMatchObject({ scope: 'all', latestViews: { id: 'V1', occasion: 'notification', said: WORDS, ownWords: true, recordedBy } });
    expect(res.body.viewsAt).toMatchObject({ notification: true, lastReview: null });
    for (const token of [host, service]) expect((await read(token).expect(200)).body.latestViews.said).toBe(WORDS);
  });

  test('422 naming the field, never a 500', async () => {
    const missing = await post('child-views', placing, { occasion: 'visit', childViews: { method: 'not-possible', recordedBy } }).expect(422);
    expect(missing.type).toBe('application/problem+json');
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'childViews.notPossibleReason' })]);
    const shape = await post('child-views', placing, { occasion: 'sometime', childViews: { method: 'direct', said: 'x', recordedBy } }).expect(422);
    expect(shape.body.errors.map((e: { path: string }) => e.path)).toEqual(['occasion']);
    const apart = await post('siblings', placing, { sibling: { relationship: 'full', livesWhere: 'home-nation' } }).expect(422);
    expect(apart.body.errors.map((e: { path: string }) => e.path)).toEqual(['sibling.separationReason', 'sibling.contactPlan']);
    const district = await post('family-time', placing, {
      arrangement: { who: 'Mum', relationship: 'parent', how: 'video', frequency: { times: 1, per: 'week' }, fromPostcodeDistrict: 'B15 2TT' },
    }).expect(422);
    expect(district.body.errors.map((e: { path: string }) => e.path)).toEqual(['arrangement.fromPostcodeDistrict']);
    const session = await post('family-time/sessions', placing, { session: { arrangementId: 'F9', held: false } });
    expect(session.status).toBe(409); // no arrangement yet: the state offers no session to record
  });

  test('siblings, family time and its sessions', async () => {
    await post('siblings', placing, {
      sibling: {
        knownAs: 'Jay',
        relationship: 'full',
        ageYears: 9,
        livesWhere: 'home-nation',
        separationReason: 'Lives with Dad.',
        contactPlan: 'Weekly video.',
      },
    }).expect(200);
    await post('family-time', placing, {
      arrangement: {
        who: 'Jay',
        relationship: 'sibling',
        siblingId: 'S1',
        how: 'video',
        frequency: { times: 1, per: 'week' },
        fromPostcodeDistrict: 'b15',
        milesFromPlacement: 290,
      },
      at: '2026-03-06T09:30:00Z',
    }).expect(200);
    await post('family-time/sessions', service, { session: { arrangementId: 'F1', held: true }, at: '2026-03-06T10:00:00Z' }).expect(200);
    const missed = await post('family-time/sessions', host, { session: { arrangementId: 'F1', held: false }, at: '2026-03-06T10:30:00Z' }).expect(422);
    expect(missed.body.errors.map((e: { path: string }) => e.path)).toEqual(['session.missedReason']);
    const res = await post('family-time/sessions', host, {
      session: { arrangementId: 'F1', held: false, missedReason: 'transport' },
      at: '2026-03-06T10:30:00Z',
    }).expect(200);
    expect(res.body.siblings).toEqual([expect.objectContaining({ id: 'S1', knownAs: 'Jay', livesWhere: 'home-nation' })]);
    expect(res.body.familyTime.arrangements).toEqual([
      expect.objectContaining({ id: 'F1', fromPostcodeDistrict: 'B15', milesFromPlacement: 290, held: 1, missed: 1 }),
    ]);
  });

  test('what advocacy changed: raised by the advocate, answered by the placing authority; the advocate sees only that', async () => {
    const raised = await post('advocacy-matters', advocacy, { matter: { text: 'Wants to call Jay on school nights.' } }).expect(200);
    expect(raised.body).toEqual(
      expect.objectContaining({ scope: 'advocacy-matters', advocacyMatters: [expect.objectContaining({ id: 'M1', status: 'raised' })] }),
    );
    expect(raised.body.latestViews).toBeUndefined();
    expect(JSON.stringify(raised.body)).not.toContain(WORDS);
    await post('advocacy-matters/outcomes', placing, { outcome: { matterId: 'M1', status: 'acted-on', text: 'Agreed with the home.' } }).expect(200);
    const seen = await read(advocacy).expect(200);
    expect(seen.body.advocacyMatters[0]).toMatchObject({ status: 'acted-on', outcomes: [{ status: 'acted-on', text: 'Agreed with the home.' }] });
    // The events route takes the same records.
    await postEvent(h, id, placing, { type: 'ADVOCACY_MATTER_UPDATED', outcome: { matterId: 'M2', status: 'acted-on', text: 'x' } }).expect(422);
    // Roles that may not record them: 403.
    await post('advocacy-matters', placing, { matter: { text: 'x' } }).expect(403);
    await post('child-views', advocacy, { occasion: 'other', childViews: { method: 'direct', said: 'x', recordedBy } }).expect(403);
  });

  test('a review with views, and one without: the placement says so to the placing authority', async () => {
    now = new Date('2026-03-20T12:00:00Z');
    await postEvent(h, id, placing, {
      type: 'REVIEW_RECORDED',
      childViews: { method: 'advocate', said: 'Through the advocate: happy.', recordedBy },
      at: '2026-03-20T10:00:00Z',
    }).expect(200);
    let p = await h.http.get(`/api/placements/${id}`).set('Authorization', placing).expect(200);
    expect(p.body.voice).toEqual({ lastReview: { at: '2026-03-20T10:00:00.000Z', viewsRecorded: true } });
    await postEvent(h, id, placing, { type: 'REVIEW_RECORDED', at: '2026-03-20T11:00:00Z' }).expect(200);
    p = await h.http.get(`/api/placements/${id}`).set('Authorization', placing).expect(200);
    expect(p.body.voice.lastReview.viewsRecorded).toBe(false);
    // Not for the Ministers or the inspector.
    for (const token of [ministers, inspector]) expect((await h.http.get(`/api/placements/${id}`).set('Authorization', token)).body.voice).toBeUndefined();
  });
});

describe('who reads them', () => {
  test('the Scottish Ministers see the placement but none of it; the inspector only under an open review', async () => {
    await read(ministers).expect(403);
    const denied = await read(inspector).expect(403);
    expect(denied.body.detail).toMatch(/relationship-reviews/);
    // Opening needs a reason.
    await h.http.post(`/api/placements/${id}/relationship-reviews`).set('Authorization', inspector).send({}).expect(422);
    await h.http.post(`/api/placements/${id}/relationship-reviews`).set('Authorization', ministers).send({ reason: 'x' }).expect(403);
    const opened = await h.http
      .post(`/api/placements/${id}/relationship-reviews`)
      .set('Authorization', inspector)
      .send({ reason: 'Complaint about family time, ref CI-2026-0042' })
      .expect(201);
    // 28 days in London: the clocks went forward meanwhile.
    expect(opened.body.closesAt).toBe('2026-04-17T11:00:00.000Z');
    const seen = await read(inspector).expect(200);
    expect(seen.body).toMatchObject({ scope: 'all', review: { openedAt: '2026-03-20T12:00:00.000Z' }, latestViews: { id: 'V2' } });
    // The review is the inspector's own: a colleague has to open one.
    await read(otherInspector).expect(403);
    await h.http.delete(`/api/placements/${id}/relationship-reviews/current`).set('Authorization', inspector).expect(204);
    await read(inspector).expect(403);
    await h.http.delete(`/api/placements/${id}/relationship-reviews/current`).set('Authorization', inspector).expect(409);
    const audit = await h.http.get(`/api/placements/${id}/audit`).set('Authorization', placing).expect(200);
    const types = audit.body.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['RELATIONSHIPS_REVIEW_OPENED', 'RELATIONSHIPS_REVIEW_CLOSED']));
  });

  test('a review ends by itself after its time', async () => {
    await h.http.post(`/api/placements/${id}/relationship-reviews`).set('Authorization', otherInspector).send({ reason: 'Thematic review' }).expect(201);
    await read(otherInspector).expect(200);
    now = new Date('2026-04-20T12:00:00Z');
    await read(otherInspector).expect(403);
  });

  test('each read is logged like a read of the identity', async () => {
    const reads = await h.http.get(`/api/placements/${id}/reads?limit=1000`).set('Authorization', placing).expect(200);
    const relationshipReads = reads.body.items.filter((r: { via: string }) => r.via.startsWith('relationships:'));
    expect(relationshipReads.map((r: { role: string }) => r.role)).toEqual(
      expect.arrayContaining(['placing', 'host', 'service-provider', 'advocacy', 'inspector']),
    );
    expect(relationshipReads.map((r: { role: string }) => r.role)).not.toContain('ministers');
  });

  test('the audit log shows the records to those who may read them; to others only their hashes', async () => {
    const mine = await h.http.get(`/api/placements/${id}/audit`).set('Authorization', placing).expect(200);
    expect(JSON.stringify(mine.body)).toContain(WORDS);
    for (const token of [ministers, inspector, advocacy]) {
      const theirs = await h.http.get(`/api/placements/${id}/audit`).set('Authorization', token).expect(200);
      const text = JSON.stringify(theirs.body);
      expect(text).not.toContain(WORDS);
      expect(text).not.toMatch(/Lives with Dad|Through the advocate|B15/);
      const views = theirs.body.find((e: { type: string }) => e.type === 'CHILD_VIEWS_RECORDED');
      expect(views.payload.childViews).toEqual({ $erasable: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
    // The advocate still reads the matters it raised.
    const adv = await h.http.get(`/api/placements/${id}/audit`).set('Authorization', advocacy).expect(200);
    expect(JSON.stringify(adv.body)).toContain('Wants to call Jay on school nights.');
    // A signed bundle carries none of it, for anyone.
    const bundle = await h.http.get(`/api/placements/${id}/audit/bundle`).set('Authorization', placing).expect(200);
    expect(JSON.stringify(bundle.body)).not.toContain(WORDS);
  });

  test('a subject access export by the Ministers leaves it out; by the placing authority it is all there', async () => {
    const theirs = await h.http.get(`/api/placements/${id}/subject-access`).set('Authorization', ministers).expect(200);
    expect(JSON.stringify(theirs.body)).not.toContain(WORDS);
    expect(theirs.body.record.relationships).toEqual({ withheld: expect.any(String) });
    const mine = await h.http.get(`/api/placements/${id}/subject-access`).set('Authorization', placing).expect(200);
    expect(mine.body.record.relationships.views[0].said).toBe(WORDS);
  });
});

test('retention erases the free text about the child and the family; what happened and the counts stay', async () => {
  await postEvent(h, id, placing, { type: 'PLACEMENT_ENDED', reason: 'Returned home', at: '2026-04-20T10:00:00Z' }).expect(200);
  const row = await h.orm.em.fork().findOneOrFail(Placement, { id });
  // Nothing else stands between the placement and erasure: deliver the end notice, then jump past retention.
  await postEvent(h, id, placing, {
    type: 'NOTICE_UPDATED',
    signatory: { name: 'Jo Bloggs', role: 'Head of Children in Care' },
    at: '2026-04-20T11:00:00Z',
  }).expect(200);
  await deliverNotice(h, id, '2026-04-20T11:05:00Z');
  expect(row.id).toBe(id);
  now = new Date('2040-01-01T00:00:00Z');
  const erased = await h.services.records.erase({ userId: null, role: 'system', organisationId: null }, { dryRun: false });
  expect(erased.map((e) => [e.placementId, e.result])).toEqual([[id, 'erased']]);
  const after = await h.orm.em.fork().findOneOrFail(Placement, { id });
  const rel = after.snapshot.context.relationships;
  expect(JSON.stringify(rel)).not.toMatch(/Jay|football|Lives with Dad|B15|Talks best/);
  expect(rel.views.map((v) => [v.method, v.occasion])).toEqual([
    ['direct', 'notification'],
    ['advocate', 'review'],
  ]);
  expect(rel.sessions.map((s) => s.held)).toEqual([true, false]);
  const audit = await h.http.get(`/api/placements/${id}/audit`).set('Authorization', placing).expect(200);
  expect(JSON.stringify(audit.body)).not.toContain(WORDS);
  expect((await h.http.get('/api/audit/verify').set('Authorization', ADMIN).expect(200)).body.ok).toBe(true);
});
