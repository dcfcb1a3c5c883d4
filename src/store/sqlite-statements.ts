// Prepared statements kept per SQLite connection. `Database.run(sql)` prepares, runs and finalizes: three
// trips to SQLite's worker thread and back (~90 µs here, shared/measurements.md); a statement prepared
// once and run again is one trip (~40 µs). An event writes about seven statements, so this is most of
// the time an event spends waiting for SQLite.
import type sqlite3 from 'sqlite3';

/** Enough for every statement the hot paths write (lists and batches vary in width); older ones are finalized. */
const CAPACITY = 128;

type Prepared = Promise<sqlite3.Statement>;

class StatementCache {
  private readonly statements = new Map<string, Prepared>();
  private closing: Promise<void> | null = null;

  constructor(private readonly db: sqlite3.Database) {}

  /**
   * The statement for `sql`, prepared on first use. Preparation is awaited before the statement runs:
   * node-sqlite3 drops (never answers) the calls queued on a statement whose preparation failed.
   */
  get(sql: string): Prepared {
    let prepared = this.statements.get(sql);
    if (prepared) {
      this.statements.delete(sql); // re-inserted below: a Map iterates oldest first, so this is an LRU
    } else {
      prepared = new Promise<sqlite3.Statement>((resolve, reject) => {
        const statement = this.db.prepare(sql, (err) => (err ? reject(err) : resolve(statement)));
      });
      prepared.catch(() => this.forget(sql, prepared!));
      const oldest = this.statements.keys().next();
      if (this.statements.size >= CAPACITY && !oldest.done) this.evict(oldest.value);
    }
    this.statements.set(sql, prepared);
    return prepared;
  }

  /** A statement that failed is prepared afresh next time (its table may have changed, or it was left mid-step). */
  evict(sql: string): void {
    const prepared = this.statements.get(sql);
    if (!prepared) return;
    this.statements.delete(sql);
    // Finalize waits behind the calls already queued on the statement.
    prepared.then((s) => s.finalize()).catch(() => undefined);
  }

  private forget(sql: string, prepared: Prepared): void {
    if (this.statements.get(sql) === prepared) this.statements.delete(sql);
  }

  /** Finalizes every statement: SQLite refuses to close a connection that still has some. */
  finalizeAll(): Promise<void> {
    const all = [...this.statements.values()];
    this.statements.clear();
    return (this.closing ??= Promise.all(
      all.map((p) =>
        p.then(
          (s) => new Promise<void>((resolve) => s.finalize(() => resolve())),
          () => undefined,
        ),
      ),
    ).then(() => {
      this.closing = null;
    }));
  }
}

const caches = new WeakMap<sqlite3.Database, StatementCache>();

/**
 * The statement cache of `db`, made on first use. The connection's `close` is wrapped to finalize the
 * cached statements first, whoever closes it (the writer, or the ORM's pool when it shuts down).
 */
function cacheOf(db: sqlite3.Database): StatementCache {
  let cache = caches.get(db);
  if (cache) return cache;
  const made = new StatementCache(db);
  const close = db.close.bind(db);
  db.close = (callback?: (err: Error | null) => void) => {
    void made.finalizeAll().then(() => close(callback));
    return db;
  };
  caches.set(db, made);
  cache = made;
  return cache;
}

/** Rows of a query, through the connection's prepared statement for it. */
export async function preparedAll<T>(db: sqlite3.Database, sql: string, params: readonly unknown[]): Promise<T[]> {
  const cache = cacheOf(db);
  const statement = await cache.get(sql);
  return new Promise<T[]>((resolve, reject) =>
    statement.all([...params], (err: Error | null, rows: T[]) => {
      if (!err) return resolve(rows);
      cache.evict(sql);
      reject(err);
    }),
  );
}

/** Runs a statement through the connection's prepared statement for it; resolves with the rows it changed. */
export async function preparedRun(db: sqlite3.Database, sql: string, params: readonly unknown[]): Promise<number> {
  const cache = cacheOf(db);
  const statement = await cache.get(sql);
  return new Promise<number>((resolve, reject) =>
    statement.run([...params], function (this: sqlite3.RunResult, err: Error | null) {
      if (!err) return resolve(this.changes);
      cache.evict(sql);
      reject(err);
    }),
  );
}
