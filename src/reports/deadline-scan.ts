// The deadline rows behind the compliance report, with the report's filters pushed into SQL: totals
// aggregated in the database (deadlineTotals), split by placing authority or London month when asked,
// and the rows of one report cell, counted, ordered and paged in the database (deadlineCell). SQL only
// tells rows apart by kind (ROW_KINDS); what each kind's outcome is stays in outcome.ts.
import type { Knex } from '@mikro-orm/knex';
import { localDate, startOfLocalDay } from '../../machines/calendar';
import type { ReportReads } from '../store/report-reads';
import { ROW_KINDS, toMs, type RowKind } from './outcome';

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

/** Counts of one rule's rows in one status, under one rulebook (and in one group), as the database aggregates them. */
export interface RuleStatusTotals {
  /** The rulebook the rows' placements run under. */
  rulebookId: string;
  rule: string;
  status: string;
  /** With `by`: the placing authority's id, or the London month (YYYY-MM) the rows fell due in. */
  group?: string;
  count: number;
  /** Rows with an act recorded (metAt). */
  withAct: number;
  /** Rows due after `now`. */
  dueLater: number;
  /** With `timings`: for met rows, ms from the act to the due time; for missed rows done late, ms from the due time to the act. */
  timings: number[];
}

/** How many of the rows `g` totals are of `kind`. */
export function kindCount(g: RuleStatusTotals, kind: RowKind): number {
  if (g.status !== kind.status) return 0;
  if (kind.act !== undefined) return kind.act ? g.withAct : g.count - g.withAct;
  if (kind.dueLater !== undefined) return kind.dueLater ? g.dueLater : g.count - g.dueLater;
  return g.count;
}

const COUNTED_STATUSES: ReadonlySet<string> = new Set(ROW_KINDS.map((k) => k.status));

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

function reportSql(db: Pick<ReportReads, 'knex' | 'dialect'>): ReportSql {
  const sqlite = db.dialect.name === 'sqlite';
  // Datetimes bound as the driver stores them (SQLite: epoch ms; PostgreSQL: a Date).
  return { knex: db.knex, sqlite, bindDate: (d) => db.dialect.date(d), placementId: sqlite ? '+d.placement_id' : 'd.placement_id' };
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

/** London months from the one `firstMs` falls in to the one `lastMs` falls in, and the instants they start (and the last ends). */
function londonMonths(firstMs: number, lastMs: number): { labels: string[]; starts: number[] } {
  const monthOf = (ms: number) => localDate(new Date(ms).toISOString()).slice(0, 7);
  const last = monthOf(lastMs);
  const labels = [monthOf(firstMs)];
  const next = (month: string) => {
    const [y, m] = month.split('-').map(Number);
    return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  };
  while (labels[labels.length - 1] < last) labels.push(next(labels[labels.length - 1]));
  const starts = [...labels, next(last)].map((month) => Date.parse(startOfLocalDay(`${month}-01`)));
  return { labels, starts };
}

/**
 * SQL for which bucket `column` is in: b when starts[b] <= column < starts[b + 1], -1 before starts[0],
 * starts.length - 1 from the last start on. A bisection of CASEs: log2(n) comparisons a row.
 */
function bucketCase(column: string, starts: Knex.Value[], lo = -1, hi = starts.length - 1): { sql: string; bindings: Knex.Value[] } {
  if (lo === hi) return { sql: String(lo), bindings: [] };
  const mid = Math.floor((lo + hi + 1) / 2); // starts[mid] divides buckets lo..mid-1 from mid..hi
  const below = bucketCase(column, starts, lo, mid - 1);
  const above = bucketCase(column, starts, mid, hi);
  return { sql: `case when ${column} < ? then ${below.sql} else ${above.sql} end`, bindings: [starts[mid], ...below.bindings, ...above.bindings] };
}

/** The first and last due times of the rows the report counts, in the period; null when there are none. */
async function dueRange(sql: ReportSql, filters: ReportFilters): Promise<[number, number] | null> {
  // min() and max() per status: one seek each on the (status, due_at) index.
  const ends = [...COUNTED_STATUSES].flatMap((status) =>
    (['min', 'max'] as const).map((f, i) => {
      const q = sql.knex.from('deadline as d').where('d.status', status)[f]('d.due_at');
      wherePeriod(q, filters, sql);
      return q.as(`${status}_${i}`);
    }),
  );
  const [row]: Record<string, unknown>[] = await sql.knex.select(ends);
  const values = Object.values(row)
    .map(toMs)
    .filter((v): v is number => v !== null);
  return values.length === 0 ? null : [Math.min(...values), Math.max(...values)];
}

export interface TotalsOptions {
  /** Split each (rulebook, rule, status) by the placement's placing authority, or by the London month (YYYY-MM) the rows fell due. */
  by?: 'placingAuthority' | 'month';
  /** Collect the timings the medians need (the report's; a split does without). */
  timings?: boolean;
}

/** A split as SQL takes it: by placing authority, or by the months given (`starts` has one more, the end of the last). */
type Split = { by: 'placingAuthority' } | { by: 'month'; labels: string[]; starts: number[] };

/**
 * The report's figures, aggregated in SQL: per rulebook, rule and status (and group, with `by`), counts
 * and, with `timings`, the timings the medians need. Each query is one pass over the (rule, status,
 * due_at, met_at, placement_id) index, so no deadline row (and no placement row, with its large snapshot)
 * is read. Placement filters, and the rulebook when placements run under more than one, become a set of
 * placement ids (from the placement indexes) that each row is checked against. A split by placing
 * authority groups by the authority each row carries, in the order of the (rule, status, authority, ...)
 * index; a split by month compares due times with the London month starts over the rows' due times, computed
 * here, so both databases split alike.
 */
export async function deadlineTotals(db: ReportReads, filters: ReportFilters, now: Date, options: TotalsOptions = {}): Promise<RuleStatusTotals[]> {
  const sql = reportSql(db);
  if (options.by === 'placingAuthority') return totalsByRulebook(sql, filters, now, options, { by: 'placingAuthority' });
  if (options.by !== 'month') return totalsByRulebook(sql, filters, now, options);
  // A row written between reading the range and the totals may fall outside the months foreseen: then again.
  for (let attempt = 1; ; attempt++) {
    const range = await dueRange(sql, filters);
    if (!range) return [];
    const totals = await totalsByRulebook(sql, filters, now, options, { by: 'month', ...londonMonths(...range) });
    if (!totals.some((t) => t.group === undefined && COUNTED_STATUSES.has(t.status))) return totals.filter((t) => t.group !== undefined);
    if (attempt === 3) throw new Error('Deadline rows kept falling due outside the months just read');
  }
}

/** The items of a list aggregated by the database (comma-separated; null or empty for none). */
const splitList = (list: unknown): string[] => (list === null || list === undefined || list === '' ? [] : String(list).split(','));

async function totalsByRulebook(sql: ReportSql, filters: ReportFilters, now: Date, options: TotalsOptions, split?: Split): Promise<RuleStatusTotals[]> {
  const { knex } = sql;
  // SQLite stores datetimes as epoch ms; PostgreSQL subtracts to an interval.
  const diff = (a: string, b: string) => (sql.sqlite ? `${a} - ${b}` : `extract(epoch from ${a} - ${b}) * 1000`);
  const timing =
    "case when d.met_at is not null and d.status in ('met', 'missed') then " +
    `(case when d.status = 'met' then ${diff('d.due_at', 'd.met_at')} else ${diff('d.met_at', 'd.due_at')} end) end`;
  const list = (value: string) => (sql.sqlite ? `group_concat(${value})` : `string_agg((${value})::text, ',')`);
  const filtered = placementFilters(filters);
  const books = await rulebooksInUse(knex);
  const totals: RuleStatusTotals[] = [];
  for (const book of books) {
    const totalsQuery = () => {
      const q = knex
        .from('deadline as d')
        .select(
          'd.rule',
          'd.status',
          knex.raw('count(*) as n'),
          knex.raw('sum(case when d.met_at is not null then 1 else 0 end) as with_act'),
          knex.raw('sum(case when d.due_at > ? then 1 else 0 end) as due_later', [sql.bindDate(now)]),
        )
        .whereNot('d.status', 'cancelled')
        .groupBy('d.rule', 'd.status');
      if (options.timings) q.select(knex.raw(`${list(timing)} as timings`));
      wherePeriod(q, filters, sql);
      if (books.length > 1 || filtered.length > 0) q.whereRaw(`${sql.placementId} in ?`, [placementIds(knex, filtered, books.length > 1 ? [book] : undefined)]);
      return q;
    };
    let rows: Record<string, unknown>[];
    if (split?.by === 'placingAuthority') {
      // Each row carries its placement's placing authority: grouped in the order of an index that holds it.
      rows = await totalsQuery().select('d.placing_authority_id as grp').groupBy('d.placing_authority_id');
      if (rows.some((r) => r.grp === '')) {
        // Rows written by an instance that predates the column (mid-deploy; the row's next write fills it): their placement's.
        const owner = knex.raw('(select p.placing_authority_id from placement p where p.id = d.placement_id)');
        const legacy = await totalsQuery()
          .where('d.placing_authority_id', '')
          .select(knex.raw('? as grp', [owner]))
          .groupByRaw('?', [owner]);
        rows = [...rows.filter((r) => r.grp !== ''), ...legacy];
      }
    } else if (split?.by === 'month') {
      // Rows counted per due time first: that follows the index, so only those counts are sorted into months.
      const bucket = bucketCase(
        'g.due_at',
        split.starts.map((ms) => sql.bindDate(new Date(ms))),
      );
      const q = knex
        .from(totalsQuery().select('d.due_at').groupBy('d.due_at').as('g'))
        .select(
          'g.rule',
          'g.status',
          knex.raw(`${bucket.sql} as grp`, bucket.bindings),
          knex.raw('sum(g.n) as n'),
          knex.raw('sum(g.with_act) as with_act'),
          knex.raw('sum(g.due_later) as due_later'),
        )
        .groupBy('g.rule', 'g.status', 'grp');
      if (options.timings) q.select(knex.raw(`${list('g.timings')} as timings`));
      rows = await q;
    } else {
      rows = await totalsQuery();
    }
    for (const r of rows) {
      const group = split?.by === 'month' ? split.labels[Number(r.grp)] : split?.by === 'placingAuthority' ? String(r.grp) : undefined;
      totals.push({
        rulebookId: book,
        rule: String(r.rule),
        status: String(r.status),
        group,
        count: Number(r.n),
        withAct: Number(r.with_act),
        dueLater: Number(r.due_later),
        timings: splitList(r.timings).map(Number),
      });
    }
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
  db: ReportReads,
  filters: ReportFilters,
  rule: string,
  parts: CellPart[],
  now: Date,
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: CellRow[] }> {
  if (parts.length === 0) return { total: 0, rows: [] };
  const sql = reportSql(db);
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
