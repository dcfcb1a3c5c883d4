// The child's voice and relationships: read them as the caller may (each read logged like a read of the
// child's identity), record them (as placement events, through the placements service), the Care
// Inspectorate's review of one placement (opened with a reason and closed, each an audit entry; the audit
// chain is the record of which reviews are open), and the counts that carry no identity.
import { addToInstant } from '../../machines/calendar';
import type { UserEventInput } from '../../machines/placement';
import { activeRulebook, parameter } from '../../machines/rulebook';
import { forbidden, invalid, conflict } from '../errors';
import { boundMs, type ReportFilters } from '../reports/deadline-scan';
import { passes, RELATIONSHIP_COLUMNS, RELATIONSHIP_SUPPRESSION, relationshipCounts, type RelationshipGrouping } from '../reports/relationships';
import { suppress, TOTAL } from '../reports/suppression';
import { AuditEvent } from '../store/entities';
import type { Orm } from '../store/orm';
import type { Writer } from '../store/writer';
import type { AccessService } from './access';
import { INSPECTION_REVIEW_DAYS, relationshipsScope, type RelationshipsScope } from './access-policy';
import { actorOf, type AuthUser, type Clock } from './actor';
import { AUDIT_PERSONAL_PATHS } from './personal-data';
import type { PlacementsService } from './placements';
import { PopulationCache } from './population-cache';
import { relationshipsJson, type ReviewJson } from './relationships-view';

export const REVIEW_OPENED = 'RELATIONSHIPS_REVIEW_OPENED';
export const REVIEW_CLOSED = 'RELATIONSHIPS_REVIEW_CLOSED';

const NOT_YOURS =
  "The child's views, siblings and family time are shown to the placing authority, the host authority and the care service; " +
  'what advocacy changed also to the advocacy provider acting for the child.';

export class RelationshipsService {
  /** The counts' population, read again only where the database holds a newer version. */
  private readonly population: PopulationCache;

  constructor(
    private readonly orm: Orm,
    private readonly writer: Pick<Writer, 'run'>,
    private readonly clock: Clock,
    private readonly access: AccessService,
    private readonly placements: PlacementsService,
  ) {
    this.population = new PopulationCache(orm);
  }

  /** The review this inspector has open of the placement, or null (closed, or past its time). */
  async openReview(placementId: string, userId: string): Promise<ReviewJson | null> {
    const [last] = await this.orm.em
      .fork()
      .find(AuditEvent, { placementId, actorUserId: userId, type: { $in: [REVIEW_OPENED, REVIEW_CLOSED] } }, { orderBy: { seq: 'desc' }, limit: 1 });
    if (!last || last.type !== REVIEW_OPENED) return null;
    const closesAt = typeof last.payload.closesAt === 'string' ? last.payload.closesAt : null;
    if (!closesAt || Date.parse(closesAt) <= this.clock().getTime()) return null;
    return { openedAt: last.at.toISOString(), closesAt, openedBy: last.actorUserId ?? null };
  }

  /** What of the child's voice and relationships `user` may see on this placement (404 if not the placement). */
  async scopeOf(user: AuthUser, placementId: string) {
    const { record, mode } = await this.access.visible(actorOf(user), placementId);
    const review = user.role === 'inspector' ? await this.openReview(placementId, user.id) : null;
    return { record, mode, review, scope: relationshipsScope(user.role, mode, review !== null) };
  }

  /** The scope for reading the placement's audit log or export: the same rule, from a visible placement. */
  async scopeFor(user: Pick<AuthUser, 'id' | 'role'>, placementId: string, mode: 'act' | 'read' | null): Promise<RelationshipsScope> {
    const review = user.role === 'inspector' ? await this.openReview(placementId, user.id) : null;
    return relationshipsScope(user.role, mode, review !== null);
  }

  /** The child's voice and relationships as `user` may see them; the read is logged. */
  async read(user: AuthUser, placementId: string, via = 'GET /api/placements/{id}/relationships') {
    const { record, review, scope } = await this.scopeOf(user, placementId);
    if (scope === 'none')
      throw forbidden(
        user.role === 'inspector'
          ? 'Open a review of this placement (POST /api/placements/{id}/relationship-reviews, with a reason) to read its record; the counts are in GET /api/reports/relationships.'
          : NOT_YOURS,
      );
    const ctx = this.placements.current(record).context;
    await this.access.logRelationshipsRead(user, [placementId], via);
    return { version: record.version, ...relationshipsJson(placementId, ctx, scope, this.clock(), review) };
  }

  /** Records one of them (a placement event, checked and audited as any other) and answers the record as the caller sees it. */
  async record(user: AuthUser, placementId: string, event: UserEventInput, options: { ifMatch?: number; via: string }) {
    await this.placements.send(user, placementId, event, options);
    return this.read(user, placementId, options.via);
  }

  /** An inspector opens a review of one placement, with a reason: until closed (or INSPECTION_REVIEW_DAYS), its record is readable. */
  async openReviewOf(user: AuthUser, placementId: string, reason: string): Promise<ReviewJson> {
    const actor = actorOf(user);
    await this.access.visible(actor, placementId);
    if (user.role !== 'inspector') throw forbidden('Only the Care Inspectorate opens a review of a placement.');
    if (!reason.trim()) throw invalid('Give the reason for the review.', [{ path: 'reason', message: 'required' }]);
    const now = this.clock();
    const closesAt = addToInstant(now.toISOString(), { days: INSPECTION_REVIEW_DAYS });
    await this.writer.run(async (tx) =>
      tx.audit({
        placementId,
        type: REVIEW_OPENED,
        at: now,
        recordedAt: now,
        actorUserId: actor.userId,
        actorRole: actor.role,
        actorOrganisationId: actor.organisationId,
        payload: { reason, closesAt },
        personal: AUDIT_PERSONAL_PATHS[REVIEW_OPENED],
      }),
    );
    return { openedAt: now.toISOString(), closesAt, openedBy: user.id };
  }

  /** The inspector closes the review: from then on, counts only. */
  async closeReviewOf(user: AuthUser, placementId: string): Promise<void> {
    const actor = actorOf(user);
    await this.access.visible(actor, placementId);
    if (user.role !== 'inspector') throw forbidden('Only the Care Inspectorate closes its review of a placement.');
    if (!(await this.openReview(placementId, user.id))) throw conflict('You have no open review of this placement.');
    const now = this.clock();
    await this.writer.run(async (tx) =>
      tx.audit({
        placementId,
        type: REVIEW_CLOSED,
        at: now,
        recordedAt: now,
        actorUserId: actor.userId,
        actorRole: actor.role,
        actorOrganisationId: actor.organisationId,
        payload: {},
      }),
    );
  }

  /** The counts that carry no identity, per group, suppressed below P.small-cell-threshold. */
  async report(filters: ReportFilters, groupBy: RelationshipGrouping) {
    const now = this.clock();
    const period = { fromMs: filters.from ? boundMs(filters.from) : null, toMs: filters.to ? Math.min(boundMs(filters.to), now.getTime()) : now.getTime() };
    const population = (await this.population.read()).filter((f) => passes(f, filters));
    const counts = relationshipCounts(population, groupBy, period, now.getTime());
    const threshold = parameter<number>(activeRulebook, 'P.small-cell-threshold');
    const rows = suppress(
      [...counts.groups.map((g) => ({ key: g.key, cells: g.counts })), { key: TOTAL, cells: counts.total }],
      threshold,
      RELATIONSHIP_SUPPRESSION,
    );
    const total = rows.find((r) => r.key === TOTAL)?.cells;
    return {
      generatedAt: now.toISOString(),
      period: { from: filters.from ?? null, to: filters.to ?? null },
      filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
      groupBy,
      suppression: { threshold, rule: 'P.small-cell-threshold', marker: null },
      columns: RELATIONSHIP_COLUMNS,
      groups: rows.filter((r) => r.key !== TOTAL).map((r) => ({ key: r.key, counts: r.cells })),
      total: total ?? null,
    };
  }
}
