// The placements behind one cell of the compliance report: the rows the database tells apart by kind,
// each kind taken under the rulebooks where the outcome rules (kindOutcome) give it the cell's outcome,
// so a cell's count and its list can never disagree.
import { placementReference } from '../../machines/placement';
import { rulebooks } from '../../machines/rulebook';
import type { ReportReads } from '../store/report-reads';
import { deadlineCell, rulebooksInUse, type CellPart, type ReportFilters } from './deadline-scan';
import { kindOutcome, ROW_KINDS, type Outcome } from './outcome';

export interface DrillDownItem {
  placementId: string;
  reference: string;
  deadlineId: string;
  dueAt: string;
  metAt: string | null;
}

/** The kinds of `rule`'s rows whose outcome is `outcome`, each under the rulebooks in use where it is (null: all of them). */
function cellParts(books: string[], rule: string, outcome: Outcome): CellPart[] {
  return ROW_KINDS.flatMap((kind) => {
    const where = books.filter((book) => kindOutcome(rulebooks[book], rule, kind) === outcome);
    if (where.length === 0) return [];
    return [{ kind, rulebooks: where.length === books.length ? null : where }];
  });
}

export async function drillDown(
  db: ReportReads,
  filters: ReportFilters,
  rule: string,
  outcome: Outcome,
  now: Date,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: DrillDownItem[] }> {
  const parts = cellParts(await rulebooksInUse(db.knex), rule, outcome);
  const { total, rows } = await deadlineCell(db, filters, rule, parts, now, page);
  return {
    total,
    items: rows.map((r) => ({
      placementId: r.placementId,
      reference: placementReference(r.placementId),
      deadlineId: r.id.slice(r.placementId.length + 1),
      dueAt: new Date(r.dueMs).toISOString(),
      metAt: r.metMs === null ? null : new Date(r.metMs).toISOString(),
    })),
  };
}
