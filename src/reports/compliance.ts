// The compliance report (GET /api/reports/compliance): for each legal clock, how many fell due in the
// period and how they turned out. The database counts the rows (deadlineTotals); medians come from
// per-rule arrays of timings sorted once. Never stored: every figure comes from the rows as they are now.
import { activeRulebook, rulebooks } from '../../machines/rulebook';
import type { ReportReads } from '../store/report-reads';
import { deadlineTotals, FILTER_KEYS, kindCount, type ReportFilters, type RuleStatusTotals } from './deadline-scan';
import { hoursBetween, kindOutcome, median, OUTCOMES, ROW_KINDS, type Outcome } from './outcome';

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

export const emptyCounts = (): RuleCounts => ({ due: 0, metOnTime: 0, late: 0, missed: 0, open: 0 });

/**
 * Adds the rows the database totalled in `g` to `counts`, each kind of row judged as `rowOutcome` judges
 * it: met rows are met; missed rows are late when the act was recorded and missed otherwise; open rows
 * are open until due, and an overdue open row is what the machine would make of it on the next sweep,
 * under its placement's rulebook. Returns whether `g` held any row the report counts.
 */
export function addTotals(counts: RuleCounts, g: RuleStatusTotals): boolean {
  let added = false;
  for (const kind of ROW_KINDS) {
    const n = kindCount(g, kind);
    const outcome = kindOutcome(rulebooks[g.rulebookId], g.rule, kind);
    if (n === 0 || outcome === null) continue;
    counts.due += n;
    counts[COUNT_KEY[outcome]] += n;
    added = true;
  }
  return added;
}

interface Tally extends RuleCounts {
  early: number[];
  lateHours: number[];
}

const emptyTally = (): Tally => ({ ...emptyCounts(), early: [], lateHours: [] });

/** Per-rule tallies from the database's totals (addTotals), with the timings of met rows (hours early) and of missed rows done late (hours late). */
function tallyTotals(totals: RuleStatusTotals[]): Map<string, Tally> {
  const byRule = new Map<string, Tally>();
  for (const g of totals) {
    const t = byRule.get(g.rule) ?? emptyTally();
    if (!addTotals(t, g)) continue;
    byRule.set(g.rule, t);
    const hours = g.status === 'met' ? t.early : g.status === 'missed' ? t.lateHours : [];
    for (const ms of g.timings) hours.push(hoursBetween(0, ms));
  }
  return byRule;
}

/** Every clock of the active rulebook (zero rows included, so periods compare), then any other rule seen. */
function ruleRows(byRule: Map<string, Tally>, filters: ReportFilters): ComplianceRow[] {
  const known = [...Object.keys(activeRulebook.clocks), ...Object.keys(activeRulebook.visits)];
  const extra = [...byRule.keys()].filter((r) => !known.includes(r)).sort();
  return [...known, ...extra].map((rule) => toRow(rule, byRule.get(rule) ?? emptyTally(), filters));
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

export async function complianceReport(db: ReportReads, filters: ReportFilters, now: Date): Promise<ComplianceReport> {
  const rules = ruleRows(tallyTotals(await deadlineTotals(db, filters, now, { timings: true })), filters);
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
