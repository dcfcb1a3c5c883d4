// Plain SQL on the ORM's own connection pool, for the paths where MikroORM's unit of work costs more than
// the work itself (shared/measurements.md): applying an event, reading and listing placements. The rest
// of the code uses entities. Statements are written with `?` placeholders in SQL both databases accept.
import sqlite3 from 'sqlite3';
import { logger } from '../logger';
import type { Orm } from './orm';
import { SQLITE_PRAGMAS } from './sqlite-pragmas';
import { preparedAll, preparedRun } from './sqlite-statements';

export type Row = Record<string, unknown>;

/** How values cross into and out of each database. */
export interface Dialect {
  name: 'sqlite' | 'postgresql';
  /** Opens a write transaction that takes the write lock at once, so no reader upgrades into a deadlock. */
  beginWrite: string;
  /** Serialises appends to the audit chain across connections (PostgreSQL); SQLite's write lock already does. */
  lockAuditChain: string | null;
  date(value: Date): number | Date;
  readDate(value: unknown): Date;
  json(value: unknown): unknown;
  readJson<T>(value: unknown): T;
  bytes(value: Uint8Array): unknown;
  /** Appended to a `select ... limit n` that claims rows: other claimers skip them instead of waiting (PostgreSQL). */
  skipLocked: string;
  /** A condition: the JSON array in `column` holds the string bound to the next `?`. */
  jsonArrayHas(column: string): string;
}

export interface Sql {
  readonly dialect: Dialect;
  all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement; resolves with the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

const sqliteDialect: Dialect = {
  name: 'sqlite',
  beginWrite: 'begin immediate',
  lockAuditChain: null,
  // One write at a time: a claiming statement already runs alone.
  skipLocked: '',
  // MikroORM keeps SQLite datetimes as epoch milliseconds.
  date: (value) => value.getTime(),
  readDate: (value) => new Date(Number(value)),
  json: (value) => JSON.stringify(value),
  readJson: <T>(value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as T,
  bytes: (value) => Buffer.from(value),
  jsonArrayHas: (column) => `exists (select 1 from json_each(${column}) where json_each.value = ?)`,
};

const postgresDialect: Dialect = {
  name: 'postgresql',
  beginWrite: 'begin',
  lockAuditChain: 'select pg_advisory_xact_lock(7061)',
  skipLocked: ' for update skip locked',
  date: (value) => value,
  readDate: (value) => (value instanceof Date ? value : new Date(String(value))),
  json: (value) => JSON.stringify(value),
  readJson: <T>(value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as T,
  bytes: (value) => Buffer.from(value),
  jsonArrayHas: (column) => `jsonb_exists(${column}::jsonb, ?)`,
};

export const dialectOf = (orm: Orm): Dialect => (orm.config.get('driver')?.name === 'PostgreSqlDriver' ? postgresDialect : sqliteDialect);

interface PgConnection {
  query(sql: string, params: readonly unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
}

/** At debug level, each statement as written (placeholders, never the bound values), with its time. */
function logged(session: Sql): Sql {
  const log = logger();
  if (!log.isLevelEnabled('debug')) return session;
  const timed = async <R>(sql: string, run: () => Promise<R>): Promise<R> => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      log.debug({ component: 'sql', ms: Math.round((performance.now() - started) * 100) / 100 }, sql.replace(/\s+/g, ' '));
    }
  };
  return {
    dialect: session.dialect,
    all: <T>(sql: string, params?: readonly unknown[]) => timed(sql, () => session.all<T>(sql, params)),
    run: (sql, params) => timed(sql, () => session.run(sql, params)),
  };
}

function sqliteSession(conn: sqlite3.Database): Sql {
  return logged({
    dialect: sqliteDialect,
    all: <T>(sql: string, params: readonly unknown[] = []) => preparedAll<T>(conn, sql, params),
    run: (sql, params = []) => preparedRun(conn, sql, params),
  });
}

/** `?` placeholders become `$1, $2, ...` (our statements never hold a literal question mark). */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

function pgSession(conn: PgConnection): Sql {
  return logged({
    dialect: postgresDialect,
    all: async <T>(sql: string, params: readonly unknown[] = []) => (await conn.query(numbered(sql), params)).rows as T[],
    run: async (sql, params = []) => (await conn.query(numbered(sql), params)).rowCount ?? 0,
  });
}

interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(conn: unknown): Promise<unknown>;
}

/** Runs `work` on one connection of the pool, held for the whole of it (SQLite has one). */
export async function withSql<T>(orm: Orm, work: (sql: Sql) => Promise<T>): Promise<T> {
  const client: KnexClient = orm.em.getConnection().getKnex().client;
  const conn = await client.acquireConnection();
  try {
    return await work(dialectOf(orm).name === 'sqlite' ? sqliteSession(conn as sqlite3.Database) : pgSession(conn as PgConnection));
  } finally {
    await client.releaseConnection(conn);
  }
}

/** Runs `work` in a write transaction on `sql`; commits, or rolls back and rethrows. */
async function transaction<T>(sql: Sql, work: (sql: Sql) => Promise<T>): Promise<T> {
  await sql.run(sql.dialect.beginWrite);
  try {
    const result = await work(sql);
    await sql.run('commit');
    return result;
  } catch (e) {
    await sql.run('rollback').catch(() => undefined);
    throw e;
  }
}

/** Runs `work` in a write transaction on a connection of the ORM's pool, held for the whole of it. */
export async function inWriteTransaction<T>(orm: Orm, work: (sql: Sql) => Promise<T>): Promise<T> {
  return withSql(orm, (sql) => transaction(sql, work));
}

let writerStatements = 0;

/** Statements sent on writers' own SQLite connections so far, this process (the benchmark counts SQL per event). */
export const writerStatementCount = (): number => writerStatements;

const counted = (sql: Sql): Sql => ({
  dialect: sql.dialect,
  all: <T>(text: string, params?: readonly unknown[]) => {
    writerStatements++;
    return sql.all<T>(text, params);
  },
  run: (text, params) => {
    writerStatements++;
    return sql.run(text, params);
  },
});

/** Where the writer runs its transactions. */
export interface WriteConnection {
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The writer's connection. A SQLite file gets a connection of its own, so reads on the ORM's connection
 * go on while a write transaction runs and commits (WAL); the writer runs one transaction at a time, so one
 * is all it needs. PostgreSQL (and an in-memory SQLite database, which a second connection would not see)
 * takes a connection from the ORM's pool for each transaction.
 */
export function writeConnection(orm: Orm): WriteConnection {
  const file = orm.config.get('dbName');
  if (dialectOf(orm).name !== 'sqlite' || !file || file === ':memory:') {
    return { transaction: (work) => inWriteTransaction(orm, work), close: async () => {} };
  }
  let opened: Promise<sqlite3.Database> | undefined;
  const open = () =>
    (opened ??= new Promise<sqlite3.Database>((resolve, reject) => {
      const db = new sqlite3.Database(file, (err) => {
        if (err) return reject(err);
        db.exec(SQLITE_PRAGMAS, (e) => (e ? reject(e) : resolve(db)));
      });
    }));
  return {
    transaction: async (work) => transaction(counted(sqliteSession(await open())), work),
    async close() {
      if (!opened) return;
      const db = await opened.catch(() => null);
      opened = undefined;
      await new Promise<void>((resolve) => (db ? db.close(() => resolve()) : resolve()));
    },
  };
}

/** `(?, ?, ?), (?, ?, ?)` for `rows` rows of `width` values. */
export const valuesList = (rows: number, width: number) => Array.from({ length: rows }, () => `(${Array(width).fill('?').join(', ')})`).join(', ');
