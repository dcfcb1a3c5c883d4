// Dates no rule can count, and dates that contradict each other, are refused with 422 naming the field, and
// nothing is written; the dates at the edges of what the calendars count are accepted. The cases the
// hardening issue listed (500 CalendarCoverageError, 500 RangeError, accepted nonsense) are all here.
import { COUNTABLE_DATES } from '../../machines/calendar';
import { activeRulebook } from '../../machines/rulebook';
import { createPlaced, draftBody, PLACING_ORG, postEvent, signatory } from '../api/placement-fixtures';
import { rowCounts, startHarness, type Harness } from '../support/api-harness';

let h: Harness;
let now = new Date('2026-03-06T12:00:00Z');
let placing: string;

beforeAll(async () => {
  h = await startHarness({}, { clock: () => now });
  placing = await h.userToken('placing', PLACING_ORG);
});
afterAll(() => h.close());

type Body = Record<string, any>;
const draft = (change: (d: Body) => void): Body => {
  const d = structuredClone(draftBody()) as Body;
  change(d);
  return d;
};

async function refused(send: () => Promise<{ status: number; body: any }>, path: string, message?: RegExp): Promise<void> {
  const before = await rowCounts(h.orm);
  const res = await send();
  expect({ status: res.status, paths: (res.body.errors ?? []).map((e: { path: string }) => e.path) }).toEqual({
    status: 422,
    paths: expect.arrayContaining([path]),
  });
  if (message) expect(res.body.errors.find((e: { path: string }) => e.path === path).message).toMatch(message);
  expect(await rowCounts(h.orm)).toEqual(before);
}

const create = (body: Body) => () => h.http.post('/api/placements').set('Authorization', placing).send(body);

describe('a draft', () => {
  test.each([
    ['child.dateOfBirth', '9999-12-31', /future/], // was 500 RangeError
    ['child.dateOfBirth', '2026-03-07', /future/],
    ['child.dateOfBirth', '1800-01-01', /18 before SSI 2026\/31 came into force on 2026-02-09/],
    ['child.dateOfBirth', '2008-02-09', /18 before SSI 2026\/31/], // 18 on the day the regime began
  ])('%s %s', (path, value, message) => refused(create(draft((d) => (d.child.dateOfBirth = value))), path, message));

  test.each([
    ['legalBasis.madeOn', (d: Body) => (d.legalBasis.madeOn = '1900-01-01')], // was accepted
    ['legalBasis.madeOn', (d: Body) => (d.legalBasis.madeOn = '2006-12-31')],
    ['legalBasis.effectiveFrom', (d: Body) => (d.legalBasis.effectiveFrom = '1900-01-01T00:00:00Z')],
    ['legalBasis.effectiveFrom', (d: Body) => (d.legalBasis.effectiveFrom = '2007-01-01T00:30:00+01:00')], // 31 December 2006 in London
    ['legalBasis.expiresAt', (d: Body) => (d.legalBasis.expiresAt = '9999-01-01T00:00:00Z')], // was accepted
    ['legalBasis.expiresAt', (d: Body) => (d.legalBasis.expiresAt = '2199-01-01T00:00:00Z')],
    ['placement.plannedStart', (d: Body) => (d.placement.plannedStart = '2300-01-01T00:00:00Z')],
  ])('%s outside the calendars', (path, change) => refused(create(draft(change)), path, /2007-01-01 to 2198-12-31/));

  test('a date-time beyond year 9999 is not a date-time at all', () =>
    refused(create(draft((d) => (d.placement.plannedStart = '+275760-09-13T00:00:00.000Z'))), 'placement.plannedStart', /Invalid ISO datetime/));

  test('madeOn after the date the order takes effect, and madeOn in the future', async () => {
    await refused(create(draft((d) => (d.legalBasis.madeOn = '2026-03-03'))), 'legalBasis.madeOn', /on or before the date the order takes effect/); // was accepted
    await refused(
      create(draft((d) => Object.assign(d.legalBasis, { madeOn: '2026-03-07', effectiveFrom: '2026-03-08T10:00:00Z' }))),
      'legalBasis.madeOn',
      /future/,
    );
  });

  test('the first and last countable dates, and an order made the day it takes effect in London, are accepted', async () => {
    expect(COUNTABLE_DATES).toEqual({ first: '2007-01-01', last: '2198-12-31' });
    const edge = draft((d) => {
      Object.assign(d.legalBasis, {
        madeOn: COUNTABLE_DATES.first,
        effectiveFrom: '2007-01-01T00:00:00Z',
        type: 'dol-order',
        expiresAt: '2198-12-31T23:00:00Z',
      });
      d.placement.plannedStart = '2026-03-05T10:00:00Z';
    });
    expect((await create(edge)()).status).toBe(201);
    // 23:30 on 1 March UTC is still 1 March in London (GMT): made on the 1st, in force from the 1st.
    expect((await create(draft((d) => Object.assign(d.legalBasis, { madeOn: '2026-03-01', effectiveFrom: '2026-03-01T23:30:00Z' })))()).status).toBe(201);
    // A child born the day after the regime's start less 18 years is still a child on it.
    expect(
      (await create(draft((d) => (d.child.dateOfBirth = '2008-02-10')))()).body.errors?.filter((e: { path: string }) => e.path === 'child.dateOfBirth'),
    ).toEqual(
      // ... but 18 before this planned start (C11.age-18): refused for that reason, not as an absurd date.
      [expect.objectContaining({ message: expect.stringMatching(/18 or over at the planned start/) })],
    );
    expect(activeRulebook.inForceFrom).toBe('2026-02-09');
  });
});

describe('events', () => {
  let id: string;
  beforeAll(async () => {
    id = (await createPlaced(h, placing, { arrive: false })).id;
  });

  test.each([
    ['CHILD_ARRIVED at 1900', { type: 'CHILD_ARRIVED', at: '1900-01-01T00:00:00Z' }, 'at'], // was 500 CalendarCoverageError
    ['CHILD_ARRIVED at year 1', { type: 'CHILD_ARRIVED', at: '0001-01-01T00:00:00Z' }, 'at'], // was 500
    ['VISIT_RECORDED at 2199', { type: 'VISIT_RECORDED', at: '2199-01-01T00:00:00Z' }, 'at'],
    [
      'ORDER_CHANGED made 1900',
      { type: 'ORDER_CHANGED', legalBasis: { type: 'care-order', madeOn: '1900-01-01', effectiveFrom: '1900-01-01T00:00:00Z', expiresAt: null } },
      'legalBasis.madeOn',
    ], // was accepted
    ['DOL_EXTENDED to 9999', { type: 'DOL_EXTENDED', expiresAt: '9999-01-01T00:00:00Z' }, 'expiresAt'],
    [
      'MOVE_PROPOSED for 2300',
      { type: 'MOVE_PROPOSED', placement: { hostAuthorityId: 'S12000036', serviceName: 'X', plannedStart: '2300-01-01T00:00:00Z', permanence: 'temporary' } },
      'placement.plannedStart',
    ],
  ])('%s', (_name, body, path) => refused(() => postEvent(h, id, placing, body), path));

  // Found by the fuzzer (500 RangeError from the notice's "age on signing"): a notice signed before the child was born.
  test('an event dated before the child was born', () =>
    refused(() => postEvent(h, id, placing, { type: 'NOTICE_UPDATED', signatory, at: '2007-01-01T00:00:00Z' }), 'at', /before the child was born/));

  test('an order made after the event that records it', () =>
    refused(
      () =>
        postEvent(h, id, placing, {
          type: 'ORDER_CHANGED',
          at: '2026-03-04T10:00:00Z',
          legalBasis: { type: 'care-order', madeOn: '2026-03-05', effectiveFrom: '2026-03-05T10:00:00Z', expiresAt: null },
        }),
      'legalBasis.madeOn',
      /future \(after 2026-03-04\)/,
    ));

  test('an arrival recorded late, dated before the notice already given, is recorded as it happened: unrecognised, the notice given late', async () => {
    // createPlaced signed at 08:59 and recorded delivery at 09:00 on 3 March: C1 was met then, as it seemed.
    const other = (await createPlaced(h, placing, { arrive: false })).id;
    const early = await postEvent(h, other, placing, { type: 'CHILD_ARRIVED', at: '2026-03-03T08:30:00Z' });
    expect(early.status).toBe(200);
    expect(early.body.legalStatus).toMatchObject({ code: 'unrecognised', reasons: [expect.objectContaining({ rule: 'C1.notice-before-arrival' })] });
    expect(early.body.legalStatus.reasons[0].text).toMatch(/given late/);
    expect(early.body.deadlines.find((d: { rule: string }) => d.rule === 'C1.notice-before-arrival')).toMatchObject({ status: 'missed' });
    const res = await postEvent(h, id, placing, { type: 'CHILD_ARRIVED', at: '2026-03-03T09:30:00Z' });
    expect([res.status, res.body.legalStatus.code]).toEqual([200, 'recognised']);
  });

  test('a back-dated arrival on a 2025 notice, and clocks running to 2040, are counted', async () => {
    // The case: an event at 2025-06-01T12:00Z after a notice signed then (a placement begun under the
    // 2022 scheme, recorded late), and deadlines falling due far ahead.
    now = new Date('2040-06-01T12:00:00Z');
    const created = await h.http
      .post('/api/placements')
      .set('Authorization', placing)
      .send(
        draft((d) => {
          d.child.dateOfBirth = '2024-01-01';
          Object.assign(d.legalBasis, { madeOn: '2025-05-20', effectiveFrom: '2025-05-21T10:00:00Z' });
          d.placement.plannedStart = '2025-06-01T12:00:00Z';
        }),
      );
    expect(created.status).toBe(201);
    const pid = created.body.id;
    expect((await postEvent(h, pid, placing, { type: 'NOTICE_SIGNED', signatory, at: '2025-06-01T12:00:00Z' })).status).toBe(200);
    const arrived = await postEvent(h, pid, placing, { type: 'CHILD_ARRIVED', at: '2025-06-01T12:00:00Z' });
    expect(arrived.status).toBe(200);
    expect(arrived.body.deadlines.some((d: { dueAt: string }) => d.dueAt.startsWith('2042-01-01'))).toBe(true); // 18th birthday
    const visit = await postEvent(h, pid, placing, { type: 'VISIT_RECORDED', at: '2040-05-31T10:00:00Z' });
    expect(visit.status).toBe(200);
  });
});
