import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MikroORM, ReferenceKind, type EntityMetadata, type LogContext, type Logger as OrmLogger, type LoggerNamespace, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { SqliteDriver, type AbstractSqlDriver, type SqlEntityManager } from '@mikro-orm/sqlite';
import type { DatabaseConfig } from '../config';
import { logger } from '../logger';
import { entities } from './entities';
import { migrations } from './migrations';
import { dialectOf, withSql } from './sql';
import { SQLITE_PRAGMAS } from './sqlite-pragmas';

/** The ORM as every module sees it: a SQL driver (SQLite by default, PostgreSQL by config). */
export type Orm = MikroORM<AbstractSqlDriver>;
export type Em = SqlEntityManager;

export interface OpenOrmOptions {
  /** Log each SQL statement (never its parameter values) to the logger at debug level. */
  debug?: boolean;
}

// Single-quoted SQL literals: a value written into a statement rather than bound.
const SQL_LITERAL = /'(?:[^']|'')*'/g;

/**
 * MikroORM's logging, sent to the app's logger. Statements are logged as prepared (`?` placeholders): the
 * 'query-params' namespace, which would inline the row's values, is never enabled, whatever a caller asks,
 * and the bound parameters MikroORM passes along are dropped.
 */
export class SqlLogger implements OrmLogger {
  private namespaces: LoggerNamespace[] = [];

  constructor(debugMode: boolean | LoggerNamespace[] = false) {
    this.setDebugMode(debugMode);
  }

  setDebugMode(debugMode: boolean | LoggerNamespace[]): void {
    const all: LoggerNamespace[] = ['query', 'schema', 'discovery', 'info'];
    this.namespaces = (debugMode === true ? all : debugMode === false ? [] : debugMode).filter((n) => n !== 'query-params');
  }

  isEnabled(namespace: string, context?: LogContext): boolean {
    if (namespace === 'query-params') return false;
    if (namespace === 'deprecated') return true;
    return context?.enabled ?? this.namespaces.some((n) => n === namespace);
  }

  log(namespace: string, message: string, context?: LogContext): void {
    if (!this.isEnabled(namespace, context)) return;
    const level = context?.level === 'error' ? 'error' : context?.level === 'warning' ? 'warn' : 'debug';
    logger()[level]({ component: 'orm', namespace }, message.replace(SQL_LITERAL, "'?'"));
  }

  error(namespace: string, message: string, context?: LogContext): void {
    this.log(namespace, message, { ...context, level: 'error' });
  }

  warn(namespace: string, message: string, context?: LogContext): void {
    this.log(namespace, message, { ...context, level: 'warning' });
  }

  logQuery(context: LogContext): void {
    if (!this.isEnabled('query', context) || !context.query) return;
    const { took, results, affected } = context;
    logger()[context.level === 'error' ? 'warn' : 'debug']({ component: 'sql', ms: took, results, affected }, context.query.replace(SQL_LITERAL, "'?'"));
  }
}

/**
 * Strings and uuids are `text` columns on both databases (SQLite has no other; on PostgreSQL MikroORM would
 * choose varchar(255) and uuid), so one set of migrations gives one schema, and no address, subject or
 * identifier is cut at 255 characters. JSON is `jsonb` on PostgreSQL (MikroORM's own mapping; the
 * migration Migration20261210000000_postgres converts the columns the first migrations made `json`).
 */
function textColumns(meta: EntityMetadata): void {
  for (const prop of Object.values(meta.properties)) {
    // defineEntity gives the type class (StringType); decorators would give its name.
    const type = String(typeof prop.type === 'function' ? (prop.type as { name: string }).name : prop.type).toLowerCase();
    if (prop.kind === ReferenceKind.SCALAR && !prop.columnTypes && /^(string|uuid|text)(type)?$/.test(type)) prop.columnTypes = ['text'];
  }
}

/** The MikroORM options for a database; exported so tooling (schema diff tests) sees the same metadata. */
export function ormOptions(database: DatabaseConfig, options: OpenOrmOptions = {}): Options<AbstractSqlDriver> {
  const common: Options<AbstractSqlDriver> = {
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
    discovery: { onMetadata: textColumns },
    debug: options.debug ? ['query'] : false,
    loggerFactory: (o) => new SqlLogger(o.debugMode),
    // Every request and job forks its own EntityManager; touching the global one is a bug.
    allowGlobalContext: false,
    forceUtcTimezone: true,
  };
  if (database.kind === 'sqlite') {
    const pool = {
      afterCreate: (conn: { exec: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, c: unknown) => void) =>
        conn.exec(SQLITE_PRAGMAS, (err) => done(err, conn)),
    };
    return { ...common, driver: SqliteDriver, dbName: database.path, pool };
  }
  return { ...common, driver: loadPostgresDriver(), clientUrl: database.url };
}

/**
 * PostgreSQL is supported by configuration only: the driver package is not a dependency (and the CI runs
 * SQLite), so it is loaded lazily with an explicit message when it is missing.
 */
function loadPostgresDriver(): NonNullable<Options<AbstractSqlDriver>['driver']> {
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
  return MikroORM.init(ormOptions(database, options));
}

/**
 * Runs `work` while holding the database's migration lock (PostgreSQL: a session advisory lock on a
 * connection held for the purpose), so app instances started together migrate and seed one after
 * another instead of racing. SQLite: one process writes at a time anyway.
 */
export async function withMigrationLock<T>(orm: Orm, work: () => Promise<T>): Promise<T> {
  if (dialectOf(orm).name !== 'postgresql') return work();
  return withSql(orm, async (sql) => {
    await sql.all('select pg_advisory_lock(7062)');
    try {
      return await work();
    } finally {
      await sql.all('select pg_advisory_unlock(7062)');
    }
  });
}

/** Applies pending migrations; returns the names applied (empty when already up to date). `lock: false`: the caller holds it. */
export async function migrate(orm: Orm, options: { lock?: boolean } = {}): Promise<string[]> {
  const up = async () => (await orm.getMigrator().up()).map((m) => m.name);
  return options.lock === false ? up() : withMigrationLock(orm, up);
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
