// Placements (shared/api.md): create a draft, list and read what the caller may see, send events.
// The engine does the work; this file maps HTTP to it and back.
import { z } from 'zod';
import { LEGAL_STATUS_CODES } from '../../../machines/placement';
import { actorOf } from '../../engine/actor';
import { placementJson } from '../../engine/placement-view';
import { PLACEMENT_LISTERS, SEES_ALL, SEES_CHILD_IDENTITY } from '../../engine/permissions';
import { Placement, PlacementAccess, RecordRead } from '../../store/entities';
import type { Em } from '../../store/orm';
import type { AuthUser } from '../../auth/auth-user';
import type { RouteModule } from '../routing';
import { problem } from '../problem';
import { DraftSchema, PlacementListSchema, PlacementSchema, UserEventSchema } from '../schemas/placement';
import type { PlacementService } from '../../engine/placement-service';

const IdParams = z.object({ id: z.uuid() });

const ListQuery = z.strictObject({
  state: z.string().max(30).optional(),
  legalStatus: z.enum(LEGAL_STATUS_CODES).optional(),
  hostAuthorityId: z.string().max(100).optional(),
  placingAuthorityId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});


export async function visiblePlacement(engine: PlacementService, em: Em, id: string, user: AuthUser) {
  return engine.findVisible(em, id, actorOf(user));
}

/** `If-Match: 7` or `If-Match: "7"`: the version the caller last read. */
function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!m) throw problem(400, 'Bad Request', 'If-Match must be the placement version, e.g. If-Match: 3.');
  return Number(m[1]);
}

/** Logs that `user` was shown these children's identities (roles that see only gender are not logged). */
async function logRecordReads(em: Em, rows: Placement[], user: AuthUser, via: string, at: Date): Promise<void> {
  if (!SEES_CHILD_IDENTITY.includes(user.role) || rows.length === 0) return;
  for (const row of rows)
    em.persist(em.create(RecordRead, { placementId: row.id, userId: user.id, organisationId: user.organisationId, role: user.role, via, at }));
  await em.flush();
}

export const registerPlacementRoutes: RouteModule = (routes, { engine }) => {
  const view = async (em: Em, row: Placement, user: AuthUser) =>
    placementJson(row, engine.current(row), user.role, await engine.accessMode(em, row, actorOf(user)));

  routes.add({
    method: 'post',
    path: '/api/placements',
    operationId: 'createPlacement',
    summary: 'Create a draft notification',
    description: 'A placing authority starts a placement. A dol-order (or ni-dol-order) in foster care is refused with 422 (rule DOL.residential-only).',
    tags: ['placements'],
    access: ['placing'],
    body: DraftSchema,
    responses: { 201: { description: 'The draft placement.', schema: PlacementSchema } },
    errors: [404],
    handler: async ({ em, body, user }) => {
      const row = await engine.create(actorOf(user), body);
      return { status: 201, headers: { Location: `/api/placements/${row.id}`, ETag: `"${row.version}"` }, body: await view(em, row, user) };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/placements',
    operationId: 'listPlacements',
    summary: 'List the placements the caller may see',
    description: 'Placing and host authorities, advocacy and service providers see their own; inspectors and Ministers see all. Newest first.',
    tags: ['placements'],
    access: PLACEMENT_LISTERS,
    query: ListQuery,
    responses: { 200: { description: 'A page of placements.', schema: PlacementListSchema } },
    handler: async ({ em, query, user, now }) => {
      const where: Record<string, unknown> = {};
      if (query.state) where.state = query.state;
      if (query.legalStatus) where.legalStatus = query.legalStatus;
      if (query.hostAuthorityId) where.hostAuthorityId = query.hostAuthorityId;
      if (query.placingAuthorityId) where.placingAuthorityId = query.placingAuthorityId;
      if (!SEES_ALL.includes(user.role)) {
        const access = await em.find(PlacementAccess, { organisationId: user.organisationId }, { fields: ['placementId'] });
        where.id = { $in: access.map((a) => a.placementId) };
      }
      const [rows, total] = await em.findAndCount(Placement, where, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: query.limit, offset: query.offset });
      await logRecordReads(em, rows, user, 'GET /api/placements', now);
      return { body: { items: await Promise.all(rows.map((r) => view(em, r, user))), total, limit: query.limit, offset: query.offset } };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/placements/{id}',
    operationId: 'getPlacement',
    summary: 'Read a placement and its legal status now',
    description: '`legalStatus` answers whether the order has effect in Scotland right now, with the rules that decide it. Clocks already due count as elapsed even before the next sweep.',
    tags: ['placements'],
    access: 'authenticated',
    params: IdParams,
    responses: { 200: { description: 'The placement.', schema: PlacementSchema } },
    errors: [404],
    handler: async ({ em, params, user, now }) => {
      const row = await visiblePlacement(engine, em, params.id, user);
      await logRecordReads(em, [row], user, 'GET /api/placements/{id}', now);
      return { headers: { ETag: `"${row.version}"` }, body: await view(em, row, user) };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/placements/{id}/events',
    operationId: 'sendPlacementEvent',
    summary: 'Record something that happened',
    description:
      'Send `If-Match: <version>` to refuse the change when someone else changed the placement since you read it. ' +
      '409 when the event is not allowed in the current state or the version is stale; 403 when your role may not send it.',
    tags: ['placements'],
    access: 'authenticated',
    params: IdParams,
    body: UserEventSchema,
    responses: { 200: { description: 'The placement after the event.', schema: PlacementSchema } },
    errors: [400, 404, 409],
    handler: async ({ em, req, params, body, user }) => {
      const row = await engine.send(params.id, body, actorOf(user), { ifMatch: parseIfMatch(req.get('if-match')) });
      return { headers: { ETag: `"${row.version}"` }, body: await view(em, row, user) };
    },
  });
};
