// Care services as users (rules SP.*): the service confirms the evidence of the order it holds before admitting
// the child (shown to the host authority and the inspector), records the arrival and the departure (each told to
// the Care Inspectorate through the outbox), sees the legal status; an admission while the order is not
// recognised is recorded and raised at once to the host authority and the Care Inspectorate. API and pages.
import { signInByCode } from '../web/support/sign-in-by-code';
import { SYSTEM_ACTOR } from '../../src/services/actor';
import { OutboxMessage } from '../../src/store/entities';
import { ADMIN, startHarness, type Harness } from '../support/api-harness';
import { submit, textOf } from '../web/support/agent';
import { addOrganisation, deliverNotice, draftBody, HOST_ORG, PLACING_ORG, postEvent, signatory } from './placement-fixtures';

const SERVICE = 'sp-harbour-house';
const OTHER_SERVICE = 'sp-firth-view';
let h: Harness;
let now = new Date('2026-03-02T09:00:00Z');
const tokens = {} as Record<'placing' | 'host' | 'inspector' | 'service' | 'otherService', string>;

beforeAll(async () => {
  h = await startHarness({}, { clock: () => now });
  await addOrganisation(h, ADMIN, SERVICE, 'service-provider');
  await addOrganisation(h, ADMIN, OTHER_SERVICE, 'service-provider');
  tokens.placing = await h.userToken('placing', PLACING_ORG);
  tokens.host = await h.userToken('host', HOST_ORG);
  tokens.inspector = await h.userToken('inspector', 'scot-care-inspectorate');
  tokens.service = await h.userToken('service-provider', SERVICE);
  tokens.otherService = await h.userToken('service-provider', OTHER_SERVICE);
});
afterAll(() => h.close());

const base = draftBody().placement as Record<string, unknown>;
async function draft(): Promise<string> {
  now = new Date('2026-03-02T09:00:00Z');
  const res = await h.http
    .post('/api/placements')
    .set('Authorization', tokens.placing)
    .send(draftBody({ placement: { ...base, serviceProviderId: SERVICE } }));
  expect(res.status).toBe(201);
  return res.body.id;
}
const outbox = (placementId: string, kind: string) => h.orm.em.fork().find(OutboxMessage, { placementId, kind }, { orderBy: { createdAt: 'asc', id: 'asc' } });

describe('a service that holds the evidence and admits a child on a notice given', () => {
  let id: string;
  beforeAll(async () => {
    id = await draft();
  });

  test('the service sees the placement from the draft on, with its legal status, and confirms the evidence it holds', async () => {
    const seen = await h.http.get(`/api/placements/${id}`).set('Authorization', tokens.service);
    expect(seen.status).toBe(200);
    expect(seen.body.legalStatus.code).toBe('pending');
    expect(seen.body.allowedEvents).toEqual(expect.arrayContaining(['SERVICE_EVIDENCE_CONFIRMED', 'CHILD_ARRIVED']));
    now = new Date('2026-03-02T10:00:00Z');
    const res = await postEvent(h, id, tokens.service, { type: 'SERVICE_EVIDENCE_CONFIRMED', evidence: 'Copy of the care order of 1 March 2026' });
    expect(res.status).toBe(200);
    expect(res.body.service).toMatchObject({
      evidenceForCurrentOrder: true,
      evidence: [
        { evidence: 'Copy of the care order of 1 March 2026', serviceName: 'Harbour House', serviceProviderId: SERVICE, legalBasis: { type: 'care-order' } },
      ],
    });
  });

  test('the host authority and the inspector see what the service confirmed', async () => {
    for (const who of [tokens.host, tokens.inspector]) {
      const res = await h.http.get(`/api/placements/${id}`).set('Authorization', who);
      expect(res.body.service.evidenceForCurrentOrder).toBe(true);
      expect(res.body.service.evidence[0].at).toBe('2026-03-02T10:00:00.000Z');
    }
  });

  test('after the notice is given, the service records the arrival: recognised, and the Care Inspectorate is told', async () => {
    now = new Date('2026-03-03T09:00:00Z');
    expect((await postEvent(h, id, tokens.placing, { type: 'NOTICE_SIGNED', signatory })).status).toBe(200);
    await deliverNotice(h, id, '2026-03-03T09:05:00Z');
    now = new Date('2026-03-05T11:00:00Z');
    const res = await postEvent(h, id, tokens.service, { type: 'CHILD_ARRIVED' });
    expect(res.status).toBe(200);
    expect(res.body.legalStatus.code).toBe('recognised');
    expect(res.body.service.stays).toEqual([
      expect.objectContaining({ serviceName: 'Harbour House', arrivedAt: '2026-03-05T11:00:00.000Z', departedAt: null }),
    ]);
    const told = await outbox(id, 'care-service');
    expect(told.map((m) => [m.recipientOrganisationId, (m.payload as { movement: string }).movement])).toEqual([['scot-care-inspectorate', 'arrival']]);
    const text = String((told[0].payload as { text: string }).text);
    expect(text).toContain('Harbour House (CS2020000001)');
    expect(text).toContain('Evidence of the order held by the service: Confirmed');
    expect(text).not.toMatch(/Ada|Lovelace/);
    expect(await outbox(id, 'admission-alert')).toEqual([]);
  });

  test('the departure is recorded and told to the Care Inspectorate; it does not end the placement', async () => {
    now = new Date('2026-04-01T10:00:00Z');
    const res = await postEvent(h, id, tokens.service, { type: 'CHILD_DEPARTED', reason: 'Moved to a family placement in England' });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('placed');
    expect(res.body.legalStatus.code).toBe('recognised');
    expect(res.body.service.stays[0]).toMatchObject({ departedAt: '2026-04-01T10:00:00.000Z', departureReason: 'Moved to a family placement in England' });
    expect(res.body.allowedEvents).not.toContain('CHILD_DEPARTED');
    expect((await outbox(id, 'care-service')).map((m) => (m.payload as { movement: string }).movement)).toEqual(['arrival', 'departure']);
    // Once gone, the child cannot leave again; the placing authority still records the end.
    expect((await postEvent(h, id, tokens.service, { type: 'CHILD_DEPARTED' })).status).toBe(409);
    const placing = await h.http.get(`/api/placements/${id}`).set('Authorization', tokens.placing);
    expect(placing.body.allowedEvents).toContain('PLACEMENT_ENDED');
  });

  test('only the service records its own evidence and departures; another service cannot see the placement', async () => {
    expect((await postEvent(h, id, tokens.placing, { type: 'SERVICE_EVIDENCE_CONFIRMED', evidence: 'x' })).status).toBe(403);
    expect((await postEvent(h, id, tokens.host, { type: 'CHILD_DEPARTED' })).status).toBe(403);
    expect((await postEvent(h, id, tokens.otherService, { type: 'SERVICE_EVIDENCE_CONFIRMED', evidence: 'x' })).status).toBe(404);
    expect((await h.http.get(`/api/placements/${id}`).set('Authorization', tokens.otherService)).status).toBe(404);
  });
});

describe('an admission while the order is not recognised', () => {
  let id: string;
  beforeAll(async () => {
    id = await draft();
    now = new Date('2026-03-03T09:00:00Z');
    expect((await postEvent(h, id, tokens.placing, { type: 'NOTICE_SIGNED', signatory })).status).toBe(200);
  });

  test('is recorded (the child is there) and raised at once to the host authority and the Care Inspectorate', async () => {
    now = new Date('2026-03-05T11:00:00Z');
    const res = await postEvent(h, id, tokens.service, { type: 'CHILD_ARRIVED' });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('placed');
    expect(res.body.legalStatus.code).toBe('unrecognised');
    const alerts = await outbox(id, 'admission-alert');
    expect(alerts.map((m) => m.recipientOrganisationId).sort()).toEqual([HOST_ORG, 'scot-care-inspectorate'].sort());
    for (const a of alerts) {
      expect(a.subject).toMatch(/^Admission while the order is not recognised: cross-border placement .+ \(unrecognised\)$/);
      const text = String((a.payload as { text: string }).text);
      expect(text).toContain('C1.notice-before-arrival');
      expect(text).toContain('The service had not confirmed it holds evidence of the order.');
    }
    // The Ministers, the inspectorate and the placing authority get the usual escalation too.
    expect((await outbox(id, 'escalation')).length).toBe(3);
    expect((await outbox(id, 'care-service')).length).toBe(1);
  });
});

describe('pages', () => {
  const signIn = (email: string) => signInByCode(h, email);

  test('the service confirms the evidence and records the departure on the placement page', async () => {
    const id = await draft();
    const { user } = await h.services.users.create(
      SYSTEM_ACTOR,
      { email: 'manager@harbour.example.test', name: 'Harbour manager', role: 'service-provider', organisationId: SERVICE },
      { delivery: 'caller' },
    );
    // Sessions end after 30 idle minutes on the test clock: sign in again after each jump of the clock.
    let agent = await signIn(user.email);
    const queue = textOf((await agent.get('/queue').expect(200)).text);
    expect(queue).toContain('Harbour manager');
    const page = textOf((await agent.get(`/placements/${id}`).expect(200)).text);
    expect(page).toContain('Confirm you hold evidence of the order');
    expect(page).toContain('Not confirmed for the order now in force');

    now = new Date('2026-03-02T09:10:00Z');
    const missing = await submit(agent, `/placements/${id}/actions/service-evidence-confirmed`, { evidence: '' });
    expect(missing.status).toBe(400);
    expect(textOf(missing.text)).toContain('What evidence do you hold?');
    const done = await submit(agent, `/placements/${id}/actions/service-evidence-confirmed`, { evidence: 'Copy of the care order and notice version 1' });
    expect(done.status).toBe(303);
    const after = textOf((await agent.get(`/placements/${id}`).expect(200)).text);
    expect(after).toContain('Confirmed 2 March 2026 at 9:10am');
    expect(after).toContain('Copy of the care order and notice version 1');

    now = new Date('2026-03-03T09:00:00Z');
    expect((await postEvent(h, id, tokens.placing, { type: 'NOTICE_SIGNED', signatory })).status).toBe(200);
    await deliverNotice(h, id, '2026-03-03T09:05:00Z');
    now = new Date('2026-03-05T11:00:00Z');
    agent = await signIn(user.email);
    expect((await submit(agent, `/placements/${id}/actions/child-arrived`, {})).status).toBe(303);
    now = new Date('2026-03-20T11:00:00Z');
    agent = await signIn(user.email);
    expect((await submit(agent, `/placements/${id}/actions/child-departed`, { reason: 'Went home' })).status).toBe(303);
    const left = textOf((await agent.get(`/placements/${id}`).expect(200)).text);
    expect(left).toContain('Left the care service');
    expect(left).toContain('Went home');
    expect(left).toContain('Record that the child left: done.');
    expect(left).not.toContain('Record that the child left –');
    expect((await outbox(id, 'care-service')).map((m) => (m.payload as { movement: string }).movement)).toEqual(['arrival', 'departure']);
  });
});
