// How a legal clock turned out, shared by the timeline and the compliance report so both tell a
// reviewer the same story: met on time, done late, missed (never done), still open, or not applicable.
import { isBeforeEvent } from '../../machines/placement';
import type { Rulebook } from '../../machines/rulebook';

export const OUTCOMES = ['met', 'late', 'missed', 'open'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type MilestoneStatus = Outcome | 'not-applicable';

/** A machine deadline status, with a late act (missed, metAt set) told apart from a missed one. */
export function deadlineOutcome(status: string, metAt: unknown): MilestoneStatus {
  if (status === 'met') return 'met';
  if (status === 'missed') return metAt ? 'late' : 'missed';
  if (status === 'open') return 'open';
  return 'not-applicable';
}

export const isBeforeEventClock = (book: Rulebook | undefined, rule: string) => !!book && isBeforeEvent(book, rule);

/**
 * The outcome of a stored deadline row as of `nowMs`, or null when it does not count (cancelled).
 * The sweep may lag: an open row already past due is what the machine would make of it on the next
 * sweep (missed, or met for a clock that merely ends the regime), exactly as GET /api/placements/{id}
 * projects it. Before-event clocks stay open until the event decides them.
 */
export function rowOutcome(book: Rulebook | undefined, rule: string, status: string, dueMs: number, metMs: number | null, nowMs: number): Outcome | null {
  const outcome = deadlineOutcome(status, metMs);
  if (outcome === 'not-applicable') return null;
  if (outcome !== 'open' || dueMs > nowMs || isBeforeEventClock(book, rule)) return outcome;
  return book?.clocks[rule]?.missedEffect === 'ends-regime' ? 'met' : 'missed';
}

/**
 * The kinds of stored row that SQL tells apart without a rulebook: the status, whether an act is recorded
 * (met_at) and whether the row is still due. Every row of one kind has the same outcome under one rulebook
 * and rule (`kindOutcome`), so the database counts and lists rows by kind and the outcome rules stay in
 * `rowOutcome`.
 */
export interface RowKind {
  status: 'met' | 'missed' | 'open';
  act?: boolean;
  dueLater?: boolean;
}

export const ROW_KINDS: readonly RowKind[] = [
  { status: 'met' },
  { status: 'missed', act: true },
  { status: 'missed', act: false },
  { status: 'open', dueLater: true },
  { status: 'open', dueLater: false },
];

/** The outcome of every row of `kind` under `book` and `rule`: `rowOutcome` of one such row. */
export function kindOutcome(book: Rulebook | undefined, rule: string, kind: RowKind): Outcome | null {
  const nowMs = 1; // any instant: only the order of the due, act and current times matters
  return rowOutcome(book, rule, kind.status, kind.dueLater ? nowMs + 1 : nowMs, kind.act ? nowMs : null, nowMs);
}

const HOUR_MS = 3_600_000;

/** To 2 decimals: enough to show minutes in hours, and free of float noise (a due time ends at .999). */
export const round2 = (n: number) => Math.round(n * 100) / 100;

/** Hours from `fromMs` to `toMs`, unrounded (medians round once, at the end). */
export const hoursBetween = (fromMs: number, toMs: number) => (toMs - fromMs) / HOUR_MS;

/** Median of an array sorted here once (in place); null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return round2(values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2);
}

/** Milliseconds from a datetime column as the driver returns it (SQLite: epoch ms; PostgreSQL: Date). */
export function toMs(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (value instanceof Date) return value.getTime();
  const n = Number(value);
  return Number.isFinite(n) ? n : Date.parse(String(value));
}
