// What the outbox holds for the operators: what is waiting or failed and why, and sending it again now
// (after an SMTP outage the back-off would otherwise wait up to an hour). Addresses are organisations'
// mailboxes; a message names its placement by reference only.
import { placementReference } from '../../machines/placement';
import { OutboxMessage } from '../store/entities';
import type { Orm } from '../store/orm';
import type { Writer } from '../store/writer';
import type { Actor, Clock } from './actor';
import { apiOutboxStatus } from '../vocabulary';

export interface OutboxEntry {
  id: string;
  kind: string;
  status: 'queued' | 'sent' | 'failed';
  address: string;
  subject: string;
  placementReference: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}

export class OutboxService {
  constructor(
    private readonly orm: Orm,
    private readonly writer: Pick<Writer, 'run'>,
    private readonly clock: Clock,
    /** Wakes the dispatcher. */
    private readonly wake: () => void,
  ) {}

  /** Messages not yet sent: waiting (with the reason of the last failure, if any) or refused for good. */
  async pending(status?: 'queued' | 'failed'): Promise<OutboxEntry[]> {
    const rows = await this.orm.em
      .fork()
      .find(OutboxMessage, { status: status ? status : { $in: ['queued', 'failed'] } }, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: 1000 });
    return rows.map((m) => ({
      id: m.id,
      kind: m.kind,
      status: apiOutboxStatus(m.status),
      address: m.address,
      subject: m.subject,
      placementReference: m.placementId ? placementReference(m.placementId) : null,
      attempts: m.attempts,
      lastError: m.lastError ?? null,
      nextAttemptAt: m.nextAttemptAt?.toISOString() ?? null,
      createdAt: m.createdAt.toISOString(),
    }));
  }

  /**
   * Makes waiting messages (or only `ids`) due now, and puts refused ones back in the queue; recorded in the
   * audit chain. A message being sent right now keeps its lease, so nothing is sent twice.
   */
  async retryNow(actor: Actor, ids?: string[]): Promise<{ retried: number }> {
    const now = this.clock();
    const em = this.orm.em.fork();
    const where = { status: { $in: ['queued', 'failed'] }, ...(ids?.length ? { id: { $in: ids } } : {}) };
    const rows = await em.find(OutboxMessage, where as never, { fields: ['id', 'status', 'nextAttemptAt'] });
    // A claimed message has its next attempt pushed out by the lease: one whose next attempt is within the
    // lease is being sent (or was just tried) and is left to the dispatcher.
    const retried = rows.filter((r) => r.status === 'failed' || (r.nextAttemptAt?.getTime() ?? 0) > now.getTime()).map((r) => r.id);
    await this.writer.run(async (tx) => {
      const d = tx.sql.dialect;
      for (const id of retried)
        await tx.sql.run(`update outbox_message set status = 'queued', next_attempt_at = ? where id = ? and status in ('queued', 'failed')`, [d.date(now), id]);
      tx.audit({
        placementId: null,
        type: 'OUTBOX_RETRIED',
        at: now,
        recordedAt: now,
        actorUserId: actor.userId,
        actorRole: actor.role,
        actorOrganisationId: actor.organisationId,
        payload: { messages: retried },
      });
    });
    this.wake();
    return { retried: retried.length };
  }
}
