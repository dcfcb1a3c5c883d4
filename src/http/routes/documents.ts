// Rendered Notice and Undertaking versions and their delivery to each recipient.
import { z } from 'zod';
import { actorOf } from '../../services/actor';
import type { RouteModule } from '../routing';

const DeliverySchema = z.object({
  organisationId: z.string().nullable(),
  recipientRole: z.string(),
  address: z.string(),
  status: z.enum(['queued', 'sent', 'failed']),
  attempts: z.number().int(),
  sentAt: z.string().nullable(),
  messageId: z.string().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});

const DocumentSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  version: z.number().int(),
  title: z.string(),
  sha256: z.string(),
  createdAt: z.string(),
  href: z.string(),
  deliveries: z.array(DeliverySchema),
});

export const registerDocumentRoutes: RouteModule = (routes, { documents }) => {
  routes.add({
    method: 'get',
    path: '/api/placements/{id}/documents',
    operationId: 'listPlacementDocuments',
    summary: 'Notice versions of a placement and where each was delivered',
    tags: ['documents'],
    access: 'authenticated',
    params: z.object({ id: z.uuid() }),
    responses: { 200: { description: 'Documents, oldest version first.', schema: z.array(DocumentSchema) } },
    errors: [404],
    handler: async ({ params, user }) => ({ body: await documents.list(actorOf(user), params.id) }),
  });

  routes.add({
    method: 'get',
    path: '/api/documents/{id}.pdf',
    operationId: 'getDocumentPdf',
    summary: 'The exact bytes of a rendered notice (their SHA-256 is listed with the document)',
    tags: ['documents'],
    access: 'authenticated',
    params: z.object({ id: z.uuid() }),
    responses: { 200: { description: 'The PDF.', contentType: 'application/pdf' } },
    errors: [404],
    handler: async ({ params, user, res }) => {
      const doc = await documents.pdf(actorOf(user), params.id);
      const bytes = doc.bytes;
      res
        .status(200)
        .set({
          'Content-Type': 'application/pdf',
          'Content-Length': String(bytes.length),
          'Content-Disposition': `inline; filename="notice-v${doc.version}.pdf"`,
          ETag: `"${doc.sha256}"`,
          'Cache-Control': 'private, no-store',
        })
        .end(bytes);
    },
  });
};
