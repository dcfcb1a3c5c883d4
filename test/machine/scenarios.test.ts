// One scenario per clock of the domain summary (C1-C12), written from the regulations; the
// numbers come from the rulebook so a changed rule changes what is expected. Rulebook @1: the answers
// placements started under it keep (what @2 changes is in scenarios-v2 and the rulebook's examples).
import { applyEvent, startPlacement, viewOf, type PersistedPlacement } from '../../machines/placement';
import type { Rulebook } from '../../machines/rulebook';
import { ssi2026v1 } from '../../machines/rulebook/ssi-2026-31.v1';
import { deadline, deliverAll, elapse, helpersFor, send, signatory, status } from './helpers';

const { book, draftInput, placed, start } = helpersFor(ssi2026v1);

const updated = (at: string) => ({ type: 'NOTICE_UPDATED' as const, signatory, at });

/** An order change on `madeOn` at `at`, recorded on a placed child. */
const changeOrder = (p: PersistedPlacement, madeOn: string, at: string) =>
  send(p, {
    type: 'ORDER_CHANGED',
    legalBasis: { type: 'care-order', court: 'Family Court', madeOn, effectiveFrom: at, expiresAt: null },
    at,
  });

describe('C1 notice before arrival', () => {
  test('pending names the recipients still outstanding; recognised once all accepted before arrival', () => {
    let p = send(start(), { type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T09:00:00Z' });
    const first = book.recipients.residential[0].role;
    p = send(p, { type: 'DELIVERY_ACCEPTED', version: 1, recipient: first, at: '2026-03-03T09:01:00Z' });
    const pending = viewOf(p).legalStatus;
    expect(pending.code).toBe('pending');
    expect(pending.reasons[0].text).toContain('care-inspectorate');
    expect(pending.reasons[0].text).not.toContain(first + ',');
    p = deliverAll(p, '2026-03-03T10:00:00Z');
    p = send(p, { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
    expect(status(p)).toBe('recognised');
    expect(deadline(p, 'C1.notice-before-arrival')).toMatchObject({ status: 'met', metAt: '2026-03-03T10:00:00.000Z' });
  });

  test('arrival while one recipient is outstanding is unrecognised, and a later acceptance does not cure it', () => {
    let p = send(start(), { type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T09:00:00Z' });
    const roles = book.recipients.residential.map((r) => r.role);
    for (const recipient of roles.slice(1)) p = send(p, { type: 'DELIVERY_ACCEPTED', version: 1, recipient, at: '2026-03-03T09:05:00Z' });
    p = send(p, { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
    expect(viewOf(p).legalStatus).toMatchObject({ code: 'unrecognised', reasons: [{ rule: 'C1.notice-before-arrival' }] });
    p = send(p, { type: 'DELIVERY_ACCEPTED', version: 1, recipient: roles[0], at: '2026-03-05T12:00:00Z' });
    expect(deadline(p, 'C1.notice-before-arrival')).toMatchObject({ status: 'missed', metAt: '2026-03-05T12:00:00.000Z' });
    expect(status(p)).toBe('unrecognised');
  });

  test('a failed delivery keeps the notice not given until the retry is accepted', () => {
    let p = send(start(), { type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T09:00:00Z' });
    p = send(p, { type: 'DELIVERY_FAILED', version: 1, recipient: 'health-board', reason: '451 try later', at: '2026-03-03T09:01:00Z' });
    p = deliverAll(p, '2026-03-03T09:30:00Z');
    expect(p.context.notices[0].givenAt).toBe('2026-03-03T09:30:00.000Z');
  });

  test('a notice must be signed by a named representative (C2)', () => {
    const r = applyEvent(start(), { type: 'NOTICE_SIGNED', signatory: { name: ' ', role: 'Director' }, at: '2026-03-03T09:00:00Z' });
    expect(r).toMatchObject({ ok: false, reason: 'invalid', errors: [{ path: 'signatory.name', rule: 'C2.notice-signed' }] });
  });
});

describe('C3 order change: updated notice within 3 working days counting the day made', () => {
  const window = book.clocks['C3.order-change-renotify'];
  test('the rulebook says 3 working days, counting the day made, on the statutory calendar', () => {
    expect(window.clock).toEqual({ kind: 'span', span: { unit: 'working-days', amount: 3, calendar: 'scotland-statutory', countStartDay: true } });
  });

  test('made Monday 2 Mar: at-risk until given; given at 23:59 on Wednesday is on time', () => {
    let p = changeOrder(placed(), '2026-03-09', '2026-03-09T15:00:00Z');
    expect(deadline(p, 'C3.order-change-renotify')?.dueAt).toBe('2026-03-11T23:59:59.999Z');
    expect(viewOf(p).legalStatus).toMatchObject({ code: 'at-risk', reasons: [{ rule: 'C3.order-change-renotify' }] });
    p = send(p, updated('2026-03-11T23:00:00Z'));
    p = deliverAll(p, '2026-03-11T23:59:00Z');
    expect(deadline(p, 'C3.order-change-renotify')?.status).toBe('met');
    expect(status(p)).toBe('recognised');
    expect(p.context.notices[1].reasons).toEqual(['order-change']);
  });

  test('given one minute after the window closes: missed, unrecognised', () => {
    let p = changeOrder(placed(), '2026-03-09', '2026-03-09T15:00:00Z');
    p = send(p, updated('2026-03-11T23:00:00Z'));
    p = deliverAll(p, '2026-03-12T00:00:59Z');
    expect(deadline(p, 'C3.order-change-renotify')).toMatchObject({ status: 'missed', metAt: '2026-03-12T00:00:59.000Z' });
    expect(viewOf(p).legalStatus).toMatchObject({ code: 'unrecognised', reasons: [{ rule: 'C3.order-change-renotify' }] });
    expect((viewOf(p).value as { active: Record<string, string> }).active.legalBasis).toBe('lapsed');
  });

  test('the window elapsing with no notice lapses recognition (scheduler event)', () => {
    let p = changeOrder(placed(), '2026-03-09', '2026-03-09T15:00:00Z');
    p = elapse(p, 'C3.order-change-renotify', '2026-03-12T00:00:00Z');
    expect(status(p)).toBe('unrecognised');
    // A notice after the lapse is recorded as late but does not revive recognition (P.lapse-cured-by-late-notice).
    p = deliverAll(send(p, updated('2026-03-12T09:00:00Z')), '2026-03-12T09:10:00Z');
    expect(deadline(p, 'C3.order-change-renotify')).toMatchObject({ status: 'missed', metAt: '2026-03-12T09:10:00.000Z' });
    expect(status(p)).toBe('unrecognised');
  });

  test('the scheduler cannot elapse a window early', () => {
    const p = changeOrder(placed(), '2026-03-09', '2026-03-09T15:00:00Z');
    const d = deadline(p, 'C3.order-change-renotify')!;
    expect(applyEvent(p, { type: 'DEADLINE_ELAPSED', deadlineId: d.id, rule: d.rule, at: '2026-03-11T23:59:00Z' })).toMatchObject({
      ok: false,
      reason: 'not-allowed',
    });
  });

  test('made on Friday 1 May 2026 before the bank holiday Monday: Tuesday (statutory) or Wednesday (bank holidays)', () => {
    const p = changeOrder(placed({ placement: { plannedStart: '2026-03-05T10:00:00Z' } }), '2026-05-01', '2026-05-01T16:00:00Z');
    expect(deadline(p, 'C3.order-change-renotify')?.dueAt).toBe('2026-05-05T22:59:59.999Z');

    const bankHolidays: Rulebook = {
      ...book,
      clocks: {
        ...book.clocks,
        'C3.order-change-renotify': {
          ...window,
          clock: { kind: 'span', span: { unit: 'working-days', amount: 3, calendar: 'scotland-bank-holidays', countStartDay: true } },
        },
      },
    };
    const q = startPlacement(draftInput(), bankHolidays);
    if (!q.ok) throw new Error('draft refused');
    let v = q.placement;
    const step = (e: Parameters<typeof applyEvent>[1]) => {
      const r = applyEvent(v, e, bankHolidays);
      if (!r.ok) throw new Error(JSON.stringify(r));
      v = r.placement;
    };
    step({ type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T09:00:00Z' });
    for (const r of bankHolidays.recipients.residential) step({ type: 'DELIVERY_ACCEPTED', version: 1, recipient: r.role, at: '2026-03-03T09:05:00Z' });
    step({ type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
    step({
      type: 'ORDER_CHANGED',
      legalBasis: { type: 'care-order', madeOn: '2026-05-01', effectiveFrom: '2026-05-01T16:00:00Z', expiresAt: null },
      at: '2026-05-01T16:00:00Z',
    });
    expect(deadline(v, 'C3.order-change-renotify')?.dueAt).toBe('2026-05-06T22:59:59.999Z');
  });

  test('made on a Saturday: the Saturday counts as day 1 (P.non-working-start-day, the shorter reading)', () => {
    expect(book.parameters['P.non-working-start-day'].value).toBe('counts-as-day-1');
    const p = changeOrder(placed(), '2026-03-07', '2026-03-07T12:00:00Z');
    expect(deadline(p, 'C3.order-change-renotify')?.dueAt).toBe('2026-03-10T23:59:59.999Z');
  });

  test('a notice signed before the order changed does not answer the change', () => {
    let p = send(placed(), updated('2026-03-09T09:00:00Z'));
    p = changeOrder(p, '2026-03-09', '2026-03-09T10:00:00Z');
    p = deliverAll(p, '2026-03-09T11:00:00Z');
    expect(deadline(p, 'C3.order-change-renotify')?.status).toBe('open');
    expect(status(p)).toBe('at-risk');
  });
});

describe('C4 move within Scotland', () => {
  const newHome = {
    hostAuthorityId: 'S12000036',
    serviceName: 'Firth View',
    serviceAddress: '2 Shore St, Edinburgh',
    plannedStart: '2026-04-10T10:00:00Z',
    permanence: 'temporary' as const,
  };

  test('updated notice for the new location given before the move keeps the order recognised', () => {
    let p = send(placed(), { type: 'MOVE_PROPOSED', placement: newHome, at: '2026-04-01T09:00:00Z' });
    expect(status(p)).toBe('at-risk');
    p = deliverAll(send(p, updated('2026-04-02T09:00:00Z')), '2026-04-02T09:30:00Z');
    expect(p.context.notices[1].placement.hostAuthorityId).toBe('S12000036');
    p = send(p, { type: 'MOVED', at: '2026-04-10T11:00:00Z' });
    expect(status(p)).toBe('recognised');
    expect(p.context.placement.hostAuthorityId).toBe('S12000036');
    expect(p.context.moves).toHaveLength(1);
  });

  test('moving before the notice is given is unrecognised', () => {
    let p = send(placed(), { type: 'MOVE_PROPOSED', placement: newHome, at: '2026-04-01T09:00:00Z' });
    p = send(p, { type: 'MOVED', at: '2026-04-03T11:00:00Z' });
    expect(viewOf(p).legalStatus).toMatchObject({ code: 'unrecognised', reasons: [{ rule: 'C4.move-renotify' }] });
  });

  test('a DoL placement cannot move to foster care', () => {
    const dol = placed({ legalBasis: { type: 'dol-order', expiresAt: '2026-06-01T12:00:00Z' } });
    const r = applyEvent(dol, { type: 'MOVE_PROPOSED', setting: 'foster', placement: newHome, at: '2026-04-01T09:00:00Z' });
    expect(r).toMatchObject({ ok: false, reason: 'invalid', errors: [{ path: 'setting', rule: 'DOL.residential-only' }] });
  });
});

describe('C5 deprivation of liberty orders', () => {
  test('a DoL order in foster care is refused', () => {
    const r = startPlacement(draftInput({ setting: 'foster', legalBasis: { type: 'dol-order', expiresAt: '2026-06-01T12:00:00Z' } }));
    expect(r).toMatchObject({ ok: false, errors: [{ path: 'legalBasis.type', rule: 'DOL.residential-only' }] });
  });

  test('extension notified before the current expiry keeps recognition; expiry moves on', () => {
    let p = placed({ legalBasis: { type: 'dol-order', expiresAt: '2026-06-01T12:00:00Z' } });
    expect(deadline(p, 'C5.dol-expiry')?.dueAt).toBe('2026-06-01T12:00:00.000Z');
    p = send(p, { type: 'DOL_EXTENDED', expiresAt: '2026-09-01T12:00:00Z', at: '2026-05-28T10:00:00Z' });
    expect(deadline(p, 'C5.dol-extension-notice')?.dueAt).toBe('2026-06-01T12:00:00.000Z');
    expect(status(p)).toBe('at-risk');
    p = deliverAll(send(p, updated('2026-05-28T11:00:00Z')), '2026-05-28T11:10:00Z');
    expect(status(p)).toBe('recognised');
    expect(deadline(p, 'C5.dol-expiry')?.dueAt).toBe('2026-09-01T12:00:00.000Z');
    expect(p.context.notices[1].reasons).toEqual(['dol-extension']);
  });

  test('expiry with no extension lapses recognition', () => {
    const p = elapse(placed({ legalBasis: { type: 'dol-order', expiresAt: '2026-06-01T12:00:00Z' } }), 'C5.dol-expiry');
    expect(viewOf(p).legalStatus).toMatchObject({ code: 'unrecognised', reasons: [{ rule: 'C5.dol-expiry' }] });
  });

  test('a DoL order with no expiry is recognised for one review period (3 months)', () => {
    const p = start({ legalBasis: { type: 'dol-order', effectiveFrom: '2026-03-02T10:00:00Z', expiresAt: null } });
    expect(book.parameters['P.dol-review-period-months'].value).toBe(3);
    // Months are added in UK local time: 10:00 GMT in March is 10:00 BST (09:00Z) in June.
    expect(deadline(p, 'C5.dol-expiry')?.dueAt).toBe('2026-06-02T09:00:00.000Z');
  });

  test('termination opens a notice duty that does not touch recognition', () => {
    let p = send(placed({ legalBasis: { type: 'dol-order', expiresAt: '2026-06-01T12:00:00Z' } }), { type: 'DOL_TERMINATED', at: '2026-04-01T10:00:00Z' });
    expect(deadline(p, 'C5.dol-expiry')?.status).toBe('cancelled');
    expect(deadline(p, 'C5.dol-termination-notice')?.dueAt).toBe('2026-04-03T22:59:59.999Z');
    expect(applyEvent(p, { type: 'DOL_EXTENDED', expiresAt: '2026-09-01T12:00:00Z', at: '2026-04-02T10:00:00Z' })).toMatchObject({
      ok: false,
      reason: 'not-allowed',
    });
    p = elapse(p, 'C5.dol-termination-notice');
    expect(deadline(p, 'C5.dol-termination-notice')?.status).toBe('missed');
    expect(status(p)).toBe('recognised');
  });
});

describe('C6 Scottish compulsory supervision order', () => {
  test('an interim CSO during an open re-notification window supersedes the order and cancels every clock', () => {
    let p = changeOrder(placed(), '2026-03-09', '2026-03-09T15:00:00Z');
    expect(status(p)).toBe('at-risk');
    p = send(p, { type: 'SCOTTISH_CSO_MADE', interim: true, at: '2026-03-10T10:00:00Z' });
    const v = viewOf(p);
    expect(v.legalStatus).toMatchObject({ code: 'superseded', reasons: [{ rule: 'C6.scottish-cso' }] });
    expect(v.done).toBe(true);
    expect(v.allowedEvents).toEqual([]);
    expect(p.context.deadlines.filter((d) => d.status === 'open')).toEqual([]);
    expect(deadline(p, 'C3.order-change-renotify')?.status).toBe('cancelled');
    expect(applyEvent(p, updated('2026-03-10T11:00:00Z'))).toMatchObject({ ok: false, reason: 'not-allowed' });
  });
});

describe('C7 advocacy', () => {
  test('offered within the target meets it; declined then re-offered, accepted, advocate assigned', () => {
    let p = placed();
    expect(deadline(p, 'C7.advocacy-offer')?.dueAt).toBe('2026-03-12T23:59:59.999Z');
    p = send(p, { type: 'ADVOCACY_OFFERED', at: '2026-03-09T10:00:00Z' }, { type: 'ADVOCACY_DECLINED', at: '2026-03-09T11:00:00Z' });
    p = send(p, { type: 'ADVOCACY_OFFERED', at: '2026-04-09T10:00:00Z' }, { type: 'ADVOCACY_ACCEPTED', at: '2026-04-09T11:00:00Z' });
    p = send(p, { type: 'ADVOCATE_ASSIGNED', advocate: 'Who Cares? Scotland', at: '2026-04-10T10:00:00Z' });
    expect(deadline(p, 'C7.advocacy-offer')?.status).toBe('met');
    expect(p.context.advocacy).toMatchObject({ decision: 'accepted', advocate: 'Who Cares? Scotland' });
  });

  test('not appropriate needs a reason and meets the duty; a missed target is a breach, not a lapse', () => {
    const p = send(placed(), { type: 'ADVOCACY_NOT_APPROPRIATE', reason: 'Child is 2 years old', at: '2026-03-06T10:00:00Z' });
    expect(p.context.advocacy.notAppropriateReason).toBe('Child is 2 years old');
    const late = elapse(placed(), 'C7.advocacy-offer');
    expect(deadline(late, 'C7.advocacy-offer')?.status).toBe('missed');
    expect(status(late)).toBe('recognised');
  });
});

describe('C8 visits and reviews per home nation', () => {
  test('England: first visit within a week, then every 6 weeks; reviews at 20 working days, 3 months, 6 months', () => {
    let p = placed();
    expect(deadline(p, 'C8.first-visit')?.dueAt).toBe('2026-03-12T23:59:59.999Z');
    expect(deadline(p, 'C8.first-review')?.dueAt).toBe('2026-04-02T22:59:59.999Z');
    p = send(p, { type: 'VISIT_RECORDED', at: '2026-03-10T10:00:00Z' });
    expect(deadline(p, 'C8.visit')?.dueAt).toBe('2026-04-21T22:59:59.999Z');
    p = send(p, { type: 'REVIEW_RECORDED', at: '2026-03-30T10:00:00Z' });
    expect(deadline(p, 'C8.second-review')?.dueAt).toBe('2026-06-30T22:59:59.999Z');
    p = send(p, { type: 'REVIEW_RECORDED', at: '2026-06-15T10:00:00Z' });
    expect(deadline(p, 'C8.later-review')?.dueAt).toBe('2026-12-15T23:59:59.999Z');
  });

  test('a missed visit recorded late stays missed with the late time', () => {
    let p = elapse(placed(), 'C8.first-visit');
    p = send(p, { type: 'VISIT_RECORDED', at: '2026-03-20T10:00:00Z' });
    const first = p.context.deadlines.find((d) => d.rule === 'C8.first-visit');
    expect(first).toMatchObject({ status: 'missed', metAt: '2026-03-20T10:00:00.000Z' });
  });

  test('Northern Ireland: first review within 2 weeks, citing NI law', () => {
    const p = placed({ placingNation: 'northern-ireland', placingAuthorityId: 'ni-belfast-hsct', legalBasis: { type: 'ni-care-order' } });
    expect(deadline(p, 'C8.first-review')).toMatchObject({ dueAt: '2026-03-19T23:59:59.999Z', citation: expect.stringContaining('Northern Ireland') });
  });
});

describe('C9 enforcement', () => {
  test('notice of intent, 21 days, then sheriff application and order; duty performed closes it late', () => {
    let p = send(placed(), { type: 'ENFORCEMENT_NOTICE_ISSUED', duty: 'U4.visits', at: '2026-05-01T10:00:00Z' });
    expect(deadline(p, 'C9.enforcement-cure')?.dueAt).toBe('2026-05-22T22:59:59.999Z');
    expect(applyEvent(p, { type: 'SHERIFF_APPLICATION_MADE', at: '2026-05-10T10:00:00Z' })).toMatchObject({ ok: false });
    p = elapse(p, 'C9.enforcement-cure');
    p = send(p, { type: 'SHERIFF_APPLICATION_MADE', at: '2026-05-25T10:00:00Z' }, { type: 'ENFORCEMENT_ORDER_MADE', at: '2026-06-05T10:00:00Z' });
    expect((viewOf(p).value as { active: Record<string, string> }).active.enforcement).toBe('ordered');
    p = send(p, { type: 'DUTY_PERFORMED', at: '2026-06-06T10:00:00Z' });
    expect(deadline(p, 'C9.enforcement-cure')).toMatchObject({ status: 'missed', metAt: '2026-06-06T10:00:00.000Z' });
  });

  test('duty performed within 21 days meets the cure', () => {
    let p = send(placed(), { type: 'ENFORCEMENT_NOTICE_ISSUED', duty: 'U4.visits', at: '2026-05-01T10:00:00Z' });
    p = send(p, { type: 'DUTY_PERFORMED', at: '2026-05-20T10:00:00Z' });
    expect(deadline(p, 'C9.enforcement-cure')?.status).toBe('met');
  });
});

describe('C10 Part 15 permanent transfer', () => {
  test('needs consent; once effective the hearing is due within 20 working days; held -> transferred', () => {
    let p = send(placed(), { type: 'TRANSFER_PROPOSED', at: '2026-06-01T10:00:00Z' });
    expect(applyEvent(p, { type: 'TRANSFER_EFFECTIVE', at: '2026-06-02T10:00:00Z' })).toMatchObject({ ok: false, reason: 'not-allowed' });
    p = send(p, { type: 'TRANSFER_CONSENTED', at: '2026-06-10T10:00:00Z' }, { type: 'TRANSFER_EFFECTIVE', at: '2026-06-15T10:00:00Z' });
    expect(status(p)).toBe('transferred');
    expect(deadline(p, 'C10.transfer-hearing')?.dueAt).toBe('2026-07-13T22:59:59.999Z');
    expect(deadline(p, 'C8.first-visit')?.status).toBe('cancelled');
    p = send(p, { type: 'REPORTER_NOTIFIED', at: '2026-06-16T10:00:00Z' }, { type: 'HEARING_HELD', at: '2026-07-01T10:00:00Z' });
    expect(viewOf(p).done).toBe(true);
    expect(deadline(p, 'C10.transfer-hearing')?.status).toBe('met');
  });

  test('refused consent returns to no transfer', () => {
    const p = send(placed(), { type: 'TRANSFER_PROPOSED', at: '2026-06-01T10:00:00Z' }, { type: 'TRANSFER_REFUSED', at: '2026-06-03T10:00:00Z' });
    expect((viewOf(p).value as { active: Record<string, string> }).active.transfer).toBe('none');
  });
});

describe('C11 the child turns 18', () => {
  test('mid-placement: the regime ends on the birthday, duties stop, the end notice is owed', () => {
    let p = placed({ child: { dateOfBirth: '2008-04-10' } });
    expect(deadline(p, 'C11.age-18')?.dueAt).toBe('2026-04-09T23:00:00.000Z');
    p = elapse(p, 'C11.age-18', '2026-04-10T00:05:00Z');
    expect(viewOf(p).legalStatus).toMatchObject({ code: 'ended', reasons: [{ rule: 'C11.age-18' }] });
    expect(deadline(p, 'C8.first-review')?.status).toBe('cancelled');
    // Friday 10 April is day 1; Monday 13 and Tuesday 14 April are days 2 and 3.
    expect(deadline(p, 'END.end-notice')?.dueAt).toBe('2026-04-14T22:59:59.999Z');
    expect(viewOf(p).lifecycle).toBe('ending');
    p = deliverAll(send(p, updated('2026-04-10T09:00:00Z')), '2026-04-10T09:05:00Z');
    expect(viewOf(p).value).toBe('ended');
    expect(p.context.notices[1].reasons).toEqual(['end']);
  });

  test('a child 18 or over at the planned start cannot be placed under this regime', () => {
    const r = startPlacement(draftInput({ child: { dateOfBirth: '2008-03-01' } }));
    expect(r).toMatchObject({ ok: false, errors: [{ path: 'child.dateOfBirth', rule: 'C11.age-18' }] });
  });

  test('a 29 February birthday reaches 18 on 1 March', () => {
    const p = start({ child: { dateOfBirth: '2012-02-29' }, placement: { plannedStart: '2026-03-05T10:00:00Z' } });
    expect(deadline(p, 'C11.age-18')?.dueAt).toBe('2030-03-01T00:00:00.000Z');
  });
});

describe('C12 arrival without notice', () => {
  test('unrecognised at once when the rulebook allows no late notice', () => {
    expect(book.parameters['P.late-notice-allowed'].value).toBe(false);
    const p = send(start(), { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
    expect(viewOf(p).legalStatus).toMatchObject({ code: 'unrecognised', reasons: [{ rule: 'C1.notice-before-arrival' }] });
  });

  test('with late notice allowed: at-risk for 1 working day, recognised when given in time', () => {
    const lenient: Rulebook = {
      ...book,
      parameters: { ...book.parameters, 'P.late-notice-allowed': { ...book.parameters['P.late-notice-allowed'], value: true } },
    };
    const s = startPlacement(draftInput(), lenient);
    if (!s.ok) throw new Error('draft refused');
    let p = s.placement;
    const step = (e: Parameters<typeof applyEvent>[1]) => {
      const r = applyEvent(p, e, lenient);
      if (!r.ok) throw new Error(JSON.stringify(r));
      p = r.placement;
    };
    step({ type: 'CHILD_ARRIVED', at: '2026-03-05T23:00:00Z' });
    expect(viewOf(p, lenient).legalStatus).toMatchObject({ code: 'at-risk', reasons: [{ rule: 'C12.late-notice' }] });
    expect(deadline(p, 'C12.late-notice')?.dueAt).toBe('2026-03-06T23:59:59.999Z');
    step({ type: 'NOTICE_SIGNED', signatory, at: '2026-03-06T09:00:00Z' });
    for (const r of lenient.recipients.residential) step({ type: 'DELIVERY_ACCEPTED', version: 1, recipient: r.role, at: '2026-03-06T10:00:00Z' });
    expect(viewOf(p, lenient).legalStatus).toMatchObject({ code: 'recognised', reasons: [{ rule: 'C12.late-notice' }] });
  });
});

describe('the end of the placement', () => {
  test('ended before any notice: final at once', () => {
    const p = send(start(), { type: 'PLACEMENT_ENDED', reason: 'plan changed', at: '2026-03-03T10:00:00Z' });
    expect(viewOf(p).value).toBe('ended');
  });

  test('ended after arrival: recipients must be told; final only when the end notice is given', () => {
    let p = send(placed(), { type: 'PLACEMENT_ENDED', reason: 'returned home', at: '2026-07-01T10:00:00Z' });
    expect(viewOf(p).legalStatus.code).toBe('ended');
    expect(viewOf(p).allowedEvents).toContain('NOTICE_UPDATED');
    expect(viewOf(p).allowedEvents).not.toContain('VISIT_RECORDED');
    p = deliverAll(send(p, updated('2026-07-02T10:00:00Z')), '2026-07-02T10:05:00Z');
    expect(viewOf(p).value).toBe('ended');
    expect(deadline(p, 'END.end-notice')?.status).toBe('met');
  });
});

test('foster placements have no advocacy provider among the recipients', () => {
  const p = send(start({ setting: 'foster' }), { type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T09:00:00Z' });
  const roles = p.context.notices[0].recipients.map((r) => r.role);
  expect(roles).toEqual(book.recipients.foster.map((r) => r.role));
  expect(roles).not.toContain('advocacy-provider');
});
