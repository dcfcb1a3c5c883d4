import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from './user';

/** A bearer token, stored only as its SHA-256 so a database leak does not leak credentials. */
export const ApiToken = defineEntity({
  name: 'ApiToken',
  tableName: 'api_token',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    userId: () => p.manyToOne(User).mapToPk().fieldName('user_id').index(),
    /** Hex SHA-256 of the whole token string. */
    tokenHash: p.string().unique(),
    createdAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    /** After this the token no longer works (null only for tokens a migration could not date). */
    expiresAt: p.datetime().nullable(),
    /** When it last authenticated a request (updated at most hourly). */
    lastUsedAt: p.datetime().nullable(),
  },
});
export type ApiToken = InferEntity<typeof ApiToken>;
