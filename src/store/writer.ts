// Every durable change to placements, and the audit chain, goes through one writer that commits in
// groups: jobs that arrive while a commit is running wait for it, then share the next transaction and
// its single fsync (group commit). Each job still stands or falls alone: a job checks what it depends on
// (the version it read) before it writes, and throws an AppError without writing when that fails; a
// batch that fails for any other reason is rolled back and its jobs are retried one at a time.
import { AsyncResource } from 'node:async_hooks';
import { AppError } from '../errors';
import { appendAuditEntries, type AuditFields, type AuditHead, type NewAuditEntry } from './audit-chain';
import type { Orm } from './orm';
import { insertIdentityReads, type IdentityRead } from './placement-store';
import { dialectOf, writeConnection, type Sql, type WriteConnection } from './sql';

/** What a job sees: the transaction's connection, and a way to add entries to the audit chain. */
export interface Tx {
  sql: Sql;
  /** Queues an audit entry; entries are chained and inserted at the end of the transaction, in job order. */
  audit(entry: NewAuditEntry): void;
  /** Queues a record that a user was shown children's identities; the batch's are inserted together at the end. */
  identityRead(read: IdentityRead): void;
}

export type Job<T> = (tx: Tx) => Promise<T>;

interface Pending {
  job: Job<unknown>;
  /** The job touches only rows no other concurrent job in its batch does: it may run beside them. */
  concurrent: boolean;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

/** SQLite reports a lock held by another process (the CLI, a second instance) that busy_timeout could not wait out. */
const isLockTimeout = (e: unknown) => /SQLITE_BUSY|database is locked|deadlock detected|could not serialize/i.test(String((e as Error)?.message ?? e));

export interface WriterOptions {
  /** After each commit (e.g. wake the outbox dispatcher: the commit may have queued mail). */
  onCommit?: () => void;
  /** Largest number of jobs in one transaction. */
  maxBatch?: number;
}

export class Writer {
  private queue: Pending[] = [];
  private draining: Promise<void> | null = null;
  private commits = 0;
  private readonly connection: WriteConnection;
  /**
   * The audit chain's head as this writer's last commit left it (SQLite only; null: read it in the next
   * transaction). Another writer on the file (the CLI, a second instance) appending meanwhile makes the next
   * append collide on seq, which fails the transaction; it is then retried with the head read afresh.
   */
  private head: AuditHead | null = null;
  private readonly cachesHead: boolean;

  constructor(
    orm: Orm,
    private readonly options: WriterOptions = {},
  ) {
    this.connection = writeConnection(orm);
    // PostgreSQL instances append side by side (serialised by an advisory lock): each reads the head under it.
    this.cachesHead = dialectOf(orm).name === 'sqlite';
  }

  /** Waits for the jobs submitted so far, then closes the writer's own connection (before the ORM closes). */
  async close(): Promise<void> {
    await this.idle();
    await this.connection.close();
  }

  /**
   * Runs `job` in the next group transaction; resolves once that transaction has committed. `concurrent`:
   * the job writes only rows of its own (one placement's transition: the placements service lets one
   * write per placement in at a time), so its statements may go to the database beside those of the
   * batch's other concurrent jobs instead of after them. Other jobs run alone, in order.
   */
  run<T>(job: Job<T>, options: { concurrent?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // The job runs in its submitter's async context (its request id in the log), whoever drains the batch.
      this.queue.push({ job: AsyncResource.bind(job), concurrent: options.concurrent ?? false, resolve: resolve as (v: unknown) => void, reject });
      this.startDrain();
    });
  }

  /**
   * Starts a drain unless one is running. A job submitted between a drain's last look at the queue and its end (a
   * caller that awaits one run and submits the next at once) would otherwise wait for some later caller: the next
   * drain starts as this one ends.
   */
  private startDrain(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
      if (this.queue.length > 0) this.startDrain();
    });
  }

  /** Resolves when every job submitted so far has committed or failed. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Commits so far (tests and the benchmark read it to see batching at work). */
  get commitCount(): number {
    return this.commits;
  }

  private async drain(): Promise<void> {
    // Let the jobs of requests already in flight join this batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch ?? 200);
      const outcomes = await this.commitBatch(batch).catch(async (err) => {
        if (batch.length === 1) return [{ error: err }];
        // One job broke the batch: run each alone so only that one fails.
        const alone = [];
        for (const p of batch) alone.push((await this.commitBatch([p]).catch((error) => [{ error }]))[0]);
        return alone;
      });
      batch.forEach((p, i) => {
        const o = outcomes[i];
        if ('error' in o) p.reject(o.error);
        else p.resolve(o.value);
      });
    }
  }

  private async commitBatch(batch: Pending[]): Promise<({ value: unknown } | { error: unknown })[]> {
    for (let attempt = 1; ; attempt++) {
      const knownHead = this.head ?? undefined;
      this.head = null; // known again only once this transaction has committed
      let appended: AuditHead | null = null;
      try {
        const outcomes = await this.connection.transaction(async (sql) => {
          const entries: NewAuditEntry[] = [];
          const reads: IdentityRead[] = [];
          const results: ({ value: unknown } | { error: unknown })[] = [];
          for (const group of inGroups(batch)) {
            const ran = await Promise.allSettled(group.map((p) => runJob(p, sql)));
            // Every job of the group has settled (none still writing) before a failure rolls the batch back.
            for (const r of ran) {
              if (r.status === 'fulfilled') {
                results.push({ value: r.value.value });
                entries.push(...r.value.entries);
                reads.push(...r.value.reads);
              } else if (r.reason instanceof AppError) {
                // A refusal (stale version, unknown row) is the job's own answer, given before it wrote.
                results.push({ error: r.reason });
              } else throw r.reason;
            }
          }
          if (reads.length) await insertIdentityReads(sql, reads);
          const rows = await appendAuditEntries(sql, entries, knownHead);
          const last = rows.at(-1);
          appended = last ? { seq: last.seq, hash: last.hash } : (knownHead ?? null);
          return results;
        });
        if (this.cachesHead) this.head = appended;
        this.commits++;
        this.options.onCommit?.();
        return outcomes;
      } catch (e) {
        if (knownHead) continue; // perhaps another writer appended: read the head and try once more
        if (attempt >= 6 || !isLockTimeout(e)) throw e;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.floor(Math.random() * 30)));
      }
    }
  }
}

/** One job in the transaction, with the audit entries and identity reads it queued. */
async function runJob(p: Pending, sql: Sql): Promise<{ value: unknown; entries: NewAuditEntry[]; reads: IdentityRead[] }> {
  const entries: NewAuditEntry[] = [];
  const reads: IdentityRead[] = [];
  const value = await p.job({ sql, audit: (e) => entries.push(e), identityRead: (r) => reads.push(r) });
  return { value, entries, reads };
}

/** The batch in runs: consecutive concurrent jobs together, every other job alone. */
function inGroups(batch: Pending[]): Pending[][] {
  const groups: Pending[][] = [];
  for (const p of batch) {
    const last = groups.at(-1);
    if (p.concurrent && last?.[0].concurrent) last.push(p);
    else groups.push([p]);
  }
  return groups;
}

export type { AuditFields, NewAuditEntry };
