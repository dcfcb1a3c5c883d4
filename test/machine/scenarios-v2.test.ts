// What rulebook @2 changes, beyond the examples kept beside its rules: the edges of each change.
import { applyEvent, startPlacement, viewOf, type PersistedPlacement } from '../../machines/placement';
import type { Rulebook } from '../../machines/rulebook';
import { ssi2026v2 } from '../../machines/rulebook/ssi-2026-31.v2';
import { deadline, deliverAll, draftInput, elapse, placed, send, signatory, start, status } from './helpers';

const V2 = { rulebookId: ssi2026v2.id };
const updated = (at: string) => ({ type: 'NOTICE_UPDATED' as const, signatory, at });
const openRules = (p: PersistedPlacement) => p.context.deadlines.filter((d) => d.status === 'open').map((d) => d.rule);

describe('copies: a failed copy is followed up and never decides the legal status', () => {
  const signed = () => send(start(V2), { type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T09:00:00Z' });
  const fail = (p: PersistedPlacement, at: string) => send(p, { type: 'DELIVERY_FAILED', version: 1, recipient: 'health-board', reason: '451 later', at });

  test('one follow-up per recipient while it is open; a second failure does not open another', () => {
    let p = fail(fail(signed(), '2026-03-03T09:01:00Z'), '2026-03-03T10:01:00Z');
    expect(p.context.deadlines.filter((d) => d.rule === 'C1.copy-follow-up')).toHaveLength(1);
    expect(deadline(p, 'C1.copy-follow-up')).toMatchObject({ subject: 'health-board', status: 'open' });
    p = deliverAll(p, '2026-03-03T09:05:00Z');
    expect(p.context.notices[0].givenAt).toBe('2026-03-03T09:05:00.000Z');
  });

  test('a follow-up missed is a breach for reviewers; the placement stays recognised', () => {
    let p = deliverAll(fail(signed(), '2026-03-03T09:01:00Z'), '2026-03-03T09:05:00Z');
    p = send(p, { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
    p = elapse(p, 'C1.copy-follow-up');
    expect(deadline(p, 'C1.copy-follow-up')?.status).toBe('missed');
    expect(status(p)).toBe('recognised');
    // Accepted late: recorded on the missed follow-up.
    p = send(p, { type: 'DELIVERY_ACCEPTED', version: 1, recipient: 'health-board', at: '2026-03-09T10:00:00Z' });
    expect(deadline(p, 'C1.copy-follow-up')).toMatchObject({ status: 'missed', metAt: '2026-03-09T10:00:00.000Z' });
  });

  test('a statutory recipient that fails is not a copy: no follow-up, and the notice is not given', () => {
    const p = send(signed(), {
      type: 'DELIVERY_FAILED',
      version: 1,
      recipient: 'care-inspectorate',
      reason: '550 no such mailbox',
      at: '2026-03-03T09:01:00Z',
    });
    expect(deadline(p, 'C1.copy-follow-up')).toBeUndefined();
    expect(viewOf(p).legalStatus.reasons[0].text).toContain('care-inspectorate');
  });
});

describe('DoL orders', () => {
  const dol = { legalBasis: { type: 'dol-order', madeOn: '2026-03-02', effectiveFrom: '2026-03-02T10:00:00Z', expiresAt: '2026-09-01T12:00:00Z' } };

  test('the day the court reviewed the order must be a real day between the order and the event', () => {
    const p = placed({ ...V2, ...dol });
    const at = '2026-05-28T10:00:00Z';
    expect(applyEvent(p, { type: 'DOL_EXTENDED', expiresAt: '2026-12-01T12:00:00Z', reviewedOn: '2026-05-29', at })).toMatchObject({
      ok: false,
      errors: [{ path: 'reviewedOn' }],
    });
    expect(applyEvent(p, { type: 'DOL_EXTENDED', expiresAt: '2026-12-01T12:00:00Z', reviewedOn: '2026-03-01', at })).toMatchObject({
      ok: false,
      errors: [{ path: 'reviewedOn' }],
    });
  });

  test('without reviewedOn the period runs again from the day of the event; a shorter stated expiry still wins', () => {
    const p = send(placed({ ...V2, ...dol }), { type: 'DOL_EXTENDED', expiresAt: '2026-12-01T12:00:00Z', at: '2026-05-28T10:00:00Z' });
    expect(p.context.legalBasis.reviewedOn).toBe('2026-05-28');
    expect(deadline(p, 'C5.dol-expiry')?.dueAt).toBe('2026-08-27T22:59:59.999Z');
    // Made 2 March, stated to expire 1 May 13:00 (BST): before the relevant period ends on 1 June.
    const q = start({ ...V2, legalBasis: { ...dol.legalBasis, expiresAt: '2026-05-01T12:00:00Z' } });
    expect(deadline(q, 'C5.dol-expiry')?.dueAt).toBe('2026-05-01T12:00:00.000Z');
  });

  test('an order made on 30 November: the relevant period ends on 27 February (the day before the clamped day)', () => {
    const p = start({
      ...V2,
      createdAt: '2026-11-30T12:00:00Z',
      legalBasis: { type: 'dol-order', madeOn: '2026-11-30', effectiveFrom: '2026-11-30T12:00:00Z', expiresAt: null },
      placement: { plannedStart: '2026-12-01T10:00:00Z' },
    });
    expect(deadline(p, 'C5.dol-expiry')?.dueAt).toBe('2027-02-27T23:59:59.999Z');
  });

  test('terminated before arrival: pending says no order is in force; arriving so is unrecognised', () => {
    let p = deliverAll(send(start({ ...V2, ...dol }), { type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T09:00:00Z' }), '2026-03-03T09:05:00Z');
    p = send(p, { type: 'DOL_TERMINATED', at: '2026-03-04T10:00:00Z' });
    expect(viewOf(p).legalStatus).toMatchObject({ code: 'pending', reasons: [{ rule: 'C1.notice-before-arrival' }, { rule: 'C5.no-order-in-force' }] });
    p = send(p, { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
    expect(viewOf(p).legalStatus).toMatchObject({ code: 'unrecognised', reasons: [{ rule: 'C5.no-order-in-force' }] });
  });
});

describe('orders changed before arrival', () => {
  test("a second change replaces the first: only the newest order's notice is owed", () => {
    let p = deliverAll(send(start(V2), { type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T09:00:00Z' }), '2026-03-03T09:05:00Z');
    const change = (madeOn: string, at: string) => ({
      type: 'ORDER_CHANGED' as const,
      legalBasis: { type: 'care-order', madeOn, effectiveFrom: at, expiresAt: null },
      at,
    });
    p = send(p, change('2026-03-03', '2026-03-03T12:00:00Z'), change('2026-03-04', '2026-03-04T12:00:00Z'));
    const clocks = p.context.deadlines.filter((d) => d.rule === 'C1.updated-notice-before-arrival');
    expect(clocks.map((d) => d.status)).toEqual(['cancelled', 'open']);
    expect(viewOf(p).legalStatus.reasons.map((r) => r.rule)).toEqual(['C1.notice-before-arrival', 'C1.updated-notice-before-arrival']);
    p = deliverAll(send(p, updated('2026-03-04T15:00:00Z')), '2026-03-04T15:05:00Z');
    p = send(p, { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
    expect(status(p)).toBe('recognised');
    expect(p.context.notices[1].reasons).toEqual(['order-change']);
  });
});

describe('the end notice after a transfer or a CSO', () => {
  const transferred = () =>
    send(
      placed(V2),
      { type: 'TRANSFER_PROPOSED', at: '2026-06-01T10:00:00Z' },
      { type: 'TRANSFER_CONSENTED', at: '2026-06-10T10:00:00Z' },
      { type: 'TRANSFER_EFFECTIVE', at: '2026-06-15T10:00:00Z' },
      { type: 'REPORTER_NOTIFIED', at: '2026-06-16T10:00:00Z' },
    );

  test('the hearing held before the end notice: transferring until the notice is given, then final with nothing open', () => {
    let p = send(transferred(), { type: 'HEARING_HELD', at: '2026-07-01T10:00:00Z' });
    expect(viewOf(p)).toMatchObject({ lifecycle: 'transferring', legalStatus: { code: 'transferred' }, allowedEvents: ['NOTICE_UPDATED'] });
    expect(openRules(p)).toEqual(['END.end-notice']);
    p = deliverAll(send(p, updated('2026-07-02T10:00:00Z')), '2026-07-02T10:05:00Z');
    expect(p.value).toBe('transferred');
    expect(openRules(p)).toEqual([]);
    expect(p.context.notices[1].reasons).toEqual(['end']);
  });

  test('the end notice given first: the hearing makes it final', () => {
    let p = deliverAll(send(transferred(), updated('2026-06-16T12:00:00Z')), '2026-06-16T12:05:00Z');
    expect(viewOf(p).lifecycle).toBe('transferring');
    p = send(p, { type: 'HEARING_HELD', at: '2026-07-01T10:00:00Z' });
    expect(p.value).toBe('transferred');
    expect(deadline(p, 'C10.transfer-hearing')).toMatchObject({ status: 'met', dueAt: '2026-07-14T22:59:59.999Z' });
  });

  test('a CSO for a child never notified is superseded at once (no end notice is owed)', () => {
    const p = send(start(V2), { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' }, { type: 'SCOTTISH_CSO_MADE', interim: false, at: '2026-03-06T10:00:00Z' });
    expect(p.value).toBe('superseded');
    expect(openRules(p)).toEqual([]);
  });

  test('the reporter notice missed is a breach by the host; the status stays transferred', () => {
    let p = send(
      placed(V2),
      { type: 'TRANSFER_PROPOSED', at: '2026-06-01T10:00:00Z' },
      { type: 'TRANSFER_CONSENTED', at: '2026-06-10T10:00:00Z' },
      { type: 'TRANSFER_EFFECTIVE', at: '2026-06-15T10:00:00Z' },
    );
    p = elapse(p, 'C10.reporter-notice');
    expect(deadline(p, 'C10.reporter-notice')?.status).toBe('missed');
    expect(status(p)).toBe('transferred');
  });
});

describe('the review cycle of a child already looked after', () => {
  test('looked after since before the holiday tables: weekends only for those years, and the cycle walks on', () => {
    const p = placed({ ...V2, lookedAfterSince: '2023-06-01' });
    // 1 June 2023 + 28 days = 29 June 2023; + 3 months = 29 September 2023; then every 6 months: ... 29 March 2026.
    expect(deadline(p, 'C8.later-review')?.dueAt).toBe('2026-03-29T22:59:59.999Z');
    expect(deadline(p, 'C8.first-review')).toBeUndefined();
  });

  test('the next review follows the cycle: a later review after a later review', () => {
    let p = placed({ ...V2, lookedAfterSince: '2026-01-05' });
    p = send(p, { type: 'REVIEW_RECORDED', at: '2026-04-20T10:00:00Z' });
    expect(deadline(p, 'C8.second-review')?.status).toBe('met');
    expect(deadline(p, 'C8.later-review')?.dueAt).toBe('2026-10-20T22:59:59.999Z');
  });

  test('a looked-after date in the future or before birth is refused, naming the field', () => {
    for (const lookedAfterSince of ['2026-03-03', '2011-01-01']) {
      const r = startPlacement(draftInput({ ...V2, lookedAfterSince }));
      expect(r).toMatchObject({ ok: false, errors: [{ path: 'lookedAfterSince' }] });
    }
  });
});

describe('foster advocacy from its commencement', () => {
  const commenced = (date: string): Rulebook => ({
    ...ssi2026v2,
    parameters: { ...ssi2026v2.parameters, 'P.foster-advocacy-commencement': { ...ssi2026v2.parameters['P.foster-advocacy-commencement'], value: date } },
  });
  const arriveFoster = (book: Rulebook) => {
    const s = startPlacement(draftInput({ ...V2, setting: 'foster' }), book);
    if (!s.ok) throw new Error('draft refused');
    let p = s.placement;
    for (const e of [
      { type: 'NOTICE_SIGNED' as const, signatory, at: '2026-03-03T09:00:00Z' },
      ...book.recipients.foster.map((r) => ({ type: 'DELIVERY_ACCEPTED' as const, version: 1, recipient: r.role, at: '2026-03-03T09:05:00Z' })),
      { type: 'CHILD_ARRIVED' as const, at: '2026-03-05T11:00:00Z' },
    ]) {
      const r = applyEvent(p, e, book);
      if (!r.ok) throw new Error(JSON.stringify(r));
      p = r.placement;
    }
    return p;
  };
  test('arriving on the day it commences opens the clock; the day before does not', () => {
    expect(deadline(arriveFoster(commenced('2026-03-05')), 'C7.foster-advocacy')?.status).toBe('open');
    expect(deadline(arriveFoster(commenced('2026-03-06')), 'C7.foster-advocacy')).toBeUndefined();
  });
});
