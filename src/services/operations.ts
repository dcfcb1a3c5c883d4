// What the operators and the load balancer ask of one app instance: is it ready to take traffic (the
// database answers, every migration is applied, mail is being sent when it should be, it is not
// stopping), and the outbox gauges of the metrics, read from the shared database at scrape time.
import { metrics } from '../metrics';
import type { OutboxDispatcher } from '../outbox/dispatcher';
import { isDatabaseReachable, type Orm } from '../store/orm';
import { dialectOf, withSql } from '../store/sql';
import type { Clock } from './actor';

export interface Readiness {
  ready: boolean;
  database: 'up' | 'down';
  /** Migrations this code knows that the database has not applied (another instance may be migrating). */
  pendingMigrations: string[] | null;
  /** `off`: this instance sends no mail (no transport); `stopped`: it should, and does not. */
  dispatcher: 'running' | 'stopped' | 'off';
  /** The instance is stopping: the load balancer should send it nothing new. */
  draining: boolean;
}

export class OperationsService {
  private draining = false;

  constructor(
    private readonly orm: Orm,
    private readonly dispatcher: OutboxDispatcher | undefined,
    private readonly clock: Clock,
  ) {}

  /** From now on the instance reports not ready (called when it begins to stop). */
  beginDrain(): void {
    this.draining = true;
  }

  async readiness(): Promise<Readiness> {
    const up = await isDatabaseReachable(this.orm);
    let pending: string[] | null = null;
    if (up) {
      try {
        pending = (await this.orm.getMigrator().getPendingMigrations()).map((m) => m.name);
      } catch {
        pending = null;
      }
    }
    const dispatcher = !this.dispatcher ? 'off' : this.dispatcher.isRunning ? 'running' : 'stopped';
    const ready = up && pending !== null && pending.length === 0 && dispatcher !== 'stopped' && !this.draining;
    metrics.ready.set(ready ? 1 : 0);
    return { ready, database: up ? 'up' : 'down', pendingMigrations: pending, dispatcher, draining: this.draining };
  }

  /** Sets the outbox gauges from the database (every instance sees the same outbox). */
  async collectOutboxGauges(): Promise<void> {
    const now = this.clock();
    const rows = await withSql(this.orm, (sql) =>
      sql.all<{ status: string; n: number | string; oldest: unknown }>(
        `select status, count(*) as n, min(created_at) as oldest from outbox_message where status in ('queued', 'accepted', 'failed') group by status`,
      ),
    ).catch(() => null);
    if (!rows) return;
    const d = dialectOf(this.orm);
    for (const status of ['queued', 'accepted', 'failed']) {
      const row = rows.find((r) => r.status === status);
      metrics.outboxDepth.set({ status }, row ? Number(row.n) : 0);
    }
    const queued = rows.find((r) => r.status === 'queued');
    metrics.outboxOldestAge.set(queued?.oldest != null ? Math.max(0, (now.getTime() - d.readDate(queued.oldest).getTime()) / 1000) : 0);
  }
}
