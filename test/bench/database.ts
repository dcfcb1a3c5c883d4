// Which database a benchmark section runs on. The runner sets BENCH_PG_SERVER (a postgresql:// URL of a
// role with CREATEDB) for the PostgreSQL pass; without it a section runs on SQLite files, as always.
// Each section makes its own fresh database with the app's migrations, on either.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export type DatabaseKind = 'sqlite' | 'postgresql';

/** The PostgreSQL server of this section's pass, or undefined on SQLite. */
export const pgServer = (): string | undefined => process.env.BENCH_PG_SERVER || undefined;
export const databaseKind = (): DatabaseKind => (pgServer() ? 'postgresql' : 'sqlite');
export const isPostgres = (target: string) => /^postgres(ql)?:\/\//i.test(target);

/** The minimal slice of the `pg` package the benchmark uses (it ships no types here). */
export interface PgClient {
  connect(): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[]; rowCount: number | null }>;
  end(): Promise<void>;
}
export const pg = require('pg') as { Client: new (options: { connectionString: string }) => PgClient };

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs `work` with a client on `url`, closed afterwards. */
export async function withPg<T>(url: string, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let counter = 0;

/**
 * Where a section's database lives: a file in `dir`, or on PostgreSQL a new empty database on the pass's
 * server. `target` is what DATABASE_URL gets; `drop` removes a PostgreSQL database (the folder goes with the section).
 */
export async function freshDatabase(dir: string, name: string): Promise<{ kind: DatabaseKind; target: string; drop(): Promise<void> }> {
  const server = pgServer();
  if (!server) return { kind: 'sqlite', target: path.join(dir, `${name}.sqlite`), drop: async () => {} };
  const db = `cbp_bench_${name.replace(/[^a-z0-9]/gi, '_')}_${process.pid}_${++counter}`.toLowerCase();
  await withPg(server, (c) => c.query(`create database ${db}`));
  return {
    kind: 'postgresql',
    target: withDatabase(server, db),
    drop: () => withPg(server, (c) => c.query(`drop database if exists ${db} with (force)`)).then(() => undefined),
  };
}

/** The server's settings that decide what a commit costs, as a note. */
export async function pgSettings(url: string): Promise<string> {
  return withPg(url, async (c) => {
    const names = ['server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'shared_buffers'];
    const { rows } = await c.query<{ name: string; setting: string; unit: string | null }>('select name, setting, unit from pg_settings where name = any($1)', [
      names,
    ]);
    const version = (await c.query<{ v: string }>("select current_setting('server_version') as v")).rows[0].v;
    return [`PostgreSQL ${version}`, ...rows.filter((r) => r.name !== 'server_version').map((r) => `${r.name}=${r.setting}${r.unit ? ` ${r.unit}` : ''}`)].join(
      ', ',
    );
  });
}

/** Debian's PostgreSQL binaries, when installed. */
export function pgBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(root, v, 'bin')).find((d) => existsSync(path.join(d, 'initdb')));
}

const CLUSTER = path.resolve(__dirname, '../pg/cluster.sh');

/**
 * The PostgreSQL server for the benchmark's PostgreSQL pass: BENCH_DATABASE_URL or CBP_TEST_DATABASE
 * when set (a role with CREATEDB), or a throw-away cluster with PostgreSQL's default durability
 * (test/pg/cluster.sh with CBP_PG_DURABLE=1), stopped by `stop`. Undefined when PostgreSQL is not installed.
 */
export function startPostgres(): { url: string; origin: string; stop(): void } | undefined {
  const given = process.env.BENCH_DATABASE_URL || process.env.CBP_TEST_DATABASE;
  if (given) return { url: given, origin: 'the server in BENCH_DATABASE_URL/CBP_TEST_DATABASE', stop: () => {} };
  if (!pgBinDir()) return undefined;
  // A free port, found as test/pg/run.sh finds one.
  const port = spawnSync(
    process.execPath,
    ['-e', "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"],
    { encoding: 'utf8' },
  ).stdout.trim();
  const r = spawnSync('bash', [CLUSTER, 'start', port], { encoding: 'utf8', env: { ...process.env, CBP_PG_DURABLE: '1' } });
  if (r.status !== 0) throw new Error(`could not start PostgreSQL: ${r.stderr}`);
  const dir = /CBP_PG_DIR=(\S+)/.exec(r.stdout)?.[1];
  const url = /CBP_TEST_DATABASE=(\S+)/.exec(r.stdout)?.[1];
  if (!dir || !url) throw new Error(`test/pg/cluster.sh said: ${r.stdout}`);
  let stopped = false;
  return {
    url,
    origin: `a throw-away cluster (${dir})`,
    stop() {
      if (stopped) return;
      stopped = true;
      spawnSync('bash', [CLUSTER, 'stop', dir], { stdio: 'inherit' });
    },
  };
}
