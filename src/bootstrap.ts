import type { Config } from './config';
import type { Services } from './services';
import { seedOrganisations } from './store/seed';
import { migrate, withMigrationLock, type Orm } from './store/orm';
import { fillAccessCreatedAt } from './store/placement-store';
import { withSql } from './store/sql';

export type Log = (line: string) => void;

/** Migrate, then seed reference data; safe to run on every start. */
export async function migrateAndSeed(orm: Orm, config: Config, log: Log): Promise<void> {
  // Under the migration lock: instances started together migrate and seed one at a time.
  const { applied, count } = await withMigrationLock(orm, async () => {
    const applied = await migrate(orm, { lock: false });
    const count = await seedOrganisations(orm.em.fork(), config.mailboxesFile);
    // Access rows an instance not yet upgraded wrote during the last deploy get their placement's creation time.
    await withSql(orm, (sql) => fillAccessCreatedAt(sql));
    return { applied, count };
  });
  log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');
  log(`Seeded ${count} organisations${config.mailboxesFile ? ` (mailboxes from ${config.mailboxesFile})` : ''}.`);
}

/** Creates the admin (and demo users in development) and prints each token the only time it exists. */
export async function ensureUsers({ users, config }: Pick<Services, 'users' | 'config'>, log: Log, baseUrl: string): Promise<void> {
  const admin = await users.ensureAdmin(config);
  if (admin.warning) log(`Warning: ${admin.warning}`);
  if (admin.created && admin.tokenFromEnv) log(`Created admin ${config.adminEmail}; its token is CBP_ADMIN_TOKEN.`);
  else if (admin.created) {
    log(`Created admin ${config.adminEmail}. Its API token, shown only this once:\n\n    ${admin.token}\n`);
  } else if (admin.token) log(`Added CBP_ADMIN_TOKEN as a token of ${config.adminEmail}.`);

  if (!config.demoUsers) return;
  const demo = await users.ensureDemoUsers();
  const lines = demo.map(
    (u) =>
      `    ${u.role.padEnd(17)} ${u.email.padEnd(36)} ${u.organisationId.padEnd(24)} ` +
      (u.token ?? '(token shown when created; new one: npm run cli -- tokens create --user ' + u.email + ')'),
  );
  log(
    [
      'Demo users (development only; turn off with CBP_DEMO_USERS=false). Sign in by sending the token:',
      `    curl -H "Authorization: Bearer <token>" ${baseUrl}/api/me`,
      ...lines,
      '',
    ].join('\n'),
  );
}
