import { z } from 'zod';
import { email, line, organisationId } from '../../../machines/placement';
import { ROLES } from '../../vocabulary';
import type { RouteModule } from '../routing';
import { OrganisationSchema, UserSchema } from '../schemas/organisation';

const NewUserSchema = z.strictObject({
  email: email(),
  name: line(200),
  role: z.enum(ROLES),
  organisationId: organisationId(),
});

const IssuedTokenSchema = z.object({
  id: z.uuid().describe("The user's id."),
  token: z.string().describe('The bearer token. Shown once: only its hash is stored.'),
});

const UserIdParams = z.object({ id: z.uuid() });

/** Accounts and tokens (admin), and `GET /api/me` for anyone to check who a token belongs to. */
export const registerUserRoutes: RouteModule = (routes, { users }) => {
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
    handler: async ({ body }) => {
      const { user, token } = await users.create(body);
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
    query: z.strictObject({ organisationId: organisationId().optional(), role: z.enum(ROLES).optional() }),
    responses: { 200: { description: 'Users ordered by email.', schema: z.array(UserSchema) } },
    handler: async ({ query }) => ({ body: await users.list(query) }),
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
    handler: async ({ params }) => {
      const { user, token } = await users.issueToken(params.id);
      return { status: 201, body: { id: user.id, token } };
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
    handler: async ({ params }) => {
      const { user, revoked } = await users.revokeTokens(params.id);
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
    handler: async ({ user }) => {
      const me = await users.me(user);
      return { body: { ...me.user, organisation: me.organisation } };
    },
  });
};
