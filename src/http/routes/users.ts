import { z } from 'zod';
import { email, line, organisationId } from '../../../machines/placement';
import { ROLES } from '../../vocabulary';
import { actorOf } from '../../services/actor';
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
  token: z
    .string()
    .nullable()
    .describe('The bearer token, shown once (only its hash is stored). Outside development it is null: the token was emailed to the user, never to the admin.'),
  tokenDelivery: z.enum(['response', 'email']).describe('Where the token went.'),
  tokenExpiresAt: z.string().describe('When the token stops working (CBP_TOKEN_TTL_DAYS after it was issued).'),
});

const UserIdParams = z.object({ id: z.uuid() });

/** Accounts and tokens (admin), and `GET /api/me` for anyone to check who a token belongs to. */
export const registerUserRoutes: RouteModule = (routes, { users, config }) => {
  // Outside development a new token goes to the user's own mailbox, never to the admin who asked for it.
  const delivery = config.env === 'development' ? ('caller' as const) : ('email' as const);
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
    handler: async ({ body, user }) => {
      const issued = await users.create(actorOf(user), body, { delivery });
      return {
        status: 201,
        body: { id: issued.user.id, token: issued.token, tokenDelivery: issued.delivery === 'caller' ? 'response' : 'email', tokenExpiresAt: issued.expiresAt },
      };
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
    handler: async ({ params, user }) => {
      const issued = await users.issueToken(actorOf(user), params.id, { delivery });
      return {
        status: 201,
        body: { id: issued.user.id, token: issued.token, tokenDelivery: issued.delivery === 'caller' ? 'response' : 'email', tokenExpiresAt: issued.expiresAt },
      };
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
    handler: async ({ params, user }) => {
      const { user: owner, revoked } = await users.revokeTokens(actorOf(user), params.id);
      return { body: { id: owner.id, revoked } };
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

  routes.add({
    method: 'get',
    path: '/api/users/{id}/tokens',
    operationId: 'listUserTokens',
    summary: "A user's tokens: when issued, until when they work, when last used, whether revoked",
    description: 'Never the tokens themselves: only their hashes are stored.',
    tags: ['users'],
    access: ['admin'],
    params: UserIdParams,
    responses: {
      200: {
        description: 'Newest first.',
        schema: z.array(
          z.object({
            id: z.uuid(),
            createdAt: z.string(),
            expiresAt: z.string().nullable(),
            revokedAt: z.string().nullable(),
            lastUsedAt: z.string().nullable(),
            status: z.enum(['active', 'expired', 'revoked']),
          }),
        ),
      },
    },
    errors: [404],
    handler: async ({ params }) => ({ body: (await users.tokens(params.id)).tokens }),
  });

  routes.add({
    method: 'delete',
    path: '/api/users/{id}/tokens/{tokenId}',
    operationId: 'revokeUserToken',
    summary: 'Revoke one token of a user',
    tags: ['users'],
    access: ['admin'],
    params: z.object({ id: z.uuid(), tokenId: z.uuid() }),
    responses: { 200: { description: 'Revoked (0 when it was already revoked).', schema: z.object({ id: z.uuid(), revoked: z.number().int() }) } },
    errors: [404],
    handler: async ({ params, user }) => {
      const { user: owner, revoked } = await users.revokeTokens(actorOf(user), params.id, params.tokenId);
      return { body: { id: owner.id, revoked } };
    },
  });
};
