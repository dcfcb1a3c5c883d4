// The compliance report as CSV (RFC 4180): a header row, then one row per rule with exactly the
// numbers of the JSON report, for reviewers who work in spreadsheets.
import { toCsv } from '../csv';
import type { ComplianceReport, ComplianceRow } from './compliance';

const COLUMNS: [string, (r: ComplianceRow) => string | number | null][] = [
  ['rule', (r) => r.rule],
  ['title', (r) => r.title],
  ['citation', (r) => r.citation],
  ['due', (r) => r.due],
  ['metOnTime', (r) => r.metOnTime],
  ['late', (r) => r.late],
  ['missed', (r) => r.missed],
  ['open', (r) => r.open],
  ['metOnTimeRate', (r) => r.rates.metOnTime],
  ['lateRate', (r) => r.rates.late],
  ['missedRate', (r) => r.rates.missed],
  ['openRate', (r) => r.rates.open],
  ['medianHoursEarly', (r) => r.medianHoursEarly],
  ['medianHoursLate', (r) => r.medianHoursLate],
];

export const csvHeader = () => COLUMNS.map(([name]) => name);

export const complianceCsv = (report: ComplianceReport): string => toCsv([csvHeader(), ...report.rules.map((r) => COLUMNS.map(([, get]) => get(r)))]);
