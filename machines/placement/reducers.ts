// Pure context updates, one per kind of event. The statechart decides whether an event is allowed;
// these decide what it changes: facts recorded and clocks opened, met, missed or cancelled.
import { parameter, type Rulebook } from '../rulebook';
import { ageLimitReachedAt, dolExpiry, spanEnd } from './clock';
import { byRule, cancel, clockRule, fulfil, miss, openDeadline, setStatus } from './deadlines';
import { isDol } from './legal-basis';
import type { EventOf, PlacementContext, PlacementInput } from './types';

const spanOf = (book: Rulebook, rule: string) => {
  const clock = book.clocks[rule].clock;
  if (clock.kind !== 'span') throw new Error(`${rule} is not a span clock`);
  return clock.span;
};

/** Open a Scottish span clock from `from`. */
export function openSpan(book: Rulebook, ctx: PlacementContext, rule: string, from: string, fromDate?: string, note?: string) {
  return openDeadline(book, ctx, rule, from, spanEnd(book, spanOf(book, rule), from, fromDate), note);
}

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
  };
  ctx = openDeadline(book, ctx, 'C1.notice-before-arrival', input.createdAt, input.placement.plannedStart, 'due before the child arrives; planned start shown');
  ctx = openDeadline(book, ctx, 'C11.age-18', input.createdAt, ageLimitReachedAt(book, input.child.dateOfBirth));
  if (isDol(book, ctx.legalBasis.type)) ctx = openDeadline(book, ctx, 'C5.dol-expiry', input.createdAt, dolExpiry(book, ctx.legalBasis));
  return ctx;
}

export function arrive(book: Rulebook, ctx: PlacementContext, e: EventOf<'CHILD_ARRIVED'>): PlacementContext {
  let next: PlacementContext = { ...ctx, arrivedAt: e.at };
  const noticePending = next.deadlines.some((d) => d.rule === 'C1.notice-before-arrival' && d.status === 'open');
  if (noticePending) {
    next = miss(next, byRule('C1.notice-before-arrival'), e.at);
    if (parameter<boolean>(book, 'P.late-notice-allowed')) next = openSpan(book, next, 'C12.late-notice', e.at);
  }
  return next;
}

export function openVisitClocks(book: Rulebook, ctx: PlacementContext, e: EventOf<'CHILD_ARRIVED'>): PlacementContext {
  return openVisitClock(book, openVisitClock(book, ctx, 'C8.first-visit', e.at), 'C8.first-review', e.at);
}

export function openAdvocacyClock(book: Rulebook, ctx: PlacementContext, e: EventOf<'CHILD_ARRIVED'>): PlacementContext {
  return openSpan(book, ctx, 'C7.advocacy-offer', e.at);
}

export function recordVisit(book: Rulebook, ctx: PlacementContext, e: EventOf<'VISIT_RECORDED'>): PlacementContext {
  const next = fulfil(book, ctx, byRule('C8.first-visit', 'C8.visit'), e.at);
  return openVisitClock(book, { ...next, visits: { ...next.visits, lastVisitAt: e.at, visits: next.visits.visits + 1 } }, 'C8.visit', e.at);
}

export function recordReview(book: Rulebook, ctx: PlacementContext, e: EventOf<'REVIEW_RECORDED'>): PlacementContext {
  const held = ctx.visits.reviews + 1;
  const next = fulfil(book, ctx, byRule('C8.first-review', 'C8.second-review', 'C8.later-review'), e.at);
  const rule = held === 1 ? 'C8.second-review' : 'C8.later-review';
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
  next = openSpan(book, next, 'C3.order-change-renotify', e.at, e.legalBasis.madeOn, `order changed to ${e.legalBasis.type}`);
  if (isDol(book, e.legalBasis.type)) next = openDeadline(book, next, 'C5.dol-expiry', e.at, dolExpiry(book, e.legalBasis));
  return next;
}

export function extendDol(book: Rulebook, ctx: PlacementContext, e: EventOf<'DOL_EXTENDED'>): PlacementContext {
  const previousExpiry = dolExpiry(book, ctx.legalBasis);
  let next: PlacementContext = { ...ctx, legalBasis: { ...ctx.legalBasis, expiresAt: e.expiresAt } };
  next = fulfil(book, next, byRule('C5.dol-expiry'), e.at);
  next = openDeadline(book, next, 'C5.dol-extension-notice', e.at, previousExpiry, `extended to ${e.expiresAt}`);
  return openDeadline(book, next, 'C5.dol-expiry', e.at, e.expiresAt);
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

export function completeMove(ctx: PlacementContext, e: EventOf<'MOVED'>): PlacementContext {
  const move = ctx.proposedMove;
  if (!move) return ctx;
  const next = miss(ctx, byRule('C4.move-renotify'), e.at);
  return {
    ...next,
    setting: move.setting,
    placement: move.placement,
    proposedMove: null,
    moves: [...next.moves, { from: ctx.placement, to: move.placement, at: e.at }],
  };
}

/** Clocks the placing authority owes while the child is placed: they stop when the placement stops. */
const PLACED_DUTIES = [
  'C1.notice-before-arrival',
  'C3.order-change-renotify',
  'C4.move-renotify',
  'C5.dol-expiry',
  'C5.dol-extension-notice',
  'C7.advocacy-offer',
  'C8.first-visit',
  'C8.visit',
  'C8.first-review',
  'C8.second-review',
  'C8.later-review',
  'C11.age-18',
  'C12.late-notice',
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

export function makeTransferEffective(book: Rulebook, ctx: PlacementContext, e: EventOf<'TRANSFER_EFFECTIVE'>): PlacementContext {
  // Responsibility passes to the host authority: the placing authority's clocks stop.
  const next = cancel(ctx, (d) => d.rule !== 'C9.enforcement-cure', e.at);
  return openSpan(book, { ...next, proposedMove: null, transfer: { ...next.transfer, effectiveAt: e.at } }, 'C10.transfer-hearing', e.at);
}

export function issueEnforcement(book: Rulebook, ctx: PlacementContext, e: EventOf<'ENFORCEMENT_NOTICE_ISSUED'>): PlacementContext {
  return openSpan(book, { ...ctx, enforcement: { duty: e.duty, issuedAt: e.at } }, 'C9.enforcement-cure', e.at, undefined, e.duty);
}

export function performDuty(book: Rulebook, ctx: PlacementContext, e: EventOf<'DUTY_PERFORMED'>): PlacementContext {
  return { ...fulfil(book, ctx, byRule('C9.enforcement-cure'), e.at), enforcement: null };
}

export function decideAdvocacy(
  book: Rulebook,
  ctx: PlacementContext,
  e: EventOf<'ADVOCACY_OFFERED'> | EventOf<'ADVOCACY_NOT_APPROPRIATE'>,
): PlacementContext {
  const next = fulfil(book, ctx, byRule('C7.advocacy-offer'), e.at);
  const advocacy =
    e.type === 'ADVOCACY_OFFERED'
      ? { ...next.advocacy, offeredAt: e.at, decision: null, decidedAt: null, providerId: e.providerId ?? next.advocacy.providerId }
      : { ...next.advocacy, notAppropriateReason: e.reason };
  return { ...next, advocacy };
}

export const hearingHeld = (book: Rulebook, ctx: PlacementContext, e: EventOf<'HEARING_HELD'>) =>
  cancel(fulfil(book, ctx, byRule('C10.transfer-hearing'), e.at), () => true, e.at);

/** Entering `ended` from `ending`: the end notice was given; any clock still open closes then. */
export function closeRemainingClocks(ctx: PlacementContext): PlacementContext {
  const end = ctx.deadlines.find((d) => d.rule === 'END.end-notice' && d.metAt !== null);
  return cancel(ctx, () => true, end?.metAt ?? ctx.end?.at ?? ctx.createdAt);
}

