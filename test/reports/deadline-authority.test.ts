// The migration that gave each deadline row its placement's placing authority (the compliance report's
// split by authority reads it instead of joining every row to its placement): rows stored before it get
// their placement's, and rows a not-yet-upgraded instance writes afterwards (no authority: '') are still
// counted under their placement's authority.
import { rmSync } from 'node:fs';
import type { PersistedPlacement } from '../../machines/placement';
import { complianceBreakdown } from '../../src/reports/breakdown';
import { complianceReport } from '../../src/reports/compliance';
import { summarise } from '../../src/services/placement-view';
import { deadlineRowId } from '../../src/store/placement-store';
import { migrate, openOrm, type Orm } from '../../src/store/orm';
import { reportReads } from '../../src/store/report-reads';
import { seedOrganisations } from '../../src/store/seed';
import { valuesList, withSql } from '../../src/store/sql';
import { relationshipsScenario, serviceScenario } from '../machine/fixture-scenario';
import { tempDir, testConfig } from '../support/api-harness';

const BEFORE = 'Migration20261223000000_report_authority_index';
const NOW = new Date('2026-12-01T12:00:00Z');

/** A placement of `authority`, with its deadline rows, written as an app without the column writes them. */
async function writeAsBefore(orm: Orm, id: string, p: PersistedPlacement, authority: string): Promise<number> {
  return withSql(orm, async (sql) => {
    const d = sql.dialect;
    const s = summarise(p);
    const at = d.date(new Date(p.context.createdAt));
    await sql.run(
      `insert into placement (placing_authority_id, host_authority_id, setting, legal_basis_type, state, legal_status, next_due_at, snapshot, machine_version, rulebook_version, id, version, created_at, updated_at) values ${valuesList(1, 14)}`,
      [authority, s.hostAuthorityId, s.setting, s.legalBasisType, s.state, s.legalStatus, null, d.json(p), p.machineVersion, p.rulebookId, id, 1, at, at],
    );
    const rows = p.context.deadlines;
    await sql.run(
      `insert into deadline (id, placement_id, rule, citation, due_at, status, met_at, opened_at) values ${valuesList(rows.length, 8)}`,
      rows.flatMap((x) => [
        deadlineRowId(id, x.id),
        id,
        x.rule,
        x.citation,
        d.date(new Date(x.dueAt)),
        x.status,
        x.metAt ? d.date(new Date(x.metAt)) : null,
        d.date(new Date(x.openedAt)),
      ]),
    );
    return rows.filter((x) => x.status !== 'cancelled').length;
  });
}

test('deadline rows take their placement’s placing authority, and rows written without it are still split by it', async () => {
  const dir = tempDir();
  const orm = await openOrm(testConfig(dir).database);
  const reads = reportReads(orm);
  try {
    await orm.getMigrator().up({ to: BEFORE });
    await seedOrganisations(orm.em.fork());
    await writeAsBefore(orm, '00000000-0000-4000-8000-000000000001', relationshipsScenario(), 'E06000001');
    await writeAsBefore(orm, '00000000-0000-4000-8000-000000000002', serviceScenario(), 'E06000002');

    expect((await migrate(orm))[0]).toBe('Migration20261224000000_deadline_placing_authority');
    const mismatched = await withSql(orm, (sql) =>
      sql.all('select d.id from deadline d join placement p on p.id = d.placement_id where d.placing_authority_id <> p.placing_authority_id'),
    );
    expect(mismatched).toEqual([]);

    // Mid-deploy, an instance that knows no such column adds a placement: its rows hold '' and count all the same.
    await writeAsBefore(orm, '00000000-0000-4000-8000-000000000003', serviceScenario(), 'E06000003');
    const [{ n }] = await withSql(orm, (sql) => sql.all<{ n: number }>("select count(*) as n from deadline where placing_authority_id = ''"));
    expect(Number(n)).toBeGreaterThan(0);

    const report = await complianceReport(reads, {}, NOW);
    const breakdown = await complianceBreakdown(reads, {}, NOW);
    expect(breakdown.byPlacingAuthority.map((g) => g.organisationId)).toEqual(['E06000001', 'E06000002', 'E06000003']);
    const due = (id: string) => breakdown.byPlacingAuthority.find((g) => g.organisationId === id)?.totals.due;
    // Placements 2 and 3 ran the same scenario: the same counts, whichever way their rows found their authority.
    expect(due('E06000003')).toBe(due('E06000002'));
    expect(breakdown.byPlacingAuthority.reduce((sum, g) => sum + g.totals.due, 0)).toBe(report.totals.due);
    // A SQLite file's report connections read only (PostgreSQL reads through the ORM's pool).
    const deleting = reads.knex.raw('delete from deadline where 1 = 0');
    if (reads.dialect.name === 'sqlite') await expect(deleting).rejects.toThrow(/SQLITE_READONLY|readonly/i);
    else await expect(deleting).resolves.toBeDefined();
  } finally {
    await reads.close();
    await orm.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
