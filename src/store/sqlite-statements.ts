// Prepared statements kept per SQLite connection. `Database.run(sql)` prepares, runs and finalizes: three
// trips to SQLite's worker thread and back (~90 µs here); a statement prepared once and run again is one
// trip (~40 µs). An event writes about seven statements, so this is most of the time an event spends
// waiting for SQLite.
import type sqlite3 from 'sqlite3';

/** Enough for every statement the hot paths write (lists and batches vary in width); older ones are finalized. */
const CAPACITY = 128;

/** One prepared statement, with the calls using it: finalized only once it is retired and none is. */
class Entry {
  users = 0;
  private retired = false;
  private finalizing = false;
  private done!: () => void;
  /** Resolves once the statement is finalized (or never prepared). */
  readonly finalized = new Promise<void>((resolve) => (this.done = resolve));

  constructor(readonly prepared: Promise<sqlite3.Statement>) {
    prepared.catch(() => undefined); // its caller sees the error, and retires the entry
  }

  /** No longer handed out (pushed out, failed, or its connection closing); finalized when its last call ends. */
  retire(): void {
    this.retired = true;
    this.finalizeIfIdle();
  }

  release(): void {
    this.users--;
    this.finalizeIfIdle();
  }

  private finalizeIfIdle(): void {
    if (!this.retired || this.users > 0 || this.finalizing) return;
    this.finalizing = true;
    this.prepared.then(
      (s) => s.finalize(() => this.done()),
      () => this.done(),
    );
  }
}

class StatementCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly db: sqlite3.Database) {}

  /**
   * The statement for `sql`, prepared on first use, held until released. Preparation is awaited before the
   * statement runs: node-sqlite3 drops (never answers) the calls queued on a statement that failed to prepare.
   */
  acquire(sql: string): Entry {
    let entry = this.entries.get(sql);
    if (entry) {
      this.entries.delete(sql); // re-inserted below: a Map iterates oldest first, so this is an LRU
    } else {
      entry = new Entry(
        new Promise<sqlite3.Statement>((resolve, reject) => {
          const statement = this.db.prepare(sql, (err) => (err ? reject(err) : resolve(statement)));
        }),
      );
      const oldest = this.entries.keys().next();
      if (this.entries.size >= CAPACITY && !oldest.done) this.retire(oldest.value, this.entries.get(oldest.value)!);
    }
    entry.users++;
    this.entries.set(sql, entry);
    return entry;
  }

  /** Retires `entry`, and drops it from the cache unless a newer statement for `sql` has taken its place. */
  retire(sql: string, entry: Entry): void {
    if (this.entries.get(sql) === entry) this.entries.delete(sql);
    entry.retire();
  }

  /** Retires every statement; resolves once all are finalized (SQLite refuses to close a connection that has some). */
  retireAll(): Promise<void> {
    const all = [...this.entries];
    for (const [sql, entry] of all) this.retire(sql, entry);
    return Promise.all(all.map(([, e]) => e.finalized)).then(() => undefined);
  }
}

const caches = new WeakMap<sqlite3.Database, StatementCache>();

/**
 * The statement cache of `db`, made on first use. The connection's `close` is wrapped to finalize the
 * cached statements first, whoever closes it (the writer, or the ORM's pool when it shuts down).
 */
function cacheOf(db: sqlite3.Database): StatementCache {
  const known = caches.get(db);
  if (known) return known;
  const cache = new StatementCache(db);
  const close = db.close.bind(db);
  db.close = (callback?: (err: Error | null) => void) => {
    void cache.retireAll().then(() => close(callback));
    return db;
  };
  caches.set(db, cache);
  return cache;
}

/** Runs `call` on the connection's prepared statement for `sql`; a statement that fails is not used again. */
async function withStatement<T>(
  db: sqlite3.Database,
  sql: string,
  call: (s: sqlite3.Statement, done: (err: Error | null, value?: T) => void) => void,
): Promise<T> {
  const cache = cacheOf(db);
  const entry = cache.acquire(sql);
  try {
    const statement = await entry.prepared;
    return await new Promise<T>((resolve, reject) => call(statement, (err, value) => (err ? reject(err) : resolve(value as T))));
  } catch (err) {
    cache.retire(sql, entry); // its table may have changed, or it was left mid-step: prepared afresh next time
    throw err;
  } finally {
    entry.release();
  }
}

/** Rows of a query, through the connection's prepared statement for it. */
export function preparedAll<T>(db: sqlite3.Database, sql: string, params: readonly unknown[]): Promise<T[]> {
  return withStatement<T[]>(db, sql, (s, done) => s.all([...params], (err: Error | null, rows: T[]) => done(err, rows)));
}

/** Runs a statement through the connection's prepared statement for it; resolves with the rows it changed. */
export function preparedRun(db: sqlite3.Database, sql: string, params: readonly unknown[]): Promise<number> {
  return withStatement<number>(db, sql, (s, done) =>
    s.run([...params], function (this: sqlite3.RunResult, err: Error | null) {
      done(err, err ? undefined : this.changes);
    }),
  );
}
