import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Placement } from './placement';

/**
 * Every time a user was shown a child's name and date of birth. Kept apart from the audit chain:
 * reads change nothing, but who looked at a child's record must be answerable.
 */
export const RecordRead = defineEntity({
  name: 'RecordRead',
  tableName: 'record_read',
  properties: {
    id: p.integer().primary().autoincrement(),
    placementId: () => p.manyToOne(Placement).mapToPk().fieldName('placement_id').index(),
    userId: p.string(),
    organisationId: p.string(),
    role: p.string(),
    /** The endpoint that showed it. */
    via: p.string(),
    at: p.datetime(),
  },
});
export type RecordRead = InferEntity<typeof RecordRead>;
