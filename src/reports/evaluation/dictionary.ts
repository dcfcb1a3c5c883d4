// The data dictionary of the evaluation return: every table, its unit and population, every row and column with
// its definition, the rules it rests on (with citation and confidence), how cells are withheld, and the CSV
// layout. Built from the same definitions as the return (definitions.ts), so the two cannot drift apart.
import { activeRulebook, findRule, rulebookVersions, type Confidence } from '../../../machines/rulebook';
import { POPULATIONS, tableDefs } from './definitions';

export interface DictionarySource {
  rule: string;
  title: string;
  citation: string;
  confidence: Confidence;
}

export interface EvaluationDictionary {
  title: string;
  rulebook: string;
  period: string;
  counting: string[];
  suppression: { rule: string; threshold: number; statement: string; citation: string; confidence: Confidence; method: string[]; marker: string };
  csv: { layout: string; columns: { name: string; definition: string }[] };
  tables: {
    id: string;
    title: string;
    unit: string;
    population: string;
    rowHeader: string;
    rows: string;
    categories: { key: string; label: string; definition: string; sumOf?: readonly string[] }[] | null;
    columns: { key: string; label: string; definition: string; sumOf?: readonly string[] }[];
    margins: string;
    sources: DictionarySource[];
    notes: readonly string[];
  }[];
  limitations: string[];
}

function source(id: string): DictionarySource {
  for (const book of [activeRulebook, ...rulebookVersions()]) {
    try {
      const rule = findRule(book, id);
      return {
        rule: id,
        title: 'title' in rule ? rule.title : 'statement' in rule ? rule.statement : id,
        citation: rule.citation,
        confidence: rule.confidence,
      };
    } catch {
      // Not in this version: look in the next.
    }
  }
  return { rule: id, title: id, citation: '', confidence: 'infer' };
}

export function evaluationDictionary(threshold: number): EvaluationDictionary {
  const small = source('P.small-cell-threshold');
  const statement = findRule(activeRulebook, 'P.small-cell-threshold');
  return {
    title: 'Data dictionary: statistical return for the evaluation of SSI 2026/31',
    rulebook: activeRulebook.id,
    period:
      '`from` and `to` are dates (YYYY-MM-DD) read in London: the period runs from the start of `from` to the start of `to` (exclusive), so a return for ' +
      'April to June 2026 is from=2026-04-01&to=2026-07-01. The period must have ended by the end of today.',
    counting: [
      'Who is counted is decided by the period; what is counted about them is as recorded when the return is made (generatedAt). A return for a past period can therefore change when a record is made late, as administrative statistics are revised.',
      'Every figure is counted from the placements as stored (their snapshots and legal clocks), never entered by hand: totals and subtotals are counted too, not summed from the cells shown.',
      `Three populations: ${Object.entries(POPULATIONS)
        .map(([k, v]) => `${k}: ${v}`)
        .join(' ')}`,
    ],
    suppression: {
      rule: 'P.small-cell-threshold',
      threshold,
      statement: 'statement' in statement ? statement.statement : '',
      citation: small.citation,
      confidence: small.confidence,
      method: [
        `Primary: a count above 0 and below ${threshold} is withheld.`,
        'Zeros are always published, so a withheld count is at least 1.',
        'Secondary: further counts are withheld until no withheld count can be worked out from the published ones: not by subtracting the published cells ' +
          "from a table's margins, not across tables that share a total or a subtotal (every table of children placed adds up to the same total; each nation's " +
          'subtotal in the placing authority table is the count in the table by nation; the late and missed counts of an updated notice appear in two tables), ' +
          'not through the combinations the rulebook forbids (a Northern Irish order is made only for a child placed from Northern Ireland), and not by narrowing ' +
          'the range of a withheld count (each at least 1) until it closes. Inner cells are withheld before margins, the smallest first.',
        'The same count is withheld everywhere it appears: a total is never published in one table and withheld in another.',
      ],
      marker: '`[c]` in CSV and on the pages; `null` with `suppressed: true` in JSON.',
    },
    csv: {
      layout: 'One CSV file (RFC 4180, UTF-8, CRLF), long format: one line per cell of every table, tables in the order of the JSON.',
      columns: [
        { name: 'period_from', definition: 'The first day of the period.' },
        { name: 'period_to', definition: 'The day after the last day of the period (exclusive).' },
        { name: 'table', definition: 'The table id (see tables).' },
        { name: 'row', definition: 'The row key: a category key, an organisation id, a rule id, `nation:<nation>` for a subtotal, or `total`.' },
        { name: 'row_label', definition: 'The row as printed.' },
        { name: 'column', definition: 'The column key (`count` in one-way tables).' },
        { name: 'column_label', definition: 'The column as printed.' },
        { name: 'value', definition: 'The count, or `[c]` where it is withheld.' },
      ],
    },
    tables: tableDefs().map((def) => ({
      id: def.id,
      title: def.title,
      unit: def.unit,
      population: def.population,
      rowHeader: def.rowHeader,
      rows: def.rows,
      categories: def.categories
        ? def.categories.map((c) => ({ key: c.key, label: c.label, definition: c.definition, ...(c.sumOf ? { sumOf: c.sumOf } : {}) }))
        : null,
      columns: def.columns.map((c) => ({ key: c.key, label: c.label, definition: c.definition, ...(c.sumOf ? { sumOf: c.sumOf } : {}) })),
      margins:
        def.columns.length > 1
          ? 'A total row (the sum of the rules) and a total column (the sum of the outcomes), with the grand total.'
          : 'A total row: the sum of the category rows (subtotal rows, where there are any, sum the rows they name).',
      sources: def.sources.map(source),
      notes: def.notes ?? [],
    })),
    limitations: [
      'Returns for overlapping periods must not both be published: their difference is a table for the days that differ, which this suppression does not protect. Publish one set of periods that do not overlap (months, quarters or years). Every export is an entry in the audit chain, naming who exported which period.',
      'No filters: a return for one authority or setting beside the whole return could be differenced in the same way.',
      'Host council, setting and legal basis are as now recorded: a child who moved, or whose order changed, counts under the latest.',
      'A child placed twice in the period (two placements) counts twice.',
    ],
  };
}
