import { z } from 'zod';
import { issueToken } from '../../auth/tokens';
import { createUser, findUser, revokeTokensOf } from '../../auth/users';
import { notFound } from '../../errors';
import { Organisation, User } from '../../store/entities';
import { ROLES } from '../../vocabulary';
import type { RouteModule } from '../routing';
import { OrganisationSchema, toOrganisationView } from './organisations';

const UserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  organisationId: z.string(),
  createdAt: z.iso.datetime(),
});

const toUserView = (u: User): z.output<typeof UserSchema> => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  organisationId: u.organisationId,
  createdAt: u.createdAt.toISOString(),
});

const NewUserSchema = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  organisationId: z.string().min(1).max(100),
});

const IssuedTokenSchema = z.object({
  id: z.uuid().describe("The user's id."),
  token: z.string().describe('The bearer token. Shown once: only its hash is stored.'),
});

const UserIdParams = z.object({ id: z.uuid() });

/** Accounts and tokens (admin), and `GET /api/me` for anyone to check who a token belongs to. */
export const registerUserRoutes: RouteModule = (routes) => {
  routes.add({
    method: 'post',
    path: '/api/users',
    operationId: 'createUser',
    summary: 'Create a user and issue its first token',
    description:
      'The role must fit the organisation: placing -> placing-authority, host -> host-authority, ' +
      'inspector -> care-inspectorate, ministers -> scottish-ministers, advocacy -> advocacy-provider, ' +
      'service-provider -> service-provider, admin -> any.',
    tags: ['users'],
    access: ['admin'],
    body: NewUserSchema,
    responses: { 201: { description: 'Created; the token is shown only here.', schema: IssuedTokenSchema } },
    errors: [409],
    handler: async ({ em, body }) => {
      const { user, token } = await createUser(em, body);
      return { status: 201, body: { id: user.id, token } };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/users',
    operationId: 'listUsers',
    summary: 'List users',
    tags: ['users'],
    access: ['admin'],
    query: z.strictObject({ organisationId: z.string().max(100).optional(), role: z.enum(ROLES).optional() }),
    responses: { 200: { description: 'Users ordered by email.', schema: z.array(UserSchema) } },
    handler: async ({ em, query }) => {
      const users = await em.find(
        User,
        { ...(query.organisationId && { organisationId: query.organisationId }), ...(query.role && { role: query.role }) },
        { orderBy: { email: 'asc' } },
      );
      return { body: users.map(toUserView) };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/users/{id}/tokens',
    operationId: 'issueUserToken',
    summary: 'Issue another token for a user',
    tags: ['users'],
    access: ['admin'],
    params: UserIdParams,
    responses: { 201: { description: 'Issued; the token is shown only here.', schema: IssuedTokenSchema } },
    errors: [404],
    handler: async ({ em, params }) => {
      const user = await findUser(em, params.id);
      return { status: 201, body: { id: user.id, token: await issueToken(em, user.id) } };
    },
  });

  routes.add({
    method: 'delete',
    path: '/api/users/{id}/tokens',
    operationId: 'revokeUserTokens',
    summary: "Revoke all of a user's tokens",
    description: 'Takes effect on the next request. The user keeps their record and history.',
    tags: ['users'],
    access: ['admin'],
    params: UserIdParams,
    responses: {
      200: {
        description: 'Revoked.',
        schema: z.object({ id: z.uuid(), revoked: z.number().int().describe('How many live tokens were revoked.') }),
      },
    },
    errors: [404],
    handler: async ({ em, params }) => {
      const { user, revoked } = await revokeTokensOf(em, params.id);
      return { body: { id: user.id, revoked } };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/me',
    operationId: 'getMe',
    summary: 'The caller and their organisation',
    tags: ['users'],
    access: 'authenticated',
    responses: {
      200: { description: 'Who the token belongs to.', schema: UserSchema.extend({ organisation: OrganisationSchema }) },
    },
    handler: async ({ em, user }) => {
      // Both were loaded by `authenticate`, so these come from the request's identity map.
      const me = await em.findOne(User, { id: user.id });
      const organisation = await em.findOne(Organisation, { id: user.organisationId });
      if (!me || !organisation) throw notFound('No such user.');
      return { body: { ...toUserView(me), organisation: toOrganisationView(organisation) } };
    },
  });
};
