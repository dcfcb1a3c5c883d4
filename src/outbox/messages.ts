// The outbox's messages, one kind per reason to write to someone. A message is queued in the same
// transaction as the change that causes it (so a crash can neither lose nor invent one) and sent after
// the commit by the dispatcher. Each kind's payload is a schema: producers are type-checked, and the
// dispatcher parses what it reads back instead of trusting a cast.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { RECIPIENT_ROLES } from '../../machines/rulebook';
import { OutboxMessage } from '../store/entities';
import type { Em } from '../store/orm';
import { valuesList, type Dialect } from '../store/sql';
import type { Tx } from '../store/writer';

const body = { text: z.string(), html: z.string() };

/** The payload of each kind: the bodies, and what the dispatcher needs besides (a document to attach). */
export const OUTBOX_PAYLOADS = {
  /** One recipient's copy of a Notice and Undertaking version; its outcome is recorded on the placement. */
  notice: z.object({
    ...body,
    documentId: z.string(),
    version: z.number().int(),
    recipientRole: z.enum(RECIPIENT_ROLES),
    attachmentName: z.string(),
    /** The notice JSON's file name (absent on mail queued before notices were also issued as JSON). */
    jsonAttachmentName: z.string().optional(),
    note: z.string().optional(),
  }),
  /** A placement became unrecognised or missed a clock (reference only, no child's name). */
  escalation: z.object({ ...body, rules: z.array(z.string()), legalStatus: z.string() }),
  /** A placing authority's deadlines due in the next working days. */
  digest: z.object({ ...body, date: z.string() }),
  /** A one-time sign-in code and link for the web pages. */
  'sign-in': z.object({ ...body }),
  /** An account created for the recipient, with how to get started (its first token, outside development). */
  account: z.object({ ...body }),
  /** A care service's record of a child moving in, between services or out, told to the Care Inspectorate (rule SP.care-inspectorate-told). */
  'care-service': z.object({ ...body, movement: z.enum(['arrival', 'move', 'departure']), at: z.string(), serviceName: z.string() }),
  /** An admission recorded while the order is not recognised, raised to the host authority and the Care Inspectorate (SP.admission-while-not-recognised). */
  'admission-alert': z.object({ ...body, legalStatus: z.string(), rules: z.array(z.string()) }),
} as const;

export type OutboxKind = keyof typeof OUTBOX_PAYLOADS;
export type OutboxPayload<K extends OutboxKind> = z.output<(typeof OUTBOX_PAYLOADS)[K]>;

export type OutboxMail = {
  [K in OutboxKind]: {
    kind: K;
    /** A stable id where the message must be queued at most once (e.g. one digest per day). */
    id?: string;
    placementId: string | null;
    recipientOrganisationId: string | null;
    address: string;
    subject: string;
    payload: OutboxPayload<K>;
  };
}[OutboxKind];

/** A stored message with its payload parsed for its kind. */
export type TypedOutboxRow = { [K in OutboxKind]: { row: OutboxMessage; kind: K; payload: OutboxPayload<K> } }[OutboxKind];

export function readOutboxRow(row: OutboxMessage): TypedOutboxRow {
  switch (row.kind) {
    case 'notice':
      return { row, kind: row.kind, payload: OUTBOX_PAYLOADS.notice.parse(row.payload) };
    case 'escalation':
      return { row, kind: row.kind, payload: OUTBOX_PAYLOADS.escalation.parse(row.payload) };
    case 'digest':
      return { row, kind: row.kind, payload: OUTBOX_PAYLOADS.digest.parse(row.payload) };
    case 'sign-in':
      return { row, kind: row.kind, payload: OUTBOX_PAYLOADS['sign-in'].parse(row.payload) };
    case 'account':
      return { row, kind: row.kind, payload: OUTBOX_PAYLOADS.account.parse(row.payload) };
    case 'care-service':
      return { row, kind: row.kind, payload: OUTBOX_PAYLOADS['care-service'].parse(row.payload) };
    case 'admission-alert':
      return { row, kind: row.kind, payload: OUTBOX_PAYLOADS['admission-alert'].parse(row.payload) };
    default:
      throw new Error(`outbox message ${row.id} has an unknown kind ${row.kind}`);
  }
}

/**
 * Queues `message` to be sent after the transaction that holds `target` commits: an EntityManager (flushed
 * by its caller) or a writer transaction (inserted now, in it).
 */
export async function queueMail(target: Em | Tx, message: OutboxMail, now: Date): Promise<void> {
  if ('sql' in target) return insertMailRows(target, mailRows([message], now, target.sql.dialect));
  target.persist(
    target.create(OutboxMessage, {
      id: message.id ?? randomUUID(),
      placementId: message.placementId,
      kind: message.kind,
      recipientOrganisationId: message.recipientOrganisationId,
      address: message.address,
      subject: message.subject,
      payload: message.payload,
      status: 'queued' as const,
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    }),
  );
}

/**
 * The mails one transition queues, as rows serialised before its transaction (`at` their creation time),
 * inserted in it in one statement by `insertMailRows`: a signing queues one per recipient, and every
 * statement in the transaction is time the write lock is held.
 */
export function mailRows(messages: readonly OutboxMail[], now: Date, dialect: Dialect): unknown[][] {
  return messages.map((m) => [
    m.id ?? randomUUID(),
    m.placementId,
    m.kind,
    m.recipientOrganisationId,
    m.address,
    m.subject,
    dialect.json(m.payload),
    'queued',
    0,
    dialect.date(now),
    dialect.date(now),
  ]);
}

export async function insertMailRows(tx: Tx, rows: readonly unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 50) {
    const chunk = rows.slice(i, i + 50);
    await tx.sql.run(
      `insert into outbox_message (id, placement_id, kind, recipient_organisation_id, address, subject, payload, status, attempts, next_attempt_at, created_at) values ${valuesList(chunk.length, 11)}`,
      chunk.flat(),
    );
  }
}
