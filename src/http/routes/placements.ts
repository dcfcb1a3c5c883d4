// Placements (shared/api.md): create a draft, list and read what the caller may see, send events.
// The placements service does the work; this file maps HTTP to it and back.
import { z } from 'zod';
import { DraftSchema, LEGAL_STATUS_CODES, UserEventSchema } from '../../../machines/placement';
import { PLACEMENT_LISTERS } from '../../services/access-policy';
import { problem } from '../problem';
import type { RouteModule } from '../routing';
import { PlacementListSchema, PlacementSchema } from '../schemas/placement';

const IdParams = z.object({ id: z.uuid() });

const filterValue = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-"');

const ListQuery = z.strictObject({
  state: filterValue(30).optional(),
  legalStatus: z.enum(LEGAL_STATUS_CODES).optional(),
  hostAuthorityId: filterValue(100).optional(),
  placingAuthorityId: filterValue(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** `If-Match: 7`, `"7"` or the ETag `"7-<hash>"`: the version the caller last read. */
function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})(?:-[0-9a-f]{16})?"?\s*$/.exec(header);
  if (!m) throw problem(400, 'Bad Request', 'If-Match must be the ETag you read or the placement version, e.g. If-Match: 3.');
  return Number(m[1]);
}

export const registerPlacementRoutes: RouteModule = (routes, { placements }) => {
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
    handler: async ({ body, user }) => {
      const placement = await placements.create(user, body);
      return { status: 201, headers: { Location: `/api/placements/${placement.id}` }, etagVersion: placement.version, body: placement };
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
    handler: async ({ query, user }) => ({ body: await placements.list(user, query) }),
  });

  routes.add({
    method: 'get',
    path: '/api/placements/{id}',
    operationId: 'getPlacement',
    summary: 'Read a placement and its legal status now',
    description:
      '`legalStatus` answers whether the order has effect in Scotland right now, with the rules that decide it. Clocks already due count as elapsed even before the next sweep.',
    tags: ['placements'],
    access: 'authenticated',
    params: IdParams,
    responses: { 200: { description: 'The placement.', schema: PlacementSchema } },
    errors: [404],
    handler: async ({ params, user }) => {
      const placement = await placements.get(user, params.id);
      return { etagVersion: placement.version, body: placement };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/placements/{id}/events',
    operationId: 'sendPlacementEvent',
    summary: 'Record something that happened',
    description:
      'Send `If-Match: <version>` to refuse the change when someone else changed the placement since you read it. ' +
      '409 when the event is not allowed in the current state or the version is stale; 403 when your role may not send it. ' +
      '`at` is when it happened; leave it out to mean the moment the server received the request.',
    tags: ['placements'],
    access: 'authenticated',
    params: IdParams,
    body: UserEventSchema,
    responses: { 200: { description: 'The placement after the event.', schema: PlacementSchema } },
    errors: [400, 404, 409],
    handler: async ({ req, params, body, user }) => {
      const placement = await placements.send(user, params.id, body, { ifMatch: parseIfMatch(req.get('if-match')) });
      return { etagVersion: placement.version, body: placement };
    },
  });
};
