// The counts of the child's voice and relationships that carry no identity: per group of placements,
// children separated from siblings, family time held against planned, and children whose views were
// recorded at their last review. Pure over the placements' contexts; the service loads the population and
// applies suppression (suppression.ts). Counts are of the records as they stand when the report is made
// (a sibling placed apart now counts as apart), over the children placed in Scotland at some time in the period.
import { lastReview } from '../../machines/placement/relationships';
import type { FamilyTimeArrangement, PlacementContext } from '../../machines/placement/types';
import type { SuppressionSpec } from './suppression';

export const RELATIONSHIP_GROUPINGS = ['all', 'placingNation', 'placingAuthority', 'hostAuthority', 'setting'] as const;
export type RelationshipGrouping = (typeof RELATIONSHIP_GROUPINGS)[number];

export const RELATIONSHIP_COLUMNS = [
  'children',
  'childrenWithSiblings',
  'childrenSeparatedFromSiblings',
  'childrenWithFamilyTime',
  'familyTimePlanned',
  'familyTimeHeld',
  'familyTimeMissed',
  'childrenReviewed',
  'childrenViewsAtLastReview',
] as const;
export type RelationshipColumn = (typeof RELATIONSHIP_COLUMNS)[number];
export type RelationshipCounts = Record<RelationshipColumn, number>;

/** How the counts are suppressed: children counts are cells; sessions go with the children they are about. */
export const RELATIONSHIP_SUPPRESSION: SuppressionSpec<RelationshipColumn> = {
  counts: ['children', 'childrenWithSiblings', 'childrenSeparatedFromSiblings', 'childrenWithFamilyTime', 'childrenReviewed', 'childrenViewsAtLastReview'],
  parts: [
    ['childrenWithSiblings', 'children'],
    ['childrenSeparatedFromSiblings', 'childrenWithSiblings'],
    ['childrenWithFamilyTime', 'children'],
    ['childrenReviewed', 'children'],
    ['childrenViewsAtLastReview', 'childrenReviewed'],
  ],
  dependsOn: { familyTimePlanned: 'childrenWithFamilyTime', familyTimeHeld: 'childrenWithFamilyTime', familyTimeMissed: 'childrenWithFamilyTime' },
};

export interface PopulationMember {
  placementId: string;
  context: PlacementContext;
}

export interface Period {
  /** Epoch ms, inclusive; null: from the beginning. */
  fromMs: number | null;
  /** Epoch ms, exclusive: the end of the period (or now). */
  toMs: number;
}

const DAYS_PER: Record<FamilyTimeArrangement['frequency']['per'], number> = { week: 7, fortnight: 14, month: 365.25 / 12, quarter: 365.25 / 4, year: 365.25 };
const DAY_MS = 86_400_000;

/** Family time sessions an arrangement planned within [fromMs, toMs): its frequency over the days it ran then. */
export function plannedSessions(a: Pick<FamilyTimeArrangement, 'arrangedAt' | 'endedAt' | 'frequency'>, fromMs: number | null, toMs: number): number {
  const start = Math.max(Date.parse(a.arrangedAt), fromMs ?? -Infinity);
  const end = Math.min(a.endedAt ? Date.parse(a.endedAt) : Infinity, toMs);
  if (!(end > start)) return 0;
  return Math.floor(((end - start) / DAY_MS / DAYS_PER[a.frequency.per]) * a.frequency.times);
}

const within = (at: string, p: Period) => {
  const t = Date.parse(at);
  return (p.fromMs === null || t >= p.fromMs) && t < p.toMs;
};

/** Placed in Scotland at some time in the period: arrived before its end, not ended before its start. */
export function inPeriod(ctx: PlacementContext, p: Period): boolean {
  if (!ctx.arrivedAt || Date.parse(ctx.arrivedAt) >= p.toMs) return false;
  const endedAt = ctx.end?.at ?? ctx.supersededBy?.at ?? ctx.transfer.effectiveAt;
  return !(endedAt && p.fromMs !== null && Date.parse(endedAt) < p.fromMs);
}

/** One child's contribution to each count. */
export function countsOf(ctx: PlacementContext, p: Period): RelationshipCounts {
  const rel = ctx.relationships;
  const arrangements = rel.arrangements.filter(
    (a) => plannedSessions(a, p.fromMs, p.toMs) > 0 || rel.sessions.some((s) => s.arrangementId === a.id && within(s.at, p)),
  );
  const sessions = rel.sessions.filter((s) => within(s.at, p));
  const review = lastReviewBy(ctx, p.toMs);
  return {
    children: 1,
    childrenWithSiblings: rel.siblings.length > 0 ? 1 : 0,
    childrenSeparatedFromSiblings: rel.siblings.some((s) => s.livesWhere !== 'same-placement') ? 1 : 0,
    childrenWithFamilyTime: arrangements.length > 0 ? 1 : 0,
    familyTimePlanned: arrangements.reduce((n, a) => n + plannedSessions(a, p.fromMs, p.toMs), 0),
    familyTimeHeld: sessions.filter((s) => s.held).length,
    familyTimeMissed: sessions.filter((s) => !s.held).length,
    childrenReviewed: review ? 1 : 0,
    childrenViewsAtLastReview: review?.viewsRecorded ? 1 : 0,
  };
}

/** The last review held before the end of the period, and whether views were recorded at it. */
function lastReviewBy(ctx: PlacementContext, toMs: number) {
  const rel = ctx.relationships;
  const before = { ...rel, occasions: rel.occasions.filter((o) => Date.parse(o.at) < toMs) };
  return lastReview(before);
}

const ZERO = (): RelationshipCounts => Object.fromEntries(RELATIONSHIP_COLUMNS.map((c) => [c, 0])) as RelationshipCounts;

const add = (a: RelationshipCounts, b: RelationshipCounts): RelationshipCounts =>
  Object.fromEntries(RELATIONSHIP_COLUMNS.map((c) => [c, a[c] + b[c]])) as RelationshipCounts;

/** The group a placement falls in. */
export function groupOf(ctx: PlacementContext, by: RelationshipGrouping): string {
  switch (by) {
    case 'all':
      return 'all';
    case 'placingNation':
      return ctx.placingNation;
    case 'placingAuthority':
      return ctx.placingAuthorityId;
    case 'hostAuthority':
      return ctx.placement.hostAuthorityId;
    case 'setting':
      return ctx.setting;
  }
}

/** The counts per group (sorted by key) and in total, over the placements in the period. */
export function relationshipCounts(population: Iterable<PopulationMember>, by: RelationshipGrouping, period: Period) {
  const groups = new Map<string, RelationshipCounts>();
  let total = ZERO();
  for (const { context } of population) {
    if (!inPeriod(context, period)) continue;
    const c = countsOf(context, period);
    const key = groupOf(context, by);
    groups.set(key, add(groups.get(key) ?? ZERO(), c));
    total = add(total, c);
  }
  return { groups: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, counts]) => ({ key, counts })), total };
}
