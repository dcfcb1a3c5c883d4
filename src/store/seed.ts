import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Organisation } from './entities';
import type { Em } from './orm';
import { parseCsv } from './reference-data/csv';
import { placeholderMailbox, readMailboxFile } from './reference-data/mailboxes';
import { NATIONS, ORGANISATION_KINDS, type Nation, type OrganisationKind } from '../vocabulary';

/** A copy of shared/data/organisations.csv shipped with the code (never read from ../shared at run time). */
export const ORGANISATIONS_CSV = path.join(__dirname, 'reference-data', 'organisations.csv');

export interface OrganisationSeed {
  id: string;
  name: string;
  kind: OrganisationKind;
  nation: Nation;
  dfeLaCode: string | null;
  noticeEmail: string;
  noticeEmailSource: 'seed' | 'file';
}

const organisationRow = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(ORGANISATION_KINDS),
  nation: z.enum(NATIONS),
  dfe_la_code: z.string().transform((v) => v || null),
});

/** Parses the shipped CSV and applies the mailbox overrides (placeholders for the rest). */
export function readOrganisationSeed(mailboxesFile?: string): OrganisationSeed[] {
  const rows = parseCsv(readFileSync(ORGANISATIONS_CSV, 'utf8')).map((raw, n) => {
    const parsed = organisationRow.safeParse(raw);
    if (!parsed.success) throw new Error(`organisations.csv row ${n + 2}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  });
  const mailboxes = mailboxesFile ? readMailboxFile(mailboxesFile) : new Map<string, string>();
  const ids = new Set(rows.map((r) => r.id));
  const unknown = [...mailboxes.keys()].filter((id) => !ids.has(id));
  // A typo in the mailbox file would otherwise silently leave a real authority on a placeholder.
  if (unknown.length) throw new Error(`${mailboxesFile}: unknown organisation ids: ${unknown.join(', ')}`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    nation: r.nation,
    dfeLaCode: r.dfe_la_code,
    noticeEmail: mailboxes.get(r.id) ?? placeholderMailbox(r.id),
    noticeEmailSource: mailboxes.has(r.id) ? ('file' as const) : ('seed' as const),
  }));
}

/**
 * Inserts or updates every shipped organisation (safe to run on every start). The mailbox file decides
 * the mailboxes it names; a mailbox an admin set (PATCH /api/organisations/{id}) stays unless the file
 * names that organisation; the rest go back to their placeholder. Organisations added at run time
 * (advocacy and service providers) are left alone.
 */
export async function seedOrganisations(em: Em, mailboxesFile?: string): Promise<number> {
  const rows = readOrganisationSeed(mailboxesFile);
  const adminSet = new Map((await em.find(Organisation, { noticeEmailSource: 'admin' }, { fields: ['id', 'noticeEmail'] })).map((o) => [o.id, o.noticeEmail]));
  await em.upsertMany(
    Organisation,
    rows.map((r) => {
      const kept = r.noticeEmailSource === 'seed' ? adminSet.get(r.id) : undefined;
      return kept ? { ...r, noticeEmail: kept, noticeEmailSource: 'admin' as const } : r;
    }),
  );
  return rows.length;
}
