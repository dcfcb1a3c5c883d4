import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Placement } from './placement';

/**
 * A rendered Notice and Undertaking version. Immutable once written: the bytes served are exactly the
 * bytes hashed, mailed and (for a reviewer) verifiable against `sha256`. Beside the PDF, the same notice
 * as JSON with its own hash (null for versions signed before notices were also issued as JSON).
 */
export const Document = defineEntity({
  name: 'Document',
  tableName: 'document',
  uniques: [{ name: 'document_placement_id_kind_version_unique', properties: ['placementId', 'kind', 'version'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    placementId: () => p.manyToOne(Placement).mapToPk().fieldName('placement_id').index(),
    kind: p.string(),
    version: p.integer(),
    title: p.string(),
    sha256: p.string(),
    bytes: p.blob(),
    jsonSha256: p.string().nullable().fieldName('json_sha256'),
    jsonBytes: p.blob().nullable().fieldName('json_bytes'),
    createdAt: p.datetime(),
  },
});
export type Document = InferEntity<typeof Document>;
