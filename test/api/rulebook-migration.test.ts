// Running placements keep the rulebook they started under until an admin moves them: a dry run first,
// then a confirmation; a placement the move would make unrecognised is left alone until it is confirmed
// by id. On a real SQLite file, through the API, with the audit chain verified after.
import { ssi2026v1 } from '../../machines/rulebook/ssi-2026-31.v1';
import { AuditEvent, Deadline, Placement } from '../../src/store/entities';
import { ADMIN, startHarness, type Harness } from '../support/api-harness';
import { createPlaced, draftBody, PLACING_ORG } from './placement-fixtures';

let h: Harness;
const now = new Date('2026-07-10T12:00:00Z');
let placing: string;
const ids: Record<'dol' | 'foster' | 'lapses', string> = { dol: '', foster: '', lapses: '' };

beforeAll(async () => {
  // New placements in this harness start under @1, as placements made before @2 was released did.
  h = await startHarness({}, { clock: () => now, rulebook: ssi2026v1 });
  placing = await h.userToken('placing', PLACING_ORG);
  const base = draftBody() as Record<string, any>;
  const dol = (madeOn: string, expiresAt: string) => ({
    ...base,
    legalBasis: { type: 'dol-order', court: 'High Court (Family Division)', madeOn, effectiveFrom: `${madeOn}T10:00:00Z`, expiresAt },
  });
  const times = { signedAt: '2026-07-01T08:59:00Z', deliveredAt: '2026-07-01T09:00:00Z', arrivedAt: '2026-07-03T11:00:00Z' };
  const plan = (madeOn: string) => ({ placement: { ...base.placement, plannedStart: '2026-07-03T10:00:00Z' }, ...dol(madeOn, '2027-01-01T10:00:00Z') });
  // Made on 1 June with a stated expiry in January: under @1 the stated expiry governs; under @2 the
  // relevant period (3 months beginning with the day it was made) ends first, on 31 August.
  ids.dol = (await createPlaced(h, placing, { draft: plan('2026-06-01'), times })).id;
  // Foster care: @1 runs the advocacy clock for every setting; @2 only from the foster duty's commencement.
  ids.foster = (
    await createPlaced(h, placing, { draft: { ...base, setting: 'foster', placement: { ...base.placement, plannedStart: '2026-07-03T10:00:00Z' } }, times })
  ).id;
  // Made on 1 March: under @2 its relevant period ended on 31 May, before the child even arrived.
  ids.lapses = (await createPlaced(h, placing, { draft: plan('2026-03-01'), times })).id;
});
afterAll(() => h.close());

const migrate = (body: object) =>
  h.http
    .post('/api/admin/rulebook-migrations')
    .set('Authorization', ADMIN)
    .send({ from: 'ssi-2026-31@1', to: 'ssi-2026-31@2', ...body });
const rows = (id: string) => h.orm.em.fork().find(Deadline, { placementId: id });
const placement = (id: string) => h.orm.em.fork().findOneOrFail(Placement, { id });

test('the versions, and what changed between them, are published', async () => {
  const versions = await h.http.get('/api/rulebook/versions').set('Authorization', placing).expect(200);
  expect(versions.body).toEqual([
    // The earlier schemes' rulebooks: placements imported with their history ran under them before 9 February 2026.
    expect.objectContaining({ id: 'ssi-2013-99@1', active: false, placements: 0 }),
    expect.objectContaining({ id: 'ssi-2022-225@1', active: false, placements: 0 }),
    expect.objectContaining({ id: 'ssi-2026-31@1', active: false, placements: 3 }),
    expect.objectContaining({ id: 'ssi-2026-31@2', active: true, placements: 0 }),
  ]);
  const diff = await h.http.get('/api/rulebook/diff?from=ssi-2026-31@1&to=ssi-2026-31@2').set('Authorization', placing).expect(200);
  expect(diff.body.changed.map((c: { id: string }) => c.id)).toContain('C5.dol-expiry');
  expect(diff.body.added.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['DUTY.conditions-check', 'C7.foster-advocacy']));
  expect((await h.http.get('/api/rulebook/diff?from=ssi-2026-31@1&to=nope@9').set('Authorization', placing)).status).toBe(404);
});

test('a dry run writes nothing and lists what would change, including the placement that would become unrecognised', async () => {
  const auditBefore = await h.orm.em.fork().count(AuditEvent, {});
  const dryRun = await migrate({}).expect(200);
  expect(dryRun.body).toMatchObject({ dryRun: true, wouldBecomeUnrecognised: [ids.lapses] });
  const byId = Object.fromEntries(dryRun.body.placements.map((p: { placementId: string }) => [p.placementId, p]));
  expect(Object.keys(byId).sort()).toEqual(Object.values(ids).sort());
  expect(byId[ids.dol].result).toBe('planned');
  expect(byId[ids.dol].plan.deadlines.changed).toEqual(
    expect.arrayContaining([expect.objectContaining({ fields: expect.arrayContaining(['dueAt']), after: expect.objectContaining({ rule: 'C5.dol-expiry' }) })]),
  );
  expect(byId[ids.foster].plan.deadlines.removed.map((d: { rule: string }) => d.rule)).toContain('C7.advocacy-offer');
  expect(byId[ids.lapses].plan.legalStatus).toMatchObject({ before: { code: 'recognised' }, after: { code: 'unrecognised' } });
  expect(await h.orm.em.fork().count(AuditEvent, {})).toBe(auditBefore);
  expect((await placement(ids.dol)).rulebookVersion).toBe('ssi-2026-31@1');
});

test('applying migrates the sound plans and leaves the one that would become unrecognised alone until it is confirmed by id', async () => {
  const applied = await migrate({ dryRun: false }).expect(200);
  const result = Object.fromEntries(applied.body.placements.map((p: { placementId: string; result: string }) => [p.placementId, p.result]));
  expect(result).toEqual({ [ids.dol]: 'migrated', [ids.foster]: 'migrated', [ids.lapses]: 'needs-unrecognised-confirmation' });

  const dol = await placement(ids.dol);
  expect(dol.rulebookVersion).toBe('ssi-2026-31@2');
  const expiry = (await rows(ids.dol)).find((d) => d.rule === 'C5.dol-expiry' && d.status === 'open');
  // The end of 31 August 2026 in Scotland (BST): three months beginning with 1 June.
  expect(expiry?.dueAt.toISOString()).toBe('2026-08-31T22:59:59.999Z');
  expect((await rows(ids.foster)).filter((d) => d.rule === 'C7.advocacy-offer')).toEqual([]);
  expect((await placement(ids.lapses)).rulebookVersion).toBe('ssi-2026-31@1');

  const got = await h.http.get(`/api/placements/${ids.dol}`).set('Authorization', placing).expect(200);
  expect(got.body).toMatchObject({ rulebook: 'ssi-2026-31@2', legalStatus: { code: 'recognised' } });

  const confirmed = await migrate({ dryRun: false, placementIds: [ids.lapses], confirmUnrecognised: [ids.lapses] }).expect(200);
  expect(confirmed.body.placements).toEqual([expect.objectContaining({ placementId: ids.lapses, result: 'migrated' })]);
  const lapsed = await h.http.get(`/api/placements/${ids.lapses}`).set('Authorization', placing).expect(200);
  expect(lapsed.body).toMatchObject({ rulebook: 'ssi-2026-31@2', legalStatus: { code: 'unrecognised' } });

  const migrations = await h.orm.em.fork().find(AuditEvent, { type: 'RULEBOOK_MIGRATED' });
  expect(migrations.map((e) => e.placementId).sort()).toEqual(Object.values(ids).sort());
  expect(migrations.every((e) => e.actorRole === 'admin')).toBe(true);
  expect((await h.http.get('/api/audit/verify').set('Authorization', ADMIN)).body).toMatchObject({ ok: true });
  // Nothing is left under @1, so a second run finds nothing to move.
  expect((await migrate({ dryRun: false })).body.placements).toEqual([]);
});

test('only an admin may migrate', async () => {
  expect((await h.http.post('/api/admin/rulebook-migrations').set('Authorization', placing).send({ from: 'ssi-2026-31@1', to: 'ssi-2026-31@2' })).status).toBe(
    403,
  );
});
