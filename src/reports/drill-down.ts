// The placements behind one cell of the compliance report: the same scan and the same outcome rule
// as the report, so a cell's count and its list can never disagree.
import { placementReference } from '../../machines/placement';
import { rulebooks } from '../../machines/rulebook';
import type { Em } from '../store/orm';
import { scanDeadlines, type ReportFilters } from './deadline-scan';
import { rowOutcome, type Outcome } from './outcome';

export interface DrillDownItem {
  placementId: string;
  reference: string;
  deadlineId: string;
  dueAt: string;
  metAt: string | null;
}

export async function drillDown(
  em: Em,
  filters: ReportFilters,
  rule: string,
  outcome: Outcome,
  now: Date,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: DrillDownItem[] }> {
  const nowMs = now.getTime();
  const matches: DrillDownItem[] = [];
  await scanDeadlines(
    em,
    filters,
    (rows) => {
      for (const r of rows) {
        if (rowOutcome(rulebooks[r.rulebookId], r.rule, r.status, r.dueMs, r.metMs, nowMs) !== outcome) continue;
        matches.push({
          placementId: r.placementId,
          reference: placementReference(r.placementId),
          deadlineId: r.id.slice(r.placementId.length + 1),
          dueAt: new Date(r.dueMs).toISOString(),
          metAt: r.metMs === null ? null : new Date(r.metMs).toISOString(),
        });
      }
    },
    { rule },
  );
  // UTC ISO instants sort as strings; ties by deadline row, for a stable page order.
  const key = (i: DrillDownItem) => `${i.dueAt}|${i.placementId}|${i.deadlineId}`;
  matches.sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return { total: matches.length, items: matches.slice(page.offset, page.offset + page.limit) };
}
