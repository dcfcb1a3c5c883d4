// The audit log: per placement for those who may see it, and a whole-chain verification.
import { z } from 'zod';
import { actorOf } from '../../services/actor';
import { toCsv } from '../../csv';
import { BUNDLE_FORMAT } from '../../store/audit-bundle';
import type { RouteModule } from '../routing';

const AuditEntrySchema = z.object({
  seq: z.number().int(),
  type: z.string(),
  at: z.string(),
  recordedAt: z.string(),
  actor: z.object({ userId: z.string().nullable(), role: z.string(), organisationId: z.string().nullable() }),
  payload: z.record(z.string(), z.unknown()),
  prevHash: z.string().nullable(),
  hash: z.string(),
});

export const registerAuditRoutes: RouteModule = (routes, { audit }) => {
  routes.add({
    method: 'get',
    path: '/api/placements/{id}/audit',
    operationId: 'getPlacementAudit',
    summary: "A placement's audit entries in order",
    description: "Entries belong to one global hash chain: `prevHash` links to the entry before in the whole log, which may be another placement's.",
    tags: ['audit'],
    access: 'authenticated',
    params: z.object({ id: z.uuid() }),
    query: z.strictObject({ format: z.enum(['json', 'csv']).default('json') }),
    responses: {
      200: {
        description: 'Audit entries, oldest first (`format=csv` for a spreadsheet: one row per entry, payload as JSON).',
        schema: z.array(AuditEntrySchema),
        alsoAs: ['text/csv'],
      },
    },
    errors: [404],
    handler: async ({ params, query, user, res }) => {
      const entries = await audit.placementEntries(actorOf(user), params.id);
      if (query.format === 'json') return { body: entries };
      const header = ['seq', 'type', 'at', 'recordedAt', 'actorRole', 'actorOrganisationId', 'actorUserId', 'payload', 'prevHash', 'hash'];
      const rows = entries.map((e) => [
        e.seq,
        e.type,
        e.at,
        e.recordedAt,
        e.actor.role,
        e.actor.organisationId,
        e.actor.userId,
        JSON.stringify(e.payload),
        e.prevHash,
        e.hash,
      ]);
      res
        .status(200)
        .set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="audit-${params.id}.csv"` })
        .send(toCsv([header, ...rows]));
    },
  });

  const BundleSchema = z.object({
    format: z.literal(BUNDLE_FORMAT),
    scope: z.union([z.object({ kind: z.literal('all') }), z.object({ kind: z.literal('placement'), placementId: z.string() })]),
    exportedAt: z.string(),
    chainHead: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
    entries: z.array(z.object({}).passthrough()),
    keyId: z.string(),
    publicKeyPem: z.string(),
    signature: z.string(),
  });

  routes.add({
    method: 'get',
    path: '/api/placements/{id}/audit/bundle',
    operationId: 'getPlacementAuditBundle',
    summary: "A signed bundle of a placement's audit entries, for a reviewer to check offline",
    description: 'Check it with `npm run cli -- audit verify FILE [--key KEY.pem]`; the signing key is published at /api/audit/signing-key.',
    tags: ['audit'],
    access: 'authenticated',
    params: z.object({ id: z.uuid() }),
    responses: { 200: { description: 'The signed bundle.', schema: BundleSchema } },
    errors: [404],
    handler: async ({ params, user }) => ({ body: await audit.placementBundle(actorOf(user), params.id) }),
  });

  routes.add({
    method: 'get',
    path: '/api/audit/bundle',
    operationId: 'getAuditBundle',
    summary: 'A signed bundle of the whole audit chain, verifiable offline link by link',
    tags: ['audit'],
    access: ['inspector', 'ministers'],
    responses: { 200: { description: 'The signed bundle.', schema: BundleSchema } },
    handler: async () => ({ body: await audit.wholeChainBundle() }),
  });

  routes.add({
    method: 'get',
    path: '/api/audit/signing-key',
    operationId: 'getAuditSigningKey',
    summary: 'The public key that signs audit bundles',
    tags: ['audit'],
    access: 'authenticated',
    responses: { 200: { description: 'Key id and PEM.', schema: z.object({ keyId: z.string(), publicKeyPem: z.string() }) } },
    handler: async () => ({ body: await audit.signingKey() }),
  });

  routes.add({
    method: 'get',
    path: '/api/audit/verify',
    operationId: 'verifyAudit',
    summary: 'Recompute the whole audit hash chain',
    tags: ['audit'],
    access: ['inspector', 'ministers', 'admin'],
    responses: {
      200: {
        description: '`ok` false names the first entry whose hash or link does not hold (or the first missing one).',
        schema: z.object({ ok: z.boolean(), checked: z.number().int(), firstBrokenSeq: z.number().int().nullable(), headHash: z.string().nullable() }),
      },
    },
    handler: async () => ({ body: await audit.verify() }),
  });
};
