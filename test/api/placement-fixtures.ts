// Request bodies and steps shared by the placement API tests.
import { activeRulebook } from '../../machines/rulebook';
import { Placement } from '../../src/store/entities';
import type { Harness } from '../support/api-harness';

export const PLACING_ORG = 'E08000025'; // Birmingham
export const OTHER_PLACING_ORG = 'W06000015'; // Cardiff
export const HOST_ORG = 'S12000033'; // Aberdeen City
export const OTHER_HOST_ORG = 'S12000036'; // City of Edinburgh

export function draftBody(overrides: Record<string, unknown> = {}) {
  return {
    child: { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '2012-04-02', gender: 'female' },
    setting: 'residential',
    legalBasis: { type: 'care-order', court: 'Family Court at Birmingham', madeOn: '2026-03-01', effectiveFrom: '2026-03-02T10:00:00Z', expiresAt: null },
    placement: {
      hostAuthorityId: HOST_ORG,
      serviceName: 'Harbour House',
      serviceAddress: '1 Quay Road, Aberdeen',
      serviceEmail: 'manager@harbourhouse.example.org',
      careInspectorateNumber: 'CS2020000001',
      plannedStart: '2026-03-05T10:00:00Z',
      permanence: 'temporary',
    },
    needs: { health: 'Asthma; inhaler', education: 'Year 9; EHCP' },
    contacts: { socialWorker: { name: 'Sam Patel', phone: '0121 000 0000', email: 'sam.patel@example.gov.uk' } },
    ...overrides,
  };
}

/** The mail dispatcher's part, for tests that do not run one: every required recipient accepts the newest notice. */
export async function deliverNotice(h: Harness, placementId: string, at: string): Promise<void> {
  const row = await h.orm.em.fork().findOneOrFail(Placement, { id: placementId });
  const notices = row.snapshot.context.notices;
  const notice = notices[notices.length - 1];
  for (const r of notice.recipients.filter((x) => x.required && x.status !== 'accepted'))
    await h.services.placements.applySystemEvent(placementId, { type: 'DELIVERY_ACCEPTED', version: notice.version, recipient: r.role, at });
}

export const signatory = { name: 'Jo Bloggs', role: 'Head of Children in Care' };
export const book = activeRulebook;

/** POST /api/placements/:id/events as `token`, with `If-Match` when given. */
export function postEvent(h: Harness, id: string, token: string, body: object, ifMatch?: number | string) {
  const r = h.http.post(`/api/placements/${id}/events`).set('Authorization', token);
  if (ifMatch !== undefined) r.set('If-Match', String(ifMatch));
  return r.send(body);
}

/** When the steps of `createPlaced` happen by default (the harness clock must be at or after them). */
export const PLACED_TIMES = { signedAt: '2026-03-03T08:59:00Z', deliveredAt: '2026-03-03T09:00:00Z', arrivedAt: '2026-03-05T11:00:00Z' };

/**
 * Creates a placement as `placingToken` and takes it through signing and delivery of the notice, then
 * (unless `arrive: false`) the child's arrival. Fails the test on any unexpected status.
 */
export async function createPlaced(
  h: Harness,
  placingToken: string,
  options: { draft?: Record<string, unknown>; arrive?: boolean; times?: Partial<typeof PLACED_TIMES> } = {},
): Promise<{ id: string; body: Record<string, any> }> {
  const times = { ...PLACED_TIMES, ...options.times };
  const created = await h.http
    .post('/api/placements')
    .set('Authorization', placingToken)
    .send(options.draft ?? draftBody());
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const id: string = created.body.id;
  const signed = await postEvent(h, id, placingToken, { type: 'NOTICE_SIGNED', signatory, at: times.signedAt });
  if (signed.status !== 200) throw new Error(`sign: ${signed.status} ${JSON.stringify(signed.body)}`);
  await deliverNotice(h, id, times.deliveredAt);
  if (options.arrive === false) return { id, body: (await h.http.get(`/api/placements/${id}`).set('Authorization', placingToken)).body };
  const arrived = await postEvent(h, id, placingToken, { type: 'CHILD_ARRIVED', at: times.arrivedAt });
  if (arrived.status !== 200) throw new Error(`arrive: ${arrived.status} ${JSON.stringify(arrived.body)}`);
  return { id, body: arrived.body };
}

/** Adds an advocacy provider or care service (not in the shipped seed) as the admin; returns its id. */
export async function addOrganisation(h: Harness, adminToken: string, id: string, kind: 'advocacy-provider' | 'service-provider'): Promise<string> {
  const res = await h.http
    .post('/api/organisations')
    .set('Authorization', adminToken)
    .send({ id, name: `Test ${kind} ${id}`, kind, nation: 'scotland', noticeEmail: `notices@${id}.example` });
  if (res.status !== 201) throw new Error(`add organisation ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return id;
}
