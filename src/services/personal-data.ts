// What in a placement's record is personal data that retention erases: the child's name and date of
// birth, and the free text written about the child (needs, queries, reasons). Everything else (events,
// times, rules, hashes) stays, so the record still shows what happened and when. Pure.
import { addToInstant, anniversary, startOfLocalDay } from '../../machines/calendar';
import { FINAL_STATES, lifecycleOf, type PersistedPlacement, type PlacementContext, type Relationships } from '../../machines/placement';
import { parameter, type Rulebook } from '../../machines/rulebook';
import { canonicalJson } from '../store/audit-chain';
import { createHash } from 'node:crypto';

/** Where each event's payload holds personal values: kept beside the audit chain, so they can be erased. */
export const AUDIT_PERSONAL_PATHS: Readonly<Record<string, readonly string[]>> = {
  PLACEMENT_CREATED: [
    'needs.health',
    'needs.education',
    'needs.advocacy',
    'placement.bestInterests',
    'contacts.socialWorker',
    'contacts.teamManager',
    'contacts.reviewingOfficer',
    'contacts.outOfHours',
  ],
  MOVE_PROPOSED: ['placement.bestInterests'],
  HOST_QUERY_RAISED: ['text'],
  HOST_QUERY_ANSWERED: ['text'],
  ADVOCACY_NOT_APPROPRIATE: ['reason'],
  ADVOCATE_ASSIGNED: ['advocate'],
  ENFORCEMENT_NOTICE_ISSUED: ['duty'],
  CONDITIONS_CHECKED: ['text'],
  URGENT_TRANSFER_MADE: ['reason'],
  PLACEMENT_ENDED: ['reason'],
  SERVICE_EVIDENCE_CONFIRMED: ['evidence'],
  CHILD_DEPARTED: ['reason'],
  PLACEMENT_IMPORTED: [
    'needs.health',
    'needs.education',
    'needs.advocacy',
    'placement.bestInterests',
    'contacts.socialWorker',
    'contacts.teamManager',
    'contacts.reviewingOfficer',
    'contacts.outOfHours',
  ],
  // The child's voice and relationships: every value is about the child or the family, so all of it is
  // kept beside the chain (the chained payload holds only hashes; a signed bundle carries none of it).
  CHILD_VIEWS_RECORDED: ['childViews'],
  VISIT_RECORDED: ['childViews'],
  REVIEW_RECORDED: ['childViews'],
  SIBLING_RECORDED: ['sibling'],
  MOVED: ['siblings'],
  FAMILY_TIME_ARRANGED: ['arrangement'],
  FAMILY_TIME_RECORDED: ['session'],
  ADVOCACY_MATTER_RAISED: ['matter'],
  ADVOCACY_MATTER_UPDATED: ['outcome'],
  RELATIONSHIPS_REVIEW_OPENED: ['reason'],
};

export const ERASED = '[erased]';

/** When a placement's personal data is due for erasure: null while it is running (it is needed). */
export function retentionDue(book: Rulebook, p: PersistedPlacement): Date | null {
  if (!FINAL_STATES.includes(lifecycleOf(p.value))) return null;
  const ctx = p.context;
  const endedAt = ctx.end?.at ?? ctx.supersededBy?.at ?? ctx.transfer.effectiveAt ?? ctx.createdAt;
  const afterEnd = addToInstant(endedAt, { years: parameter<number>(book, 'P.retention-years-after-end') });
  const age = /^\d{4}-\d{2}-\d{2}$/.test(ctx.child.dateOfBirth)
    ? startOfLocalDay(anniversary(ctx.child.dateOfBirth, parameter<number>(book, 'P.retention-until-age')))
    : afterEnd;
  return new Date(Math.max(Date.parse(afterEnd), Date.parse(age)));
}

const erasePlace = <T extends { bestInterests?: string | null }>(place: T): T => (place.bestInterests ? { ...place, bestInterests: ERASED } : place);

/**
 * The snapshot with the child's identity and the free text about the child erased. The date of birth
 * keeps its year only (reports count age bands); `sha256` commits to what was erased, so a copy of the
 * original can still be checked against the record.
 */
export function eraseSnapshot(p: PersistedPlacement): { snapshot: PersistedPlacement; sha256: string } {
  const ctx = p.context;
  const erased = {
    child: ctx.child,
    needs: ctx.needs,
    contacts: ctx.contacts,
    placement: ctx.placement.bestInterests,
    queries: ctx.hostReview.queries,
    advocacy: [ctx.advocacy.notAppropriateReason, ctx.advocacy.advocate],
    end: ctx.end?.reason,
    enforcement: ctx.enforcement?.duty,
    checks: ctx.conditionsChecks,
    transfers: ctx.urgentTransfers,
    service: ctx.service,
    relationships: ctx.relationships,
  };
  const sha256 = createHash('sha256').update(canonicalJson(erased)).digest('hex');
  const context: PlacementContext = {
    ...ctx,
    child: { ...ctx.child, firstName: ERASED, lastName: ERASED, dateOfBirth: `${ctx.child.dateOfBirth.slice(0, 4)}-01-01` },
    needs: Object.fromEntries(Object.keys(ctx.needs).map((k) => [k, ctx.needs[k] ? ERASED : ctx.needs[k]])),
    contacts: Object.fromEntries(Object.keys(ctx.contacts).map((k) => [k, ctx.contacts[k] ? { name: ERASED } : undefined])),
    placement: erasePlace(ctx.placement),
    proposedMove: ctx.proposedMove && { ...ctx.proposedMove, placement: erasePlace(ctx.proposedMove.placement) },
    moves: ctx.moves.map((m) => ({ ...m, from: erasePlace(m.from), to: erasePlace(m.to) })),
    notices: ctx.notices.map((n) => ({ ...n, placement: erasePlace(n.placement) })),
    hostReview: { ...ctx.hostReview, queries: ctx.hostReview.queries.map((q) => ({ ...q, text: ERASED, answer: q.answer === null ? null : ERASED })) },
    advocacy: {
      ...ctx.advocacy,
      notAppropriateReason: ctx.advocacy.notAppropriateReason && ERASED,
      advocate: ctx.advocacy.advocate && ERASED,
    },
    end: ctx.end && { ...ctx.end, reason: ERASED },
    enforcement: ctx.enforcement && { ...ctx.enforcement, duty: ERASED },
    conditionsChecks: ctx.conditionsChecks.map((c) => ({ ...c, text: c.text === null ? null : ERASED })),
    urgentTransfers: ctx.urgentTransfers.map((t) => ({ ...t, reason: ERASED })),
    service: {
      evidence: ctx.service.evidence.map((e) => ({ ...e, evidence: ERASED })),
      stays: ctx.service.stays.map((st) => ({ ...st, departureReason: st.departureReason === null ? null : ERASED })),
    },
    relationships: eraseRelationships(ctx.relationships),
  };
  return { snapshot: { ...p, context }, sha256 };
}

const erased = <T extends string | null>(v: T): T | typeof ERASED => (v === null || v === '' ? v : ERASED);

/**
 * The child's voice and relationships with every free text and name erased; what was recorded, when and how
 * (methods, where siblings live, sessions held or missed) stays, so the counts of past years still add up.
 */
export function eraseRelationships(rel: Relationships): Relationships {
  return {
    ...rel,
    views: rel.views.map((v) => ({
      ...v,
      said: erased(v.said),
      notPossibleReason: erased(v.notPossibleReason),
      communication: erased(v.communication),
      recordedBy: { name: ERASED, role: v.recordedBy.role },
    })),
    siblings: rel.siblings.map((s) => ({ ...s, knownAs: erased(s.knownAs), separationReason: erased(s.separationReason), contactPlan: erased(s.contactPlan) })),
    separations: rel.separations.map((s) => ({ ...s, reason: erased(s.reason) ?? '' })),
    arrangements: rel.arrangements.map((a) => ({ ...a, who: ERASED, fromPostcodeDistrict: erased(a.fromPostcodeDistrict) })),
    sessions: rel.sessions.map((s) => ({ ...s, note: erased(s.note) })),
    advocacyMatters: rel.advocacyMatters.map((m) => ({ ...m, text: ERASED, outcomes: m.outcomes.map((o) => ({ ...o, text: ERASED })) })),
  };
}
