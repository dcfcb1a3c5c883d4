// Due times of the rulebook's clocks. A window measured in days ends at the end of its last day in
// Scotland's local time; a clock at an instant (an order's expiry, a birthday) falls due at that instant.
import {
  addCalendarDays,
  addToInstant,
  addWorkingDays,
  anniversary,
  endOfLocalDay,
  localDate,
  startOfLocalDay,
} from '../calendar';
import { parameter, type Rulebook, type Span } from '../rulebook';
import type { LegalBasis } from './types';

/** The end of a span that starts at `from` (an instant) or on `fromDate` where the law counts from a date. */
export function spanEnd(book: Rulebook, span: Span, from: string, fromDate?: string): string {
  const day = fromDate ?? localDate(from);
  switch (span.unit) {
    case 'working-days':
      return endOfLocalDay(
        addWorkingDays(day, span.amount, span.calendar, {
          countStartDay: span.countStartDay,
          nonWorkingStart: parameter(book, 'P.non-working-start-day'),
        }),
      );
    case 'calendar-days':
      return endOfLocalDay(addCalendarDays(day, span.amount));
    case 'weeks':
      return endOfLocalDay(addCalendarDays(day, span.amount * 7));
    case 'months':
    case 'years':
      return endOfLocalDay(localDate(addToInstant(startOfLocalDay(day), { [span.unit]: span.amount })));
  }
}

/** When a DoL order stops being recognised: its expiry, or one review period from when it took effect. */
export function dolExpiry(book: Rulebook, basis: LegalBasis): string {
  if (basis.expiresAt) return basis.expiresAt;
  return addToInstant(basis.effectiveFrom, { months: parameter<number>(book, 'P.dol-review-period-months') });
}

/** The instant the child reaches the age at which the regime ends (start of that day, UK time). */
export function ageLimitReachedAt(book: Rulebook, dateOfBirth: string): string {
  return startOfLocalDay(anniversary(dateOfBirth, parameter<number>(book, 'P.age-limit')));
}
