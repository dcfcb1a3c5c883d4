// The timeline: pure core over machine snapshots, then the endpoint over a real placement.
import type { PersistedPlacement } from '../../machines/placement';
import { buildTimeline, HOST_CONFIRMATION_RULE, type Milestone, type TimelineAuditEntry } from '../../src/reports/timeline';
import { book, deliverAll, placed, send, signatory, start } from '../machine/helpers';
import { startHarness, type Harness } from '../support/api-harness';
import { createPlaced, deliverNotice, HOST_ORG, OTHER_PLACING_ORG, PLACING_ORG, postEvent } from '../api/placement-fixtures';

const timeline = (p: PersistedPlacement, audit: TimelineAuditEntry[] = []) => buildTimeline(book, p.context, audit);
const only = (ms: Milestone[], rule: string) => {
  const found = ms.filter((m) => m.rule === rule);
  expect(found).toHaveLength(1);
  return found[0];
};

const orderChange = (madeOn: string, at: string) => ({
  type: 'ORDER_CHANGED' as const,
  legalBasis: { type: 'care-order', court: 'Family Court at Birmingham', madeOn, effectiveFrom: at, expiresAt: null },
  at,
});

/** Order made Monday 9 March 2026: the window is Mon, Tue, Wed (counting the day it is made). */
function renotified(updatedAt: string, deliveredAt: string) {
  const p = send(placed(), orderChange('2026-03-09', '2026-03-09T10:00:00Z'), { type: 'NOTICE_UPDATED', signatory, at: updatedAt });
  return deliverAll(p, deliveredAt);
}

describe('buildTimeline (pure)', () => {
  test('a re-notification given on Friday after an order made on Monday is late by 2 working days', () => {
    const ms = timeline(renotified('2026-03-13T09:00:00Z', '2026-03-13T10:00:00Z'));
    expect(only(ms, 'C3.order-change-renotify')).toMatchObject({
      label: book.clocks['C3.order-change-renotify'].title,
      citation: book.clocks['C3.order-change-renotify'].citation,
      dueAt: '2026-03-11T23:59:59.999Z',
      at: '2026-03-13T10:00:00.000Z',
      status: 'late',
      detail: { lateBy: { workingDays: 2, calendar: 'scotland-statutory' } },
    });
    // Every recipient of version 2 was reached, after the window closed.
    const v2 = ms.filter((m) => m.rule === 'C1.notice-given' && m.detail?.version === 2);
    expect(v2).toHaveLength(book.recipients.residential.filter((r) => r.required).length);
    expect(v2.every((m) => m.status === 'late' && m.at === '2026-03-13T10:00:00.000Z' && m.dueAt === '2026-03-11T23:59:59.999Z')).toBe(true);
    expect(v2.map((m) => m.label)).toContain('Notice version 2 accepted by Care Inspectorate (Social Care and Social Work Improvement Scotland)');
    // Version 1 reached everyone before the arrival: the notice's lead time is shown on C1.
    expect(ms.filter((m) => m.rule === 'C1.notice-given' && m.detail?.version === 1).every((m) => m.status === 'met')).toBe(true);
    expect(only(ms, 'C1.notice-before-arrival')).toMatchObject({ status: 'met', at: '2026-03-03T09:05:00.000Z', detail: { beforeArrival: { hours: 49.92 } } });
  });

  test('given within the window: met, with the working days to spare', () => {
    expect(only(timeline(renotified('2026-03-10T09:00:00Z', '2026-03-10T10:00:00Z')), 'C3.order-change-renotify')).toMatchObject({
      status: 'met',
      detail: { earlyBy: { workingDays: 1, calendar: 'scotland-statutory' } },
    });
    expect(only(timeline(renotified('2026-03-11T09:00:00Z', '2026-03-11T22:00:00Z')), 'C3.order-change-renotify')).toMatchObject({
      status: 'met',
      detail: { earlyBy: { workingDays: 0 } },
    });
  });

  test('an arrival before the notice is given makes C1 missed; a notice after it is late', () => {
    const arrived = send(start(), { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
    expect(only(timeline(arrived), 'C1.notice-before-arrival')).toMatchObject({
      status: 'missed',
      at: null,
      dueAt: '2026-03-05T10:00:00.000Z',
      detail: { arrivedAt: '2026-03-05T11:00:00.000Z' },
    });
    const late = deliverAll(send(arrived, { type: 'NOTICE_SIGNED', signatory, at: '2026-03-05T12:00:00Z' }), '2026-03-05T14:30:00Z');
    const ms = timeline(late);
    expect(only(ms, 'C1.notice-before-arrival')).toMatchObject({ status: 'late', at: '2026-03-05T14:30:00.000Z', detail: { afterArrival: { hours: 3.5 } } });
    expect(ms.filter((m) => m.rule === 'C1.notice-given').every((m) => m.status === 'late')).toBe(true);
  });

  test('a calendar clock (first visit within 1 week) is late by hours and days', () => {
    const p = send(placed(), { type: 'VISIT_RECORDED', at: '2026-03-14T10:00:00Z' });
    expect(only(timeline(p), 'C8.first-visit')).toMatchObject({
      dueAt: '2026-03-12T23:59:59.999Z',
      status: 'late',
      detail: { lateBy: { hours: 34, days: 2 } },
    });
  });

  test('the end: duties cancelled are not applicable; the end notice is a milestone of its own', () => {
    let p = send(placed(), { type: 'PLACEMENT_ENDED', reason: 'returned home', at: '2026-04-01T10:00:00Z' });
    let ms = timeline(p);
    expect(only(ms, 'C8.first-visit')).toMatchObject({ status: 'not-applicable', at: null });
    const endMilestones = ms.filter((m) => m.rule === 'END.end-notice');
    expect(endMilestones.map((m) => m.status)).toEqual(['open', 'open']);
    expect(endMilestones.find((m) => m.detail?.reason)).toMatchObject({
      dueAt: '2026-04-03T22:59:59.999Z',
      detail: { endedAt: '2026-04-01T10:00:00.000Z', reason: 'returned home' },
    });
    p = deliverAll(send(p, { type: 'NOTICE_UPDATED', signatory, at: '2026-04-02T09:00:00Z' }), '2026-04-02T09:30:00Z');
    ms = timeline(p);
    expect(ms.filter((m) => m.rule === 'END.end-notice').map((m) => [m.status, m.at])).toEqual([
      ['met', '2026-04-02T09:30:00.000Z'],
      ['met', '2026-04-02T09:30:00.000Z'],
    ]);
    // The placement is over: no host confirmation is awaited.
    expect(ms.some((m) => m.rule === HOST_CONFIRMATION_RULE && m.status === 'open')).toBe(false);
  });

  test('a draft ended before any notice owed no end notice', () => {
    const p = send(start(), { type: 'PLACEMENT_ENDED', reason: 'plan changed', at: '2026-03-03T10:00:00Z' });
    expect(only(timeline(p), 'END.end-notice')).toMatchObject({ status: 'not-applicable', detail: { reason: 'plan changed' } });
  });

  test('host confirmation: awaited per notice version, met when recorded (not a legal clock)', () => {
    let p = placed();
    expect(timeline(p).filter((m) => m.rule === HOST_CONFIRMATION_RULE)).toEqual([
      expect.objectContaining({ status: 'open', label: 'Host authority confirmation of notice version 1', dueAt: null, at: null }),
    ]);
    p = send(p, { type: 'HOST_CONDITIONS_CONFIRMED', at: '2026-03-05T12:00:00Z' });
    const audit = [{ type: 'HOST_CONDITIONS_CONFIRMED', at: '2026-03-05T12:00:00.000Z', payload: {} }];
    expect(timeline(p, audit).filter((m) => m.rule === HOST_CONFIRMATION_RULE)).toEqual([
      expect.objectContaining({ status: 'met', at: '2026-03-05T12:00:00.000Z', detail: { noticeVersion: 1 } }),
    ]);
    p = send(p, orderChange('2026-03-09', '2026-03-09T10:00:00Z'), { type: 'NOTICE_UPDATED', signatory, at: '2026-03-09T11:00:00Z' });
    expect(
      timeline(p, audit)
        .filter((m) => m.rule === HOST_CONFIRMATION_RULE)
        .map((m) => [m.status, m.detail?.noticeVersion]),
    ).toEqual([
      ['met', 1],
      ['open', 2],
    ]);
    expect(timeline(p).find((m) => m.rule === HOST_CONFIRMATION_RULE)?.citation).toMatch(/Not a legal clock/);
  });

  test('a DoL extension is recorded, due before the period it extends ran out', () => {
    const dol = { legalBasis: { type: 'dol-order', expiresAt: '2026-06-01T00:00:00Z' } };
    const p = send(placed(dol), { type: 'DOL_EXTENDED', expiresAt: '2026-09-01T00:00:00Z', at: '2026-05-20T10:00:00Z' });
    const audit = [{ type: 'DOL_EXTENDED', at: '2026-05-20T10:00:00.000Z', payload: { expiresAt: '2026-09-01T00:00:00Z' } }];
    const extension = timeline(p, audit).filter((m) => m.rule === 'C5.dol-expiry' && m.label.startsWith('DoL order extended'));
    expect(extension).toEqual([
      expect.objectContaining({
        label: 'DoL order extended by the court to 2026-09-01T00:00:00Z',
        // The period the recipients were told of: 3 months beginning with the day the order was made (1 March).
        dueAt: '2026-05-31T22:59:59.999Z',
        at: '2026-05-20T10:00:00.000Z',
        status: 'met',
      }),
    ]);
    // Without audit entries the extension still shows, from its notice clock.
    expect(timeline(p).filter((m) => m.label.startsWith('DoL order extended'))).toHaveLength(1);
    // The old period's expiry clock was met by the extension; the new one is open.
    expect(
      timeline(p, audit)
        .filter((m) => m.rule === 'C5.dol-expiry' && m.label === book.clocks['C5.dol-expiry'].title)
        .map((m) => m.status),
    ).toEqual(['met', 'open']);
  });

  test('milestones are in time order, undated ones last', () => {
    const ms = timeline(renotified('2026-03-13T09:00:00Z', '2026-03-13T10:00:00Z'));
    const keys = ms.map((m) => m.at ?? m.dueAt).map((t) => (t === null ? Infinity : Date.parse(t)));
    expect([...keys].sort((a, b) => a - b)).toEqual(keys);
  });
});

describe('GET /api/placements/{id}/timeline', () => {
  let h: Harness;
  let now = new Date('2026-03-02T09:00:00Z');
  let placing: string;
  let host: string;
  let inspector: string;

  beforeAll(async () => {
    h = await startHarness({}, { clock: () => now });
    placing = await h.userToken('placing', PLACING_ORG);
    host = await h.userToken('host', HOST_ORG);
    inspector = await h.userToken('inspector', 'scot-care-inspectorate');
  });
  afterAll(() => h.close());

  test('late re-notification, host confirmation and the notice lead time, computed from the stored placement', async () => {
    now = new Date('2026-03-05T12:00:00Z');
    const { id } = await createPlaced(h, placing);
    expect((await postEvent(h, id, host, { type: 'HOST_CONDITIONS_CONFIRMED', at: '2026-03-05T11:30:00Z' })).status).toBe(200);
    now = new Date('2026-03-13T12:00:00Z');
    expect((await postEvent(h, id, placing, orderChange('2026-03-09', '2026-03-09T10:00:00Z'))).status).toBe(200);
    expect((await postEvent(h, id, placing, { type: 'NOTICE_UPDATED', signatory, at: '2026-03-13T09:00:00Z' })).status).toBe(200);
    await deliverNotice(h, id, '2026-03-13T10:00:00Z');

    const res = await h.http.get(`/api/placements/${id}/timeline`).set('Authorization', inspector);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ placementId: id, reference: expect.stringMatching(/^CBP-[0-9A-F]{8}$/) });
    const ms: Milestone[] = res.body.milestones;
    expect(only(ms, 'C1.notice-before-arrival')).toMatchObject({ status: 'met', detail: { beforeArrival: { hours: 50 } } });
    expect(only(ms, 'C3.order-change-renotify')).toMatchObject({ status: 'late', detail: { lateBy: { workingDays: 2, calendar: 'scotland-statutory' } } });
    expect(ms.filter((m) => m.rule === HOST_CONFIRMATION_RULE).map((m) => [m.status, m.at])).toEqual([
      ['met', '2026-03-05T11:30:00.000Z'],
      ['open', null],
    ]);
    // Advocacy was never offered: past due now, so missed even before the sweep runs (projected to now).
    expect(only(ms, 'C7.advocacy-offer').status).toBe('missed');
    // One per recipient that decides "given" (copies are listed once they accept).
    expect(ms.filter((m) => m.rule === 'C1.notice-given' && m.status === 'late')).toHaveLength(book.recipients.residential.filter((r) => r.required).length);

    expect((await h.http.get(`/api/placements/${id}/timeline`).set('Authorization', host)).status).toBe(200);
    const stranger = await h.userToken('placing', OTHER_PLACING_ORG);
    expect((await h.http.get(`/api/placements/${id}/timeline`).set('Authorization', stranger)).status).toBe(404);
    expect((await h.http.get('/api/placements/not-a-uuid/timeline').set('Authorization', inspector)).status).toBe(422);
  });
});
