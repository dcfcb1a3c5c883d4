import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The Ed25519 key that signs audit bundles for reviewers. Made on first use; its public half is
 * published at GET /api/audit/signing-key so a reviewer can check a bundle offline.
 */
export const SigningKey = defineEntity({
  name: 'SigningKey',
  tableName: 'signing_key',
  properties: {
    /** The first 16 hex characters of the SHA-256 of the public key (SPKI DER). */
    id: p.string().primary(),
    publicKeyPem: p.text(),
    privateKeyPem: p.text(),
    createdAt: p.datetime(),
  },
});
export type SigningKey = InferEntity<typeof SigningKey>;
