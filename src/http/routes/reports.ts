// Reviewers' views (regulations.md §5): one placement's timeline, and the compliance report across
// placements with the list behind each of its cells. All computed on read from the stored rows.
import { z } from 'zod';
import type { ReportFilters } from '../../reports/deadline-scan';
import { OUTCOMES } from '../../reports/outcome';
import { actorOf } from '../../services/actor';
import type { RouteModule } from '../routing';
import { ComplianceQuery, DrillDownQuery } from '../schemas/reports';

/** Reports span every placement, so only the roles that see every placement may read them. */
const REVIEWERS = ['inspector', 'ministers'] as const;

const STATUSES = [...OUTCOMES, 'not-applicable'] as const;

const MilestoneSchema = z.object({
  rule: z.string().describe('A rulebook rule id, or `HOST.confirmation` (a recorded check, not a legal clock).'),
  label: z.string(),
  citation: z.string(),
  dueAt: z.string().nullable(),
  at: z.string().nullable().describe('When it was done (for a notice recipient, when its server accepted the notice).'),
  status: z.enum(STATUSES),
  detail: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      'Timing in the clock\'s own measure, e.g. `{ "lateBy": { "workingDays": 2, "calendar": "scotland-statutory" } }` or `{ "beforeArrival": { "hours": 50 } }`.',
    ),
});

const TimelineSchema = z.object({ placementId: z.uuid(), reference: z.string(), milestones: z.array(MilestoneSchema) });

const nullableRate = z.number().nullable();

const ComplianceRowSchema = z.object({
  rule: z.string(),
  title: z.string(),
  citation: z.string(),
  due: z.number().int().describe('Deadlines due in the period, cancelled ones excluded: metOnTime + late + missed + open.'),
  metOnTime: z.number().int(),
  late: z.number().int().describe('Done, but after the due time.'),
  missed: z.number().int().describe('Past due and not done (an open clock already past due counts here, as the next sweep would make it).'),
  open: z.number().int(),
  rates: z
    .object({ metOnTime: nullableRate, late: nullableRate, missed: nullableRate, open: nullableRate })
    .describe('Shares of `due`; null when nothing fell due.'),
  medianHoursEarly: z.number().nullable(),
  medianHoursLate: z.number().nullable(),
  drillDown: z.object({ met: z.string(), late: z.string(), missed: z.string(), open: z.string() }).describe('Links to the placements behind each count.'),
});

const Counts = z.object({ due: z.number().int(), metOnTime: z.number().int(), late: z.number().int(), missed: z.number().int(), open: z.number().int() });

const ComplianceReportSchema = z.object({
  generatedAt: z.string(),
  rulebook: z.string(),
  period: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  filters: z.record(z.string(), z.string()),
  rules: z.array(ComplianceRowSchema),
  totals: Counts,
});

const DrillDownSchema = z.object({
  rule: z.string(),
  outcome: z.enum(OUTCOMES),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  items: z.array(z.object({ placementId: z.uuid(), reference: z.string(), deadlineId: z.string(), dueAt: z.string(), metAt: z.string().nullable() })),
});

const filtersOf = ({ from, to, placingAuthorityId, hostAuthorityId, setting, legalBasis }: ReportFilters): ReportFilters => ({
  from,
  to,
  placingAuthorityId,
  hostAuthorityId,
  setting,
  legalBasis,
});

export const registerReportRoutes: RouteModule = (routes, { reports }) => {
  routes.add({
    method: 'get',
    path: '/api/placements/{id}/timeline',
    operationId: 'getPlacementTimeline',
    summary: "A placement's compliance timeline",
    description:
      'One milestone per legal clock (cancelled ones are `not-applicable`; done after the due time is `late`), per notice version ' +
      'and recipient reached, per host confirmation, DoL extension, and the end notified. Computed on read from the placement and its audit entries.',
    tags: ['reports'],
    access: 'authenticated',
    params: z.object({ id: z.uuid() }),
    responses: { 200: { description: 'Milestones, in time order (undated ones last).', schema: TimelineSchema } },
    errors: [404],
    handler: async ({ params, user }) => ({ body: await reports.timeline(actorOf(user), params.id) }),
  });

  routes.add({
    method: 'get',
    path: '/api/reports/compliance',
    operationId: 'getComplianceReport',
    summary: 'Compliance per legal clock: due, met on time, late, missed, open',
    description:
      "Counts deadlines whose due time falls in [from, to), filtered by the placement's current placing authority, host, setting and legal basis. " +
      'With `format=csv` the same rows come as `text/csv` (RFC 4180, a header row then one row per rule) as an attachment.',
    tags: ['reports'],
    access: REVIEWERS,
    query: ComplianceQuery,
    responses: { 200: { description: 'The report (JSON), or CSV with format=csv.', schema: ComplianceReportSchema, alsoAs: ['text/csv'] } },
    handler: async ({ query, res }) => {
      if (query.format === 'json') return { body: await reports.compliance(filtersOf(query)) };
      res
        .status(200)
        .set({
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': 'attachment; filename="compliance-report.csv"',
          'Cache-Control': 'private, no-store',
        })
        .send(await reports.complianceCsv(filtersOf(query)));
    },
  });

  routes.add({
    method: 'get',
    path: '/api/reports/compliance/placements',
    operationId: 'getComplianceReportPlacements',
    summary: 'The placements behind one count of the compliance report',
    description: 'Same filters and outcome rules as the report: `total` equals the count in the report cell. Ordered by due time.',
    tags: ['reports'],
    access: REVIEWERS,
    query: DrillDownQuery,
    responses: { 200: { description: 'One item per deadline.', schema: DrillDownSchema } },
    handler: async ({ query }) => {
      const { total, items } = await reports.drillDown(filtersOf(query), query.rule, query.outcome, query);
      return { body: { rule: query.rule, outcome: query.outcome, total, limit: query.limit, offset: query.offset, items } };
    },
  });
};
