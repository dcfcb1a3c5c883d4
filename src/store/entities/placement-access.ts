import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { AccessMode } from '../../vocabulary';
import { Organisation } from './organisation';
import { Placement } from './placement';

/**
 * Which organisations may see a placement and whether they may act on it. Written by the engine in the
 * same transaction as the change that grants it (a move makes the old host read-only, the new one act).
 */
export const PlacementAccess = defineEntity({
  name: 'PlacementAccess',
  tableName: 'placement_access',
  uniques: [{ name: 'placement_access_placement_id_organisation_id_unique', properties: ['placementId', 'organisationId'] }],
  indexes: [
    {
      name: 'placement_access_organisation_created_index',
      expression: 'create index placement_access_organisation_created_index on placement_access (organisation_id, placement_created_at desc, placement_id)',
    },
    {
      name: 'placement_access_created_missing_index',
      expression: 'create index placement_access_created_missing_index on placement_access (placement_id) where placement_created_at is null',
    },
  ],
  properties: {
    id: p.integer().primary().autoincrement(),
    placementId: () => p.manyToOne(Placement).mapToPk().fieldName('placement_id').index(),
    organisationId: () => p.manyToOne(Organisation).mapToPk().fieldName('organisation_id').index(),
    mode: p.string().$type<AccessMode>(),
    reason: p.string(),
    since: p.datetime(),
    /** The placement's creation time (it never changes), so a list is read newest first in index order. */
    placementCreatedAt: p.datetime().nullable().fieldName('placement_created_at'),
  },
});
export type PlacementAccess = InferEntity<typeof PlacementAccess>;
