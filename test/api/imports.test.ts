// Placements that began before SSI 2026/31, imported with their history from the CSV template (and as JSON): 100
// historical placements with 5 deliberately broken rows. The 95 good ones are imported whole, each with the legal
// status and the outstanding duties its history gives; the 5 are reported by row and field and leave no record;
// the audit chain verifies. Each good row is imported whole and each bad row not at all (mode each-row); in mode
// all-or-nothing one bad row stops the file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { planRulebookMigration } from '../../machines/placement';
import { getRulebook } from '../../machines/rulebook';
import { toCsv } from '../../src/csv';
import { COLUMNS } from '../../src/imports/csv';
import type { ImportMode } from '../../src/imports/schema';
import type { AuthUser } from '../../src/services/actor';
import { ImportsService } from '../../src/services/imports';
import { AuditEvent, Deadline, OutboxMessage, Placement, PlacementImport } from '../../src/store/entities';
import { readPlacementAudit } from '../../src/store/audit-chain';
import { readPlacement } from '../../src/store/placement-store';
import { withSql } from '../../src/store/sql';
import { Writer } from '../../src/store/writer';
import { ADMIN, rowCounts, startHarness, type Harness } from '../support/api-harness';
import { HOST_ORG, OTHER_HOST_ORG, OTHER_PLACING_ORG, PLACING_ORG } from './placement-fixtures';

const NOW = new Date('2026-12-01T12:00:00Z');
// Replaying 100 histories takes seconds, more on a busy machine.
jest.setTimeout(120_000);
let h: Harness;
let placing: string;

beforeAll(async () => {
  h = await startHarness({}, { clock: () => NOW });
  placing = await h.userToken('placing', PLACING_ORG);
});
afterAll(() => h.close());

// ---- the file ---------------------------------------------------------------------------------------
// Each archetype states what its history gives now (1 December 2026), worked out by hand from the rulebooks:
// the legal status and the duties still to do (the rule of each open clock, and of each duty past due and not done).

type Row = Record<string, string>;
interface Archetype {
  name: string;
  row: (n: number) => Row;
  status: string;
  outstanding: Record<string, 'due' | 'overdue'>;
  carriedOver: boolean;
}

const days = (from: string, step: number, until: string) => {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(until); t += step * 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

const common = (n: number, kind: string): Row => ({
  local_reference: `BHM-${kind}-${String(n).padStart(3, '0')}`,
  scheme: 'ssi-2022-225',
  child_first_name: `Child${n}`,
  child_last_name: `Surname${n}`,
  child_date_of_birth: `2011-0${(n % 9) + 1}-1${n % 10}`,
  child_gender: n % 2 ? 'female' : 'male',
  setting: 'residential',
  legal_basis_type: 'dol-order',
  order_court: 'High Court (Family Division)',
  order_made_on: '2025-09-01',
  order_effective_from: '2025-09-01',
  host_authority_id: HOST_ORG,
  service_name: `Home ${n}`,
  service_address: `${n} Quay Road, Aberdeen`,
  service_email: `home${n}@care.example.org`,
  care_inspectorate_number: `CS20200${String(n).padStart(5, '0')}`,
  notice_given_at: '2025-09-02',
  notice_signatory_name: 'Jo Bloggs',
  notice_signatory_role: 'Head of Children in Care',
  arrived_at: '2025-09-04',
  host_confirmed_at: '2025-09-05',
  advocacy_offered_at: '2025-09-05',
  advocacy_outcome: 'accepted',
  advocacy_outcome_at: '2025-09-08',
  // Visits every 6 weeks; reviews within 20 working days, then 3 months, then 6; conditions checked every quarter.
  visit_dates: days('2025-09-10', 42, '2026-11-28').join(';'),
  review_dates: '2025-09-25;2025-12-15;2026-06-10',
  conditions_check_dates: '2025-11-20;2026-02-10;2026-05-05;2026-07-28;2026-10-20',
});

/** The DoL order reviewed and continued every quarter, each time told to the recipients the same day. */
const REVIEWS = ['2025-11-25', '2026-02-20', '2026-05-18', '2026-08-14', '2026-11-10'];
const reviews = (dates: string[]) => ({
  dol_reviews: dates.map((d) => `${d}>${String(Number(d.slice(0, 4)) + 1)}${d.slice(4)}`).join(';'),
  updated_notice_dates: dates.join(';'),
});

const RUNNING = { 'C5.dol-expiry': 'due', 'C8.visit': 'due', 'C8.later-review': 'due', 'DUTY.conditions-check': 'due', 'C11.age-18': 'due' } as const;

const ARCHETYPES: Archetype[] = [
  {
    name: 'on time, the 2026 notice with the February review',
    row: (n) => ({ ...common(n, 'OK'), ...reviews(REVIEWS) }),
    status: 'recognised',
    outstanding: RUNNING,
    carriedOver: true,
  },
  {
    name: 'not reviewed since January: the DoL order lapsed in April; the 2026 notice never given',
    row: (n) => ({ ...common(n, 'LAPSED'), ...reviews(['2025-11-25', '2026-01-20']) }),
    status: 'unrecognised',
    // The 2026 notice was due by 9 March and is still owed; the visits, reviews and checks go on.
    outstanding: { 'T.transitional-notice': 'overdue', 'C8.visit': 'due', 'C8.later-review': 'due', 'DUTY.conditions-check': 'due', 'C11.age-18': 'due' },
    carriedOver: true,
  },
  {
    name: 'the child moved before the notice was given (2022): unrecognised since',
    row: (n) => ({ ...common(n, 'LATE'), notice_given_at: '2025-09-05', host_confirmed_at: '2025-09-06', ...reviews(REVIEWS) }),
    status: 'unrecognised',
    outstanding: RUNNING,
    carriedOver: true,
  },
  {
    name: 'a 2013 transfer that took effect in 2024: transferred, nothing owed',
    row: (n) => ({
      ...common(n, 'T2013'),
      scheme: 'ssi-2013-99',
      placing_authority_id: '',
      legal_basis_type: 'care-order',
      order_made_on: '2024-09-02',
      order_effective_from: '2024-09-02',
      notice_given_at: '2024-09-04',
      arrived_at: '2024-09-10',
      host_confirmed_at: '',
      advocacy_offered_at: '',
      advocacy_outcome: '',
      advocacy_outcome_at: '',
      visit_dates: '',
      review_dates: '',
      conditions_check_dates: '',
      transfer_consented_at: '2024-09-11',
      transfer_effective_at: '2024-09-12',
      reporter_notified_at: '2024-09-13',
      hearing_held_at: '2024-10-01',
    }),
    status: 'transferred',
    outstanding: {},
    carriedOver: false,
  },
  {
    name: 'ended in December 2025, the recipients told: ended under the 2022 scheme',
    row: (n) => ({
      ...common(n, 'ENDED'),
      visit_dates: '2025-09-10;2025-10-15;2025-11-19',
      review_dates: '2025-09-25',
      conditions_check_dates: '2025-11-20',
      ...reviews(['2025-11-25']),
      updated_notice_dates: '2025-11-25;2025-12-02',
      ended_at: '2025-12-01',
      end_reason: 'Returned home to England',
    }),
    status: 'ended',
    outstanding: {},
    carriedOver: false,
  },
];
const MIX = [60, 15, 10, 8, 2];

/** The 5 broken rows: what is wrong, and the one column the report must name. */
const BROKEN: { field: string; row: (n: number) => Row; message: RegExp }[] = [
  { field: 'child_date_of_birth', row: (n) => ({ ...ARCHETYPES[0].row(n), child_date_of_birth: '31/02/2012' }), message: /must be a date/ },
  { field: 'legal_basis_type', row: (n) => ({ ...ARCHETYPES[0].row(n), legal_basis_type: 'care-order' }), message: /not a legal basis|unknown legal basis/ },
  { field: 'host_authority_id', row: (n) => ({ ...ARCHETYPES[0].row(n), host_authority_id: 'E08000025' }), message: /host-authority/ },
  { field: 'visit_dates', row: (n) => ({ ...ARCHETYPES[0].row(n), visit_dates: '2025-09-03' }), message: /VISIT_RECORDED cannot be recorded here/ },
  { field: 'local_reference', row: () => ({ ...ARCHETYPES[0].row(1) }), message: /row 2 has the same reference/ },
];

const rows: { cells: Row; archetype?: Archetype; broken?: (typeof BROKEN)[number] }[] = [];
let n = 1;
MIX.forEach((count, i) => {
  for (let k = 0; k < count; k++) rows.push({ cells: ARCHETYPES[i].row(n++), archetype: ARCHETYPES[i] });
});
// Broken rows among the good ones, not at the end.
BROKEN.forEach((b, i) => rows.splice(7 + i * 19, 0, { cells: b.row(n++), broken: b }));
const csv = (list: { cells: Row }[]) => toCsv([COLUMNS.map((c) => c.name), ...list.map((r) => COLUMNS.map((c) => r.cells[c.name] ?? ''))]);
const FILE = csv(rows);
/** The line of each row in the file (the header is line 1). */
const lineOf = (i: number) => i + 2;

const post = (body: string, query = '', token = placing, type = 'text/csv') =>
  h.http.post(`/api/imports/placements${query}`).set('Authorization', token).set('Content-Type', type).send(body);

describe('100 historical placements, 5 rows broken', () => {
  let report: Record<string, any>;
  let before: Awaited<ReturnType<typeof rowCounts>>;

  test('the file has 100 rows: 95 good, 5 broken', () => {
    expect(rows.length).toBe(100);
    expect(rows.filter((r) => r.broken).length).toBe(5);
  });

  test('a dry run checks and replays every row, reports every error by row and field, and writes nothing', async () => {
    before = await rowCounts(h.orm);
    const started = performance.now();
    const res = await post(FILE, '?dryRun=true');
    process.stdout.write(`import dry run, 100 rows: ${Math.round(performance.now() - started)} ms\n`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, rows: 100, imported: 0, rejected: 5 });
    expect(res.body.results.filter((r: { status: string }) => r.status === 'valid').length).toBe(95);
    expect(await rowCounts(h.orm)).toEqual(before);
    expect(await h.orm.em.fork().count(PlacementImport, {})).toBe(0);
  });

  test('the import: the 95 good rows imported, the 5 broken ones reported with row and field', async () => {
    const started = performance.now();
    const res = await post(FILE);
    process.stdout.write(`import, 100 rows: ${Math.round(performance.now() - started)} ms\n`);
    expect(res.status).toBe(200);
    report = res.body;
    expect(report).toMatchObject({ dryRun: false, mode: 'each-row', rows: 100, imported: 95, rejected: 5, placingAuthorityId: PLACING_ORG });
    const rejected = report.results.filter((r: { status: string }) => r.status === 'rejected');
    expect(rejected.map((r: { row: number }) => r.row)).toEqual(rows.flatMap((r, i) => (r.broken ? [lineOf(i)] : [])));
    for (const r of rejected) {
      const broken = rows[r.row - 2].broken!;
      expect(r.errors.map((e: { field: string }) => e.field)).toEqual([broken.field]);
      expect(r.errors[0].message).toMatch(broken.message);
      expect(r).toMatchObject({ placementId: null, reference: null, legalStatus: null, outstanding: [] });
    }
    // The same errors listed as a problem lists them: the row and the field in `path`, and each on its own.
    expect(report.errors.map((e: { path: string; row: number; field: string }) => [e.path, e.row, e.field])).toEqual(
      rows.flatMap((r, i) => (r.broken ? [[`row ${lineOf(i)}: ${r.broken.field}`, lineOf(i), r.broken.field]] : [])),
    );
  });

  test('no partial record: exactly the 95 placements, each whole, nothing of the 5', async () => {
    const em = h.orm.em.fork();
    const after = await rowCounts(h.orm);
    expect(after.placements - before.placements).toBe(95);
    expect(await em.count(PlacementImport, {})).toBe(95);
    const imported = report.results.filter((r: { status: string }) => r.status === 'imported').map((r: { placementId: string }) => r.placementId);
    expect(new Set(imported).size).toBe(95);
    for (const id of imported) {
      expect(await em.count(Placement, { id })).toBe(1);
      expect(await em.count(AuditEvent, { placementId: id, type: 'PLACEMENT_IMPORTED' })).toBe(1);
      expect(await em.count(Deadline, { placementId: id })).toBeGreaterThan(0);
    }
    // Every audit entry about a placement is about one of the 95.
    const placementsAudited = new Set((await em.find(AuditEvent, { placementId: { $ne: null } }, { fields: ['placementId'] })).map((e) => e.placementId));
    expect([...placementsAudited].sort()).toEqual([...imported].sort());
    const rejectedRefs = rows.filter((r) => r.broken && r.broken.field !== 'local_reference').map((r) => r.cells.local_reference);
    expect(await em.count(PlacementImport, { localReference: { $in: rejectedRefs } })).toBe(0);
  });

  test('each imported placement has the legal status and the outstanding duties its history gives', async () => {
    const counts: Record<string, number> = {};
    for (const r of report.results.filter((x: { status: string }) => x.status === 'imported')) {
      const a = rows[r.row - 2].archetype!;
      counts[a.name] = (counts[a.name] ?? 0) + 1;
      expect([a.name, r.legalStatus.code]).toEqual([a.name, a.status]);
      expect([a.name, r.carriedOver]).toEqual([a.name, a.carriedOver]);
      const got = Object.fromEntries(r.outstanding.map((o: { rule: string; state: string }) => [o.rule, o.state]));
      expect([a.name, got]).toEqual([a.name, a.outstanding]);
      expect(r.reference).toMatch(/^CBP-/);
    }
    // The duplicate row repeats a good one: the first of the two is imported.
    expect(Object.values(counts)).toEqual([60, 15, 10, 8, 2]);
  });

  test('the placement says it is transitional and which scheme; the audit entry keeps the source row, never the child', async () => {
    const r = report.results.find((x: { status: string; localReference: string }) => x.status === 'imported' && x.localReference.startsWith('BHM-OK'));
    const res = await h.http.get(`/api/placements/${r.placementId}`).set('Authorization', placing);
    expect(res.body.transitional).toEqual({
      scheme: 'ssi-2022-225',
      schemeRulebookId: 'ssi-2022-225@1',
      instrument: 'SSI 2022/225',
      carriedOverAt: '2026-02-09T00:00:00.000Z',
      carriedOverTo: 'ssi-2026-31@2',
    });
    expect(res.body.rulebook).toBe('ssi-2026-31@2');
    const audit = await h.http.get(`/api/placements/${r.placementId}/audit`).set('Authorization', placing);
    const types = audit.body.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('PLACEMENT_IMPORTED');
    expect(types).toEqual(
      expect.arrayContaining(['NOTICE_SIGNED', 'DELIVERY_ACCEPTED', 'CHILD_ARRIVED', 'DOL_EXTENDED', 'NOTICE_UPDATED', 'TRANSITIONAL_CARRY_OVER']),
    );
    const imported = audit.body[0];
    expect(imported.payload).toMatchObject({
      scheme: 'ssi-2022-225',
      localReference: r.localReference,
      source: { row: r.row, cells: { service_name: expect.any(String) } },
    });
    expect(imported.payload.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(audit.body)).not.toMatch(/Child\d+|Surname\d+|2011-0\d-1\d/);
    // The history happened when it happened; it was recorded now.
    const arrived = audit.body.find((e: { type: string }) => e.type === 'CHILD_ARRIVED');
    expect([arrived.at, arrived.recordedAt]).toEqual(['2025-09-04T11:00:00.000Z', NOW.toISOString()]);
  });

  test('historical notices queue no mail; an unrecognised placement is raised at once; the audit chain verifies', async () => {
    const em = h.orm.em.fork();
    expect(await em.count(OutboxMessage, { kind: 'notice' })).toBe(0);
    const unrecognised = report.results.filter(
      (r: { legalStatus: { code: string } | null; status: string }) => r.status === 'imported' && r.legalStatus?.code === 'unrecognised',
    );
    // Lapsed after their last event (by time alone) are raised by the sweep; those unrecognised by their history, at once.
    const byHistory = unrecognised.filter((r: { row: number }) => rows[r.row - 2].archetype!.name.startsWith('the child moved before'));
    for (const r of byHistory) expect(await em.count(OutboxMessage, { placementId: r.placementId, kind: 'escalation' })).toBe(3);
    const verify = await h.http.get('/api/audit/verify').set('Authorization', ADMIN);
    expect(verify.body).toMatchObject({ ok: true, firstBrokenSeq: null });
    const file = (await em.find(AuditEvent, { type: 'PLACEMENTS_IMPORTED' }))[0];
    expect(file.payload).toMatchObject({ rows: 100, imported: 95, rejected: 5, format: 'csv', mode: 'each-row', placingAuthorityId: PLACING_ORG });
  });

  test("each imported placement's audit trail rebuilds it: replayed as a rulebook migration would, nothing skipped, nothing changed", async () => {
    const one = (prefix: string) =>
      report.results.find((x: { status: string; localReference: string }) => x.status === 'imported' && x.localReference.startsWith(prefix));
    for (const prefix of ['BHM-OK', 'BHM-LAPSED', 'BHM-LATE', 'BHM-T2013', 'BHM-ENDED']) {
      const r = one(prefix);
      const record = await withSql(h.orm, (sql) => readPlacement(sql, r.placementId, null));
      const events = (await readPlacementAudit(h.orm.em.fork(), r.placementId)).map(({ entry, payload }) => ({
        type: entry.type,
        at: entry.at.toISOString(),
        payload,
      }));
      const plan = planRulebookMigration({ placement: record!.snapshot, events, to: getRulebook(record!.snapshot.rulebookId), now: NOW.toISOString() });
      expect([prefix, plan.ok, plan.skipped]).toEqual([prefix, true, []]);
      expect([prefix, plan.deadlines]).toMatchObject([prefix, { added: [], removed: [], changed: [] }]);
      expect([prefix, plan.legalStatus.after?.code]).toEqual([prefix, r.legalStatus.code]);
    }
  });

  test('the same file again: nothing can be imported (the 95 are held already), so 422 naming every row, and nothing written', async () => {
    const was = await rowCounts(h.orm);
    const res = await post(FILE);
    expect(res.status).toBe(422);
    expect(res.type).toBe('application/problem+json');
    // The 95, and the duplicate of the first row; then the 4 other broken rows' own errors.
    const again = res.body.errors.filter((e: { message: string }) => /imported before/.test(e.message));
    expect(again.length).toBe(96);
    expect(new Set(again.map((e: { field: string }) => e.field))).toEqual(new Set(['local_reference']));
    expect(new Set(res.body.errors.map((e: { row: number }) => e.row)).size).toBe(100);
    expect(await rowCounts(h.orm)).toEqual(was);
  });

  test('the imported placement is seen like any other: its placing authority, its host authority and the inspector; no one else', async () => {
    const r = report.results.find((x: { status: string }) => x.status === 'imported');
    const get = async (token: string) => (await h.http.get(`/api/placements/${r.placementId}`).set('Authorization', token)).status;
    expect(await get(placing)).toBe(200);
    expect(await get(await h.userToken('host', HOST_ORG))).toBe(200);
    expect(await get(await h.userToken('inspector', 'scot-care-inspectorate'))).toBe(200);
    expect(await get(await h.userToken('placing', OTHER_PLACING_ORG))).toBe(404);
    expect(await get(await h.userToken('host', OTHER_HOST_ORG))).toBe(404);
    expect(await get(ADMIN)).toBe(404);
    // And in the host authority's list, with the rest of its area (all 95 are in Aberdeen); none in another's.
    const list = await h.http.get('/api/placements').set('Authorization', await h.userToken('host', HOST_ORG));
    expect([list.status, list.body.total]).toEqual([200, 95]);
    const other = await h.http.get('/api/placements').set('Authorization', await h.userToken('host', OTHER_HOST_ORG));
    expect([other.status, other.body.total]).toEqual([200, 0]);
  });
});

describe('all or nothing', () => {
  const three = (suffix: string) =>
    [1, 2, 3].map((k) => ({ cells: { ...ARCHETYPES[0].row(900 + k), local_reference: `AON-${suffix}-${k}`, placing_authority_id: OTHER_PLACING_ORG } as Row }));

  test('one bad row: 422 naming it, and none of the file is imported', async () => {
    const admin = ADMIN;
    const list = three('A');
    list[1].cells.order_made_on = '2025-13-01';
    const was = await rowCounts(h.orm);
    const res = await post(csv(list), `?mode=all-or-nothing&placingAuthorityId=${OTHER_PLACING_ORG}`, admin);
    expect(res.status).toBe(422);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors).toEqual([{ path: 'row 3: order_made_on', row: 3, field: 'order_made_on', message: 'must be a date: YYYY-MM-DD or DD/MM/YYYY' }]);
    expect(await rowCounts(h.orm)).toEqual(was);
  });

  test('an admin imports for a named placing authority, and is shown references only', async () => {
    const res = await post(csv(three('B')), `?mode=all-or-nothing&placingAuthorityId=${OTHER_PLACING_ORG}`, ADMIN);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 3, rejected: 0, placingAuthorityId: OTHER_PLACING_ORG });
    expect(JSON.stringify(res.body)).not.toMatch(/Child9|Surname9|2011-/);
    // The admin still cannot read the children's records.
    expect((await h.http.get(`/api/placements/${res.body.results[0].placementId}`).set('Authorization', ADMIN)).status).toBe(404);
  });

  test('one transaction per good row (each-row); the whole file in one (all-or-nothing)', async () => {
    const me = (await h.http.get('/api/me').set('Authorization', placing)).body;
    const user: AuthUser = { id: me.id, email: me.email, name: me.name, role: 'placing', organisationId: PLACING_ORG };
    // The real writer, counting the transactions asked of it.
    const writer = new Writer(h.orm);
    let runs = 0;
    const service = new ImportsService(h.orm, { run: (job) => (runs++, writer.run(job)) }, () => NOW);
    const count = async (mode: ImportMode, suffix: string) => {
      runs = 0;
      const list = three(suffix).map((r) => ({ cells: { ...r.cells, placing_authority_id: '' } }));
      const report = await service.importCsv(user, csv(list), { mode, dryRun: false });
      expect(report.imported).toBe(3);
      return runs;
    };
    // Three rows and the file's own audit entry; then everything at once.
    expect(await count('each-row', 'TX1')).toBe(4);
    expect(await count('all-or-nothing', 'TX2')).toBe(1);
    await writer.idle();
    const verify = await h.http.get('/api/audit/verify').set('Authorization', ADMIN);
    expect(verify.body).toMatchObject({ ok: true });
  });

  test('the same file twice at once: its rows are imported once, and the import that lost writes nothing', async () => {
    for (const mode of ['all-or-nothing', 'each-row']) {
      const file = csv(three(`RACE-${mode}`));
      const [a, b] = await Promise.all([0, 1].map(() => post(file, `?mode=${mode}&placingAuthorityId=${OTHER_PLACING_ORG}`, ADMIN)));
      const ok = [a, b].filter((r) => r.status === 200);
      const refused = [a, b].filter((r) => r.status !== 200);
      // all-or-nothing: one wins whole, the other is refused (409 if both checked first, 422 if it checked after); each-row: the rows split.
      const imported = ok.reduce((n, r) => n + r.body.imported, 0);
      expect([mode, imported]).toEqual([mode, 3]);
      if (mode === 'all-or-nothing') expect(refused.map((r) => [409, 422].includes(r.status))).toEqual([true]);
      for (const r of refused) expect(r.type).toBe('application/problem+json');
      const refs = [1, 2, 3].map((k) => `AON-RACE-${mode}-${k}`);
      expect(await h.orm.em.fork().count(PlacementImport, { localReference: { $in: refs } })).toBe(3);
    }
  });
});

describe('who may import, and the other ways in', () => {
  test('only a placing authority (its own placements) or an admin (naming one)', async () => {
    const body = csv([{ cells: { ...ARCHETYPES[0].row(950), local_reference: 'WHO-1' } }]);
    expect((await post(body, '?dryRun=true', await h.userToken('host', HOST_ORG))).status).toBe(403);
    expect((await post(body, '?dryRun=true', await h.userToken('inspector', 'scot-care-inspectorate'))).status).toBe(403);
    expect((await post(body, `?dryRun=true&placingAuthorityId=${OTHER_PLACING_ORG}`)).status).toBe(403);
    const admin = await post(body, '?dryRun=true', ADMIN);
    expect(admin.status).toBe(422);
    expect(admin.body.errors).toEqual([{ path: 'placingAuthorityId', message: 'is required for an admin' }]);
    // A row naming another placing authority is refused by name.
    const other = await post(
      csv([{ cells: { ...ARCHETYPES[0].row(951), local_reference: 'WHO-2', placing_authority_id: OTHER_PLACING_ORG } }]),
      '?dryRun=true',
    );
    expect(other.body.results[0].errors).toEqual([
      { field: 'placing_authority_id', message: `must be ${PLACING_ORG}, the placing authority of this import (or blank)` },
    ]);
  });

  test('a file that is not the template is refused whole, naming the column', async () => {
    const res = await post('local_reference,scheme,colour\nX,ssi-2022-225,blue\n');
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'row 1: colour', row: 1, field: 'colour', message: 'is not a column of the template' },
        { path: 'row 1: arrived_at', row: 1, field: 'arrived_at', message: 'the column is missing' },
      ]),
    );
    expect((await post('x', '', placing, 'text/plain')).status).toBe(415);
  });

  test('rows are numbered as a spreadsheet shows them: mixed line endings read, a line break inside a cell and an empty row counted, an empty row passed over', async () => {
    const [header, ...lines] = csv([
      { cells: { ...ARCHETYPES[0].row(960), local_reference: 'ROWS-1', service_address: '1 Quay Road\nAberdeen' } },
      { cells: {} },
      { cells: { ...ARCHETYPES[0].row(961), local_reference: 'ROWS-2', child_date_of_birth: 'soon' } },
    ]).split('\r\n');
    // A CRLF file, the last row appended on another system (LF).
    const file = `${header}\r\n${lines[0]}\r\n${lines[1]}\r\n${lines[2]}\n`;
    const res = await post(file, '?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body.results[0].errors).toEqual([]);
    expect(res.body.results.map((r: { row: number; status: string }) => [r.row, r.status])).toEqual([
      [2, 'valid'],
      [4, 'rejected'],
    ]);
    expect(res.body.errors).toEqual([
      { path: 'row 4: child_date_of_birth', row: 4, field: 'child_date_of_birth', message: 'must be a date: YYYY-MM-DD or DD/MM/YYYY' },
    ]);
  });

  test('JSON: the same rules, errors named by path in the item', async () => {
    const item = {
      localReference: 'JSON-1',
      scheme: 'ssi-2022-225',
      draft: {
        child: { firstName: 'Jo', lastName: 'Json', dateOfBirth: '2012-05-01', gender: 'female' },
        setting: 'residential',
        legalBasis: { type: 'ni-dol-order', madeOn: '2026-01-05', effectiveFrom: '2026-01-05T10:00:00Z', expiresAt: null },
        placement: {
          hostAuthorityId: HOST_ORG,
          serviceName: 'Firth View',
          plannedStart: '2026-01-08T10:00:00Z',
          permanence: 'temporary',
          serviceEmail: 'fv@care.example.org',
        },
      },
      history: [
        { type: 'NOTICE_GIVEN', at: '2026-01-06T09:00:00Z', signatory: { name: 'Jo Bloggs', role: 'Director' } },
        { type: 'CHILD_ARRIVED', at: '2026-01-08T11:00:00Z' },
      ],
    };
    const ni = await h.userToken('placing', 'ni-belfast-hsct');
    const bad = await post(JSON.stringify({ placements: [{ ...item, history: [item.history[1], item.history[0]] }] }), '?dryRun=true', ni, 'application/json');
    expect(bad.body.results[0].errors).toEqual([{ field: 'history[1].at', message: expect.stringMatching(/time order/) }]);
    expect(bad.body.errors).toEqual([{ path: 'placements[0].history[1].at', row: 0, field: 'history[1].at', message: expect.stringMatching(/time order/) }]);
    const res = await post(JSON.stringify({ placements: [item] }), '', ni, 'application/json');
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({
      status: 'imported',
      carriedOver: true,
      legalStatus: { code: 'unrecognised', reasons: [{ rule: 'C5.dol-expiry' }] },
    });
    expect(res.body.results[0].outstanding.map((o: { rule: string; state: string }) => [o.rule, o.state])).toContainEqual(['T.transitional-notice', 'overdue']);
    // A DoL order made 5 January 2026: its relevant period ended with 4 April; the 2026 notice is owed since 9 March.
    const placement = await h.http.get(`/api/placements/${res.body.results[0].placementId}`).set('Authorization', ni);
    expect(placement.body.legalStatus.code).toBe('unrecognised');
  });

  test('the template is published and kept in the repository; its example row is a valid import', async () => {
    const res = await h.http.get('/api/imports/template.csv').set('Authorization', placing);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/csv');
    expect(res.text).toBe(readFileSync(path.join(__dirname, '..', '..', 'templates', 'imports', 'transitional-placements.csv'), 'utf8'));
    const dry = await post(res.text, '?dryRun=true');
    expect(dry.body.results[0]).toMatchObject({ status: 'valid', errors: [] });
    const columns = await h.http.get('/api/imports/template').set('Authorization', placing);
    expect(columns.body.columns.map((c: { name: string }) => c.name)).toEqual(COLUMNS.map((c) => c.name));
    expect(columns.body.schemes.map((s: { rulebook: string }) => s.rulebook).sort()).toEqual(['ssi-2013-99@1', 'ssi-2022-225@1']);
  });
});
