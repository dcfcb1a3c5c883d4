// The child's voice and relationships: the child's views (heard at notification and at each visit and
// review), brothers and sisters, family time and what advocacy changed. Pure: what each event records,
// what its content must say (REL.child-views, REL.siblings), and the few answers the rest of the service
// asks (the views at the last review, the advocacy needs the notice may carry, the counts a report makes).
import type { Rulebook } from '../rulebook';
import type { FieldError } from './legal-basis';
import type { ChildViews, EventOf, PlacementContext, PlacementEvent, Relationships, SiblingRecord } from './types';

export const EMPTY_RELATIONSHIPS: Relationships = {
  views: [],
  occasions: [],
  siblings: [],
  separations: [],
  arrangements: [],
  sessions: [],
  advocacyMatters: [],
};

const lastIndex = <T>(list: readonly T[], pick: (x: T) => boolean) => {
  for (let i = list.length - 1; i >= 0; i--) if (pick(list[i])) return i;
  return -1;
};
const nextId = (prefix: string, list: readonly unknown[]) => `${prefix}${list.length + 1}`;
const withRel = (ctx: PlacementContext, rel: Partial<Relationships>): PlacementContext => ({ ...ctx, relationships: { ...ctx.relationships, ...rel } });

function viewsRecord(rel: Relationships, at: string, occasion: 'notification' | 'visit' | 'review' | 'other', v: ChildViews) {
  return {
    id: nextId('V', rel.views),
    at,
    occasion,
    method: v.method,
    said: v.said ?? null,
    ownWords: v.ownWords === true,
    notPossibleReason: v.notPossibleReason ?? null,
    recordedBy: v.recordedBy,
    wantsAdvocate: v.wantsAdvocate ?? null,
    communication: v.communication ?? null,
  };
}

/** A visit or review held: views given with it are recorded with it; else views heard since the one before are attached. */
export function recordOccasion(ctx: PlacementContext, kind: 'visit' | 'review', at: string, views: ChildViews | undefined): PlacementContext {
  const rel = ctx.relationships;
  if (views) {
    const record = viewsRecord(rel, at, kind, views);
    return withRel(ctx, { views: [...rel.views, record], occasions: [...rel.occasions, { kind, at, viewsId: record.id }] });
  }
  // Views are often heard before the review meeting: those recorded for this kind since the previous one count for it.
  const previous = [...rel.occasions].reverse().find((o) => o.kind === kind);
  const attached = new Set(rel.occasions.map((o) => o.viewsId));
  const heard = [...rel.views]
    .reverse()
    .find((v) => v.occasion === kind && !attached.has(v.id) && (!previous || Date.parse(v.at) > Date.parse(previous.at)) && Date.parse(v.at) <= Date.parse(at));
  return withRel(ctx, { occasions: [...rel.occasions, { kind, at, viewsId: heard?.id ?? null }] });
}

export function recordViews(ctx: PlacementContext, e: EventOf<'CHILD_VIEWS_RECORDED'>): PlacementContext {
  const rel = ctx.relationships;
  const record = viewsRecord(rel, e.at, e.occasion, e.childViews);
  const views = [...rel.views, record];
  if (e.occasion !== 'visit' && e.occasion !== 'review') return withRel(ctx, { views });
  // Recorded after the visit or review it belongs to: attach to the latest one of that kind still without views.
  const i = lastIndex(rel.occasions, (o) => o.kind === e.occasion);
  const latest = i < 0 ? undefined : rel.occasions[i];
  if (!latest || latest.viewsId !== null || Date.parse(latest.at) > Date.parse(e.at)) return withRel(ctx, { views });
  const occasions = rel.occasions.map((o, j) => (j === i ? { ...o, viewsId: record.id } : o));
  return withRel(ctx, { views, occasions });
}

export function recordSibling(ctx: PlacementContext, e: EventOf<'SIBLING_RECORDED'>): PlacementContext {
  const rel = ctx.relationships;
  const s = e.sibling;
  const fields = {
    knownAs: s.knownAs ?? null,
    relationship: s.relationship,
    ageYears: s.ageYears ?? null,
    livesWhere: s.livesWhere,
    separationReason: s.livesWhere === 'same-placement' ? null : (s.separationReason ?? null),
    contactPlan: s.livesWhere === 'same-placement' ? null : (s.contactPlan ?? null),
  };
  const before = s.siblingId ? rel.siblings.find((x) => x.id === s.siblingId) : undefined;
  if (!before) {
    const sibling: SiblingRecord = { id: nextId('S', rel.siblings), recordedAt: e.at, updatedAt: e.at, ...fields };
    return withRel(ctx, { siblings: [...rel.siblings, sibling] });
  }
  const siblings = rel.siblings.map((x) => (x.id === before.id ? { ...x, ...fields, updatedAt: e.at } : x));
  // Placed together before, apart now: a separation, kept with its reason.
  const parted = before.livesWhere === 'same-placement' && fields.livesWhere !== 'same-placement';
  const separations = parted
    ? [...rel.separations, { at: e.at, siblingId: before.id, cause: 'recorded' as const, reason: fields.separationReason ?? '' }]
    : rel.separations;
  return withRel(ctx, { siblings, separations });
}

/** The siblings placed with the child whom a move leaves behind. */
export const siblingsLeftBehind = (ctx: PlacementContext, movingToo: readonly string[] = []) =>
  ctx.relationships.siblings.filter((s) => s.livesWhere === 'same-placement' && !movingToo.includes(s.id));

/** MOVED: siblings who do not move too stay where they were, in Scotland; the move separating them is recorded. */
export function moveSiblings(ctx: PlacementContext, e: EventOf<'MOVED'>): PlacementContext {
  const left = siblingsLeftBehind(ctx, e.siblings?.movingToo);
  if (left.length === 0) return ctx;
  const rel = ctx.relationships;
  const reason = e.siblings?.separationReason ?? '';
  const ids = new Set(left.map((s) => s.id));
  const siblings = rel.siblings.map((s) =>
    ids.has(s.id)
      ? { ...s, livesWhere: 'elsewhere-in-scotland' as const, separationReason: reason, contactPlan: e.siblings?.contactPlan ?? null, updatedAt: e.at }
      : s,
  );
  const separations = [...rel.separations, ...left.map((s) => ({ at: e.at, siblingId: s.id, cause: 'move' as const, reason }))];
  return withRel(ctx, { siblings, separations });
}

export function arrangeFamilyTime(ctx: PlacementContext, e: EventOf<'FAMILY_TIME_ARRANGED'>): PlacementContext {
  const rel = ctx.relationships;
  const a = e.arrangement;
  const fields = {
    who: a.who,
    relationship: a.relationship,
    siblingId: a.siblingId ?? null,
    how: a.how,
    frequency: a.frequency,
    fromPostcodeDistrict: a.fromPostcodeDistrict ?? null,
    milesFromPlacement: a.milesFromPlacement ?? null,
  };
  const before = a.arrangementId ? rel.arrangements.find((x) => x.id === a.arrangementId) : undefined;
  if (!before)
    return withRel(ctx, {
      arrangements: [...rel.arrangements, { id: nextId('F', rel.arrangements), arrangedAt: e.at, updatedAt: e.at, ...fields, endedAt: a.ended ? e.at : null }],
    });
  const endedAt = a.ended ? (before.endedAt ?? e.at) : null;
  return withRel(ctx, { arrangements: rel.arrangements.map((x) => (x.id === before.id ? { ...x, ...fields, updatedAt: e.at, endedAt } : x)) });
}

export function recordFamilyTime(ctx: PlacementContext, e: EventOf<'FAMILY_TIME_RECORDED'>): PlacementContext {
  const rel = ctx.relationships;
  const s = e.session;
  const arrangement = rel.arrangements.find((a) => a.id === s.arrangementId);
  const session = {
    id: nextId('T', rel.sessions),
    at: e.at,
    arrangementId: s.arrangementId,
    held: s.held,
    how: s.how ?? arrangement?.how ?? 'in-person',
    missedReason: s.held ? null : (s.missedReason ?? null),
    note: s.note ?? null,
  };
  return withRel(ctx, { sessions: [...rel.sessions, session] });
}

export function raiseMatter(ctx: PlacementContext, e: EventOf<'ADVOCACY_MATTER_RAISED'>): PlacementContext {
  const rel = ctx.relationships;
  const matter = { id: nextId('M', rel.advocacyMatters), raisedAt: e.at, text: e.matter.text, status: 'raised' as const, outcomes: [] };
  return withRel(ctx, { advocacyMatters: [...rel.advocacyMatters, matter] });
}

export function updateMatter(ctx: PlacementContext, e: EventOf<'ADVOCACY_MATTER_UPDATED'>): PlacementContext {
  const o = e.outcome;
  const advocacyMatters = ctx.relationships.advocacyMatters.map((m) =>
    m.id === o.matterId ? { ...m, status: o.status, outcomes: [...m.outcomes, { at: e.at, status: o.status, text: o.text }] } : m,
  );
  return withRel(ctx, { advocacyMatters });
}

// ---- what the content must say ----------------------------------------------------------------------

const views = (v: ChildViews | undefined, path: string): FieldError[] => {
  if (!v) return [];
  const rule = 'REL.child-views';
  if (v.method === 'not-possible')
    return v.notPossibleReason?.trim()
      ? []
      : [{ path: `${path}.notPossibleReason`, message: 'required: say why the child could not give views (REL.child-views)', rule }];
  const errors: FieldError[] = [];
  if (!v.said?.trim())
    errors.push({
      path: `${path}.said`,
      message: `required: what the child said${v.method === 'advocate' ? ' through the advocate' : ''} (REL.child-views)`,
      rule,
    });
  return errors;
};

const apart = (livesWhere: string) => livesWhere !== 'same-placement';

/** Checks a relationship event's content against the placement (422 naming the field); [] for other events. */
export function checkRelationshipEvent(_book: Rulebook, ctx: PlacementContext, e: PlacementEvent): FieldError[] {
  const rel = ctx.relationships;
  const rule = 'REL.siblings';
  switch (e.type) {
    case 'CHILD_VIEWS_RECORDED':
      return views(e.childViews, 'childViews');
    case 'VISIT_RECORDED':
    case 'REVIEW_RECORDED':
      return views(e.childViews, 'childViews');
    case 'SIBLING_RECORDED': {
      const s = e.sibling;
      const errors: FieldError[] = [];
      if (s.siblingId && !rel.siblings.some((x) => x.id === s.siblingId))
        errors.push({ path: 'sibling.siblingId', message: 'must be a sibling already recorded for this child' });
      if (apart(s.livesWhere)) {
        if (!s.separationReason?.trim())
          errors.push({ path: 'sibling.separationReason', message: 'required: why they are not placed together (REL.siblings)', rule });
        if (!s.contactPlan?.trim()) errors.push({ path: 'sibling.contactPlan', message: 'required: the plan for them to stay connected (REL.siblings)', rule });
      }
      return errors;
    }
    case 'MOVED': {
      const errors: FieldError[] = [];
      for (const [i, id] of (e.siblings?.movingToo ?? []).entries())
        if (!rel.siblings.some((s) => s.id === id && s.livesWhere === 'same-placement'))
          errors.push({ path: `siblings.movingToo[${i}]`, message: 'must be a sibling recorded as placed with the child' });
      const left = siblingsLeftBehind(ctx, e.siblings?.movingToo);
      if (left.length > 0 && !e.siblings?.separationReason?.trim())
        errors.push({
          path: 'siblings.separationReason',
          message: `required: the move separates the child from ${left.map((s) => s.id).join(', ')}, placed together; record why, or list them in siblings.movingToo (REL.siblings)`,
          rule,
        });
      if (left.length > 0 && !e.siblings?.contactPlan?.trim())
        errors.push({ path: 'siblings.contactPlan', message: 'required: how the child and the siblings left behind will stay connected (REL.siblings)', rule });
      return errors;
    }
    case 'FAMILY_TIME_ARRANGED': {
      const a = e.arrangement;
      const errors: FieldError[] = [];
      if (a.arrangementId && !rel.arrangements.some((x) => x.id === a.arrangementId))
        errors.push({ path: 'arrangement.arrangementId', message: 'must be an arrangement already recorded for this child' });
      if (a.siblingId && !rel.siblings.some((x) => x.id === a.siblingId))
        errors.push({ path: 'arrangement.siblingId', message: 'must be a sibling already recorded for this child' });
      return errors;
    }
    case 'FAMILY_TIME_RECORDED': {
      const s = e.session;
      const errors: FieldError[] = [];
      if (!rel.arrangements.some((a) => a.id === s.arrangementId))
        errors.push({ path: 'session.arrangementId', message: 'must be a family time arrangement recorded for this child' });
      if (!s.held && !s.missedReason) errors.push({ path: 'session.missedReason', message: 'required: why the family time did not happen' });
      return errors;
    }
    case 'ADVOCACY_MATTER_UPDATED':
      return rel.advocacyMatters.some((m) => m.id === e.outcome.matterId)
        ? []
        : [{ path: 'outcome.matterId', message: 'must be a matter the child raised through the advocate for this placement' }];
    default:
      return [];
  }
}

// ---- answers ----------------------------------------------------------------------------------------

export const latestViews = (rel: Relationships) => rel.views[rel.views.length - 1] ?? null;

/** The last review held, and whether the child's views were recorded at it (null: no review yet). */
export function lastReview(rel: Relationships): { at: string; viewsRecorded: boolean } | null {
  const r = rel.occasions[lastIndex(rel.occasions, (o) => o.kind === 'review')];
  return r ? { at: r.at, viewsRecorded: r.viewsId !== null } : null;
}

/** Siblings the child does not live with who are looked after or placed apart (the reason and plan are recorded). */
export const siblingsApart = (rel: Relationships) => rel.siblings.filter((s) => apart(s.livesWhere));

const WANTS: Record<string, string> = {
  yes: 'The child wants an independent advocate.',
  no: 'The child does not want an independent advocate at present.',
  'not-sure': 'The child is not sure about an independent advocate; explain it again.',
};

/**
 * What the multi-recipient notice may say about the child's advocacy needs, drawn from the latest views:
 * whether the child wants an advocate, how the child was heard, and what helps the child give views.
 * Never what the child said, siblings or family time (they are not the recipients' to read).
 */
export function advocacyNeedsFromViews(rel: Relationships): string | null {
  const v = latestViews(rel);
  if (!v) return null;
  const lines: string[] = [];
  if (v.wantsAdvocate) lines.push(WANTS[v.wantsAdvocate]);
  if (v.method === 'not-possible') lines.push('It was not possible to hear the child’s views directly; an advocate may help.');
  if (v.method === 'advocate') lines.push('The child gave views through an advocate.');
  if (v.communication?.trim()) lines.push(`What helps the child give views: ${v.communication.trim()}`);
  return lines.length ? lines.join(' ') : null;
}
