// Holiday tables as data, one row per day on which a bank or public holiday is observed. When a holiday
// falls on a weekend only its weekday substitute is listed: the weekend is non-working anyway, and the
// substitute is the day the law moves the holiday to. Where a table covers a year it is what the calendar
// uses; other years come from the rules (rules.ts, within CALENDAR_HORIZON). A test holds every tabled year
// to the rules, so a one-off royal proclamation (as in 2020, 2022, 2023) for a tabled year goes both here
// and in proclamations.ts. Later years are projected from the published rules: re-check each year.

export type TableCalendarId = 'scotland-bank-holidays' | 'england-and-wales' | 'northern-ireland';

export interface Holiday {
  /** 'YYYY-MM-DD' */
  date: string;
  name: string;
}

export interface HolidayTable {
  source: string;
  /** First and last calendar years the table covers; outside them the rules answer. */
  firstYear: number;
  lastYear: number;
  holidays: readonly Holiday[];
}

const GOV_UK = 'dates as published at https://www.gov.uk/bank-holidays, later years projected from the same rules';

export const HOLIDAY_TABLES: Readonly<Record<TableCalendarId, HolidayTable>> = {
  'scotland-bank-holidays': {
    source:
      "Banking and Financial Dealings Act 1971, Sch. 1 para. 2 (St Andrew's Day: St Andrew's Day Bank Holiday " +
      '(Scotland) Act 2007), and royal proclamations (spring bank holiday, Boxing Day, substitute days); ' +
      GOV_UK,
    firstYear: 2026,
    lastYear: 2032,
    holidays: [
      // 2026
      { date: '2026-01-01', name: "New Year's Day" },
      { date: '2026-01-02', name: '2nd January' },
      { date: '2026-04-03', name: 'Good Friday' },
      { date: '2026-05-04', name: 'Early May bank holiday' },
      { date: '2026-05-25', name: 'Spring bank holiday' },
      { date: '2026-08-03', name: 'Summer bank holiday' },
      { date: '2026-11-30', name: "St Andrew's Day" },
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2026-12-28', name: 'Boxing Day (substitute)' },
      // 2027
      { date: '2027-01-01', name: "New Year's Day" },
      { date: '2027-01-04', name: '2nd January (substitute)' },
      { date: '2027-03-26', name: 'Good Friday' },
      { date: '2027-05-03', name: 'Early May bank holiday' },
      { date: '2027-05-31', name: 'Spring bank holiday' },
      { date: '2027-08-02', name: 'Summer bank holiday' },
      { date: '2027-11-30', name: "St Andrew's Day" },
      { date: '2027-12-27', name: 'Christmas Day (substitute)' },
      { date: '2027-12-28', name: 'Boxing Day (substitute)' },
      // 2028
      { date: '2028-01-03', name: "New Year's Day (substitute)" },
      { date: '2028-01-04', name: '2nd January (substitute)' },
      { date: '2028-04-14', name: 'Good Friday' },
      { date: '2028-05-01', name: 'Early May bank holiday' },
      { date: '2028-05-29', name: 'Spring bank holiday' },
      { date: '2028-08-07', name: 'Summer bank holiday' },
      { date: '2028-11-30', name: "St Andrew's Day" },
      { date: '2028-12-25', name: 'Christmas Day' },
      { date: '2028-12-26', name: 'Boxing Day' },
      // 2029
      { date: '2029-01-01', name: "New Year's Day" },
      { date: '2029-01-02', name: '2nd January' },
      { date: '2029-03-30', name: 'Good Friday' },
      { date: '2029-05-07', name: 'Early May bank holiday' },
      { date: '2029-05-28', name: 'Spring bank holiday' },
      { date: '2029-08-06', name: 'Summer bank holiday' },
      { date: '2029-11-30', name: "St Andrew's Day" },
      { date: '2029-12-25', name: 'Christmas Day' },
      { date: '2029-12-26', name: 'Boxing Day' },
      // 2030
      { date: '2030-01-01', name: "New Year's Day" },
      { date: '2030-01-02', name: '2nd January' },
      { date: '2030-04-19', name: 'Good Friday' },
      { date: '2030-05-06', name: 'Early May bank holiday' },
      { date: '2030-05-27', name: 'Spring bank holiday' },
      { date: '2030-08-05', name: 'Summer bank holiday' },
      { date: '2030-12-02', name: "St Andrew's Day (substitute)" },
      { date: '2030-12-25', name: 'Christmas Day' },
      { date: '2030-12-26', name: 'Boxing Day' },
      // 2031
      { date: '2031-01-01', name: "New Year's Day" },
      { date: '2031-01-02', name: '2nd January' },
      { date: '2031-04-11', name: 'Good Friday' },
      { date: '2031-05-05', name: 'Early May bank holiday' },
      { date: '2031-05-26', name: 'Spring bank holiday' },
      { date: '2031-08-04', name: 'Summer bank holiday' },
      { date: '2031-12-01', name: "St Andrew's Day (substitute)" },
      { date: '2031-12-25', name: 'Christmas Day' },
      { date: '2031-12-26', name: 'Boxing Day' },
      // 2032
      { date: '2032-01-01', name: "New Year's Day" },
      { date: '2032-01-02', name: '2nd January' },
      { date: '2032-03-26', name: 'Good Friday' },
      { date: '2032-05-03', name: 'Early May bank holiday' },
      { date: '2032-05-31', name: 'Spring bank holiday' },
      { date: '2032-08-02', name: 'Summer bank holiday' },
      { date: '2032-11-30', name: "St Andrew's Day" },
      { date: '2032-12-27', name: 'Christmas Day (substitute)' },
      { date: '2032-12-28', name: 'Boxing Day (substitute)' },
    ],
  },
  'england-and-wales': {
    source:
      'Banking and Financial Dealings Act 1971, Sch. 1 para. 1, Christmas Day and Good Friday as common-law ' +
      "holidays, and royal proclamations (New Year's Day, early May bank holiday, substitute days); " +
      GOV_UK,
    firstYear: 2026,
    lastYear: 2032,
    holidays: [
      // 2026
      { date: '2026-01-01', name: "New Year's Day" },
      { date: '2026-04-03', name: 'Good Friday' },
      { date: '2026-04-06', name: 'Easter Monday' },
      { date: '2026-05-04', name: 'Early May bank holiday' },
      { date: '2026-05-25', name: 'Spring bank holiday' },
      { date: '2026-08-31', name: 'Summer bank holiday' },
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2026-12-28', name: 'Boxing Day (substitute)' },
      // 2027
      { date: '2027-01-01', name: "New Year's Day" },
      { date: '2027-03-26', name: 'Good Friday' },
      { date: '2027-03-29', name: 'Easter Monday' },
      { date: '2027-05-03', name: 'Early May bank holiday' },
      { date: '2027-05-31', name: 'Spring bank holiday' },
      { date: '2027-08-30', name: 'Summer bank holiday' },
      { date: '2027-12-27', name: 'Christmas Day (substitute)' },
      { date: '2027-12-28', name: 'Boxing Day (substitute)' },
      // 2028
      { date: '2028-01-03', name: "New Year's Day (substitute)" },
      { date: '2028-04-14', name: 'Good Friday' },
      { date: '2028-04-17', name: 'Easter Monday' },
      { date: '2028-05-01', name: 'Early May bank holiday' },
      { date: '2028-05-29', name: 'Spring bank holiday' },
      { date: '2028-08-28', name: 'Summer bank holiday' },
      { date: '2028-12-25', name: 'Christmas Day' },
      { date: '2028-12-26', name: 'Boxing Day' },
      // 2029
      { date: '2029-01-01', name: "New Year's Day" },
      { date: '2029-03-30', name: 'Good Friday' },
      { date: '2029-04-02', name: 'Easter Monday' },
      { date: '2029-05-07', name: 'Early May bank holiday' },
      { date: '2029-05-28', name: 'Spring bank holiday' },
      { date: '2029-08-27', name: 'Summer bank holiday' },
      { date: '2029-12-25', name: 'Christmas Day' },
      { date: '2029-12-26', name: 'Boxing Day' },
      // 2030
      { date: '2030-01-01', name: "New Year's Day" },
      { date: '2030-04-19', name: 'Good Friday' },
      { date: '2030-04-22', name: 'Easter Monday' },
      { date: '2030-05-06', name: 'Early May bank holiday' },
      { date: '2030-05-27', name: 'Spring bank holiday' },
      { date: '2030-08-26', name: 'Summer bank holiday' },
      { date: '2030-12-25', name: 'Christmas Day' },
      { date: '2030-12-26', name: 'Boxing Day' },
      // 2031
      { date: '2031-01-01', name: "New Year's Day" },
      { date: '2031-04-11', name: 'Good Friday' },
      { date: '2031-04-14', name: 'Easter Monday' },
      { date: '2031-05-05', name: 'Early May bank holiday' },
      { date: '2031-05-26', name: 'Spring bank holiday' },
      { date: '2031-08-25', name: 'Summer bank holiday' },
      { date: '2031-12-25', name: 'Christmas Day' },
      { date: '2031-12-26', name: 'Boxing Day' },
      // 2032
      { date: '2032-01-01', name: "New Year's Day" },
      { date: '2032-03-26', name: 'Good Friday' },
      { date: '2032-03-29', name: 'Easter Monday' },
      { date: '2032-05-03', name: 'Early May bank holiday' },
      { date: '2032-05-31', name: 'Spring bank holiday' },
      { date: '2032-08-30', name: 'Summer bank holiday' },
      { date: '2032-12-27', name: 'Christmas Day (substitute)' },
      { date: '2032-12-28', name: 'Boxing Day (substitute)' },
    ],
  },
  'northern-ireland': {
    source:
      'Banking and Financial Dealings Act 1971, Sch. 1 para. 3, Christmas Day and Good Friday as common-law ' +
      'holidays, and royal proclamations (12 July, early May bank holiday, substitute days); ' +
      GOV_UK,
    firstYear: 2026,
    lastYear: 2032,
    holidays: [
      // 2026
      { date: '2026-01-01', name: "New Year's Day" },
      { date: '2026-03-17', name: "St Patrick's Day" },
      { date: '2026-04-03', name: 'Good Friday' },
      { date: '2026-04-06', name: 'Easter Monday' },
      { date: '2026-05-04', name: 'Early May bank holiday' },
      { date: '2026-05-25', name: 'Spring bank holiday' },
      { date: '2026-07-13', name: "Battle of the Boyne (Orangemen's Day) (substitute)" },
      { date: '2026-08-31', name: 'Summer bank holiday' },
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2026-12-28', name: 'Boxing Day (substitute)' },
      // 2027
      { date: '2027-01-01', name: "New Year's Day" },
      { date: '2027-03-17', name: "St Patrick's Day" },
      { date: '2027-03-26', name: 'Good Friday' },
      { date: '2027-03-29', name: 'Easter Monday' },
      { date: '2027-05-03', name: 'Early May bank holiday' },
      { date: '2027-05-31', name: 'Spring bank holiday' },
      { date: '2027-07-12', name: "Battle of the Boyne (Orangemen's Day)" },
      { date: '2027-08-30', name: 'Summer bank holiday' },
      { date: '2027-12-27', name: 'Christmas Day (substitute)' },
      { date: '2027-12-28', name: 'Boxing Day (substitute)' },
      // 2028
      { date: '2028-01-03', name: "New Year's Day (substitute)" },
      { date: '2028-03-17', name: "St Patrick's Day" },
      { date: '2028-04-14', name: 'Good Friday' },
      { date: '2028-04-17', name: 'Easter Monday' },
      { date: '2028-05-01', name: 'Early May bank holiday' },
      { date: '2028-05-29', name: 'Spring bank holiday' },
      { date: '2028-07-12', name: "Battle of the Boyne (Orangemen's Day)" },
      { date: '2028-08-28', name: 'Summer bank holiday' },
      { date: '2028-12-25', name: 'Christmas Day' },
      { date: '2028-12-26', name: 'Boxing Day' },
      // 2029
      { date: '2029-01-01', name: "New Year's Day" },
      { date: '2029-03-19', name: "St Patrick's Day (substitute)" },
      { date: '2029-03-30', name: 'Good Friday' },
      { date: '2029-04-02', name: 'Easter Monday' },
      { date: '2029-05-07', name: 'Early May bank holiday' },
      { date: '2029-05-28', name: 'Spring bank holiday' },
      { date: '2029-07-12', name: "Battle of the Boyne (Orangemen's Day)" },
      { date: '2029-08-27', name: 'Summer bank holiday' },
      { date: '2029-12-25', name: 'Christmas Day' },
      { date: '2029-12-26', name: 'Boxing Day' },
      // 2030
      { date: '2030-01-01', name: "New Year's Day" },
      { date: '2030-03-18', name: "St Patrick's Day (substitute)" },
      { date: '2030-04-19', name: 'Good Friday' },
      { date: '2030-04-22', name: 'Easter Monday' },
      { date: '2030-05-06', name: 'Early May bank holiday' },
      { date: '2030-05-27', name: 'Spring bank holiday' },
      { date: '2030-07-12', name: "Battle of the Boyne (Orangemen's Day)" },
      { date: '2030-08-26', name: 'Summer bank holiday' },
      { date: '2030-12-25', name: 'Christmas Day' },
      { date: '2030-12-26', name: 'Boxing Day' },
      // 2031
      { date: '2031-01-01', name: "New Year's Day" },
      { date: '2031-03-17', name: "St Patrick's Day" },
      { date: '2031-04-11', name: 'Good Friday' },
      { date: '2031-04-14', name: 'Easter Monday' },
      { date: '2031-05-05', name: 'Early May bank holiday' },
      { date: '2031-05-26', name: 'Spring bank holiday' },
      { date: '2031-07-14', name: "Battle of the Boyne (Orangemen's Day) (substitute)" },
      { date: '2031-08-25', name: 'Summer bank holiday' },
      { date: '2031-12-25', name: 'Christmas Day' },
      { date: '2031-12-26', name: 'Boxing Day' },
      // 2032
      { date: '2032-01-01', name: "New Year's Day" },
      { date: '2032-03-17', name: "St Patrick's Day" },
      { date: '2032-03-26', name: 'Good Friday' },
      { date: '2032-03-29', name: 'Easter Monday' },
      { date: '2032-05-03', name: 'Early May bank holiday' },
      { date: '2032-05-31', name: 'Spring bank holiday' },
      { date: '2032-07-12', name: "Battle of the Boyne (Orangemen's Day)" },
      { date: '2032-08-30', name: 'Summer bank holiday' },
      { date: '2032-12-27', name: 'Christmas Day (substitute)' },
      { date: '2032-12-28', name: 'Boxing Day (substitute)' },
    ],
  },
};
