// What a signed-in browser keeps on the server: its session, the answers of a notification it has not
// submitted yet, and the counters that slow down guessing. All in the database, so every app instance
// behind a load balancer sees the same (shapes match the ports in src/web).
import { NotifyDraft, RateLimitCounter, WebSession } from '../store/entities';
import type { Orm } from '../store/orm';
import { withSql } from '../store/sql';
import type { Clock } from './actor';

export interface StoredSession {
  data: Record<string, unknown>;
  /** Epoch milliseconds. */
  createdAt: number;
  lastSeenAt: number;
}

/** Sessions by the SHA-256 of their cookie value; timeouts are the page middleware's to enforce. */
export class SessionsService {
  constructor(
    private readonly orm: Orm,
    private readonly clock: Clock,
    /** Sessions idle longer than this are deleted when new ones are written (the middleware refuses them earlier). */
    private readonly maxIdleMs = 24 * 3600 * 1000,
  ) {}

  async get(key: string): Promise<StoredSession | null> {
    const row = await this.orm.em.fork().findOne(WebSession, { key });
    return row ? { data: row.data, createdAt: row.createdAt.getTime(), lastSeenAt: row.lastSeenAt.getTime() } : null;
  }

  async set(key: string, session: StoredSession): Promise<void> {
    const em = this.orm.em.fork();
    await em.upsert(WebSession, { key, data: session.data, createdAt: new Date(session.createdAt), lastSeenAt: new Date(session.lastSeenAt) });
    await em.nativeDelete(WebSession, { lastSeenAt: { $lt: new Date(this.clock().getTime() - this.maxIdleMs) } });
  }

  async touch(key: string, lastSeenAt: number): Promise<void> {
    await this.orm.em.fork().nativeUpdate(WebSession, { key }, { lastSeenAt: new Date(lastSeenAt) });
  }

  async destroy(key: string): Promise<void> {
    await this.orm.em.fork().nativeDelete(WebSession, { key });
  }
}

/** The notify-a-placement answers saved after each step, per user and draft. */
export class NotifyDraftsService {
  constructor(
    private readonly orm: Orm,
    private readonly clock: Clock,
  ) {}

  async get(userId: string, draftId: string): Promise<Record<string, unknown> | null> {
    return (await this.orm.em.fork().findOne(NotifyDraft, { userId, id: draftId }))?.answers ?? null;
  }

  async save(userId: string, draftId: string, answers: Record<string, unknown>): Promise<void> {
    await this.orm.em.fork().upsert(NotifyDraft, { userId, id: draftId, answers, updatedAt: this.clock() });
  }

  async delete(userId: string, draftId: string): Promise<void> {
    await this.orm.em.fork().nativeDelete(NotifyDraft, { userId, id: draftId });
  }
}

/** A fixed-window counter per key in the database: every instance counts against the same limit. */
export class RateLimits {
  constructor(
    private readonly orm: Orm,
    private readonly clock: Clock,
  ) {}

  /** A limiter allowing `limit` hits per key per `windowMs`, keys prefixed by `scope`. */
  limiter(scope: string, limit: number, windowMs: number): { hit(key: string): Promise<boolean> } {
    return { hit: (key) => this.hit(`${scope}:${key}`, limit, windowMs) };
  }

  /** Counts one hit; true while the key is within its limit. */
  async hit(key: string, limit: number, windowMs: number): Promise<boolean> {
    return (await this.take(key, limit, windowMs)).allowed;
  }

  /** Counts one hit; whether the key is within its limit, and when its window ends (for Retry-After). */
  async take(key: string, limit: number, windowMs: number): Promise<{ allowed: boolean; count: number; resetAt: Date }> {
    const now = this.clock();
    const expired = new Date(now.getTime() - windowMs);
    return withSql(this.orm, async (sql) => {
      const d = sql.dialect;
      // One statement, so two instances counting at once cannot both read the old count.
      const [row] = await sql.all<{ count: number; window_start: unknown }>(
        `insert into rate_limit (key, window_start, count) values (?, ?, 1)
         on conflict (key) do update set
           count = case when rate_limit.window_start <= ? then 1 else rate_limit.count + 1 end,
           window_start = case when rate_limit.window_start <= ? then excluded.window_start else rate_limit.window_start end
         returning count, window_start`,
        [key, d.date(now), d.date(expired), d.date(expired)],
      );
      const count = Number(row.count);
      return { allowed: count <= limit, count, resetAt: new Date(d.readDate(row.window_start).getTime() + windowMs) };
    });
  }

  /** Forgets every counter (tests; an operator lifting a lock-out). */
  async clear(prefix = ''): Promise<void> {
    await this.orm.em.fork().nativeDelete(RateLimitCounter, prefix ? { key: { $like: `${prefix}%` } } : {});
  }
}
