import { z } from 'zod';
import { email, line, organisationId } from '../../../machines/placement';
import { NATIONS, ORGANISATION_KINDS } from '../../vocabulary';
import { OrganisationSchema } from '../schemas/organisation';
import { actorOf } from '../../services/actor';
import type { RouteModule } from '../routing';

/** Kinds an admin may add at run time; every other kind is reference data from the shipped seed. */
const ADDABLE_KINDS = ['advocacy-provider', 'service-provider'] as const;

const NewOrganisationSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'Lower-case letters, digits and hyphens, 3-64 characters.')
    .optional()
    .describe('Defaults to a slug of the name.'),
  name: line(200),
  kind: z.enum(ADDABLE_KINDS),
  nation: z.enum(NATIONS),
  noticeEmail: email(),
});

export const registerOrganisationRoutes: RouteModule = (routes, { organisations }) => {
  routes.add({
    method: 'get',
    path: '/api/organisations',
    operationId: 'listOrganisations',
    summary: 'Reference list of organisations',
    tags: ['reference'],
    access: 'authenticated',
    query: z.strictObject({
      kind: z.enum(ORGANISATION_KINDS).optional(),
      nation: z.enum(NATIONS).optional(),
    }),
    responses: { 200: { description: 'Organisations ordered by id.', schema: z.array(OrganisationSchema) } },
    handler: async ({ query }) => ({ body: await organisations.list(query) }),
  });

  routes.add({
    method: 'get',
    path: '/api/organisations/{id}',
    operationId: 'getOrganisation',
    summary: 'One organisation',
    tags: ['reference'],
    access: 'authenticated',
    params: z.object({ id: organisationId() }),
    responses: { 200: { description: 'The organisation.', schema: OrganisationSchema } },
    errors: [404],
    handler: async ({ params }) => ({ body: await organisations.get(params.id) }),
  });

  routes.add({
    method: 'post',
    path: '/api/organisations',
    operationId: 'createOrganisation',
    summary: 'Add an advocacy provider or care service',
    description:
      'The shipped seed has no advocacy providers or registered services; add them here so users with the ' +
      '`advocacy` and `service-provider` roles have an organisation to act for.',
    tags: ['reference'],
    access: ['admin'],
    body: NewOrganisationSchema,
    responses: { 201: { description: 'Created.', schema: OrganisationSchema } },
    errors: [409],
    handler: async ({ body, user }) => {
      const row = await organisations.create(actorOf(user), body);
      return { status: 201, headers: { Location: `/api/organisations/${row.id}` }, body: row };
    },
  });

  routes.add({
    method: 'patch',
    path: '/api/organisations/{id}',
    operationId: 'updateOrganisation',
    summary: "Set an organisation's notice mailbox",
    description:
      'Where statutory notices for the organisation are sent from now on; notices already queued keep the address they were queued with. ' +
      'A restart re-applies CBP_MAILBOXES_FILE when one is configured, so keep that file in step.',
    tags: ['reference'],
    access: ['admin'],
    params: z.object({ id: organisationId() }),
    body: z.strictObject({ noticeEmail: email() }),
    responses: { 200: { description: 'The organisation as it now is.', schema: OrganisationSchema } },
    errors: [404],
    handler: async ({ params, body, user }) => ({ body: await organisations.setNoticeEmail(actorOf(user), params.id, body.noticeEmail) }),
  });
};
