// The child's voice and relationships on the placement page (beside the legal status), the choices the
// record forms offer, and the counts in the reviewers' report (withheld cells shown as [c]).
import type { PlacementJson, RelationshipsJson, RelationshipsReportJson } from '../backend';
import { ukDate, ukDateTime } from '../format';
import { tag, type TagView } from './common';

const OCCASION: Record<string, string> = {
  notification: 'when the placement was notified',
  visit: 'at a visit',
  review: 'for a review',
  other: 'at another time',
};
const METHOD: Record<string, string> = { direct: 'directly from the child', advocate: 'through an advocate', 'not-possible': 'not possible to hear' };
const WANTS: Record<string, string> = {
  yes: 'Wants an independent advocate',
  no: 'Does not want an advocate at present',
  'not-sure': 'Not sure about an advocate',
};
const RELATIONSHIP: Record<string, string> = {
  full: 'Brother or sister',
  half: 'Half-brother or half-sister',
  step: 'Stepbrother or stepsister',
  other: 'Like a brother or sister',
};
const LIVES: Record<string, string> = {
  'same-placement': 'Placed together',
  'elsewhere-in-scotland': 'Elsewhere in Scotland',
  'home-nation': "In the child's home nation",
  elsewhere: 'Somewhere else',
};
const HOW: Record<string, string> = { 'in-person': 'in person', video: 'by video call', phone: 'by phone' };
const PER: Record<string, string> = { week: 'week', fortnight: 'fortnight', month: 'month', quarter: 'quarter', year: 'year' };
const MISSED: Record<string, string> = {
  'child-chose-not-to': 'the child chose not to',
  'family-did-not-come': 'the family member did not come',
  'cancelled-by-service': 'cancelled by the care service',
  'cancelled-by-placing-authority': 'cancelled by the placing authority',
  transport: 'transport',
  illness: 'illness',
  other: 'another reason',
};
const MATTER: Record<string, TagView> = {
  raised: tag('Raised', 'blue'),
  ongoing: tag('Being looked at', 'yellow'),
  'acted-on': tag('Acted on', 'green'),
  'partly-acted-on': tag('Partly acted on', 'turquoise'),
  'not-acted-on': tag('Not acted on', 'red'),
  withdrawn: tag('Withdrawn', 'grey'),
};

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

export function presentRelationships(rel: RelationshipsJson, placement: Pick<PlacementJson, 'allowedEvents' | 'id'>) {
  const advocacyOnly = rel.scope === 'advocacy-matters';
  const matters = rel.advocacyMatters.map((m) => ({
    id: m.id,
    raised: ukDate(m.raisedAt),
    text: m.text,
    status: MATTER[m.status] ?? tag(m.status, 'grey'),
    outcomes: m.outcomes.map((o) => ({ when: ukDate(o.at), status: MATTER[o.status]?.text ?? o.status, text: o.text })),
  }));
  if (advocacyOnly || !('viewsAt' in rel) || !rel.viewsAt) return { advocacyOnly: true, matters, review: rel.review };
  const siblingsById = new Map((rel.siblings ?? []).map((s) => [s.id, s]));
  const latest = rel.latestViews
    ? {
        when: ukDateTime(rel.latestViews.at),
        occasion: OCCASION[rel.latestViews.occasion] ?? rel.latestViews.occasion,
        how: METHOD[rel.latestViews.method] ?? rel.latestViews.method,
        said: rel.latestViews.said,
        ownWords: rel.latestViews.ownWords,
        notPossibleReason: rel.latestViews.notPossibleReason,
        recordedBy: `${rel.latestViews.recordedBy.name}, ${rel.latestViews.recordedBy.role}`,
        wantsAdvocate: rel.latestViews.wantsAdvocate ? WANTS[rel.latestViews.wantsAdvocate] : null,
        communication: rel.latestViews.communication,
      }
    : null;
  const at = rel.viewsAt;
  const flags: string[] = [];
  if (at.lastReview && !at.lastReview.viewsRecorded) flags.push(`The child's views were not recorded at the last review (${ukDate(at.lastReview.at)}).`);
  if (at.occasions.includes('notification') && !at.notification) flags.push("The child's views were not recorded when the placement was notified.");
  for (const s of rel.siblings ?? [])
    if (s.livesWhere !== 'same-placement' && !s.contactPlan?.trim()) flags.push(`There is no plan for the child and ${s.knownAs ?? s.id} to stay connected.`);
  const viewsRows = [
    { key: 'At notification', value: at.notification ? 'Recorded' : 'Not recorded' },
    { key: 'At visits', value: `${at.visits.withViews} of ${at.visits.held} visit${at.visits.held === 1 ? '' : 's'}` },
    { key: 'For reviews', value: `${at.reviews.withViews} of ${at.reviews.held} review${at.reviews.held === 1 ? '' : 's'}` },
  ];
  const siblings = (rel.siblings ?? []).map((s) => ({
    id: s.id,
    name: s.knownAs ?? `Sibling ${s.id}`,
    relationship: `${RELATIONSHIP[s.relationship] ?? s.relationship}${s.ageYears !== null ? `, ${s.ageYears}` : ''}`,
    where: s.livesWhere === 'same-placement' ? tag(LIVES[s.livesWhere], 'green') : tag(LIVES[s.livesWhere] ?? s.livesWhere, 'orange'),
    reason: s.separationReason,
    plan: s.contactPlan,
  }));
  const separations = (rel.separations ?? []).map((x) => ({
    when: ukDate(x.at),
    who: siblingsById.get(x.siblingId)?.knownAs ?? x.siblingId,
    cause: x.cause === 'move' ? 'a move' : 'recorded',
    reason: x.reason,
  }));
  const arrangements = (rel.familyTime?.arrangements ?? []).map((a) => ({
    id: a.id,
    who: a.who,
    how: `${HOW[a.how] ?? a.how}, ${times(a.frequency.times)} a ${PER[a.frequency.per] ?? a.frequency.per}`,
    from: [a.fromPostcodeDistrict, a.milesFromPlacement !== null ? `${a.milesFromPlacement} miles from the placement` : null].filter(Boolean).join(', '),
    record: `${a.held} held, ${a.missed} missed, of ${a.planned} planned so far`,
    ended: a.endedAt ? ukDate(a.endedAt) : null,
  }));
  const sessions = (rel.familyTime?.sessions ?? [])
    .slice(-5)
    .reverse()
    .map((x) => ({
      when: ukDateTime(x.at),
      who: rel.familyTime?.arrangements.find((a) => a.id === x.arrangementId)?.who ?? x.arrangementId,
      outcome: x.held ? `Held ${HOW[x.how] ?? x.how}` : `Missed: ${MISSED[x.missedReason ?? 'other'] ?? x.missedReason}`,
    }));
  return {
    advocacyOnly: false,
    review: rel.review,
    latest,
    flags,
    viewsRows,
    siblings,
    separations,
    arrangements,
    sessions,
    matters,
    recordHref: placement.allowedEvents.includes('CHILD_VIEWS_RECORDED') ? `/placements/${placement.id}/actions/child-views-recorded` : null,
  };
}

export type RelationshipsView = ReturnType<typeof presentRelationships>;

/** The options of the record forms' radios: the placement's own records. */
export function recordChoices(rel: RelationshipsJson): Record<'siblings' | 'arrangements' | 'matters', { value: string; text: string }[]> {
  const full = 'siblings' in rel ? rel : null;
  return {
    siblings: (full?.siblings ?? []).map((s) => ({ value: s.id, text: `${s.id}: ${s.knownAs ?? RELATIONSHIP[s.relationship]} (${LIVES[s.livesWhere]})` })),
    arrangements: (full?.familyTime.arrangements ?? [])
      .filter((a) => !a.endedAt)
      .map((a) => ({ value: a.id, text: `${a.id}: ${a.who}, ${HOW[a.how] ?? a.how}, ${times(a.frequency.times)} a ${PER[a.frequency.per]}` })),
    matters: rel.advocacyMatters.map((m) => ({ value: m.id, text: `${m.id}: ${m.text.length > 80 ? `${m.text.slice(0, 77)}...` : m.text}` })),
  };
}

const COLUMN_LABELS: Record<string, string> = {
  children: 'Children placed',
  childrenWithSiblings: 'With brothers or sisters recorded',
  childrenSeparatedFromSiblings: 'Separated from brothers or sisters',
  childrenWithFamilyTime: 'With family time arranged',
  familyTimePlanned: 'Family time sessions planned',
  familyTimeHeld: 'Family time sessions held',
  familyTimeMissed: 'Family time sessions missed',
  childrenReviewed: 'Children reviewed',
  childrenViewsAtLastReview: 'Views recorded at their last review',
};
const GROUP_LABELS: Record<string, string> = { england: 'England', wales: 'Wales', 'northern-ireland': 'Northern Ireland', all: 'All' };

/** The counts as a table: one row per measure, one column per group and the total; [c] where withheld. */
export function presentRelationshipCounts(r: RelationshipsReportJson) {
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? '[c]' : String(v));
  return {
    threshold: r.suppression.threshold,
    heads: [...r.groups.map((g) => GROUP_LABELS[g.key] ?? g.key), 'Total'],
    rows: r.columns.map((c) => ({ label: COLUMN_LABELS[c] ?? c, cells: [...r.groups.map((g) => cell(g.counts[c])), cell(r.total?.[c])] })),
    anyWithheld: [...r.groups.map((g) => g.counts), r.total ?? {}].some((cells) => Object.values(cells).some((v) => v === null)),
  };
}
