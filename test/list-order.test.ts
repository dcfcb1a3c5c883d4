// A placing authority's or host's list, newest first, is read from its access rows (each carries its
// placement's creation time, in an index) rather than by sorting every placement it may see. The same
// placements in the same order as the join it replaces: rows stored before the migration (backfilled),
// rows the engine writes, tied creation times, pages, and rows a not-yet-upgraded instance writes
// without the time (the list falls back to the join until a start mends them).
import { rmSync } from 'node:fs';
import { migrateAndSeed } from '../src/bootstrap';
import { summarise } from '../src/services/placement-view';
import { listPlacements, writeTransition } from '../src/store/placement-store';
import { migrate, openOrm, type Orm } from '../src/store/orm';
import { seedOrganisations } from '../src/store/seed';
import { valuesList, withSql } from '../src/store/sql';
import { Writer } from '../src/store/writer';
import { relationshipsScenario } from './machine/fixture-scenario';
import { tempDir, testConfig } from './support/api-harness';

const BEFORE = 'Migration20261224000000_deadline_placing_authority';
const ORG = 'E06000001';
const OTHER = 'E06000002';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const T0 = Date.parse('2026-06-01T00:00:00Z');

/** A placement and its access rows, as an app without the column writes them; `at` its creation time (ms). */
async function writeAsBefore(orm: Orm, n: number, at: number, orgs: string[]) {
  const p = relationshipsScenario();
  await withSql(orm, async (sql) => {
    const d = sql.dialect;
    const s = summarise(p);
    const when = d.date(new Date(at));
    await sql.run(
      `insert into placement (placing_authority_id, host_authority_id, setting, legal_basis_type, state, legal_status, next_due_at, snapshot, machine_version, rulebook_version, id, version, created_at, updated_at) values ${valuesList(1, 14)}`,
      [orgs[0], s.hostAuthorityId, s.setting, s.legalBasisType, s.state, s.legalStatus, null, d.json(p), p.machineVersion, p.rulebookId, id(n), 1, when, when],
    );
    await sql.run(
      `insert into placement_access (placement_id, organisation_id, mode, reason, since) values ${valuesList(orgs.length, 5)}`,
      orgs.flatMap((o) => [id(n), o, 'act', 'test', when]),
    );
  });
}

/** The join's order, read independently: every placement the organisation may see, newest first, ties by id. */
const byJoin = (orm: Orm, org: string) =>
  withSql(orm, async (sql) =>
    (
      await sql.all<{ id: string }>(
        'select p.id from placement p join placement_access a on a.placement_id = p.id and a.organisation_id = ? order by p.created_at desc, p.id asc',
        [org],
      )
    ).map((r) => r.id),
  );

/** The list's pages of 4, joined up. */
async function listed(orm: Orm, org: string): Promise<{ ids: string[]; totals: number[] }> {
  const ids: string[] = [];
  const totals: number[] = [];
  for (let offset = 0; ; offset += 4) {
    const page = await withSql(orm, (sql) => listPlacements(sql, { visibleTo: org }, { limit: 4, offset }));
    totals.push(page.total);
    ids.push(...page.items.map((i) => i.id));
    if (page.items.length < 4) return { ids, totals };
  }
}

test('the list read from access rows has the join’s placements and order, before and after the migration and mid-deploy', async () => {
  const dir = tempDir();
  const config = testConfig(dir);
  const orm = await openOrm(config.database);
  try {
    await orm.getMigrator().up({ to: BEFORE });
    await seedOrganisations(orm.em.fork());
    // Eleven placements, two pairs created in the same millisecond (ties go by id), some shared with another organisation.
    const times = [0, 5, 5, 9, 2, 7, 7, 1, 3, 8, 6].map((s) => T0 + s * 1000);
    for (let n = 1; n <= times.length; n++) await writeAsBefore(orm, n, times[n - 1], n % 3 === 0 ? [OTHER, ORG] : [ORG]);

    expect((await migrate(orm))[0]).toBe('Migration20261225000000_access_placement_created');
    const missing = await withSql(orm, (sql) => sql.all('select placement_id from placement_access where placement_created_at is null'));
    expect(missing).toEqual([]);
    for (const org of [ORG, OTHER]) {
      const want = await byJoin(orm, org);
      expect(await listed(orm, org)).toEqual({ ids: want, totals: Array(Math.floor(want.length / 4) + 1).fill(want.length) });
    }

    // The engine's own write of a new placement gives its access rows the time.
    const writer = new Writer(orm);
    const p = relationshipsScenario();
    await writer.run((tx) =>
      writeTransition(tx, {
        id: id(100),
        expectedVersion: null,
        snapshot: p,
        summary: summarise(p),
        at: new Date(T0 + 4000),
        deadlines: { opened: [], changed: [] },
        access: [{ organisationId: ORG, mode: 'act', reason: 'placing authority' }],
        documents: [],
      }),
    );
    await writer.close();
    expect((await listed(orm, ORG)).ids).toEqual(await byJoin(orm, ORG));
    expect((await listed(orm, ORG)).ids.indexOf(id(100))).toBe((await byJoin(orm, ORG)).indexOf(id(100)));

    // Mid-deploy, an instance that knows no such column adds the newest placement: the list falls back, and is the same.
    await writeAsBefore(orm, 101, T0 + 60_000, [ORG]);
    expect((await listed(orm, ORG)).ids[0]).toBe(id(101));
    expect((await listed(orm, ORG)).ids).toEqual(await byJoin(orm, ORG));
    // The next start mends the row.
    await migrateAndSeed(orm, config, () => {});
    const [row] = await withSql(orm, (sql) =>
      sql.all<{ t: unknown }>('select placement_created_at as t from placement_access where placement_id = ?', [id(101)]),
    );
    expect(row.t).not.toBeNull();
    expect((await listed(orm, ORG)).ids).toEqual(await byJoin(orm, ORG));
  } finally {
    await orm.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
