// Where the reviewers' reports read. A report's queries scan whole indexes (tens of ms at 10,000
// placements); on the ORM's single SQLite connection they would run one after another and hold up every
// other read. A SQLite file gets a small pool of its own connections, refused writes by `query_only`, so a
// report's queries run side by side (WAL lets them read while the writer commits) and no write can ever
// go through them (writes stay with the writer and the ORM: a second writing connection in one process
// meets SQLITE_BUSY on lock upgrades). PostgreSQL, and an in-memory SQLite database that other
// connections would not see, read through the ORM's pool.
import { knex as createKnex, type Knex } from '@mikro-orm/knex';
import type { Orm } from './orm';
import { dialectOf, type Dialect } from './sql';
import { SQLITE_PRAGMAS } from './sqlite-pragmas';

export interface ReportReads {
  knex: Knex;
  dialect: Dialect;
  close(): Promise<void>;
}

/** Reads through the ORM's own pool (the in-process default for tests of one query). */
export const ormReads = (orm: Orm): ReportReads => ({ knex: orm.em.getKnex(), dialect: dialectOf(orm), close: async () => {} });

/** Connections in a SQLite file's report pool: a report page asks three queries at once; two cores. */
const SQLITE_READERS = 3;

export function reportReads(orm: Orm): ReportReads {
  const file = orm.config.get('dbName');
  if (dialectOf(orm).name !== 'sqlite' || !file || file === ':memory:') return ormReads(orm);
  const knex = createKnex({
    client: 'sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    pool: {
      min: 0,
      max: SQLITE_READERS,
      idleTimeoutMillis: 60_000,
      afterCreate: (conn: { exec: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, c: unknown) => void) =>
        conn.exec(`${SQLITE_PRAGMAS} PRAGMA query_only = ON;`, (err) => done(err, conn)),
    },
  });
  return { knex, dialect: dialectOf(orm), close: () => knex.destroy() };
}
