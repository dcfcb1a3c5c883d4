// Rendered Notice and Undertaking versions and their delivery to each recipient.
import { z } from 'zod';
import { Document, OutboxMessage } from '../../store/entities';
import type { RouteModule } from '../routing';
import { notFound } from '../../errors';
import { visiblePlacement } from './placements';

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

export const registerDocumentRoutes: RouteModule = (routes, { engine }) => {
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
    handler: async ({ em, params, user }) => {
      await visiblePlacement(engine, em, params.id, user);
      const docs = await em.find(Document, { placementId: params.id }, { orderBy: { version: 'asc' }, fields: ['id', 'kind', 'version', 'title', 'sha256', 'createdAt'] });
      const mail = await em.find(OutboxMessage, { placementId: params.id, kind: 'notice' }, { orderBy: { createdAt: 'asc' } });
      return {
        body: docs.map((d) => ({
          id: d.id,
          kind: d.kind,
          version: d.version,
          title: d.title,
          sha256: d.sha256,
          createdAt: d.createdAt.toISOString(),
          href: `/api/documents/${d.id}.pdf`,
          deliveries: mail
            .filter((m) => (m.payload as { documentId?: string }).documentId === d.id)
            .map((m) => ({
              organisationId: m.recipientOrganisationId ?? null,
              recipientRole: String((m.payload as { recipientRole?: string }).recipientRole),
              address: m.address,
              status: m.status,
              attempts: m.attempts,
              sentAt: m.sentAt?.toISOString() ?? null,
              messageId: m.messageId ?? null,
              lastError: m.lastError ?? null,
              nextAttemptAt: m.nextAttemptAt?.toISOString() ?? null,
            })),
        })),
      };
    },
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
    handler: async ({ em, params, user, res }) => {
      const doc = await em.findOne(Document, { id: params.id });
      if (!doc) throw notFound(`No document ${params.id}.`);
      await visiblePlacement(engine, em, doc.placementId, user).catch(() => {
        throw notFound(`No document ${params.id}.`);
      });
      const bytes = Buffer.from(doc.bytes);
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
