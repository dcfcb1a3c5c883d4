import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import {
  CALENDARS,
  CALENDAR_HORIZON,
  COUNTABLE_DATES,
  CalendarCoverageError,
  HOLIDAY_RULES,
  HOLIDAY_TABLES,
  LEGAL_TIME_ZONE,
  ONE_OFF_PROCLAMATIONS,
  addCalendarDays,
  addToInstant,
  addWorkingDays,
  ageOn,
  anniversary,
  easterSunday,
  endOfLocalDay,
  holidaysByRule,
  holidaysInYear,
  isCountable,
  isWorkingDay,
  localDate,
  nextWorkingDay,
  nonWorkingReason,
  startOfLocalDay,
  workingDaysBetween,
  type CalendarId,
  type TableCalendarId,
  type WindowOptions,
} from '../machines/calendar';

const ALL_CALENDARS = Object.keys(CALENDARS) as CalendarId[];
const TABLE_CALENDARS = Object.keys(HOLIDAY_TABLES) as TableCalendarId[];
const TABLE_YEARS = [2026, 2027, 2028, 2029, 2030, 2031, 2032];
const { firstYear: FIRST_YEAR, lastYear: LAST_YEAR } = CALENDAR_HORIZON;
const HORIZON_YEARS = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
const dates = (holidays: ReadonlyArray<{ date: string }>) => holidays.map((h) => h.date);

const COUNTING_START: WindowOptions = { countStartDay: true, nonWorkingStart: 'next-working-day-is-day-1' };
const START_IS_DAY_1: WindowOptions = { countStartDay: true, nonWorkingStart: 'counts-as-day-1' };
const AFTER_START: WindowOptions = { countStartDay: false, nonWorkingStart: 'next-working-day-is-day-1' };

// ISO weekday from the platform's own calendar, independent of the code under test (and cheaper than luxon).
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
const isWeekend = (date: string) => weekday(date) >= 6;

/** Weekdays of `year` that are not working days in `calendar`. */
function weekdayHolidays(year: number, calendar: CalendarId): string[] {
  const out: string[] = [];
  for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = addCalendarDays(date, 1)) {
    if (!isWeekend(date) && !isWorkingDay(date, calendar)) out.push(date);
  }
  return out;
}

describe('calendar metadata and tables', () => {
  it('describes every calendar with its citation and confidence', () => {
    for (const id of ALL_CALENDARS) expect(CALENDARS[id].id).toBe(id);
    expect(CALENDARS['scotland-statutory']).toMatchObject({
      citation: "s.202(1) Children's Hearings (Scotland) Act 2011",
      confidence: 'infer',
    });
    expect(CALENDARS['scotland-statutory'].years).toBe('any');
    for (const id of TABLE_CALENDARS) {
      expect(CALENDARS[id].citation).toMatch(/Banking and Financial Dealings Act 1971/);
      expect(CALENDARS[id].citation).toMatch(/royal proclamations/);
      expect(CALENDARS[id].confidence).toBe('infer');
      expect(CALENDARS[id].years).toEqual({ firstYear: 2007, lastYear: 2199 });
      expect(CALENDARS[id].description).toMatch(/2026-2032.*2007 to 2199/);
    }
    expect(CALENDARS['scotland-bank-holidays'].citation).toMatch(/St Andrew's Day Bank Holiday \(Scotland\) Act 2007/);
    expect(LEGAL_TIME_ZONE).toBe('Europe/London');
  });

  it.each(ALL_CALENDARS)('%s: every rule and one-off proclamation says where it comes from', (id) => {
    expect(CALENDARS[id].rules).toBe(HOLIDAY_RULES[id]);
    const names = HOLIDAY_RULES[id].map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of HOLIDAY_RULES[id]) {
      expect(rule.citation).toMatch(/Act 1971|Act 2011|Common-law holiday|proclamation/);
      expect(rule.confidence).toBe('infer');
    }
    for (const p of ONE_OFF_PROCLAMATIONS) {
      expect(p.citation).toMatch(/s\.1\((2|3)\).*Banking and Financial Dealings Act 1971/);
      expect(p.confidence).toBe('infer');
      expect(isWeekend(p.date)).toBe(false);
      if (p.replaces) expect(p.replaces.slice(0, 4)).toBe(p.date.slice(0, 4));
    }
  });

  it('the rules name the holidays of each jurisdiction, and no other', () => {
    const names = (id: CalendarId) => HOLIDAY_RULES[id].map((r) => r.name).sort();
    const common = ["New Year's Day", 'Good Friday', 'Early May bank holiday', 'Spring bank holiday', 'Summer bank holiday'];
    const christmas = ['Christmas Day', 'Boxing Day'];
    expect(names('england-and-wales')).toEqual([...common, 'Easter Monday', ...christmas].sort());
    expect(names('northern-ireland')).toEqual([...common, 'Easter Monday', "St Patrick's Day", "Battle of the Boyne (Orangemen's Day)", ...christmas].sort());
    expect(names('scotland-bank-holidays')).toEqual([...common, '2nd January', "St Andrew's Day", ...christmas].sort());
    expect(names('scotland-statutory')).toEqual(["New Year's Day", '2nd January', ...christmas].sort());
  });

  it.each(TABLE_CALENDARS)('%s: sorted, unique, real weekdays, inside its coverage, every year present', (id) => {
    const table = HOLIDAY_TABLES[id];
    expect(table.source.length).toBeGreaterThan(20);
    expect([table.firstYear, table.lastYear]).toEqual([2026, 2032]);
    const dates = table.holidays.map((h) => h.date);
    expect(dates).toEqual([...new Set(dates)].sort());
    for (const { date, name } of table.holidays) {
      expect(DateTime.fromISO(date).isValid).toBe(true);
      expect(isWeekend(date)).toBe(false);
      expect(name).not.toBe('');
    }
    for (const year of TABLE_YEARS) expect(dates.some((d) => d.startsWith(`${year}-`))).toBe(true);
  });
});

describe('Scotland 2026', () => {
  it('bank holidays are exactly the published list', () => {
    expect(weekdayHolidays(2026, 'scotland-bank-holidays')).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-04-03',
      '2026-05-04',
      '2026-05-25',
      '2026-08-03',
      '2026-11-30',
      '2026-12-25',
      '2026-12-28',
    ]);
  });

  it('statutory non-working weekdays are 1-2 January and 25 December (26 December is a Saturday)', () => {
    expect(weekdayHolidays(2026, 'scotland-statutory')).toEqual(['2026-01-01', '2026-01-02', '2026-12-25']);
    expect(nonWorkingReason('2026-12-26', 'scotland-statutory')).toBe('Saturday');
    expect(nonWorkingReason('2026-12-26', 'scotland-bank-holidays')).toBe('Saturday');
  });

  it.each([
    ['2026-04-03', 'Good Friday'],
    ['2026-11-30', "St Andrew's Day"],
    ['2026-12-28', 'Boxing Day (substitute)'],
    ['2026-05-04', 'Early May bank holiday'],
  ])('%s is a working day in statutory, not in bank holidays (%s)', (date, name) => {
    expect(isWorkingDay(date, 'scotland-statutory')).toBe(true);
    expect(nonWorkingReason(date, 'scotland-statutory')).toBeNull();
    expect(isWorkingDay(date, 'scotland-bank-holidays')).toBe(false);
    expect(nonWorkingReason(date, 'scotland-bank-holidays')).toBe(name);
  });

  it('names reasons', () => {
    expect(nonWorkingReason('2026-12-25', 'scotland-statutory')).toBe('Christmas Day');
    expect(nonWorkingReason('2026-03-08', 'scotland-statutory')).toBe('Sunday');
    expect(nonWorkingReason('2030-12-02', 'scotland-bank-holidays')).toBe("St Andrew's Day (substitute)");
    expect(nonWorkingReason('2030-11-29', 'scotland-bank-holidays')).toBeNull();
    expect(nonWorkingReason('2027-01-04', 'scotland-bank-holidays')).toBe('2nd January (substitute)');
  });
});

describe('England and Wales, Northern Ireland', () => {
  it('England 2026 and 2027', () => {
    expect(weekdayHolidays(2026, 'england-and-wales')).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
    expect(weekdayHolidays(2027, 'england-and-wales')).toEqual([
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ]);
    // Easter Monday and the late-August holiday are English, not Scottish.
    expect(isWorkingDay('2026-04-06', 'scotland-bank-holidays')).toBe(true);
    expect(isWorkingDay('2026-08-03', 'england-and-wales')).toBe(true);
  });

  it('Northern Ireland adds St Patrick and the Boyne, with substitutes', () => {
    expect(nonWorkingReason('2026-03-17', 'northern-ireland')).toBe("St Patrick's Day");
    expect(nonWorkingReason('2026-07-13', 'northern-ireland')).toBe("Battle of the Boyne (Orangemen's Day) (substitute)");
    expect(nonWorkingReason('2029-03-19', 'northern-ireland')).toBe("St Patrick's Day (substitute)");
    expect(nonWorkingReason('2030-03-18', 'northern-ireland')).toBe("St Patrick's Day (substitute)");
    expect(nonWorkingReason('2031-07-14', 'northern-ireland')).toBe("Battle of the Boyne (Orangemen's Day) (substitute)");
    expect(isWorkingDay('2026-03-17', 'england-and-wales')).toBe(true);
    const england = new Set(HOLIDAY_TABLES['england-and-wales'].holidays.map((h) => h.date));
    const ni = new Set(HOLIDAY_TABLES['northern-ireland'].holidays.map((h) => h.date));
    for (const date of england) expect(ni.has(date)).toBe(true);
    expect(ni.size - england.size).toBe(2 * TABLE_YEARS.length);
  });
});

describe('addWorkingDays', () => {
  it('C3: 3 working days counting the day made (Mon 2 Mar 2026 -> Wed 4 Mar)', () => {
    expect(addWorkingDays('2026-03-02', 3, 'scotland-statutory', COUNTING_START)).toBe('2026-03-04');
    expect(addWorkingDays('2026-03-02', 1, 'scotland-statutory', COUNTING_START)).toBe('2026-03-02');
  });

  it('"within 20 working days of" Mon 2 Mar 2026 -> Mon 30 Mar', () => {
    expect(addWorkingDays('2026-03-02', 20, 'scotland-statutory', AFTER_START)).toBe('2026-03-30');
    expect(addWorkingDays('2026-03-02', 1, 'scotland-statutory', AFTER_START)).toBe('2026-03-03');
  });

  it('order made Fri 1 May 2026, before the May bank holiday', () => {
    expect(addWorkingDays('2026-05-01', 3, 'scotland-statutory', COUNTING_START)).toBe('2026-05-05');
    expect(addWorkingDays('2026-05-01', 3, 'scotland-bank-holidays', COUNTING_START)).toBe('2026-05-06');
  });

  it('order made Sat 7 Mar 2026 under both readings of a non-working start', () => {
    expect(addWorkingDays('2026-03-07', 3, 'scotland-statutory', COUNTING_START)).toBe('2026-03-11');
    expect(addWorkingDays('2026-03-07', 3, 'scotland-statutory', START_IS_DAY_1)).toBe('2026-03-10');
    expect(addWorkingDays('2026-03-07', 1, 'scotland-statutory', START_IS_DAY_1)).toBe('2026-03-07');
    // The reading only matters for a non-working start.
    expect(addWorkingDays('2026-03-06', 3, 'scotland-statutory', START_IS_DAY_1)).toBe('2026-03-10');
    expect(addWorkingDays('2026-03-07', 3, 'scotland-statutory', AFTER_START)).toBe('2026-03-11');
  });

  it('windows across Christmas and New Year', () => {
    // Thu 24 Dec 2026: 25 Dec, the weekend and (bank) the Boxing Day substitute on 28 Dec are skipped.
    expect(addWorkingDays('2026-12-24', 3, 'scotland-statutory', COUNTING_START)).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-24', 3, 'scotland-bank-holidays', COUNTING_START)).toBe('2026-12-30');
    expect(addWorkingDays('2026-12-25', 3, 'scotland-statutory', COUNTING_START)).toBe('2026-12-30');
    expect(addWorkingDays('2026-12-25', 3, 'scotland-statutory', START_IS_DAY_1)).toBe('2026-12-29');
    // Wed 30 Dec 2026: 1 Jan 2027 (Fri) and, for bank holidays, the 2 January substitute on Mon 4 Jan.
    expect(addWorkingDays('2026-12-30', 5, 'scotland-statutory', COUNTING_START)).toBe('2027-01-06');
    expect(addWorkingDays('2026-12-30', 5, 'scotland-bank-holidays', COUNTING_START)).toBe('2027-01-07');
    expect(addWorkingDays('2026-12-30', 5, 'england-and-wales', COUNTING_START)).toBe('2027-01-06');
  });

  it("England's 20 working days across Easter 2027", () => {
    expect(addWorkingDays('2027-03-15', 20, 'england-and-wales', AFTER_START)).toBe('2027-04-14');
    expect(addWorkingDays('2027-03-15', 20, 'scotland-bank-holidays', AFTER_START)).toBe('2027-04-13');
    expect(addWorkingDays('2027-03-15', 20, 'scotland-statutory', AFTER_START)).toBe('2027-04-12');
  });

  it('rejects a count that is not a whole number >= 1 and an unknown reading', () => {
    for (const n of [0, -1, 1.5, Number.NaN, Infinity]) {
      expect(() => addWorkingDays('2026-03-02', n, 'scotland-statutory', COUNTING_START)).toThrow(RangeError);
    }
    const bad = { countStartDay: true, nonWorkingStart: 'whatever' } as unknown as WindowOptions;
    expect(() => addWorkingDays('2026-03-02', 3, 'scotland-statutory', bad)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-02', 3, 'scotland' as CalendarId, COUNTING_START)).toThrow(/Unknown calendar/);
  });
});

describe('nextWorkingDay and workingDaysBetween', () => {
  it('nextWorkingDay', () => {
    expect(nextWorkingDay('2026-03-02', 'scotland-statutory', { inclusive: true })).toBe('2026-03-02');
    expect(nextWorkingDay('2026-03-02', 'scotland-statutory', { inclusive: false })).toBe('2026-03-03');
    expect(nextWorkingDay('2026-12-24', 'scotland-bank-holidays', { inclusive: false })).toBe('2026-12-29');
    expect(nextWorkingDay('2026-12-31', 'scotland-statutory', { inclusive: false })).toBe('2027-01-04');
  });

  it('counts (from, to], negative when late is reversed', () => {
    expect(workingDaysBetween('2026-03-04', '2026-03-06', 'scotland-statutory')).toBe(2);
    expect(workingDaysBetween('2026-03-06', '2026-03-04', 'scotland-statutory')).toBe(-2);
    expect(workingDaysBetween('2026-03-04', '2026-03-04', 'scotland-statutory')).toBe(0);
    expect(workingDaysBetween('2026-03-07', '2026-03-08', 'scotland-statutory')).toBe(0);
    expect(workingDaysBetween('2026-03-08', '2026-03-07', 'scotland-statutory')).toBe(0);
    // 28-31 Dec 2026; the bank-holiday calendar also drops the Boxing Day substitute on 28 Dec.
    expect(workingDaysBetween('2026-12-24', '2026-12-31', 'scotland-statutory')).toBe(4);
    expect(workingDaysBetween('2026-12-24', '2026-12-31', 'scotland-bank-holidays')).toBe(3);
  });
});

describe('holidays by rule', () => {
  it('Easter by the Gregorian computus', () => {
    // Published Easter Sundays, including the earliest (22 March) and latest (25 April) possible.
    const known: Array<[number, string]> = [
      [1818, '03-22'],
      [1943, '04-25'],
      [2000, '04-23'],
      [2008, '03-23'],
      [2011, '04-24'],
      [2019, '04-21'],
      [2024, '03-31'],
      [2025, '04-20'],
      [2026, '04-05'],
      [2038, '04-25'],
      [2100, '03-28'],
      [2285, '03-22'],
    ];
    for (const [year, monthDay] of known) {
      const [month, day] = easterSunday(year);
      expect(`${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`).toBe(monthDay);
    }
    for (const year of HORIZON_YEARS) {
      const [month, day] = easterSunday(year);
      const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      expect(weekday(date)).toBe(7);
      expect(date.slice(5) >= '03-22' && date.slice(5) <= '04-25').toBe(true);
    }
  });

  it.each(TABLE_CALENDARS.flatMap((calendar) => TABLE_YEARS.map((year) => [calendar, year] as const)))(
    '%s %i: the rules give exactly the table, names included',
    (calendar, year) => {
      const table = HOLIDAY_TABLES[calendar].holidays.filter((h) => h.date.startsWith(`${year}-`));
      // holidaysByRule applies ONE_OFF_PROCLAMATIONS, the only differences a table may have from the rules.
      expect(holidaysByRule(calendar, year)).toEqual(table);
      expect(holidaysInYear(calendar, year)).toEqual(table);
    },
  );

  it.each(TABLE_CALENDARS)('%s: every rule is observed exactly once a year, on a weekday, across the horizon', (calendar) => {
    for (const year of HORIZON_YEARS) {
      const holidays = holidaysInYear(calendar, year);
      const oneOffs = ONE_OFF_PROCLAMATIONS.filter((p) => p.calendars.includes(calendar) && p.date.startsWith(`${year}-`));
      expect(holidays).toHaveLength(HOLIDAY_RULES[calendar].length + oneOffs.filter((p) => !p.replaces).length);
      expect(dates(holidays)).toEqual([...new Set(dates(holidays))].sort());
      for (const { date } of holidays) {
        expect(date.startsWith(`${year}-`)).toBe(true);
        expect(isWeekend(date)).toBe(false);
      }
      // A holiday a one-off proclamation moved (2020's VE day) counts as the rule's observance.
      const movedTo = new Set(oneOffs.filter((p) => p.replaces).map((p) => p.date));
      for (const rule of HOLIDAY_RULES[calendar]) {
        const observed = holidays.filter(
          (h) => h.name === rule.name || h.name === `${rule.name} (substitute)` || (movedTo.has(h.date) && h.name.startsWith(rule.name)),
        );
        expect([year, rule.name, observed.length]).toEqual([year, rule.name, 1]);
      }
    }
  });

  it('past years agree with GOV.UK, one-off proclamations included', () => {
    expect(dates(holidaysInYear('england-and-wales', 2011))).toEqual([
      '2011-01-03',
      '2011-04-22',
      '2011-04-25',
      '2011-04-29',
      '2011-05-02',
      '2011-05-30',
      '2011-08-29',
      '2011-12-26',
      '2011-12-27',
    ]);
    expect(dates(holidaysInYear('england-and-wales', 2012))).toEqual([
      '2012-01-02',
      '2012-04-06',
      '2012-04-09',
      '2012-05-07',
      '2012-06-04',
      '2012-06-05',
      '2012-08-27',
      '2012-12-25',
      '2012-12-26',
    ]);
    expect(dates(holidaysInYear('england-and-wales', 2020))).toEqual([
      '2020-01-01',
      '2020-04-10',
      '2020-04-13',
      '2020-05-08',
      '2020-05-25',
      '2020-08-31',
      '2020-12-25',
      '2020-12-28',
    ]);
    expect(dates(holidaysInYear('scotland-bank-holidays', 2022))).toEqual([
      '2022-01-03',
      '2022-01-04',
      '2022-04-15',
      '2022-05-02',
      '2022-06-02',
      '2022-06-03',
      '2022-08-01',
      '2022-09-19',
      '2022-11-30',
      '2022-12-26',
      '2022-12-27',
    ]);
    expect(dates(holidaysInYear('northern-ireland', 2023))).toEqual([
      '2023-01-02',
      '2023-03-17',
      '2023-04-07',
      '2023-04-10',
      '2023-05-01',
      '2023-05-08',
      '2023-05-29',
      '2023-07-12',
      '2023-08-28',
      '2023-12-25',
      '2023-12-26',
    ]);
    expect(holidaysInYear('scotland-bank-holidays', 2025)).toEqual([
      { date: '2025-01-01', name: "New Year's Day" },
      { date: '2025-01-02', name: '2nd January' },
      { date: '2025-04-18', name: 'Good Friday' },
      { date: '2025-05-05', name: 'Early May bank holiday' },
      { date: '2025-05-26', name: 'Spring bank holiday' },
      { date: '2025-08-04', name: 'Summer bank holiday' },
      { date: '2025-12-01', name: "St Andrew's Day (substitute)" },
      { date: '2025-12-25', name: 'Christmas Day' },
      { date: '2025-12-26', name: 'Boxing Day' },
    ]);
    // The first St Andrew's Day bank holiday, Friday 30 November 2007.
    expect(nonWorkingReason('2007-11-30', 'scotland-bank-holidays')).toBe("St Andrew's Day");
    expect(nonWorkingReason('2022-09-19', 'northern-ireland')).toBe('Bank Holiday for the State Funeral of Queen Elizabeth II');
    expect(isWorkingDay('2022-05-30', 'england-and-wales')).toBe(true);
  });

  it('the weekend pairings beyond the tables', () => {
    // 2033: Christmas on a Sunday. Boxing Day keeps Monday 26; Christmas moves to Tuesday 27.
    expect(holidaysInYear('england-and-wales', 2033).slice(-2)).toEqual([
      { date: '2033-12-26', name: 'Boxing Day' },
      { date: '2033-12-27', name: 'Christmas Day (substitute)' },
    ]);
    // 2038: Christmas on a Saturday, Boxing Day on a Sunday: Monday 27 and Tuesday 28.
    expect(holidaysInYear('northern-ireland', 2038).slice(-2)).toEqual([
      { date: '2038-12-27', name: 'Christmas Day (substitute)' },
      { date: '2038-12-28', name: 'Boxing Day (substitute)' },
    ]);
    // 2034: 1 January on a Sunday. England moves it to Monday 2; Scotland keeps 2 January and moves New
    // Year's Day to Tuesday 3 (Sch. 1 para. 2; GOV.UK swaps the two names, the days are the same).
    expect(holidaysInYear('england-and-wales', 2034)[0]).toEqual({ date: '2034-01-02', name: "New Year's Day (substitute)" });
    expect(holidaysInYear('scotland-bank-holidays', 2034).slice(0, 2)).toEqual([
      { date: '2034-01-02', name: '2nd January' },
      { date: '2034-01-03', name: "New Year's Day (substitute)" },
    ]);
    // 2039: 1 January on a Saturday. Scotland: Monday 3 and Tuesday 4.
    expect(holidaysInYear('scotland-bank-holidays', 2039).slice(0, 2)).toEqual([
      { date: '2039-01-03', name: "New Year's Day (substitute)" },
      { date: '2039-01-04', name: '2nd January (substitute)' },
    ]);
    // 2035: St Patrick's Day on a Saturday; 2036: St Andrew's Day on a Sunday; 2040: the Boyne on a Thursday.
    expect(nonWorkingReason('2035-03-19', 'northern-ireland')).toBe("St Patrick's Day (substitute)");
    expect(nonWorkingReason('2036-12-01', 'scotland-bank-holidays')).toBe("St Andrew's Day (substitute)");
    expect(nonWorkingReason('2040-07-12', 'northern-ireland')).toBe("Battle of the Boyne (Orangemen's Day)");
    // Good Friday 2040 is 30 March; Easter Monday is English and Northern Irish only.
    expect(nonWorkingReason('2040-03-30', 'scotland-bank-holidays')).toBe('Good Friday');
    expect(nonWorkingReason('2040-04-02', 'england-and-wales')).toBe('Easter Monday');
    expect(isWorkingDay('2040-04-02', 'scotland-bank-holidays')).toBe(true);
  });

  it.each(TABLE_CALENDARS)('%s: working days agree with the holiday list, day by day, over the horizon', (calendar) => {
    for (const year of HORIZON_YEARS) {
      expect([year, weekdayHolidays(year, calendar)]).toEqual([year, dates(holidaysInYear(calendar, year))]);
    }
  });

  it('holidaysInYear validates its arguments', () => {
    expect(() => holidaysInYear('england-and-wales', 2006)).toThrow(CalendarCoverageError);
    expect(() => holidaysInYear('england-and-wales', 2200)).toThrow(CalendarCoverageError);
    expect(() => holidaysInYear('england-and-wales', 2026.5)).toThrow(RangeError);
    expect(() => holidaysInYear('wales' as CalendarId, 2026)).toThrow(/Unknown calendar/);
    // The statutory calendar answers for any year and has no substitutes: in 1999 only 1 January is a weekday.
    expect(holidaysInYear('scotland-statutory', 1999)).toEqual([{ date: '1999-01-01', name: "New Year's Day" }]);
  });
});

describe('coverage', () => {
  it('the horizon and the countable dates', () => {
    expect(CALENDAR_HORIZON).toEqual({ firstYear: 2007, lastYear: 2199 });
    expect(Object.isFrozen(CALENDAR_HORIZON)).toBe(true);
    expect(COUNTABLE_DATES).toEqual({ first: '2007-01-01', last: '2198-12-31' });
  });

  it.each(TABLE_CALENDARS)('%s answers from 2007 to 2199 and refuses 2006 and 2200, even for a weekend', (id) => {
    for (const date of ['2200-01-05', '2200-01-04', '2006-12-31', '2006-12-29']) {
      expect(() => isWorkingDay(date, id)).toThrow(CalendarCoverageError);
    }
    expect(isWorkingDay('2007-01-03', id)).toBe(true);
    expect(isWorkingDay('2199-12-31', id)).toBe(true);
    expect(nonWorkingReason('2007-01-01', id)).toBe("New Year's Day");
    expect(() => addWorkingDays('2199-12-30', 5, id, COUNTING_START)).toThrow(CalendarCoverageError);
    expect(() => workingDaysBetween('2199-12-01', '2200-01-10', id)).toThrow(CalendarCoverageError);
    expect(() => nextWorkingDay('2007-01-01', id, { inclusive: false })).not.toThrow();
  });

  it('a back-dated 2025 arrival and a 2040 deadline now count', () => {
    // Friday 28 November 2025: St Andrew's Day falls on Sunday 30, so Monday 1 December is the substitute.
    expect(addWorkingDays('2025-11-28', 3, 'scotland-bank-holidays', COUNTING_START)).toBe('2025-12-03');
    expect(addWorkingDays('2025-11-28', 3, 'scotland-statutory', COUNTING_START)).toBe('2025-12-02');
    // 20 working days from Monday 19 March 2040 in England: Good Friday 30 March and Easter Monday 2 April.
    expect(addWorkingDays('2040-03-19', 20, 'england-and-wales', AFTER_START)).toBe('2040-04-18');
    expect(workingDaysBetween('2040-03-19', '2040-04-18', 'england-and-wales')).toBe(20);
    // Across the old end of the tables: 1 January 2033 is a Saturday, so Monday 3 January is the substitute.
    expect(addWorkingDays('2032-12-30', 5, 'england-and-wales', COUNTING_START)).toBe('2033-01-06');
    expect(addWorkingDays('2032-12-30', 5, 'scotland-bank-holidays', COUNTING_START)).toBe('2033-01-07');
  });

  it('the statutory calendar works for any year', () => {
    expect(isWorkingDay('2033-01-05', 'scotland-statutory')).toBe(true);
    expect(nonWorkingReason('2033-12-26', 'scotland-statutory')).toBe('Boxing Day');
    expect(nonWorkingReason('1999-01-01', 'scotland-statutory')).toBe("New Year's Day");
    expect(nonWorkingReason('2250-12-25', 'scotland-statutory')).toBe('Christmas Day');
    // 1-2 Jan 2033 fall on a weekend, and the statutory reading has no substitute days.
    expect(addWorkingDays('2032-12-30', 5, 'scotland-statutory', COUNTING_START)).toBe('2033-01-05');
  });

  it('the error says what it could not answer', () => {
    try {
      isWorkingDay('2200-03-01', 'northern-ireland');
      throw new Error('expected a coverage error');
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarCoverageError);
      expect(error).toMatchObject({
        name: 'CalendarCoverageError',
        calendar: 'northern-ireland',
        date: '2200-03-01',
        firstYear: 2007,
        lastYear: 2199,
      });
      expect((error as Error).message).toMatch(/2007-2199/);
    }
  });

  it('isCountable: dates and instants (read in London) inside the countable range', () => {
    expect(isCountable('2007-01-01')).toBe(true);
    expect(isCountable('2006-12-31')).toBe(false);
    expect(isCountable('2026-03-02')).toBe(true);
    expect(isCountable('2198-12-31')).toBe(true);
    expect(isCountable('2199-01-01')).toBe(false);
    expect(isCountable('2026-03-02T09:00:00Z')).toBe(true);
    // 23:30 UTC on 31 Dec 2006 is 23:30 in London (GMT); 00:30 on 1 Jan 2007 at +01:00 is still 2006 there.
    expect(isCountable('2006-12-31T23:30:00Z')).toBe(false);
    expect(isCountable('2007-01-01T00:30:00+01:00')).toBe(false);
    expect(isCountable('2006-12-31T23:30:00-01:00')).toBe(true);
    expect(isCountable('2198-12-31T23:59:59.999Z')).toBe(true);
    expect(isCountable('2198-12-31T23:30:00-01:00')).toBe(false);
    for (const bad of ['', '2026-02-30', '2026-03-02T09:00:00', 'yesterday', '20260302', '9999-99-99']) {
      expect(isCountable(bad)).toBe(false);
    }
    expect(isCountable(undefined as unknown as string)).toBe(false);
  });

  it.each(ALL_CALENDARS)('%s: a window opened on any countable date closes inside the horizon', (calendar) => {
    for (const start of [COUNTABLE_DATES.first, COUNTABLE_DATES.last, '2198-12-24']) {
      expect(isCountable(start)).toBe(true);
      const end = addWorkingDays(start, 240, calendar, COUNTING_START);
      expect(Number(end.slice(0, 4))).toBeLessThanOrEqual(LAST_YEAR);
      expect(workingDaysBetween(addCalendarDays(start, -1), end, calendar)).toBe(240);
    }
  });
});

describe('input validation', () => {
  it.each(['2026-02-30', '2026-13-01', '2026-2-3', '03/03/2026', '', '2026-03-02T00:00:00Z', ' 2026-03-02'])(
    'a malformed date %p throws a RangeError naming it',
    (bad) => {
      const named = new RegExp(`'${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}'`);
      expect(() => isWorkingDay(bad, 'scotland-statutory')).toThrow(RangeError);
      expect(() => isWorkingDay(bad, 'scotland-statutory')).toThrow(named);
      expect(() => addWorkingDays(bad, 3, 'scotland-statutory', COUNTING_START)).toThrow(named);
      expect(() => endOfLocalDay(bad)).toThrow(named);
      expect(() => anniversary(bad, 18)).toThrow(named);
    },
  );

  it('an instant needs a time and an explicit offset', () => {
    for (const bad of ['2026-03-02', '2026-03-02T10:00:00', 'yesterday', '2026-02-30T10:00:00Z']) {
      expect(() => localDate(bad)).toThrow(RangeError);
      expect(() => addToInstant(bad, { days: 1 })).toThrow(RangeError);
    }
    expect(() => addToInstant('2026-03-02T10:00:00Z', { days: 0.5 })).toThrow(RangeError);
    expect(() => addCalendarDays('2026-03-02', 1.5)).toThrow(RangeError);
  });
});

describe('London dates and instants', () => {
  it('endOfLocalDay and startOfLocalDay in GMT and BST', () => {
    expect(endOfLocalDay('2026-03-04')).toBe('2026-03-04T23:59:59.999Z');
    expect(endOfLocalDay('2026-06-04')).toBe('2026-06-04T22:59:59.999Z');
    // 29 Mar 2026: clocks go forward at 01:00 GMT, a 23-hour day.
    expect(startOfLocalDay('2026-03-29')).toBe('2026-03-29T00:00:00.000Z');
    expect(endOfLocalDay('2026-03-28')).toBe('2026-03-28T23:59:59.999Z');
    expect(endOfLocalDay('2026-03-29')).toBe('2026-03-29T22:59:59.999Z');
    // 25 Oct 2026: clocks go back at 02:00 BST, a 25-hour day.
    expect(startOfLocalDay('2026-10-25')).toBe('2026-10-24T23:00:00.000Z');
    expect(endOfLocalDay('2026-10-25')).toBe('2026-10-25T23:59:59.999Z');
    expect(endOfLocalDay('2026-10-24')).toBe('2026-10-24T22:59:59.999Z');
  });

  it('localDate reads the London date of an instant', () => {
    expect(localDate('2026-06-04T23:30:00Z')).toBe('2026-06-05');
    expect(localDate('2026-12-04T23:30:00Z')).toBe('2026-12-04');
    expect(localDate('2026-10-24T23:00:00.000Z')).toBe('2026-10-25');
    expect(localDate('2026-10-24T22:59:59.999Z')).toBe('2026-10-24');
    expect(localDate('2026-03-05T00:30:00+01:00')).toBe('2026-03-04');
    expect(localDate(endOfLocalDay('2026-03-29'))).toBe('2026-03-29');
    expect(localDate(startOfLocalDay('2026-10-25'))).toBe('2026-10-25');
  });

  it('addCalendarDays', () => {
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addCalendarDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addCalendarDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addCalendarDays('2026-03-02', 0)).toBe('2026-03-02');
  });

  it('plain-date arithmetic agrees with luxon, including century leap years', () => {
    expect(() => addCalendarDays('1900-02-29', 0)).toThrow(RangeError);
    expect(() => addCalendarDays('2100-02-29', 0)).toThrow(RangeError);
    expect(addCalendarDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addCalendarDays('2100-02-28', 1)).toBe('2100-03-01');
    const origin = DateTime.fromISO('2000-01-01', { zone: 'utc' });
    for (let k = -146_097; k <= 146_097; k += 97) {
      const date = addCalendarDays('2000-01-01', k);
      expect(date).toBe(origin.plus({ days: k }).toISODate());
      expect(nonWorkingReason(date, 'scotland-statutory') === 'Sunday').toBe(weekday(date) === 7);
    }
  });

  it('addToInstant keeps London wall-clock time across clock changes', () => {
    // Noon GMT on 28 Mar + 1 day = noon BST on 29 Mar.
    expect(addToInstant('2026-03-28T12:00:00Z', { days: 1 })).toBe('2026-03-29T11:00:00.000Z');
    expect(addToInstant('2026-10-24T12:00:00+01:00', { days: 1 })).toBe('2026-10-25T12:00:00.000Z');
    expect(addToInstant('2026-03-02T09:00:00Z', { weeks: 6 })).toBe('2026-04-13T08:00:00.000Z');
    expect(addToInstant('2026-01-31T12:00:00Z', { months: 1 })).toBe('2026-02-28T12:00:00.000Z');
    expect(addToInstant('2026-03-02T09:00:00Z', { months: 3 })).toBe('2026-06-02T08:00:00.000Z');
    expect(addToInstant('2028-02-29T12:00:00Z', { years: 1 })).toBe('2029-02-28T12:00:00.000Z');
    expect(addToInstant('2026-03-02T09:00:00Z', { days: 21 })).toBe('2026-03-23T09:00:00.000Z');
    expect(addToInstant('2026-03-02T09:00:00Z', {})).toBe('2026-03-02T09:00:00.000Z');
  });

  it('anniversary and ageOn, including a 29 February birthday', () => {
    expect(anniversary('2010-06-15', 18)).toBe('2028-06-15');
    expect(anniversary('2012-02-29', 18)).toBe('2030-03-01');
    expect(anniversary('2012-02-29', 16)).toBe('2028-02-29');
    expect(anniversary('2012-02-29', 0)).toBe('2012-02-29');
    expect(ageOn('2012-02-29', '2030-02-28')).toBe(17);
    expect(ageOn('2012-02-29', '2030-03-01')).toBe(18);
    expect(ageOn('2012-02-29', '2028-02-28')).toBe(15);
    expect(ageOn('2012-02-29', '2028-02-29')).toBe(16);
    expect(ageOn('2010-06-15', '2028-06-14')).toBe(17);
    expect(ageOn('2010-06-15', '2028-06-15')).toBe(18);
    expect(ageOn('2010-06-15', '2010-06-15')).toBe(0);
    expect(() => ageOn('2010-06-15', '2010-06-14')).toThrow(RangeError);
    expect(() => anniversary('2010-06-15', -1)).toThrow(RangeError);
  });
});

describe('cross-check with date-holidays', () => {
  const LIBRARY_REGION: Record<TableCalendarId, string> = {
    'scotland-bank-holidays': 'SCT',
    'england-and-wales': 'ENG',
    'northern-ireland': 'NIR',
  };

  // Known, justified date differences with date-holidays 3.37.0 over the whole horizon: two one-off
  // proclamations the library lacks, in all three jurisdictions. Names are not compared: with 1 January on
  // a Saturday or Sunday the library names the Scottish 2-4 January days differently (see HOLIDAY_RULES).
  const WHY_2011 = 'Royal proclamation: Friday 29 April 2011, the royal wedding; the library omits it';
  const WHY_2012 = 'Royal proclamation moved the 2012 spring bank holiday from 28 May to 4 June; the library keeps 28 May';
  const KNOWN_DIFFERENCES = TABLE_CALENDARS.flatMap((calendar) => [
    { calendar, date: '2011-04-29', only: 'ours', why: WHY_2011 },
    { calendar, date: '2012-06-04', only: 'ours', why: WHY_2012 },
    { calendar, date: '2012-05-28', only: 'library', why: WHY_2012 },
  ]);

  function libraryDates(library: Holidays, year: number): string[] {
    const dates = library
      .getHolidays(year)
      .filter((h) => h.type === 'public' || h.type === 'bank')
      .map((h) => h.date.slice(0, 10))
      // The library also lists the nominal weekend date of a moved holiday; only weekdays change working days.
      .filter((date) => !isWeekend(date));
    return [...new Set(dates)].sort();
  }

  it.each(TABLE_CALENDARS)('%s agrees with the library in every year of the horizon, but for the known differences', (calendar) => {
    const library = new Holidays('GB', LIBRARY_REGION[calendar]);
    const found: Array<{ date: string; only: 'ours' | 'library' }> = [];
    for (const year of HORIZON_YEARS) {
      const ours = dates(holidaysInYear(calendar, year));
      const theirs = libraryDates(library, year);
      for (const date of ours) if (!theirs.includes(date)) found.push({ date, only: 'ours' });
      for (const date of theirs) if (!ours.includes(date)) found.push({ date, only: 'library' });
    }
    const known = KNOWN_DIFFERENCES.filter((d) => d.calendar === calendar).map(({ date, only }) => ({ date, only }));
    expect(found.sort((a, b) => a.date.localeCompare(b.date))).toEqual(known.sort((a, b) => a.date.localeCompare(b.date)));
  });

  it('each known difference is a one-off proclamation we list', () => {
    for (const d of KNOWN_DIFFERENCES) {
      const listed = ONE_OFF_PROCLAMATIONS.some((p) => p.calendars.includes(d.calendar) && (d.only === 'ours' ? p.date === d.date : p.replaces === d.date));
      expect([d.date, listed]).toEqual([d.date, true]);
      expect(d.why.length).toBeGreaterThan(20);
    }
  });
});

describe('properties of addWorkingDays', () => {
  // Seeded generator: the same cases on every run.
  function mulberry32(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // Bank-holiday calendars: any countable start (a window from the last countable day closes inside the horizon).
  const countableDays = Math.round((Date.parse(COUNTABLE_DATES.last) - Date.parse(COUNTABLE_DATES.first)) / 86_400_000) + 1;
  const RANGE: Record<CalendarId, [string, number]> = {
    'scotland-statutory': ['1995-01-01', 365 * 60],
    'scotland-bank-holidays': [COUNTABLE_DATES.first, countableDays],
    'england-and-wales': [COUNTABLE_DATES.first, countableDays],
    'northern-ireland': [COUNTABLE_DATES.first, countableDays],
  };

  it.each(ALL_CALENDARS)('%s: the window ends on a working day and holds exactly n working days', (calendar) => {
    const random = mulberry32(calendar.length * 7919);
    const [first, span] = RANGE[calendar];
    for (let i = 0; i < 500; i++) {
      const start = addCalendarDays(first, Math.floor(random() * span));
      const n = 1 + Math.floor(random() * 30);
      const dayBefore = addCalendarDays(start, -1);
      const startWorks = isWorkingDay(start, calendar);

      const after = addWorkingDays(start, n, calendar, AFTER_START);
      expect(isWorkingDay(after, calendar)).toBe(true);
      expect(workingDaysBetween(start, after, calendar)).toBe(n);

      const counting = addWorkingDays(start, n, calendar, COUNTING_START);
      expect(isWorkingDay(counting, calendar)).toBe(true);
      expect(workingDaysBetween(dayBefore, counting, calendar)).toBe(n);
      expect(counting).toBe(startWorks ? addWorkingDays(dayBefore, n, calendar, AFTER_START) : after);

      const startIsDay1 = addWorkingDays(start, n, calendar, START_IS_DAY_1);
      if (startWorks) {
        expect(startIsDay1).toBe(counting);
      } else {
        // The non-working start is day 1, so the window holds n - 1 working days after it.
        expect(startIsDay1).toBe(n === 1 ? start : addWorkingDays(start, n - 1, calendar, AFTER_START));
        expect(workingDaysBetween(start, startIsDay1, calendar)).toBe(n - 1);
      }
    }
  });
});

describe('purity of machines/calendar', () => {
  const dir = join(__dirname, '..', 'machines', 'calendar');
  it.each(readdirSync(dir).filter((f) => f.endsWith('.ts')))('%s reads no clock and imports nothing from src/', (file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    expect(source).not.toMatch(/Date\.now\s*\(|new Date\s*\(\s*\)|DateTime\.(now|local)\s*\(\s*\)/);
    expect(source).not.toMatch(/from\s+['"](\.\.\/)+src\b/);
    expect(source).not.toMatch(/from\s+['"]node:|require\s*\(/);
  });
});
