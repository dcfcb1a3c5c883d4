// The group-committing writer: a caller that awaits each write and submits the next at once is never left waiting.
import { rmSync } from 'node:fs';
import { migrateAndSeed } from '../src/bootstrap';
import { openOrm, type Orm } from '../src/store/orm';
import { verifyAuditChain } from '../src/store/audit-chain';
import { Writer } from '../src/store/writer';
import { tempDir, testConfig } from './support/api-harness';

let dir: string;
let orm: Orm;
beforeAll(async () => {
  dir = tempDir();
  const config = testConfig(dir);
  orm = await openOrm(config.database);
  await migrateAndSeed(orm, config, () => {});
});
afterAll(async () => {
  await orm.close();
  rmSync(dir, { recursive: true, force: true });
});

test('one write after another, each submitted as the one before commits: every one commits', async () => {
  const writer = new Writer(orm);
  const seen: number[] = [];
  for (let i = 0; i < 50; i++) {
    // Nothing awaited between the commit and the next submission: it lands while the drain is ending.
    seen.push(await writer.run(async (tx) => (await tx.sql.all<{ n: number }>('select ? as n', [i]))[0].n));
  }
  expect(seen.map(Number)).toEqual([...Array(50).keys()]);
  await writer.idle();
});

test('two writers on one file append to the audit chain in turn: each finds the other has appended, and the chain never forks', async () => {
  // Each writer keeps the head its last commit left; the other's append makes that stale.
  const a = new Writer(orm);
  const b = new Writer(orm);
  const entry = (n: number) => ({
    placementId: null,
    type: 'TEST_ENTRY',
    at: new Date(),
    recordedAt: new Date(),
    actorUserId: null,
    actorRole: 'system',
    actorOrganisationId: null,
    payload: { n },
  });
  const before = await verifyAuditChain(orm.em.fork());
  for (let i = 0; i < 20; i++) {
    const writer = i % 3 === 2 ? b : a; // a appends twice running (its head still good), then b once
    await writer.run(async (tx) => tx.audit(entry(i)));
  }
  await Promise.all([...Array(10).keys()].map((i) => (i % 2 ? a : b).run(async (tx) => tx.audit(entry(100 + i)))));
  await Promise.all([a.close(), b.close()]);
  const after = await verifyAuditChain(orm.em.fork());
  expect(after).toMatchObject({ ok: true, firstBrokenSeq: null });
  expect(after.checked).toBe(before.checked + 30);
  const [{ n }] = await orm.em.getConnection().execute<{ n: number }[]>(`select count(*) as n from audit_event where type = 'TEST_ENTRY'`);
  expect(Number(n)).toBe(30);
});
