// The child's voice and relationships: read them (as the caller may; each read logged), record each kind
// (a placement event, the same as POST /api/placements/{id}/events with its type), the Care Inspectorate's
// review of one placement, and the counts that carry no identity.
import { z } from 'zod';
import {
  FAMILY_RELATIONSHIPS,
  FAMILY_TIME_HOW,
  FAMILY_TIME_PER,
  MATTER_STATUSES,
  MISSED_REASONS,
  SIBLING_LIVES,
  SIBLING_RELATIONSHIPS,
  text,
  UserEventSchema,
  VIEWS_METHODS,
  VIEWS_OCCASIONS,
  WANTS_ADVOCATE,
  type UserEventType,
} from '../../../machines/placement';
import { RELATIONSHIP_COLUMNS, RELATIONSHIP_GROUPINGS } from '../../reports/relationships';
import { problem } from '../problem';
import type { RouteModule } from '../routing';
import { filterFields, periodInOrder } from '../schemas/reports';

const IdParams = z.object({ id: z.uuid() });

/** The event's own schema without its type: what a record route takes (`at` as on every event). */
function bodyOf(type: UserEventType) {
  const member = UserEventSchema.options.find((o) => o.shape.type.value === type);
  if (!member) throw new Error(`no event ${type}`);
  const { type: _type, ...rest } = member.shape;
  return z.strictObject(rest).describe(member.description ?? type);
}

function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})(?:-[0-9a-f]{16})?"?\s*$/.exec(header);
  if (!m) throw problem(400, 'Bad Request', 'If-Match must be the ETag you read or the placement version, e.g. If-Match: 3.');
  return Number(m[1]);
}

const at = z.string();
const ViewsRecord = z.object({
  id: z.string(),
  at,
  occasion: z.enum(VIEWS_OCCASIONS),
  method: z.enum(VIEWS_METHODS),
  said: z.string().nullable(),
  ownWords: z.boolean(),
  notPossibleReason: z.string().nullable(),
  recordedBy: z.object({ name: z.string(), role: z.string() }),
  wantsAdvocate: z.enum(WANTS_ADVOCATE).nullable(),
  communication: z.string().nullable(),
});
const Tally = z.object({ held: z.number().int(), withViews: z.number().int() });
const Matter = z.object({
  id: z.string(),
  raisedAt: at,
  text: z.string(),
  status: z.enum(['raised', ...MATTER_STATUSES]),
  outcomes: z.array(z.object({ at, status: z.enum(MATTER_STATUSES), text: z.string() })),
});
const Review = z.object({ openedAt: at, closesAt: at, openedBy: z.string().nullable() });

const RelationshipsSchema = z.object({
  version: z.number().int().describe('The placement version (send it as If-Match with a change).'),
  placementId: z.uuid(),
  reference: z.string(),
  scope: z.enum(['all', 'advocacy-matters']).describe('all: the whole record; advocacy-matters: what the child raised through the advocate, only.'),
  review: Review.nullable().describe("The inspector's open review that lets the inspector read this record."),
  latestViews: ViewsRecord.nullable().optional(),
  viewsAt: z
    .object({
      occasions: z.array(z.string()).describe('The occasions the rulebook names (P.views-recorded-at).'),
      notification: z.boolean(),
      visits: Tally,
      reviews: Tally,
      lastReview: z.object({ at, viewsRecorded: z.boolean() }).nullable(),
    })
    .optional(),
  views: z.array(ViewsRecord).optional(),
  siblings: z
    .array(
      z.object({
        id: z.string(),
        recordedAt: at,
        updatedAt: at,
        knownAs: z.string().nullable(),
        relationship: z.enum(SIBLING_RELATIONSHIPS),
        ageYears: z.number().int().nullable(),
        livesWhere: z.enum(SIBLING_LIVES),
        separationReason: z.string().nullable(),
        contactPlan: z.string().nullable(),
      }),
    )
    .optional(),
  separations: z.array(z.object({ at, siblingId: z.string(), cause: z.enum(['recorded', 'move']), reason: z.string() })).optional(),
  familyTime: z
    .object({
      arrangements: z.array(
        z.object({
          id: z.string(),
          arrangedAt: at,
          updatedAt: at,
          who: z.string(),
          relationship: z.enum(FAMILY_RELATIONSHIPS),
          siblingId: z.string().nullable(),
          how: z.enum(FAMILY_TIME_HOW),
          frequency: z.object({ times: z.number().int(), per: z.enum(FAMILY_TIME_PER) }),
          fromPostcodeDistrict: z.string().nullable(),
          milesFromPlacement: z.number().nullable(),
          endedAt: at.nullable(),
          planned: z.number().int().describe('Sessions its frequency planned from when it was arranged until it stopped (or now).'),
          held: z.number().int(),
          missed: z.number().int(),
        }),
      ),
      sessions: z.array(
        z.object({
          id: z.string(),
          at,
          arrangementId: z.string(),
          held: z.boolean(),
          how: z.enum(FAMILY_TIME_HOW),
          missedReason: z.enum(MISSED_REASONS).nullable(),
          note: z.string().nullable(),
        }),
      ),
    })
    .optional(),
  advocacyMatters: z.array(Matter),
});

const ReportQuery = z
  .strictObject({ ...filterFields, groupBy: z.enum(RELATIONSHIP_GROUPINGS).default('all') })
  .superRefine(periodInOrder)
  .describe('`from`/`to`: the children placed in Scotland at some time in the period; family time and reviews counted within it.');

const Cells = z.object(Object.fromEntries(RELATIONSHIP_COLUMNS.map((c) => [c, z.number().int().nullable()])));

const ReportSchema = z.object({
  generatedAt: z.string(),
  period: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  filters: z.record(z.string(), z.string()),
  groupBy: z.enum(RELATIONSHIP_GROUPINGS),
  suppression: z.object({ threshold: z.number().int(), rule: z.string(), marker: z.null() }).describe('A withheld count is null (shown as [c] on the pages).'),
  columns: z.array(z.enum(RELATIONSHIP_COLUMNS)),
  groups: z.array(z.object({ key: z.string(), counts: Cells })),
  total: Cells.nullable(),
});

const RECORDS: { path: string; type: UserEventType; operationId: string; summary: string; description: string }[] = [
  {
    path: 'child-views',
    type: 'CHILD_VIEWS_RECORDED',
    operationId: 'recordChildViews',
    summary: "Record the child's views",
    description:
      "At notification, a visit, a review or another time: what the child said (in the child's own words where the child agrees), who recorded it and how. " +
      'Placing authority, host authority, care service. Views with occasion review or visit attach to the latest one held without views.',
  },
  {
    path: 'siblings',
    type: 'SIBLING_RECORDED',
    operationId: 'recordSibling',
    summary: 'Record a brother or sister (or a change)',
    description: 'Where they live; apart: the reason and the plan to stay connected (REL.siblings). Placing and host authority.',
  },
  {
    path: 'family-time',
    type: 'FAMILY_TIME_ARRANGED',
    operationId: 'arrangeFamilyTime',
    summary: 'Arrange family time (or change or stop an arrangement)',
    description: 'Who, how often, how; the postcode district the family member lives in and the miles to the placement. Placing authority.',
  },
  {
    path: 'family-time/sessions',
    type: 'FAMILY_TIME_RECORDED',
    operationId: 'recordFamilyTimeSession',
    summary: 'Record a family time session held or missed',
    description: 'Missed: the reason. Placing authority, host authority, care service.',
  },
  {
    path: 'advocacy-matters',
    type: 'ADVOCACY_MATTER_RAISED',
    operationId: 'raiseAdvocacyMatter',
    summary: 'Record a matter the child raised through the advocate',
    description: 'The advocacy provider acting for the child.',
  },
  {
    path: 'advocacy-matters/outcomes',
    type: 'ADVOCACY_MATTER_UPDATED',
    operationId: 'updateAdvocacyMatter',
    summary: 'Record what happened about a matter the child raised',
    description: 'Placing authority, host authority, care service, the advocacy provider.',
  },
];

export const registerRelationshipRoutes: RouteModule = (routes, { relationships }) => {
  routes.add({
    method: 'get',
    path: '/api/placements/{id}/relationships',
    operationId: 'getPlacementRelationships',
    summary: "The child's views, brothers and sisters, family time and what advocacy changed",
    description:
      'The placing authority, the current host authority and the current care service see all of it; the advocacy provider acting for the child sees the matters raised through it; ' +
      'an inspector sees it while it has an open review of this placement (otherwise 403; the counts are in GET /api/reports/relationships). Everyone else: 403, or 404 where the placement is not theirs to see. ' +
      "Each read is logged like a read of the child's identity (GET /api/placements/{id}/reads).",
    tags: ['relationships'],
    access: 'authenticated',
    params: IdParams,
    responses: { 200: { description: 'The record as the caller may see it.', schema: RelationshipsSchema } },
    errors: [403, 404],
    handler: async ({ params, user }) => {
      const body = await relationships.read(user, params.id);
      return { etagVersion: body.version, body };
    },
  });

  for (const r of RECORDS)
    routes.add({
      method: 'post',
      path: `/api/placements/{id}/${r.path}`,
      operationId: r.operationId,
      summary: r.summary,
      description: `${r.description} The same as POST /api/placements/{id}/events with type ${r.type}; send If-Match to refuse a change made meanwhile. Answers the record as the caller may see it.`,
      tags: ['relationships'],
      access: 'authenticated',
      params: IdParams,
      body: bodyOf(r.type),
      responses: { 200: { description: 'The record after the change.', schema: RelationshipsSchema } },
      errors: [400, 403, 404, 409],
      handler: async ({ req, params, body, user }) => {
        const event = UserEventSchema.parse({ ...body, type: r.type });
        const result = await relationships.record(user, params.id, event, {
          ifMatch: parseIfMatch(req.get('if-match')),
          via: `POST /api/placements/{id}/${r.path}`,
        });
        return { etagVersion: result.version, body: result };
      },
    });

  routes.add({
    method: 'post',
    path: '/api/placements/{id}/relationship-reviews',
    operationId: 'openRelationshipsReview',
    summary: "The Care Inspectorate opens a review of one placement's relationships record",
    description:
      'With a reason (kept beside the audit chain). Until the inspector closes it, or for 28 days, that inspector may read the record of this placement; opening and closing are audit entries.',
    tags: ['relationships'],
    access: 'authenticated',
    params: IdParams,
    body: z.strictObject({ reason: text(2000).describe('Why the record of this placement is needed.') }),
    responses: { 201: { description: 'The review.', schema: Review } },
    errors: [403, 404],
    handler: async ({ params, body, user }) => ({ status: 201, body: await relationships.openReviewOf(user, params.id, body.reason) }),
  });

  routes.add({
    method: 'delete',
    path: '/api/placements/{id}/relationship-reviews/current',
    operationId: 'closeRelationshipsReview',
    summary: 'The inspector closes the open review of this placement',
    tags: ['relationships'],
    access: 'authenticated',
    params: IdParams,
    responses: { 204: { description: 'Closed.' } },
    errors: [403, 404, 409],
    handler: async ({ params, user }) => {
      await relationships.closeReviewOf(user, params.id);
      return { status: 204 };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/reports/relationships',
    operationId: 'getRelationshipsReport',
    summary: "Counts of the child's voice and relationships that carry no identity",
    description:
      'Per group (groupBy) and in total: children placed, with siblings recorded, separated from siblings, with family time (sessions planned, held, missed), reviewed, and with views recorded at their last review. ' +
      'Counts above zero and below the rulebook threshold (P.small-cell-threshold) are withheld (null), with secondary suppression. Inspector and Ministers.',
    tags: ['reports'],
    access: ['inspector', 'ministers'],
    query: ReportQuery,
    responses: { 200: { description: 'The counts.', schema: ReportSchema } },
    handler: async ({ query }) => {
      const { groupBy, ...filters } = query;
      return { body: await relationships.report(filters, groupBy) };
    },
  });
};
