import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../config';
import { createUser } from '../auth/users';
import { addToken, hashToken } from '../auth/tokens';
import { ApiToken, Organisation, User } from './entities';
import type { Em } from './orm';
import { parseCsv } from './reference-data/csv';
import { placeholderMailbox, readMailboxFile } from './reference-data/mailboxes';
import { NATIONS, ORGANISATION_KINDS, ROLES, type Nation, type OrganisationKind, type Role } from '../vocabulary';

/** A copy of shared/data/organisations.csv shipped with the code (never read from ../shared at run time). */
export const ORGANISATIONS_CSV = path.join(__dirname, 'reference-data', 'organisations.csv');

export interface OrganisationSeed {
  id: string;
  name: string;
  kind: OrganisationKind;
  nation: Nation;
  dfeLaCode: string | null;
  noticeEmail: string;
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
  }));
}

/**
 * Inserts or updates every shipped organisation (safe to run on every start). Organisations added at run
 * time (advocacy and service providers) are left alone.
 */
export async function seedOrganisations(em: Em, mailboxesFile?: string): Promise<number> {
  const rows = readOrganisationSeed(mailboxesFile);
  await em.upsertMany(Organisation, rows);
  return rows.length;
}

export interface AdminBootstrap {
  created: boolean;
  /** The admin's token when it was just created or attached from CBP_ADMIN_TOKEN; never readable later. */
  token?: string;
  tokenFromEnv: boolean;
  warning?: string;
}

/**
 * With no admin yet, creates one (token = CBP_ADMIN_TOKEN, or random). Later, a CBP_ADMIN_TOKEN not yet
 * known is attached to the configured admin, so an operator can rotate it from the environment; a revoked
 * one is never brought back.
 */
export async function ensureAdmin(em: Em, config: Config): Promise<AdminBootstrap> {
  const tokenFromEnv = config.adminToken !== undefined;
  if ((await em.count(User, { role: 'admin' })) === 0) {
    const { token } = await createUser(
      em,
      { email: config.adminEmail, name: 'Administrator', role: 'admin', organisationId: config.adminOrganisationId },
      config.adminToken,
    );
    return { created: true, token, tokenFromEnv };
  }
  if (!config.adminToken) return { created: false, tokenFromEnv };
  const known = await em.findOne(ApiToken, { tokenHash: hashToken(config.adminToken) });
  if (known) {
    const warning = known.revokedAt ? 'CBP_ADMIN_TOKEN has been revoked; it stays revoked.' : undefined;
    return { created: false, tokenFromEnv, warning };
  }
  const admin = await em.findOne(User, { email: config.adminEmail.toLowerCase(), role: 'admin' });
  if (!admin) {
    return { created: false, tokenFromEnv, warning: `CBP_ADMIN_TOKEN ignored: there is no admin ${config.adminEmail}.` };
  }
  addToken(em, admin.id, config.adminToken);
  await em.flush();
  return { created: false, token: config.adminToken, tokenFromEnv };
}

/** Organisations for the roles the shipped list has none for (development only). */
const DEMO_ORGANISATIONS: OrganisationSeed[] = [
  { id: 'demo-advocacy-provider', name: 'Demo Advocacy Service (not real)', kind: 'advocacy-provider' as const },
  { id: 'demo-service-provider', name: 'Demo Residential Care Home (not real)', kind: 'service-provider' as const },
].map((o) => ({ ...o, nation: 'scotland', dfeLaCode: null, noticeEmail: placeholderMailbox(o.id) }));

/** The organisation each demo user acts for. */
const DEMO_ORGANISATION_OF: Record<Exclude<Role, 'admin'>, string> = {
  placing: 'E08000025', // Birmingham City Council
  host: 'S12000036', // City of Edinburgh Council
  inspector: 'scot-care-inspectorate',
  ministers: 'scot-scottish-ministers',
  advocacy: 'demo-advocacy-provider',
  'service-provider': 'demo-service-provider',
};

export interface DemoUser {
  role: Role;
  email: string;
  organisationId: string;
  /** Present only when the user was created by this call. */
  token?: string;
}

export const demoEmail = (role: Role) => `demo-${role}@cbp.invalid`;

/** One user per non-admin role, for trying the API in development. Idempotent. */
export async function ensureDemoUsers(em: Em): Promise<DemoUser[]> {
  for (const org of DEMO_ORGANISATIONS) {
    if (!(await em.count(Organisation, { id: org.id }))) em.create(Organisation, org);
  }
  await em.flush();
  const result: DemoUser[] = [];
  for (const role of ROLES) {
    if (role === 'admin') continue;
    const email = demoEmail(role);
    const organisationId = DEMO_ORGANISATION_OF[role];
    if (await em.count(User, { email })) {
      result.push({ role, email, organisationId });
      continue;
    }
    const { token } = await createUser(em, { email, name: `Demo ${role} user`, role, organisationId });
    result.push({ role, email, organisationId, token });
  }
  return result;
}
