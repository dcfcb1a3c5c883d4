import { SYSTEM_ACTOR } from '../../src/services/actor';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { migrateAndSeed } from '../../src/bootstrap';
import { loadConfig, type Config } from '../../src/config';
import { createApp, type App } from '../../src/http/app';
import { createServices, type Services } from '../../src/services';
import { AuditEvent, Deadline, Document, OutboxMessage, Placement, PlacementAccess } from '../../src/store/entities';
import { openOrm, type Orm } from '../../src/store/orm';
import type { Role } from '../../src/vocabulary';
import type { Rulebook } from '../../machines/rulebook';
import { testDatabaseUrl } from './test-database';

export const ADMIN_TOKEN = 'cbp_test-admin-token-0123456789abcdef';

/** A fresh temp directory; the caller removes it. */
export function tempDir(prefix = 'cbp-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Config as `npm start` would read it, pointed at a SQLite file in `dir` (a fresh PostgreSQL database under npm run test:pg). */
export function testConfig(dir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: testDatabaseUrl(dir),
    CBP_ADMIN_TOKEN: ADMIN_TOKEN,
    // Test clocks jump months ahead; the expiry of tokens has its own test with a short life.
    CBP_TOKEN_TTL_DAYS: '36500',
    ...env,
  });
}

export interface Harness {
  dir: string;
  config: Config;
  orm: Orm;
  /** The services the app runs on (one set, as `serve` builds it). */
  services: Services;
  app: App;
  /** supertest agent for the app. */
  http: ReturnType<typeof request>;
  /** Creates a user directly in the store and returns its bearer header value. */
  userToken(role: Role, organisationId: string): Promise<string>;
  /** The API token in the newest account mail queued for `email` (outside development tokens go by email). */
  mailedToken(email: string): Promise<string>;
  close(): Promise<void>;
}

const quiet = () => {};

/** A migrated, seeded SQLite file in a temp dir with the admin created, and the app over it. */
export async function startHarness(env: Record<string, string> = {}, options: { clock?: () => Date; rulebook?: Rulebook } = {}): Promise<Harness> {
  const dir = tempDir();
  const config = testConfig(dir, env);
  return openHarness(dir, config, options.clock, '', options.rulebook);
}

/**
 * A restart: closes `h`'s ORM (the app over it is dropped) and opens a new ORM and app on the same SQLite
 * file, migrating and seeding again as `serve` does on every start. Use the returned harness from then on
 * (its `close` removes the directory); `h` must not be used or closed again.
 */
export async function restartHarness(h: Harness, options: { clock?: () => Date } = {}): Promise<Harness> {
  await h.services.close();
  return openHarness(h.dir, h.config, options.clock, `restart-${++restarts}-`);
}

let restarts = 0;

/** Row counts of every table a placement change writes (to prove a refused request wrote nothing). */
export async function rowCounts(orm: Orm): Promise<Record<'placements' | 'audit' | 'deadlines' | 'access' | 'outbox' | 'documents', number>> {
  const em = orm.em.fork();
  return {
    placements: await em.count(Placement, {}),
    audit: await em.count(AuditEvent, {}),
    deadlines: await em.count(Deadline, {}),
    access: await em.count(PlacementAccess, {}),
    outbox: await em.count(OutboxMessage, {}),
    documents: await em.count(Document, {}),
  };
}

async function openHarness(dir: string, config: Config, clock?: () => Date, emailPrefix = '', rulebook?: Rulebook): Promise<Harness> {
  const orm = await openOrm(config.database);
  await migrateAndSeed(orm, config, quiet);
  const services = createServices({ orm, config, clock, rulebook });
  await services.users.ensureAdmin(config);
  const app = createApp(services);
  let n = 0;
  return {
    dir,
    config,
    orm,
    services,
    app,
    http: request(app),
    async userToken(role, organisationId) {
      const { token } = await services.users.create(
        SYSTEM_ACTOR,
        {
          email: `${emailPrefix}${role}-${++n}@example.test`,
          name: `Test ${role}`,
          role,
          organisationId,
        },
        { delivery: 'caller' },
      );
      return `Bearer ${token}`;
    },
    async mailedToken(email) {
      const [mail] = await orm.em
        .fork()
        .find(OutboxMessage, { kind: 'account', address: email.toLowerCase() }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 1 });
      const token = mail && /\b(cbp_[\w-]{43})\b/.exec(String((mail.payload as { text: string }).text))?.[1];
      if (!token) throw new Error(`no account mail with a token for ${email}`);
      return token;
    },
    async close() {
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const ADMIN = `Bearer ${ADMIN_TOKEN}`;
