// A child's record for data protection: who was shown the child's identity, and the subject access export.
import { z } from 'zod';
import { renderSubjectAccessPdf } from '../../documents/subject-access';
import type { RouteModule } from '../routing';

export const registerRecordRoutes: RouteModule = (routes, { records }) => {
  routes.add({
    method: 'get',
    path: '/api/placements/{id}/reads',
    operationId: 'getPlacementIdentityReads',
    summary: "Who was shown the child's name and date of birth, and when",
    description:
      'For the placing authority, the Care Inspectorate and the Scottish Ministers. One entry per request (a list names every placement it showed). Newest first.',
    tags: ['records'],
    access: ['placing', 'inspector', 'ministers'],
    params: z.object({ id: z.uuid() }),
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0) }),
    responses: {
      200: {
        description: 'The reads.',
        schema: z.object({
          total: z.number().int(),
          items: z.array(z.object({ at: z.string(), userId: z.string(), organisationId: z.string(), role: z.string(), via: z.string() })),
        }),
      },
    },
    errors: [403, 404],
    handler: async ({ params, query, user }) => {
      const { total, items } = await records.identityReads(user, params.id, query);
      return {
        body: { total, items: items.map((r) => ({ at: r.at.toISOString(), userId: r.userId, organisationId: r.organisationId, role: r.role, via: r.via })) },
      };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/placements/{id}/subject-access',
    operationId: 'exportSubjectAccess',
    summary: 'Everything held about the child, for a subject access request (JSON, or PDF with format=pdf)',
    description:
      "The child's identity, the whole record, every audit entry (personal values in place unless erased), the timeline, documents with their hashes, mail sent and who was shown the child's identity. " +
      'For the placing authority, the Care Inspectorate and the Scottish Ministers; the export is itself logged as a read of the identity.',
    tags: ['records'],
    access: ['placing', 'inspector', 'ministers'],
    params: z.object({ id: z.uuid() }),
    query: z.strictObject({ format: z.enum(['json', 'pdf']).default('json') }),
    responses: { 200: { description: 'The export.', schema: z.looseObject({ reference: z.string(), child: z.looseObject({}) }), alsoAs: ['application/pdf'] } },
    errors: [403, 404],
    handler: async ({ params, query, user, res }) => {
      const exported = await records.subjectAccess(user, params.id);
      if (query.format === 'json') return { body: exported };
      const pdf = await renderSubjectAccessPdf(exported);
      res
        .status(200)
        .set({
          'Content-Type': 'application/pdf',
          'Content-Disposition': `attachment; filename="subject-access-${exported.reference}.pdf"`,
          'Cache-Control': 'no-store',
        })
        .end(pdf);
    },
  });
};
