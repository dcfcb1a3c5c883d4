// Working-day calendars and Europe/London date helpers for legal clocks. Pure: no clock and no I/O, so
// every date or instant arrives as an argument. Dates are 'YYYY-MM-DD' strings; instants are ISO strings
// with an explicit offset (a bare local time would depend on the host's zone).
import { DateTime } from 'luxon';
import { fromDayNumber, isLeapYear, parseDate, toDayNumber, tryParseDate, weekdayOf, yearOfDay } from './days';
import { ONE_OFF_PROCLAMATIONS } from './proclamations';
import { HOLIDAY_RULES, observedByRule, type CalendarConfidence, type CalendarId, type HolidayRule } from './rules';
import { HOLIDAY_TABLES, type Holiday, type TableCalendarId } from './tables';

export { HOLIDAY_TABLES } from './tables';
export type { Holiday, HolidayTable, TableCalendarId } from './tables';
export { HOLIDAY_RULES, easterSunday } from './rules';
export type { CalendarConfidence, CalendarId, HolidayDay, HolidayRule, Provenance } from './rules';
export { ONE_OFF_PROCLAMATIONS } from './proclamations';
export type { OneOffProclamation } from './proclamations';

/**
 * The years the bank-holiday calendars answer for: the hand-kept tables where they exist, the rules (and
 * the one-off proclamations) elsewhere. From 2007, the first year in which every rule in HOLIDAY_RULES was
 * in force (St Andrew's Day Bank Holiday (Scotland) Act 2007); before it Scotland had no St Andrew's Day and
 * the rules would answer wrongly. No child the regulations reach (under 18 in 2026 or later) was born
 * before 2008, so no event about one is earlier. To 2199: beyond the tables the rules project today's law
 * and yearly proclamations forward, which is as good a guess for 2199 as for 2040; the end only refuses
 * absurd years. The statutory calendar answers for any year.
 */
export const CALENDAR_HORIZON: Readonly<{ firstYear: number; lastYear: number }> = Object.freeze({
  firstYear: 2007,
  lastYear: 2199,
});

/**
 * The first and last dates isCountable accepts. The last countable year is one short of the horizon, so that
 * a working-day window opened on a countable date (the rulebook's run for days or weeks) closes inside it.
 */
export const COUNTABLE_DATES: Readonly<{ first: string; last: string }> = Object.freeze({
  first: `${CALENDAR_HORIZON.firstYear}-01-01`,
  last: `${CALENDAR_HORIZON.lastYear - 1}-12-31`,
});

export interface CalendarInfo extends Readonly<{ citation: string; confidence: CalendarConfidence }> {
  id: CalendarId;
  name: string;
  description: string;
  /** The years it answers for: CALENDAR_HORIZON, or any year for the statutory calendar. */
  years: Readonly<{ firstYear: number; lastYear: number }> | 'any';
  /** Its recurring holidays, each with its own citation and confidence. */
  rules: readonly HolidayRule[];
}

const BANK_HOLIDAY_CITATION =
  "Banking and Financial Dealings Act 1971, s.1 and Sch. 1; St Andrew's Day Bank Holiday (Scotland) Act 2007; " +
  'royal proclamations under s.1(2) and (3) of the 1971 Act';
const BY_RULE =
  `Tabled for ${HOLIDAY_TABLES['england-and-wales'].firstYear}-${HOLIDAY_TABLES['england-and-wales'].lastYear}; ` +
  `other years from ${CALENDAR_HORIZON.firstYear} to ${CALENDAR_HORIZON.lastYear} by rule, with the one-off ` +
  'proclamations since 2007. Later one-off proclamations cannot be foreseen: re-check each year.';

export const CALENDARS: Readonly<Record<CalendarId, CalendarInfo>> = {
  'scotland-statutory': {
    id: 'scotland-statutory',
    name: 'Scottish statutory working days',
    citation: "s.202(1) Children's Hearings (Scotland) Act 2011",
    confidence: 'infer',
    description:
      'Every day except Saturday, Sunday, 25 and 26 December and 1 and 2 January: our reading of "working day" ' +
      'in the 2011 Act, whose meaning SSI 2026/31 takes. Good Friday, the May and August holidays and ' +
      "St Andrew's Day are working days, so windows are never longer than under the bank-holiday reading.",
    years: 'any',
    rules: HOLIDAY_RULES['scotland-statutory'],
  },
  'scotland-bank-holidays': {
    id: 'scotland-bank-holidays',
    name: 'Scottish bank and public holidays',
    citation: BANK_HOLIDAY_CITATION,
    confidence: 'infer',
    description: `Weekends and the Scottish bank holidays, with weekday substitutes. ${BY_RULE}`,
    years: CALENDAR_HORIZON,
    rules: HOLIDAY_RULES['scotland-bank-holidays'],
  },
  'england-and-wales': {
    id: 'england-and-wales',
    name: 'Bank holidays in England and Wales',
    citation: BANK_HOLIDAY_CITATION,
    confidence: 'infer',
    description: `Weekends and the bank holidays of England and Wales, with weekday substitutes. ${BY_RULE}`,
    years: CALENDAR_HORIZON,
    rules: HOLIDAY_RULES['england-and-wales'],
  },
  'northern-ireland': {
    id: 'northern-ireland',
    name: 'Bank holidays in Northern Ireland',
    citation: BANK_HOLIDAY_CITATION,
    confidence: 'infer',
    description: "England and Wales' bank holidays plus St Patrick's Day and the Battle of the Boyne, with weekday " + `substitutes. ${BY_RULE}`,
    years: CALENDAR_HORIZON,
    rules: HOLIDAY_RULES['northern-ireland'],
  },
};

/** The zone in which the dates of Scottish legal clocks are read. */
export const LEGAL_TIME_ZONE = 'Europe/London';

/** A bank-holiday calendar was asked about a year outside CALENDAR_HORIZON: we refuse rather than guess. */
export class CalendarCoverageError extends Error {
  override readonly name = 'CalendarCoverageError';

  constructor(
    readonly calendar: CalendarId,
    readonly date: string,
    readonly firstYear: number,
    readonly lastYear: number,
  ) {
    super(`Calendar '${calendar}' has holiday data for ${firstYear}-${lastYear} only; cannot classify ${date}`);
  }
}

export type NonWorkingStart = 'next-working-day-is-day-1' | 'counts-as-day-1';

export interface WindowOptions {
  /** true: the start date is day 1 ("counting the day it is made"); false: the n working days after it. */
  countStartDay: boolean;
  /** With countStartDay, what a non-working start day is: a reading the caller must choose and record. */
  nonWorkingStart: NonWorkingStart;
}

function wholeNumber(value: number, what: string, min = -Infinity): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${what} must be a whole number${min > -Infinity ? ` >= ${min}` : ''}, got ${value}`);
  }
  return value;
}

function assertCalendar(calendar: CalendarId): void {
  if (!Object.prototype.hasOwnProperty.call(CALENDARS, calendar)) {
    throw new RangeError(`Unknown calendar '${String(calendar)}'`);
  }
}

// ---- holidays by year -----------------------------------------------------------------------------

const HORIZON_FIRST_DAY = toDayNumber(CALENDAR_HORIZON.firstYear, 1, 1);
const HORIZON_LAST_DAY = toDayNumber(CALENDAR_HORIZON.lastYear, 12, 31);
const LAST_COUNTABLE_DAY = parseDate(COUNTABLE_DATES.last);

const isTableCalendar = (calendar: CalendarId): calendar is TableCalendarId => calendar !== 'scotland-statutory';

function assertInHorizon(calendar: CalendarId, dayNumber: number): void {
  if (isTableCalendar(calendar) && (dayNumber < HORIZON_FIRST_DAY || dayNumber > HORIZON_LAST_DAY)) {
    throw new CalendarCoverageError(calendar, fromDayNumber(dayNumber), CALENDAR_HORIZON.firstYear, CALENDAR_HORIZON.lastYear);
  }
}

/** Weekday holidays of `year` from the rules and the one-off proclamations alone, ignoring any table. */
function observedWithoutTable(calendar: CalendarId, year: number): Map<number, string> {
  const observed = observedByRule(HOLIDAY_RULES[calendar], year);
  if (!isTableCalendar(calendar)) return observed;
  for (const p of ONE_OFF_PROCLAMATIONS) {
    if (!p.date.startsWith(`${year}-`) || !p.calendars.includes(calendar)) continue;
    if (p.replaces) observed.delete(parseDate(p.replaces));
    observed.set(parseDate(p.date), p.name);
  }
  return observed;
}

function observedInYear(calendar: CalendarId, year: number): Map<number, string> {
  if (isTableCalendar(calendar)) {
    const table = HOLIDAY_TABLES[calendar];
    if (year >= table.firstYear && year <= table.lastYear) {
      const rows = table.holidays.filter((h) => h.date.startsWith(`${year}-`));
      return new Map(rows.map((h) => [parseDate(h.date), h.name]));
    }
  }
  return observedWithoutTable(calendar, year);
}

// Memoised per calendar and year: addWorkingDays asks about every day it steps over. The last year used is
// kept aside, as consecutive questions almost always fall in the same year.
interface YearIndex {
  first: number;
  last: number;
  names: ReadonlyMap<number, string>;
}
const YEAR_INDEXES = new Map<CalendarId, Map<number, YearIndex>>();
const LAST_USED = new Map<CalendarId, YearIndex>();

function yearIndex(calendar: CalendarId, dayNumber: number): YearIndex {
  const recent = LAST_USED.get(calendar);
  if (recent && dayNumber >= recent.first && dayNumber <= recent.last) return recent;
  const year = yearOfDay(dayNumber);
  let byYear = YEAR_INDEXES.get(calendar);
  if (!byYear) YEAR_INDEXES.set(calendar, (byYear = new Map()));
  let index = byYear.get(year);
  if (!index) {
    index = { first: toDayNumber(year, 1, 1), last: toDayNumber(year, 12, 31), names: observedInYear(calendar, year) };
    byYear.set(year, index);
  }
  LAST_USED.set(calendar, index);
  return index;
}

const toHolidays = (observed: ReadonlyMap<number, string>): Holiday[] =>
  [...observed].sort(([a], [b]) => a - b).map(([day, name]) => ({ date: fromDayNumber(day), name }));

/**
 * The weekday holidays of `year` in `calendar`, in date order: the table where one covers the year, else
 * the rules with the one-off proclamations. Weekend days are left out (they are not working days anyway).
 */
export function holidaysInYear(calendar: CalendarId, year: number): Holiday[] {
  assertCalendar(calendar);
  wholeNumber(year, 'Year', 1);
  assertInHorizon(calendar, toDayNumber(year, 1, 1));
  return toHolidays(yearIndex(calendar, toDayNumber(year, 1, 1)).names);
}

/** As holidaysInYear, but from the rules and the one-off proclamations even where a table exists. */
export function holidaysByRule(calendar: CalendarId, year: number): Holiday[] {
  assertCalendar(calendar);
  wholeNumber(year, 'Year', 1);
  return toHolidays(observedWithoutTable(calendar, year));
}

// ---- working days --------------------------------------------------------------------------------

function reasonFor(dayNumber: number, calendar: CalendarId): string | null {
  // Checked before the weekend test so that a bank-holiday calendar never answers outside its horizon.
  assertInHorizon(calendar, dayNumber);
  // Weekend first: a weekend is non-working whatever falls on it, and only weekday substitutes are listed.
  const weekday = weekdayOf(dayNumber);
  if (weekday === 6) return 'Saturday';
  if (weekday === 7) return 'Sunday';
  return yearIndex(calendar, dayNumber).names.get(dayNumber) ?? null;
}

function nextWorking(dayNumber: number, calendar: CalendarId, inclusive: boolean): number {
  let current = inclusive ? dayNumber : dayNumber + 1;
  while (reasonFor(current, calendar) !== null) current++;
  return current;
}

/** Why `date` is not a working day in `calendar` ('Saturday', 'Christmas Day', ...), or null if it is one. */
export function nonWorkingReason(date: string, calendar: CalendarId): string | null {
  assertCalendar(calendar);
  return reasonFor(parseDate(date), calendar);
}

export function isWorkingDay(date: string, calendar: CalendarId): boolean {
  return nonWorkingReason(date, calendar) === null;
}

/** The first working day after `date`, or from `date` itself when inclusive. */
export function nextWorkingDay(date: string, calendar: CalendarId, options: { inclusive: boolean }): string {
  assertCalendar(calendar);
  return fromDayNumber(nextWorking(parseDate(date), calendar, options.inclusive));
}

/** The last day of a window of `n` working days opened on `startDate` (see WindowOptions). */
export function addWorkingDays(startDate: string, n: number, calendar: CalendarId, options: WindowOptions): string {
  const start = parseDate(startDate, 'start date');
  assertCalendar(calendar);
  wholeNumber(n, 'Working-day count', 1);
  if (options.nonWorkingStart !== 'next-working-day-is-day-1' && options.nonWorkingStart !== 'counts-as-day-1') {
    throw new RangeError(`Unknown nonWorkingStart reading '${String(options.nonWorkingStart)}'`);
  }
  let day = start;
  let remaining = n;
  if (options.countStartDay) {
    const startIsDay1 = reasonFor(start, calendar) === null || options.nonWorkingStart === 'counts-as-day-1';
    day = startIsDay1 ? start : nextWorking(start, calendar, false);
    remaining = n - 1;
  }
  for (; remaining > 0; remaining--) day = nextWorking(day, calendar, false);
  return fromDayNumber(day);
}

/** Working days in (fromDate, toDate]; negative when toDate is before fromDate ("2 working days late"). */
export function workingDaysBetween(fromDate: string, toDate: string, calendar: CalendarId): number {
  const from = parseDate(fromDate, 'from date');
  const to = parseDate(toDate, 'to date');
  assertCalendar(calendar);
  const [low, high, sign] = from <= to ? [from, to, 1] : [to, from, -1];
  let count = 0;
  for (let day = low + 1; day <= high; day++) if (reasonFor(day, calendar) === null) count++;
  return count === 0 ? 0 : sign * count;
}

// ---- dates and instants in London -----------------------------------------------------------------

// A time and an explicit offset are required: without one luxon would read the host's zone.
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/;

function tryParseInstant(instantIso: unknown): DateTime<true> | null {
  if (typeof instantIso === 'string' && INSTANT_PATTERN.test(instantIso)) {
    const instant = DateTime.fromISO(instantIso, { zone: LEGAL_TIME_ZONE });
    if (instant.isValid) return instant;
  }
  return null;
}

function parseInstant(instantIso: string): DateTime<true> {
  const instant = tryParseInstant(instantIso);
  if (instant) return instant;
  throw new RangeError(`Invalid instant '${String(instantIso)}': expected ISO 8601 with a time and an offset or 'Z'`);
}

function londonMidnight(date: string): DateTime<true> {
  parseDate(date);
  const midnight = DateTime.fromISO(date, { zone: LEGAL_TIME_ZONE });
  if (!midnight.isValid) throw new RangeError(`Invalid date '${date}': ${midnight.invalidExplanation}`);
  return midnight;
}

const utcIso = (instant: DateTime<true>): string => instant.toUTC().toISO();

/**
 * The same answer for the same string, remembered: a London date or day boundary costs a time-zone lookup in luxon,
 * and replaying a placement's history asks for the same few dates thousands of times. Bounded; errors are not kept.
 */
function remembered(f: (s: string) => string): (s: string) => string {
  const cache = new Map<string, string>();
  return (s) => {
    let out = cache.get(s);
    if (out === undefined) {
      out = f(s);
      if (cache.size >= 20_000) cache.clear();
      cache.set(s, out);
    }
    return out;
  };
}

/** The London calendar date of an instant. */
export const localDate: (instantIso: string) => string = remembered((instantIso) => parseInstant(instantIso).toISODate());

/**
 * Whether every calendar can count from `dateOrInstant`, a date 'YYYY-MM-DD' or an ISO instant with an offset
 * (read as its London date): true from COUNTABLE_DATES.first to COUNTABLE_DATES.last. False for anything else,
 * malformed input included, so that the API can refuse such a date (422) before a calendar would throw.
 */
export function isCountable(dateOrInstant: string): boolean {
  let day = tryParseDate(dateOrInstant);
  if (day === null) {
    const instant = tryParseInstant(dateOrInstant);
    if (!instant) return false;
    day = toDayNumber(instant.year, instant.month, instant.day);
  }
  return day >= HORIZON_FIRST_DAY && day <= LAST_COUNTABLE_DAY;
}

/** The first millisecond of `date` in London, as a UTC ISO instant. */
export const startOfLocalDay: (date: string) => string = remembered((date) => utcIso(londonMidnight(date).startOf('day')));

/** The last millisecond of `date` in London, as a UTC ISO instant: the due time of a date-based clock. */
export const endOfLocalDay: (date: string) => string = remembered((date) => utcIso(londonMidnight(date).endOf('day')));

export function addCalendarDays(date: string, n: number): string {
  return fromDayNumber(parseDate(date) + wholeNumber(n, 'Day count'));
}

export interface CalendarSpan {
  days?: number;
  weeks?: number;
  months?: number;
  years?: number;
}

/**
 * Calendar arithmetic in London wall-clock time (so "1 day" across a clock change keeps the local time),
 * returned as a UTC ISO instant. Month ends clamp (31 Jan + 1 month = 28/29 Feb); a local time that does
 * not exist on the target day (the spring-forward hour) moves forward by the gap.
 */
export function addToInstant(instantIso: string, span: CalendarSpan): string {
  const key = `${instantIso}|${span.years ?? ''}|${span.months ?? ''}|${span.weeks ?? ''}|${span.days ?? ''}`;
  let out = added.get(key);
  if (out === undefined) {
    out = addSpan(instantIso, span);
    if (added.size >= 20_000) added.clear();
    added.set(key, out);
  }
  return out;
}

const added = new Map<string, string>();

function addSpan(instantIso: string, span: CalendarSpan): string {
  const start = parseInstant(instantIso);
  const amounts: CalendarSpan = {};
  for (const unit of ['years', 'months', 'weeks', 'days'] as const) {
    const value = span[unit];
    if (value !== undefined) amounts[unit] = wholeNumber(value, `Span ${unit}`);
  }
  return utcIso(start.plus(amounts));
}

/**
 * The date on which someone born on `dateOfBirth` reaches `years` of age. A 29 February birthday falls on
 * 1 March in other years: explicit in Scots law (s.6(2) Age of Legal Capacity (Scotland) Act 1991) and the
 * usual reading in England and Wales, where s.9 Family Law Reform Act 1969 is silent on 29 February.
 */
export function anniversary(dateOfBirth: string, years: number): string {
  parseDate(dateOfBirth, 'date of birth');
  const year = Number(dateOfBirth.slice(0, 4)) + wholeNumber(years, 'Years', 0);
  const monthDay = dateOfBirth.slice(5) === '02-29' && !isLeapYear(year) ? '03-01' : dateOfBirth.slice(5);
  return fromDayNumber(parseDate(`${String(year).padStart(4, '0')}-${monthDay}`));
}

/** Age in whole years on `date`. */
export function ageOn(dateOfBirth: string, date: string): number {
  parseDate(dateOfBirth, 'date of birth');
  parseDate(date);
  if (date < dateOfBirth) throw new RangeError(`Date ${date} is before the date of birth ${dateOfBirth}`);
  const age = Number(date.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return anniversary(dateOfBirth, age) > date ? age - 1 : age;
}
