import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { OutboxStatus } from '../../vocabulary';
import { Organisation } from './organisation';
import { Placement } from './placement';

/**
 * Mail (and other side effects) written in the same transaction as the state change that caused it,
 * delivered after commit by the dispatcher, so a crash can neither lose nor invent a notice.
 */
export const OutboxMessage = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox_message',
  indexes: [{ name: 'outbox_message_status_next_attempt_at_index', properties: ['status', 'nextAttemptAt'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    placementId: () => p.manyToOne(Placement).mapToPk().fieldName('placement_id').nullable().index(),
    kind: p.string(),
    recipientOrganisationId: () => p.manyToOne(Organisation).mapToPk().fieldName('recipient_organisation_id').nullable().index(),
    address: p.string(),
    subject: p.string(),
    payload: p.json<Record<string, unknown>>(),
    status: p.string().$type<OutboxStatus>(),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime().nullable(),
    lastError: p.text().nullable(),
    /** The Message-ID the mail server accepted. */
    messageId: p.string().nullable(),
    sentAt: p.datetime().nullable(),
    createdAt: p.datetime(),
  },
});
export type OutboxMessage = InferEntity<typeof OutboxMessage>;
