// The persisted snapshot format is a contract with every stored placement: a released format must
// keep restoring, and a change to it must bump MACHINE_VERSION with a migration.
import { readFileSync } from 'fs';
import { join } from 'path';
import { applyEvent, deadlineChanges, MACHINE_VERSION, migrate, SnapshotVersionError, viewOf, type PersistedPlacement } from '../../machines/placement';
import { deliverAll } from './helpers';
import { fixtureScenario } from './fixture-scenario';

const fixture: PersistedPlacement = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'placement-snapshot.v1.json'), 'utf8'));

test('the version 1 fixture restores: state, legal status and allowed events', () => {
  const v = viewOf(fixture);
  expect(v.machineVersion).toBe(MACHINE_VERSION);
  expect(v.value).toMatchObject({ active: { lifecycle: 'placed', notice: 'sending', legalBasis: 'changeWindow', advocacy: 'offered' } });
  expect(v.legalStatus).toMatchObject({ code: 'at-risk', reasons: [{ rule: 'C3.order-change-renotify' }] });
  expect(v.allowedEvents).toEqual(expect.arrayContaining(['NOTICE_UPDATED', 'ADVOCACY_ACCEPTED', 'VISIT_RECORDED']));
});

test('a restored fixture keeps working: delivering the rest of version 2 closes the window', () => {
  const p = deliverAll(fixture, '2026-03-10T10:00:00Z');
  expect(viewOf(p).legalStatus.code).toBe('recognised');
});

test('today\'s machine writes the fixture\'s format exactly (bump MACHINE_VERSION and add a migration if this fails)', () => {
  expect(JSON.parse(JSON.stringify(fixtureScenario()))).toEqual(fixture);
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
