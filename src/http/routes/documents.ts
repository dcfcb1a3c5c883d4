// Rendered Notice and Undertaking versions (PDF, and the same notice as JSON), their delivery to each
// recipient, and the JSON Schema of the notice JSON.
import type { Response } from 'express';
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
  json: z
    .object({
      href: z.string().describe('GET it for the JSON: the same access as the PDF.'),
      sha256: z.string().describe('SHA-256 of the JSON bytes served at `href`.'),
      contentType: z.literal('application/json'),
    })
    .nullable()
    .describe('The same notice as JSON for case systems (its `$schema` names the schema of its rulebook version); null for versions signed before.'),
  deliveries: z.array(DeliverySchema),
});

// The outline of a notice JSON; GET /api/schemas/notice.json?rulebook=<schemaVersion> is its full schema.
const NoticeJsonOutline = z
  .looseObject({
    $schema: z.string(),
    schemaVersion: z.string(),
    placementReference: z.string(),
    version: z.number().int(),
    fields: z.record(z.string(), z.looseObject({ label: z.string(), text: z.string().nullable(), value: z.unknown() })),
    pdf: z.object({ fileName: z.string(), sha256: z.string() }),
  })
  .describe('A Notice and Undertaking as JSON; its full JSON Schema is at its `$schema`.');

const RULEBOOK_ID = z
  .string()
  .max(60)
  .regex(/^[a-z0-9.@-]+$/);

/** The exact stored bytes of a document, as evidence: the ETag is their hash, and nothing keeps a copy. */
function sendStored(res: Response, doc: { bytes: Buffer; version: number; sha256: string }, type: 'pdf' | 'json'): void {
  res
    .status(200)
    .set({
      'Content-Type': type === 'pdf' ? 'application/pdf' : 'application/json; charset=utf-8',
      'Content-Length': String(doc.bytes.length),
      'Content-Disposition': `inline; filename="notice-v${doc.version}.${type}"`,
      ETag: `"${doc.sha256}"`,
      'Cache-Control': 'private, no-store',
    })
    .end(doc.bytes);
}

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
    handler: async ({ params, user, res }) => sendStored(res, await documents.pdf(actorOf(user), params.id), 'pdf'),
  });

  routes.add({
    method: 'get',
    path: '/api/documents/{id}.json',
    operationId: 'getDocumentJson',
    summary: 'The same notice as JSON, for a case system (its SHA-256 is listed with the document)',
    description:
      'Built from the model the PDF is rendered from: every field as printed (`text`) and in machine form (`value`), the undertaking, the ' +
      "recipients and sources, and the PDF's SHA-256. It validates against the schema its `$schema` names (GET /api/schemas/notice.json). " +
      'Whoever may download the PDF may download it; 404 for a version signed before notices were also issued as JSON, 410 once erased.',
    tags: ['documents'],
    access: 'authenticated',
    params: z.object({ id: z.uuid() }),
    responses: { 200: { description: 'The notice JSON.', schema: NoticeJsonOutline } },
    errors: [404, 410],
    handler: async ({ params, user, res }) => sendStored(res, await documents.json(actorOf(user), params.id), 'json'),
  });

  routes.add({
    method: 'get',
    path: '/api/schemas/notice.json',
    operationId: 'getNoticeJsonSchema',
    summary: 'The JSON Schema (draft 2020-12) of the notice JSON, versioned with the rulebook',
    description:
      'Derived from the rulebook: field keys, labels and sections, the undertaking clauses word for word, the recipients. Without `rulebook`, ' +
      'the schema of the active version; a notice names its own at `$schema`. Cacheable, with an ETag (If-None-Match answers 304).',
    tags: ['documents'],
    access: 'public',
    query: z.strictObject({ rulebook: RULEBOOK_ID.optional().describe('A rulebook version, e.g. `ssi-2026-31@1` (default: the active one).') }),
    responses: {
      200: {
        description: 'The JSON Schema.',
        contentType: 'application/schema+json',
        schema: z.record(z.string(), z.unknown()).describe('A JSON Schema (draft 2020-12).'),
      },
      304: { description: 'Not modified (the ETag sent in If-None-Match is current).' },
    },
    errors: [404],
    handler: ({ query, req, res }) => {
      const schema = documents.noticeSchema(query.rulebook);
      // A version's schema never changes; the default follows the active version, so is kept briefly.
      res.set({ ETag: schema.etag, 'Cache-Control': query.rulebook ? 'public, max-age=86400' : 'public, max-age=300' });
      if (req.fresh) return void res.status(304).end();
      res.status(200).type('application/schema+json').set('Content-Length', String(schema.bytes.length)).end(schema.bytes);
    },
  });
};
