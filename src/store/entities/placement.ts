import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { PersistedPlacement } from '../../../machines/placement';
import type { PopulationFacts } from '../../reports/relationships';
import type { PlacementSetting } from '../../vocabulary';
import { Organisation } from './organisation';

/**
 * One child's cross-border placement. The machine snapshot is the source of truth; the other columns are
 * denormalised summaries for filtering and visibility checks, rewritten from the snapshot on every save.
 */
export const Placement = defineEntity({
  name: 'Placement',
  tableName: 'placement',
  // The compliance report's placements per rulebook, and their placing authorities (migration
  // 20261223000000_report_authority_index). Lists newest first (migration 20261220000000_list_order_index).
  // Every placement's version without reading its row (migration 20261222000000_population).
  indexes: [
    { name: 'placement_rulebook_version_id_placing_authority_id_index', properties: ['rulebookVersion', 'id', 'placingAuthorityId'] },
    { name: 'placement_created_at_id_index', properties: ['createdAt', 'id'] },
    { name: 'placement_id_version_index', properties: ['id', 'version'] },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    placingAuthorityId: () => p.manyToOne(Organisation).mapToPk().fieldName('placing_authority_id').index(),
    hostAuthorityId: () => p.manyToOne(Organisation).mapToPk().fieldName('host_authority_id').index(),
    setting: p.string().$type<PlacementSetting>(),
    /** The current order's type (rulebook legal basis), for reports. */
    legalBasisType: p.string().index(),
    /** Summary of the lifecycle state, e.g. `draft`, `placed`. */
    state: p.string().index(),
    /** `pending|recognised|at-risk|unrecognised|ended|superseded|transferred`. */
    legalStatus: p.string().index(),
    /** When the child's identifying details and the free text about the child were erased (retention). */
    erasedAt: p.datetime().nullable(),
    /** The earliest open deadline, for work queues sorted by what falls due first. */
    nextDueAt: p.datetime().nullable().index(),
    /** The persisted machine snapshot (holds the child's name and date of birth). */
    snapshot: p.json<PersistedPlacement>(),
    /** What the relationships counts read, taken from the snapshot with each write. */
    population: p.json<PopulationFacts>().nullable(),
    /** The version `population` was taken from; another (or null): an app that knew no population wrote since, so read the snapshot. */
    populationVersion: p.integer().nullable(),
    machineVersion: p.integer(),
    rulebookVersion: p.string(),
    /** Optimistic lock: each write checks it in the UPDATE's WHERE clause and adds one. */
    version: p.integer().version(),
    /** Set by the services from their clock (never the wall clock here, so a test clock holds throughout). */
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type Placement = InferEntity<typeof Placement>;
