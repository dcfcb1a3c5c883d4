// Due times of the rulebook's clocks. A window measured in days ends at the end of its last day in
// Scotland's local time; a clock at an instant (an order's expiry, a birthday) falls due at that instant.
import { addCalendarDays, addToInstant, addWorkingDays, anniversary, endOfLocalDay, localDate, startOfLocalDay, type NonWorkingStart } from '../calendar';
import { alternativeParameter, parameter, type Rulebook, type Span } from '../rulebook';
import type { PlacementContext } from './types';

const NON_WORKING_START = 'P.non-working-start-day';

function spanEndWith(span: Span, day: string, nonWorkingStart: NonWorkingStart): string {
  switch (span.unit) {
    case 'working-days':
      return endOfLocalDay(addWorkingDays(day, span.amount, span.calendar, { countStartDay: span.countStartDay, nonWorkingStart }));
    case 'calendar-days':
      return endOfLocalDay(addCalendarDays(day, span.amount));
    case 'weeks':
      return endOfLocalDay(addCalendarDays(day, span.amount * 7));
    case 'months':
    case 'years':
      return endOfLocalDay(localDate(addToInstant(startOfLocalDay(day), { [span.unit]: span.amount })));
  }
}

/** The end of a span that starts at `from` (an instant) or on `fromDate` where the law counts from a date. */
export function spanEnd(book: Rulebook, span: Span, from: string, fromDate?: string): string {
  return spanEndWith(span, fromDate ?? localDate(from), parameter(book, NON_WORKING_START));
}

/**
 * The due time under the other reading of P.non-working-start-day, where the rulebook names one and it
 * gives another date (a window counting a non-working start day); otherwise undefined.
 */
export function alternativeSpanEnd(book: Rulebook, span: Span, from: string, fromDate?: string): { dueAt: string; rule: string } | undefined {
  const other = alternativeParameter<NonWorkingStart>(book, NON_WORKING_START);
  if (!other || span.unit !== 'working-days' || !span.countStartDay) return undefined;
  const day = fromDate ?? localDate(from);
  const dueAt = spanEndWith(span, day, other);
  return dueAt === spanEnd(book, span, from, fromDate) ? undefined : { dueAt, rule: NON_WORKING_START };
}

type DolBasis = PlacementContext['legalBasis'];

/**
 * When a DoL order stops being recognised. Rulebook @1: its stated expiry, or one review period from when
 * it took effect. Where P.dol-period-from is `made-or-last-reviewed`: the relevant period runs from the
 * day the order was made or last reviewed and continued, counting that day (it ends the day before the
 * corresponding day, months later); and where P.dol-stated-expiry is `earlier-of-expiry-and-period`, a
 * stated expiry only shortens it.
 */
export function dolExpiry(book: Rulebook, basis: DolBasis): string {
  const months = parameter<number>(book, 'P.dol-review-period-months');
  const period =
    parameter<string>(book, 'P.dol-period-from') === 'made-or-last-reviewed'
      ? endOfLocalDay(addCalendarDays(localDate(addToInstant(startOfLocalDay(basis.reviewedOn ?? basis.madeOn), { months })), -1))
      : addToInstant(basis.effectiveFrom, { months });
  if (!basis.expiresAt) return period;
  if (parameter<string>(book, 'P.dol-stated-expiry') === 'earlier-of-expiry-and-period' && Date.parse(period) < Date.parse(basis.expiresAt)) return period;
  return basis.expiresAt;
}

/** The instant the child reaches the age at which the regime ends (start of that day, UK time). */
export function ageLimitReachedAt(book: Rulebook, dateOfBirth: string): string {
  return startOfLocalDay(anniversary(dateOfBirth, parameter<number>(book, 'P.age-limit')));
}
