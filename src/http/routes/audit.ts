// The audit log: per placement for those who may see it, and a whole-chain verification.
import { z } from 'zod';
import { verifyAuditChain } from '../../engine/audit-chain';
import { AuditEvent } from '../../store/entities';
import type { RouteModule } from '../routing';
import { visiblePlacement } from './placements';

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

export const auditEntryJson = (e: AuditEvent) => ({
  seq: e.seq,
  type: e.type,
  at: e.at.toISOString(),
  recordedAt: e.recordedAt.toISOString(),
  actor: { userId: e.actorUserId ?? null, role: e.actorRole, organisationId: e.actorOrganisationId ?? null },
  payload: e.payload,
  prevHash: e.prevHash ?? null,
  hash: e.hash,
});

export const registerAuditRoutes: RouteModule = (routes, { engine }) => {
  routes.add({
    method: 'get',
    path: '/api/placements/{id}/audit',
    operationId: 'getPlacementAudit',
    summary: "A placement's audit entries in order",
    description: 'Entries belong to one global hash chain: `prevHash` links to the entry before in the whole log, which may be another placement\'s.',
    tags: ['audit'],
    access: ['placing', 'host', 'inspector', 'ministers', 'advocacy', 'service-provider'],
    params: z.object({ id: z.uuid() }),
    responses: { 200: { description: 'Audit entries, oldest first.', schema: z.array(AuditEntrySchema) } },
    errors: [404],
    handler: async ({ em, params, user }) => {
      await visiblePlacement(engine, em, params.id, user);
      const entries = await em.find(AuditEvent, { placementId: params.id }, { orderBy: { seq: 'asc' } });
      return { body: entries.map(auditEntryJson) };
    },
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
    handler: async ({ em }) => ({ body: await verifyAuditChain(em) }),
  });
};
