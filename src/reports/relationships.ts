// The counts of the child's voice and relationships that carry no identity: per group of placements,
// children separated from siblings, family time held against planned, and children whose views were
// recorded at their last review. Pure over each placement's facts (PopulationFacts, taken from its snapshot);
// the service loads the population and applies suppression (suppression.ts). Counts are of the records as they stand when the report is made
// (a sibling placed apart now counts as apart), over the children placed in Scotland at some time in the period.
import { clockRule, migrate, type PersistedPlacement } from '../../machines/placement';
import type { FamilyTimeArrangement, PlacementContext } from '../../machines/placement/types';
import { getRulebook } from '../../machines/rulebook';
import type { PlacingNation, Setting } from '../../machines/rulebook/types';
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

/**
 * What of one placement the counts read, taken from its snapshot on every write and stored beside it
 * (`placement.population`), so a report reads a few hundred bytes a placement rather than the whole
 * snapshot. Times are epoch milliseconds. A clock falling due changes none of it but the end of a placement
 * whose child turns 18, which `endsAt` carries: so the facts stored with the last write count as the
 * placement projected to the moment of the report would. Changing this shape needs a migration that derives
 * it again for every placement (as the one that added it does).
 */
export interface PopulationFacts {
  placingNation: PlacingNation;
  placingAuthorityId: string;
  hostAuthorityId: string;
  setting: Setting;
  /** The current order's type (rulebook legal basis). */
  legalBasisType: string;
  arrivedAt: number | null;
  /** When the placement ended, was superseded or was transferred; null: it has not. */
  endedAt: number | null;
  /** When an open clock whose lapse ends the regime falls due (the child turning 18): past it the placement ends then. */
  endsAt: number | null;
  hasSiblings: boolean;
  /** A sibling lives elsewhere than in this placement. */
  apartFromSiblings: boolean;
  arrangements: { id: string; arrangedAt: number; endedAt: number | null; frequency: FamilyTimeArrangement['frequency'] }[];
  sessions: { arrangementId: string; at: number; held: boolean }[];
  /** The reviews held, in the order recorded, and whether the child's views were recorded at each. */
  reviews: { at: number; viewsRecorded: boolean }[];
}

const msOf = (at: string | null | undefined): number | null => (at ? Date.parse(at) : null);

const endedAtOf = (ctx: Pick<PlacementContext, 'end' | 'supersededBy' | 'transfer'>) => ctx.end?.at ?? ctx.supersededBy?.at ?? ctx.transfer.effectiveAt;

/** The facts the counts read, from a placement as stored (an older snapshot read as this machine's version, as every read does). */
export function populationOf(stored: PersistedPlacement): PopulationFacts {
  const p = migrate(stored);
  const ctx = p.context;
  const book = getRulebook(p.rulebookId);
  const rel = ctx.relationships;
  let endsAt: number | null = null;
  for (const d of ctx.deadlines)
    if (d.status === 'open' && clockRule(book, d.rule).missedEffect === 'ends-regime') endsAt = Math.min(endsAt ?? Infinity, Date.parse(d.dueAt));
  return {
    placingNation: ctx.placingNation,
    placingAuthorityId: ctx.placingAuthorityId,
    hostAuthorityId: ctx.placement.hostAuthorityId,
    setting: ctx.setting,
    legalBasisType: ctx.legalBasis.type,
    arrivedAt: msOf(ctx.arrivedAt),
    endedAt: msOf(endedAtOf(ctx)),
    endsAt,
    hasSiblings: rel.siblings.length > 0,
    apartFromSiblings: rel.siblings.some((s) => s.livesWhere !== 'same-placement'),
    arrangements: rel.arrangements.map((a) => ({ id: a.id, arrangedAt: Date.parse(a.arrangedAt), endedAt: msOf(a.endedAt), frequency: a.frequency })),
    sessions: rel.sessions.map((s) => ({ arrangementId: s.arrangementId, at: Date.parse(s.at), held: s.held })),
    reviews: rel.occasions.filter((o) => o.kind === 'review').map((o) => ({ at: Date.parse(o.at), viewsRecorded: o.viewsId !== null })),
  };
}

export interface Period {
  /** Epoch ms, inclusive; null: from the beginning. */
  fromMs: number | null;
  /** Epoch ms, exclusive: the end of the period (or now). */
  toMs: number;
}

const DAYS_PER: Record<FamilyTimeArrangement['frequency']['per'], number> = { week: 7, fortnight: 14, month: 365.25 / 12, quarter: 365.25 / 4, year: 365.25 };
const DAY_MS = 86_400_000;

/** Sessions planned within [fromMs, toMs) by an arrangement running from `startMs` until `endMs` (null: still). */
function planned(startMs: number, endMs: number | null, frequency: FamilyTimeArrangement['frequency'], fromMs: number | null, toMs: number): number {
  const start = Math.max(startMs, fromMs ?? -Infinity);
  const end = Math.min(endMs ?? Infinity, toMs);
  if (!(end > start)) return 0;
  return Math.floor(((end - start) / DAY_MS / DAYS_PER[frequency.per]) * frequency.times);
}

/** Family time sessions an arrangement planned within [fromMs, toMs): its frequency over the days it ran then. */
export function plannedSessions(a: Pick<FamilyTimeArrangement, 'arrangedAt' | 'endedAt' | 'frequency'>, fromMs: number | null, toMs: number): number {
  return planned(Date.parse(a.arrangedAt), msOf(a.endedAt), a.frequency, fromMs, toMs);
}

const within = (t: number, p: Period) => (p.fromMs === null || t >= p.fromMs) && t < p.toMs;

/** Placed in Scotland at some time in the period: arrived before its end, not ended before its start. */
function placedDuring(arrivedAt: number | null, endedAt: number | null, p: Period): boolean {
  if (arrivedAt === null || arrivedAt >= p.toMs) return false;
  return !(endedAt !== null && p.fromMs !== null && endedAt < p.fromMs);
}

/** Placed in Scotland at some time in the period (a placement as it stands, projected to when it is read). */
export function inPeriod(ctx: Pick<PlacementContext, 'arrivedAt' | 'end' | 'supersededBy' | 'transfer'>, p: Period): boolean {
  return placedDuring(msOf(ctx.arrivedAt), msOf(endedAtOf(ctx)), p);
}

/** Adds one child's contribution to each count into `into`. */
function addCountsOf(into: RelationshipCounts, f: PopulationFacts, p: Period): void {
  let held = 0;
  let missed = 0;
  for (const s of f.sessions) {
    if (!within(s.at, p)) continue;
    if (s.held) held++;
    else missed++;
  }
  let arranged = 0;
  let plannedSum = 0;
  for (const a of f.arrangements) {
    const n = planned(a.arrangedAt, a.endedAt, a.frequency, p.fromMs, p.toMs);
    if (n > 0 || f.sessions.some((s) => s.arrangementId === a.id && within(s.at, p))) arranged++;
    plannedSum += n;
  }
  // The last review held before the end of the period.
  let review: PopulationFacts['reviews'][number] | undefined;
  for (const r of f.reviews) if (r.at < p.toMs) review = r;
  into.children++;
  if (f.hasSiblings) into.childrenWithSiblings++;
  if (f.apartFromSiblings) into.childrenSeparatedFromSiblings++;
  if (arranged > 0) into.childrenWithFamilyTime++;
  into.familyTimePlanned += plannedSum;
  into.familyTimeHeld += held;
  into.familyTimeMissed += missed;
  if (review) into.childrenReviewed++;
  if (review?.viewsRecorded) into.childrenViewsAtLastReview++;
}

const ZERO = (): RelationshipCounts => Object.fromEntries(RELATIONSHIP_COLUMNS.map((c) => [c, 0])) as RelationshipCounts;

/** Which placements a report is over: those matching each member given. */
export interface PopulationFilters {
  placingAuthorityId?: string;
  hostAuthorityId?: string;
  setting?: string;
  legalBasis?: string;
}

export const passes = (f: PopulationFacts, q: PopulationFilters): boolean =>
  (!q.placingAuthorityId || f.placingAuthorityId === q.placingAuthorityId) &&
  (!q.hostAuthorityId || f.hostAuthorityId === q.hostAuthorityId) &&
  (!q.setting || f.setting === q.setting) &&
  (!q.legalBasis || f.legalBasisType === q.legalBasis);

/** The group a placement falls in. */
export function groupOf(f: PopulationFacts, by: RelationshipGrouping): string {
  switch (by) {
    case 'all':
      return 'all';
    case 'placingNation':
      return f.placingNation;
    case 'placingAuthority':
      return f.placingAuthorityId;
    case 'hostAuthority':
      return f.hostAuthorityId;
    case 'setting':
      return f.setting;
  }
}

/**
 * The counts per group (sorted by key) and in total, over the placements in the period, read at `nowMs`
 * (a child who turned 18 by then has left the regime, whether or not the sweep has recorded it yet).
 */
export function relationshipCounts(population: Iterable<PopulationFacts>, by: RelationshipGrouping, period: Period, nowMs: number) {
  const groups = new Map<string, RelationshipCounts>();
  for (const f of population) {
    const endsBy = f.endsAt !== null && f.endsAt <= nowMs ? f.endsAt : null;
    if (!placedDuring(f.arrivedAt, f.endedAt ?? endsBy, period)) continue;
    const key = groupOf(f, by);
    let counts = groups.get(key);
    if (!counts) groups.set(key, (counts = ZERO()));
    addCountsOf(counts, f, period);
  }
  const total = ZERO();
  for (const counts of groups.values()) for (const c of RELATIONSHIP_COLUMNS) total[c] += counts[c];
  return { groups: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, counts]) => ({ key, counts })), total };
}
