import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { SqliteDriver, type AbstractSqlDriver, type SqlEntityManager } from '@mikro-orm/sqlite';
import type { DatabaseConfig } from '../config';
import { entities } from './entities';
import { migrations } from './migrations';

/** The ORM as every module sees it: a SQL driver (SQLite by default, PostgreSQL by config). */
export type Orm = MikroORM<AbstractSqlDriver>;
export type Em = SqlEntityManager;

export interface OpenOrmOptions {
  /** Log SQL to the console. */
  debug?: boolean;
}

/** The MikroORM options for a database; exported so tooling (schema diff tests) sees the same metadata. */
export function ormOptions(database: DatabaseConfig, options: OpenOrmOptions = {}): Options {
  const common: Options = {
    entities,
    extensions: [Migrator],
    migrations: {
      // Classes listed in code, not globbed from disk: works the same under tsx, jest and compiled JS.
      migrationsList: migrations,
      path: path.join(__dirname, 'migrations'),
      pathTs: path.join(__dirname, 'migrations'),
      transactional: true,
      silent: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    debug: options.debug ?? false,
    // Every request and job forks its own EntityManager; touching the global one is a bug.
    allowGlobalContext: false,
    forceUtcTimezone: true,
  };
  if (database.kind === 'sqlite') {
    // Wait for a lock held by another process (the CLI beside the server) instead of failing at once.
    const pool = {
      afterCreate: (conn: { run: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, c: unknown) => void) =>
        conn.run('PRAGMA busy_timeout = 5000', (err) => done(err, conn)),
    };
    return { ...common, driver: SqliteDriver, dbName: database.path, pool } as Options;
  }
  return { ...common, driver: loadPostgresDriver(), clientUrl: database.url };
}

/**
 * PostgreSQL is supported by configuration only: the driver package is not a dependency (and the CI runs
 * SQLite), so it is loaded lazily with an explicit message when it is missing.
 */
function loadPostgresDriver(): NonNullable<Options['driver']> {
  try {
    return require('@mikro-orm/postgresql').PostgreSqlDriver;
  } catch {
    throw new Error(
      'DATABASE_URL names PostgreSQL but @mikro-orm/postgresql is not installed: ' + 'run `npm install --save-exact @mikro-orm/postgresql@6.6.16`.',
    );
  }
}

export async function openOrm(database: DatabaseConfig, options: OpenOrmOptions = {}): Promise<Orm> {
  if (database.kind === 'sqlite' && database.path !== ':memory:') {
    mkdirSync(path.dirname(database.path), { recursive: true });
  }
  return (await MikroORM.init(ormOptions(database, options))) as unknown as Orm;
}

/** Applies pending migrations; returns the names applied (empty when already up to date). */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

/** True when the database answers a trivial query (used by GET /api/health). */
export async function isDatabaseReachable(orm: Orm): Promise<boolean> {
  try {
    await orm.em.getConnection().execute('select 1', [], 'get');
    return true;
  } catch {
    return false;
  }
}
