import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { Role } from '../../vocabulary';
import { Organisation } from './organisation';
import { Placement } from './placement';
import { User } from './user';

/**
 * Append-only, hash-chained log. `seq` is one global sequence (not per placement) so a verifier can walk
 * the whole chain; `prevHash` is the hash of seq-1.
 */
export const AuditEvent = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_event',
  properties: {
    seq: p.integer().primary().autoincrement(),
    // Foreign keys `restrict` deletes: the log is append-only and must never be blanked by a cascade.
    /** Null for events not about one placement (user created, token revoked, ...). */
    placementId: () => p.manyToOne(Placement).mapToPk().fieldName('placement_id').nullable().index().deleteRule('restrict'),
    type: p.string(),
    /** When it happened (may be in the past). */
    at: p.datetime(),
    /** When the system recorded it. */
    recordedAt: p.datetime(),
    /** Null for system events (DEADLINE_ELAPSED, delivery outcomes). */
    actorUserId: () => p.manyToOne(User).mapToPk().fieldName('actor_user_id').nullable().deleteRule('restrict').index(),
    actorRole: p.string().$type<Role | 'system'>(),
    actorOrganisationId: () => p.manyToOne(Organisation).mapToPk().fieldName('actor_organisation_id').nullable().deleteRule('restrict').index(),
    payload: p.json<Record<string, unknown>>(),
    prevHash: p.string().nullable(),
    hash: p.string().unique(),
  },
});
export type AuditEvent = InferEntity<typeof AuditEvent>;
