// Deadline bookkeeping on the context: every clock the rulebook sets becomes a row-like record that
// the engine persists and the scheduler turns into DEADLINE_ELAPSED events.
import type { ClockRule, NationalClockRule, Rulebook } from '../rulebook';
import { notAfter } from './instants';
import type { Deadline, PlacementContext } from './types';

export type ClockLike = (ClockRule | NationalClockRule) & { id: string };

/** The clock rule behind a deadline, whether a Scottish clock or a home-nation visit clock. */
export function clockRule(book: Rulebook, ruleId: string): ClockLike {
  const rule = book.clocks[ruleId] ?? book.visits[ruleId];
  if (!rule) throw new Error(`clock ${ruleId} is not in rulebook ${book.id}`);
  return rule;
}

/** The citation of a clock as it applies to this placement (home-nation clocks cite the nation's law). */
export function clockCitation(book: Rulebook, ctx: Pick<PlacementContext, 'placingNation'>, ruleId: string): string {
  const visit = book.visits[ruleId];
  return visit ? visit.byNation[ctx.placingNation].citation : clockRule(book, ruleId).citation;
}

export function openDeadline(
  book: Rulebook,
  ctx: PlacementContext,
  rule: string,
  openedAt: string,
  dueAt: string,
  note?: string,
  extra: Pick<Deadline, 'subject' | 'alternativeDueAt' | 'alternativeRule'> = {},
): PlacementContext {
  const seq = ctx.deadlineSeq + 1;
  const deadline: Deadline = {
    id: `${rule}#${seq}`,
    rule,
    citation: clockCitation(book, ctx, rule),
    openedAt,
    dueAt,
    status: 'open',
    metAt: null,
    closedAt: null,
    ...(note ? { note } : {}),
    ...extra,
  };
  return { ...ctx, deadlineSeq: seq, deadlines: [...ctx.deadlines, deadline] };
}

function update(ctx: PlacementContext, pick: (d: Deadline) => boolean, change: (d: Deadline) => Deadline): PlacementContext {
  return { ...ctx, deadlines: ctx.deadlines.map((d) => (pick(d) ? change(d) : d)) };
}

/**
 * The duty was done at `at`: open deadlines become met, or missed when `at` is past due; missed ones
 * record the late act. A before-event clock still open is met whatever its planned time: the event decides.
 */
export function fulfil(book: Rulebook, ctx: PlacementContext, pick: (d: Deadline) => boolean, at: string): PlacementContext {
  const onTime = (d: Deadline) => notAfter(at, d.dueAt) || isBeforeEvent(book, d.rule);
  return update(
    ctx,
    (d) => pick(d) && (d.status === 'open' || (d.status === 'missed' && d.metAt === null)),
    (d) => (d.status === 'open' ? { ...d, status: onTime(d) ? 'met' : 'missed', metAt: at, closedAt: at } : { ...d, metAt: at }),
  );
}

export function isBeforeEvent(book: Rulebook, ruleId: string): boolean {
  const rule = book.clocks[ruleId];
  return !!rule && rule.clock.kind === 'before-event';
}

/** An open clock that time alone lapses when it falls due (a before-event clock waits for its event). */
export const elapsesByTime = (book: Rulebook, d: Deadline) => d.status === 'open' && !isBeforeEvent(book, d.rule);

/** Clocks that the child's arrival decides (the notice, and an updated notice, before arrival). */
export function isBeforeArrival(book: Rulebook, ruleId: string): boolean {
  const clock = book.clocks[ruleId]?.clock;
  return clock?.kind === 'before-event' && clock.event === 'CHILD_ARRIVED';
}

/** The ids of the clock rules with a given trigger (`opensOn`) or kind of act that meets them. */
export const clocksOpenedBy = (book: Rulebook, trigger: string) =>
  Object.values(book.clocks)
    .filter((c) => c.opensOn === trigger)
    .map((c) => c.id);
export const clocksMetBy = (book: Rulebook, metBy: string) =>
  Object.values(book.clocks)
    .filter((c) => c.metBy === metBy)
    .map((c) => c.id);

/** The decisive event came before the duty was done (e.g. arrival before notice). */
export function miss(ctx: PlacementContext, pick: (d: Deadline) => boolean, at: string): PlacementContext {
  return update(
    ctx,
    (d) => pick(d) && d.status === 'open',
    (d) => ({ ...d, status: 'missed', closedAt: at }),
  );
}

/** The clock no longer applies (the placement ended, a move was withdrawn, the order was superseded). */
export function cancel(ctx: PlacementContext, pick: (d: Deadline) => boolean, at: string): PlacementContext {
  return update(
    ctx,
    (d) => pick(d) && d.status === 'open',
    (d) => ({ ...d, status: 'cancelled', closedAt: at }),
  );
}

export function setStatus(ctx: PlacementContext, id: string, status: 'met' | 'missed', at: string): PlacementContext {
  return update(
    ctx,
    (d) => d.id === id,
    (d) => ({ ...d, status, closedAt: at, ...(status === 'met' ? { metAt: at } : {}) }),
  );
}

export const byRule =
  (...rules: string[]) =>
  (d: Deadline) =>
    rules.includes(d.rule);

export const openDeadlines = (ctx: PlacementContext, ...rules: string[]) =>
  ctx.deadlines.filter((d) => d.status === 'open' && (rules.length === 0 || rules.includes(d.rule)));

export function latest(ctx: PlacementContext, rule: string): Deadline | undefined {
  for (let i = ctx.deadlines.length - 1; i >= 0; i--) if (ctx.deadlines[i].rule === rule) return ctx.deadlines[i];
  return undefined;
}

/** A missed recognition clock that no later notice cures (per P.lapse-cured-by-late-notice). */
export function uncuredLapses(book: Rulebook, ctx: PlacementContext, cureAllowed: boolean): Deadline[] {
  return ctx.deadlines.filter((d) => d.status === 'missed' && clockRule(book, d.rule).missedEffect === 'unrecognised' && !(cureAllowed && d.metAt !== null));
}
