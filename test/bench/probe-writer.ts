// Another writer on the app's database, in its own process: one small durable transaction every few
// milliseconds, each one's wait recorded with its wall-clock start. The engine section runs it while the
// app signs notices, to see how long a signing keeps other writers out of the database.
// Usage: tsx test/bench/probe-writer.ts <db file | postgresql:// URL> <interval ms>; stops when stdin
// closes, then prints its samples as JSON on stdout.
import { performance } from 'node:perf_hooks';
import sqlite3 from 'sqlite3';
import { isPostgres, pg } from './database';

const [target, intervalArg] = process.argv.slice(2);
const interval = Number(intervalArg ?? 2);
const samples: [number, number][] = [];
let stopped = false;
process.stdin.on('end', () => (stopped = true));
process.stdin.resume();

/** One-call statements on the database, and how to close it. */
async function open(): Promise<{ exec(sql: string): Promise<void>; begin: string; close(): Promise<void> }> {
  if (isPostgres(target)) {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    await client.query('create table if not exists bench_probe (id bigserial primary key, at bigint not null)');
    return { exec: async (sql) => void (await client.query(sql)), begin: 'begin', close: () => client.end() };
  }
  const db = new sqlite3.Database(target);
  const exec = (sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
  // The app's own connection settings (it sets only busy_timeout and foreign keys today).
  await exec('pragma busy_timeout = 5000; pragma foreign_keys = on;');
  await exec('create table if not exists bench_probe (id integer primary key, at integer not null)');
  return { exec, begin: 'begin immediate', close: () => new Promise<void>((resolve) => db.close(() => resolve())) };
}

async function main(): Promise<void> {
  const db = await open();
  process.stdout.write('ready\n');
  while (!stopped) {
    const wall = performance.timeOrigin + performance.now();
    const t = performance.now();
    await db.exec(`${db.begin}; insert into bench_probe (at) values (${Date.now()}); commit;`);
    samples.push([wall, performance.now() - t]);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  await db.close();
  process.stdout.write(`${JSON.stringify(samples)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
