// en-GB wording of dates and times for documents. Instants are shown in the rulebook's zone with the
// zone's abbreviation (GMT/BST) so a reader never has to guess the offset.
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' } : {}),
    } as Intl.DateTimeFormatOptions);
    cache.set(key, f);
  }
  return f;
}

const isDateOnly = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

function parse(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date or instant: ${value}`);
  return d;
}

/** "9 March 2026": a calendar date as written, or the local date of an instant. */
export function formatDate(value: string, timeZone: string): string {
  // A bare date is a calendar day, not midnight UTC: format it in UTC so it never shifts.
  if (isDateOnly(value)) return formatter('UTC', false).format(parse(`${value}T00:00:00Z`));
  return formatter(timeZone, false).format(parse(value));
}

/** "2 March 2026 at 10:00 GMT"; a bare date falls back to the date alone. */
export function formatInstant(value: string, timeZone: string): string {
  if (isDateOnly(value)) return formatDate(value, timeZone);
  return formatter(timeZone, true).format(parse(value));
}

export const capitalise = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);
