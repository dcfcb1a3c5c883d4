// The scenario whose persisted snapshot is kept as a fixture of each released snapshot format:
// version 1 under rulebook @1 (4 recipients accept version 2), version 2 under @2 (2 accept). Either
// way the updated notice is not yet given, so the change window is still open.
import { deliverAll, placed, send, signatory } from './helpers';

export function fixtureScenario(rulebookId = 'ssi-2026-31@1', accepting = 4) {
  let p = placed({ rulebookId });
  p = send(p, { type: 'HOST_CONDITIONS_CONFIRMED', at: '2026-03-06T10:00:00Z' }, { type: 'ADVOCACY_OFFERED', at: '2026-03-06T11:00:00Z' });
  p = send(p, {
    type: 'ORDER_CHANGED',
    legalBasis: { type: 'care-order', court: 'Family Court at Birmingham', madeOn: '2026-03-09', effectiveFrom: '2026-03-09T15:00:00Z', expiresAt: null },
    at: '2026-03-09T15:00:00Z',
  });
  p = send(p, { type: 'NOTICE_UPDATED', signatory, at: '2026-03-10T09:00:00Z' });
  const pending = p.context.notices[1].recipients.slice(0, accepting);
  for (const r of pending) p = send(p, { type: 'DELIVERY_ACCEPTED', version: 2, recipient: r.role, at: '2026-03-10T09:05:00Z' });
  return p;
}

/** Version 3 (rulebook @2): the version 2 scenario, then the child's views, a sibling, family time and an advocacy matter. */
export function relationshipsScenario() {
  let p = fixtureScenario('ssi-2026-31@2', 2);
  const recordedBy = { name: 'Sam Patel', role: 'Social worker' };
  p = send(
    p,
    {
      type: 'CHILD_VIEWS_RECORDED',
      occasion: 'review',
      childViews: { method: 'direct', said: 'I miss my brother.', ownWords: true, recordedBy, wantsAdvocate: 'yes' },
      at: '2026-03-10T10:00:00Z',
    },
    { type: 'REVIEW_RECORDED', at: '2026-03-10T11:00:00Z' },
    {
      type: 'VISIT_RECORDED',
      childViews: { method: 'not-possible', notPossibleReason: 'Asleep after a night shift at the unit.', recordedBy },
      at: '2026-03-10T12:00:00Z',
    },
    {
      type: 'SIBLING_RECORDED',
      sibling: {
        knownAs: 'Jay',
        relationship: 'half',
        ageYears: 9,
        livesWhere: 'home-nation',
        separationReason: 'Lives with his father.',
        contactPlan: 'Weekly video.',
      },
      at: '2026-03-10T13:00:00Z',
    },
    {
      type: 'FAMILY_TIME_ARRANGED',
      arrangement: {
        who: 'Jay',
        relationship: 'sibling',
        siblingId: 'S1',
        how: 'video',
        frequency: { times: 1, per: 'week' },
        fromPostcodeDistrict: 'B15',
        milesFromPlacement: 290,
      },
      at: '2026-03-10T14:00:00Z',
    },
    { type: 'FAMILY_TIME_RECORDED', session: { arrangementId: 'F1', held: false, missedReason: 'transport' }, at: '2026-03-10T15:00:00Z' },
    { type: 'ADVOCACY_MATTER_RAISED', matter: { text: 'Wants to call Jay on school nights.' }, at: '2026-03-10T16:00:00Z' },
    { type: 'ADVOCACY_MATTER_UPDATED', outcome: { matterId: 'M1', status: 'acted-on', text: 'Agreed with the home.' }, at: '2026-03-10T17:00:00Z' },
  );
  return p;
}

/** Version 4 (rulebook @2): the version 3 scenario, then the care service's records: the evidence it holds, and the child leaving it. */
export function serviceScenario() {
  return send(
    relationshipsScenario(),
    { type: 'SERVICE_EVIDENCE_CONFIRMED', evidence: 'Copy of the care order of 9 March 2026 and notice version 2', at: '2026-03-11T09:00:00Z' },
    { type: 'CHILD_DEPARTED', reason: 'In hospital overnight.', at: '2026-03-11T20:00:00Z' },
  );
}

export { deliverAll };
