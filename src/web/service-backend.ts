// The pages' port onto the services: the same calls, checks and visibility as the JSON API, with the
// request shapes validated by the same schemas, and refusals turned into the API's problem details.
import type { z } from 'zod';
import { DraftSchema, UserEventSchema } from '../../machines/placement';
import { AppError } from '../errors';
import { fieldErrors, toProblem } from '../http/problem';
import { EvaluationPeriodSchema } from '../http/schemas/evaluation';
import { ReportFiltersSchema } from '../http/schemas/reports';
import { RELATIONSHIP_GROUPINGS } from '../reports/relationships';
import type { Services } from '../services';
import { EVALUATION_ROLES } from '../services/evaluation';
import { actorOf, type AuthUser } from '../services/actor';
import { ROLES, type OrganisationKind, type Role } from '../vocabulary';
import type {
  ComplianceBreakdown,
  ComplianceReportJson,
  DrillDownJson,
  ImportOptionsJson,
  ImportReportJson,
  EvaluationDictionaryJson,
  EvaluationQuery,
  EvaluationReturnJson,
  Outcome,
  PageBackend,
  PlacementJson,
  Problem,
  QueueQuery,
  RelationshipsJson,
  RelationshipsReportJson,
  ReportQuery,
  UserJson,
} from './backend';
import type { WebUser } from './sign-in/ports';

const REVIEWERS: readonly Role[] = ['inspector', 'ministers'];

const asUser = (u: WebUser): AuthUser => ({ id: u.id, email: u.email, name: u.name, role: u.role, organisationId: u.organisationId });

const problemOf = (err: unknown): Problem => {
  const p = toProblem(err);
  return { status: p.status, title: p.title, ...(p.detail ? { detail: p.detail } : {}), ...(p.errors?.length ? { errors: p.errors } : {}) };
};

/** Runs `work`; a refusal the API would answer with a 4xx becomes a problem outcome, anything else is thrown. */
async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, problem: problemOf(err) };
    throw err;
  }
}

/** null for what the caller may not see (a 404), as the pages expect. */
async function visibleOrNull<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AppError && err.code === 'not-found') return null;
    throw err;
  }
}

/** Parses with the API's own schema, or answers the same 422 problem the API would. */
function parse<S extends z.ZodType>(schema: S, data: unknown): { ok: true; value: z.output<S> } | { ok: false; problem: Problem } {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problem: { status: 422, title: 'Validation failed', detail: 'The request has invalid fields; see errors.', errors: fieldErrors(result.error) },
  };
}

const forbidden = (): Outcome<never> => ({ ok: false, problem: { status: 403, title: 'Forbidden', detail: 'Your role may not see this.' } });

export class ServicesPageBackend implements PageBackend {
  constructor(private readonly services: Services) {}

  async listPlacements(user: WebUser, q: QueueQuery): Promise<{ items: PlacementJson[]; total: number }> {
    const by = q.sort === 'attention' || q.sort === 'due' || q.sort === 'status' || q.sort === 'updated' || q.sort === 'reference' ? q.sort : 'attention';
    const page = await this.services.placements.list(
      asUser(user),
      {
        legalStatus: q.legalStatus,
        state: q.state,
        hostAuthorityId: q.hostAuthorityId,
        placingAuthorityId: q.placingAuthorityId,
        limit: q.limit,
        offset: q.offset,
        sort: { by, direction: q.direction },
      },
      'page /queue',
    );
    return { items: page.items, total: page.total };
  }

  getPlacement(user: WebUser, id: string) {
    return visibleOrNull(() => this.services.placements.get(asUser(user), id, 'page /placements/{id}'));
  }

  async timeline(user: WebUser, id: string) {
    return (await visibleOrNull(() => this.services.reports.timeline(actorOf(asUser(user)), id)))?.milestones ?? null;
  }

  documents(user: WebUser, id: string) {
    return visibleOrNull(() => this.services.documents.list(actorOf(asUser(user)), id));
  }

  async documentPdf(user: WebUser, documentId: string) {
    const doc = await visibleOrNull(() => this.services.documents.pdf(actorOf(asUser(user)), documentId));
    return doc && { bytes: doc.bytes, filename: `notice-v${doc.version}.pdf` };
  }

  async createDraft(user: WebUser, draft: unknown): Promise<Outcome<PlacementJson>> {
    const parsed = parse(DraftSchema, draft);
    if (!parsed.ok) return parsed;
    return outcome(() => this.services.placements.create(asUser(user), parsed.value, 'page /notify'));
  }

  async sendEvent(
    user: WebUser,
    placementId: string,
    event: { type: string; at?: string } & Record<string, unknown>,
    ifMatch?: number,
  ): Promise<Outcome<PlacementJson>> {
    const parsed = parse(UserEventSchema, event);
    if (!parsed.ok) return parsed;
    return outcome(() => this.services.placements.send(asUser(user), placementId, parsed.value, { ifMatch, via: 'page /placements/{id}' }));
  }

  organisations(filter: { kind?: OrganisationKind } = {}) {
    return this.services.organisations.list(filter.kind ? { kind: filter.kind } : {});
  }

  async complianceReport(user: WebUser, query: ReportQuery): Promise<Outcome<ComplianceReportJson>> {
    if (!REVIEWERS.includes(user.role)) return forbidden();
    const filters = parse(ReportFiltersSchema, query);
    if (!filters.ok) return filters;
    return outcome(() => this.services.reports.compliance(filters.value));
  }

  async complianceBreakdown(user: WebUser, query: ReportQuery): Promise<Outcome<ComplianceBreakdown>> {
    if (!REVIEWERS.includes(user.role)) return forbidden();
    const filters = parse(ReportFiltersSchema, query);
    if (!filters.ok) return filters;
    return outcome(() => this.services.reports.breakdown(filters.value));
  }

  async complianceCsv(user: WebUser, query: ReportQuery): Promise<Outcome<string>> {
    if (!REVIEWERS.includes(user.role)) return forbidden();
    const filters = parse(ReportFiltersSchema, query);
    if (!filters.ok) return filters;
    return outcome(() => this.services.reports.complianceCsv(filters.value));
  }

  async drillDown(user: WebUser, query: ReportQuery & { rule: string; outcome: string; limit: number; offset: number }): Promise<Outcome<DrillDownJson>> {
    if (!REVIEWERS.includes(user.role)) return forbidden();
    const { rule, outcome: cell, limit, offset, ...rest } = query;
    const filters = parse(ReportFiltersSchema, rest);
    if (!filters.ok) return filters;
    const known = ['met', 'late', 'missed', 'open'] as const;
    const which = known.find((k) => k === cell);
    if (!which)
      return { ok: false, problem: { status: 422, title: 'Validation failed', errors: [{ path: 'outcome', message: `must be one of ${known.join(', ')}` }] } };
    return outcome(async () => ({
      rule,
      outcome: which,
      limit,
      offset,
      ...(await this.services.reports.drillDown(filters.value, rule, which, { limit, offset })),
    }));
  }

  async relationships(user: WebUser, id: string): Promise<Outcome<RelationshipsJson> | null> {
    try {
      return { ok: true, value: await this.services.relationships.read(asUser(user), id, 'page /placements/{id}') };
    } catch (err) {
      if (err instanceof AppError && err.code === 'not-found') return null;
      if (err instanceof AppError) return { ok: false, problem: problemOf(err) };
      throw err;
    }
  }

  async evaluationReturn(user: WebUser, query: EvaluationQuery): Promise<Outcome<EvaluationReturnJson>> {
    if (!EVALUATION_ROLES.includes(user.role)) return forbidden();
    const period = parse(EvaluationPeriodSchema, query);
    if (!period.ok) return period;
    return outcome(() => this.services.evaluation.build(asUser(user), period.value));
  }

  async evaluationExport(user: WebUser, query: EvaluationQuery, format: 'json' | 'csv'): Promise<Outcome<string>> {
    if (!EVALUATION_ROLES.includes(user.role)) return forbidden();
    const period = parse(EvaluationPeriodSchema, query);
    if (!period.ok) return period;
    return outcome(async () => (await this.services.evaluation.export(asUser(user), period.value, format, `page /reports/evaluation.${format}`)).body);
  }

  async evaluationDictionary(): Promise<EvaluationDictionaryJson> {
    return this.services.evaluation.dictionary();
  }

  async relationshipsReport(user: WebUser, query: ReportQuery & { groupBy: string }): Promise<Outcome<RelationshipsReportJson>> {
    if (!REVIEWERS.includes(user.role)) return forbidden();
    const { groupBy, ...rest } = query;
    const filters = parse(ReportFiltersSchema, rest);
    if (!filters.ok) return filters;
    const by = RELATIONSHIP_GROUPINGS.find((g) => g === groupBy) ?? 'all';
    return outcome(() => this.services.relationships.report(filters.value, by));
  }

  async relationshipsReview(user: WebUser, id: string, reason: string | null): Promise<Outcome<unknown>> {
    if (reason === null) return outcome(() => this.services.relationships.closeReviewOf(asUser(user), id));
    if (!reason.trim())
      return { ok: false, problem: { status: 422, title: 'Validation failed', errors: [{ path: 'reason', message: 'Enter the reason for the review' }] } };
    return outcome(() => this.services.relationships.openReviewOf(asUser(user), id, reason));
  }

  async listUsers(user: WebUser): Promise<Outcome<UserJson[]>> {
    if (user.role !== 'admin') return forbidden();
    return outcome(() => this.services.users.listWithTokens());
  }

  async createUser(user: WebUser, input: { email: string; name: string; role: string; organisationId: string }): Promise<Outcome<{ id: string }>> {
    if (user.role !== 'admin') return forbidden();
    const role = ROLES.find((r) => r === input.role);
    if (!role)
      return { ok: false, problem: { status: 422, title: 'Validation failed', errors: [{ path: 'role', message: `must be one of ${ROLES.join(', ')}` }] } };
    // Outside development the token goes to the new user's mailbox, never to the admin (as over the API).
    const delivery = this.services.config.env === 'development' ? 'caller' : 'email';
    return outcome(async () => ({ id: (await this.services.users.create(actorOf(asUser(user)), { ...input, role }, { delivery })).user.id }));
  }

  async revokeTokens(user: WebUser, userId: string): Promise<Outcome<{ revoked: number }>> {
    if (user.role !== 'admin') return forbidden();
    return outcome(async () => ({ revoked: (await this.services.users.revokeTokens(actorOf(asUser(user)), userId)).revoked }));
  }

  async setNoticeEmail(user: WebUser, organisationId: string, noticeEmail: string) {
    if (user.role !== 'admin') return forbidden();
    return outcome(() => this.services.organisations.setNoticeEmail(actorOf(asUser(user)), organisationId, noticeEmail));
  }

  importPlacements(user: WebUser, csv: string, options: ImportOptionsJson): Promise<Outcome<ImportReportJson>> {
    return outcome(() => this.services.imports.importCsv(asUser(user), csv, options));
  }
}
