// The two settings (foster, residential) and the DoL order that only residential care may rest on,
// end to end through the HTTP API on a real SQLite file.
import { Placement } from '../../src/store/entities';
import { activeRulebook } from '../../machines/rulebook';
import { startHarness, type Harness } from '../support/api-harness';
import { deliverNotice, draftBody, postEvent, signatory } from './placement-fixtures';
import { PLACING_ORG } from './placement-fixtures';

let h: Harness;
let now = new Date('2026-03-02T09:00:00Z');
let placing: string;

beforeAll(async () => {
  h = await startHarness({}, { clock: () => now });
  placing = await h.userToken('placing', PLACING_ORG);
});
afterAll(() => h.close());

const roles = (recipients: { role: string }[]) => recipients.map((r) => r.role).sort();
const get = (id: string) => h.http.get(`/api/placements/${id}`).set('Authorization', placing);

test('foster placement: the notice goes to every foster recipient and not the advocacy provider; the statutory ones decide; recognised on arrival', async () => {
  now = new Date('2026-03-02T09:00:00Z');
  const created = await h.http
    .post('/api/placements')
    .set('Authorization', placing)
    .send(draftBody({ setting: 'foster' }));
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ setting: 'foster', state: 'draft', legalStatus: { code: 'pending' } });
  const id = created.body.id;

  now = new Date('2026-03-03T09:00:00Z');
  const signed = await postEvent(h, id, placing, { type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T08:59:00Z' }, created.body.version);
  expect(signed.status).toBe(200);
  const outstanding = roles(signed.body.notice.outstandingRecipients);
  expect(outstanding).toEqual(roles(activeRulebook.recipients.foster.filter((r) => r.required)));
  expect(outstanding).not.toContain('advocacy-provider');
  expect(outstanding).toEqual(['care-inspectorate', 'host-authority', 'scottish-ministers']);
  // The copies go out too (one mail each) but do not decide whether the notice was given.
  const row = await h.orm.em.fork().findOneOrFail(Placement, { id });
  const sent = row.snapshot.context.notices[0].recipients;
  expect(roles(sent)).toEqual(roles(activeRulebook.recipients.foster));
  expect(
    sent
      .filter((r) => !r.required)
      .map((r) => r.role)
      .sort(),
  ).toEqual(['education-authority', 'health-board', 'principal-reporter', 'service-provider']);

  await deliverNotice(h, id, '2026-03-03T09:00:00Z');
  let r = await get(id);
  expect(r.body.notice).toMatchObject({ version: 1, givenAt: '2026-03-03T09:00:00.000Z', outstandingRecipients: [] });
  expect(r.body.legalStatus.code).toBe('pending');

  now = new Date('2026-03-05T12:00:00Z');
  r = await postEvent(h, id, placing, { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ state: 'placed', setting: 'foster', legalStatus: { code: 'recognised' } });
  expect(r.body.legalStatus.reasons[0].rule).toBe('C1.notice-before-arrival');
  // Advocacy under SSI 2026/31 is for residential care; foster advocacy (C7.foster-advocacy) waits for its Act to commence.
  expect(r.body.deadlines.filter((d: { rule: string }) => d.rule.startsWith('C7.'))).toEqual([]);
});

test('a residential notice does go to the advocacy provider (the contrast), as a copy', async () => {
  now = new Date('2026-03-03T09:00:00Z');
  const created = await h.http.post('/api/placements').set('Authorization', placing).send(draftBody());
  const signed = await postEvent(h, created.body.id, placing, { type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T08:59:00Z' });
  expect(signed.body.notice.outstandingRecipients).toHaveLength(activeRulebook.recipients.residential.filter((r) => r.required).length);
  const row = await h.orm.em.fork().findOneOrFail(Placement, { id: created.body.id });
  const sent = row.snapshot.context.notices[0].recipients;
  expect(roles(sent)).toContain('advocacy-provider');
  expect(sent).toHaveLength(activeRulebook.recipients.residential.length);
});

test('DoL placement: extended by the court, the updated notice given, recognised to the end of the new relevant period', async () => {
  now = new Date('2026-03-02T09:00:00Z');
  const dol = {
    type: 'dol-order',
    court: 'High Court (Family Division)',
    madeOn: '2026-03-01',
    effectiveFrom: '2026-03-02T10:00:00Z',
    expiresAt: '2026-03-20T10:00:00Z',
  };
  const created = await h.http
    .post('/api/placements')
    .set('Authorization', placing)
    .send(draftBody({ legalBasis: dol }));
  expect(created.status).toBe(201);
  const id = created.body.id;
  expect(created.body.legalBasis).toMatchObject({ type: 'dol-order', expiresAt: '2026-03-20T10:00:00.000Z' });
  expect(created.body.deadlines).toEqual(
    expect.arrayContaining([expect.objectContaining({ rule: 'C5.dol-expiry', dueAt: '2026-03-20T10:00:00.000Z', status: 'open' })]),
  );

  now = new Date('2026-03-03T09:00:00Z');
  await postEvent(h, id, placing, { type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T08:59:00Z' }).expect(200);
  await deliverNotice(h, id, '2026-03-03T09:00:00Z');
  now = new Date('2026-03-05T12:00:00Z');
  let r = await postEvent(h, id, placing, { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
  expect(r.body.legalStatus.code).toBe('recognised');

  // The court reviews and continues the order on 10 March: recognition is at risk until the recipients are
  // told (before the old expiry); the new relevant period runs 3 months beginning with 10 March (to 9 June),
  // before the expiry the order states (P.dol-period-from, P.dol-stated-expiry).
  now = new Date('2026-03-10T12:00:00Z');
  r = await postEvent(h, id, placing, { type: 'DOL_EXTENDED', expiresAt: '2026-06-20T10:00:00Z', at: '2026-03-10T11:00:00Z' }, r.body.version);
  expect(r.status).toBe(200);
  expect(r.body.legalBasis.expiresAt).toBe('2026-06-20T10:00:00.000Z');
  expect(r.body.legalStatus).toMatchObject({ code: 'at-risk', reasons: [expect.objectContaining({ rule: 'C5.dol-extension-notice' })] });
  expect(r.body.deadlines).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ rule: 'C5.dol-extension-notice', dueAt: '2026-03-20T10:00:00.000Z', status: 'open' }),
      expect.objectContaining({ rule: 'C5.dol-expiry', dueAt: '2026-06-09T22:59:59.999Z', status: 'open' }),
    ]),
  );

  r = await postEvent(h, id, placing, { type: 'NOTICE_UPDATED', signatory, at: '2026-03-10T11:30:00Z' }, r.body.version);
  expect(r.status).toBe(200);
  expect(r.body.notice).toMatchObject({ version: 2, reasons: ['dol-extension'], givenAt: null });
  await deliverNotice(h, id, '2026-03-10T11:45:00Z');

  r = await get(id);
  expect(r.body.notice).toMatchObject({ version: 2, givenAt: '2026-03-10T11:45:00.000Z' });
  expect(r.body.legalStatus.code).toBe('recognised');
  const dolClocks = r.body.deadlines.filter((d: { rule: string }) => d.rule.startsWith('C5.'));
  expect(dolClocks).toEqual([
    expect.objectContaining({ rule: 'C5.dol-expiry', dueAt: '2026-03-20T10:00:00.000Z', status: 'met' }),
    expect.objectContaining({ rule: 'C5.dol-extension-notice', dueAt: '2026-03-20T10:00:00.000Z', status: 'met', metAt: '2026-03-10T11:45:00.000Z' }),
    expect.objectContaining({ rule: 'C5.dol-expiry', dueAt: '2026-06-09T22:59:59.999Z', status: 'open' }),
  ]);
  // The only open recognition clock is the new period's end: after it, without a further review, recognition lapses.
  now = new Date('2026-06-10T00:00:00Z');
  r = await get(id);
  expect(r.body.legalStatus).toMatchObject({ code: 'unrecognised', reasons: [expect.objectContaining({ rule: 'C5.dol-expiry' })] });
});

test.each([
  ['dol-order', 'foster'],
  ['ni-dol-order', 'foster'],
])('a %s in %s care is refused with 422 naming legalBasis.type', async (type, setting) => {
  const res = await h.http
    .post('/api/placements')
    .set('Authorization', placing)
    .send(draftBody({ setting, legalBasis: { type, madeOn: '2026-03-01', effectiveFrom: '2026-03-02T10:00:00Z', expiresAt: '2026-06-01T10:00:00Z' } }));
  expect(res.status).toBe(422);
  expect(res.type).toBe('application/problem+json');
  expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'legalBasis.type' })]));
  if (type === 'dol-order') expect(JSON.stringify(res.body.errors)).toMatch(/DOL\.residential-only/);
});
