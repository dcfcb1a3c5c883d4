// Working-day calendars and Europe/London date helpers for legal clocks. Pure: no clock and no I/O, so
// every date or instant arrives as an argument. Dates are 'YYYY-MM-DD' strings; instants are ISO strings
// with an explicit offset (a bare local time would depend on the host's zone).
import { DateTime } from 'luxon';
import { HOLIDAY_TABLES, type TableCalendarId } from './tables';

export { HOLIDAY_TABLES } from './tables';
export type { Holiday, HolidayTable, TableCalendarId } from './tables';

export type CalendarId = 'scotland-statutory' | TableCalendarId;

export interface CalendarInfo {
  id: CalendarId;
  name: string;
  citation: string;
  confidence: '2026' | '2022' | 'infer';
  description: string;
}

const BANK_HOLIDAY_CITATION = 'Banking and Financial Dealings Act 1971, Sch. 1, and royal proclamations';

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
  },
  'scotland-bank-holidays': {
    id: 'scotland-bank-holidays',
    name: 'Scottish bank and public holidays',
    citation: BANK_HOLIDAY_CITATION,
    confidence: 'infer',
    description: 'Weekends and the Scottish bank holidays, with weekday substitutes. Tabled years only.',
  },
  'england-and-wales': {
    id: 'england-and-wales',
    name: 'Bank holidays in England and Wales',
    citation: BANK_HOLIDAY_CITATION,
    confidence: 'infer',
    description: 'Weekends and the bank holidays of England and Wales, with weekday substitutes. Tabled years only.',
  },
  'northern-ireland': {
    id: 'northern-ireland',
    name: 'Bank holidays in Northern Ireland',
    citation: BANK_HOLIDAY_CITATION,
    confidence: 'infer',
    description:
      "England and Wales' bank holidays plus St Patrick's Day and the Battle of the Boyne, with weekday " +
      'substitutes. Tabled years only.',
  },
};

/** The zone in which the dates of Scottish legal clocks are read. */
export const LEGAL_TIME_ZONE = 'Europe/London';

/** A table-based calendar was asked about a year it has no data for: we refuse rather than guess. */
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

// ---- plain dates -----------------------------------------------------------------------------------
// Working-day loops step through plain dates as day numbers (days since 1970-01-01), converted with
// H. Hinnant's civil-calendar algorithms: exact for any Gregorian date, and far cheaper than a DateTime.

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function toDayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719468;
}

function fromDayNumber(dayNumber: number): string {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  if (year < 0 || year > 9999) throw new RangeError(`Date out of range: year ${year}`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** ISO weekday, 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
const weekdayOf = (dayNumber: number) => ((((dayNumber + 3) % 7) + 7) % 7) + 1;

function parseDate(date: string, what = 'date'): number {
  const match = typeof date === 'string' ? DATE_PATTERN.exec(date) : null;
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
      return toDayNumber(year, month, day);
    }
  }
  throw new RangeError(`Invalid ${what} '${String(date)}': expected a real calendar date 'YYYY-MM-DD'`);
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

// ---- working days --------------------------------------------------------------------------------

const STATUTORY_HOLIDAYS: Readonly<Record<string, string>> = {
  '01-01': "New Year's Day",
  '01-02': '2nd January',
  '12-25': 'Christmas Day',
  '12-26': 'Boxing Day',
};

const indexTable = (id: TableCalendarId): ReadonlyMap<string, string> =>
  new Map(HOLIDAY_TABLES[id].holidays.map((h) => [h.date, h.name]));

const HOLIDAY_INDEX: Readonly<Record<TableCalendarId, ReadonlyMap<string, string>>> = {
  'scotland-bank-holidays': indexTable('scotland-bank-holidays'),
  'england-and-wales': indexTable('england-and-wales'),
  'northern-ireland': indexTable('northern-ireland'),
};

function reasonFor(dayNumber: number, calendar: CalendarId): string | null {
  const date = fromDayNumber(dayNumber);
  if (calendar !== 'scotland-statutory') {
    const table = HOLIDAY_TABLES[calendar];
    const year = Number(date.slice(0, 4));
    // Checked before the weekend test so that a table calendar never answers for an untabled year.
    if (year < table.firstYear || year > table.lastYear) {
      throw new CalendarCoverageError(calendar, date, table.firstYear, table.lastYear);
    }
  }
  // Weekend first: a weekend is non-working whatever falls on it, and the tables list weekday substitutes.
  const weekday = weekdayOf(dayNumber);
  if (weekday === 6) return 'Saturday';
  if (weekday === 7) return 'Sunday';
  if (calendar === 'scotland-statutory') return STATUTORY_HOLIDAYS[date.slice(5)] ?? null;
  return HOLIDAY_INDEX[calendar].get(date) ?? null;
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

function parseInstant(instantIso: string): DateTime<true> {
  if (typeof instantIso === 'string' && INSTANT_PATTERN.test(instantIso)) {
    const instant = DateTime.fromISO(instantIso, { zone: LEGAL_TIME_ZONE });
    if (instant.isValid) return instant;
  }
  throw new RangeError(`Invalid instant '${String(instantIso)}': expected ISO 8601 with a time and an offset or 'Z'`);
}

function londonMidnight(date: string): DateTime<true> {
  parseDate(date);
  const midnight = DateTime.fromISO(date, { zone: LEGAL_TIME_ZONE });
  if (!midnight.isValid) throw new RangeError(`Invalid date '${date}': ${midnight.invalidExplanation}`);
  return midnight;
}

const utcIso = (instant: DateTime<true>): string => instant.toUTC().toISO();

/** The London calendar date of an instant. */
export function localDate(instantIso: string): string {
  return parseInstant(instantIso).toISODate();
}

/** The first millisecond of `date` in London, as a UTC ISO instant. */
export function startOfLocalDay(date: string): string {
  return utcIso(londonMidnight(date).startOf('day'));
}

/** The last millisecond of `date` in London, as a UTC ISO instant: the due time of a date-based clock. */
export function endOfLocalDay(date: string): string {
  return utcIso(londonMidnight(date).endOf('day'));
}

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
