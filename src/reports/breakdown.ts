// The compliance report's totals split by placing authority and by the month deadlines fell due, for
// the reviewers' charts. The same rows and the same outcome rules as the report, so the splits add up
// to its totals.
import { localDate } from '../../machines/calendar';
import { rulebooks } from '../../machines/rulebook';
import type { Em } from '../store/orm';
import type { RuleCounts } from './compliance';
import { scanDeadlines, type ReportFilters } from './deadline-scan';
import { rowOutcome, type Outcome } from './outcome';

export interface ComplianceBreakdown {
  byPlacingAuthority: { organisationId: string; totals: RuleCounts }[];
  /** `month` is YYYY-MM in London time, by the month the deadline fell due; oldest first. */
  byMonth: { month: string; totals: RuleCounts }[];
}

const COUNT_KEY: Record<Outcome, keyof RuleCounts> = { met: 'metOnTime', late: 'late', missed: 'missed', open: 'open' };
const empty = (): RuleCounts => ({ due: 0, metOnTime: 0, late: 0, missed: 0, open: 0 });

export async function complianceBreakdown(em: Em, filters: ReportFilters, now: Date): Promise<ComplianceBreakdown> {
  const byAuthority = new Map<string, RuleCounts>();
  const byMonth = new Map<string, RuleCounts>();
  const count = (map: Map<string, RuleCounts>, key: string, outcome: Outcome) => {
    let c = map.get(key);
    if (!c) map.set(key, (c = empty()));
    c.due++;
    c[COUNT_KEY[outcome]]++;
  };
  // London's offset from UTC changes only on the hour, so the month of every instant in one UTC hour is the same.
  const months = new Map<number, string>();
  const monthOf = (ms: number) => {
    const hour = Math.floor(ms / 3_600_000);
    let month = months.get(hour);
    if (month === undefined) months.set(hour, (month = localDate(new Date(hour * 3_600_000).toISOString()).slice(0, 7)));
    return month;
  };
  await scanDeadlines(em, filters, (rows) => {
    for (const row of rows) {
      const outcome = rowOutcome(rulebooks[row.rulebookId], row.rule, row.status, row.dueMs, row.metMs, now.getTime());
      if (outcome === null) continue;
      count(byAuthority, row.placingAuthorityId, outcome);
      count(byMonth, monthOf(row.dueMs), outcome);
    }
  });
  return {
    byPlacingAuthority: [...byAuthority].sort(([a], [b]) => a.localeCompare(b)).map(([organisationId, totals]) => ({ organisationId, totals })),
    byMonth: [...byMonth].sort(([a], [b]) => a.localeCompare(b)).map(([month, totals]) => ({ month, totals })),
  };
}
