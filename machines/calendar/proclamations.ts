// One-off royal proclamations: a holiday added for an occasion (s.1(3) Banking and Financial Dealings Act
// 1971) or a holiday moved to another day (s.1(2), or a changed yearly proclamation). The rules cannot know
// these, so in an untabled year they are applied on top of the rules. A proclamation for a tabled year goes
// both here and in tables.ts: the table is what the calendar uses, and the test that holds every table to
// the rules reads this list as the only allowed differences.
import type { Provenance } from './rules';
import type { TableCalendarId } from './tables';

export interface OneOffProclamation extends Provenance {
  /** 'YYYY-MM-DD', the day appointed. */
  date: string;
  name: string;
  /** The day the rules give that this proclamation moved to `date`; absent for an added holiday. */
  replaces?: string;
  calendars: readonly TableCalendarId[];
}

const UK: readonly TableCalendarId[] = ['england-and-wales', 'scotland-bank-holidays', 'northern-ireland'];
const PROCLAMATION = 'Royal proclamation under s.1(3) Banking and Financial Dealings Act 1971';
const MOVED = 'Royal proclamation under s.1(2) and (3) Banking and Financial Dealings Act 1971';
const NOTE = 'Dates as GOV.UK lists them; a legal officer may check them against the proclamation in the London Gazette.';

const oneOff = (date: string, name: string, citation: string, replaces?: string): OneOffProclamation => ({
  date,
  name,
  ...(replaces ? { replaces } : {}),
  calendars: UK,
  citation,
  confidence: 'infer',
  note: NOTE,
});

export const ONE_OFF_PROCLAMATIONS: readonly OneOffProclamation[] = [
  oneOff('2011-04-29', 'Royal wedding', `${PROCLAMATION} (wedding of Prince William and Catherine Middleton)`),
  oneOff('2012-06-04', 'Spring bank holiday', `${MOVED} (moved for the Diamond Jubilee)`, '2012-05-28'),
  oneOff('2012-06-05', "Queen's Diamond Jubilee", PROCLAMATION),
  oneOff('2020-05-08', 'Early May bank holiday (VE day)', `${MOVED} (moved for the 75th anniversary of VE day)`, '2020-05-04'),
  oneOff('2022-06-02', 'Spring bank holiday', `${MOVED} (moved for the Platinum Jubilee)`, '2022-05-30'),
  oneOff('2022-06-03', 'Platinum Jubilee bank holiday', PROCLAMATION),
  oneOff('2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II', PROCLAMATION),
  oneOff('2023-05-08', 'Bank holiday for the coronation of King Charles III', PROCLAMATION),
];
