// `npm run bench`: is the compliance report linear in the deadline rows? Seeds 10k placements (~6
// deadline rows each) into a temp SQLite file with raw bulk INSERTs, times the report, grows the same
// file to 100k placements, times it again, and prints the ratios. Prints figures; asserts nothing.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Knex } from '@mikro-orm/knex';
import { migrateAndSeed } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { complianceReport } from '../../src/reports/compliance';
import type { ReportFilters } from '../../src/reports/deadline-scan';
import { openOrm, type Orm } from '../../src/store/orm';

const SIZES = [10_000, 100_000];
const RUNS = 3;
const NOW = new Date('2027-01-01T00:00:00Z');
const PLACING = ['E08000025', 'E09000033', 'W06000015', 'E06000001'];
const HOSTS = ['S12000033', 'S12000036', 'S12000049'];
const RULES = ['C1.notice-before-arrival', 'C7.advocacy-offer', 'C8.first-visit', 'C8.first-review', 'C8.visit', 'C11.age-18'];
const STATUSES = ['met', 'met', 'met', 'missed', 'open', 'cancelled'];
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Rows for placements [from, to): columns as MikroORM stores them in SQLite (datetimes as epoch ms). */
function rows(from: number, to: number) {
  const placements: unknown[][] = [];
  const deadlines: unknown[][] = [];
  for (let i = from; i < to; i++) {
    const id = randomUUID();
    const created = YEAR_START + (i % 360) * DAY;
    placements.push([
      id,
      PLACING[i % PLACING.length],
      HOSTS[i % HOSTS.length],
      i % 3 ? 'residential' : 'foster',
      i % 2 ? 'care-order' : 's20-accommodation',
      'placed',
      'recognised',
      '{}',
      1,
      'ssi-2026-31@1',
      1,
      created,
      created,
    ]);
    RULES.forEach((rule, k) => {
      const status = STATUSES[(i + k) % STATUSES.length];
      const due = created + (k + 1) * 5 * DAY;
      const met = status === 'met' ? due - ((i % 48) + 1) * HOUR : status === 'missed' && i % 2 ? due + ((i % 30) + 1) * HOUR : null;
      deadlines.push([`${id}:${rule}#${k + 1}`, id, rule, 'SSI 2026/31', due, status, met, null, created]);
    });
  }
  return { placements, deadlines };
}

async function insert(knex: Knex, table: string, columns: string[], values: unknown[][]): Promise<void> {
  const batch = Math.floor(30_000 / columns.length); // under SQLite's bound-variable limit
  const row = `(${columns.map(() => '?').join(',')})`;
  for (let i = 0; i < values.length; i += batch) {
    const chunk = values.slice(i, i + batch);
    await knex.raw(`insert into ${table} (${columns.join(',')}) values ${chunk.map(() => row).join(',')}`, chunk.flat() as Knex.Value[]);
  }
}

async function seed(orm: Orm, from: number, to: number): Promise<number> {
  const { placements, deadlines } = rows(from, to);
  const knex = orm.em.getKnex();
  await knex.transaction(async (trx) => {
    await insert(
      trx,
      'placement',
      [
        'id',
        'placing_authority_id',
        'host_authority_id',
        'setting',
        'legal_basis_type',
        'state',
        'legal_status',
        'snapshot',
        'machine_version',
        'rulebook_version',
        'version',
        'created_at',
        'updated_at',
      ],
      placements,
    );
    await insert(trx, 'deadline', ['id', 'placement_id', 'rule', 'citation', 'due_at', 'status', 'met_at', 'fired_at', 'opened_at'], deadlines);
  });
  return deadlines.length;
}

/** Median wall time of RUNS reports (after one warm-up), in ms. */
async function time(orm: Orm, filters: ReportFilters): Promise<{ ms: number; due: number }> {
  let due = 0;
  const times: number[] = [];
  for (let r = 0; r <= RUNS; r++) {
    const start = performance.now();
    const report = await complianceReport(orm.em.fork(), filters, NOW);
    if (r > 0) times.push(performance.now() - start);
    due = report.totals.due;
  }
  times.sort((a, b) => a - b);
  return { ms: times[times.length >> 1], due };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits).padStart(9);

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cbp-bench-'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: path.join(dir, 'bench.sqlite'), CBP_ADMIN_TOKEN: 'cbp_bench-admin-token-0123456789abcdef' });
  const orm = await openOrm(config.database);
  try {
    await migrateAndSeed(orm, config, () => {});
    const knex = orm.em.getKnex();
    await knex.raw('pragma synchronous = off'); // seeding speed only; the report only reads
    const cases: [string, ReportFilters][] = [
      ['all rows', {}],
      ['host + period', { hostAuthorityId: HOSTS[0], from: '2026-04-01', to: '2026-10-01' }],
    ];
    const results: Record<string, { rows: number; ms: number; due: number }[]> = {};
    let seeded = 0;
    let rowsTotal = 0;
    for (const size of SIZES) {
      const t0 = performance.now();
      rowsTotal += await seed(orm, seeded, size);
      seeded = size;
      await knex.raw('analyze');
      console.log(
        `seeded ${size.toLocaleString('en-GB')} placements, ${rowsTotal.toLocaleString('en-GB')} deadline rows (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
      );
      for (const [name, filters] of cases) (results[name] ??= []).push({ rows: rowsTotal, ...(await time(orm, filters)) });
    }
    const plan: { detail: string }[] = await knex.raw(
      "explain query plan select d.id from deadline as d cross join placement as p where p.id = d.placement_id and d.status <> 'cancelled' " +
        "and coalesce(d.due_at, d.due_at) >= 0 and d.id > '' and p.host_authority_id = 'x' order by d.id limit 5000",
    );
    console.log(`\nquery plan (one page): ${plan.map((p) => p.detail).join(' | ')}`);
    console.log(`\n${'case'.padEnd(16)}${'rows'.padStart(9)}${'counted'.padStart(9)}${'ms'.padStart(9)}${'µs/row'.padStart(9)}`);
    for (const [name, runs] of Object.entries(results)) {
      for (const r of runs)
        console.log(`${name.padEnd(16)}${String(r.rows).padStart(9)}${String(r.due).padStart(9)}${fmt(r.ms)}${fmt((r.ms * 1000) / r.rows, 2)}`);
      const [small, large] = runs;
      console.log(
        `${name}: time ratio ${SIZES[1] / SIZES[0]}x placements = ${(large.ms / small.ms).toFixed(2)}x time; per-row cost ratio ${(large.ms / large.rows / (small.ms / small.rows)).toFixed(2)} (1.00 = linear)\n`,
      );
    }
  } finally {
    await orm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
