import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseCsv } from './csv';

/**
 * The shipped organisation list has no email addresses, so every organisation gets a placeholder under the
 * reserved `.invalid` TLD (RFC 2606): mail to it can never reach a real person by accident.
 */
export function placeholderMailbox(organisationId: string): string {
  const label = organisationId.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return `notices@${label}.cbp.invalid`;
}

const email = z.email();

/**
 * Reads `CBP_MAILBOXES_FILE`: either CSV with columns `id,noticeEmail`, or JSON as an object
 * `{ "<id>": "<email>" }` or an array `[{ "id", "noticeEmail" }]`. Throws on a malformed address.
 */
export function readMailboxFile(file: string): Map<string, string> {
  const text = readFileSync(file, 'utf8');
  const entries: [string, unknown][] = path.extname(file).toLowerCase() === '.json' ? jsonEntries(JSON.parse(text)) : csvEntries(text);
  const result = new Map<string, string>();
  for (const [id, address] of entries) {
    const parsed = email.safeParse(address);
    if (!parsed.success) throw new Error(`${file}: "${String(address)}" for ${id} is not an email address`);
    result.set(id, parsed.data);
  }
  return result;
}

function jsonEntries(data: unknown): [string, unknown][] {
  if (Array.isArray(data)) return data.map((row) => [String(row?.id), row?.noticeEmail]);
  if (data && typeof data === 'object') return Object.entries(data);
  throw new Error('mailbox JSON must be an object or an array');
}

function csvEntries(text: string): [string, unknown][] {
  return parseCsv(text).map((row) => [row.id, row.noticeEmail ?? row.notice_email]);
}
