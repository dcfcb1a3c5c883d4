// Instants arrive with any offset; the machine stores them as UTC ISO strings and compares them as times.

export const toUtc = (iso: string): string => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString();
};

export const notAfter = (a: string, b: string): boolean => Date.parse(a) <= Date.parse(b);

export const latestOf = (times: string[]): string | undefined =>
  times.reduce<string | undefined>((acc, t) => (acc === undefined || Date.parse(t) > Date.parse(acc) ? t : acc), undefined);

const INSTANT_KEYS = new Set(['at', 'expiresAt', 'effectiveFrom', 'plannedStart', 'createdAt']);

/** A copy of an event or input with every instant field in UTC, so stored snapshots are uniform. */
export function normaliseInstants<T>(value: T): T {
  if (Array.isArray(value)) return value.map(normaliseInstants) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    out[k] = INSTANT_KEYS.has(k) && typeof v === 'string' && v.includes('T') ? toUtc(v) : normaliseInstants(v);
  return out as T;
}
