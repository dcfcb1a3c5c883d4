// The bands the evaluation return groups ages and times into. Statistical groupings, not law: each says why it
// was chosen, and the data dictionary prints these words. Every band is a half-open range [min, max) of whole
// units (years, or whole days of 24 hours), so each value falls in exactly one band.

export interface Band {
  key: string;
  label: string;
  /** Inclusive lower bound, in the band set's unit. */
  min: number;
  /** Exclusive upper bound; null: no upper bound. */
  max: number | null;
}

export interface BandSet {
  unit: 'years' | 'days';
  bands: readonly Band[];
  why: string;
}

const band = (key: string, label: string, min: number, max: number | null): Band => ({ key, label, min, max });

export const AGE_BANDS: BandSet = {
  unit: 'years',
  bands: [band('under-5', 'Under 5', 0, 5), band('5-to-11', '5 to 11', 5, 12), band('12-to-15', '12 to 15', 12, 16), band('16-to-17', '16 or 17', 16, null)],
  why:
    "The age bands of the Scottish Government's Children's Social Work Statistics (looked after children), with under 1 and 1 to 4 " +
    'merged: few children so young are placed across the border, and a band that is nearly always [c] tells the reader nothing. ' +
    'The regime ends at 18 (P.age-limit), so the last band is 16 or 17.',
};

const WEEK = 7;

export const DURATION_BANDS: BandSet = {
  unit: 'days',
  bands: [
    band('under-6-weeks', 'Under 6 weeks', 0, 6 * WEEK),
    band('6-weeks-to-under-6-months', '6 weeks to under 6 months', 6 * WEEK, 182),
    band('6-months-to-under-1-year', '6 months to under 1 year', 182, 365),
    band('1-year-or-more', '1 year or more', 365, null),
  ],
  why:
    'Lengths of placement as looked after children statistics report them (under 6 weeks, under 6 months, under a year, longer), ' +
    'in whole days: 6 months is 182 days and a year 365.',
};

export const NOTICE_BANDS: BandSet = {
  unit: 'days',
  bands: [
    band('under-1-day', 'Less than 1 day before', 0, 1),
    band('1-to-2-days', '1 to 2 days before', 1, 3),
    band('3-to-6-days', '3 to 6 days before', 3, 7),
    band('7-to-13-days', '1 to 2 weeks before', 7, 14),
    band('14-days-or-more', '2 weeks or more before', 14, null),
  ],
  why:
    'No minimum notice is set in law (C1: before the child arrives), so the bands show how much warning the host council and the Care ' +
    'Inspectorate had: a notice given the same day as the arrival is told apart from one given days or weeks before.',
};

export const FIRST_CONTACT_BANDS: BandSet = {
  unit: 'days',
  bands: [
    band('0-to-7-days', 'Within 7 days', 0, 8),
    band('8-to-14-days', '8 to 14 days', 8, 15),
    band('15-to-28-days', '15 to 28 days', 15, 29),
    band('29-to-42-days', '29 to 42 days', 29, 43),
    band('43-days-or-more', '43 days or more', 43, null),
  ],
  why:
    'Weeks after arrival: the home nations set the first visit within 1 week and the first review within 20 working days (about 4 weeks; ' +
    '2 weeks in Northern Ireland), so the bands show those times and how far beyond them.',
};

/** The band `value` falls in (values below the first band's minimum fall in the first band). */
export function bandOf(set: BandSet, value: number): Band {
  return set.bands.find((b) => value < (b.max ?? Infinity)) ?? set.bands[set.bands.length - 1];
}

const DAY_MS = 86_400_000;

/** Whole days (of 24 hours) from `fromMs` to `toMs`, never below 0. */
export const wholeDays = (fromMs: number, toMs: number) => Math.max(0, Math.floor((toMs - fromMs) / DAY_MS));
