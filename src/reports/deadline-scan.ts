// The deadline rows behind the compliance report, with the report's filters pushed into SQL: totals
// aggregated in the database (deadlineTotals), the rows of one report cell, counted, ordered and paged
// in the database (deadlineCell), and one paged pass over the rows (scanDeadlines, for the breakdown). SQL only
// tells rows apart by kind (ROW_KINDS); what each kind's outcome is stays in outcome.ts.
import { BaseSqlitePlatform, type Knex } from '@mikro-orm/knex';
import { startOfLocalDay } from '../../machines/calendar';
import type { Em } from '../store/orm';
import { toMs, type RowKind } from './outcome';

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

/** Counts of one rule's rows in one status, under one rulebook, as the database aggregates them. */
export interface RuleStatusTotals {
  /** The rulebook the rows' placements run under. */
  rulebookId: string;
  rule: string;
  status: string;
  count: number;
  /** Rows with an act recorded (metAt). */
  withAct: number;
  /** Rows due after `now`. */
  dueLater: number;
  /** For met rows, ms from the act to the due time; for missed rows done late, ms from the due time to the act. */
  timings: number[];
}

/** How many of the rows `g` totals are of `kind`. */
export function kindCount(g: RuleStatusTotals, kind: RowKind): number {
  if (g.status !== kind.status) return 0;
  if (kind.act !== undefined) return kind.act ? g.withAct : g.count - g.withAct;
  if (kind.dueLater !== undefined) return kind.dueLater ? g.dueLater : g.count - g.dueLater;
  return g.count;
}

/** The database's side of a report query: how to bind a date and where SQLite needs a hint. */
interface ReportSql {
  knex: Knex;
  sqlite: boolean;
  bindDate: (d: Date) => Knex.Value;
  /**
   * `d.placement_id` for a test against a set of placement ids. In SQLite the unary + keeps the planner
   * on the report index (the ids become an in-memory set probed per row) rather than looking rows up
   * placement by placement and sorting them.
   */
  placementId: string;
}

function reportSql(em: Em): ReportSql {
  const sqlite = em.getPlatform() instanceof BaseSqlitePlatform;
  // Datetimes bound as the driver stores them (SQLite: epoch ms; PostgreSQL: a Date).
  return { knex: em.getKnex(), sqlite, bindDate: (d) => em.getPlatform().processDateProperty(d), placementId: sqlite ? '+d.placement_id' : 'd.placement_id' };
}

/** The filters on the placement's current summary columns (after a move, its current host). */
function placementFilters(filters: ReportFilters): [string, string][] {
  const all: [string, string | undefined][] = [
    ['placing_authority_id', filters.placingAuthorityId],
    ['host_authority_id', filters.hostAuthorityId],
    ['setting', filters.setting],
    ['legal_basis_type', filters.legalBasis],
  ];
  return all.flatMap(([column, value]) => (value ? [[column, value]] : []));
}

/** The rulebooks placements run under. */
export async function rulebooksInUse(knex: Knex): Promise<string[]> {
  return (await knex.from('placement').distinct('rulebook_version')).map((r: { rulebook_version: string }) => r.rulebook_version);
}

/** `[from, to)` on the due time. */
function wherePeriod(q: Knex.QueryBuilder, filters: ReportFilters, sql: ReportSql): void {
  if (filters.from) q.where('d.due_at', '>=', sql.bindDate(new Date(boundMs(filters.from))));
  if (filters.to) q.where('d.due_at', '<', sql.bindDate(new Date(boundMs(filters.to))));
}

/** Rows of `kind` as of `now`. */
function whereKind(q: Knex.QueryBuilder, kind: RowKind, now: Date, sql: ReportSql): void {
  q.where('d.status', kind.status);
  if (kind.act !== undefined) q[kind.act ? 'whereNotNull' : 'whereNull']('d.met_at');
  if (kind.dueLater !== undefined) q.where('d.due_at', kind.dueLater ? '>' : '<=', sql.bindDate(now));
}

/** Ids of the placements matching the placement filters, under the rulebooks given (all when none are). */
function placementIds(knex: Knex, filters: [string, string][], books?: string[]): Knex.QueryBuilder {
  const ids = knex.from('placement').select('id');
  if (books) ids.whereIn('rulebook_version', books);
  for (const [column, value] of filters) ids.where(column, value);
  return ids;
}

/**
 * The report's figures, aggregated in SQL: per rulebook, rule and status, counts and the timings the
 * medians need. Each query is one pass over the (rule, status, due_at, met_at, placement_id) index,
 * grouped in its order, so nothing is sorted and no placement row (with its large snapshot) is read.
 * Placement filters, and the rulebook when placements run under more than one, become a set of
 * placement ids (from the placement indexes) that each row is checked against.
 */
export async function deadlineTotals(em: Em, filters: ReportFilters, now: Date): Promise<RuleStatusTotals[]> {
  const sql = reportSql(em);
  const { knex } = sql;
  // SQLite stores datetimes as epoch ms; PostgreSQL subtracts to an interval.
  const diff = (a: string, b: string) => (sql.sqlite ? `${a} - ${b}` : `extract(epoch from ${a} - ${b}) * 1000`);
  const timing =
    "case when d.met_at is not null and d.status in ('met', 'missed') then " +
    `(case when d.status = 'met' then ${diff('d.due_at', 'd.met_at')} else ${diff('d.met_at', 'd.due_at')} end) end`;
  const list = sql.sqlite ? `group_concat(${timing})` : `string_agg((${timing})::text, ',')`;
  const filtered = placementFilters(filters);
  const books = await rulebooksInUse(knex);
  const totals: RuleStatusTotals[] = [];
  for (const book of books) {
    const q = knex
      .from('deadline as d')
      .select(
        'd.rule',
        'd.status',
        knex.raw('count(*) as n'),
        knex.raw('sum(case when d.met_at is not null then 1 else 0 end) as with_act'),
        knex.raw('sum(case when d.due_at > ? then 1 else 0 end) as due_later', [sql.bindDate(now)]),
        knex.raw(`${list} as timings`),
      )
      .whereNot('d.status', 'cancelled')
      .groupBy('d.rule', 'd.status');
    wherePeriod(q, filters, sql);
    if (books.length > 1 || filtered.length > 0) q.whereRaw(`${sql.placementId} in ?`, [placementIds(knex, filtered, [book])]);
    const rows: Record<string, unknown>[] = await q;
    for (const r of rows)
      totals.push({
        rulebookId: book,
        rule: String(r.rule),
        status: String(r.status),
        count: Number(r.n),
        withAct: Number(r.with_act),
        dueLater: Number(r.due_later),
        timings: r.timings === null || r.timings === undefined || r.timings === '' ? [] : String(r.timings).split(',').map(Number),
      });
  }
  return totals;
}

/** A deadline row in a report cell. */
export interface CellRow {
  /** `<placementId>:<machine deadline id>`. */
  id: string;
  placementId: string;
  dueMs: number;
  metMs: number | null;
}

/** Rows of one kind, under the rulebooks listed (null: whatever the rulebook). */
export interface CellPart {
  kind: RowKind;
  rulebooks: string[] | null;
}

/**
 * The rows of `rule` that are of one of `parts`, matching `filters`: how many, and one page of them in
 * order of due time, placement and row id (byte order, as JavaScript compares strings).
 */
export async function deadlineCell(
  em: Em,
  filters: ReportFilters,
  rule: string,
  parts: CellPart[],
  now: Date,
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: CellRow[] }> {
  if (parts.length === 0) return { total: 0, rows: [] };
  const sql = reportSql(em);
  const { knex } = sql;
  const filtered = placementFilters(filters);
  const cell = () => {
    const q = knex.from('deadline as d').where('d.rule', rule);
    wherePeriod(q, filters, sql);
    if (filtered.length > 0) q.whereRaw(`${sql.placementId} in ?`, [placementIds(knex, filtered)]);
    return q.where((any) => {
      for (const part of parts)
        any.orWhere((w) => {
          whereKind(w, part.kind, now, sql);
          if (part.rulebooks) w.whereRaw(`${sql.placementId} in ?`, [placementIds(knex, [], part.rulebooks)]);
        });
    });
  };
  const [{ n }] = await cell().count({ n: '*' });
  const collate = sql.sqlite ? '' : ' collate "C"';
  const raw: Record<string, unknown>[] = await cell()
    .select('d.id', 'd.placement_id', 'd.due_at', 'd.met_at')
    .orderByRaw(`d.due_at, d.placement_id${collate}, d.id${collate}`)
    .limit(page.limit)
    .offset(page.offset);
  return {
    total: Number(n),
    rows: raw.map((r) => ({ id: String(r.id), placementId: String(r.placement_id), dueMs: toMs(r.due_at) ?? Number.NaN, metMs: toMs(r.met_at) })),
  };
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
  const sql = reportSql(em);
  const { knex } = sql;
  const bind = (value: string) => sql.bindDate(new Date(boundMs(value)));
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
    // coalesce() again: the rule alone must not steer SQLite onto the report index, sorted per page.
    if (options.rule) q.whereRaw('coalesce(??, ??) = ?', ['d.rule', 'd.rule', options.rule]);
    // coalesce() hides due_at from the planner: with statistics (ANALYZE) SQLite would otherwise
    // skip-scan the (status, due_at) index and sort every page, making the pass quadratic.
    if (filters.from) q.whereRaw('coalesce(??, ??) >= ?', ['d.due_at', 'd.due_at', bind(filters.from)]);
    if (filters.to) q.whereRaw('coalesce(??, ??) < ?', ['d.due_at', 'd.due_at', bind(filters.to)]);
    for (const [column, value] of placementFilters(filters)) q.where(`p.${column}`, value);
    const raw: Record<string, unknown>[] = await q;
    if (raw.length === 0) break;
    onPage(
      raw.map((r) => ({
        id: String(r.id),
        placementId: String(r.placement_id),
        rule: String(r.rule),
        status: String(r.status),
        dueMs: toMs(r.due_at) ?? Number.NaN, // never null: due_at is not null
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
