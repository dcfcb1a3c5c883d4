import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { DeadlineStatus } from '../../vocabulary';
import { Placement } from './placement';

/** A legal clock. The sweep finds open rows whose dueAt has passed and sends DEADLINE_ELAPSED. */
export const Deadline = defineEntity({
  name: 'Deadline',
  tableName: 'deadline',
  indexes: [
    { name: 'deadline_status_due_at_index', properties: ['status', 'dueAt'] },
    // The compliance report's covering index (migration 20261201050000_report_indexes).
    { name: 'deadline_rule_status_index', properties: ['rule', 'status', 'dueAt', 'metAt', 'placementId'] },
    // Its split by placing authority (migration 20261224000000_deadline_placing_authority).
    { name: 'deadline_rule_status_placing_authority_index', properties: ['rule', 'status', 'placingAuthorityId', 'dueAt', 'metAt', 'placementId'] },
  ],
  properties: {
    /** Chosen by the engine, so re-opening the same rule is idempotent. */
    id: p.string().primary(),
    placementId: () => p.manyToOne(Placement).mapToPk().fieldName('placement_id').index(),
    /**
     * The placement's placing authority (it never changes), so the report splits by it without a join.
     * Every writer sets it; the '' default exists only because a column added to a filled table needs one.
     */
    placingAuthorityId: p.string().fieldName('placing_authority_id').default(''),
    rule: p.string(),
    citation: p.string(),
    dueAt: p.datetime(),
    status: p.string().$type<DeadlineStatus>(),
    metAt: p.datetime().nullable(),
    /** When the sweep fired DEADLINE_ELAPSED for it (guards against firing twice). */
    firedAt: p.datetime().nullable(),
    /** Until when a sweep (of one app instance) has claimed the row; another sweep skips it till then. */
    claimedUntil: p.datetime().nullable(),
    openedAt: p.datetime(),
  },
});
export type Deadline = InferEntity<typeof Deadline>;
