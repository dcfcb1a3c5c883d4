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

export { deliverAll };
