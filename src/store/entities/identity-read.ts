import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * Each request that showed a user one or more children's names and dates of birth. Kept apart from the
 * audit chain: reads change nothing, but who looked at a child's record must be answerable. One row per
 * request: a list names every placement it showed.
 */
export const IdentityRead = defineEntity({
  name: 'IdentityRead',
  tableName: 'identity_read',
  properties: {
    id: p.integer().primary().autoincrement(),
    placementIds: p.json<string[]>(),
    userId: p.string(),
    organisationId: p.string(),
    role: p.string(),
    /** The endpoint or page that showed it. */
    via: p.string(),
    at: p.datetime().index(),
  },
});
export type IdentityRead = InferEntity<typeof IdentityRead>;
