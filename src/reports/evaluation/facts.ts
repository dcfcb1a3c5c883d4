// What the evaluation return counts about one placement, read from its stored snapshot (projected to the time
// the return is made, so a clock already past due counts as the next sweep will make it). Three kinds of unit:
//  - the child placed in Scotland at some time in the period (characteristics, advocacy, legal status);
//  - the child who arrived in the period (time to the first visit and the first review);
//  - each legal clock of interest that fell due in the period (the first notice, re-notifications, lapses).
// Who is counted is decided by the period; what is counted about them is as recorded when the return is made.
import { ageOn, localDate } from '../../../machines/calendar';
import type { Deadline, PlacementContext } from '../../../machines/placement';
import { clockRule, isBeforeEvent } from '../../../machines/placement';
import { noOrderInForce } from '../../../machines/placement/status';
import { parameter, type Rulebook } from '../../../machines/rulebook';
import { rowOutcome, type Outcome } from '../outcome';
import { inPeriod } from '../relationships';
import { AGE_BANDS, bandOf, DURATION_BANDS, FIRST_CONTACT_BANDS, NOTICE_BANDS, wholeDays } from './bands';

export interface EvaluationPeriod {
  /** Epoch ms, inclusive. */
  fromMs: number;
  /** Epoch ms, exclusive. */
  toMs: number;
  /** When the return is made. */
  nowMs: number;
}

export const ADVOCACY_CATEGORIES = ['accepted', 'declined', 'offered-no-decision', 'not-appropriate', 'not-offered', 'no-duty'] as const;
export type AdvocacyCategory = (typeof ADVOCACY_CATEGORIES)[number];

export const STATUS_CATEGORIES = ['unrecognised', 'recognised-throughout'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

/** How the first notice turned out (clock C1.notice-before-arrival), beyond the days-before bands of a notice given in time. */
export const NOTICE_OUTCOMES = ['given-not-arrived', 'given-after-arrival', 'not-given-arrived', 'not-given-not-arrived'] as const;
export type NoticeOutcome = (typeof NOTICE_OUTCOMES)[number];

export const FIRST_NOTICE_RULE = 'C1.notice-before-arrival';
/** Notice clocks that are the first notice itself (in time, or late where the rulebook allows it): not re-notifications. */
export const FIRST_NOTICE_RULES: readonly string[] = [FIRST_NOTICE_RULE, 'C12.late-notice'];

export interface ChildFacts {
  nation: string;
  authority: string;
  host: string;
  setting: string;
  basis: string;
  age: string;
  duration: string;
  advocacy: AdvocacyCategory;
  status: StatusCategory;
}

export interface ArrivalFacts {
  /** A FIRST_CONTACT_BANDS key, or 'none' when none is recorded. */
  firstVisit: string;
  firstReview: string;
}

export interface DutyFact {
  rule: string;
  outcome: Outcome;
  /** For the first notice: a NOTICE_BANDS key (given in time, child arrived) or a NOTICE_OUTCOMES value. */
  notice?: string;
}

export interface PlacementFacts {
  rulebookId: string;
  child: ChildFacts | null;
  arrival: ArrivalFacts | null;
  duties: DutyFact[];
}

/** When the placement stopped being a placement in Scotland under this regime, if it has. */
export function endedAtOf(ctx: PlacementContext): string | null {
  return ctx.end?.at ?? ctx.supersededBy?.at ?? ctx.transfer.effectiveAt ?? null;
}

const ms = (iso: string) => Date.parse(iso);

function ageBand(ctx: PlacementContext, arrivedAt: string): string {
  // An erased date of birth keeps its year (1 January): the band may then read a few months young.
  const arrived = localDate(arrivedAt);
  const age = ctx.child.dateOfBirth <= arrived ? ageOn(ctx.child.dateOfBirth, arrived) : 0;
  return bandOf(AGE_BANDS, age).key;
}

function advocacyOf(book: Rulebook, ctx: PlacementContext): AdvocacyCategory {
  const duty = ctx.deadlines.some((d) => book.clocks[d.rule]?.metBy === 'advocacy-decision');
  const a = ctx.advocacy;
  if (a.decision === 'accepted') return 'accepted';
  if (a.decision === 'declined') return 'declined';
  if (a.offeredAt) return 'offered-no-decision';
  if (a.notAppropriateReason !== null) return 'not-appropriate';
  return duty ? 'not-offered' : 'no-duty';
}

/**
 * Whether the order was without effect in Scotland at some moment of the period: a recognition clock missed
 * (from its due time, or from the arrival or move that decided a before-event clock) until the placement ended
 * (or a later notice cured it, where P.lapse-cured-by-late-notice allows), or no order in force.
 */
export function unrecognisedDuring(book: Rulebook, ctx: PlacementContext, period: EvaluationPeriod): boolean {
  const cureAllowed = parameter<boolean>(book, 'P.lapse-cured-by-late-notice');
  const lateAllowed = parameter<boolean>(book, 'P.late-notice-allowed');
  const ended = endedAtOf(ctx);
  const stop = Math.min(ended ? ms(ended) : Infinity, period.nowMs);
  const overlaps = (start: number, end: number) => start < end && start < period.toMs && end > period.fromMs;
  for (const d of ctx.deadlines) {
    if (d.status !== 'missed' || clockRule(book, d.rule).missedEffect !== 'unrecognised') continue;
    if (lateAllowed && d.rule === FIRST_NOTICE_RULE) continue;
    const start = isBeforeEvent(book, d.rule) ? ms(d.closedAt ?? d.dueAt) : ms(d.dueAt);
    const cured = cureAllowed && d.metAt ? ms(d.metAt) : Infinity;
    if (overlaps(start, Math.min(stop, cured))) return true;
  }
  const terminated = ctx.legalBasis.terminatedAt;
  return !!terminated && noOrderInForce(book, ctx) && overlaps(ms(terminated), stop);
}

/** The first time a duty met by `metBy` was done (a visit, a review), from the clocks it met. */
function firstDone(book: Rulebook, ctx: PlacementContext, metBy: 'visit' | 'review'): string | null {
  let first: string | null = null;
  for (const d of ctx.deadlines) {
    const rule = book.clocks[d.rule] ?? book.visits[d.rule];
    if (rule?.metBy === metBy && d.metAt && (first === null || ms(d.metAt) < ms(first))) first = d.metAt;
  }
  return first;
}

const contactBand = (arrivedAt: string, at: string | null) => (at ? bandOf(FIRST_CONTACT_BANDS, wholeDays(ms(arrivedAt), ms(at))).key : 'none');

function noticeOf(ctx: PlacementContext, d: Deadline, outcome: Outcome): string {
  if (outcome === 'met') return ctx.arrivedAt && d.metAt ? bandOf(NOTICE_BANDS, wholeDays(ms(d.metAt), ms(ctx.arrivedAt))).key : 'given-not-arrived';
  if (outcome === 'late') return 'given-after-arrival';
  return outcome === 'missed' ? 'not-given-arrived' : 'not-given-not-arrived';
}

/**
 * The facts of one placement for the period. `ctx` is the placement projected to `period.nowMs`; `rules` the
 * clocks whose due dates are counted (the first notice, re-notifications, recognition clocks).
 */
export function factsOf(book: Rulebook, ctx: PlacementContext, period: EvaluationPeriod, rules: ReadonlySet<string>): PlacementFacts {
  const arrivedAt = ctx.arrivedAt;
  let child: ChildFacts | null = null;
  if (arrivedAt && inPeriod(ctx, { fromMs: period.fromMs, toMs: period.toMs })) {
    const ended = endedAtOf(ctx);
    const until = Math.min(ended ? ms(ended) : Infinity, period.toMs, period.nowMs);
    child = {
      nation: ctx.placingNation,
      authority: ctx.placingAuthorityId,
      host: ctx.placement.hostAuthorityId,
      setting: ctx.setting,
      basis: ctx.legalBasis.type,
      age: ageBand(ctx, arrivedAt),
      duration: bandOf(DURATION_BANDS, wholeDays(ms(arrivedAt), until)).key,
      advocacy: advocacyOf(book, ctx),
      status: unrecognisedDuring(book, ctx, period) ? 'unrecognised' : 'recognised-throughout',
    };
  }
  const arrival =
    arrivedAt && ms(arrivedAt) >= period.fromMs && ms(arrivedAt) < period.toMs
      ? { firstVisit: contactBand(arrivedAt, firstDone(book, ctx, 'visit')), firstReview: contactBand(arrivedAt, firstDone(book, ctx, 'review')) }
      : null;
  const duties: DutyFact[] = [];
  for (const d of ctx.deadlines) {
    if (!rules.has(d.rule) || d.status === 'cancelled') continue;
    const due = ms(d.dueAt);
    if (due < period.fromMs || due >= period.toMs) continue;
    const outcome = rowOutcome(book, d.rule, d.status, due, d.metAt ? ms(d.metAt) : null, period.nowMs);
    if (!outcome) continue;
    duties.push(d.rule === FIRST_NOTICE_RULE ? { rule: d.rule, outcome, notice: noticeOf(ctx, d, outcome) } : { rule: d.rule, outcome });
  }
  return { rulebookId: book.id, child, arrival, duties };
}
