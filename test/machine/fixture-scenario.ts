// The scenario whose persisted snapshot is kept as a fixture of the released snapshot format.
import { deliverAll, placed, send, signatory } from './helpers';

export function fixtureScenario() {
  let p = placed();
  p = send(p, { type: 'HOST_CONDITIONS_CONFIRMED', at: '2026-03-06T10:00:00Z' }, { type: 'ADVOCACY_OFFERED', at: '2026-03-06T11:00:00Z' });
  p = send(p, {
    type: 'ORDER_CHANGED',
    legalBasis: { type: 'care-order', court: 'Family Court at Birmingham', madeOn: '2026-03-09', effectiveFrom: '2026-03-09T15:00:00Z', expiresAt: null },
    at: '2026-03-09T15:00:00Z',
  });
  p = send(p, { type: 'NOTICE_UPDATED', signatory, at: '2026-03-10T09:00:00Z' });
  // Half the recipients have accepted version 2: the change window is still open.
  const pending = p.context.notices[1].recipients.slice(0, 4);
  for (const r of pending) p = send(p, { type: 'DELIVERY_ACCEPTED', version: 2, recipient: r.role, at: '2026-03-10T09:05:00Z' });
  return p;
}

export { deliverAll };
