// One paged pass over deadline rows, with the report's filters pushed into SQL. Keyset paging on the
// deadline id keeps every page an index seek, so a report costs time linear in the rows it reads and
// memory bounded by the page size, whatever the database holds.
import type { Knex } from '@mikro-orm/knex';
import { startOfLocalDay } from '../../machines/calendar';
import type { Em } from '../store/orm';
import { toMs } from './outcome';

/** The report's filters as the caller gave them (validated), so drill-down links can repeat them. */
export interface ReportFilters {
  /** Inclusive lower bound on dueAt: a date (midnight in London) or an instant with offset. */
  from?: string;
  /** Exclusive upper bound on dueAt, same forms. */
  to?: string;
  placingAuthorityId?: string;
  hostAuthorityId?: string;
  setting?: string;
  legalBasis?: string;
}

export const FILTER_KEYS = ['from', 'to', 'placingAuthorityId', 'hostAuthorityId', 'setting', 'legalBasis'] as const;

export interface DeadlineFact {
  /** Row id: `<placementId>:<machine deadline id>`. */
  id: string;
  placementId: string;
  rule: string;
  status: string;
  dueMs: number;
  metMs: number | null;
  rulebookId: string;
  placingAuthorityId: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A real calendar date (Date.parse would roll 2026-02-30 over to 2 March). */
const isRealDate = (date: string) => !Number.isNaN(Date.parse(date)) && new Date(Date.parse(date)).toISOString().slice(0, 10) === date;

/** `YYYY-MM-DD`, or an ISO 8601 instant with an explicit offset (a bare local time would be ambiguous). */
export function isPeriodBound(value: string): boolean {
  if (DATE_ONLY.test(value)) return isRealDate(value);
  const m = INSTANT.exec(value);
  return !!m && isRealDate(m[1]) && !Number.isNaN(Date.parse(value));
}

/** A period bound in epoch ms: a bare date is the start of that day in London, as legal clocks read dates. */
export function boundMs(value: string): number {
  return DATE_ONLY.test(value) ? Date.parse(startOfLocalDay(value)) : Date.parse(value);
}

const PAGE_SIZE = 5000;

/**
 * Calls `onPage` with each page of non-cancelled deadline rows matching `filters` (and `rule` when
 * given). Filters are on the placement's current summary columns (after a move, its current host).
 */
export async function scanDeadlines(
  em: Em,
  filters: ReportFilters,
  onPage: (rows: DeadlineFact[]) => void,
  options: { rule?: string; pageSize?: number } = {},
): Promise<number> {
  const knex = em.getKnex();
  // Bind datetimes as the driver stores them (SQLite: epoch ms; PostgreSQL: a Date).
  const bind = (value: string) => em.getPlatform().processDateProperty(new Date(boundMs(value))) as Knex.Value;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  let after: string | null = null;
  let total = 0;
  for (;;) {
    // CROSS JOIN + WHERE: SQLite keeps `deadline` as the outer loop, so rows come in id order straight
    // from the primary-key index (no sort per page); PostgreSQL plans it as an ordinary join.
    const q = knex
      .from('deadline as d')
      .crossJoin(knex.raw('?? as p', ['placement']))
      .whereRaw('?? = ??', ['p.id', 'd.placement_id'])
      .whereNot('d.status', 'cancelled')
      .select('d.id', 'd.placement_id', 'd.rule', 'd.status', 'd.due_at', 'd.met_at', 'p.rulebook_version', 'p.placing_authority_id')
      .orderBy('d.id')
      .limit(pageSize);
    if (after !== null) q.where('d.id', '>', after);
    if (options.rule) q.where('d.rule', options.rule);
    // coalesce() hides due_at from the planner: with statistics (ANALYZE) SQLite would otherwise
    // skip-scan the (status, due_at) index and sort every page, making the pass quadratic.
    if (filters.from) q.whereRaw('coalesce(??, ??) >= ?', ['d.due_at', 'd.due_at', bind(filters.from)]);
    if (filters.to) q.whereRaw('coalesce(??, ??) < ?', ['d.due_at', 'd.due_at', bind(filters.to)]);
    if (filters.placingAuthorityId) q.where('p.placing_authority_id', filters.placingAuthorityId);
    if (filters.hostAuthorityId) q.where('p.host_authority_id', filters.hostAuthorityId);
    if (filters.setting) q.where('p.setting', filters.setting);
    if (filters.legalBasis) q.where('p.legal_basis_type', filters.legalBasis);
    const raw: Record<string, unknown>[] = await q;
    if (raw.length === 0) break;
    onPage(
      raw.map((r) => ({
        id: String(r.id),
        placementId: String(r.placement_id),
        rule: String(r.rule),
        status: String(r.status),
        dueMs: toMs(r.due_at) as number,
        metMs: toMs(r.met_at),
        rulebookId: String(r.rulebook_version),
        placingAuthorityId: String(r.placing_authority_id),
      })),
    );
    total += raw.length;
    if (raw.length < pageSize) break;
    after = String(raw[raw.length - 1].id);
  }
  return total;
}
