// Statements kept prepared per SQLite connection: many more distinct statements at once than the cache
// holds all answer (one pushed out while in use is finalized only after its call), a statement that cannot
// be prepared or run answers with SQLite's error instead of hanging, and the connection still closes.
import { rmSync } from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { preparedAll, preparedRun } from '../src/store/sqlite-statements';
import { tempDir } from './support/api-harness';

let dir: string;
let db: sqlite3.Database;
beforeAll(async () => {
  dir = tempDir();
  db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened = new sqlite3.Database(path.join(dir, 'statements.sqlite'), (err) => (err ? reject(err) : resolve(opened)));
  });
  await preparedRun(db, 'create table t (id integer primary key, v text)', []);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('three hundred distinct statements at once, twice over: every one answers with its own rows', async () => {
  for (let round = 0; round < 2; round++) {
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => preparedAll<{ n: number; k: number }>(db, `select ? as n, ${i} as k`, [i * 2])));
    answers.forEach((rows, i) => expect(rows).toEqual([{ n: i * 2, k: i }]));
  }
  expect(await preparedRun(db, 'insert into t (v) values (?)', ['a'])).toBe(1);
  expect(await preparedRun(db, 'update t set v = ? where v = ?', ['b', 'a'])).toBe(1);
  expect(await preparedRun(db, 'update t set v = ? where v = ?', ['b', 'a'])).toBe(0);
});

test('a statement that cannot be prepared, or fails when run, answers with the error; the next one works', async () => {
  await expect(preparedAll(db, 'select * from no_such_table', [])).rejects.toThrow(/no such table/);
  await expect(preparedRun(db, 'insert into t (id, v) values (?, ?)', [1, 'dup'])).rejects.toThrow(/UNIQUE constraint/);
  expect(await preparedRun(db, 'insert into t (id, v) values (?, ?)', [2, 'fine'])).toBe(1);
  expect(await preparedAll(db, 'select v from t where id = ?', [2])).toEqual([{ v: 'fine' }]);
});

test('the connection closes with its statements finalized', async () => {
  await expect(new Promise<void>((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())))).resolves.toBeUndefined();
});
