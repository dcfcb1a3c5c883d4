// Dates, times and durations as GOV.UK style writes them ("3 March 2026 at 9:00am"), read in London
// whatever the server's zone. Pure: "now" always arrives as an argument.
import { DateTime } from 'luxon';
import { localDate, workingDaysBetween, type CalendarId } from '../../machines/calendar';
import type { Rulebook, Span } from '../../machines/rulebook';

export const ZONE = 'Europe/London';

const parse = (iso: string): DateTime | null => {
  if (typeof iso !== 'string' || iso === '') return null;
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? DateTime.fromISO(iso, { zone: ZONE }) : DateTime.fromISO(iso, { setZone: false }).setZone(ZONE);
  return d.isValid ? d : null;
};

/** "3 March 2026"; a date-only string is read as that calendar date. */
export function ukDate(iso: string | null | undefined): string {
  const d = iso ? parse(iso) : null;
  return d ? d.toFormat('d MMMM yyyy') : '';
}

/** "9:00am", "2:30pm", "midday", "midnight" (GOV.UK style: midday and midnight rather than 12pm, 12am). */
export function ukTime(iso: string | null | undefined): string {
  const d = iso ? parse(iso) : null;
  if (!d) return '';
  if (d.minute === 0 && d.hour === 12) return 'midday';
  if (d.minute === 0 && d.hour === 0) return 'midnight';
  const hour = d.hour % 12 === 0 ? 12 : d.hour % 12;
  return `${hour}:${String(d.minute).padStart(2, '0')}${d.hour < 12 ? 'am' : 'pm'}`;
}

/** "3 March 2026 at 9:00am"; a clock due at the end of a day reads "at 11:59pm", as GOV.UK style advises for deadlines. */
export function ukDateTime(iso: string | null | undefined): string {
  const d = iso ? parse(iso) : null;
  if (!d) return '';
  return `${ukDate(iso)} at ${ukTime(iso)}`;
}

/** "3 Mar 2026" for dense tables. */
export function ukShortDate(iso: string | null | undefined): string {
  const d = iso ? parse(iso) : null;
  return d ? d.toFormat('d MMM yyyy') : '';
}

/** "March 2026" from "2026-03". */
export function ukMonth(month: string): string {
  const d = DateTime.fromISO(`${month}-01`, { zone: ZONE });
  return d.isValid ? d.toFormat('MMMM yyyy') : month;
}

/** Whole years on the London date of `nowIso`. */
export function ageInYears(dateOfBirth: string, nowIso: string): number | null {
  const dob = parse(dateOfBirth);
  const now = parse(nowIso);
  if (!dob || !now) return null;
  return Math.floor(now.diff(dob, 'years').years);
}

/** The span a rule counts in, for this placement's home nation (visits and reviews differ per nation). */
export function spanOfRule(book: Rulebook, rule: string, nation?: string): Span | null {
  const clock = book.clocks[rule]?.clock;
  if (clock) return clock.kind === 'span' ? clock.span : null;
  const visit = book.visits[rule];
  if (!visit) return null;
  const byNation = nation ? visit.byNation[nation as keyof typeof visit.byNation] : Object.values(visit.byNation)[0];
  return byNation?.span ?? null;
}

export interface TimeLeft {
  /** Negative when overdue. */
  amount: number;
  unit: 'working-days' | 'days';
  calendar?: CalendarId;
  overdue: boolean;
  /** "3 working days left", "due today", "2 days overdue". */
  text: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Time left until a deadline, in working days where the rule counts working days (in the rule's own
 * calendar), else in calendar days. Counted between London dates, so "due today" means the due date
 * is today even when the due time has passed.
 */
export function timeLeft(dueAt: string, nowIso: string, workingDayCalendar: CalendarId | null): TimeLeft {
  const overdueNow = Date.parse(dueAt) < Date.parse(nowIso);
  const from = localDate(nowIso);
  const to = localDate(dueAt);
  let amount: number;
  let unit: TimeLeft['unit'];
  if (workingDayCalendar) {
    try {
      amount = workingDaysBetween(from, to, workingDayCalendar);
      unit = 'working-days';
    } catch {
      // A bank-holiday table ends: fall back to calendar days rather than guess.
      amount = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
      unit = 'days';
      workingDayCalendar = null;
    }
  } else {
    amount = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
    unit = 'days';
  }
  const [one, many] = unit === 'working-days' ? ['working day', 'working days'] : ['day', 'days'];
  let text: string;
  if (amount > 0) text = `${plural(amount, one, many)} left`;
  else if (amount === 0) text = overdueNow ? 'overdue since today' : 'due today';
  else text = `${plural(-amount, one, many)} overdue`;
  return { amount, unit, ...(workingDayCalendar ? { calendar: workingDayCalendar } : {}), overdue: overdueNow, text };
}

/** Time left on a rule's clock, in the unit the rule counts. */
export function timeLeftForRule(book: Rulebook, rule: string, dueAt: string, nowIso: string, nation?: string): TimeLeft {
  const span = spanOfRule(book, rule, nation);
  return timeLeft(dueAt, nowIso, span?.unit === 'working-days' ? span.calendar : null);
}

/** Replaces every ISO instant inside a sentence with its UK reading, so reasons from the rulebook read as plain words. */
export function humaniseInstants(text: string): string {
  return text.replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g, (iso) => ukDateTime(iso) || iso);
}

/** "NOTICE_SIGNED" -> "Notice signed"; "hostReview" -> "Host review". */
export function humaniseName(name: string): string {
  const words = name.includes('_') ? name.toLowerCase().split('_') : name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(' ');
  const s = words.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
