// Request bodies and steps shared by the placement API tests.
import { activeRulebook, type RecipientRole } from '../../machines/rulebook';
import { SYSTEM_ACTOR } from '../../src/engine/placement-service';
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
  const engine = h.app.locals.engine;
  const row = await engine.load(h.orm.em.fork(), placementId);
  const ctx = (row.snapshot as unknown as { context: { notices: { version: number; recipients: { role: RecipientRole; required: boolean; status: string }[] }[] } }).context;
  const notice = ctx.notices[ctx.notices.length - 1];
  for (const r of notice.recipients.filter((x) => x.required && x.status !== 'accepted'))
    await engine.send(placementId, { type: 'DELIVERY_ACCEPTED', version: notice.version, recipient: r.role, at }, SYSTEM_ACTOR);
}

export const signatory = { name: 'Jo Bloggs', role: 'Head of Children in Care' };
export const book = activeRulebook;
