// Model-based testing of the placement machine with xstate/graph: focused traversals whose events
// are generated from the snapshot (times move forward; the scheduler's DEADLINE_ELAPSED fires at a
// clock's due time; pending recipients accept the newest notice). Every path is replayed from its
// start and the invariants are checked on every step, with the legal status from deriveLegalStatus
// and viewOf; applyEvent is cross-checked against the machine on a sample of steps of each type.
import { DateTime } from 'luxon';
import { createEmptyActor, type ActorLogic, type SnapshotFrom } from 'xstate';
import { getShortestPaths, getStateNodes } from 'xstate/graph';
import { activeRulebook, type RecipientRole, type Rulebook } from '../../machines/rulebook';
import {
  applyEvent,
  clockRule,
  createPlacementMachine,
  deriveLegalStatus,
  isDol,
  startPlacement,
  viewOf,
  type Deadline,
  type LegalStatus,
  type PersistedPlacement,
  type PlacementContext,
  type PlacementEvent,
  type PlacementEventType,
  type PlacementInput,
  type PlacementMachine,
  type PlacementStateValue,
} from '../../machines/placement';
import { isBeforeEvent } from '../../machines/placement/deadlines';

export type Snap = SnapshotFrom<PlacementMachine>;
export type Logic = ActorLogic<Snap, PlacementEvent, PlacementInput>;

/** Every event type of the machine, user and system. */
export const ALL_EVENT_TYPES: readonly PlacementEventType[] = [
  'NOTICE_SIGNED',
  'NOTICE_UPDATED',
  'DELIVERY_ACCEPTED',
  'DELIVERY_FAILED',
  'CHILD_ARRIVED',
  'HOST_CONDITIONS_CONFIRMED',
  'HOST_QUERY_RAISED',
  'HOST_QUERY_ANSWERED',
  'ORDER_CHANGED',
  'MOVE_PROPOSED',
  'MOVE_WITHDRAWN',
  'MOVED',
  'DOL_EXTENDED',
  'DOL_TERMINATED',
  'SCOTTISH_CSO_MADE',
  'ADVOCACY_OFFERED',
  'ADVOCACY_NOT_APPROPRIATE',
  'ADVOCACY_ACCEPTED',
  'ADVOCACY_DECLINED',
  'ADVOCATE_ASSIGNED',
  'VISIT_RECORDED',
  'REVIEW_RECORDED',
  'ENFORCEMENT_NOTICE_ISSUED',
  'DUTY_PERFORMED',
  'SHERIFF_APPLICATION_MADE',
  'ENFORCEMENT_ORDER_MADE',
  'TRANSFER_PROPOSED',
  'TRANSFER_CONSENTED',
  'TRANSFER_REFUSED',
  'TRANSFER_EFFECTIVE',
  'REPORTER_NOTIFIED',
  'HEARING_HELD',
  'PLACEMENT_ENDED',
  'CONDITIONS_CHECKED',
  'URGENT_TRANSFER_MADE',
  'URGENT_TRANSFER_REPORTED',
  'SERVICE_EVIDENCE_CONFIRMED',
  'CHILD_DEPARTED',
  'CHILD_VIEWS_RECORDED',
  'SIBLING_RECORDED',
  'FAMILY_TIME_ARRANGED',
  'FAMILY_TIME_RECORDED',
  'ADVOCACY_MATTER_RAISED',
  'ADVOCACY_MATTER_UPDATED',
  'DEADLINE_ELAPSED',
];
const SYSTEM: readonly PlacementEventType[] = ['DEADLINE_ELAPSED', 'DELIVERY_ACCEPTED', 'DELIVERY_FAILED'];

/** The placing authority's duties while the child is placed: they stop when the placement stops. Written
 * out here on purpose, apart from reducers.ts, so the invariant is checked against an independent list. */
export const PLACED_DUTIES = [
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

// ---------------------------------------------------------------------------------------------
// Time: every instant is a UTC ISO string with milliseconds, as the machine stores them.

const ms = (iso: string) => Date.parse(iso);
export const iso = (t: number) => new Date(t).toISOString();
export const plusMinutes = (at: string, minutes: number) => iso(ms(at) + minutes * 60_000);
export const plusDays = (at: string, days: number) => plusMinutes(at, days * 24 * 60);
export const plusMonths = (at: string, months: number) => {
  const d = new Date(ms(at));
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString();
};
const latestInstant = (times: (string | null | undefined)[]) => times.reduce<string>((acc, t) => (t && ms(t) > ms(acc) ? t : acc), '1970-01-01T00:00:00.000Z');

/** The latest instant any event left in the context: the clock of a snapshot we did not reach ourselves. */
export function contextClock(ctx: PlacementContext): string {
  return latestInstant([
    ctx.createdAt,
    ctx.arrivedAt,
    ctx.end?.at,
    ctx.supersededBy?.at,
    ctx.proposedMove?.proposedAt,
    ...ctx.moves.map((m) => m.at),
    ...ctx.notices.flatMap((n) => [n.signedAt, n.givenAt, n.supersededAt, ...n.recipients.map((r) => r.at)]),
    ...ctx.deadlines.flatMap((d) => [d.openedAt, d.closedAt, d.metAt]),
    ctx.hostReview.confirmedAt,
    ...ctx.hostReview.queries.flatMap((q) => [q.raisedAt, q.answeredAt]),
    ctx.advocacy.offeredAt,
    ctx.advocacy.decidedAt,
    ctx.visits.lastVisitAt,
    ctx.visits.lastReviewAt,
    ctx.enforcement?.issuedAt,
    ctx.transfer.proposedAt,
    ctx.transfer.consentedAt,
    ctx.transfer.effectiveAt,
    ctx.transfer.reporterNotifiedAt,
    ...ctx.conditionsChecks.map((c) => c.at),
    ...ctx.urgentTransfers.flatMap((t) => [t.at, t.reportedAt]),
    ...ctx.relationships.views.map((v) => v.at),
    ...ctx.relationships.occasions.map((o) => o.at),
    ...ctx.relationships.siblings.map((x) => x.updatedAt),
    ...ctx.relationships.arrangements.map((a) => a.updatedAt),
    ...ctx.relationships.sessions.map((x) => x.at),
    ...ctx.relationships.advocacyMatters.flatMap((m) => [m.raisedAt, ...m.outcomes.map((o) => o.at)]),
  ]);
}

/**
 * The machine as traversal logic that remembers the `at` of the event that produced each snapshot,
 * so the next generated event is never earlier (some events, e.g. TRANSFER_REFUSED, record no time).
 */
const producers = new WeakMap<object, PlacementEventType>();
/** The type of the event that produced a snapshot during a traversal (for keys that must tell it apart). */
export const producedBy = (s: Snap): PlacementEventType | undefined => producers.get(s);

export function timedLogic(machine: PlacementMachine) {
  const times = new WeakMap<object, string>();
  const logic = {
    transition: (s: Snap, e: PlacementEvent, scope: unknown) => {
      const next = machine.transition(s, e, scope as never) as Snap;
      if (next !== s) {
        times.set(next, e.at);
        producers.set(next, e.type);
      }
      return next;
    },
    getInitialSnapshot: (scope: unknown, input: PlacementInput) => machine.getInitialSnapshot(scope as never, input) as Snap,
    getPersistedSnapshot: (s: Snap) => machine.getPersistedSnapshot(s),
  } as unknown as Logic;
  const now = (s: Snap) => latestInstant([times.get(s), contextClock(s.context)]);
  return { logic, now };
}

// ---------------------------------------------------------------------------------------------
// Events: concrete, valid events of each type for a snapshot at a time.

export const signatory = { name: 'Jo Bloggs', role: 'Head of Children in Care' };
const newest = (ctx: PlacementContext) => ctx.notices[ctx.notices.length - 1];

export interface EventOptions {
  /** Legal basis types an ORDER_CHANGED cycles through. */
  orderTypes?: string[];
  /** Settings a MOVE_PROPOSED cycles through. */
  moveSettings?: ('residential' | 'foster')[];
  /** DELIVERY_ACCEPTED from each pending recipient (default), or from the first one only. */
  deliveries?: 'each' | 'first';
  /** DELIVERY_FAILED from these recipients while pending (default: the first pending recipient, once per version). */
  failRoles?: RecipientRole[];
  /** DELIVERY_ACCEPTED from copy recipients too (those that do not decide "given"). */
  copies?: boolean;
}

const parameterOf = (book: Rulebook, id: string, absent: unknown) => (book.parameters[id] ? book.parameters[id].value : absent);

/** Where the rulebook counts the DoL relevant period from the day made or last reviewed (rulebook @2 on). */
export const dolPeriodFromMade = (book: Rulebook) => parameterOf(book, 'P.dol-period-from', 'effective-from') === 'made-or-last-reviewed';

/**
 * When the running DoL order stops being recognised, worked out here apart from the machine: its stated
 * expiry, or (counting from the day made or reviewed) the earlier of that and the day before the
 * corresponding day, months later, at the end of that day in London.
 */
export function dolExpiryOf(book: Rulebook, ctx: PlacementContext): string {
  const months = book.parameters['P.dol-review-period-months'].value as number;
  const lb = ctx.legalBasis;
  if (!dolPeriodFromMade(book)) return lb.expiresAt ?? plusMonths(lb.effectiveFrom, months);
  const period = DateTime.fromISO(lb.reviewedOn ?? lb.madeOn, { zone: 'Europe/London' })
    .plus({ months })
    .minus({ days: 1 })
    .endOf('day')
    .toUTC()
    .toISO()!;
  const capped = parameterOf(book, 'P.dol-stated-expiry', 'expiry-replaces-period') === 'earlier-of-expiry-and-period';
  if (!lb.expiresAt) return period;
  return capped && ms(period) < ms(lb.expiresAt) ? period : iso(ms(lb.expiresAt));
}

/** Whether the rulebook has a clock met by this kind of act (a duty it adds). */
export const hasClockMetBy = (book: Rulebook, metBy: string) => Object.values(book.clocks).some((c) => c.metBy === metBy);
/** An end notice is still owed (END.end-notice open, or missed and not yet given). */
export const endNoticeOwed = (ctx: PlacementContext) => ctx.deadlines.some((d) => d.rule === 'END.end-notice' && d.metAt === null && d.status !== 'cancelled');
/** The terminated order left nothing in force, where the rulebook says a terminated order has no effect. */
export const noOrderInForce = (book: Rulebook, ctx: PlacementContext) =>
  !!ctx.legalBasis.terminatedAt && parameterOf(book, 'P.terminated-order-has-effect', true) === false;
/** Clocks decided by the child's arrival (before-event CHILD_ARRIVED). */
const beforeArrival = (book: Rulebook, rule: string) => {
  const c = book.clocks[rule]?.clock;
  return c?.kind === 'before-event' && c.event === 'CHILD_ARRIVED';
};

/**
 * The events of `type` a traversal tries from `s` at `at`. DELIVERY_ACCEPTED: one per pending
 * recipient of the newest version; DELIVERY_FAILED: the first still-pending recipient, once per
 * version; DEADLINE_ELAPSED: one per open deadline, at its due time (or `at` if later).
 */
export function eventsOf(book: Rulebook, type: PlacementEventType, s: Snap, at: string, opts: EventOptions = {}): PlacementEvent[] {
  const ctx = s.context;
  switch (type) {
    case 'NOTICE_SIGNED':
    case 'NOTICE_UPDATED':
      return [{ type, signatory, at }];
    case 'DELIVERY_ACCEPTED': {
      const n = newest(ctx);
      if (!n) return [];
      const pending = n.recipients.filter((r) => (r.required || opts.copies) && r.status !== 'accepted');
      return (opts.deliveries === 'first' ? pending.slice(0, 1) : pending).map((r) => ({ type, version: n.version, recipient: r.role, at }));
    }
    case 'DELIVERY_FAILED': {
      const n = newest(ctx);
      if (n && opts.failRoles)
        return n.recipients
          .filter((r) => r.status === 'pending' && opts.failRoles!.includes(r.role))
          .map((r) => ({ type, version: n.version, recipient: r.role, reason: '550 mailbox unavailable', at }));
      if (!n || n.recipients.some((r) => r.status === 'failed')) return [];
      const r = n.recipients.find((x) => x.status === 'pending');
      return r ? [{ type, version: n.version, recipient: r.role, reason: '451 mailbox unavailable', at }] : [];
    }
    case 'CHILD_ARRIVED':
    case 'HOST_CONDITIONS_CONFIRMED':
    case 'MOVE_WITHDRAWN':
    case 'MOVED':
    case 'DOL_TERMINATED':
    case 'ADVOCACY_OFFERED':
    case 'ADVOCACY_ACCEPTED':
    case 'ADVOCACY_DECLINED':
    case 'VISIT_RECORDED':
    case 'REVIEW_RECORDED':
    case 'DUTY_PERFORMED':
    case 'SHERIFF_APPLICATION_MADE':
    case 'ENFORCEMENT_ORDER_MADE':
    case 'TRANSFER_PROPOSED':
    case 'TRANSFER_CONSENTED':
    case 'TRANSFER_REFUSED':
    case 'TRANSFER_EFFECTIVE':
    case 'REPORTER_NOTIFIED':
    case 'HEARING_HELD':
    case 'URGENT_TRANSFER_REPORTED':
      return [{ type, at } as PlacementEvent];
    case 'CONDITIONS_CHECKED':
      return [{ type, conditionsMet: ctx.conditionsChecks.length % 2 === 0, text: 'Visited; checked the order', at }];
    case 'URGENT_TRANSFER_MADE':
      return [{ type, reason: 'The home closed overnight', at }];
    case 'SERVICE_EVIDENCE_CONFIRMED':
      return [{ type, evidence: 'Copy of the order and the notice', at }];
    case 'CHILD_DEPARTED':
      return [{ type, reason: 'Moved on', at }];
    case 'CHILD_VIEWS_RECORDED': {
      const occasion = (['notification', 'review', 'visit'] as const)[ctx.relationships.views.length % 3];
      return [{ type, occasion, childViews: { method: 'direct', said: 'I like it here', recordedBy: { name: 'Sam Patel', role: 'Social worker' } }, at }];
    }
    case 'SIBLING_RECORDED': {
      // Placed together first, then recorded apart: a separation.
      const first = ctx.relationships.siblings[0];
      return first
        ? [
            {
              type,
              sibling: { siblingId: first.id, relationship: 'full', livesWhere: 'home-nation', separationReason: 'Went home', contactPlan: 'Weekly calls' },
              at,
            },
          ]
        : [{ type, sibling: { relationship: 'full', livesWhere: 'same-placement' }, at }];
    }
    case 'FAMILY_TIME_ARRANGED':
      return [{ type, arrangement: { who: 'Mum', relationship: 'parent', how: 'video', frequency: { times: 1, per: 'week' } }, at }];
    case 'FAMILY_TIME_RECORDED': {
      const a = ctx.relationships.arrangements[0];
      return [{ type, session: { arrangementId: a?.id ?? 'F1', held: ctx.relationships.sessions.length % 2 === 0, missedReason: 'illness' }, at }];
    }
    case 'ADVOCACY_MATTER_RAISED':
      return [{ type, matter: { text: 'Wants evening phone calls' }, at }];
    case 'ADVOCACY_MATTER_UPDATED': {
      const m = ctx.relationships.advocacyMatters[0];
      return [{ type, outcome: { matterId: m?.id ?? 'M1', status: 'acted-on', text: 'Agreed' }, at }];
    }
    case 'HOST_QUERY_RAISED':
      return [{ type, text: 'Which school will the child attend?', at }];
    case 'HOST_QUERY_ANSWERED':
      return [{ type, text: 'Harbour Academy', at }];
    case 'ADVOCACY_NOT_APPROPRIATE':
      return [{ type, reason: 'Too young to instruct an advocate (age and maturity)', at }];
    case 'ADVOCATE_ASSIGNED':
      return [{ type, advocate: `Advocate ${ctx.advocacy.advocate ? 2 : 1}`, at }];
    case 'ENFORCEMENT_NOTICE_ISSUED':
      return [{ type, duty: 'C8.visit', at }];
    case 'SCOTTISH_CSO_MADE':
      return [{ type, interim: true, at }];
    case 'PLACEMENT_ENDED':
      return [{ type, reason: 'Returned home', at }];
    case 'ORDER_CHANGED': {
      const types = opts.orderTypes ?? ['interim-care-order', 'care-order'];
      const next = types[ctx.previousLegalBases.length % types.length];
      const dol = isDol(book, next);
      return [
        {
          type,
          legalBasis: { type: next, court: 'Family Court', madeOn: at.slice(0, 10), effectiveFrom: at, expiresAt: dol ? plusMonths(at, 3) : null },
          at,
        },
      ];
    }
    case 'MOVE_PROPOSED': {
      const settings = opts.moveSettings ?? [ctx.setting];
      const n = ctx.moves.length + 2;
      return [
        {
          type,
          setting: settings[ctx.moves.length % settings.length],
          placement: { ...ctx.placement, serviceName: `Home ${n}`, serviceAddress: `${n} Shore Street, Aberdeen`, plannedStart: plusDays(at, 2) },
          at,
        },
      ];
    }
    case 'DOL_EXTENDED':
      return [{ type, expiresAt: plusMonths(dolExpiryOf(book, ctx), 3), at }];
    case 'DEADLINE_ELAPSED':
      return ctx.deadlines.filter((d) => d.status === 'open').map((d) => ({ type, deadlineId: d.id, rule: d.rule, at: latestInstant([d.dueAt, at]) }));
  }
}

/**
 * Events to probe a state with: one sample of every type, plus the scheduler's and the mail
 * server's events for every deadline and recipient, including ones the state must refuse
 * (a deadline elapsed early or twice, an accepted recipient accepting again).
 */
export function probeEvents(book: Rulebook, s: Snap, at: string): PlacementEvent[] {
  const ctx = s.context;
  const out: PlacementEvent[] = [];
  for (const type of ALL_EVENT_TYPES) {
    if (type === 'DEADLINE_ELAPSED' || type === 'DELIVERY_ACCEPTED' || type === 'DELIVERY_FAILED') continue;
    out.push(...eventsOf(book, type, s, at, {}).slice(0, 1));
  }
  for (const d of ctx.deadlines) {
    out.push({ type: 'DEADLINE_ELAPSED', deadlineId: d.id, rule: d.rule, at: latestInstant([d.dueAt, at]) });
    out.push({ type: 'DEADLINE_ELAPSED', deadlineId: d.id, rule: d.rule, at: plusMinutes(d.dueAt, -1) });
  }
  out.push({ type: 'DEADLINE_ELAPSED', deadlineId: 'C3.order-change-renotify#999', rule: 'C3.order-change-renotify', at });
  const n = newest(ctx);
  if (n) {
    for (const r of n.recipients) out.push({ type: 'DELIVERY_ACCEPTED', version: n.version, recipient: r.role, at });
    for (const r of [n.recipients[0], n.recipients[n.recipients.length - 1]])
      out.push({ type: 'DELIVERY_FAILED', version: n.version, recipient: r.role, reason: 'bounced', at });
  }
  const older = ctx.notices[ctx.notices.length - 2];
  if (older) out.push({ type: 'DELIVERY_ACCEPTED', version: older.version, recipient: older.recipients[0].role, at });
  // A version that does not exist yet.
  out.push({ type: 'DELIVERY_ACCEPTED', version: ctx.notices.length + 1, recipient: 'host-authority', at });
  return out;
}

// ---------------------------------------------------------------------------------------------
// The expected answer to "is this event allowed here?", written from the regulations and the
// design (design.md), independently of the machine's guards.

const regionsOf = (value: PlacementStateValue): Record<string, string> | null => (typeof value === 'string' ? null : value.active);

export function expectedAllowed(book: Rulebook, s: Snap, e: PlacementEvent): boolean {
  const v = regionsOf(s.value as PlacementStateValue);
  if (s.status !== 'active' || !v) return false; // terminal: nothing
  const ctx = s.context;
  const lc = v.lifecycle;
  const live = lc === 'notified' || lc === 'placed'; // notice signed or child arrived, not ending or transferring
  const placedNow = lc === 'placed';
  const signed = ctx.notices.length > 0;
  const dolRunning = isDol(book, ctx.legalBasis.type) && !ctx.legalBasis.terminatedAt;
  switch (e.type) {
    case 'NOTICE_SIGNED':
      return v.notice === 'unsigned' && (lc === 'draft' || placedNow);
    case 'NOTICE_UPDATED':
      // While transferring, only to give an end notice still owed (P.end-notice-after).
      return v.notice !== 'unsigned' && (live || lc === 'ending' || (lc === 'transferring' && endNoticeOwed(ctx)));
    case 'DELIVERY_ACCEPTED':
    case 'DELIVERY_FAILED': {
      const r = ctx.notices.find((n) => n.version === e.version)?.recipients.find((x) => x.role === e.recipient);
      return !!r && r.status !== 'accepted';
    }
    case 'CHILD_ARRIVED':
      // The child arrives once, into a placement that has not ended.
      return lc === 'draft' || lc === 'notified';
    case 'HOST_CONDITIONS_CONFIRMED':
      return v.hostReview === 'awaiting' && live;
    case 'HOST_QUERY_RAISED':
      return live && signed;
    case 'HOST_QUERY_ANSWERED':
      return v.hostReview === 'queried' && (live || lc === 'ending');
    case 'ORDER_CHANGED':
      return live && signed;
    case 'MOVE_PROPOSED':
      return placedNow;
    case 'MOVE_WITHDRAWN':
    case 'MOVED':
      return placedNow && v.location === 'moving';
    case 'DOL_EXTENDED':
    case 'DOL_TERMINATED':
      return live && dolRunning;
    case 'SCOTTISH_CSO_MADE':
      return placedNow;
    case 'ADVOCACY_OFFERED':
      return placedNow && ['due', 'notAppropriate', 'declined'].includes(v.advocacy);
    case 'ADVOCACY_NOT_APPROPRIATE':
      return placedNow && v.advocacy === 'due';
    case 'ADVOCACY_ACCEPTED':
    case 'ADVOCACY_DECLINED':
      return placedNow && v.advocacy === 'offered';
    case 'ADVOCATE_ASSIGNED':
      return placedNow && (v.advocacy === 'accepted' || v.advocacy === 'assigned');
    case 'VISIT_RECORDED':
    case 'REVIEW_RECORDED':
      return placedNow;
    case 'ENFORCEMENT_NOTICE_ISSUED':
      return v.enforcement === 'none' && (live || lc === 'ending');
    case 'DUTY_PERFORMED':
      return v.enforcement !== 'none';
    case 'SHERIFF_APPLICATION_MADE':
      return v.enforcement === 'cureElapsed';
    case 'ENFORCEMENT_ORDER_MADE':
      return v.enforcement === 'sheriffApplied';
    case 'TRANSFER_PROPOSED':
      return placedNow && v.transfer === 'none';
    case 'TRANSFER_CONSENTED':
    case 'TRANSFER_REFUSED':
      return placedNow && v.transfer === 'proposed';
    case 'TRANSFER_EFFECTIVE':
      return placedNow && v.transfer === 'consented';
    case 'REPORTER_NOTIFIED':
      return v.transfer === 'effective';
    case 'HEARING_HELD':
      return v.transfer === 'reporterNotified';
    case 'PLACEMENT_ENDED':
      return lc === 'draft' || live;
    case 'CONDITIONS_CHECKED':
      return placedNow && hasClockMetBy(book, 'conditions-check');
    case 'URGENT_TRANSFER_MADE':
      return placedNow && hasClockMetBy(book, 'urgent-transfer-report');
    case 'URGENT_TRANSFER_REPORTED':
      return placedNow && ctx.urgentTransfers.some((t) => t.reportedAt === null);
    case 'SERVICE_EVIDENCE_CONFIRMED':
      // Before the child is admitted, or while placed (a new order, a move); never once the placement is ending.
      return lc === 'draft' || live;
    case 'CHILD_DEPARTED':
      // The child leaves a service it is at; the placement goes on until the move or the end is recorded.
      return (placedNow || lc === 'ending') && ctx.service.stays.some((st) => st.departedAt === null);
    // The child's voice and relationships: heard and recorded from the draft until the placement stops;
    // family time and advocacy matters while the child is placed, once there is something to update.
    case 'CHILD_VIEWS_RECORDED':
    case 'SIBLING_RECORDED':
    case 'FAMILY_TIME_ARRANGED':
      return lc === 'draft' || live;
    case 'FAMILY_TIME_RECORDED':
      return placedNow && ctx.relationships.arrangements.length > 0;
    case 'ADVOCACY_MATTER_RAISED':
      return placedNow;
    case 'ADVOCACY_MATTER_UPDATED':
      return placedNow && ctx.relationships.advocacyMatters.length > 0;
    case 'DEADLINE_ELAPSED': {
      // The scheduler elapses an open clock at or after its due time; a before-event clock
      // (arrival, move) is decided by the event, never by time passing.
      const d = ctx.deadlines.find((x) => x.id === e.deadlineId);
      return !!d && d.rule === e.rule && d.status === 'open' && ms(e.at) >= ms(d.dueAt) && !isBeforeEvent(book, d.rule);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Invariants

export type InvariantId =
  | 'a-recognised-needs-notice-before-arrival'
  | 'b-at-risk-needs-open-window'
  | 'c-terminal-accepts-nothing'
  | 'd-unrecognised-names-rules'
  | 'e-deadlines-never-reopen'
  | 'f-before-event-clocks-decided-by-event'
  | 'g-regions-agree-with-facts'
  | 'h-no-duty-clock-open-after-end'
  | 'i-no-clock-left-open-when-terminal'
  | 'j-allowed-events-match-the-rules'
  | 'k-pure-interface-agrees-with-machine'
  | 'l-lapse-is-permanent'
  | 'm-late-notice-met-by-a-notice-given-in-time'
  | 'n-copies-never-decide-given';

export const INVARIANTS: Record<InvariantId, string> = {
  'a-recognised-needs-notice-before-arrival':
    'recognised only if C1 was met by arrival (or C12 within its window) by a notice version given to every required recipient',
  'b-at-risk-needs-open-window': 'at-risk only while a clock with atRiskWhileOpen is open, and each reason names one',
  'c-terminal-accepts-nothing': 'ended/superseded/transferred accept no event (snapshot.can and applyEvent)',
  'd-unrecognised-names-rules': 'unrecognised names at least one missed recognition rule, each with a citation',
  'e-deadlines-never-reopen': 'deadline ids are unique; rows are never removed; met/missed/cancelled never change status; metAt is set once',
  'f-before-event-clocks-decided-by-event':
    'C1 is missed only by the arrival, C4 only by the move; span/instant clocks are missed only at or after their due time',
  'g-regions-agree-with-facts': 'visits start with the arrival; placed means arrived; draft/notified mean not arrived; notified means a notice was signed',
  'h-no-duty-clock-open-after-end': 'once the placement has ended, none of the placed duties (C1,C3,C4,C5,C7,C8,C11,C12) is open',
  'i-no-clock-left-open-when-terminal': 'a terminal snapshot leaves no deadline open (the scheduler could never close it)',
  'j-allowed-events-match-the-rules': 'each state accepts exactly the events the regulations allow there (independent oracle)',
  'k-pure-interface-agrees-with-machine': 'applyEvent/viewOf agree with the machine: same value and context, allowedEvents = accepted user events',
  'l-lapse-is-permanent': 'unrecognised never turns back into recognised, at-risk or pending (P.lapse-cured-by-late-notice is false)',
  'm-late-notice-met-by-a-notice-given-in-time': 'where late notice is allowed, a notice given to every required recipient within the C12 window meets it',
  'n-copies-never-decide-given':
    'a version is given exactly when every recipient that decides "given" accepted it; a failed copy to another recipient is followed up by its rule',
};

export interface Violation {
  invariant: InvariantId;
  model: string;
  message: string;
  path: string[];
}

const isTerminal = (s: Snap) => typeof s.value === 'string';

function givenTo(ctx: PlacementContext, by: string): boolean {
  return ctx.notices.some(
    (n) =>
      n.givenAt !== null &&
      ms(n.givenAt) <= ms(by) &&
      n.recipients.every((r) => !r.required || (r.status === 'accepted' && r.at !== null && ms(r.at) <= ms(by))),
  );
}

/** Invariants of one reachable snapshot and its derived legal status. */
export function stateViolations(book: Rulebook, s: Snap, status: LegalStatus): [InvariantId, string][] {
  const out: [InvariantId, string][] = [];
  const ctx = s.context;
  const value = s.value as PlacementStateValue;
  const v = regionsOf(value);
  const rule = (id: string) => clockRule(book, id);
  const lateAllowed = book.parameters['P.late-notice-allowed'].value === true;

  // (a)
  if (status.code === 'recognised') {
    const arrived = ctx.arrivedAt;
    const c1 = ctx.deadlines.find((d) => d.rule === 'C1.notice-before-arrival');
    const c12 = ctx.deadlines.find((d) => d.rule === 'C12.late-notice' && d.status === 'met');
    const byArrival = !!arrived && !!c1 && c1.status === 'met' && c1.metAt !== null && ms(c1.metAt) <= ms(arrived) && givenTo(ctx, arrived);
    const late = lateAllowed && !!arrived && !!c12 && c12.metAt !== null && ms(c12.metAt) <= ms(c12.dueAt) && givenTo(ctx, c12.metAt);
    if (!byArrival && !late) out.push(['a-recognised-needs-notice-before-arrival', `recognised with C1=${c1?.status}/${c1?.metAt}, arrivedAt=${arrived}`]);
    for (const d of ctx.deadlines.filter(
      (x) => beforeArrival(book, x.rule) && x.rule !== 'C1.notice-before-arrival' && x.status !== 'met' && x.status !== 'cancelled',
    ))
      out.push(['a-recognised-needs-notice-before-arrival', `recognised with ${d.id} ${d.status}`]);
    if (noOrderInForce(book, ctx))
      out.push(['a-recognised-needs-notice-before-arrival', `recognised with the order terminated at ${ctx.legalBasis.terminatedAt}`]);
    const openWindow = ctx.deadlines.find((d) => d.status === 'open' && rule(d.rule).atRiskWhileOpen);
    if (openWindow) out.push(['a-recognised-needs-notice-before-arrival', `recognised while ${openWindow.id} is open`]);
  }
  // (b)
  if (status.code === 'at-risk') {
    const open = ctx.deadlines.filter((d) => d.status === 'open' && rule(d.rule).atRiskWhileOpen);
    if (open.length === 0) out.push(['b-at-risk-needs-open-window', 'at-risk with no open at-risk clock']);
    for (const r of status.reasons)
      if (!open.some((d) => d.rule === r.rule)) out.push(['b-at-risk-needs-open-window', `at-risk reason ${r.rule} names no open at-risk clock`]);
  }
  // (d)
  if (status.code === 'unrecognised') {
    if (status.reasons.length === 0) out.push(['d-unrecognised-names-rules', 'unrecognised with no reason']);
    for (const r of status.reasons) {
      if (!r.rule || !r.citation?.trim()) out.push(['d-unrecognised-names-rules', `reason without rule or citation: ${JSON.stringify(r)}`]);
      if (r.rule === 'C5.no-order-in-force' && noOrderInForce(book, ctx)) continue;
      const missed = ctx.deadlines.some((d) => d.rule === r.rule && d.status === 'missed' && rule(d.rule).missedEffect === 'unrecognised');
      if (!missed) out.push(['d-unrecognised-names-rules', `reason ${r.rule} is not a missed recognition clock`]);
    }
    if (ctx.arrivedAt === null) out.push(['d-unrecognised-names-rules', 'unrecognised before the child arrived']);
  }
  // (m) where late notice is allowed, the notice given in the window meets it (whenever it was signed)
  if (lateAllowed) {
    for (const d of ctx.deadlines.filter((x) => x.rule === 'C12.late-notice' && (x.status === 'open' || (x.status === 'missed' && x.metAt === null)))) {
      const n = ctx.notices.find((x) => x.givenAt !== null && x.supersededAt === null && ms(x.givenAt) >= ms(d.openedAt) && ms(x.givenAt) <= ms(d.dueAt));
      if (n)
        out.push([
          'm-late-notice-met-by-a-notice-given-in-time',
          `${d.id} is ${d.status} though notice version ${n.version} was given at ${n.givenAt}, within the window to ${d.dueAt}`,
        ]);
    }
  }
  // (f) before-event clocks and due times
  for (const d of ctx.deadlines) {
    if (d.status === 'missed' && beforeArrival(book, d.rule) && (ctx.arrivedAt === null || d.closedAt !== ctx.arrivedAt))
      out.push(['f-before-event-clocks-decided-by-event', `${d.id} missed at ${d.closedAt}, arrival ${ctx.arrivedAt}`]);
    if (d.status === 'missed' && d.rule === 'C4.move-renotify' && !ctx.moves.some((m) => m.at === d.closedAt))
      out.push(['f-before-event-clocks-decided-by-event', `${d.id} missed at ${d.closedAt} with no move then`]);
    if (d.status === 'missed' && !isBeforeEvent(book, d.rule) && (d.closedAt === null || ms(d.closedAt) < ms(d.dueAt)))
      out.push(['f-before-event-clocks-decided-by-event', `${d.id} missed at ${d.closedAt}, before it was due at ${d.dueAt}`]);
    if (d.status === 'met' && !isBeforeEvent(book, d.rule) && (d.metAt === null || ms(d.metAt) > ms(d.dueAt)))
      out.push(['f-before-event-clocks-decided-by-event', `${d.id} met at ${d.metAt}, after it was due at ${d.dueAt}`]);
  }
  // (g) regions agree with the facts
  if (v) {
    if ((v.visits === 'active') !== (ctx.arrivedAt !== null))
      out.push(['g-regions-agree-with-facts', `visits ${v.visits} but arrivedAt ${ctx.arrivedAt} (lifecycle ${v.lifecycle})`]);
    if ((v.lifecycle === 'placed' || v.lifecycle === 'transferring') && ctx.arrivedAt === null)
      out.push(['g-regions-agree-with-facts', `${v.lifecycle} without arrival`]);
    if ((v.lifecycle === 'draft' || v.lifecycle === 'notified') && ctx.arrivedAt !== null)
      out.push(['g-regions-agree-with-facts', `${v.lifecycle} after arrival`]);
    if (v.lifecycle === 'notified' && ctx.notices.length === 0) out.push(['g-regions-agree-with-facts', 'notified with no notice']);
    if ((v.notice === 'unsigned') !== (ctx.notices.length === 0))
      out.push(['g-regions-agree-with-facts', `notice ${v.notice} with ${ctx.notices.length} versions`]);
    if (v.notice === 'given' && !newest(ctx)?.givenAt) out.push(['g-regions-agree-with-facts', 'notice given but the newest version is not']);
    if (v.location === 'moving' && ctx.proposedMove === null) out.push(['g-regions-agree-with-facts', 'moving with no proposed move']);
    if (v.lifecycle === 'ending' && ctx.end === null) out.push(['g-regions-agree-with-facts', 'ending with no end recorded']);
    if (v.hostReview === 'confirmed' && ctx.hostReview.confirmedVersion !== newest(ctx)?.version)
      out.push(['g-regions-agree-with-facts', `host confirmed version ${ctx.hostReview.confirmedVersion}, newest is ${newest(ctx)?.version}`]);
    if (v.hostReview === 'queried' && !ctx.hostReview.queries.some((q) => q.answeredAt === null))
      out.push(['g-regions-agree-with-facts', 'queried with no open query']);
    const adv = ctx.advocacy;
    const advocacyClock = ctx.deadlines.some((d) => book.clocks[d.rule]?.metBy === 'advocacy-decision');
    const advocacyFacts: Record<string, boolean> = {
      notDue: !advocacyClock,
      due: advocacyClock && adv.offeredAt === null && adv.notAppropriateReason === null,
      offered: adv.offeredAt !== null && adv.decision === null,
      notAppropriate: adv.notAppropriateReason !== null && adv.decision === null,
      accepted: adv.decision === 'accepted' && adv.advocate === null,
      declined: adv.decision === 'declined',
      assigned: adv.decision === 'accepted' && adv.advocate !== null,
    };
    if (advocacyFacts[v.advocacy] === false) out.push(['g-regions-agree-with-facts', `advocacy ${v.advocacy} with ${JSON.stringify(adv)}`]);
    if ((v.enforcement === 'none') !== (ctx.enforcement === null))
      out.push(['g-regions-agree-with-facts', `enforcement ${v.enforcement} with ${JSON.stringify(ctx.enforcement)}`]);
    const t = ctx.transfer;
    const transferFacts: Record<string, boolean> = {
      none: t.proposedAt === null && t.effectiveAt === null,
      proposed: t.proposedAt !== null && t.consentedAt === null,
      consented: t.consentedAt !== null && t.effectiveAt === null,
      effective: t.effectiveAt !== null && t.reporterNotifiedAt === null,
      reporterNotified: t.reporterNotifiedAt !== null && !ctx.deadlines.some((d) => d.rule === 'C10.transfer-hearing' && d.metAt !== null),
      hearingHeld: t.reporterNotifiedAt !== null && ctx.deadlines.some((d) => d.rule === 'C10.transfer-hearing' && d.metAt !== null) && endNoticeOwed(ctx),
    };
    if (transferFacts[v.transfer] === false) out.push(['g-regions-agree-with-facts', `transfer ${v.transfer} with ${JSON.stringify(t)}`]);
    // A running DoL order has at most one recognition period open, ending at its current expiry.
    const dolOpen = ctx.deadlines.filter((d) => d.rule === 'C5.dol-expiry' && d.status === 'open');
    const dolRunning = isDol(book, ctx.legalBasis.type) && !ctx.legalBasis.terminatedAt && !ctx.end && v.lifecycle !== 'transferring';
    if (dolOpen.length > (dolRunning ? 1 : 0))
      out.push(['g-regions-agree-with-facts', `${dolOpen.length} open C5.dol-expiry clocks (DoL running: ${dolRunning})`]);
    if (dolRunning && dolOpen[0] && (ctx.legalBasis.expiresAt || dolPeriodFromMade(book)) && ms(dolOpen[0].dueAt) !== ms(dolExpiryOf(book, ctx)))
      out.push(['g-regions-agree-with-facts', `${dolOpen[0].id} due ${dolOpen[0].dueAt} but the order's recognition ends ${dolExpiryOf(book, ctx)}`]);
    if (ctx.deadlines.filter((d) => d.rule === 'C4.move-renotify' && d.status === 'open').length > (v.location === 'moving' ? 1 : 0))
      out.push(['g-regions-agree-with-facts', `open C4.move-renotify clocks while ${v.location}`]);
    if ((status.code === 'pending') !== (v.lifecycle === 'draft' || v.lifecycle === 'notified'))
      out.push(['g-regions-agree-with-facts', `${status.code} in lifecycle ${v.lifecycle}`]);
  }
  // (n) copies never decide "given"; their failures are followed up
  for (const n of ctx.notices) {
    const allDeciding = n.recipients.filter((r) => r.required).every((r) => r.status === 'accepted');
    if ((n.givenAt !== null) !== allDeciding)
      out.push(['n-copies-never-decide-given', `version ${n.version} givenAt ${n.givenAt} with deciding recipients all accepted: ${allDeciding}`]);
    for (const r of n.recipients.filter((x) => !x.required && x.status === 'failed')) {
      const rule = book.recipients[n.setting].find((x) => x.role === r.role)?.followUp;
      if (rule && !ctx.deadlines.some((d) => d.rule === rule && d.subject === r.role))
        out.push(['n-copies-never-decide-given', `the failed copy of version ${n.version} to ${r.role} is not followed up (${rule})`]);
    }
  }
  // (h)
  if (ctx.end) {
    for (const d of ctx.deadlines)
      if (d.status === 'open' && PLACED_DUTIES.includes(d.rule))
        out.push(['h-no-duty-clock-open-after-end', `${d.id} open (opened ${d.openedAt}) after the placement ended at ${ctx.end.at}`]);
  }
  // (i)
  if (isTerminal(s)) {
    const open = ctx.deadlines.filter((d) => d.status === 'open');
    if (open.length > 0) out.push(['i-no-clock-left-open-when-terminal', `${String(s.value)} with ${open.map((d) => d.id).join(', ')} open`]);
  }
  // terminal status agrees with the value
  if (isTerminal(s) !== (s.status === 'done')) out.push(['c-terminal-accepts-nothing', `value ${JSON.stringify(s.value)} with status ${s.status}`]);
  if (isTerminal(s) && status.code !== s.value) out.push(['c-terminal-accepts-nothing', `terminal ${String(s.value)} reports ${status.code}`]);
  return out;
}

/** Invariants of one step: deadline rows only move forward. */
export function stepViolations(before: PlacementContext, after: PlacementContext): [InvariantId, string][] {
  const out: [InvariantId, string][] = [];
  const ids = after.deadlines.map((d) => d.id);
  if (new Set(ids).size !== ids.length) out.push(['e-deadlines-never-reopen', `duplicate deadline ids: ${ids.join(', ')}`]);
  const next = new Map(after.deadlines.map((d) => [d.id, d]));
  for (const d of before.deadlines) {
    const n = next.get(d.id);
    if (!n) {
      out.push(['e-deadlines-never-reopen', `${d.id} removed`]);
      continue;
    }
    if (n.rule !== d.rule || n.dueAt !== d.dueAt || n.openedAt !== d.openedAt) out.push(['e-deadlines-never-reopen', `${d.id} rewritten`]);
    // The one change a closed clock may take: a before-event clock met by an act that the deciding event,
    // recorded late and dated before that act, shows came too late (met -> missed at the event, metAt kept).
    const backdated =
      d.status === 'met' && n.status === 'missed' && n.metAt === d.metAt && n.closedAt !== null && d.metAt !== null && ms(n.closedAt) < ms(d.metAt);
    if (d.status !== 'open' && n.status !== d.status && !backdated) out.push(['e-deadlines-never-reopen', `${d.id} went ${d.status} -> ${n.status}`]);
    if (d.metAt !== null && n.metAt !== d.metAt) out.push(['e-deadlines-never-reopen', `${d.id} metAt ${d.metAt} -> ${n.metAt}`]);
    if (d.closedAt !== null && n.closedAt !== d.closedAt && !backdated)
      out.push(['e-deadlines-never-reopen', `${d.id} closedAt ${d.closedAt} -> ${n.closedAt}`]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Keys: a snapshot collapsed to its state value and the few facts a model cares about.

/** Outstanding required recipients of the newest version, while it is not given. */
export const pendingCount = (ctx: PlacementContext) => {
  const n = newest(ctx);
  return n && n.givenAt === null ? n.recipients.filter((r) => r.required && r.status !== 'accepted').length : 0;
};
/** The newest version does not answer every notice clock still owed (it was signed before they opened). */
export const staleNotice = (book: Rulebook, ctx: PlacementContext) => {
  const n = newest(ctx);
  return (
    !!n &&
    ctx.deadlines.some(
      (d) => (d.status === 'open' || (d.status === 'missed' && d.metAt === null)) && clockRule(book, d.rule).metBy === 'notice' && !n.answers.includes(d.id),
    )
  );
};
export const anyFailed = (ctx: PlacementContext) => !!newest(ctx)?.recipients.some((r) => r.status === 'failed');

/** One letter per rule: the status of its latest deadline (o/m/x/c, x+ = missed and done late, - = none). */
export function clockFacts(ctx: PlacementContext, rules: string[]): string {
  return rules
    .map((rule) => {
      let d: Deadline | undefined;
      for (let i = ctx.deadlines.length - 1; i >= 0 && !d; i--) if (ctx.deadlines[i].rule === rule) d = ctx.deadlines[i];
      if (!d) return '-';
      const c = { open: 'o', met: 'm', missed: 'x', cancelled: 'c' }[d.status];
      return c + (d.status === 'missed' && d.metAt ? '+' : '');
    })
    .join('');
}
export const countOf = (ctx: PlacementContext, rule: string) => ctx.deadlines.filter((d) => d.rule === rule).length;

// ---------------------------------------------------------------------------------------------
// Exploring a model

export interface ModelSpec {
  name: string;
  book?: Rulebook;
  input: PlacementInput;
  /** Events (built from the persisted placement so far) that bring the placement to the model's start. */
  setup?: { label: string; steps: ((p: PersistedPlacement) => PlacementEvent[])[] };
  /** Event types the traversal generates. */
  types: PlacementEventType[];
  /** Rules whose open deadlines the scheduler elapses (default: none). */
  elapse?: string[];
  /** Extra bound on generated events (keep the traversal finite and small). */
  allow?: (s: Snap, e: PlacementEvent) => boolean;
  /** The context facts the model distinguishes, beside the state value. */
  facts: (s: Snap) => unknown;
  options?: EventOptions;
  /** Stop expanding a state (it is still checked). */
  stopWhen?: (s: Snap) => boolean;
  /** Guard against a runaway traversal. */
  limit?: number;
}

export interface Exploration {
  model: string;
  /** Distinct states (keys) reached, one shortest path each. */
  keys: number;
  /** Distinct steps replayed and checked (the shortest-path tree's edges). */
  steps: number;
  states: Set<string>;
  events: Map<PlacementEventType, number>;
  violations: Violation[];
  ms: number;
}

/** Leaf state ids (`active.lifecycle.draft`, `ended`, ...) a value is in. */
export function leavesOf(value: PlacementStateValue): string[] {
  return typeof value === 'string' ? [value] : Object.entries(value.active).map(([region, state]) => `active.${region}.${state}`);
}

export function allLeafStates(machine: PlacementMachine): string[] {
  return getStateNodes(machine.root)
    .filter((n) => n.type === 'atomic' || n.type === 'final')
    .map((n) => n.path.join('.'))
    .sort();
}

export const describeEvent = (e: PlacementEvent): string => {
  const { type, at, ...rest } = e as PlacementEvent & Record<string, unknown>;
  const detail = Object.entries(rest)
    .filter(([k]) => k !== 'signatory' && k !== 'placement' && k !== 'text' && k !== 'reason')
    .map(([k, v]) => `${k}=${typeof v === 'object' ? ((v as { type?: string })?.type ?? JSON.stringify(v)) : String(v)}`)
    .join(' ');
  return `${type}@${at}${detail ? ` ${detail}` : ''}`;
};

function sameSnapshot(p: PersistedPlacement, s: Snap) {
  return JSON.stringify(p.value) === JSON.stringify(s.value) && JSON.stringify(p.context) === JSON.stringify(s.context);
}

/** How many steps of each event type, per model, are also replayed through applyEvent. */
const CROSS_CHECKS_PER_TYPE = 6;

interface TrieNode {
  snap: Snap;
  persisted: PersistedPlacement | null;
  status: LegalStatus;
  path: string[];
  children: Map<string, TrieNode>;
}

/**
 * Traverse one model with getShortestPaths, then replay every path from its start, once per
 * distinct prefix (paths share prefixes), through the machine and through applyEvent/viewOf,
 * checking the invariants on every step. `machine` lets a test run a deliberately broken machine:
 * then only the machine is replayed (the pure interface uses the real one).
 */
export function explore(spec: ModelSpec, machine?: PlacementMachine): Exploration {
  const started = Date.now();
  const book = spec.book ?? activeRulebook;
  const variant = spec.book;
  const real = !machine;
  const m = machine ?? createPlacementMachine(book);
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const report = (invariant: InvariantId, message: string, path: string[]) => {
    const key = `${invariant}|${normalise(message)}`;
    if (seen.has(key)) return;
    seen.add(key);
    violations.push({ invariant, model: spec.name, message, path });
  };

  // The start: the pure interface's persisted placement, resolved in the machine.
  const s0 = startPlacement(spec.input, variant);
  if (!s0.ok) throw new Error(`${spec.name}: draft refused ${JSON.stringify(s0.errors)}`);
  let persisted = s0.placement;
  for (const make of spec.setup?.steps ?? []) {
    for (const e of make(persisted)) {
      const r = applyEvent(persisted, e, variant);
      if (!r.ok) throw new Error(`${spec.name}: setup ${e.type} refused ${JSON.stringify(r)}`);
      persisted = r.placement;
    }
  }
  const fromState = m.resolveState({ value: persisted.value as never, context: persisted.context }) as Snap;
  const { logic, now } = timedLogic(m);
  const empty = createEmptyActor();
  const scope = {
    self: empty,
    logger: () => {},
    id: '',
    sessionId: 'model',
    defer: () => {},
    system: empty.system,
    stopChild: () => {},
    emit: () => {},
    actionExecutor: () => {},
  };
  const elapse = new Set(spec.elapse ?? []);

  const events = (s: Snap): PlacementEvent[] => {
    if (s.status !== 'active') return [];
    const at = plusMinutes(now(s), 60);
    const out: PlacementEvent[] = [];
    for (const type of spec.types) {
      for (const e of eventsOf(book, type, s, at, spec.options)) {
        if (e.type === 'DEADLINE_ELAPSED' && !elapse.has(e.rule)) continue;
        if (spec.allow && !spec.allow(s, e)) continue;
        if (s.can(e)) out.push(e);
      }
    }
    return out;
  };
  const serializeState = (s: Snap) => JSON.stringify([s.value, spec.facts(s)]);
  const paths = getShortestPaths(logic, {
    fromState,
    events,
    serializeState,
    stopWhen: spec.stopWhen,
    limit: spec.limit ?? 20_000,
  });

  const states = new Set<string>();
  const crossChecked = new Map<PlacementEventType, number>();
  const eventCounts = new Map<PlacementEventType, number>();
  let steps = 0;

  const checkState = (node: TrieNode) => {
    const s = node.snap;
    for (const leaf of leavesOf(s.value as PlacementStateValue)) states.add(leaf);
    const status = node.status;
    for (const [inv, msg] of stateViolations(book, s, status)) report(inv, msg, node.path);

    // The allowed-event oracle (j), and the terminal contract (c).
    const at = plusMinutes(contextClock(s.context), 60);
    const probes = probeEvents(book, s, at);
    const acceptedUserTypes = new Set<PlacementEventType>();
    for (const e of probes) {
      const can = s.can(e);
      const expected = expectedAllowed(book, s, e);
      if (can && !SYSTEM.includes(e.type)) acceptedUserTypes.add(e.type);
      if (isTerminal(s) && can) report('c-terminal-accepts-nothing', `${String(s.value)} accepts ${describeEvent(e)}`, node.path);
      else if (can !== expected)
        report(
          'j-allowed-events-match-the-rules',
          `${describeEvent(e)} is ${can ? 'accepted' : 'refused'} in ${stateLabel(s)} but should be ${expected ? 'accepted' : 'refused'}`,
          node.path,
        );
    }
    if (node.persisted) {
      const view = viewOf(node.persisted, variant);
      if (JSON.stringify(view.legalStatus) !== JSON.stringify(status)) report('k-pure-interface-agrees-with-machine', 'viewOf legal status differs', node.path);
      const listed = [...view.allowedEvents].sort().join(',');
      const expected = [...acceptedUserTypes].sort().join(',');
      if (listed !== expected) report('k-pure-interface-agrees-with-machine', `allowedEvents [${listed}] but the state accepts [${expected}]`, node.path);
      if (isTerminal(s)) {
        if (!view.done || view.allowedEvents.length > 0)
          report('c-terminal-accepts-nothing', `viewOf: done=${view.done} allowed=${view.allowedEvents}`, node.path);
        for (const e of probes) {
          const r = applyEvent(node.persisted, e, variant);
          if (r.ok || r.reason !== 'not-allowed')
            report('c-terminal-accepts-nothing', `applyEvent(${describeEvent(e)}) on ${String(s.value)} gave ${r.ok ? 'ok' : r.reason}`, node.path);
        }
      }
    }
  };

  const root: TrieNode = {
    snap: fromState,
    persisted: real ? persisted : null,
    status: deriveLegalStatus(book, fromState.value as PlacementStateValue, fromState.context),
    path: spec.setup ? [`[${spec.setup.label}]`] : ['[draft]'],
    children: new Map(),
  };
  checkState(root);

  for (const path of paths) {
    let node = root;
    for (const step of path.steps.slice(1)) {
      const e = step.event as PlacementEvent;
      const k = JSON.stringify(e);
      let child = node.children.get(k);
      if (!child) {
        const label = [...node.path, describeEvent(e)];
        if (!node.snap.can(e)) throw new Error(`${spec.name}: replay diverged, ${describeEvent(e)} refused after ${label.join(' -> ')}`);
        const next = m.transition(node.snap, e, scope as never);
        let persistedNext: PersistedPlacement | null = null;
        if (node.persisted) {
          persistedNext = { ...node.persisted, value: next.value as PlacementStateValue, context: next.context };
          // The pure interface is replayed for the first few steps of each event type (it costs a
          // full transition plus an initial snapshot per event), and always into a terminal state.
          const n = crossChecked.get(e.type) ?? 0;
          if (n < CROSS_CHECKS_PER_TYPE || isTerminal(next as Snap)) {
            crossChecked.set(e.type, n + 1);
            const r = applyEvent(node.persisted, e, variant);
            if (!r.ok) report('k-pure-interface-agrees-with-machine', `applyEvent refused ${describeEvent(e)}: ${JSON.stringify(r)}`, label);
            else if (!sameSnapshot(r.placement, next as Snap))
              report('k-pure-interface-agrees-with-machine', `applyEvent(${describeEvent(e)}) differs from the machine`, label);
          }
        }
        const status = deriveLegalStatus(book, next.value as PlacementStateValue, next.context);
        child = { snap: next as Snap, persisted: persistedNext, status, path: label, children: new Map() };
        node.children.set(k, child);
        steps++;
        eventCounts.set(e.type, (eventCounts.get(e.type) ?? 0) + 1);
        for (const [inv, msg] of stepViolations(node.snap.context, child.snap.context)) report(inv, `${msg} on ${describeEvent(e)}`, label);
        // (l) without the cure parameter a lapse is permanent while the regime runs.
        const cure = book.parameters['P.lapse-cured-by-late-notice'].value === true;
        // A terminated order with nothing in force is not a lapse: recording the order now in force ends it.
        const noOrderOnly = node.status.reasons.every((r) => r.rule === 'C5.no-order-in-force');
        if (
          !cure &&
          node.status.code === 'unrecognised' &&
          ['recognised', 'at-risk', 'pending'].includes(status.code) &&
          !(noOrderOnly && e.type === 'ORDER_CHANGED')
        )
          report('l-lapse-is-permanent', `unrecognised -> ${status.code} on ${describeEvent(e)}`, label);
        checkState(child);
      }
      node = child;
    }
  }
  return { model: spec.name, keys: paths.length, steps, states, events: eventCounts, violations, ms: Date.now() - started };
}

export function stateLabel(s: Snap): string {
  const v = regionsOf(s.value as PlacementStateValue);
  return v
    ? Object.entries(v)
        .map(([r, x]) => `${r}:${x}`)
        .join(' ')
    : String(s.value);
}

const normalise = (message: string) =>
  message
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T')
    .replace(/#\d+/g, '#n')
    .replace(/version \d+/g, 'version n')
    // An allowed-event finding is the same finding whatever the other regions are doing.
    .replace(/(in lifecycle:\S+).*?( but should)/, '$1$2');

/** A path with each run of deliveries of one version folded into one entry. */
export function compactPath(path: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < path.length;) {
    const m = /^DELIVERY_ACCEPTED@(\S+) version=(\d+)/.exec(path[i]);
    let j = i + 1;
    while (m && j < path.length && new RegExp(`^DELIVERY_ACCEPTED@\\S+ version=${m[2]} `).test(path[j])) j++;
    if (m && j - i > 1) out.push(`DELIVERY_ACCEPTED x${j - i} version=${m[2]} (${m[1]} .. ${/@(\S+)/.exec(path[j - 1])?.[1]})`);
    else out.push(path[i]);
    i = j;
  }
  return out.join(' -> ');
}

/** One entry per distinct finding: its shortest path, and the models that found it. */
export function formatViolations(vs: Violation[], max = 8): string {
  const groups = new Map<string, Violation[]>();
  for (const v of vs) {
    const k = normalise(v.message);
    const g = groups.get(k);
    if (g) g.push(v);
    else groups.set(k, [v]);
  }
  const entries = [...groups.values()].map((g) => {
    const shortest = g.reduce((a, b) => (b.path.length < a.path.length ? b : a));
    return { shortest, models: [...new Set(g.map((v) => v.model))] };
  });
  entries.sort((a, b) => a.shortest.path.length - b.shortest.path.length);
  return (
    entries
      .slice(0, max)
      .map(({ shortest, models }) => `- ${shortest.message}\n    found by: ${models.join(', ')}\n    shortest path: ${compactPath(shortest.path)}`)
      .join('\n') + (entries.length > max ? `\n(${entries.length - max} more)` : '')
  );
}
