// How a stored placement is read: summary columns for filtering, the answer projected to now, and the
// API representation for one caller.
import {
  elapseDue,
  currentNotice,
  outstandingRecipients,
  placementReference,
  viewOf,
  type PersistedPlacement,
  type LegalStatusCode,
  type PlacementView,
} from '../../machines/placement';
import type { PlacementRecord, PlacementSummary } from '../store/placement-store';
import type { AccessMode, Role } from '../vocabulary';
import { lastReview } from '../../machines/placement/relationships';
import { populationOf } from '../reports/relationships';
import { mayRoleSend, relationshipsScope, SEES_CHILD_IDENTITY } from './access-policy';

/** The columns kept beside the snapshot so lists can filter in SQL. */
export function summarise(p: PersistedPlacement, view: PlacementView = viewOf(p)): PlacementSummary {
  return {
    placingAuthorityId: p.context.placingAuthorityId,
    hostAuthorityId: p.context.placement.hostAuthorityId,
    setting: p.context.setting,
    legalBasisType: p.context.legalBasis.type,
    state: view.lifecycle,
    legalStatus: view.legalStatus.code,
    nextDueAt: nextOpenDue(p),
    population: populationOf(p),
  };
}

/** The earliest open deadline's due time. */
function nextOpenDue(p: PersistedPlacement): Date | null {
  let min = Infinity;
  for (const d of p.context.deadlines) if (d.status === 'open') min = Math.min(min, Date.parse(d.dueAt));
  return Number.isFinite(min) ? new Date(min) : null;
}

/** Legal statuses from the one that needs attention soonest (a work queue's "attention" order). */
export const LEGAL_STATUS_URGENCY: readonly LegalStatusCode[] = ['unrecognised', 'at-risk', 'pending', 'recognised', 'superseded', 'transferred', 'ended'];

/**
 * The snapshot as it stands at `now`: clocks already due are elapsed in memory, so the answer to
 * "does the order have effect right now" never waits for the next sweep. Nothing is written.
 */
export const projectToNow = (p: PersistedPlacement, now: Date): PersistedPlacement => elapseDue(p, now.toISOString());

/** The placement for one caller; `mode` read means history only, so no events are offered. */
export function placementJson(
  row: Pick<PlacementRecord, 'id' | 'version' | 'createdAt' | 'updatedAt'>,
  projected: PersistedPlacement,
  role: Role,
  mode: AccessMode | null,
) {
  const view: PlacementView = viewOf(projected);
  const ctx = view.context;
  const notice = currentNotice(ctx);
  return {
    id: row.id,
    reference: placementReference(row.id),
    version: row.version,
    placingAuthorityId: ctx.placingAuthorityId,
    hostAuthorityId: ctx.placement.hostAuthorityId,
    setting: ctx.setting,
    legalBasis: ctx.legalBasis,
    state: view.lifecycle,
    regions: typeof view.value === 'string' ? {} : view.value.active,
    legalStatus: view.legalStatus,
    deadlines: ctx.deadlines.map((d) => ({
      id: d.id,
      rule: d.rule,
      citation: d.citation,
      dueAt: d.dueAt,
      status: d.status,
      metAt: d.metAt,
      ...(d.note ? { note: d.note } : {}),
      ...(d.subject ? { subject: d.subject } : {}),
      ...(d.alternativeDueAt ? { alternativeDueAt: d.alternativeDueAt, alternativeRule: d.alternativeRule } : {}),
    })),
    allowedEvents: mode === 'act' ? view.allowedEvents.filter((t) => mayRoleSend(role, t)) : [],
    rulebook: view.rulebookId,
    child: SEES_CHILD_IDENTITY.includes(role) ? ctx.child : { gender: ctx.child.gender },
    placement: ctx.placement,
    proposedMove: ctx.proposedMove,
    arrivedAt: ctx.arrivedAt,
    service: {
      evidence: ctx.service.evidence,
      // The service the child is at (or moving to) confirmed it holds evidence of the order now in force.
      evidenceForCurrentOrder: ctx.service.evidence.some(
        (e) =>
          e.legalBasis.type === ctx.legalBasis.type &&
          e.legalBasis.madeOn === ctx.legalBasis.madeOn &&
          e.serviceName === (ctx.proposedMove?.placement ?? ctx.placement).serviceName,
      ),
      stays: ctx.service.stays,
    },
    transitional: ctx.transitional,
    notice: notice
      ? {
          version: notice.version,
          reasons: notice.reasons,
          signedAt: notice.signedAt,
          givenAt: notice.givenAt,
          outstandingRecipients: outstandingRecipients(notice).map((r) => ({ role: r.role, status: r.status, detail: r.detail ?? null })),
        }
      : null,
    // For those who care for the child: whether the child's views were recorded at the last review (the work queue flags it).
    ...(relationshipsScope(role, mode) === 'all' ? { voice: { lastReview: lastReview(ctx.relationships) } } : {}),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
