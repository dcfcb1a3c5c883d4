// Everything the benchmark knows about the application lives here: how to make a database, seed it
// with raw rows in the app's schema, drive the engine, start the server and shape its requests. The
// sections (engine, api-post, api-get, list, report) only call this module, so when the write path and
// the read path are rebuilt (services, group commit, WAL), re-pointing these functions re-points the
// whole benchmark. It uses the services layer (`createServices`, as `serve` builds it) and `serve`.
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { elapseDue, type PersistedPlacement, type UserEventInput } from '../../machines/placement';
import { migrateAndSeed } from '../../src/bootstrap';
import { loadConfig, type Config } from '../../src/config';
import { complianceReport } from '../../src/reports/compliance';
import { reportReads } from '../../src/store/report-reads';
import type { ReportFilters } from '../../src/reports/deadline-scan';
import { serve, type RunningServer } from '../../src/server';
import { SYSTEM_ACTOR, type AuthUser } from '../../src/services/actor';
import { createServices } from '../../src/services';
import { summarise } from '../../src/services/placement-view';
import { Placement } from '../../src/store/entities';
import { migrations } from '../../src/store/migrations';
import { openOrm, type Orm } from '../../src/store/orm';
import { writerStatementCount } from '../../src/store/sql';
import { deadlineRowId } from '../../src/store/placement-store';
import { ROLES, type Role } from '../../src/vocabulary';
import { cookieName } from '../../src/web/security/session';
import { isOneOf } from '../../machines/guards';
import { HOSTS, makePlan, PLACING, REPORT_NOW } from '../reports/seed-plan';
import { runPlan } from '../reports/seed-store';
import { isPostgres, pg, withPg } from './database';

export const BENCH_DIR = path.resolve(__dirname, '../../data/bench');
const quiet = () => {};

/** `file` is a SQLite file or a postgresql:// URL (test/bench/database.ts makes either). */
function configFor(file: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'production', // as deployed: no demo users, no response-schema checks
    DATABASE_URL: file,
    CBP_ADMIN_TOKEN: 'cbp_bench-admin-token-0123456789abcdef',
    CBP_SESSION_SECRET: 'bench-session-secret-0123456789abcdef0123456789',
    CBP_PUBLIC_URL: 'https://cbp.bench.invalid',
    MAIL_DIR: isPostgres(file) ? path.join(tmpdir(), 'cbp-bench-mail') : path.join(path.dirname(file), 'mail'),
    // The benchmark's clients come from one address at rates no person would.
    CBP_AUTH_FAILURE_LIMIT: '1000000',
    ...env,
  });
}

/** A new database file with the app's schema and reference data, as `npm start` leaves it. */
export async function createDatabase(file: string): Promise<void> {
  if (!isPostgres(file)) mkdirSync(path.dirname(file), { recursive: true });
  const orm = await openOrm(configFor(file).database);
  try {
    await migrateAndSeed(orm, configFor(file), quiet);
  } finally {
    await orm.close();
  }
}

/** The journal mode the app's database file is in (the app's own setting, whatever it is today); on PostgreSQL its commit settings. */
export async function journalMode(file: string): Promise<string> {
  if (isPostgres(file))
    return withPg(
      file,
      async (c) => `PostgreSQL synchronous_commit ${(await c.query<{ s: string }>("select current_setting('synchronous_commit') as s")).rows[0].s}`,
    );
  const orm = await openOrm(configFor(file).database);
  try {
    const rows: { journal_mode: string }[] = await orm.em.getConnection().execute('pragma journal_mode');
    return rows[0].journal_mode;
  } finally {
    await orm.close();
  }
}

// ---- Users ----

/** Organisations the seeded placements belong to, one per role that lists placements. */
export const ROLE_ORGANISATIONS: Partial<Record<Role, string>> = {
  placing: PLACING[0].id,
  host: HOSTS[0],
  inspector: 'scot-care-inspectorate',
  ministers: 'scot-scottish-ministers',
};

/** A user in `organisationId` with its token, created through the users service as an admin would. */
async function createUser(orm: Orm, file: string, role: Role, organisationId: string, label: string): Promise<{ user: AuthUser; token: string }> {
  const services = createServices({ orm, config: configFor(file) });
  const issued = await services.users.create(
    SYSTEM_ACTOR,
    { email: `bench-${label}-${role}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@bench.invalid`, name: `Bench ${role}`, role, organisationId },
    { delivery: 'caller' },
  );
  if (!issued.token) throw new Error('the users service kept the token');
  return { user: { ...issued.user }, token: issued.token };
}

/** Creates one user per role (in the organisations above) and returns `Authorization` header values. */
export async function createRoleTokens(file: string, roles: Role[] = Object.keys(ROLE_ORGANISATIONS) as Role[]): Promise<Record<string, string>> {
  const orm = await openOrm(configFor(file).database);
  try {
    const tokens: Record<string, string> = {};
    for (const role of roles) tokens[role] = `Bearer ${(await createUser(orm, file, role, ROLE_ORGANISATIONS[role]!, 'api')).token}`;
    return tokens;
  } finally {
    await orm.close();
  }
}

/**
 * A signed-in browser session per role (and an admin), as the sign-in page would leave it: the cookie
 * header to send, and the id of a placement the placing authority may open.
 */
export async function createRoleSessions(file: string): Promise<{ cookies: Record<string, string>; placementId: string }> {
  const config = configFor(file);
  const orm = await openOrm(config.database);
  try {
    const services = createServices({ orm, config });
    const cookies: Record<string, string> = {};
    const roles: [Role, string][] = [
      ...Object.entries(ROLE_ORGANISATIONS).flatMap(([r, o]): [Role, string][] => (o && isOneOf(ROLES, r) ? [[r, o]] : [])),
      ['admin', config.adminOrganisationId],
    ];
    for (const [role, organisationId] of roles) {
      const { user } = await services.users.create(
        SYSTEM_ACTOR,
        { email: `bench-pages-${role}-${Date.now()}@bench.invalid`, name: `Bench ${role}`, role, organisationId },
        { delivery: 'caller' },
      );
      const cookie = randomBytes(32).toString('base64url');
      const now = Date.now();
      await services.sessions.set(createHash('sha256').update(cookie).digest('hex'), {
        data: { userId: user.id, csrfToken: randomBytes(16).toString('hex') },
        createdAt: now,
        lastSeenAt: now,
      });
      cookies[role] = `${cookieName(config.web.secureCookies)}=${cookie}`;
    }
    const [row] = await orm.em
      .getConnection()
      .execute('select placement_id from placement_access where organisation_id = ? limit 1', [ROLE_ORGANISATIONS.placing]);
    return { cookies, placementId: String(row.placement_id) };
  } finally {
    await orm.close();
  }
}

// ---- The engine, in this process ----

const PLACING_ORG = ROLE_ORGANISATIONS.placing!;
const HOST_ORG = ROLE_ORGANISATIONS.host!;

/** A draft whose dates fit the wall clock: the order took effect yesterday, the move is in two days. */
export function draftBody(now = new Date()) {
  const day = 86_400_000;
  return {
    child: { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '2012-04-02', gender: 'female' },
    setting: 'residential' as const,
    legalBasis: {
      type: 'care-order' as const,
      court: 'Family Court at Birmingham',
      madeOn: new Date(now.getTime() - 2 * day).toISOString().slice(0, 10),
      effectiveFrom: new Date(now.getTime() - day).toISOString(),
      expiresAt: null,
    },
    placement: {
      hostAuthorityId: HOST_ORG,
      serviceName: 'Harbour House',
      serviceAddress: '1 Quay Road, Aberdeen',
      serviceEmail: 'manager@harbourhouse.example.org',
      careInspectorateNumber: 'CS2020000001',
      plannedStart: new Date(now.getTime() + 2 * day).toISOString(),
      permanence: 'temporary' as const,
    },
    needs: { health: 'Asthma; inhaler', education: 'Year 9; EHCP' },
    contacts: { socialWorker: { name: 'Sam Patel', phone: '0121 000 0000', email: 'sam.patel@example.gov.uk' } },
  };
}

/** The events the engine benchmark sends: none renders a document. Cycled in this order per placement. */
export const PLAIN_EVENTS: { role: 'placing' | 'host'; event: UserEventInput }[] = [
  { role: 'placing', event: { type: 'VISIT_RECORDED' } },
  { role: 'placing', event: { type: 'REVIEW_RECORDED' } },
  { role: 'host', event: { type: 'HOST_QUERY_RAISED', text: 'Please confirm the school place.' } },
  { role: 'placing', event: { type: 'HOST_QUERY_ANSWERED', text: 'Confirmed: Aberdeen Grammar from Monday.' } },
];

let pgStatements = 0;

export interface EngineHandle {
  /** Creates a draft as the placing authority; returns its id. */
  create(): Promise<string>;
  /** Signs the notice (renders the PDF), delivers it to every recipient, records arrival and the host's confirmation. */
  bringToPlaced(id: string): Promise<void>;
  /** Signs a new draft's notice only (the event that renders the PDF). */
  sign(id: string): Promise<void>;
  /** One event as the role that sends it. */
  send(id: string, role: 'placing' | 'host', event: UserEventInput): Promise<void>;
  /** SQL statements sent to the database so far (BEGIN and COMMIT included). */
  statements(): number;
  close(): Promise<void>;
}

/**
 * The app's services over `file` (created if missing), with real users for the placing and host
 * authorities: the same placements service, group-committing writer and settings `serve` builds.
 */
export async function openEngine(file: string): Promise<EngineHandle> {
  // Migrating is idempotent (every start does it): a PostgreSQL database is migrated here when new.
  if (isPostgres(file) || !existsSync(file)) await createDatabase(file);
  const orm = await openOrm(configFor(file).database);
  let statements = 0;
  if (isPostgres(file)) {
    // Every query any pg client of this process sends (the ORM's pool, which the writer uses too).
    const proto = pg.Client.prototype as { query: (...args: unknown[]) => unknown; benchCounted?: boolean };
    if (!proto.benchCounted) {
      const query = proto.query;
      proto.query = function (this: unknown, ...args: unknown[]) {
        pgStatements++;
        return query.apply(this, args);
      };
      proto.benchCounted = true;
    }
    statements = -pgStatements;
  } else {
    // Every statement on the ORM's SQLite connection, plus those on the writer's own connection.
    const client = orm.em.getConnection().getKnex().client;
    const conn: sqlite3.Database = await client.acquireConnection();
    conn.on('trace', () => statements++);
    await client.releaseConnection(conn);
  }
  const pgMode = isPostgres(file);
  const services = createServices({ orm, config: configFor(file) });
  const users = {
    placing: (await createUser(orm, file, 'placing', PLACING_ORG, 'engine')).user,
    host: (await createUser(orm, file, 'host', HOST_ORG, 'engine')).user,
  };
  const signatory = { name: 'Jo Bloggs', role: 'Head of Children in Care' };
  const sign = async (id: string) => {
    await services.placements.send(users.placing, id, { type: 'NOTICE_SIGNED', signatory });
  };
  return {
    statements: () => (pgMode ? statements + pgStatements : statements + writerStatementCount()),
    async create() {
      return (await services.placements.create(users.placing, draftBody())).id;
    },
    sign,
    async bringToPlaced(id) {
      await sign(id);
      const { snapshot } = await orm.em.fork().findOneOrFail(Placement, { id });
      const notice = snapshot.context.notices[snapshot.context.notices.length - 1];
      for (const r of notice.recipients.filter((x) => x.required))
        await services.placements.applySystemEvent(id, { type: 'DELIVERY_ACCEPTED', version: notice.version, recipient: r.role, at: new Date().toISOString() });
      await services.placements.send(users.placing, id, { type: 'CHILD_ARRIVED' });
      await services.placements.send(users.host, id, { type: 'HOST_CONDITIONS_CONFIRMED' });
    },
    async send(id, role, event) {
      await services.placements.send(users[role], id, event);
    },
    close: () => services.close(), // closes the database too
  };
}

// ---- The server ----

/** Starts the app as `npm start` does (no sweeper or mail: they would add unrelated load) on a free port. */
export async function startServer(file: string): Promise<RunningServer> {
  return serve(configFor(file, { PORT: '0' }), quiet, { sweeper: false, mail: false });
}

export interface ApiRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers: Record<string, string>;
}

/** POST an event that renders no document (alternately a visit and a review). */
export function postEventRequest(id: string, token: string, i: number): ApiRequest {
  const event = i % 2 === 0 ? { type: 'VISIT_RECORDED' } : { type: 'REVIEW_RECORDED' };
  return {
    method: 'POST',
    path: `/api/placements/${id}/events`,
    body: JSON.stringify(event),
    headers: { authorization: token, 'content-type': 'application/json' },
  };
}

export const getPlacementRequest = (id: string, token: string): ApiRequest => ({
  method: 'GET',
  path: `/api/placements/${id}`,
  headers: { authorization: token },
});

export const listRequest = (token: string, limit = 200): ApiRequest => ({
  method: 'GET',
  path: `/api/placements?limit=${limit}`,
  headers: { authorization: token },
});

// ---- The compliance report ----

export const REPORT_AT = REPORT_NOW;
/** The report's cases: every row, and one host over a six-month period. */
export const REPORT_CASES: [string, ReportFilters][] = [
  ['all placements', {}],
  ['one host, 6 months', { hostAuthorityId: HOSTS[0], from: '2026-03-01', to: '2026-09-01' }],
];

export async function openReport(file: string): Promise<{ run(filters: ReportFilters): Promise<{ due: number }>; close(): Promise<void> }> {
  const orm = await openOrm(configFor(file).database);
  const reads = reportReads(orm);
  return {
    async run(filters) {
      const report = await complianceReport(reads, filters, REPORT_AT);
      return { due: report.totals.due };
    },
    close: async () => {
      await reads.close();
      await orm.close();
    },
  };
}

// ---- Seeded datasets: placements written as raw rows ----

/**
 * Placement shapes from the compliance tests' seeding plan, each run through the real machine: a
 * realistic snapshot (the JSON the engine stores, ~4-10 KB) and the deadline rows the engine writes.
 * Row i of a dataset is template i mod TEMPLATES with its own id.
 */
const TEMPLATES = 240;
/** Bump when the seeded rows change, so cached datasets are rebuilt. */
const SEED_VERSION = 3;
/** The start of today (UTC): the datasets are rebuilt each day, swept to it. */
const SWEPT_AT = `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`;

interface Template {
  id: string;
  json: string;
  summary: ReturnType<typeof summarise>;
  rulebook: string;
  machineVersion: number;
  createdMs: number;
  deadlines: PersistedPlacement['context']['deadlines'];
  parties: { organisationId: string; reason: string }[];
}

let templates: Template[] | undefined;
function placementTemplates(): Template[] {
  return (templates ??= Array.from({ length: TEMPLATES }, (_, i) => {
    const plan = makePlan(i);
    // As a running service holds it: every clock due before today has been swept (the server sweeps each
    // minute), so a list or a read projects only what fell due since.
    const p = elapseDue(runPlan(plan), SWEPT_AT);
    return {
      id: plan.id,
      json: JSON.stringify(p),
      summary: summarise(p),
      rulebook: p.rulebookId,
      machineVersion: p.machineVersion,
      createdMs: Date.parse(p.context.createdAt),
      deadlines: p.context.deadlines,
      parties: [
        { organisationId: p.context.placingAuthorityId, reason: 'placing authority' },
        { organisationId: p.context.placement.hostAuthorityId, reason: 'host authority' },
      ],
    };
  }));
}

/** A UUID-shaped id fixed by the row number, so datasets are the same on every run. */
const rowId = (i: number) => {
  const h = createHash('sha256').update(`bench-placement-${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

function run(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<void> {
  return new Promise((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));
}

async function insertMany(db: sqlite3.Database, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const batch = Math.max(1, Math.floor(30_000 / columns.length)); // under SQLite's bound-variable limit
  const one = `(${columns.map(() => '?').join(',')})`;
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    await run(db, `insert into ${table} (${columns.join(',')}) values ${chunk.map(() => one).join(',')}`, chunk.flat());
  }
}

const PLACEMENT_COLUMNS = [
  'id',
  'placing_authority_id',
  'host_authority_id',
  'setting',
  'legal_basis_type',
  'state',
  'legal_status',
  'next_due_at',
  'snapshot',
  'machine_version',
  'rulebook_version',
  'version',
  'created_at',
  'updated_at',
  'population',
  'population_version',
];
const DEADLINE_COLUMNS = ['id', 'placement_id', 'rule', 'citation', 'due_at', 'status', 'met_at', 'fired_at', 'opened_at', 'placing_authority_id'];
const ACCESS_COLUMNS = ['placement_id', 'organisation_id', 'mode', 'reason', 'since', 'placement_created_at'];
/** Which columns of each table are times (epoch milliseconds as SQLite stores them; timestamptz on PostgreSQL). */
const TIME_COLUMNS = { placement: [7, 12, 13], deadline: [4, 6, 7, 8], placement_access: [4, 5] };

/** Rows [from, to) of the placement, deadline and access tables, as the engine would have written them (times in epoch ms). */
function datasetRows(from: number, to: number) {
  const t = placementTemplates();
  const placements: unknown[][] = [];
  const deadlineRows: unknown[][] = [];
  const access: unknown[][] = [];
  for (let i = from; i < to; i++) {
    const tpl = t[i % t.length];
    const id = rowId(i);
    // Spread creation over time so "newest first" is a real order; the snapshot keeps its own dates.
    const created = tpl.createdMs + i * 1000;
    const s = tpl.summary;
    placements.push([
      id,
      s.placingAuthorityId,
      s.hostAuthorityId,
      s.setting,
      s.legalBasisType,
      s.state,
      s.legalStatus,
      s.nextDueAt?.getTime() ?? null,
      tpl.json.replaceAll(tpl.id, id),
      tpl.machineVersion,
      tpl.rulebook,
      1,
      created,
      created,
      JSON.stringify(s.population),
      1,
    ]);
    for (const d of tpl.deadlines) {
      deadlineRows.push([
        deadlineRowId(id, d.id),
        id,
        d.rule,
        d.citation,
        Date.parse(d.dueAt),
        d.status,
        d.metAt ? Date.parse(d.metAt) : null,
        null,
        Date.parse(d.openedAt),
        s.placingAuthorityId,
      ]);
    }
    for (const party of tpl.parties) access.push([id, party.organisationId, 'act', party.reason, created, created]);
  }
  return { placement: placements, deadline: deadlineRows, placement_access: access };
}

/** Writes placements [from, to) with their deadline and access rows, as the engine would have written them. */
export async function seedPlacements(file: string, from: number, to: number): Promise<{ deadlines: number }> {
  const db = new sqlite3.Database(file);
  let deadlines = 0;
  try {
    await run(db, 'pragma synchronous = off'); // seeding speed only, on this connection
    await run(db, 'begin');
    const STEP = 2000;
    for (let start = from; start < to; start += STEP) {
      const rows = datasetRows(start, Math.min(to, start + STEP));
      await insertMany(db, 'placement', PLACEMENT_COLUMNS, rows.placement);
      await insertMany(db, 'deadline', DEADLINE_COLUMNS, rows.deadline);
      await insertMany(db, 'placement_access', ACCESS_COLUMNS, rows.placement_access);
      deadlines += rows.deadline.length;
    }
    // No ANALYZE: the app never runs it, so the planner works without statistics as it does in production.
    await run(db, 'commit');
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
  return { deadlines };
}

/**
 * The same rows on a PostgreSQL database already migrated (`url`), in multi-row inserts. Then
 * VACUUM ANALYZE: what autovacuum does on its own to a table that has been there a while, so the
 * planner has the statistics a running service's would.
 */
export async function seedPlacementsPg(url: string, from: number, to: number): Promise<{ deadlines: number }> {
  let deadlines = 0;
  await withPg(url, async (c) => {
    await c.query('begin');
    const STEP = 2000;
    for (let start = from; start < to; start += STEP) {
      const rows = datasetRows(start, Math.min(to, start + STEP));
      for (const [table, columns] of [
        ['placement', PLACEMENT_COLUMNS],
        ['deadline', DEADLINE_COLUMNS],
        ['placement_access', ACCESS_COLUMNS],
      ] as const) {
        const times = TIME_COLUMNS[table];
        const all = rows[table].map((r) => r.map((v, k) => (times.includes(k) && v !== null ? new Date(v as number) : v)));
        const batch = Math.floor(60_000 / columns.length); // under PostgreSQL's 65,535 bound parameters
        for (let i = 0; i < all.length; i += batch) {
          const chunk = all.slice(i, i + batch);
          let n = 0;
          const values = chunk.map(() => `(${columns.map(() => `$${++n}`).join(',')})`).join(',');
          await c.query(`insert into ${table} (${columns.join(',')}) values ${values}`, chunk.flat());
        }
      }
      deadlines += rows.deadline.length;
    }
    await c.query('commit');
    await c.query('vacuum analyze placement, deadline, placement_access');
  });
  return { deadlines };
}

/** Counts of what a dataset holds. */
export async function datasetCounts(file: string): Promise<{ placements: number; deadlines: number; bytes: number }> {
  const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
  const get = (sql: string) => new Promise<number>((resolve, reject) => db.get(sql, (err, row: { n: number }) => (err ? reject(err) : resolve(row.n))));
  try {
    return {
      placements: await get('select count(*) as n from placement'),
      deadlines: await get("select count(*) as n from deadline where status <> 'cancelled'"),
      bytes: (await get('select page_count as n from pragma_page_count')) * (await get('select page_size as n from pragma_page_size')),
    };
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

/**
 * A database file holding `size` seeded placements, built once and kept under data/bench/cache (its
 * name carries the seed version and the migrations, so a schema change builds a new one). Each size
 * grows from a copy of the next smaller one. Sections copy it before writing to it.
 */
export async function dataset(size: number, log: (line: string) => void = quiet): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify([SEED_VERSION, SWEPT_AT, migrations.map((m) => m.name)]))
    .digest('hex')
    .slice(0, 10);
  const dir = path.join(BENCH_DIR, 'cache');
  const file = path.join(dir, `placements-${key}-${size}.sqlite`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const sizes = [1_000, 10_000, 100_000, 1_000_000].filter((s) => s < size);
  const smaller = sizes.length ? sizes[sizes.length - 1] : 0;
  const building = `${file}.building`;
  rmSync(building, { force: true });
  if (smaller) copyFileSync(await dataset(smaller, log), building);
  else await createDatabase(building);
  const started = Date.now();
  await seedPlacements(building, smaller, size);
  log(`seeded ${size.toLocaleString('en-GB')} placements (${((Date.now() - started) / 1000).toFixed(1)} s) into ${path.relative(process.cwd(), file)}`);
  // Seeding writes with synchronous=off: wait for the disk here, not during the first measurement.
  const fd = openSync(building, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(building, file);
  return file;
}

/** A private copy of a dataset, for a section that writes (reads are logged, users are added). */
export function copyDataset(source: string, dir: string): string {
  const file = path.join(dir, path.basename(source));
  copyFileSync(source, file);
  return file;
}
