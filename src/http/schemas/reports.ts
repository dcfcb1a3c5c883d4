// The compliance report's query: filters shared by the report, its CSV and its drill-down, for the API
// routes and the reviewers' pages alike.
import { z } from 'zod';
import { organisationId } from '../../../machines/placement';
import { rulebooks } from '../../../machines/rulebook';
import { boundMs, isPeriodBound, type ReportFilters } from '../../reports/deadline-scan';
import { OUTCOMES } from '../../reports/outcome';
import { PLACEMENT_SETTINGS } from '../../vocabulary';

const books = Object.values(rulebooks);
const LEGAL_BASES = [...new Set(books.flatMap((b) => b.legalBases.map((l) => l.type)))];
const CLOCK_RULES = [...new Set(books.flatMap((b) => [...Object.keys(b.clocks), ...Object.keys(b.visits)]))];

const PeriodBound = z.string().max(40).refine(isPeriodBound, { message: 'must be a date YYYY-MM-DD or an ISO 8601 date-time with offset' });

export const filterFields = {
  from: PeriodBound.optional().describe('Count deadlines due at or after this: `YYYY-MM-DD` (midnight in London) or a date-time with offset.'),
  to: PeriodBound.optional().describe('Count deadlines due before this (exclusive); same forms as `from`.'),
  placingAuthorityId: organisationId().optional(),
  hostAuthorityId: organisationId().optional().describe("The placement's current host authority."),
  setting: z.enum(PLACEMENT_SETTINGS).optional(),
  legalBasis: z.enum(LEGAL_BASES).optional().describe("The placement's current legal basis type."),
};

export const periodInOrder = (q: ReportFilters, ctx: z.RefinementCtx) => {
  if (q.from && q.to && boundMs(q.to) <= boundMs(q.from)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
};

export const ComplianceQuery = z.strictObject({ ...filterFields, format: z.enum(['json', 'csv']).default('json') }).superRefine(periodInOrder);

export const DrillDownQuery = z
  .strictObject({
    ...filterFields,
    rule: z.enum(CLOCK_RULES),
    outcome: z.enum(OUTCOMES),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .superRefine(periodInOrder);

/** The report's filters alone (the pages' query), with the period checked. */
export const ReportFiltersSchema = z.strictObject(filterFields).superRefine(periodInOrder);
