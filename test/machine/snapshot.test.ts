// The persisted snapshot format is a contract with every stored placement: a released format must
// keep restoring, and a change to it must bump MACHINE_VERSION with a migration. One fixture per
// released format: version 1 (rulebook @1), version 2 (rulebook @2), version 3 (@2, with the child's voice and
// relationships) and version 4 (@2, with the care service's records and the transitional record).
import { readFileSync } from 'fs';
import { join } from 'path';
import { applyEvent, deadlineChanges, MACHINE_VERSION, migrate, SnapshotVersionError, viewOf, type PersistedPlacement } from '../../machines/placement';
import { deliverAll } from './helpers';
import { fixtureScenario, relationshipsScenario, serviceScenario } from './fixture-scenario';

const load = (name: string): PersistedPlacement => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8'));
const fixture = load('placement-snapshot.v1.json');
const fixtureV2 = load('placement-snapshot.v2.json');
const fixtureV3 = load('placement-snapshot.v3.json');
const fixtureV4 = load('placement-snapshot.v4.json');

test('the version 1 fixture restores: state, legal status and allowed events', () => {
  const v = viewOf(fixture);
  expect(v.machineVersion).toBe(MACHINE_VERSION);
  expect(v.value).toMatchObject({ active: { lifecycle: 'placed', notice: 'sending', legalBasis: 'changeWindow', advocacy: 'offered' } });
  expect(v.legalStatus).toMatchObject({ code: 'at-risk', reasons: [{ rule: 'C3.order-change-renotify' }] });
  expect(v.allowedEvents).toEqual(expect.arrayContaining(['NOTICE_UPDATED', 'ADVOCACY_ACCEPTED', 'VISIT_RECORDED']));
  // Rulebook @1 has no conditions-check or urgent-transfer duty, so a restored @1 placement refuses their events.
  expect(v.allowedEvents).not.toContain('CONDITIONS_CHECKED');
  expect(v.allowedEvents).not.toContain('URGENT_TRANSFER_MADE');
});

test("migrating version 1 gives exactly what today's machine writes for the same events under @1", () => {
  const migrated = migrate(fixture);
  expect(migrated.machineVersion).toBe(MACHINE_VERSION);
  expect(JSON.parse(JSON.stringify(migrated))).toEqual(JSON.parse(JSON.stringify(fixtureScenario('ssi-2026-31@1', 4))));
  expect(migrated.context).toMatchObject({ lookedAfterSince: null, conditionsChecks: [], urgentTransfers: [] });
});

test('a restored fixture keeps working: delivering the rest of version 2 closes the window', () => {
  const p = deliverAll(fixture, '2026-03-10T10:00:00Z');
  expect(viewOf(p).legalStatus.code).toBe('recognised');
  const q = deliverAll(fixtureV2, '2026-03-10T10:00:00Z');
  expect(viewOf(q).legalStatus.code).toBe('recognised');
});

test("migrating version 2 gives exactly what today's machine writes for the same events under @2 (nothing about relationships was recorded)", () => {
  const migrated = migrate(fixtureV2);
  expect(migrated.machineVersion).toBe(MACHINE_VERSION);
  expect(JSON.parse(JSON.stringify(migrated))).toEqual(JSON.parse(JSON.stringify(fixtureScenario('ssi-2026-31@2', 2))));
  expect(migrated.context.relationships).toEqual({
    views: [],
    occasions: [],
    siblings: [],
    separations: [],
    arrangements: [],
    sessions: [],
    advocacyMatters: [],
  });
  const v = viewOf(fixtureV2);
  expect(v.legalStatus).toMatchObject({ code: 'at-risk', reasons: [{ rule: 'C3.order-change-renotify' }] });
  expect(v.allowedEvents).toEqual(expect.arrayContaining(['CONDITIONS_CHECKED', 'NOTICE_UPDATED']));
});

test("migrating version 3 gives exactly what today's machine writes for the same events under @2: the stay read off the arrival", () => {
  expect(fixtureV3.machineVersion).toBe(3);
  const migrated = migrate(fixtureV3);
  expect(migrated.machineVersion).toBe(MACHINE_VERSION);
  expect(JSON.parse(JSON.stringify(migrated))).toEqual(JSON.parse(JSON.stringify(relationshipsScenario())));
  expect(migrated.context.service).toEqual({
    evidence: [],
    stays: [
      {
        serviceName: 'Harbour House',
        serviceProviderId: null,
        careInspectorateNumber: expect.any(String),
        arrivedAt: '2026-03-05T11:00:00.000Z',
        departedAt: null,
        departureReason: null,
      },
    ],
  });
  expect(migrated.context.transitional).toBeNull();
});

test("today's machine writes the version 4 fixture's format exactly (bump MACHINE_VERSION and add a migration if this fails)", () => {
  expect(JSON.parse(JSON.stringify(serviceScenario()))).toEqual(fixtureV4);
  const v = viewOf(fixtureV4);
  expect(v.context.service.evidence.map((e) => e.evidence)).toEqual(['Copy of the care order of 9 March 2026 and notice version 2']);
  expect(v.context.service.stays.map((st) => [st.departedAt, st.departureReason])).toEqual([['2026-03-11T20:00:00.000Z', 'In hospital overnight.']]);
  expect(v.context.transitional).toBeNull();
});

test('the version 3 fixture restores: the legal status, the records and the events allowed', () => {
  const v = viewOf(fixtureV3);
  // The child's voice and relationships never change the legal status.
  expect(v.legalStatus).toMatchObject({ code: 'at-risk', reasons: [{ rule: 'C3.order-change-renotify' }] });
  expect(v.context.relationships.occasions).toEqual([
    { kind: 'review', at: '2026-03-10T11:00:00.000Z', viewsId: 'V1' },
    { kind: 'visit', at: '2026-03-10T12:00:00.000Z', viewsId: 'V2' },
  ]);
  expect(v.allowedEvents).toEqual(expect.arrayContaining(['FAMILY_TIME_RECORDED', 'ADVOCACY_MATTER_UPDATED', 'CHILD_VIEWS_RECORDED']));
});

test('snapshots of unknown or newer versions are refused clearly', () => {
  expect(() => migrate({ ...fixture, machineVersion: 0 })).toThrow(SnapshotVersionError);
  expect(() => migrate({ ...fixture, machineVersion: MACHINE_VERSION + 1 })).toThrow(/newer/);
  expect(() => viewOf({ ...fixture, rulebookId: 'ssi-2099-1@1' })).toThrow(/unknown rulebook/);
});

test('deadlineChanges lists the rows a transition opens and closes', () => {
  const r = applyEvent(fixture, { type: 'CHILD_ARRIVED', at: '2026-03-11T10:00:00Z' });
  expect(r.ok).toBe(false);
  const next = deliverAll(fixture, '2026-03-10T10:00:00Z');
  const { opened, changed } = deadlineChanges(fixture.context.deadlines, next.context.deadlines);
  expect(opened).toEqual([]);
  expect(changed.map((d) => [d.rule, d.status])).toEqual([['C3.order-change-renotify', 'met']]);
});
