// PostgreSQL only (npm run test:pg): the schema it gets, the audit chain's hashes compared with SQLite's,
// two instances appending to one chain at once, and a pg_dump / pg_restore round trip.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { migrateAndSeed } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { AuditEvent, Placement } from '../../src/store/entities';
import { appendAuditEntries, verifyAuditChain, type NewAuditEntry } from '../../src/store/audit-chain';
import { JSON_COLUMNS } from '../../src/store/migrations/Migration20261210000000_postgres';
import { openOrm, type Orm } from '../../src/store/orm';
import { inWriteTransaction } from '../../src/store/sql';
import { Writer } from '../../src/store/writer';
import { ADMIN_TOKEN, startHarness, tempDir } from '../support/api-harness';
import { createTestDatabase, pgBin, psql } from '../support/test-database';
import { createPlaced, PLACING_ORG } from '../api/placement-fixtures';

const quiet = () => {};
const configFor = (url: string) => loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, CBP_ADMIN_TOKEN: ADMIN_TOKEN });

async function migrated(url: string): Promise<Orm> {
  const orm = await openOrm(configFor(url).database);
  await migrateAndSeed(orm, configFor(url), quiet);
  return orm;
}

const entry = (i: number): NewAuditEntry => ({
  placementId: null,
  type: 'USER_CREATED',
  at: new Date(Date.UTC(2026, 2, 2, 9, 0, i % 60, i)),
  recordedAt: new Date(Date.UTC(2026, 2, 2, 9, 0, i % 60, i + 1)),
  actorUserId: null,
  actorRole: 'system',
  actorOrganisationId: i % 2 ? 'E08000025' : null,
  // Keys in an order jsonb would change, numbers, nesting, non-ASCII, empty values.
  payload: { z: i, a: { y: [3, 1, 2], b: 'Åsa Ó Súilleabháin — “quoted”' }, m: null, e: {}, f: 1.5, big: 2 ** 40, t: true },
});

describe('PostgreSQL', () => {
  it('stores JSON as jsonb, and nothing as plain json', async () => {
    const url = createTestDatabase();
    const orm = await migrated(url);
    try {
      const rows = await orm.em
        .getConnection()
        .execute<{ table_name: string; column_name: string; data_type: string }[]>(
          `select table_name, column_name, data_type from information_schema.columns where table_schema = 'public' and data_type in ('json', 'jsonb') order by 1, 2`,
        );
      // Those the first migrations made json, converted, and those made jsonb since.
      expect(rows.map((r) => [r.table_name, r.column_name, r.data_type])).toEqual(
        [...JSON_COLUMNS, ['placement', 'population']].sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1)).map(([t, c]) => [t, c, 'jsonb']),
      );
      expect(await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).toBe('');
    } finally {
      await orm.close();
    }
  });

  it('gives the audit chain the same hashes as SQLite for the same entries', async () => {
    const dir = tempDir();
    const sqlite = await migrated(path.join(dir, 'cbp.sqlite'));
    const pg = await migrated(createTestDatabase());
    try {
      const entries = Array.from({ length: 50 }, (_, i) => entry(i));
      for (const orm of [sqlite, pg]) {
        await inWriteTransaction(orm, (sql) => appendAuditEntries(sql, entries.slice(0, 20)));
        await inWriteTransaction(orm, (sql) => appendAuditEntries(sql, entries.slice(20)));
      }
      const chain = async (orm: Orm) => (await orm.em.fork().find(AuditEvent, {}, { orderBy: { seq: 'asc' } })).map((e) => [e.seq, e.prevHash, e.hash]);
      const [a, b] = [await chain(sqlite), await chain(pg)];
      expect(a).toHaveLength(50);
      expect(b).toEqual(a);
      expect(await verifyAuditChain(sqlite.em.fork())).toMatchObject({ ok: true, checked: 50 });
      expect(await verifyAuditChain(pg.em.fork())).toMatchObject({ ok: true, checked: 50, headHash: a[49][2] });
    } finally {
      await sqlite.close();
      await pg.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps one chain, with no fork or gap, when two instances append at once', async () => {
    const url = createTestDatabase();
    const one = await migrated(url);
    const two = await openOrm(configFor(url).database);
    try {
      const writers = [new Writer(one), new Writer(two)];
      let n = 0;
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          writers[i % 2].run(async (tx) => {
            tx.audit(entry(n++));
            if (i % 3 === 0) tx.audit(entry(n++));
          }),
        ),
      );
      const entries = await one.em.fork().find(AuditEvent, {}, { orderBy: { seq: 'asc' } });
      expect(entries).toHaveLength(n);
      entries.forEach((e, i) => {
        expect(e.seq).toBe(i + 1);
        expect(e.prevHash ?? null).toBe(i === 0 ? null : entries[i - 1].hash);
      });
      expect(await verifyAuditChain(two.em.fork())).toMatchObject({ ok: true, checked: n });
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('survives pg_dump and pg_restore: same rows, same chain head, the chain verifies and the API reads the same', async () => {
    const h = await startHarness({}, { clock: () => new Date('2026-03-06T12:00:00Z') });
    const restoredDir = tempDir();
    let restored: Orm | undefined;
    try {
      const placing = await h.userToken('placing', PLACING_ORG);
      const { id } = await createPlaced(h, placing);
      const source = (h.config.database as { url: string }).url;
      const before = await verifyAuditChain(h.orm.em.fork());
      expect(before.ok).toBe(true);

      // The backup the README describes: custom format, then a restore into an empty database.
      const dump = path.join(restoredDir, 'cbp.dump');
      const dumped = spawnSync(pgBin('pg_dump'), ['--format=custom', '--no-owner', `--file=${dump}`, source], { encoding: 'utf8' });
      expect(dumped.stderr).toBe('');
      expect(dumped.status).toBe(0);
      const target = createTestDatabase();
      const restoredRun = spawnSync(pgBin('pg_restore'), ['--no-owner', '--exit-on-error', `--dbname=${target}`, dump], { encoding: 'utf8' });
      expect(restoredRun.stderr).toBe('');
      expect(restoredRun.status).toBe(0);

      restored = await openOrm(configFor(target).database);
      const after = await verifyAuditChain(restored.em.fork());
      expect(after).toEqual(before);
      expect(await restored.getMigrator().getPendingMigrations()).toEqual([]);
      const original = await h.orm.em.fork().findOneOrFail(Placement, { id });
      const copy = await restored.em.fork().findOneOrFail(Placement, { id });
      expect(copy.snapshot).toEqual(original.snapshot);
      expect(copy.version).toBe(original.version);
      for (const table of ['placement', 'audit_event', 'deadline', 'outbox_message', 'document', 'app_user', 'api_token'])
        expect(psql(`select count(*) from ${table}`, new URL(target).pathname.slice(1))).toBe(
          psql(`select count(*) from ${table}`, new URL(source).pathname.slice(1)),
        );
    } finally {
      await restored?.close();
      await h.close();
      rmSync(restoredDir, { recursive: true, force: true });
    }
  });
});
