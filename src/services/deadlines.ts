// The durable deadline sweep: every open deadline row due by now gets DEADLINE_ELAPSED, exactly once.
// The row is marked fired in the same transaction as the transition, or on its own when the machine has
// nothing to do (a clock decided by an event, or one a race already closed).
//
// Several app instances sweep the same database. A sweep claims a batch of due rows before it works on
// them (one statement: FOR UPDATE SKIP LOCKED on PostgreSQL, SQLite's single writer otherwise), so two
// instances take different rows; a claim ends with its lease, so the rows of an instance that died are
// swept by another once SWEEP_LEASE_MS has passed. The placement's version check still refuses a second
// DEADLINE_ELAPSED, whatever happens to the claims.
import { isBeforeEvent, type SystemEvent } from '../../machines/placement';
import { getRulebook } from '../../machines/rulebook';
import { AppError } from '../errors';
import { metrics } from '../metrics';
import { Deadline, Placement } from '../store/entities';
import type { Orm } from '../store/orm';
import { withSql } from '../store/sql';
import type { Tx } from '../store/writer';
import type { Clock } from './actor';
import { queueDailyDigests } from './digests';
import type { PlacementsService } from './placements';

export interface SweepResult {
  placementId: string;
  deadlineId: string;
  rule: string;
  dueAt: string;
  fired: boolean;
}

/** Longer than a batch of transitions can take; after it, another instance takes the rows again. */
export const SWEEP_LEASE_MS = 5 * 60_000;
const CLAIM_BATCH = 50;
const MAX_PER_SWEEP = 1000;

interface ClaimedDeadline {
  id: string;
  placementId: string;
  rule: string;
  dueAt: Date;
}

export class DeadlinesService {
  private stopping = false;

  constructor(
    private readonly orm: Orm,
    private readonly clock: Clock,
    private readonly placements: PlacementsService,
    /** Called after queuing mail outside the writer (the digests), to wake the dispatcher. */
    private readonly afterCommit: () => void = () => {},
    private readonly leaseMs = SWEEP_LEASE_MS,
  ) {}

  /** Fires what fell due; safe to run at any time, from the scheduler, the CLI or the admin route, on any instance. */
  async sweep(): Promise<SweepResult[]> {
    const now = this.clock();
    const stop = metrics.sweepDuration.startTimer();
    const results: SweepResult[] = [];
    try {
      while (results.length < MAX_PER_SWEEP && !this.stopping) {
        const batch = await this.claim(now);
        if (batch.length === 0) break;
        for (let i = 0; i < batch.length; i++) {
          // A stopping instance hands back what it has not started, for another instance's next sweep.
          if (this.stopping) {
            await this.release(batch.slice(i).map((d) => d.id));
            break;
          }
          results.push(await this.fire(batch[i], now));
        }
      }
      metrics.sweeps.inc({ outcome: 'ok' });
      return results;
    } catch (e) {
      metrics.sweeps.inc({ outcome: 'error' });
      throw e;
    } finally {
      stop();
    }
  }

  /** Stops claiming: a sweep in flight finishes the deadline it is on and releases the rest. */
  stopClaiming(): void {
    this.stopping = true;
  }

  /** Claims up to CLAIM_BATCH due rows no other sweep holds, by moving their claim out by the lease. */
  private async claim(now: Date): Promise<ClaimedDeadline[]> {
    const rows = await withSql(this.orm, (sql) => {
      const d = sql.dialect;
      return sql
        .all<{ id: string; placement_id: string; rule: string; due_at: unknown }>(
          `update deadline set claimed_until = ? where id in (
           select id from deadline
           where status = 'open' and fired_at is null and due_at <= ? and (claimed_until is null or claimed_until <= ?)
           order by due_at, id limit ?${d.skipLocked}
         ) returning id, placement_id, rule, due_at`,
          [d.date(new Date(now.getTime() + this.leaseMs)), d.date(now), d.date(now), CLAIM_BATCH],
        )
        .then((r) => r.map((x) => ({ id: x.id, placementId: x.placement_id, rule: x.rule, dueAt: d.readDate(x.due_at) })));
    });
    return rows.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : 1));
  }

  private async release(ids: string[]): Promise<void> {
    if (ids.length) await this.orm.em.fork().nativeUpdate(Deadline, { id: { $in: ids }, firedAt: null }, { claimedUntil: null });
  }

  private async fire(d: ClaimedDeadline, now: Date): Promise<SweepResult> {
    const deadlineId = d.id.slice(d.placementId.length + 1);
    const result = { placementId: d.placementId, deadlineId, rule: d.rule, dueAt: d.dueAt.toISOString() };
    const event: SystemEvent = { type: 'DEADLINE_ELAPSED', deadlineId, rule: d.rule, at: now.toISOString() };
    const markFired = async (tx: Tx) => {
      await tx.sql.run('update deadline set fired_at = ?, claimed_until = null where id = ? and fired_at is null', [tx.sql.dialect.date(now), d.id]);
    };
    try {
      await this.placements.applySystemEvent(d.placementId, event, markFired);
      metrics.deadlinesFired.inc({ rule: d.rule });
      return { ...result, fired: true };
    } catch (e) {
      // A fault (lock, connection) leaves the row for the next sweep; only the machine's refusal marks it seen.
      if (!(e instanceof AppError)) {
        await this.release([d.id]).catch(() => undefined);
        throw e;
      }
      // Declined because the clock is decided by an event, or a race already closed it: record that the sweep
      // saw it. A clock still open otherwise lost a race with another writer: retry next sweep.
      const tem = this.orm.em.fork();
      const fresh = await tem.findOne(Deadline, { id: d.id });
      const placement = await tem.findOne(Placement, { id: d.placementId }, { fields: ['rulebookVersion'] });
      const retry = fresh?.status === 'open' && !!placement && !isBeforeEvent(getRulebook(placement.rulebookVersion), d.rule);
      if (fresh && fresh.firedAt === null)
        await tem.nativeUpdate(Deadline, { id: d.id, firedAt: null }, retry ? { claimedUntil: null } : { firedAt: now, claimedUntil: null });
      return { ...result, fired: false };
    }
  }

  /** Queues today's digests if due (once per authority per working day); returns how many. */
  async queueDigests(): Promise<number> {
    const queued = await queueDailyDigests(this.orm, this.clock());
    if (queued > 0) this.afterCommit();
    return queued;
  }

  /** One scheduler tick: lapse what fell due, then queue the day's digests. */
  async tick(): Promise<SweepResult[]> {
    const fired = await this.sweep();
    await this.queueDigests();
    return fired;
  }
}
