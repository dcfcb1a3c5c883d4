// The import report in words: what was imported (with the legal status now and what is still to do under the
// 2026 rules), what was not and why, each error naming its row and column.
import type { ErrorSummaryItem } from '../forms/errors';
import type { ImportReportJson, Problem } from '../backend';
import { ukDate, ukDateTime } from '../format';
import { LEGAL_STATUS_WORDS } from './status';
import { isOneOf } from '../../../machines/guards';
import { LEGAL_STATUS_CODES } from '../../../machines/placement';

/** Every error links to the file input: a cell of the file has no field on the page. */
export const FILE_INPUT_ID = 'file';

/** "Row 7, column child_date_of_birth: must be a date" (the header is row 1). */
export function errorText(e: { path: string; message: string; row?: number; field?: string }): string {
  if (e.row === undefined) return `${e.path}: ${e.message}`;
  return `Row ${e.row}${e.field ? `, column ${e.field}` : ''}: ${e.message}`;
}

export const errorSummaryOf = (errors: { path: string; message: string; row?: number; field?: string }[]): ErrorSummaryItem[] =>
  errors.map((e) => ({ text: errorText(e), href: `#${FILE_INPUT_ID}` }));

export const problemSummary = (p: Problem): ErrorSummaryItem[] =>
  p.errors?.length ? errorSummaryOf(p.errors) : [{ text: p.detail ?? p.title, href: `#${FILE_INPUT_ID}` }];

export interface ImportRowView {
  row: number;
  localReference: string | null;
  reference: string | null;
  /** A link only for those who may open the placement (never an admin). */
  href: string | null;
  status: { text: string; tagClass: string };
  legalStatus: { text: string; tagClass: string } | null;
  carriedOver: string | null;
  outstanding: { text: string; due: string; overdue: boolean }[];
  errors: string[];
}

const STATUS = {
  imported: { text: 'Imported', tagClass: 'govuk-tag--green' },
  valid: { text: 'Can be imported', tagClass: 'govuk-tag--blue' },
  rejected: { text: 'Not imported', tagClass: 'govuk-tag--red' },
} as const;

export function presentImport(report: ImportReportJson, canOpen: boolean) {
  const rows: ImportRowView[] = report.results.map((r) => {
    const code = r.legalStatus?.code;
    const words = isOneOf(LEGAL_STATUS_CODES, code) ? LEGAL_STATUS_WORDS[code] : null;
    return {
      row: r.row,
      localReference: r.localReference,
      reference: r.reference,
      href: canOpen && r.placementId ? `/placements/${r.placementId}` : null,
      status: STATUS[r.status],
      legalStatus: words ? { text: words.label, tagClass: words.tagClass } : null,
      carriedOver: r.carriedOver === null ? null : r.carriedOver ? 'Carried over on 9 February 2026' : 'Ended or transferred before 9 February 2026',
      outstanding: r.outstanding.map((o) => ({
        text: o.title,
        due: o.state === 'overdue' ? `was due ${ukDateTime(o.dueAt)}` : `due ${ukDate(o.dueAt)}`,
        overdue: o.state === 'overdue',
      })),
      errors: r.errors.map((e) => (e.field ? `Column ${e.field}: ${e.message}` : e.message)),
    };
  });
  const valid = report.results.filter((r) => r.status === 'valid').length;
  const headline = report.dryRun
    ? `The file was checked: ${valid} of ${report.rows} ${plural(report.rows, 'row')} can be imported. Nothing was imported.`
    : `${report.imported} of ${report.rows} ${plural(report.rows, 'placement')} imported.`;
  return {
    headline,
    rejected: report.rejected,
    rows,
    errorSummary: errorSummaryOf(report.errors),
  };
}

const plural = (n: number, word: string) => (n === 1 ? word : `${word}s`);
