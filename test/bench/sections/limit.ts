// The limit: durable transactions on this machine's disk with nothing in between. Each transaction is
// one call, `BEGIN; INSERT ...; COMMIT`, through the sqlite3 package the app uses, on a database file
// with the settings the app will use (WAL, synchronous=FULL, busy_timeout, foreign keys). NORMAL and the
// rollback journal are printed for context.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sqlite3 from 'sqlite3';
import { distribution, perSecond, type ResultRow, type Section } from '../lib';

export interface LimitSettings {
  journal: 'wal' | 'delete';
  synchronous: 'full' | 'normal';
}

export function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
}

export async function openSqlite(file: string, s: LimitSettings): Promise<sqlite3.Database> {
  const db = new sqlite3.Database(file);
  await exec(db, `pragma journal_mode = ${s.journal}; pragma synchronous = ${s.synchronous}; pragma busy_timeout = 5000; pragma foreign_keys = on;`);
  return db;
}

export const closeSqlite = (db: sqlite3.Database) => new Promise<void>((resolve) => db.close(() => resolve()));

/** Sequential one-call commits for `seconds`; returns commits per second and per-commit latencies. */
export async function rawCommits(dir: string, s: LimitSettings, seconds: number): Promise<{ perSecond: number; latencies: number[] }> {
  const file = path.join(dir, `limit-${s.journal}-${s.synchronous}.sqlite`);
  const db = await openSqlite(file, s);
  try {
    // A row about the size of an audit entry.
    await exec(
      db,
      'create table if not exists event (id integer primary key, placement_id text not null, type text not null, at integer not null, payload text not null)',
    );
    const payload = JSON.stringify({ type: 'VISIT_RECORDED', at: new Date().toISOString(), note: 'x'.repeat(300) }).replace(/'/g, "''");
    const latencies: number[] = [];
    const start = performance.now();
    const end = start + seconds * 1000;
    let i = 0;
    while (performance.now() < end) {
      const t = performance.now();
      await exec(
        db,
        `begin; insert into event (placement_id, type, at, payload) values ('p-${i % 1000}', 'VISIT_RECORDED', ${Date.now()}, '${payload}'); commit;`,
      );
      latencies.push(performance.now() - t);
      i++;
    }
    return { perSecond: i / ((performance.now() - start) / 1000), latencies };
  } finally {
    await closeSqlite(db);
    rmSync(file, { force: true });
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
  }
}

export const limitSection: Section = async ({ quick }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cbp-bench-limit-'));
  const seconds = quick ? 1.5 : 5;
  const rows: ResultRow[] = [];
  try {
    const cases: [string, LimitSettings][] = [
      ['raw one-call commits, WAL synchronous=FULL (the limit)', { journal: 'wal', synchronous: 'full' }],
      ['raw one-call commits, WAL synchronous=NORMAL', { journal: 'wal', synchronous: 'normal' }],
      ['raw one-call commits, rollback journal (DELETE) FULL', { journal: 'delete', synchronous: 'full' }],
    ];
    for (const [what, settings] of cases) {
      const r = await rawCommits(dir, settings, seconds);
      const d = distribution(r.latencies);
      rows.push({
        what,
        measured: `${perSecond(r.perSecond)} (p50 ${d.median.toFixed(2)} ms)`,
        data: {
          key: `limit.${settings.journal}.${settings.synchronous}`,
          perSecond: r.perSecond,
          p50Ms: d.median,
          p99Ms: d.p99,
          commits: d.n,
        },
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows };
};
