// The migration that added `placement.population` (what the relationships counts read of each placement):
// placements stored before it get theirs, derived from their snapshots as a write derives it; and a row an
// app that knows no population writes afterwards (an instance not yet upgraded) is read from its snapshot.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { PersistedPlacement } from '../../machines/placement';
import { populationOf } from '../../src/reports/relationships';
import { summarise } from '../../src/services/placement-view';
import { PopulationCache } from '../../src/services/population-cache';
import { migrate, openOrm, type Orm } from '../../src/store/orm';
import { seedOrganisations } from '../../src/store/seed';
import { dialectOf, valuesList, withSql } from '../../src/store/sql';
import { relationshipsScenario, serviceScenario } from '../machine/fixture-scenario';
import { placed } from '../machine/helpers';
import { tempDir, testConfig } from '../support/api-harness';

const BEFORE = 'Migration20261221000000_placement_import';
const olderFormat: PersistedPlacement = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'placement-snapshot.v2.json'), 'utf8'));
const stored: [string, PersistedPlacement][] = [
  ['00000000-0000-4000-8000-000000000001', relationshipsScenario()],
  ['00000000-0000-4000-8000-000000000002', serviceScenario()],
  ['00000000-0000-4000-8000-000000000003', placed({ child: { dateOfBirth: '2008-04-10' } })],
  // Written by a machine before the child's voice and relationships were recorded, and not since.
  ['00000000-0000-4000-8000-000000000004', olderFormat],
];

/** Writes a row as an app that knows no population does: before the migration, or an instance not yet upgraded after it. */
async function writeAsBefore(orm: Orm, id: string, p: PersistedPlacement, existing: boolean): Promise<void> {
  await withSql(orm, async (sql) => {
    const d = sql.dialect;
    const s = summarise(p);
    const at = d.date(new Date(p.context.createdAt));
    const columns = [
      s.placingAuthorityId,
      s.hostAuthorityId,
      s.setting,
      s.legalBasisType,
      s.state,
      s.legalStatus,
      null,
      d.json(p),
      p.machineVersion,
      p.rulebookId,
    ];
    if (existing)
      await sql.run(
        'update placement set placing_authority_id = ?, host_authority_id = ?, setting = ?, legal_basis_type = ?, state = ?, legal_status = ?, next_due_at = ?, snapshot = ?, machine_version = ?, rulebook_version = ?, version = version + 1 where id = ?',
        [...columns, id],
      );
    else
      await sql.run(
        `insert into placement (placing_authority_id, host_authority_id, setting, legal_basis_type, state, legal_status, next_due_at, snapshot, machine_version, rulebook_version, id, version, created_at, updated_at) values ${valuesList(1, 14)}`,
        [...columns, id, 3, at, at],
      );
  });
}

test('placements stored before the migration get their population from their snapshots', async () => {
  const dir = tempDir();
  const orm = await openOrm(testConfig(dir).database);
  try {
    await orm.getMigrator().up({ to: BEFORE });
    await seedOrganisations(orm.em.fork());
    for (const [id, p] of stored) await writeAsBefore(orm, id, p, false);

    expect((await migrate(orm))[0]).toBe('Migration20261222000000_population');
    const rows = await withSql(orm, (sql) =>
      sql.all<{ id: string; version: unknown; population: unknown; population_version: unknown }>(
        'select id, version, population, population_version from placement order by id',
      ),
    );
    expect(rows.map((r) => [r.id, Number(r.version), Number(r.population_version), dialectOf(orm).readJson(r.population)])).toEqual(
      stored.map(([id, p]) => [id, 3, 3, populationOf(p)]),
    );
    expect(await new PopulationCache(orm).read()).toEqual(stored.map(([, p]) => populationOf(p)));

    // Mid-deploy, an instance not yet upgraded changes one placement and adds another: each is read from its snapshot.
    const changed = placed({ child: { dateOfBirth: '2008-04-10' } });
    const added = serviceScenario();
    await writeAsBefore(orm, stored[0][0], changed, true);
    await writeAsBefore(orm, '00000000-0000-4000-8000-000000000005', added, false);
    expect(await new PopulationCache(orm).read()).toEqual([changed, ...stored.slice(1).map(([, p]) => p), added].map((p) => populationOf(p)));
  } finally {
    await orm.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
