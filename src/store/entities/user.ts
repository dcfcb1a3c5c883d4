import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { Role } from '../../vocabulary';
import { Organisation } from './organisation';

/** A person (or integration) acting for one organisation in one role. */
export const User = defineEntity({
  name: 'User',
  tableName: 'app_user', // `user` is reserved in PostgreSQL
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    email: p.string().unique(),
    name: p.string(),
    role: p.string().$type<Role>(),
    organisationId: () => p.manyToOne(Organisation).mapToPk().fieldName('organisation_id').index(),
    createdAt: p.datetime(),
  },
});
export type User = InferEntity<typeof User>;
