// The evaluation return over 240 seeded placements (the compliance report's plans, ages and advocacy answers
// varied), through the API on a real SQLite file: every published count equals the count made here from the
// plans alone; no published count is below the threshold; an attacker who knows every margin and every
// relation between tables recovers no withheld count; CSV and JSON carry the same figures; only the Scottish
// Ministers and the Care Inspectorate receive it; each export is in the audit chain; the dictionary defines
// every table, row and column.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { getRulebook } from '../../machines/rulebook';
import { buildEvaluationReturn, type EvaluationReturn } from '../../src/reports/evaluation/build';
import { recognitionRules, renotificationRules } from '../../src/reports/evaluation/definitions';
import type { EvaluationDictionary } from '../../src/reports/evaluation/dictionary';
import { factsOf, FIRST_NOTICE_RULE } from '../../src/reports/evaluation/facts';
import { projectToNow } from '../../src/services/placement-view';
import { AuditEvent, Placement } from '../../src/store/entities';
import { addOrganisation } from '../api/placement-fixtures';
import { ADMIN, startHarness, type Harness } from '../support/api-harness';
import { attack, cellKey } from './evaluation-attack';
import { EVALUATION_NOW, evaluationPlan, expectedCells, londonMidnight } from './evaluation-expected';
import type { Plan } from './seed-plan';
import { seedPlans } from './seed-store';

const N = 240;
const plans: Plan[] = Array.from({ length: N }, (_, i) => evaluationPlan(i));
const THRESHOLD = 5;

/** Cohort windows, the whole span, the week of the first arrivals, and a month after the arrivals with end notices due. */
const PERIODS = [
  { from: '2026-03-01', to: '2026-09-01' },
  { from: '2026-09-01', to: '2027-03-01' },
  { from: '2026-03-01', to: '2027-03-01' },
  { from: '2026-03-04', to: '2026-03-11' },
  { from: '2026-04-01', to: '2026-05-01' },
];

let h: Harness;
const tokens: Record<string, string> = {};
let dictionary: EvaluationDictionary;

beforeAll(async () => {
  h = await startHarness({}, { clock: () => EVALUATION_NOW });
  await seedPlans(h.orm, plans);
  await addOrganisation(h, ADMIN, 'adv-voice', 'advocacy-provider');
  await addOrganisation(h, ADMIN, 'sp-harbour-house', 'service-provider');
  tokens.inspector = await h.userToken('inspector', 'scot-care-inspectorate');
  tokens.ministers = await h.userToken('ministers', 'scot-scottish-ministers');
  tokens.placing = await h.userToken('placing', 'E08000025');
  tokens.host = await h.userToken('host', 'S12000036');
  tokens.advocacy = await h.userToken('advocacy', 'adv-voice');
  tokens['service-provider'] = await h.userToken('service-provider', 'sp-harbour-house');
  tokens.admin = ADMIN;
  dictionary = (await h.http.get('/api/reports/evaluation/dictionary').set('Authorization', tokens.inspector).expect(200)).body;
}, 120_000);
afterAll(() => h.close());

async function exported(period: { from: string; to: string }, token = tokens.ministers): Promise<EvaluationReturn> {
  const res = await h.http.get('/api/reports/evaluation').query(period).set('Authorization', token);
  expect(res.status).toBe(200);
  return res.body;
}

const published = (r: EvaluationReturn) =>
  r.tables.flatMap((t) => t.rows.flatMap((row) => t.columns.map((c) => ({ key: cellKey(t.id, row.key, c.key), cell: row.cells[c.key] }))));

describe.each(PERIODS)('the return for $from to $to', (period) => {
  let r: EvaluationReturn;
  beforeAll(async () => {
    r = await exported(period);
  });

  it('publishes every count as counted from the plans, and withholds only counts above zero', () => {
    const expected = expectedCells(plans, period.from, period.to);
    let compared = 0;
    for (const { key, cell } of published(r)) {
      if (cell.suppressed) {
        expect(cell.value).toBeNull();
        expect([key, (expected.get(key) ?? 0) > 0]).toEqual([key, true]);
      } else {
        expect([key, cell.value]).toEqual([key, expected.get(key) ?? 0]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
    // Every count the plans produce has a cell.
    const keys = new Set(published(r).map((p) => p.key));
    for (const key of expected.keys()) expect(keys).toContain(key);
  });

  it('publishes no count between 1 and the threshold', () => {
    expect(r.suppression).toMatchObject({ threshold: THRESHOLD, rule: 'P.small-cell-threshold' });
    for (const { key, cell } of published(r)) if (!cell.suppressed) expect([key, cell.value === 0 || (cell.value ?? 0) >= THRESHOLD]).toEqual([key, true]);
  });

  it('an attacker recovers no withheld count, from the margins or across tables', () => {
    const { recovered, inconsistent } = attack(r, dictionary);
    expect(inconsistent).toEqual([]);
    expect(recovered).toEqual([]);
  });
});

test('the periods exercise suppression: primary and secondary, in one-way and two-way tables', async () => {
  const all = await Promise.all(PERIODS.map((p) => exported(p)));
  const withheldIn = all.map((r) => r.tables.filter((t) => t.rows.some((row) => Object.values(row.cells).some((c) => c.suppressed))).map((t) => t.id));
  expect(all.reduce((n, r) => n + r.suppression.primary, 0)).toBeGreaterThan(20);
  expect(all.reduce((n, r) => n + r.suppression.secondary, 0)).toBeGreaterThan(3);
  for (const id of ['placing-authority', 'host-council', 'advocacy', 'lapses']) expect(withheldIn.flat()).toContain(id);
  // Totals are published (the populations are above the threshold) and agree across tables.
  const [first] = all;
  const totals = first.tables.filter((t) => t.columns.length === 1).map((t) => [t.id, t.rows.find((row) => row.key === 'total')?.cells.count.value]);
  const placed = expectedCells(plans, PERIODS[0].from, PERIODS[0].to).get('placing-nation/total/count');
  for (const id of ['placing-nation', 'placing-authority', 'host-council', 'setting', 'legal-basis', 'age-band', 'duration-band', 'advocacy', 'legal-status'])
    expect(totals).toContainEqual([id, placed]);
});

test('the attack has teeth: on the same return with primary suppression only, it recovers withheld counts, each at its true value', async () => {
  const whole = expectedCells(plans, '2026-03-04', '2026-03-11');
  const r = await exported({ from: '2026-03-04', to: '2026-03-11' });
  const naive: EvaluationReturn = {
    ...r,
    tables: r.tables.map((t) => ({
      ...t,
      rows: t.rows.map((row) => ({
        ...row,
        cells: Object.fromEntries(
          t.columns.map((c) => {
            const v = whole.get(cellKey(t.id, row.key, c.key)) ?? 0;
            return [c.key, v > 0 && v < THRESHOLD ? { value: null, suppressed: true } : { value: v, suppressed: false }];
          }),
        ),
      })),
    })),
  };
  const { recovered } = attack(naive, dictionary);
  expect(recovered.length).toBeGreaterThan(0);
  for (const x of recovered) expect(whole.get(x.cell) ?? 0).toBe(x.value);
});

test('every cell, withheld ones included, is the independent count (the return built from the stored snapshots with no threshold)', async () => {
  const rules = new Set([FIRST_NOTICE_RULE, ...renotificationRules(), ...recognitionRules()]);
  const stored = await h.orm.em.fork().find(Placement, {}, { fields: ['snapshot'] });
  expect(stored).toHaveLength(N);
  const snapshots = stored.map((p) => projectToNow(p.snapshot, EVALUATION_NOW));
  for (const period of PERIODS) {
    const bounds = { fromMs: londonMidnight(period.from), toMs: londonMidnight(period.to), nowMs: EVALUATION_NOW.getTime() };
    const r = buildEvaluationReturn({
      facts: snapshots.map((s) => factsOf(getRulebook(s.rulebookId), s.context, bounds, rules)),
      organisations: { names: new Map(), hostCouncils: [] },
      threshold: 1,
      period: { ...period, lastDay: period.to },
      generatedAt: EVALUATION_NOW.toISOString(),
      rulebook: 'test',
    });
    const expected = expectedCells(plans, period.from, period.to);
    const got = new Map(published(r).flatMap(({ key, cell }) => (cell.value ? [[key, cell.value] as const] : [])));
    expect(r.suppression.withheld).toBe(0);
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
  }
}, 60_000);

test('CSV and JSON carry the same cells; Accept: text/csv asks for CSV too', async () => {
  const period = PERIODS[4];
  const json = await exported(period);
  const res = await h.http
    .get('/api/reports/evaluation')
    .query({ ...period, format: 'csv' })
    .set('Authorization', tokens.inspector)
    .expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/csv/);
  expect(res.headers['content-disposition']).toBe(`attachment; filename="evaluation-return-${period.from}-to-${period.to}.csv"`);
  const rows: Record<string, string>[] = parse(res.text, { columns: true });
  expect(Object.keys(rows[0])).toEqual(['period_from', 'period_to', 'table', 'row', 'row_label', 'column', 'column_label', 'value']);
  const fromJson = published(json).map(({ key, cell }) => [key, cell.suppressed ? '[c]' : String(cell.value)]);
  expect(rows.map((x) => [cellKey(x.table, x.row, x.column), x.value])).toEqual(fromJson);
  expect(rows.every((x) => x.period_from === period.from && x.period_to === period.to)).toBe(true);
  expect(rows.some((x) => x.value === '[c]')).toBe(true);
  const byAccept = await h.http.get('/api/reports/evaluation').query(period).set('Authorization', tokens.inspector).set('Accept', 'text/csv').expect(200);
  expect(byAccept.text).toBe(res.text);
  const byDefault = await h.http.get('/api/reports/evaluation').query(period).set('Authorization', tokens.inspector).set('Accept', '*/*').expect(200);
  expect(byDefault.headers['content-type']).toMatch(/^application\/json/);
});

test('only the Scottish Ministers and the Care Inspectorate receive the return; the dictionary is for any signed-in user', async () => {
  const status: Record<string, number> = {};
  const dict: Record<string, number> = {};
  for (const [role, token] of Object.entries(tokens)) {
    status[role] = (await h.http.get('/api/reports/evaluation').query(PERIODS[0]).set('Authorization', token)).status;
    dict[role] = (await h.http.get('/api/reports/evaluation/dictionary').set('Authorization', token)).status;
  }
  expect(status).toEqual({ inspector: 200, ministers: 200, placing: 403, host: 403, advocacy: 403, 'service-provider': 403, admin: 403 });
  expect(Object.values(dict).every((s) => s === 200)).toBe(true);
  expect((await h.http.get('/api/reports/evaluation').query(PERIODS[0])).status).toBe(401);
  expect((await h.http.get('/api/reports/evaluation/dictionary')).status).toBe(401);
  // The service refuses too, whoever calls it, and checks the period itself.
  await expect(h.services.evaluation.build({ role: 'admin' }, PERIODS[0])).rejects.toMatchObject({ code: 'forbidden' });
  await expect(h.services.evaluation.build({ role: 'ministers' }, { from: '2026-09-01', to: '2026-03-01' })).rejects.toMatchObject({
    code: 'invalid',
    errors: [{ path: 'to', message: 'must be after from' }],
  });
  await expect(h.services.evaluation.build({ role: 'ministers' }, { from: 'yesterday', to: '2026-03-01' })).rejects.toMatchObject({ code: 'invalid' });
});

test('each export is an entry in the audit chain: who, which period, which format, and the hash of the bytes released', async () => {
  const em = h.orm.em.fork();
  const before = await em.count(AuditEvent, { type: 'EVALUATION_RETURN_EXPORTED' });
  const period = { from: '2026-04-01', to: '2026-07-01' };
  const json = await h.http.get('/api/reports/evaluation').query(period).set('Authorization', tokens.inspector).expect(200);
  const csv = await h.http
    .get('/api/reports/evaluation')
    .query({ ...period, format: 'csv' })
    .set('Authorization', tokens.ministers)
    .expect(200);
  await h.http.get('/api/reports/evaluation/dictionary').set('Authorization', tokens.ministers).expect(200);
  await h.http.get('/api/reports/evaluation').query({ from: '2026-07-01', to: '2026-04-01' }).set('Authorization', tokens.ministers).expect(422);
  const entries = await em.find(AuditEvent, { type: 'EVALUATION_RETURN_EXPORTED' }, { orderBy: { seq: 'asc' } });
  expect(entries).toHaveLength(before + 2);
  const [a, b] = entries.slice(-2);
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  expect(a).toMatchObject({ placementId: null, actorRole: 'inspector', actorOrganisationId: 'scot-care-inspectorate' });
  expect(a.payload).toMatchObject({ ...period, format: 'json', via: 'GET /api/reports/evaluation', threshold: THRESHOLD, sha256: sha(json.text) });
  expect(b).toMatchObject({ actorRole: 'ministers' });
  expect(b.payload).toMatchObject({ ...period, format: 'csv', sha256: sha(csv.text) });
  expect((await h.http.get('/api/audit/verify').set('Authorization', ADMIN).expect(200)).body.ok).toBe(true);
});

test('bad periods get problem details naming the field', async () => {
  const problem = async (query: Record<string, string>) => {
    const res = await h.http.get('/api/reports/evaluation').query(query).set('Authorization', tokens.ministers);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    return res.body.errors.map((e: { path: string }) => e.path);
  };
  expect(await problem({ to: '2026-09-01' })).toEqual(['query.from']);
  expect(await problem({ from: '2026-03-01' })).toEqual(['query.to']);
  expect(await problem({ from: '2026-09-01', to: '2026-03-01' })).toEqual(['query.to']);
  expect(await problem({ from: '2026-03-01', to: '2026-03-01' })).toEqual(['query.to']);
  expect(await problem({ from: '2026-02-30', to: '2026-09-01' })).toEqual(['query.from']);
  expect(await problem({ from: '2026-03-01T10:00:00Z', to: '2026-09-01' })).toEqual(['query.from']);
  expect(await problem({ from: '1066-10-14', to: '2026-09-01' })).toEqual(['query.from']);
  expect(await problem({ from: '2026-03-01', to: '2026-09-01', format: 'xlsx' })).toEqual(['query.format']);
  expect(await problem({ from: '2026-03-01', to: '2026-09-01', placingAuthorityId: 'E08000025' })).toEqual(['query.placingAuthorityId']);
  // Today is 1 March 2027 (London): a period may end today (to = tomorrow), not later.
  expect(await problem({ from: '2027-01-01', to: '2027-03-03' })).toEqual(['query.to']);
  await h.http.get('/api/reports/evaluation').query({ from: '2027-01-01', to: '2027-03-02' }).set('Authorization', tokens.ministers).expect(200);
});

test('the dictionary defines every table, every column and every fixed row of the return, with its sources', async () => {
  const r = await exported(PERIODS[2]);
  expect(dictionary.tables.map((t) => t.id)).toEqual(r.tables.map((t) => t.id));
  for (const t of r.tables) {
    const d = dictionary.tables.find((x) => x.id === t.id)!;
    for (const c of t.columns) expect([t.id, c.key, d.columns.find((x) => x.key === c.key)?.definition]).toEqual([t.id, c.key, expect.stringMatching(/\w{3}/)]);
    if (d.categories)
      for (const row of t.rows)
        expect([t.id, row.key, d.categories.find((x) => x.key === row.key)?.definition]).toEqual([t.id, row.key, expect.stringMatching(/\w{3}/)]);
  }
  const full = dictionary;
  expect(full.suppression).toMatchObject({
    rule: 'P.small-cell-threshold',
    threshold: THRESHOLD,
    confidence: 'infer',
    citation: expect.stringContaining('Code of Practice'),
  });
  expect(full.csv.columns.map((c) => c.name)).toEqual(['period_from', 'period_to', 'table', 'row', 'row_label', 'column', 'column_label', 'value']);
  const sources = full.tables.find((t) => t.id === 'renotification')?.sources.map((s) => s.rule);
  expect(sources).toEqual(expect.arrayContaining(['C3.order-change-renotify', 'END.end-notice']));
  for (const t of full.tables) for (const s of t.sources) expect(s.citation).not.toBe('');
});

test('the OpenAPI document describes both routes, the return as JSON and CSV', async () => {
  const doc = (await h.http.get('/api/openapi.json')).body;
  const op = doc.paths['/api/reports/evaluation'].get;
  expect(Object.keys(op.responses['200'].content)).toEqual(['application/json', 'text/csv']);
  expect(op['x-roles']).toEqual(['ministers', 'inspector']);
  expect(op.parameters.map((p: { name: string; required: boolean }) => [p.name, p.required])).toEqual([
    ['from', true],
    ['to', true],
    ['format', false],
  ]);
  expect(doc.paths['/api/reports/evaluation/dictionary'].get).toBeDefined();
});
