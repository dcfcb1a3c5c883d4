// Pure context updates, one per kind of event. The statechart decides whether an event is allowed;
// these decide what it changes: facts recorded and clocks opened, met, missed or cancelled.
import { CalendarCoverageError, localDate, startOfLocalDay } from '../calendar';
import { parameter, type Rulebook, type Setting } from '../rulebook';
import { ageLimitReachedAt, alternativeSpanEnd, dolExpiry, spanEnd } from './clock';
import { byRule, cancel, clockRule, clocksMetBy, clocksOpenedBy, fulfil, isBeforeArrival, latest, miss, openDeadline, setStatus } from './deadlines';
import { isDol } from './legal-basis';
import { EMPTY_RELATIONSHIPS, moveSiblings, recordOccasion } from './relationships';
import type { Deadline, EventOf, PlacementContext, PlacementInput, ServiceEvidence, ServiceStay } from './types';

const spanOf = (book: Rulebook, rule: string) => {
  const clock = book.clocks[rule].clock;
  if (clock.kind !== 'span') throw new Error(`${rule} is not a span clock`);
  return clock.span;
};

/** Open a Scottish span clock from `from`, with the other reading's due date where an open parameter gives one. */
export function openSpan(book: Rulebook, ctx: PlacementContext, rule: string, from: string, fromDate?: string, note?: string, subject?: string) {
  const span = spanOf(book, rule);
  const other = alternativeSpanEnd(book, span, from, fromDate);
  return openDeadline(book, ctx, rule, from, spanEnd(book, span, from, fromDate), note, {
    ...(subject ? { subject } : {}),
    ...(other ? { alternativeDueAt: other.dueAt, alternativeRule: other.rule } : {}),
  });
}

/** The kinds of end after which the recipients must be told (P.end-notice-after). */
export const endNoticeAfter = (book: Rulebook, kind: 'ended' | 'superseded' | 'transferred') => parameter<string[]>(book, 'P.end-notice-after').includes(kind);

/** Open a home-nation visit or review clock from `from`. */
function openVisitClock(book: Rulebook, ctx: PlacementContext, rule: string, from: string) {
  const span = book.visits[rule].byNation[ctx.placingNation].span;
  return openDeadline(book, ctx, rule, from, spanEnd(book, span, from));
}

export function initialContext(book: Rulebook, input: PlacementInput): PlacementContext {
  let ctx: PlacementContext = {
    placementId: input.placementId,
    rulebookId: book.id,
    placingAuthorityId: input.placingAuthorityId,
    placingNation: input.placingNation,
    child: input.child,
    setting: input.setting,
    legalBasis: { ...input.legalBasis, terminatedAt: null },
    previousLegalBases: [],
    placement: input.placement,
    proposedMove: null,
    moves: [],
    needs: input.needs ?? {},
    contacts: input.contacts ?? {},
    createdAt: input.createdAt,
    lookedAfterSince: input.lookedAfterSince ?? null,
    arrivedAt: null,
    end: null,
    notices: [],
    deadlines: [],
    deadlineSeq: 0,
    hostReview: { confirmedAt: null, confirmedVersion: null, queries: [] },
    advocacy: { providerId: null, offeredAt: null, notAppropriateReason: null, decision: null, decidedAt: null, advocate: null },
    visits: { lastVisitAt: null, visits: 0, lastReviewAt: null, reviews: 0 },
    enforcement: null,
    transfer: { proposedAt: null, consentedAt: null, refusedAt: null, effectiveAt: null, reporterNotifiedAt: null },
    supersededBy: null,
    conditionsChecks: [],
    urgentTransfers: [],
    service: { evidence: [], stays: [] },
    transitional: null,
    relationships: EMPTY_RELATIONSHIPS,
  };
  ctx = openDeadline(book, ctx, 'C1.notice-before-arrival', input.createdAt, input.placement.plannedStart, 'due before the child arrives; planned start shown');
  ctx = openDeadline(book, ctx, 'C11.age-18', input.createdAt, ageLimitReachedAt(book, input.child.dateOfBirth));
  if (isDol(book, ctx.legalBasis.type)) ctx = openDeadline(book, ctx, 'C5.dol-expiry', input.createdAt, dolExpiry(book, ctx.legalBasis));
  return ctx;
}

/** The child's stay at a service begins (arrival, or a move to it). */
const stayAt = (place: PlacementContext['placement'], at: string): ServiceStay => ({
  serviceName: place.serviceName,
  serviceProviderId: place.serviceProviderId ?? null,
  careInspectorateNumber: place.careInspectorateNumber ?? null,
  arrivedAt: at,
  departedAt: null,
  departureReason: null,
});

/** The current stay ends at `at` (a departure the service recorded keeps its own time and reason). */
function leaveStay(ctx: PlacementContext, at: string, reason: string | null): PlacementContext {
  const stays = ctx.service.stays.map((s, i, all) => (i === all.length - 1 && s.departedAt === null ? { ...s, departedAt: at, departureReason: reason } : s));
  return { ...ctx, service: { ...ctx.service, stays } };
}

export function arrive(book: Rulebook, ctx: PlacementContext, e: EventOf<'CHILD_ARRIVED'>): PlacementContext {
  let next: PlacementContext = { ...ctx, arrivedAt: e.at, service: { ...ctx.service, stays: [...ctx.service.stays, stayAt(ctx.placement, e.at)] } };
  const noticePending = next.deadlines.some((d) => d.rule === 'C1.notice-before-arrival' && d.status === 'open');
  // The arrival decides every clock due before it: the notice, and an updated notice after an order change.
  next = miss(next, (d) => isBeforeArrival(book, d.rule), e.at);
  // An arrival recorded late, dated before a notice already given: that notice came after the child, so the
  // clock it met was in truth missed (done late at its `metAt`). The record must say so, not refuse the arrival.
  next = missedAfterAll(next, (d) => isBeforeArrival(book, d.rule), e.at);
  if (noticePending && parameter<boolean>(book, 'P.late-notice-allowed')) next = openSpan(book, next, 'C12.late-notice', e.at);
  for (const rule of clocksOpenedBy(book, 'CHILD_ARRIVED')) next = openSpan(book, next, rule, e.at);
  return next;
}

const REVIEW_CYCLE = ['C8.first-review', 'C8.second-review', 'C8.later-review'];

export function openVisitClocks(book: Rulebook, ctx: PlacementContext, e: EventOf<'CHILD_ARRIVED'>): PlacementContext {
  const next = openVisitClock(book, ctx, 'C8.first-visit', e.at);
  if (parameter<string>(book, 'P.review-cycle-from') !== 'looked-after-since' || !ctx.lookedAfterSince)
    return openVisitClock(book, next, 'C8.first-review', e.at);
  // A child already looked after keeps the cycle that began then: walk its reviews, each counted from the
  // latest day the one before could have been held, to the first not yet due when the child arrives.
  const reviewEnd = (rule: string, from: string) => {
    const span = book.visits[rule].byNation[ctx.placingNation].span;
    try {
      return spanEnd(book, span, from);
    } catch (err) {
      // A year before the holiday tables: count weekends only, which never gives a later day.
      if (!(err instanceof CalendarCoverageError) || span.unit !== 'working-days') throw err;
      return spanEnd(book, { unit: 'calendar-days', amount: Math.floor(span.amount / 5) * 7 + (span.amount % 5) }, from);
    }
  };
  let step = 0;
  let dueAt = reviewEnd(REVIEW_CYCLE[0], startOfLocalDay(ctx.lookedAfterSince));
  while (Date.parse(dueAt) < Date.parse(e.at) && step < 200) dueAt = reviewEnd(REVIEW_CYCLE[Math.min(++step, REVIEW_CYCLE.length - 1)], dueAt);
  const rule = REVIEW_CYCLE[Math.min(step, REVIEW_CYCLE.length - 1)];
  return openDeadline(book, next, rule, e.at, dueAt, `review cycle counted from ${ctx.lookedAfterSince}, when the child became looked after`);
}

/** The advocacy clocks that apply to a child in `setting` arriving at `at` (settings and commencement per rule). */
export function advocacyClocks(book: Rulebook, setting: Setting, at: string): string[] {
  return clocksMetBy(book, 'advocacy-decision').filter((id) => {
    const applies = book.clocks[id].applies;
    if (!(applies?.settings ?? parameter<string[]>(book, 'P.advocacy-settings')).includes(setting)) return false;
    if (!applies?.commencementParameter) return true;
    const from = parameter<string>(book, applies.commencementParameter);
    return from !== '' && localDate(at) >= from;
  });
}

export function openAdvocacyClock(book: Rulebook, ctx: PlacementContext, e: EventOf<'CHILD_ARRIVED'>): PlacementContext {
  return advocacyClocks(book, ctx.setting, e.at).reduce((next, rule) => openSpan(book, next, rule, e.at), ctx);
}

export function recordVisit(book: Rulebook, ctx: PlacementContext, e: EventOf<'VISIT_RECORDED'>): PlacementContext {
  const next = recordOccasion(fulfil(book, ctx, byRule('C8.first-visit', 'C8.visit'), e.at), 'visit', e.at, e.childViews);
  return openVisitClock(book, { ...next, visits: { ...next.visits, lastVisitAt: e.at, visits: next.visits.visits + 1 } }, 'C8.visit', e.at);
}

export function recordReview(book: Rulebook, ctx: PlacementContext, e: EventOf<'REVIEW_RECORDED'>): PlacementContext {
  const held = ctx.visits.reviews + 1;
  // The next review follows the one this meets in the cycle (first, second, then every later one).
  const current = [...ctx.deadlines].reverse().find((d) => REVIEW_CYCLE.includes(d.rule))?.rule ?? REVIEW_CYCLE[0];
  const next = recordOccasion(fulfil(book, ctx, byRule(...REVIEW_CYCLE), e.at), 'review', e.at, e.childViews);
  const rule = current === REVIEW_CYCLE[0] ? REVIEW_CYCLE[1] : REVIEW_CYCLE[2];
  return openVisitClock(book, { ...next, visits: { ...next.visits, lastReviewAt: e.at, reviews: held } }, rule, e.at);
}

export function changeOrder(book: Rulebook, ctx: PlacementContext, e: EventOf<'ORDER_CHANGED'>): PlacementContext {
  let next: PlacementContext = {
    ...ctx,
    previousLegalBases: [...ctx.previousLegalBases, ctx.legalBasis],
    legalBasis: { ...e.legalBasis, terminatedAt: null },
  };
  // The old order's recognition clocks give way to the new order's.
  next = cancel(next, byRule('C5.dol-expiry', 'C5.dol-extension-notice'), e.at);
  const beforeArrival = book.clocks['C3.order-change-renotify'].beforeArrival;
  if (beforeArrival && ctx.arrivedAt === null) {
    // Not yet in Scotland: the notice describing the new order must be given before the child arrives.
    next = cancel(next, byRule(beforeArrival), e.at);
    next = openDeadline(
      book,
      next,
      beforeArrival,
      e.at,
      next.placement.plannedStart,
      `order changed to ${e.legalBasis.type} before arrival; planned start shown`,
    );
  } else next = openSpan(book, next, 'C3.order-change-renotify', e.at, e.legalBasis.madeOn, `order changed to ${e.legalBasis.type}`);
  if (isDol(book, e.legalBasis.type)) next = openDeadline(book, next, 'C5.dol-expiry', e.at, dolExpiry(book, e.legalBasis));
  return next;
}

export function extendDol(book: Rulebook, ctx: PlacementContext, e: EventOf<'DOL_EXTENDED'>): PlacementContext {
  const previousExpiry = dolExpiry(book, ctx.legalBasis);
  const reviewedOn = e.reviewedOn ?? localDate(e.at);
  let next: PlacementContext = { ...ctx, legalBasis: { ...ctx.legalBasis, expiresAt: e.expiresAt, reviewedOn } };
  next = fulfil(book, next, byRule('C5.dol-expiry'), e.at);
  next = openDeadline(book, next, 'C5.dol-extension-notice', e.at, previousExpiry, `extended to ${e.expiresAt}`);
  return openDeadline(book, next, 'C5.dol-expiry', e.at, dolExpiry(book, next.legalBasis));
}

export function terminateDol(book: Rulebook, ctx: PlacementContext, e: EventOf<'DOL_TERMINATED'>): PlacementContext {
  let next: PlacementContext = { ...ctx, legalBasis: { ...ctx.legalBasis, terminatedAt: e.at } };
  next = cancel(next, byRule('C5.dol-expiry', 'C5.dol-extension-notice'), e.at);
  return openSpan(book, next, 'C5.dol-termination-notice', e.at);
}

export function proposeMove(book: Rulebook, ctx: PlacementContext, e: EventOf<'MOVE_PROPOSED'>): PlacementContext {
  const next = cancel(ctx, byRule('C4.move-renotify'), e.at);
  const proposedMove = { setting: e.setting ?? ctx.setting, placement: e.placement, proposedAt: e.at };
  return openDeadline(book, { ...next, proposedMove }, 'C4.move-renotify', e.at, e.placement.plannedStart, 'due before the move; planned move shown');
}

export function withdrawMove(ctx: PlacementContext, e: EventOf<'MOVE_WITHDRAWN'>): PlacementContext {
  return { ...cancel(ctx, byRule('C4.move-renotify'), e.at), proposedMove: null };
}

/** Clocks met after `at` by an act that, as the event dated `at` now shows, came too late: missed, done late. */
function missedAfterAll(ctx: PlacementContext, pick: (d: Deadline) => boolean, at: string): PlacementContext {
  const late = (d: Deadline) => pick(d) && d.status === 'met' && d.metAt !== null && Date.parse(at) < Date.parse(d.metAt);
  if (!ctx.deadlines.some(late)) return ctx;
  return { ...ctx, deadlines: ctx.deadlines.map((d) => (late(d) ? { ...d, status: 'missed' as const, closedAt: at } : d)) };
}

export function completeMove(ctx: PlacementContext, e: EventOf<'MOVED'>): PlacementContext {
  const move = ctx.proposedMove;
  if (!move) return ctx;
  const next = moveSiblings(leaveStay(missedAfterAll(miss(ctx, byRule('C4.move-renotify'), e.at), byRule('C4.move-renotify'), e.at), e.at, null), e);
  return {
    ...next,
    setting: move.setting,
    placement: move.placement,
    proposedMove: null,
    moves: [...next.moves, { from: ctx.placement, to: move.placement, at: e.at }],
    service: { ...next.service, stays: [...next.service.stays, stayAt(move.placement, e.at)] },
  };
}

/** A care service confirms it holds evidence of the order: for the home the child is moving to, during a move. */
export function confirmServiceEvidence(ctx: PlacementContext, e: EventOf<'SERVICE_EVIDENCE_CONFIRMED'>): PlacementContext {
  const place = ctx.proposedMove?.placement ?? ctx.placement;
  const evidence: ServiceEvidence = {
    at: e.at,
    evidence: e.evidence,
    serviceName: place.serviceName,
    serviceProviderId: place.serviceProviderId ?? null,
    legalBasis: { type: ctx.legalBasis.type, madeOn: ctx.legalBasis.madeOn },
  };
  return { ...ctx, service: { ...ctx.service, evidence: [...ctx.service.evidence, evidence] } };
}

/** The child left the service. Nothing ends: the placing authority records the move or the end. */
export const departService = (ctx: PlacementContext, e: EventOf<'CHILD_DEPARTED'>): PlacementContext => leaveStay(ctx, e.at, e.reason ?? null);

/** Whether the child is at a service now (arrived, not yet recorded as gone). */
export const atService = (ctx: PlacementContext): boolean => ctx.service.stays.some((s) => s.departedAt === null);

/** Clocks the placing authority owes while the child is placed: they stop when the placement stops. */
const PLACED_DUTIES = [
  'C1.notice-before-arrival',
  'C1.updated-notice-before-arrival',
  'C3.order-change-renotify',
  'C4.move-renotify',
  'C5.dol-expiry',
  'C5.dol-extension-notice',
  'C7.advocacy-offer',
  'C7.foster-advocacy',
  'C8.first-visit',
  'C8.visit',
  'C8.first-review',
  'C8.second-review',
  'C8.later-review',
  'C11.age-18',
  'C12.late-notice',
  'DUTY.conditions-check',
  'DUTY.urgent-transfer-report',
];

/** The placement ends (PLACEMENT_ENDED or the child turning 18): duties stop; recipients must be told. */
export function endPlacement(book: Rulebook, ctx: PlacementContext, at: string, reason: string): PlacementContext {
  const next: PlacementContext = { ...cancel(ctx, byRule(...PLACED_DUTIES), at), end: { at, reason }, proposedMove: null };
  // Never notified: the placement is final at once, so nothing may stay open. Otherwise the recipients are told.
  return next.notices.length > 0 ? openSpan(book, next, 'END.end-notice', at) : cancel(next, () => true, at);
}

export function elapse(book: Rulebook, ctx: PlacementContext, e: EventOf<'DEADLINE_ELAPSED'>): PlacementContext {
  const deadline = ctx.deadlines.find((d) => d.id === e.deadlineId);
  if (!deadline) return ctx;
  if (clockRule(book, deadline.rule).missedEffect === 'ends-regime') {
    const ended = setStatus(ctx, deadline.id, 'met', deadline.dueAt);
    return endPlacement(book, ended, deadline.dueAt, 'The child reached 18 (C11.age-18)');
  }
  return setStatus(ctx, deadline.id, 'missed', e.at);
}

export function supersede(ctx: PlacementContext, e: EventOf<'SCOTTISH_CSO_MADE'>): PlacementContext {
  return { ...cancel(ctx, () => true, e.at), supersededBy: { at: e.at, interim: e.interim } };
}

/** A Scottish CSO where the rulebook still owes the recipients the end notice: every duty stops but that one. */
export function supersedeOwingEndNotice(book: Rulebook, ctx: PlacementContext, e: EventOf<'SCOTTISH_CSO_MADE'>): PlacementContext {
  const reason = `A Scottish ${e.interim ? 'interim ' : ''}compulsory supervision order was made (C6.scottish-cso)`;
  const next: PlacementContext = { ...supersede(ctx, e), end: { at: e.at, reason }, proposedMove: null };
  return openSpan(book, next, 'END.end-notice', e.at);
}

export function makeTransferEffective(book: Rulebook, ctx: PlacementContext, e: EventOf<'TRANSFER_EFFECTIVE'>): PlacementContext {
  // Responsibility passes to the host authority: the placing authority's clocks stop.
  const stopped = cancel(ctx, (d) => d.rule !== 'C9.enforcement-cure', e.at);
  let next: PlacementContext = { ...stopped, proposedMove: null, transfer: { ...stopped.transfer, effectiveAt: e.at } };
  // Rulebook @1 opens the hearing clock here; a rulebook that names its trigger (opensOn) opens it there.
  if (book.clocks['C10.transfer-hearing'] && !book.clocks['C10.transfer-hearing'].opensOn) next = openSpan(book, next, 'C10.transfer-hearing', e.at);
  for (const rule of clocksOpenedBy(book, 'TRANSFER_EFFECTIVE')) next = openSpan(book, next, rule, e.at);
  if (endNoticeAfter(book, 'transferred') && next.notices.length > 0) next = openSpan(book, next, 'END.end-notice', e.at);
  return next;
}

export function notifyReporter(book: Rulebook, ctx: PlacementContext, e: EventOf<'REPORTER_NOTIFIED'>): PlacementContext {
  let next: PlacementContext = fulfil(
    book,
    { ...ctx, transfer: { ...ctx.transfer, reporterNotifiedAt: e.at } },
    byRule(...clocksMetBy(book, 'reporter-notified')),
    e.at,
  );
  for (const rule of clocksOpenedBy(book, 'REPORTER_NOTIFIED')) next = openSpan(book, next, rule, e.at);
  return next;
}

export function checkConditions(book: Rulebook, ctx: PlacementContext, e: EventOf<'CONDITIONS_CHECKED'>): PlacementContext {
  const rules = clocksMetBy(book, 'conditions-check');
  let next: PlacementContext = fulfil(book, ctx, byRule(...rules), e.at);
  next = { ...next, conditionsChecks: [...next.conditionsChecks, { at: e.at, conditionsMet: e.conditionsMet, text: e.text ?? null }] };
  for (const rule of rules) if (book.clocks[rule].recurs && latest(ctx, rule)) next = openSpan(book, next, rule, e.at);
  return next;
}

export function makeUrgentTransfer(book: Rulebook, ctx: PlacementContext, e: EventOf<'URGENT_TRANSFER_MADE'>): PlacementContext {
  const next: PlacementContext = { ...ctx, urgentTransfers: [...ctx.urgentTransfers, { at: e.at, reason: e.reason, reportedAt: null }] };
  return clocksOpenedBy(book, 'URGENT_TRANSFER_MADE').reduce((acc, rule) => openSpan(book, acc, rule, e.at), next);
}

export function reportUrgentTransfer(book: Rulebook, ctx: PlacementContext, e: EventOf<'URGENT_TRANSFER_REPORTED'>): PlacementContext {
  const next = fulfil(book, ctx, byRule(...clocksMetBy(book, 'urgent-transfer-report')), e.at);
  return { ...next, urgentTransfers: next.urgentTransfers.map((t) => (t.reportedAt === null ? { ...t, reportedAt: e.at } : t)) };
}

export function issueEnforcement(book: Rulebook, ctx: PlacementContext, e: EventOf<'ENFORCEMENT_NOTICE_ISSUED'>): PlacementContext {
  return openSpan(book, { ...ctx, enforcement: { duty: e.duty, issuedAt: e.at } }, 'C9.enforcement-cure', e.at, undefined, e.duty);
}

export function performDuty(book: Rulebook, ctx: PlacementContext, e: EventOf<'DUTY_PERFORMED'>): PlacementContext {
  return { ...fulfil(book, ctx, byRule('C9.enforcement-cure'), e.at), enforcement: null };
}

export function decideAdvocacy(book: Rulebook, ctx: PlacementContext, e: EventOf<'ADVOCACY_OFFERED'> | EventOf<'ADVOCACY_NOT_APPROPRIATE'>): PlacementContext {
  const next = fulfil(book, ctx, byRule(...clocksMetBy(book, 'advocacy-decision')), e.at);
  const advocacy =
    e.type === 'ADVOCACY_OFFERED'
      ? { ...next.advocacy, offeredAt: e.at, decision: null, decidedAt: null, providerId: e.providerId ?? next.advocacy.providerId }
      : { ...next.advocacy, notAppropriateReason: e.reason };
  return { ...next, advocacy };
}

/** The hearing closes the host's clocks; an end notice still owed stays open (P.end-notice-after). */
export const hearingHeld = (book: Rulebook, ctx: PlacementContext, e: EventOf<'HEARING_HELD'>) =>
  cancel(fulfil(book, ctx, byRule('C10.transfer-hearing'), e.at), (d) => d.rule !== 'END.end-notice', e.at);

/** Entering `ended` from `ending`: the end notice was given; any clock still open closes then. */
export function closeRemainingClocks(ctx: PlacementContext): PlacementContext {
  const end = ctx.deadlines.find((d) => d.rule === 'END.end-notice' && d.metAt !== null);
  return cancel(ctx, () => true, end?.metAt ?? ctx.end?.at ?? ctx.createdAt);
}
