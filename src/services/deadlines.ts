// The durable deadline sweep: every open deadline row due by now gets DEADLINE_ELAPSED, exactly once.
// The row is marked fired in the same transaction as the transition, or on its own when the machine has
// nothing to do (a clock decided by an event, or one a race already closed).
import { isBeforeEvent, type SystemEvent } from '../../machines/placement';
import { getRulebook } from '../../machines/rulebook';
import { AppError } from '../errors';
import { Deadline, Placement } from '../store/entities';
import type { Orm } from '../store/orm';
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

export class DeadlinesService {
  constructor(
    private readonly orm: Orm,
    private readonly clock: Clock,
    private readonly placements: PlacementsService,
    /** Called after queuing mail outside the writer (the digests), to wake the dispatcher. */
    private readonly afterCommit: () => void = () => {},
  ) {}

  /** Fires what fell due; safe to run at any time, from the scheduler, the CLI or the admin route. */
  async sweep(): Promise<SweepResult[]> {
    const now = this.clock();
    const em = this.orm.em.fork();
    const due = await em.find(Deadline, { status: 'open', firedAt: null, dueAt: { $lte: now } }, { orderBy: { dueAt: 'asc' }, limit: 1000 });
    const results: SweepResult[] = [];
    for (const d of due) {
      const deadlineId = d.id.slice(d.placementId.length + 1);
      const event: SystemEvent = { type: 'DEADLINE_ELAPSED', deadlineId, rule: d.rule, at: now.toISOString() };
      const markFired = async (tx: Tx) => {
        await tx.sql.run('update deadline set fired_at = ? where id = ?', [tx.sql.dialect.date(now), d.id]);
      };
      let fired = true;
      try {
        await this.placements.applySystemEvent(d.placementId, event, markFired);
      } catch (e) {
        // A fault (lock, connection) leaves the row for the next sweep; only the machine's refusal marks it seen.
        if (!(e instanceof AppError)) throw e;
        fired = false;
        // Declined because the clock is decided by an event, or a race already closed it: record that the sweep
        // saw it. A clock still open otherwise lost a race with another writer: retry next sweep.
        const tem = this.orm.em.fork();
        const fresh = await tem.findOne(Deadline, { id: d.id });
        const placement = await tem.findOne(Placement, { id: d.placementId }, { fields: ['rulebookVersion'] });
        const retry = fresh?.status === 'open' && !!placement && !isBeforeEvent(getRulebook(placement.rulebookVersion), d.rule);
        if (fresh && fresh.firedAt === null && !retry) await tem.nativeUpdate(Deadline, { id: d.id, firedAt: null }, { firedAt: now });
      }
      results.push({ placementId: d.placementId, deadlineId, rule: d.rule, dueAt: d.dueAt.toISOString(), fired });
    }
    return results;
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
