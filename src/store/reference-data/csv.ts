import { parse } from 'csv-parse/sync';

/** The seed files (RFC 4180, header row) as one object per row keyed by the header, cells trimmed. */
export function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: (header: string[]) => header.map((h) => h.trim()), skip_empty_lines: true, trim: true, bom: true });
}
