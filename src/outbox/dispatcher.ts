// Sends what the outbox holds, after commit, with retries. Each recipient's outcome is recorded on the
// placement as a system event (DELIVERY_ACCEPTED / DELIVERY_FAILED) in the same transaction that marks
// the outbox row, so the notice counts as given exactly when every required server accepted it.
//
// Several app instances may run a dispatcher on one database. Each message is claimed before it is sent:
// one statement picks the next due row (FOR UPDATE SKIP LOCKED on PostgreSQL, so two instances never pick
// the same one; SQLite has one writer) and moves its next attempt out by a lease. An instance that dies
// mid-send leaves the row to another once the lease ends. Once the SMTP server accepted a message the row
// is marked `accepted` by one small statement at once, before the outcome is recorded on the placement
// through the writer; a row left `accepted` (the instance died in between) is recorded by the next pass
// whose lease allows it, and never sent again.
import type { SystemEvent } from '../../machines/placement';
import { AppError } from '../errors';
import { metrics } from '../metrics';
import { Document, OutboxMessage } from '../store/entities';
import type { Orm } from '../store/orm';
import { withSql } from '../store/sql';
import type { Tx } from '../store/writer';
import { readOutboxRow, type TypedOutboxRow } from './messages';
import type { MailTransport } from './transport';

/** Where a notice's delivery outcome is recorded: the placements service, as a system event. */
export interface DeliveryRecorder {
  applySystemEvent(placementId: string, event: SystemEvent, extra?: (tx: Tx) => Promise<void>): Promise<void>;
}

/** Waits between attempts; the last one repeats. A notice matters too much to give up on a transient fault. */
export const DEFAULT_BACKOFF_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000];

/** Longer than one SMTP conversation may take (connection, greeting and socket time-outs together). */
export const SEND_LEASE_MS = 120_000;
/** How long an accepted message's outcome may take to be recorded before another instance records it. */
export const RECORD_LEASE_MS = 30_000;

/** What a send attempt changes on its outbox row. */
type OutboxPatch = Partial<Pick<OutboxMessage, 'status' | 'attempts' | 'lastError' | 'nextAttemptAt' | 'sentAt' | 'messageId' | 'payload'>>;

const COLUMN: Record<keyof OutboxPatch, string> = {
  status: 'status',
  attempts: 'attempts',
  lastError: 'last_error',
  nextAttemptAt: 'next_attempt_at',
  sentAt: 'sent_at',
  messageId: 'message_id',
  payload: 'payload',
};

/** A sign-in code or an API token is a credential: once its mail is accepted, the outbox keeps no copy. */
const CREDENTIAL_KINDS = new Set(['sign-in', 'account']);
const SENT_CREDENTIAL = { text: '[credential sent; removed from the outbox]', html: '<p>[credential sent; removed from the outbox]</p>' };

export interface DispatcherOptions {
  clock: () => Date;
  from: string;
  backoffMs?: number[];
  batchSize?: number;
  /** Messages sent at once (default 4). */
  concurrency?: number;
  /** How long a claim on a message being sent lasts (default SEND_LEASE_MS). */
  sendLeaseMs?: number;
  log?: (line: string) => void;
}

export interface DispatchResult {
  sent: number;
  retrying: number;
  failed: number;
}

/** Sign-in mail first (someone is waiting at the page), then oldest first. */
const CLAIM_ORDER = "case when kind = 'sign-in' then 0 else 1 end, created_at, id";

/** An SMTP 5xx is the server's final word (no such mailbox, refused); anything else may pass later. */
const isPermanent = (e: unknown) => {
  const code = (e as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

export class OutboxDispatcher {
  private running: Promise<unknown> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private kickTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly perPlacement = new Map<string, Promise<unknown>>();

  constructor(
    private readonly orm: Orm,
    private readonly placements: DeliveryRecorder,
    private readonly transport: MailTransport,
    private readonly options: DispatcherOptions,
  ) {}

  /** A pass over the mail due now; one already running finishes first, so nothing is sent twice at once. */
  runOnce(): Promise<DispatchResult> {
    const next = (this.running ?? Promise.resolve()).catch(() => undefined).then(() => this.pass());
    const tracked = next.finally(() => {
      if (this.running === tracked) this.running = null;
    });
    this.running = tracked;
    return next;
  }

  private async pass(): Promise<DispatchResult> {
    const now = this.options.clock();
    const limit = this.options.batchSize ?? 100;
    const result: DispatchResult = { sent: 0, retrying: 0, failed: 0 };
    // First what was accepted but not recorded: its instance stopped between the two.
    for (let n = 0; n < limit && !this.stopped; n++) {
      const message = await this.claimNext('accepted', now, RECORD_LEASE_MS);
      if (!message) break;
      await this.recordAccepted(message, readOutboxRow(message));
    }
    // A few conversations at once: each send waits mostly on the network. Each worker claims one message
    // at a time, so a stopping instance holds no claim it is not working on.
    let budget = limit;
    const worker = async () => {
      while (budget > 0 && !this.stopped) {
        budget--;
        const message = await this.claimNext('queued', now, this.options.sendLeaseMs ?? SEND_LEASE_MS);
        if (!message) return;
        const outcome = await this.deliver(message);
        metrics.mail.inc({ kind: message.kind, outcome });
        result[outcome]++;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency ?? 4) }, worker));
    return result;
  }

  /**
   * Outcomes of one placement are recorded one after another in this instance: they all change the same
   * placement, and racing each other they would mostly meet a newer version and retry.
   */
  private serialised<T>(placementId: string | null | undefined, work: () => Promise<T>): Promise<T> {
    if (!placementId) return work();
    const before = this.perPlacement.get(placementId) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(work);
    const tail = mine.catch(() => undefined);
    this.perPlacement.set(placementId, tail);
    void tail.then(() => {
      if (this.perPlacement.get(placementId) === tail) this.perPlacement.delete(placementId);
    });
    return mine;
  }

  private async deliver(message: OutboxMessage): Promise<keyof DispatchResult> {
    const typed = readOutboxRow(message);
    const attachments = await this.attachments(typed);
    let info: { messageId: string };
    try {
      info = await this.transport.send({
        from: this.options.from,
        to: message.address,
        subject: message.subject,
        text: typed.payload.text,
        html: typed.payload.html,
        messageId: `<outbox-${message.id}@cross-border-placements>`,
        date: this.options.clock(),
        attachments,
      });
    } catch (e) {
      const at = this.options.clock();
      const reason = e instanceof Error ? e.message.slice(0, 500) : String(e);
      const permanent = isPermanent(e);
      const attempts = message.attempts + 1;
      const backoff = this.options.backoffMs ?? DEFAULT_BACKOFF_MS;
      const wait = backoff[Math.min(attempts, backoff.length) - 1];
      this.options.log?.(`Mail to ${message.address} ${permanent ? 'refused' : 'failed'} (attempt ${attempts}): ${reason}`);
      const update: OutboxPatch = {
        attempts,
        lastError: reason,
        status: permanent ? 'failed' : 'queued',
        nextAttemptAt: permanent ? null : new Date(at.getTime() + wait),
      };
      // A notice's placement shows the problem at the first failure and at a final refusal, not at every retry.
      if (typed.kind === 'notice' && (attempts === 1 || permanent)) {
        const reasonText = `${permanent ? 'refused' : 'will retry'}: ${reason}`;
        await this.record(
          message,
          { type: 'DELIVERY_FAILED', version: typed.payload.version, recipient: typed.payload.recipientRole, reason: reasonText, at: at.toISOString() },
          update,
        );
      } else await this.updateRow(message, update);
      return permanent ? 'failed' : 'retrying';
    }
    // Accepted: from here on a fault must not count as a failed send, or the recipient would get it twice.
    // The row says so at once, in one small statement, before anything slower (the writer's next batch).
    const at = this.options.clock();
    const accepted: OutboxPatch = {
      status: typed.kind === 'notice' ? 'accepted' : 'sent',
      sentAt: at,
      messageId: info.messageId,
      attempts: message.attempts + 1,
      lastError: null,
      nextAttemptAt: typed.kind === 'notice' ? new Date(at.getTime() + RECORD_LEASE_MS) : null,
    };
    await this.updateRow(message, CREDENTIAL_KINDS.has(typed.kind) ? { ...accepted, payload: SENT_CREDENTIAL } : accepted);
    if (typed.kind === 'notice') await this.recordAccepted({ ...message, ...accepted } as OutboxMessage, typed);
    return 'sent';
  }

  /** Records a notice's acceptance on its placement and marks the row sent, in one transaction. */
  private async recordAccepted(message: OutboxMessage, typed: TypedOutboxRow): Promise<void> {
    const markSent: OutboxPatch = { status: 'sent', nextAttemptAt: null };
    if (typed.kind !== 'notice' || !message.sentAt || !message.messageId) return this.updateRow(message, markSent);
    await this.record(
      message,
      {
        type: 'DELIVERY_ACCEPTED',
        version: typed.payload.version,
        recipient: typed.payload.recipientRole,
        messageId: message.messageId,
        at: message.sentAt.toISOString(),
      },
      markSent,
    );
  }

  /** A notice carries its PDF and the same notice as JSON: exactly the stored bytes whose hashes are listed with the document. */
  private async attachments(typed: TypedOutboxRow) {
    if (typed.kind !== 'notice') return [];
    const doc = await this.orm.em.fork().findOneOrFail(Document, { id: typed.payload.documentId });
    const pdf = { filename: typed.payload.attachmentName, content: Buffer.from(doc.bytes), contentType: 'application/pdf' };
    if (!doc.jsonBytes || !typed.payload.jsonAttachmentName) return [pdf];
    return [pdf, { filename: typed.payload.jsonAttachmentName, content: Buffer.from(doc.jsonBytes), contentType: 'application/json' }];
  }

  /** Records the outcome on the placement and the outbox row together; if the placement no longer takes it, on the row alone. */
  private async record(message: OutboxMessage, event: SystemEvent, update: OutboxPatch): Promise<void> {
    const markRow = async (tx: Tx) => {
      const d = tx.sql.dialect;
      const set = Object.entries(update).map(([k]) => `${COLUMN[k as keyof OutboxPatch]} = ?`);
      const values = Object.values(update).map((v) => (v instanceof Date ? d.date(v) : v));
      await tx.sql.run(`update outbox_message set ${set.join(', ')} where id = ?`, [...values, message.id]);
    };
    try {
      if (!message.placementId) throw new AppError('conflict', 'no placement');
      const placementId = message.placementId;
      await this.serialised(placementId, () => this.placements.applySystemEvent(placementId, event, markRow));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      // E.g. the recipient already accepted, or the placement was superseded meanwhile.
      await this.updateRow(message, update);
    }
  }

  /**
   * Takes the next due message in `status` for this instance by moving its next attempt out by a lease, in
   * one statement. On PostgreSQL the row is picked FOR UPDATE SKIP LOCKED, so instances claiming at the
   * same moment take different rows instead of waiting for each other; SQLite runs one write at a time.
   */
  private async claimNext(status: 'queued' | 'accepted', now: Date, leaseMs: number): Promise<OutboxMessage | null> {
    const [row] = await withSql(this.orm, async (sql) => {
      const d = sql.dialect;
      return sql.all<{ id: string }>(
        `update outbox_message set next_attempt_at = ? where id = (
           select id from outbox_message where status = ? and next_attempt_at <= ? order by ${CLAIM_ORDER} limit 1${d.skipLocked}
         ) and status = ? returning id`,
        [d.date(new Date(now.getTime() + leaseMs)), status, d.date(now), status],
      );
    });
    if (!row) return null;
    return this.orm.em.fork().findOne(OutboxMessage, { id: row.id });
  }

  private async updateRow(message: OutboxMessage, update: OutboxPatch): Promise<void> {
    await this.orm.em.fork().nativeUpdate(OutboxMessage, { id: message.id }, update);
  }

  /** Run soon (after a commit that queued mail); several kicks in a burst make one pass. */
  kick(): void {
    if (this.stopped || this.kickTimer) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      this.runOnce().catch((e) => this.options.log?.(`Outbox pass failed: ${String(e)}`));
    }, 10);
    this.kickTimer.unref();
  }

  /** Started and not stopped (GET /api/ready reports it). */
  get isRunning(): boolean {
    return this.timer !== null && !this.stopped;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.kickTimer) clearTimeout(this.kickTimer);
    await this.running?.catch(() => undefined);
  }
}
