// The child's voice and relationships as one caller may see them: everything for those who care for the
// child now (and an inspector during an open review), only what advocacy changed for the advocacy provider,
// nothing for anyone else. Pure.
import { placementReference, type PlacementContext, type Relationships } from '../../machines/placement';
import { lastReview, latestViews } from '../../machines/placement/relationships';
import { parameter, getRulebook } from '../../machines/rulebook';
import { plannedSessions } from '../reports/relationships';
import type { RelationshipsScope } from './access-policy';

export interface ReviewJson {
  openedAt: string;
  closesAt: string;
  openedBy: string | null;
}

/** What is recorded of the child's views at each occasion the rulebook names (P.views-recorded-at). */
function viewsAt(ctx: PlacementContext) {
  const rel = ctx.relationships;
  const occasions = parameter<string[]>(getRulebook(ctx.rulebookId), 'P.views-recorded-at');
  const tally = (kind: 'visit' | 'review') => {
    const held = rel.occasions.filter((o) => o.kind === kind);
    return { held: held.length, withViews: held.filter((o) => o.viewsId !== null).length };
  };
  return {
    occasions,
    notification: rel.views.some((v) => v.occasion === 'notification'),
    visits: tally('visit'),
    reviews: tally('review'),
    lastReview: lastReview(rel),
  };
}

/** The child's voice and relationships for a caller with `scope` (never 'none': the service refuses that). */
export function relationshipsJson(
  placementId: string,
  ctx: PlacementContext,
  scope: Exclude<RelationshipsScope, 'none'>,
  now: Date,
  review: ReviewJson | null,
) {
  const rel = ctx.relationships;
  const matters = rel.advocacyMatters;
  const base = { placementId, reference: placementReference(placementId), scope, review };
  if (scope === 'advocacy-matters') return { ...base, advocacyMatters: matters };
  const nowMs = now.getTime();
  return {
    ...base,
    latestViews: latestViews(rel),
    viewsAt: viewsAt(ctx),
    views: rel.views,
    siblings: rel.siblings,
    separations: rel.separations,
    familyTime: {
      arrangements: rel.arrangements.map((a) => {
        const sessions = rel.sessions.filter((s) => s.arrangementId === a.id);
        return {
          ...a,
          planned: plannedSessions(a, null, nowMs),
          held: sessions.filter((s) => s.held).length,
          missed: sessions.filter((s) => !s.held).length,
        };
      }),
      sessions: rel.sessions,
    },
    advocacyMatters: matters,
  };
}

export type RelationshipsJson = ReturnType<typeof relationshipsJson>;

/** The context with what `scope` may not see taken out (a subject access export by the Ministers, say). */
export function redactRelationships(rel: Relationships, scope: RelationshipsScope): Relationships | { withheld: string } {
  if (scope === 'all') return rel;
  const withheld = "The child's views, siblings and family time are shown only to those caring for the child (and an inspector reviewing this placement).";
  if (scope === 'advocacy-matters')
    return { views: [], occasions: [], siblings: [], separations: [], arrangements: [], sessions: [], advocacyMatters: rel.advocacyMatters };
  return { withheld };
}
