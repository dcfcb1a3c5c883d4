import { z } from 'zod';
import { conflict, invalid, notFound } from '../../errors';
import { Organisation } from '../../store/entities';
import { NATIONS, ORGANISATION_KINDS } from '../../vocabulary';
import type { RouteModule } from '../routing';

export const OrganisationSchema = z.object({
  id: z.string().describe('GSS code (E06000001, W06000001, S12000036, S08000015) or a slug for other bodies.'),
  name: z.string(),
  kind: z.enum(ORGANISATION_KINDS),
  nation: z.enum(NATIONS),
  noticeEmail: z.string().describe('Where statutory notices for this organisation are sent.'),
  dfeLaCode: z.string().nullable().describe('DfE three-digit LA code (England, Wales); null elsewhere.'),
});

export const toOrganisationView = (o: Organisation): z.output<typeof OrganisationSchema> => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  nation: o.nation,
  noticeEmail: o.noticeEmail,
  dfeLaCode: o.dfeLaCode ?? null,
});

/** Kinds an admin may add at run time; every other kind is reference data from the shipped seed. */
const ADDABLE_KINDS = ['advocacy-provider', 'service-provider'] as const;

const NewOrganisationSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'Lower-case letters, digits and hyphens, 3-64 characters.')
    .optional()
    .describe('Defaults to a slug of the name.'),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(ADDABLE_KINDS),
  nation: z.enum(NATIONS),
  noticeEmail: z.email().max(254),
});

const slug = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);

export const registerOrganisationRoutes: RouteModule = (routes) => {
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
    handler: async ({ em, query }) => {
      const rows = await em.find(
        Organisation,
        { ...(query.kind && { kind: query.kind }), ...(query.nation && { nation: query.nation }) },
        { orderBy: { id: 'asc' } },
      );
      return { body: rows.map(toOrganisationView) };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/organisations/{id}',
    operationId: 'getOrganisation',
    summary: 'One organisation',
    tags: ['reference'],
    access: 'authenticated',
    params: z.object({ id: z.string().max(100) }),
    responses: { 200: { description: 'The organisation.', schema: OrganisationSchema } },
    errors: [404],
    handler: async ({ em, params }) => {
      const row = await em.findOne(Organisation, { id: params.id });
      if (!row) throw notFound(`No organisation ${params.id}.`);
      return { body: toOrganisationView(row) };
    },
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
    handler: async ({ em, body }) => {
      const id = body.id ?? slug(body.name);
      if (id.length < 3) throw invalid('Give an id.', [{ path: 'id', message: 'The name does not make a usable id.' }]);
      if (await em.count(Organisation, { id })) {
        throw conflict(`Organisation ${id} already exists.`, [{ path: 'id', message: 'Already in use.' }]);
      }
      const row = em.create(Organisation, { ...body, id, dfeLaCode: null });
      await em.flush();
      return { status: 201, headers: { Location: `/api/organisations/${id}` }, body: toOrganisationView(row) };
    },
  });
};
