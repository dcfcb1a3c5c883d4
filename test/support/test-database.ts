// Where a test's database lives. By default a SQLite file in the test's temp folder; with
// CBP_TEST_DATABASE=postgresql://.../postgres (npm run test:pg) a fresh PostgreSQL database per call,
// created at once (synchronously, with psql, so every caller of testConfig gets a ready database) and
// dropped after the test file (test/pg/setup.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The PostgreSQL server the PG run uses (any database on it; each test gets its own), or undefined. */
export const PG_TEST_SERVER = process.env.CBP_TEST_DATABASE?.match(/^postgres(ql)?:\/\//i) ? process.env.CBP_TEST_DATABASE : undefined;

/** Dropped when the test file ends, by test/pg/environment.js, which reads them from the test's global. */
const created: string[] = ((globalThis as { __cbpTestDatabases?: string[] }).__cbpTestDatabases ??= []);
/** The database of each test folder: a second config for the same folder (a restart) finds the same data. */
const byDir = new Map<string, string>();
let counter = 0;

/** psql from PATH, or from Debian's versioned folder. */
export function pgBin(name: string): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(path.join(root, v, 'bin', name))) return path.join(root, v, 'bin', name);
  }
  return name;
}

/** `url` with its database name replaced. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement on the server's maintenance database; throws with psql's message. */
export function psql(statement: string, database = 'postgres'): string {
  if (!PG_TEST_SERVER) throw new Error('CBP_TEST_DATABASE is not set');
  const r = spawnSync(pgBin('psql'), [withDatabase(PG_TEST_SERVER, database), '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', statement], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr || r.error}`);
  return r.stdout.trim();
}

/** A new, empty PostgreSQL database; its URL. */
export function createTestDatabase(): string {
  const name = `cbp_t_${process.pid}_${Date.now().toString(36)}_${++counter}`;
  psql(`create database ${name}`);
  created.push(name);
  return withDatabase(PG_TEST_SERVER!, name);
}

/**
 * The DATABASE_URL a test's config uses: the SQLite file in `dir`, or in a PG run a fresh PostgreSQL
 * database, the same one for every config of the same folder and file.
 */
export function testDatabaseUrl(dir: string, file = 'cbp.sqlite'): string {
  const sqlite = path.join(dir, file);
  if (!PG_TEST_SERVER) return sqlite;
  let url = byDir.get(sqlite);
  if (!url) byDir.set(sqlite, (url = createTestDatabase()));
  return url;
}
