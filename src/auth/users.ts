import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { conflict, invalid, notFound } from '../errors';
import type { Em } from '../store/orm';
import { Organisation, User } from '../store/entities';
import { ROLE_ORGANISATION_KINDS, type Role } from '../vocabulary';
import { addToken, revokeUserTokens } from './tokens';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  organisationId: string;
}

/** Checks that the role may act for that organisation; throws an `invalid` AppError naming the field. */
export async function checkRoleOrganisation(em: Em, role: Role, organisationId: string): Promise<Organisation> {
  const organisation = await em.findOne(Organisation, { id: organisationId });
  if (!organisation) {
    throw invalid('The organisation does not exist.', [
      { path: 'organisationId', message: `No organisation has id "${organisationId}".` },
    ]);
  }
  const allowed = ROLE_ORGANISATION_KINDS[role];
  if (allowed && !allowed.includes(organisation.kind)) {
    throw invalid('The role does not fit the organisation.', [
      {
        path: 'organisationId',
        message: `The ${role} role needs a ${allowed.join(' or ')} organisation; ${organisation.id} is a ${organisation.kind}.`,
      },
    ]);
  }
  return organisation;
}

/**
 * Creates a user and its first token in one flush (so a failure writes neither).
 * `token` lets the bootstrap admin use CBP_ADMIN_TOKEN; otherwise a random one is issued.
 */
export async function createUser(em: Em, input: NewUser, token?: string): Promise<{ user: User; token: string }> {
  const email = input.email.trim().toLowerCase();
  await checkRoleOrganisation(em, input.role, input.organisationId);
  const emailTaken = () =>
    conflict('A user with that email already exists.', [{ path: 'email', message: 'Already in use.' }]);
  if (await em.count(User, { email })) throw emailTaken();
  const user = em.create(User, {
    id: randomUUID(),
    email,
    name: input.name.trim(),
    role: input.role,
    organisationId: input.organisationId,
    createdAt: new Date(),
  });
  const issued = addToken(em, user.id, token);
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw emailTaken(); // lost a race
    throw err;
  }
  return { user, token: issued };
}

/** Finds a user by id or email (the CLI accepts either). */
export async function findUser(em: Em, idOrEmail: string): Promise<User> {
  const user = await em.findOne(User, idOrEmail.includes('@') ? { email: idOrEmail.toLowerCase() } : { id: idOrEmail });
  if (!user) throw notFound(`No user "${idOrEmail}".`);
  return user;
}

/** Revokes all of a user's live tokens; a user with none left cannot sign in until issued a new one. */
export async function revokeTokensOf(em: Em, idOrEmail: string): Promise<{ user: User; revoked: number }> {
  const user = await findUser(em, idOrEmail);
  return { user, revoked: await revokeUserTokens(em, user.id) };
}
