import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A personal value recorded with an audit entry, kept beside the chain: the entry's payload holds
 * `{ "$erasable": sha256(salt + value) }` at `path`. Deleting this row erases the value; the chain verifies.
 */
export const AuditPersonal = defineEntity({
  name: 'AuditPersonal',
  tableName: 'audit_personal',
  properties: {
    seq: p.integer().primary(),
    path: p.string().primary(),
    value: p.json<unknown>(),
    salt: p.string(),
  },
});
export type AuditPersonal = InferEntity<typeof AuditPersonal>;
