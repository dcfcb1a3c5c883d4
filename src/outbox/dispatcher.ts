// Sends what the outbox holds, after commit, with retries. Each recipient's outcome is recorded on the
// placement as a system event (DELIVERY_ACCEPTED / DELIVERY_FAILED) in the same transaction that marks
// the outbox row, so the notice counts as given exactly when every required server accepted it.
import type { SystemEvent } from '../../machines/placement';
import { AppError } from '../errors';
import { Document, OutboxMessage } from '../store/entities';
import type { Orm } from '../store/orm';
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
const SEND_LEASE_MS = 120_000;

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
  log?: (line: string) => void;
}

export interface DispatchResult {
  sent: number;
  retrying: number;
  failed: number;
}

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
    const em = this.orm.em.fork();
    const limit = this.options.batchSize ?? 100;
    const due = { status: 'queued' as const, nextAttemptAt: { $lte: now } };
    const order = { orderBy: { createdAt: 'asc' as const, id: 'asc' as const }, limit };
    // Someone is waiting at the sign-in page for these: they go before a queue of notices.
    const signIn = await em.find(OutboxMessage, { ...due, kind: 'sign-in' }, order);
    const rest = await em.find(OutboxMessage, { ...due, kind: { $ne: 'sign-in' } }, { ...order, limit: limit - signIn.length });
    const queue = [...signIn, ...rest];
    const result: DispatchResult = { sent: 0, retrying: 0, failed: 0 };
    // A few conversations at once: each send waits mostly on the network.
    const worker = async () => {
      for (let message = queue.shift(); message && !this.stopped; message = queue.shift()) {
        if (!(await this.claim(message, now))) continue;
        result[await this.deliver(message)]++;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency ?? 4) }, worker));
    return result;
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
    const at = this.options.clock();
    const markSent: OutboxPatch = {
      status: 'sent',
      sentAt: at,
      messageId: info.messageId,
      attempts: message.attempts + 1,
      lastError: null,
      nextAttemptAt: null,
    };
    if (typed.kind !== 'notice') {
      await this.updateRow(message, CREDENTIAL_KINDS.has(typed.kind) ? { ...markSent, payload: SENT_CREDENTIAL } : markSent);
      return 'sent';
    }
    await this.record(
      message,
      { type: 'DELIVERY_ACCEPTED', version: typed.payload.version, recipient: typed.payload.recipientRole, messageId: info.messageId, at: at.toISOString() },
      markSent,
    );
    return 'sent';
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
      await this.placements.applySystemEvent(message.placementId, event, markRow);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      // E.g. the recipient already accepted, or the placement was superseded meanwhile.
      await this.updateRow(message, update);
    }
  }

  /**
   * Takes the message for this instance by moving its next attempt out by a lease, only if no other
   * instance did first (several app instances may share a PostgreSQL database). A crash mid-send leaves
   * it to be retried when the lease ends.
   */
  private async claim(message: OutboxMessage, now: Date): Promise<boolean> {
    const claimed = await this.orm.em
      .fork()
      .nativeUpdate(
        OutboxMessage,
        { id: message.id, status: 'queued', attempts: message.attempts, nextAttemptAt: message.nextAttemptAt },
        { nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS) },
      );
    return claimed === 1;
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
