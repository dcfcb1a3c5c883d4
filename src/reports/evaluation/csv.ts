// The evaluation return as one CSV file in long format: a line per cell of every table, withheld cells as [c].
// Long rather than one block per table, so it loads straight into a spreadsheet pivot, R or pandas.
import { toCsv } from '../../csv';
import type { EvaluationReturn } from './build';

export const EVALUATION_CSV_HEADER = ['period_from', 'period_to', 'table', 'row', 'row_label', 'column', 'column_label', 'value'] as const;

export function evaluationCsv(r: EvaluationReturn): string {
  const lines: (string | number)[][] = [[...EVALUATION_CSV_HEADER]];
  for (const t of r.tables)
    for (const row of t.rows)
      for (const col of t.columns) {
        const cell = row.cells[col.key];
        lines.push([r.period.from, r.period.to, t.id, row.key, row.label, col.key, col.label, cell.suppressed || cell.value === null ? '[c]' : cell.value]);
      }
  return toCsv(lines);
}
