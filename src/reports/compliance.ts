// The compliance report (GET /api/reports/compliance): for each legal clock, how many fell due in the
// period and how they turned out. One pass over the deadline rows; medians from per-rule arrays sorted
// once at the end. Never stored: every figure comes from the rows as they are now.
import { activeRulebook, rulebooks } from '../../machines/rulebook';
import type { Em } from '../store/orm';
import { FILTER_KEYS, scanDeadlines, type DeadlineFact, type ReportFilters } from './deadline-scan';
import { hoursBetween, median, OUTCOMES, rowOutcome, type Outcome } from './outcome';

export interface RuleCounts {
  due: number;
  metOnTime: number;
  late: number;
  missed: number;
  open: number;
}

export interface ComplianceRow extends RuleCounts {
  rule: string;
  title: string;
  citation: string;
  /** Shares of `due`, to 4 decimals; null when nothing fell due. */
  rates: { metOnTime: number | null; late: number | null; missed: number | null; open: number | null };
  /** Over deadlines met on time: hours from the act to the due time (a before-event clock's due time is the planned event). */
  medianHoursEarly: number | null;
  /** Over deadlines done late: hours from the due time to the act. */
  medianHoursLate: number | null;
  /** The placements behind each count. */
  drillDown: Record<Outcome, string>;
}

export interface ComplianceReport {
  generatedAt: string;
  rulebook: string;
  period: { from: string | null; to: string | null };
  filters: Omit<ReportFilters, 'from' | 'to'>;
  rules: ComplianceRow[];
  totals: RuleCounts;
}

const COUNT_KEY: Record<Outcome, keyof RuleCounts> = { met: 'metOnTime', late: 'late', missed: 'missed', open: 'open' };

interface Tally extends RuleCounts {
  early: number[];
  lateHours: number[];
}

const emptyTally = (): Tally => ({ due: 0, metOnTime: 0, late: 0, missed: 0, open: 0, early: [], lateHours: [] });

/** Counts rows into per-rule tallies in one pass; `rows` sorts each rule's timing arrays once (for medians). */
export class ComplianceTally {
  private readonly byRule = new Map<string, Tally>();

  constructor(private readonly nowMs: number) {}

  add(row: DeadlineFact): void {
    // Each row is judged under the rulebook its placement runs under.
    const outcome = rowOutcome(rulebooks[row.rulebookId], row.rule, row.status, row.dueMs, row.metMs, this.nowMs);
    if (outcome === null) return;
    let t = this.byRule.get(row.rule);
    if (!t) this.byRule.set(row.rule, (t = emptyTally()));
    t.due++;
    t[COUNT_KEY[outcome]]++;
    if (row.metMs === null) return;
    if (outcome === 'met') t.early.push(hoursBetween(row.metMs, row.dueMs));
    else if (outcome === 'late') t.lateHours.push(hoursBetween(row.dueMs, row.metMs));
  }

  /** Every clock of the active rulebook (zero rows included, so periods compare), then any other rule seen. */
  rows(filters: ReportFilters): ComplianceRow[] {
    const known = [...Object.keys(activeRulebook.clocks), ...Object.keys(activeRulebook.visits)];
    const extra = [...this.byRule.keys()].filter((r) => !known.includes(r)).sort();
    return [...known, ...extra].map((rule) => toRow(rule, this.byRule.get(rule) ?? emptyTally(), filters));
  }
}

const rate = (n: number, due: number) => (due === 0 ? null : Math.round((n / due) * 10_000) / 10_000);

function ruleInfo(rule: string): { title: string; citation: string } {
  for (const book of [activeRulebook, ...Object.values(rulebooks)]) {
    const r = book.clocks[rule] ?? book.visits[rule];
    if (r) return { title: r.title, citation: r.citation };
  }
  return { title: rule, citation: '' };
}

function toRow(rule: string, t: Tally, filters: ReportFilters): ComplianceRow {
  return {
    rule,
    ...ruleInfo(rule),
    due: t.due,
    metOnTime: t.metOnTime,
    late: t.late,
    missed: t.missed,
    open: t.open,
    rates: { metOnTime: rate(t.metOnTime, t.due), late: rate(t.late, t.due), missed: rate(t.missed, t.due), open: rate(t.open, t.due) },
    medianHoursEarly: median(t.early),
    medianHoursLate: median(t.lateHours),
    drillDown: Object.fromEntries(OUTCOMES.map((o) => [o, drillDownUrl(filters, rule, o)])) as Record<Outcome, string>,
  };
}

export function drillDownUrl(filters: ReportFilters, rule: string, outcome: Outcome): string {
  const params = new URLSearchParams({ rule, outcome });
  for (const key of FILTER_KEYS) if (filters[key]) params.set(key, filters[key] as string);
  return `/api/reports/compliance/placements?${params.toString()}`;
}

export async function complianceReport(em: Em, filters: ReportFilters, now: Date): Promise<ComplianceReport> {
  const tally = new ComplianceTally(now.getTime());
  await scanDeadlines(em, filters, (page) => page.forEach((row) => tally.add(row)));
  const rules = tally.rows(filters);
  const totals = { due: 0, metOnTime: 0, late: 0, missed: 0, open: 0 };
  for (const r of rules) for (const k of Object.keys(totals) as (keyof RuleCounts)[]) totals[k] += r[k];
  const { from, to, ...rest } = filters;
  return {
    generatedAt: now.toISOString(),
    rulebook: activeRulebook.id,
    period: { from: from ?? null, to: to ?? null },
    filters: Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    rules,
    totals,
  };
}
