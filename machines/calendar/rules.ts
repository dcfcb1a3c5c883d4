// The recurring holidays of each calendar as data, with where each comes from, and the computation of a
// year's observed holidays from them. Bank holidays are Sch. 1 to the Banking and Financial Dealings Act
// 1971 (s.1(1)), days a royal proclamation appoints every year (s.1(3)), and Good Friday and Christmas Day,
// common-law holidays in England, Wales and Northern Ireland. Substitute days for holidays that fall on a
// weekend come partly from Sch. 1 and partly from the yearly proclamations; the pattern has not varied in
// decades, so one rule describes it. A one-off proclamation (a jubilee, a moved May holiday) is not a
// rule: see proclamations.ts and tables.ts.
import { toDayNumber, weekdayOf } from './days';
import type { TableCalendarId } from './tables';

export type CalendarId = 'scotland-statutory' | TableCalendarId;

export type CalendarConfidence = '2026' | '2022' | 'infer';

export interface Provenance {
  citation: string;
  confidence: CalendarConfidence;
  /** What a legal officer should confirm, or why a reading was taken. */
  note?: string;
}

/** When in a year a holiday falls before any substitution. */
export type HolidayDay =
  | { kind: 'fixed'; month: number; day: number }
  /** Days after Easter Sunday (Gregorian computus): -2 is Good Friday, 1 is Easter Monday. */
  | { kind: 'easter'; offset: number }
  | { kind: 'first-monday' | 'last-monday'; month: number };

export interface HolidayRule extends Provenance {
  name: string;
  on: HolidayDay;
  /**
   * On a Saturday or a Sunday (or a day another holiday already holds) the holiday is observed on the next
   * weekday that is not already a holiday, named '<name> (substitute)'. Holidays that keep their own day are
   * placed first, then the displaced ones in date order: so with Christmas on a Sunday, Boxing Day keeps
   * Monday 26 and Christmas moves to Tuesday 27; with Christmas on a Saturday, 27 and 28 December.
   */
  substitute: boolean;
}

const ACT = 'Banking and Financial Dealings Act 1971';
const COMMON_LAW: Omit<Provenance, 'confidence'> = {
  citation: `Common-law holiday in England, Wales and Northern Ireland (not in Sch. 1 to the ${ACT})`,
  note: 'Not a bank holiday in law; treated as one because banks, courts and councils close.',
};
const PROCLAIMED = (since: string) => `Royal proclamation under s.1(3) ${ACT}, made every year ${since}`;
const WEEKEND_SUBSTITUTE =
  `Substitute day: Sch. 1 to the ${ACT} where it names one, otherwise the yearly royal proclamation ` +
  'under s.1(3), which has appointed the next free weekday for every holiday falling on a weekend';

const rule = (name: string, on: HolidayDay, substitute: boolean, provenance: Omit<Provenance, 'confidence'>): HolidayRule => ({
  name,
  on,
  substitute,
  ...provenance,
  confidence: 'infer',
});

const fixed = (month: number, day: number): HolidayDay => ({ kind: 'fixed', month, day });
const GOOD_FRIDAY: HolidayDay = { kind: 'easter', offset: -2 };
const EASTER_MONDAY: HolidayDay = { kind: 'easter', offset: 1 };
const FIRST_MONDAY_MAY: HolidayDay = { kind: 'first-monday', month: 5 };
const LAST_MONDAY_MAY: HolidayDay = { kind: 'last-monday', month: 5 };

const ENGLAND_AND_WALES: readonly HolidayRule[] = [
  rule("New Year's Day", fixed(1, 1), true, { citation: `${PROCLAIMED('since 1974')}; ${WEEKEND_SUBSTITUTE}` }),
  rule('Good Friday', GOOD_FRIDAY, false, COMMON_LAW),
  rule('Easter Monday', EASTER_MONDAY, false, { citation: `${ACT}, Sch. 1 para. 1` }),
  rule('Early May bank holiday', FIRST_MONDAY_MAY, false, { citation: PROCLAIMED('since 1978') }),
  rule('Spring bank holiday', LAST_MONDAY_MAY, false, { citation: `${ACT}, Sch. 1 para. 1 (the last Monday in May)` }),
  rule('Summer bank holiday', { kind: 'last-monday', month: 8 }, false, {
    citation: `${ACT}, Sch. 1 para. 1 (the last Monday in August)`,
  }),
  rule('Christmas Day', fixed(12, 25), true, {
    ...COMMON_LAW,
    citation: `${COMMON_LAW.citation}; ${WEEKEND_SUBSTITUTE}`,
  }),
  rule('Boxing Day', fixed(12, 26), true, {
    citation: `${ACT}, Sch. 1 para. 1 (26 December if not a Sunday, 27 December when 25 or 26 December is); ${WEEKEND_SUBSTITUTE}`,
  }),
];

const SCOTLAND: readonly HolidayRule[] = [
  rule("New Year's Day", fixed(1, 1), true, {
    citation: `${ACT}, Sch. 1 para. 2 (3 January if it is a Sunday); ${WEEKEND_SUBSTITUTE}`,
    note:
      "With 1 January on a Sunday, GOV.UK names Monday 2 January the New Year's Day substitute and Tuesday 3 " +
      'January the 2nd January one; Sch. 1 gives the names the other way round. Same days, so only the name differs.',
  }),
  rule('2nd January', fixed(1, 2), true, {
    citation: `${ACT}, Sch. 1 para. 2 (3 January if it is a Sunday); ${WEEKEND_SUBSTITUTE}`,
  }),
  rule('Good Friday', GOOD_FRIDAY, false, { citation: `${ACT}, Sch. 1 para. 2` }),
  rule('Early May bank holiday', FIRST_MONDAY_MAY, false, {
    citation: `${ACT}, Sch. 1 para. 2 (the first Monday in May)`,
  }),
  rule('Spring bank holiday', LAST_MONDAY_MAY, false, { citation: PROCLAIMED('(the last Monday in May)') }),
  rule('Summer bank holiday', { kind: 'first-monday', month: 8 }, false, {
    citation: `${ACT}, Sch. 1 para. 2 (the first Monday in August)`,
  }),
  rule("St Andrew's Day", fixed(11, 30), true, {
    citation:
      `${ACT}, Sch. 1 para. 2, inserted by s.1 St Andrew's Day Bank Holiday (Scotland) Act 2007 (30 November, ` +
      'or the first Monday after it when it is a Saturday or Sunday)',
  }),
  rule('Christmas Day', fixed(12, 25), true, {
    citation: `${ACT}, Sch. 1 para. 2 (26 December if it is a Sunday); ${WEEKEND_SUBSTITUTE}`,
  }),
  rule('Boxing Day', fixed(12, 26), true, { citation: `${PROCLAIMED('since 1974')}; ${WEEKEND_SUBSTITUTE}` }),
];

const NORTHERN_IRELAND: readonly HolidayRule[] = [
  rule("New Year's Day", fixed(1, 1), true, { citation: `${PROCLAIMED('since 1974')}; ${WEEKEND_SUBSTITUTE}` }),
  rule("St Patrick's Day", fixed(3, 17), true, {
    citation: `${ACT}, Sch. 1 para. 3 (18 March if it is a Sunday); ${WEEKEND_SUBSTITUTE}`,
  }),
  rule('Good Friday', GOOD_FRIDAY, false, COMMON_LAW),
  rule('Easter Monday', EASTER_MONDAY, false, { citation: `${ACT}, Sch. 1 para. 3` }),
  rule('Early May bank holiday', FIRST_MONDAY_MAY, false, { citation: PROCLAIMED('since 1978') }),
  rule('Spring bank holiday', LAST_MONDAY_MAY, false, { citation: `${ACT}, Sch. 1 para. 3 (the last Monday in May)` }),
  rule("Battle of the Boyne (Orangemen's Day)", fixed(7, 12), true, {
    citation: `${PROCLAIMED('(12 July)')}; ${WEEKEND_SUBSTITUTE}`,
  }),
  rule('Summer bank holiday', { kind: 'last-monday', month: 8 }, false, {
    citation: `${ACT}, Sch. 1 para. 3 (the last Monday in August)`,
  }),
  rule('Christmas Day', fixed(12, 25), true, {
    ...COMMON_LAW,
    citation: `${COMMON_LAW.citation}; ${WEEKEND_SUBSTITUTE}`,
  }),
  rule('Boxing Day', fixed(12, 26), true, {
    citation: `${ACT}, Sch. 1 para. 3 (26 December if not a Sunday, 27 December when 25 or 26 December is); ${WEEKEND_SUBSTITUTE}`,
  }),
];

const STATUTORY_CITATION = "s.202(1) Children's Hearings (Scotland) Act 2011";
const STATUTORY: readonly HolidayRule[] = [
  rule("New Year's Day", fixed(1, 1), false, { citation: STATUTORY_CITATION }),
  rule('2nd January', fixed(1, 2), false, { citation: STATUTORY_CITATION }),
  rule('Christmas Day', fixed(12, 25), false, { citation: STATUTORY_CITATION }),
  rule('Boxing Day', fixed(12, 26), false, { citation: STATUTORY_CITATION }),
];

export const HOLIDAY_RULES: Readonly<Record<CalendarId, readonly HolidayRule[]>> = {
  'scotland-statutory': STATUTORY,
  'scotland-bank-holidays': SCOTLAND,
  'england-and-wales': ENGLAND_AND_WALES,
  'northern-ireland': NORTHERN_IRELAND,
};

/** Easter Sunday of a Gregorian year as [month, day] (the anonymous Gregorian algorithm of Meeus, Jones, Butcher). */
export function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const monthDay = h + l - 7 * m + 114;
  return [Math.floor(monthDay / 31), (monthDay % 31) + 1];
}

function dayOf(on: HolidayDay, year: number): number {
  switch (on.kind) {
    case 'fixed':
      return toDayNumber(year, on.month, on.day);
    case 'easter':
      return toDayNumber(year, ...easterSunday(year)) + on.offset;
    case 'first-monday': {
      const first = toDayNumber(year, on.month, 1);
      return first + ((8 - weekdayOf(first)) % 7);
    }
    case 'last-monday': {
      const last = (on.month === 12 ? toDayNumber(year + 1, 1, 1) : toDayNumber(year, on.month + 1, 1)) - 1;
      return last - ((weekdayOf(last) + 6) % 7);
    }
  }
}

const isWeekend = (dayNumber: number) => weekdayOf(dayNumber) >= 6;

/** The days on which `rules` are observed in `year`, as day number -> name; weekend days are left out. */
export function observedByRule(rules: readonly HolidayRule[], year: number): Map<number, string> {
  const nominal = rules.map((r) => ({ rule: r, day: dayOf(r.on, year) })).sort((x, y) => x.day - y.day);
  const observed = new Map<number, string>();
  const displaced: typeof nominal = [];
  for (const entry of nominal) {
    if (isWeekend(entry.day) || observed.has(entry.day)) displaced.push(entry);
    else observed.set(entry.day, entry.rule.name);
  }
  for (const { rule: r, day } of displaced) {
    if (!r.substitute) continue;
    let substitute = day + 1;
    while (isWeekend(substitute) || observed.has(substitute)) substitute++;
    observed.set(substitute, `${r.name} (substitute)`);
  }
  return observed;
}
