// What the pages need from the services: one port, in the JSON shapes the API already returns
// (shared/api.md), so the lead wires it to `createServices(...)` without translating anything. Every
// call acts as `user` with exactly the API's visibility: `null` means "not visible to you" (a 404),
// never a different answer for "does not exist".
import type { OrganisationKind } from '../vocabulary';
import type { ImportReport } from '../services/imports';
import type { RelationshipsJson as ServiceRelationshipsJson } from '../services/relationships-view';
import type { EvaluationReturn } from '../reports/evaluation/build';
import type { EvaluationDictionary } from '../reports/evaluation/dictionary';
import type { WebUser } from './sign-in/ports';

export interface Reason {
  rule: string;
  citation: string;
  text: string;
}

export interface DeadlineJson {
  id: string;
  rule: string;
  citation: string;
  dueAt: string;
  status: 'open' | 'met' | 'missed' | 'cancelled';
  metAt: string | null;
  note?: string;
  subject?: string;
  /** The due time under the other reading of an open question of law (`alternativeRule`). */
  alternativeDueAt?: string;
  alternativeRule?: string;
}

/** GET /api/placements/:id (src/http/schemas/placement.ts PlacementSchema). */
export interface PlacementJson {
  id: string;
  reference: string;
  version: number;
  placingAuthorityId: string;
  hostAuthorityId: string;
  setting: 'residential' | 'foster';
  /** The order in force: the fields the pages show are named, the rest passed through. */
  legalBasis: Record<string, unknown> & { type: string; effectiveFrom: string; expiresAt: string | null };
  state: string;
  regions: Record<string, string>;
  legalStatus: { code: string; reasons: Reason[] };
  deadlines: DeadlineJson[];
  allowedEvents: string[];
  rulebook: string;
  child: Record<string, unknown>;
  placement: Record<string, unknown> & { serviceName: string; serviceAddress?: string | null; plannedStart: string };
  proposedMove: Record<string, unknown> | null;
  arrivedAt: string | null;
  /** What the care services recorded (evidence of the order, each stay). */
  service?: {
    evidence: { at: string; evidence: string; serviceName: string; serviceProviderId: string | null; legalBasis: { type: string; madeOn: string } }[];
    evidenceForCurrentOrder: boolean;
    stays: { serviceName: string; arrivedAt: string; departedAt: string | null; departureReason: string | null }[];
  };
  /** A placement begun under an earlier scheme and imported with its history. */
  transitional?: { scheme: string; schemeRulebookId: string; instrument: string; carriedOverAt: string | null; carriedOverTo: string | null } | null;
  notice: {
    version: number;
    reasons: string[];
    signedAt: string;
    givenAt: string | null;
    outstandingRecipients: { role: string; status: string; detail: string | null }[];
  } | null;
  /** For those who care for the child: whether the child's views were recorded at the last review. */
  voice?: { lastReview: { at: string; viewsRecorded: boolean } | null };
  createdAt: string;
  updatedAt: string;
}

/** GET /api/placements/:id/relationships (src/http/routes/relationships.ts); the parts beyond `scope` as the caller may see them. */
export type RelationshipsJson = ServiceRelationshipsJson & { version: number };

/** GET /api/reports/relationships: counts per group and in total, null where withheld. */
export interface RelationshipsReportJson {
  groupBy: string;
  suppression: { threshold: number; rule: string };
  columns: readonly string[];
  groups: { key: string; counts: Record<string, number | null> }[];
  total: Record<string, number | null> | null;
}

/** GET /api/placements/:id/timeline, one milestone. */
export interface MilestoneJson {
  rule: string;
  label: string;
  citation: string;
  dueAt: string | null;
  at: string | null;
  status: 'met' | 'late' | 'missed' | 'open' | 'not-applicable';
  detail?: Record<string, unknown>;
}

/** GET /api/placements/:id/documents, one document. */
export interface DocumentJson {
  id: string;
  kind: string;
  version: number;
  title: string;
  sha256: string;
  createdAt: string;
  href: string;
  deliveries: {
    organisationId: string | null;
    recipientRole: string;
    address: string;
    status: 'queued' | 'sent' | 'failed';
    attempts: number;
    sentAt: string | null;
    messageId: string | null;
    lastError: string | null;
    nextAttemptAt: string | null;
  }[];
}

export interface OrganisationJson {
  id: string;
  name: string;
  kind: string;
  nation: string;
  noticeEmail: string | null;
}

export interface Counts {
  due: number;
  metOnTime: number;
  late: number;
  missed: number;
  open: number;
}

/** GET /api/reports/compliance. */
export interface ComplianceReportJson {
  generatedAt: string;
  rulebook: string;
  period: { from: string | null; to: string | null };
  filters: Record<string, string>;
  rules: (Counts & {
    rule: string;
    title: string;
    citation: string;
    rates: { metOnTime: number | null; late: number | null; missed: number | null; open: number | null };
    medianHoursEarly: number | null;
    medianHoursLate: number | null;
    drillDown: Record<'met' | 'late' | 'missed' | 'open', string>;
  })[];
  totals: Counts;
}

/** The report's totals split two more ways, for the charts (not in the API yet: the lead adds it to the reports service). */
export interface ComplianceBreakdown {
  byPlacingAuthority: { organisationId: string; totals: Counts }[];
  /** `month` is YYYY-MM (London), by the month the deadline fell due; oldest first. */
  byMonth: { month: string; totals: Counts }[];
}

/** GET /api/reports/compliance/placements. */
export interface DrillDownJson {
  rule: string;
  outcome: 'met' | 'late' | 'missed' | 'open';
  total: number;
  limit: number;
  offset: number;
  items: { placementId: string; reference: string; deadlineId: string; dueAt: string; metAt: string | null }[];
}

export interface UserJson {
  id: string;
  name: string;
  email: string;
  role: string;
  organisationId: string;
  /** Tokens not revoked. */
  activeTokens: number;
  createdAt: string;
}

/** RFC 9457 body as the API sends it. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  /** Each bad field; an import's also name the row of the file and its column. */
  errors?: { path: string; message: string; row?: number; field?: string }[];
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export type QueueSort = 'attention' | 'due' | 'reference' | 'status' | 'updated';

export interface QueueQuery {
  legalStatus?: string[];
  state?: string[];
  hostAuthorityId?: string;
  placingAuthorityId?: string;
  /** "Attention": unrecognised, then overdue clocks, then the soonest next deadline (the default). */
  sort: QueueSort;
  direction: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface ReportQuery {
  from?: string;
  to?: string;
  placingAuthorityId?: string;
  hostAuthorityId?: string;
  setting?: string;
  legalBasis?: string;
}

/** GET /api/reports/evaluation (JSON) and its dictionary. */
export type EvaluationReturnJson = EvaluationReturn;
export type EvaluationDictionaryJson = EvaluationDictionary;

/** The evaluation return's period as the page asks for it (dates YYYY-MM-DD; `to` exclusive). */
export interface EvaluationQuery {
  from?: string;
  to?: string;
}

export interface PageBackend {
  listPlacements(user: WebUser, query: QueueQuery): Promise<{ items: PlacementJson[]; total: number }>;
  getPlacement(user: WebUser, id: string): Promise<PlacementJson | null>;
  timeline(user: WebUser, id: string): Promise<MilestoneJson[] | null>;
  documents(user: WebUser, id: string): Promise<DocumentJson[] | null>;
  documentPdf(user: WebUser, documentId: string): Promise<{ bytes: Uint8Array; filename: string } | null>;
  /** POST /api/placements: 422 problems name fields by path (`legalBasis.madeOn`). */
  createDraft(user: WebUser, draft: unknown): Promise<Outcome<PlacementJson>>;
  /** POST /api/placements/:id/events with If-Match; 409 when the version moved on. */
  sendEvent(
    user: WebUser,
    placementId: string,
    event: { type: string; at?: string } & Record<string, unknown>,
    ifMatch?: number,
  ): Promise<Outcome<PlacementJson>>;
  organisations(filter?: { kind?: OrganisationKind }): Promise<OrganisationJson[]>;
  complianceReport(user: WebUser, query: ReportQuery): Promise<Outcome<ComplianceReportJson>>;
  complianceBreakdown(user: WebUser, query: ReportQuery): Promise<Outcome<ComplianceBreakdown>>;
  complianceCsv(user: WebUser, query: ReportQuery): Promise<Outcome<string>>;
  drillDown(user: WebUser, query: ReportQuery & { rule: string; outcome: string; limit: number; offset: number }): Promise<Outcome<DrillDownJson>>;
  /** The evaluation return to show on the page (not an export: nothing is recorded). */
  evaluationReturn(user: WebUser, query: EvaluationQuery): Promise<Outcome<EvaluationReturnJson>>;
  /** The evaluation return as a file to download: an export, recorded in the audit chain. */
  evaluationExport(user: WebUser, query: EvaluationQuery, format: 'json' | 'csv'): Promise<Outcome<string>>;
  evaluationDictionary(): Promise<EvaluationDictionaryJson>;
  /** The child's voice and relationships as the caller may see them; null: not visible (404); a problem: visible, not theirs to read (403). */
  relationships(user: WebUser, id: string): Promise<Outcome<RelationshipsJson> | null>;
  relationshipsReport(user: WebUser, query: ReportQuery & { groupBy: string }): Promise<Outcome<RelationshipsReportJson>>;
  /** The inspector opens (reason) or closes (null) a review of one placement's relationships record. */
  relationshipsReview(user: WebUser, id: string, reason: string | null): Promise<Outcome<unknown>>;
  listUsers(user: WebUser): Promise<Outcome<UserJson[]>>;
  createUser(user: WebUser, input: { email: string; name: string; role: string; organisationId: string }): Promise<Outcome<{ id: string }>>;
  revokeTokens(user: WebUser, userId: string): Promise<Outcome<{ revoked: number }>>;
  setNoticeEmail(user: WebUser, organisationId: string, noticeEmail: string): Promise<Outcome<OrganisationJson>>;
  /**
   * POST /api/imports/placements with the CSV template: placements begun before SSI 2026/31, with their history. A 422
   * problem names each row and column. Optional: without it the pages offer no import.
   */
  importPlacements?(user: WebUser, csv: string, options: ImportOptionsJson): Promise<Outcome<ImportReportJson>>;
}

export interface ImportOptionsJson {
  dryRun: boolean;
  mode: 'each-row' | 'all-or-nothing';
  /** An admin imports for a named placing authority. */
  placingAuthorityId?: string;
}

/** The import report (src/services/imports.ts), as the API answers it. */
export type ImportReportJson = ImportReport;

/** The notify-a-placement answers saved after each step, before the draft exists in the API. */
export interface NotifyDraftStore {
  get(userId: string, draftId: string): Promise<Record<string, unknown> | null>;
  save(userId: string, draftId: string, answers: Record<string, unknown>): Promise<void>;
  delete(userId: string, draftId: string): Promise<void>;
}

export class MemoryNotifyDraftStore implements NotifyDraftStore {
  private readonly drafts = new Map<string, Record<string, unknown>>();
  async get(userId: string, draftId: string) {
    const d = this.drafts.get(`${userId}/${draftId}`);
    return d ? structuredClone(d) : null;
  }
  async save(userId: string, draftId: string, answers: Record<string, unknown>) {
    this.drafts.set(`${userId}/${draftId}`, structuredClone(answers));
  }
  async delete(userId: string, draftId: string) {
    this.drafts.delete(`${userId}/${draftId}`);
  }
}
