// An in-memory PageBackend driven by the real placement machine (machines/), for page tests and the
// end-to-end run until the lead wires the pages to the services. Its JSON matches the API's schemas
// (checked in pages.test.ts against PlacementSchema), its visibility follows the API's rules
// (placing: own organisation; host: its area; inspector and ministers: all; others: none), and its
// role table is the engine's. Not a stand-in for the engine's persistence: nothing here is durable.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  applyEvent,
  currentNotice,
  DraftSchema,
  startPlacement,
  UserEventSchema,
  type PersistedPlacement,
  type PlacementEvent,
} from '../../../machines/placement';
import { activeRulebook, PLACING_NATIONS, type PlacingNation } from '../../../machines/rulebook';
import { placementJson, projectToNow } from '../../../src/services/placement-view';
import { EvaluationPeriodSchema } from '../../../src/http/schemas/evaluation';
import { boundMs } from '../../../src/reports/deadline-scan';
import { buildEvaluationReturn } from '../../../src/reports/evaluation/build';
import { evaluationCsv } from '../../../src/reports/evaluation/csv';
import { recognitionRules, renotificationRules } from '../../../src/reports/evaluation/definitions';
import { evaluationDictionary } from '../../../src/reports/evaluation/dictionary';
import { factsOf, FIRST_NOTICE_RULE } from '../../../src/reports/evaluation/facts';
import { getRulebook } from '../../../machines/rulebook';
import { mayRoleSend } from '../../../src/services/access-policy';
import { buildTimeline, type TimelineAuditEntry } from '../../../src/reports/timeline';
import type {
  ComplianceBreakdown,
  ComplianceReportJson,
  Counts,
  DocumentJson,
  DrillDownJson,
  EvaluationDictionaryJson,
  EvaluationQuery,
  EvaluationReturnJson,
  OrganisationJson,
  Outcome,
  PageBackend,
  PlacementJson,
  Problem,
  QueueQuery,
  RelationshipsJson,
  RelationshipsReportJson,
  ReportQuery,
  UserJson,
} from '../../../src/web/backend';
import { attentionOrder } from '../../../src/web/presenters/queue';
import { relationshipsScope } from '../../../src/services/access-policy';
import { relationshipsJson } from '../../../src/services/relationships-view';
import { populationOf, RELATIONSHIP_COLUMNS, RELATIONSHIP_GROUPINGS, RELATIONSHIP_SUPPRESSION, relationshipCounts } from '../../../src/reports/relationships';
import { suppress, TOTAL } from '../../../src/reports/suppression';
import { LEGAL_STATUS_WORDS } from '../../../src/web/presenters/status';
import type { WebUser } from '../../../src/web/sign-in/ports';

interface Row {
  id: string;
  version: number;
  p: PersistedPlacement;
  createdAt: string;
  updatedAt: string;
  audit: TimelineAuditEntry[];
  documents: DocumentJson[];
}

const problem = (status: number, title: string, detail?: string, errors?: Problem['errors']): { ok: false; problem: Problem } => ({
  ok: false,
  problem: { status, title, ...(detail ? { detail } : {}), ...(errors ? { errors } : {}) },
});

const zodPaths = (issues: { path: PropertyKey[]; message: string }[], prefix = '') =>
  issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message }));

export function loadOrganisations(): OrganisationJson[] {
  const file = path.join(__dirname, '../../../src/store/reference-data/organisations.csv');
  const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as { id: string; name: string; kind: string; nation: string }[];
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, nation: r.nation, noticeEmail: `notices@${r.id.toLowerCase()}.cbp.invalid` }));
}

// A tiny valid PDF, so the document link opens something.
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export class DemoBackend implements PageBackend {
  readonly rows = new Map<string, Row>();
  readonly orgs: OrganisationJson[] = loadOrganisations();
  readonly users: UserJson[] = [];

  constructor(private readonly clock: () => Date) {}

  private now() {
    return this.clock().toISOString();
  }

  private sees(user: WebUser, r: Row): boolean {
    const ctx = r.p.context;
    if (user.role === 'inspector' || user.role === 'ministers') return true;
    if (user.role === 'placing') return ctx.placingAuthorityId === user.organisationId;
    if (user.role === 'host')
      return ctx.placement.hostAuthorityId === user.organisationId || ctx.moves.some((m) => m.from.hostAuthorityId === user.organisationId);
    if (user.role === 'advocacy') return ctx.advocacy.providerId === user.organisationId;
    if (user.role === 'service-provider') return ctx.placement.serviceProviderId === user.organisationId;
    return false;
  }

  private acts(user: WebUser, r: Row): boolean {
    const ctx = r.p.context;
    if (user.role === 'host') return ctx.placement.hostAuthorityId === user.organisationId;
    return this.sees(user, r);
  }

  /** The placement as the API answers it: the services' own representation. */
  json(r: Row, user: WebUser): PlacementJson {
    return placementJson(
      { id: r.id, version: r.version, createdAt: new Date(r.createdAt), updatedAt: new Date(r.updatedAt) },
      r.p,
      user.role,
      this.acts(user, r) ? 'act' : 'read',
    );
  }

  async listPlacements(user: WebUser, q: QueueQuery) {
    const now = this.now();
    let items = [...this.rows.values()].filter((r) => this.sees(user, r)).map((r) => this.json(r, user));
    if (q.legalStatus?.length) items = items.filter((p) => q.legalStatus!.includes(p.legalStatus.code));
    const next = (p: PlacementJson) => Math.min(...p.deadlines.filter((d) => d.status === 'open').map((d) => Date.parse(d.dueAt)), Infinity);
    const urgency = (p: PlacementJson) => LEGAL_STATUS_WORDS[p.legalStatus.code as keyof typeof LEGAL_STATUS_WORDS]?.urgency ?? 9;
    const cmp: Record<QueueQuery['sort'], (a: PlacementJson, b: PlacementJson) => number> = {
      attention: (a, b) => attentionOrder(a, b, now),
      due: (a, b) => next(a) - next(b),
      status: (a, b) => urgency(a) - urgency(b),
      reference: (a, b) => a.reference.localeCompare(b.reference),
      updated: (a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt),
    };
    items.sort(cmp[q.sort]);
    if (q.direction === 'desc') items.reverse();
    return { items: items.slice(q.offset, q.offset + q.limit), total: items.length };
  }

  async getPlacement(user: WebUser, id: string) {
    const r = this.rows.get(id);
    return r && this.sees(user, r) ? this.json(r, user) : null;
  }

  async timeline(user: WebUser, id: string) {
    const r = this.rows.get(id);
    if (!r || !this.sees(user, r)) return null;
    return buildTimeline(activeRulebook, r.p.context, r.audit);
  }

  async documents(user: WebUser, id: string) {
    const r = this.rows.get(id);
    return r && this.sees(user, r) ? r.documents : null;
  }

  async documentPdf(user: WebUser, documentId: string) {
    for (const r of this.rows.values()) {
      const d = r.documents.find((x) => x.id === documentId);
      if (d) return this.sees(user, r) ? { bytes: PDF, filename: `notice-v${d.version}.pdf` } : null;
    }
    return null;
  }

  /** Creates a draft as `user` at `at` (seeding uses past times). */
  create(user: WebUser, draft: unknown, at = this.now()): Outcome<PlacementJson> {
    if (user.role !== 'placing') return problem(403, 'Forbidden', 'Only a placing authority notifies a placement.');
    const parsed = DraftSchema.safeParse(draft);
    if (!parsed.success) return problem(422, 'Unprocessable Content', 'The request has invalid fields; see errors.', zodPaths(parsed.error.issues));
    const nation = this.orgs.find((o) => o.id === user.organisationId)?.nation as PlacingNation;
    const id = randomUUID();
    const started = startPlacement({
      ...parsed.data,
      placementId: id,
      rulebookId: activeRulebook.id,
      placingAuthorityId: user.organisationId,
      placingNation: PLACING_NATIONS.includes(nation) ? nation : 'england',
      createdAt: at,
    });
    if (!started.ok) return problem(422, 'Unprocessable Content', 'The draft breaks a rule; see errors.', started.errors);
    const row: Row = { id, version: 1, p: started.placement, createdAt: at, updatedAt: at, audit: [], documents: [] };
    this.rows.set(id, row);
    return { ok: true, value: this.json(row, user) };
  }

  async createDraft(user: WebUser, draft: unknown) {
    return this.create(user, draft);
  }

  /** Applies an event as `user`; `at` may be set by seeding. Signing also delivers the notice at once. */
  send(user: WebUser, id: string, event: { type: string; at?: string } & Record<string, unknown>, ifMatch?: number): Outcome<PlacementJson> {
    const r = this.rows.get(id);
    if (!r || !this.sees(user, r)) return problem(404, 'Not Found', `No placement ${id}.`);
    const parsed = UserEventSchema.safeParse(event);
    if (!parsed.success) return problem(422, 'Unprocessable Content', 'The event has invalid fields; see errors.', zodPaths(parsed.error.issues));
    if (!mayRoleSend(user.role, parsed.data.type) || !this.acts(user, r))
      return problem(403, 'Forbidden', `A ${user.role} user may not send ${parsed.data.type}.`);
    if (ifMatch !== undefined && ifMatch !== r.version) return problem(409, 'Conflict', `The placement is at version ${r.version}, not ${ifMatch}.`);
    const now = this.now();
    const at = parsed.data.at ?? now;
    if (Date.parse(at) > Date.parse(now) + 1000)
      return problem(422, 'Unprocessable Content', 'The event is in the future.', [{ path: 'at', message: 'must not be in the future' }]);
    const result = applyEvent(r.p, { ...parsed.data, at } as PlacementEvent);
    if (!result.ok)
      return result.reason === 'not-allowed'
        ? problem(409, 'Conflict', result.message)
        : problem(422, 'Unprocessable Content', 'The event breaks a rule.', result.errors);
    r.p = result.placement;
    r.version++;
    r.updatedAt = at;
    r.audit.push({ type: parsed.data.type, at, payload: { ...parsed.data } });
    if (parsed.data.type === 'NOTICE_SIGNED' || parsed.data.type === 'NOTICE_UPDATED') this.deliver(r, at);
    return { ok: true, value: this.json(r, user) };
  }

  async sendEvent(user: WebUser, id: string, event: { type: string; at?: string } & Record<string, unknown>, ifMatch?: number) {
    return this.send(user, id, event, ifMatch);
  }

  /** The dispatcher's part: a document per version, every recipient's server accepts a minute later (or now, if sooner: never in the future). */
  private deliver(r: Row, at: string) {
    const notice = currentNotice(r.p.context);
    if (!notice) return;
    const sentAt = new Date(Math.min(Date.parse(at) + 60_000, this.clock().getTime())).toISOString();
    r.documents.push({
      id: randomUUID(),
      kind: 'notice-and-undertaking',
      version: notice.version,
      title: 'Notice and Undertaking',
      sha256: randomUUID().replace(/-/g, '').repeat(2),
      createdAt: at,
      href: '',
      deliveries: notice.recipients.map((x) => ({
        organisationId: x.role === 'host-authority' ? r.p.context.placement.hostAuthorityId : null,
        recipientRole: x.role,
        address: `notices@${x.role}.cbp.invalid`,
        status: 'sent' as const,
        attempts: 1,
        sentAt,
        messageId: `<${randomUUID()}@demo>`,
        lastError: null,
        nextAttemptAt: null,
      })),
    });
    for (const x of notice.recipients.filter((y) => y.required)) {
      const res = applyEvent(r.p, { type: 'DELIVERY_ACCEPTED', version: notice.version, recipient: x.role, at: sentAt } as PlacementEvent);
      if (res.ok) r.p = res.placement;
    }
    r.version++;
  }

  async organisations(filter?: { kind?: string }) {
    return filter?.kind ? this.orgs.filter((o) => o.kind === filter.kind) : this.orgs;
  }

  private outcomes(q: ReportQuery) {
    const nowMs = this.clock().getTime();
    const out: {
      rule: string;
      placingAuthorityId: string;
      dueAt: string;
      metAt: string | null;
      outcome: 'met' | 'late' | 'missed' | 'open';
      placementId: string;
      deadlineId: string;
    }[] = [];
    for (const r of this.rows.values()) {
      const ctx = r.p.context;
      if (q.placingAuthorityId && ctx.placingAuthorityId !== q.placingAuthorityId) continue;
      if (q.hostAuthorityId && ctx.placement.hostAuthorityId !== q.hostAuthorityId) continue;
      if (q.setting && ctx.setting !== q.setting) continue;
      for (const d of ctx.deadlines) {
        if (d.status === 'cancelled') continue;
        if (q.from && d.dueAt < q.from) continue;
        if (q.to && d.dueAt >= q.to) continue;
        const outcome = d.status === 'met' ? 'met' : d.status === 'missed' ? (d.metAt ? 'late' : 'missed') : Date.parse(d.dueAt) < nowMs ? 'missed' : 'open';
        out.push({ rule: d.rule, placingAuthorityId: ctx.placingAuthorityId, dueAt: d.dueAt, metAt: d.metAt, outcome, placementId: r.id, deadlineId: d.id });
      }
    }
    return out;
  }

  private static tally(rows: { outcome: string }[]): Counts {
    const c = { due: rows.length, metOnTime: 0, late: 0, missed: 0, open: 0 };
    for (const r of rows) c[r.outcome === 'met' ? 'metOnTime' : (r.outcome as 'late' | 'missed' | 'open')]++;
    return c;
  }

  private reviewer(user: WebUser) {
    return user.role === 'inspector' || user.role === 'ministers';
  }

  async relationships(user: WebUser, id: string): Promise<Outcome<RelationshipsJson> | null> {
    const r = this.rows.get(id);
    if (!r || !this.sees(user, r)) return null;
    const scope = relationshipsScope(user.role, this.acts(user, r) ? 'act' : 'read');
    if (scope === 'none') return problem(403, 'Forbidden');
    return { ok: true, value: { version: r.version, ...relationshipsJson(r.id, r.p.context, scope, this.clock(), null) } };
  }

  async relationshipsReport(user: WebUser, q: ReportQuery & { groupBy: string }): Promise<Outcome<RelationshipsReportJson>> {
    if (!this.reviewer(user)) return problem(403, 'Forbidden');
    const by = RELATIONSHIP_GROUPINGS.find((g) => g === q.groupBy) ?? 'all';
    const nowMs = this.clock().getTime();
    const counts = relationshipCounts(
      [...this.rows.values()].map((r) => populationOf(r.p)),
      by,
      { fromMs: null, toMs: nowMs },
      nowMs,
    );
    const rows = suppress([...counts.groups.map((g) => ({ key: g.key, cells: g.counts })), { key: TOTAL, cells: counts.total }], 5, RELATIONSHIP_SUPPRESSION);
    return {
      ok: true,
      value: {
        groupBy: by,
        suppression: { threshold: 5, rule: 'P.small-cell-threshold' },
        columns: RELATIONSHIP_COLUMNS,
        groups: rows.filter((x) => x.key !== TOTAL).map((x) => ({ key: x.key, counts: x.cells })),
        total: rows.find((x) => x.key === TOTAL)?.cells ?? null,
      },
    };
  }

  async evaluationReturn(user: WebUser, q: EvaluationQuery): Promise<Outcome<EvaluationReturnJson>> {
    if (!this.reviewer(user)) return problem(403, 'Forbidden');
    const parsed = EvaluationPeriodSchema.safeParse(q);
    if (!parsed.success) return problem(422, 'Validation failed', undefined, zodPaths(parsed.error.issues));
    const { from, to } = parsed.data;
    const now = this.clock();
    const period = { fromMs: boundMs(from), toMs: boundMs(to), nowMs: now.getTime() };
    const rules = new Set([FIRST_NOTICE_RULE, ...renotificationRules(), ...recognitionRules()]);
    const orgs = loadOrganisations();
    return {
      ok: true,
      value: buildEvaluationReturn({
        facts: [...this.rows.values()].map((r) => {
          const p = projectToNow(r.p, now);
          return factsOf(getRulebook(p.rulebookId), p.context, period, rules);
        }),
        organisations: { names: new Map(orgs.map((o) => [o.id, o.name])), hostCouncils: orgs.filter((o) => o.kind === 'host-authority').map((o) => o.id) },
        threshold: 5,
        period: { from, to, lastDay: to },
        generatedAt: now.toISOString(),
        rulebook: activeRulebook.id,
      }),
    };
  }

  async evaluationExport(user: WebUser, q: EvaluationQuery, format: 'json' | 'csv'): Promise<Outcome<string>> {
    const r = await this.evaluationReturn(user, q);
    return r.ok ? { ok: true, value: format === 'csv' ? evaluationCsv(r.value) : JSON.stringify(r.value) } : r;
  }

  async evaluationDictionary(): Promise<EvaluationDictionaryJson> {
    return evaluationDictionary(5);
  }

  async relationshipsReview(): Promise<Outcome<unknown>> {
    return problem(403, 'Forbidden', 'The demo keeps no reviews.');
  }

  async complianceReport(user: WebUser, q: ReportQuery): Promise<Outcome<ComplianceReportJson>> {
    if (!this.reviewer(user)) return problem(403, 'Forbidden');
    const rows = this.outcomes(q);
    const rules = [...Object.keys(activeRulebook.clocks), ...Object.keys(activeRulebook.visits)];
    const rate = (n: number, due: number) => (due === 0 ? null : n / due);
    const params = new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]);
    return {
      ok: true,
      value: {
        generatedAt: this.now(),
        rulebook: activeRulebook.id,
        period: { from: q.from ?? null, to: q.to ?? null },
        filters: {},
        rules: rules.map((rule) => {
          const c = DemoBackend.tally(rows.filter((x) => x.rule === rule));
          const def = activeRulebook.clocks[rule] ?? activeRulebook.visits[rule];
          const link = (o: string) =>
            `/api/reports/compliance/placements?${new URLSearchParams({ rule, outcome: o, ...Object.fromEntries(params) }).toString()}`;
          return {
            rule,
            title: def.title,
            citation: def.citation,
            ...c,
            rates: { metOnTime: rate(c.metOnTime, c.due), late: rate(c.late, c.due), missed: rate(c.missed, c.due), open: rate(c.open, c.due) },
            medianHoursEarly: null,
            medianHoursLate: null,
            drillDown: { met: link('met'), late: link('late'), missed: link('missed'), open: link('open') },
          };
        }),
        totals: DemoBackend.tally(rows),
      },
    };
  }

  async complianceBreakdown(user: WebUser, q: ReportQuery): Promise<Outcome<ComplianceBreakdown>> {
    if (!this.reviewer(user)) return problem(403, 'Forbidden');
    const rows = this.outcomes(q);
    const authorities = [...new Set(rows.map((r) => r.placingAuthorityId))].sort();
    const months = [...new Set(rows.map((r) => r.dueAt.slice(0, 7)))].sort();
    return {
      ok: true,
      value: {
        byPlacingAuthority: authorities.map((a) => ({ organisationId: a, totals: DemoBackend.tally(rows.filter((r) => r.placingAuthorityId === a)) })),
        byMonth: months.map((m) => ({ month: m, totals: DemoBackend.tally(rows.filter((r) => r.dueAt.startsWith(m))) })),
      },
    };
  }

  async complianceCsv(user: WebUser, q: ReportQuery): Promise<Outcome<string>> {
    const report = await this.complianceReport(user, q);
    if (!report.ok) return report;
    const lines = [
      'rule,title,due,metOnTime,late,missed,open',
      ...report.value.rules.map((r) => [r.rule, `"${r.title.replace(/"/g, '""')}"`, r.due, r.metOnTime, r.late, r.missed, r.open].join(',')),
    ];
    return { ok: true, value: `${lines.join('\r\n')}\r\n` };
  }

  async drillDown(user: WebUser, q: ReportQuery & { rule: string; outcome: string; limit: number; offset: number }): Promise<Outcome<DrillDownJson>> {
    if (!this.reviewer(user)) return problem(403, 'Forbidden');
    if (!['met', 'late', 'missed', 'open'].includes(q.outcome))
      return problem(422, 'Unprocessable Content', undefined, [{ path: 'outcome', message: 'unknown outcome' }]);
    const rows = this.outcomes(q).filter((r) => r.rule === q.rule && r.outcome === q.outcome);
    return {
      ok: true,
      value: {
        rule: q.rule,
        outcome: q.outcome as DrillDownJson['outcome'],
        total: rows.length,
        limit: q.limit,
        offset: q.offset,
        items: rows.slice(q.offset, q.offset + q.limit).map((r) => ({
          placementId: r.placementId,
          reference: `CBP-${r.placementId.replace(/-/g, '').slice(0, 8).toUpperCase()}`,
          deadlineId: r.deadlineId,
          dueAt: r.dueAt,
          metAt: r.metAt,
        })),
      },
    };
  }

  async listUsers(user: WebUser): Promise<Outcome<UserJson[]>> {
    return user.role === 'admin' ? { ok: true, value: this.users } : problem(403, 'Forbidden');
  }

  async createUser(user: WebUser, input: { email: string; name: string; role: string; organisationId: string }): Promise<Outcome<{ id: string }>> {
    if (user.role !== 'admin') return problem(403, 'Forbidden');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email))
      return problem(422, 'Unprocessable Content', undefined, [{ path: 'email', message: 'must be an email address' }]);
    if (this.users.some((u) => u.email.toLowerCase() === input.email.toLowerCase()))
      return problem(409, 'Conflict', undefined, [{ path: 'email', message: 'is already used by another user' }]);
    const id = randomUUID();
    this.users.push({ id, ...input, activeTokens: 0, createdAt: this.now() });
    return { ok: true, value: { id } };
  }

  async revokeTokens(user: WebUser, userId: string): Promise<Outcome<{ revoked: number }>> {
    if (user.role !== 'admin') return problem(403, 'Forbidden');
    const u = this.users.find((x) => x.id === userId);
    if (!u) return problem(404, 'Not Found');
    const revoked = u.activeTokens;
    u.activeTokens = 0;
    return { ok: true, value: { revoked } };
  }

  async setNoticeEmail(user: WebUser, organisationId: string, noticeEmail: string): Promise<Outcome<OrganisationJson>> {
    if (user.role !== 'admin') return problem(403, 'Forbidden');
    const o = this.orgs.find((x) => x.id === organisationId);
    if (!o) return problem(404, 'Not Found');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(noticeEmail))
      return problem(422, 'Unprocessable Content', undefined, [{ path: 'noticeEmail', message: 'must be an email address' }]);
    o.noticeEmail = noticeEmail;
    return { ok: true, value: o };
  }
}
