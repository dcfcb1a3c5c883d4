import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A placement that began before SSI 2026/31 and was imported with its history: the placing authority's own case
 * reference (unique per placing authority, so the same row imported twice is refused) and the scheme it began under.
 */
export const PlacementImport = defineEntity({
  name: 'PlacementImport',
  tableName: 'placement_import',
  uniques: [{ name: 'placement_import_placing_authority_id_local_reference_unique', properties: ['placingAuthorityId', 'localReference'] }],
  properties: {
    placementId: p.string().primary(),
    placingAuthorityId: p.string(),
    localReference: p.string(),
    /** e.g. `ssi-2022-225` */
    scheme: p.string(),
    /** The file (or request) it came in. */
    importId: p.string().index(),
    importedAt: p.datetime(),
  },
});
export type PlacementImport = InferEntity<typeof PlacementImport>;
