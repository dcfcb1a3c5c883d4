// The compliance report's totals split by placing authority and by the month deadlines fell due, for
// the reviewers' charts. The same rows, counted in the database the same way, and the same outcome
// rules as the report (addTotals), so the splits add up to its totals.
import type { ReportReads } from '../store/report-reads';
import { addTotals, emptyCounts, type RuleCounts } from './compliance';
import { deadlineTotals, type ReportFilters, type RuleStatusTotals } from './deadline-scan';

export interface ComplianceBreakdown {
  byPlacingAuthority: { organisationId: string; totals: RuleCounts }[];
  /** `month` is YYYY-MM in London time, by the month the deadline fell due; oldest first. */
  byMonth: { month: string; totals: RuleCounts }[];
}

/** Outcome counts per group, in the groups' order. */
function countsByGroup(totals: RuleStatusTotals[]): [string, RuleCounts][] {
  const byGroup = new Map<string, RuleCounts>();
  for (const g of totals) {
    if (g.group === undefined) continue;
    const counts = byGroup.get(g.group) ?? emptyCounts();
    if (addTotals(counts, g)) byGroup.set(g.group, counts);
  }
  return [...byGroup].sort(([a], [b]) => a.localeCompare(b));
}

export async function complianceBreakdown(db: ReportReads, filters: ReportFilters, now: Date): Promise<ComplianceBreakdown> {
  // Two queries at once: side by side on PostgreSQL's pool and on a SQLite file's report connections.
  const [byAuthority, byMonth] = await Promise.all([
    deadlineTotals(db, filters, now, { by: 'placingAuthority' }),
    deadlineTotals(db, filters, now, { by: 'month' }),
  ]);
  return {
    byPlacingAuthority: countsByGroup(byAuthority).map(([organisationId, totals]) => ({ organisationId, totals })),
    byMonth: countsByGroup(byMonth).map(([month, totals]) => ({ month, totals })),
  };
}
