// Another writer on the app's database file, in its own process: one small durable transaction every
// few milliseconds, each one's wait recorded with its wall-clock start. The engine section runs it
// while the app signs notices, to see how long a signing keeps other writers out of the database.
// Usage: tsx test/bench/probe-writer.ts <db file> <interval ms>; stops when stdin closes, then prints
// its samples as JSON on stdout.
import { performance } from 'node:perf_hooks';
import sqlite3 from 'sqlite3';

const [file, intervalArg] = process.argv.slice(2);
const interval = Number(intervalArg ?? 2);
const db = new sqlite3.Database(file);
const exec = (sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
const samples: [number, number][] = [];
let stopped = false;
process.stdin.on('end', () => (stopped = true));
process.stdin.resume();

async function main(): Promise<void> {
  // The app's own connection settings (it sets only busy_timeout and foreign keys today).
  await exec('pragma busy_timeout = 5000; pragma foreign_keys = on;');
  await exec('create table if not exists bench_probe (id integer primary key, at integer not null)');
  process.stdout.write('ready\n');
  while (!stopped) {
    const wall = performance.timeOrigin + performance.now();
    const t = performance.now();
    await exec(`begin immediate; insert into bench_probe (at) values (${Date.now()}); commit;`);
    samples.push([wall, performance.now() - t]);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  await new Promise<void>((resolve) => db.close(() => resolve()));
  process.stdout.write(`${JSON.stringify(samples)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
