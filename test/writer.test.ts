// The group-committing writer: a caller that awaits each write and submits the next at once is never left waiting.
import { rmSync } from 'node:fs';
import { migrateAndSeed } from '../src/bootstrap';
import { openOrm, type Orm } from '../src/store/orm';
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
