// The evaluation return on a page: each table as the JSON has it, withheld cells shown as [c], and a bar
// chart (server-rendered SVG, no script) beside each table of categories; the links to download the return
// and its dictionary. The tables are the accessible form of the charts.
import type { EvaluationDictionaryJson, EvaluationReturnJson } from '../backend';
import { countChartSvg } from '../charts';
import { ukDate, ukDateTime } from '../format';

const shown = (c: { value: number | null; suppressed: boolean }) => (c.suppressed || c.value === null ? '[c]' : c.value.toLocaleString('en-GB'));

/** Tables drawn as charts: the one-way tables with a handful of categories (not the long list of placing authorities). */
const NO_CHART = new Set(['placing-authority', 'renotification', 'lapses']);

/** The page's period: the first and the last day (inclusive). */
export interface PagePeriod {
  from: string;
  until: string;
}

export function evaluationQueryString(q: PagePeriod): string {
  const params = new URLSearchParams();
  params.set('from', q.from);
  params.set('until', q.until);
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function presentEvaluation(r: EvaluationReturnJson, query: PagePeriod) {
  const qs = evaluationQueryString(query);
  const tables = r.tables.map((t) => {
    const rows = t.rows.map((row) => ({
      key: row.key,
      label: row.label,
      strong: row.kind !== 'category',
      cells: t.columns.map((c) => shown(row.cells[c.key])),
    }));
    const first = t.columns[0].key;
    // A long list (32 councils, 12 legal bases) is charted without its zeros; nothing counted, no chart.
    const all = t.rows.filter((row) => row.kind === 'category');
    const categories = all.length > 8 ? all.filter((row) => row.cells[first].suppressed || row.cells[first].value !== 0) : all;
    const counted = categories.some((row) => row.cells[first].suppressed || row.cells[first].value !== 0);
    const chart =
      NO_CHART.has(t.id) || !counted
        ? null
        : countChartSvg(
            categories.map((row) => ({ label: row.label, value: row.cells[first].suppressed ? null : row.cells[first].value })),
            {
              id: `chart-${t.id}`,
              title: t.title,
              description: `${t.title}: ${categories.map((row) => `${row.label} ${shown(row.cells[first])}`).join('; ')}${categories.length < all.length ? '; the others 0' : ''}.`,
            },
          );
    return {
      id: t.id,
      title: t.title,
      unit: t.unit,
      rowHeader: t.rowHeader,
      columns: t.columns.map((c) => c.label),
      numeric: t.columns.length,
      rows,
      chart,
      anyWithheld: t.rows.some((row) => Object.values(row.cells).some((c) => c.suppressed)),
    };
  });
  return {
    period: `${ukDate(r.period.from)} to ${ukDate(r.period.lastDay)}`,
    generated: ukDateTime(r.generatedAt),
    threshold: r.suppression.threshold,
    withheld: r.suppression.withheld,
    rulebooks: r.rulebooks.length ? `Placements under rulebook ${r.rulebooks.join(', ')}.` : 'No placement is counted.',
    downloads: {
      csv: `/reports/evaluation.csv${qs}`,
      json: `/reports/evaluation.json${qs}`,
      dictionary: '/reports/evaluation/dictionary',
    },
    tables,
  };
}

export function presentDictionary(d: EvaluationDictionaryJson) {
  return {
    ...d,
    tables: d.tables.map((t) => ({
      ...t,
      sources: t.sources.map((s) => ({ ...s, text: `${s.rule}: ${s.title} (${s.citation}; confidence ${s.confidence})` })),
    })),
  };
}

/** The last complete calendar quarter before `nowIso`, as the form's suggestion. */
export function lastQuarter(nowIso: string): { from: string; to: string } {
  const y = Number(nowIso.slice(0, 4));
  const q = Math.floor((Number(nowIso.slice(5, 7)) - 1) / 3);
  const start = (year: number, quarter: number) => `${year}-${String(quarter * 3 + 1).padStart(2, '0')}-01`;
  return q === 0 ? { from: start(y - 1, 3), to: start(y, 0) } : { from: start(y, q - 1), to: start(y, q) };
}
