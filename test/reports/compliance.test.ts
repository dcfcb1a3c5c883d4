// The compliance report over 240 seeded placements whose outcomes the plan fixes in advance: every
// count, filter, median, CSV cell and drill-down list is checked against totals computed here from the
// plan alone.
import { parse } from 'csv-parse/sync';
import { activeRulebook as book } from '../../machines/rulebook';
import { startHarness, type Harness } from '../support/api-harness';
import { COHORT_WINDOWS, currentLegalBasis, expectedDeadlines, HOSTS, makePlan, PLACING, REPORT_NOW, type Plan } from './seed-plan';
import { seedPlans } from './seed-store';

const N = 240;
const plans: Plan[] = Array.from({ length: N }, (_, i) => makePlan(i));
const ALL_RULES = [...Object.keys(book.clocks), ...Object.keys(book.visits)];
const KEY = { met: 'metOnTime', late: 'late', missed: 'missed', open: 'open' } as const;

let h: Harness;
let inspector: string;
let ministers: string;

beforeAll(async () => {
  h = await startHarness({}, { clock: () => REPORT_NOW });
  await seedPlans(h.orm, plans);
  inspector = await h.userToken('inspector', 'scot-care-inspectorate');
  ministers = await h.userToken('ministers', 'scot-scottish-ministers');
}, 120_000); // seeding the whole plan population: seconds alone, longer on a machine busy with other suites
afterAll(() => h.close());

interface Filter {
  placingAuthorityId?: string;
  hostAuthorityId?: string;
  setting?: string;
  legalBasis?: string;
  /** Cohort window(s) the period covers. */
  windows?: (0 | 1)[];
}

/** What the plan says each rule's counts must be, for placements and deadlines matching `f`. */
function expected(f: Filter) {
  const counts = new Map(ALL_RULES.map((r) => [r, { due: 0, metOnTime: 0, late: 0, missed: 0, open: 0 }]));
  const cells: Record<string, Set<string>> = {};
  const hours: Record<string, (number | undefined)[]> = {};
  for (const p of plans) {
    if (f.placingAuthorityId && p.placingAuthorityId !== f.placingAuthorityId) continue;
    if (f.hostAuthorityId && p.hostAuthorityId !== f.hostAuthorityId) continue;
    if (f.setting && p.setting !== f.setting) continue;
    if (f.legalBasis && currentLegalBasis(p) !== f.legalBasis) continue;
    for (const d of expectedDeadlines(p)) {
      if (f.windows && (d.window === 'future' || !f.windows.includes(d.window))) continue;
      const c = counts.get(d.rule)!;
      c.due++;
      c[KEY[d.outcome]]++;
      (cells[`${d.rule}/${d.outcome}`] ??= new Set()).add(p.id);
      (hours[`${d.rule}/${d.outcome}`] ??= []).push(d.hours);
    }
  }
  return { counts, cells, hours };
}

const period = (w: 0 | 1) => COHORT_WINDOWS[w];

async function report(params: Record<string, string>, token = inspector) {
  const res = await h.http.get('/api/reports/compliance').query(params).set('Authorization', token);
  expect(res.status).toBe(200);
  return res.body as { rules: Record<string, any>[]; totals: Record<string, number>; period: Record<string, string | null> };
}

function expectCounts(body: { rules: Record<string, any>[]; totals: Record<string, number> }, f: Filter) {
  const { counts } = expected(f);
  expect(body.rules.map((r) => r.rule)).toEqual(ALL_RULES);
  const got = Object.fromEntries(body.rules.map((r) => [r.rule, { due: r.due, metOnTime: r.metOnTime, late: r.late, missed: r.missed, open: r.open }]));
  expect(got).toEqual(Object.fromEntries(counts));
  const total = [...counts.values()].reduce((a, c) => a + c.due, 0);
  expect(body.totals.due).toBe(total);
  expect(total).toBeGreaterThan(0);
}

test('the seed has every outcome the report distinguishes', () => {
  const { counts } = expected({});
  const sum = (k: 'metOnTime' | 'late' | 'missed' | 'open') => [...counts.values()].reduce((a, c) => a + c[k], 0);
  expect(plans.length).toBeGreaterThanOrEqual(200);
  for (const k of ['metOnTime', 'late', 'missed', 'open'] as const) expect(sum(k)).toBeGreaterThan(10);
  for (const rule of ['C1.notice-before-arrival', 'C3.order-change-renotify', 'C7.advocacy-offer', 'C8.first-visit', 'END.end-notice'])
    expect(['metOnTime', 'late', 'missed'].every((k) => (counts.get(rule) as Record<string, number>)[k] > 0)).toBe(true);
});

test('all placements, every period: counts per rule match the plan', async () => {
  const body = await report({});
  expectCounts(body, {});
  const c3 = body.rules.find((r) => r.rule === 'C3.order-change-renotify')!;
  expect(c3).toMatchObject({ title: book.clocks['C3.order-change-renotify'].title, citation: book.clocks['C3.order-change-renotify'].citation });
  expect(c3.rates.metOnTime).toBeCloseTo(c3.metOnTime / c3.due, 4);
  expect(c3.rates.metOnTime + c3.rates.late + c3.rates.missed + c3.rates.open).toBeCloseTo(1, 3);
  // A clock nothing fell due for has a row of zeros and no rates.
  expect(body.rules.find((r) => r.rule === 'C9.enforcement-cure')).toMatchObject({ due: 0, rates: { metOnTime: null }, medianHoursEarly: null });
});

test.each([
  ['placing authority', { placingAuthorityId: PLACING[1].id }],
  ['host authority', { hostAuthorityId: HOSTS[2] }],
  ['setting', { setting: 'foster' }],
  ['legal basis (DoL)', { legalBasis: 'dol-order' }],
  ['legal basis (current, after order changes)', { legalBasis: 'care-order' }],
])('filter by %s', async (_name, f: Filter) => {
  expectCounts(await report(f as Record<string, string>), f);
});

test('period: dates (midnight in London) and instants with an offset; [from, to)', async () => {
  expectCounts(await report({ from: period(0).from, to: period(0).to }), { windows: [0] });
  expectCounts(await report({ from: '2026-09-01T00:00:00+01:00', to: '2027-03-01T00:00:00Z' }), { windows: [1] });
  // Only `from`: both cohorts but not the 18th birthdays (2030) once `to` bounds them.
  expectCounts(await report({ from: period(0).from, to: '2028-01-01' }), { windows: [0, 1] });
  const combined = { placingAuthorityId: PLACING[0].id, setting: 'residential', hostAuthorityId: HOSTS[0] };
  expectCounts(await report({ ...combined, from: period(1).from, to: period(1).to }), { ...combined, windows: [1] });
});

test('medians of hours early (met) and late, over the deadlines the plan times to the minute', async () => {
  const body = await report({ from: period(0).from, to: period(0).to });
  const { hours } = expected({ windows: [0] });
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  let checked = 0;
  for (const rule of ['C1.notice-before-arrival', 'C3.order-change-renotify', 'C7.advocacy-offer', 'C8.first-visit', 'END.end-notice']) {
    const row = body.rules.find((r) => r.rule === rule)!;
    for (const [outcome, field] of [
      ['met', 'medianHoursEarly'],
      ['late', 'medianHoursLate'],
    ] as const) {
      const xs = hours[`${rule}/${outcome}`] ?? [];
      if (xs.length === 0) expect(row[field]).toBeNull();
      else {
        expect(xs.every((x) => x !== undefined)).toBe(true);
        expect(row[field]).toBe(median(xs as number[]));
        checked++;
      }
    }
  }
  expect(checked).toBeGreaterThanOrEqual(8);
  // C1's lead time is the same in both cohorts: 48 hours before the planned start.
  expect((await report({})).rules.find((r) => r.rule === 'C1.notice-before-arrival')!.medianHoursEarly).toBe(48);
});

test('CSV: a header and one row per rule, with the same numbers as JSON', async () => {
  const params = { hostAuthorityId: HOSTS[1], from: period(0).from, to: period(1).to };
  const json = await report(params);
  const res = await h.http
    .get('/api/reports/compliance')
    .query({ ...params, format: 'csv' })
    .set('Authorization', ministers);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.csv"$/);
  expect(res.text).toMatch(/\r\n$/);
  const rows: Record<string, string>[] = parse(res.text, { columns: true });
  expect(rows.map((r) => r.rule)).toEqual(json.rules.map((r) => r.rule));
  const num = (s: string) => (s === '' ? null : Number(s));
  rows.forEach((row, i) => {
    const j = json.rules[i];
    expect(row.title).toBe(j.title);
    expect(row.citation).toBe(j.citation); // citations hold commas and quotes: RFC 4180 quoting round-trips them
    expect(['due', 'metOnTime', 'late', 'missed', 'open'].map((k) => num(row[k]))).toEqual(['due', 'metOnTime', 'late', 'missed', 'open'].map((k) => j[k]));
    expect([num(row.metOnTimeRate), num(row.lateRate), num(row.missedRate), num(row.openRate)]).toEqual([
      j.rates.metOnTime,
      j.rates.late,
      j.rates.missed,
      j.rates.open,
    ]);
    expect([num(row.medianHoursEarly), num(row.medianHoursLate)]).toEqual([j.medianHoursEarly, j.medianHoursLate]);
  });
  expect(json.rules.some((r) => /[",]/.test(r.citation))).toBe(true);
});

test('drill-down: the placements behind a cell, same filters, total = the count', async () => {
  const params = { legalBasis: 'care-order', from: period(0).from, to: period(0).to };
  const body = await report(params);
  const { cells } = expected({ legalBasis: 'care-order', windows: [0] });
  let checked = 0;
  for (const rule of ['C3.order-change-renotify', 'C7.advocacy-offer', 'C1.notice-before-arrival']) {
    const row = body.rules.find((r) => r.rule === rule)!;
    for (const outcome of ['met', 'late', 'missed', 'open'] as const) {
      const url: string = row.drillDown[outcome];
      expect(url).toContain('legalBasis=care-order');
      const res = await h.http.get(url).query({ limit: '1000' }).set('Authorization', inspector);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(row[KEY[outcome]]);
      expect(new Set(res.body.items.map((i: { placementId: string }) => i.placementId))).toEqual(cells[`${rule}/${outcome}`] ?? new Set());
      checked += res.body.total;
    }
  }
  expect(checked).toBeGreaterThan(50);
  const missed = body.rules.find((r) => r.rule === 'C7.advocacy-offer')!;
  const page = await h.http.get(missed.drillDown.missed).query({ limit: '2', offset: '1' }).set('Authorization', ministers);
  expect(page.body).toMatchObject({ rule: 'C7.advocacy-offer', outcome: 'missed', total: missed.missed, limit: 2, offset: 1 });
  expect(page.body.items[0]).toEqual({
    placementId: expect.any(String),
    reference: expect.stringMatching(/^CBP-/),
    deadlineId: expect.stringMatching(/^C7\.advocacy-offer#\d+$/),
    dueAt: expect.any(String),
    metAt: null,
  });
});

test('only inspectors and the Ministers may read reports', async () => {
  const placing = await h.userToken('placing', PLACING[0].id);
  const host = await h.userToken('host', HOSTS[0]);
  for (const token of [placing, host]) {
    expect((await h.http.get('/api/reports/compliance').set('Authorization', token)).status).toBe(403);
    expect((await h.http.get('/api/reports/compliance/placements?rule=C1.notice-before-arrival&outcome=met').set('Authorization', token)).status).toBe(403);
  }
  expect((await h.http.get('/api/reports/compliance')).status).toBe(401);
});

test.each([
  [{ from: '2026-02-30' }, 'query.from'],
  [{ from: '01/03/2026' }, 'query.from'],
  [{ to: '2026-03-01T10:00:00' }, 'query.to'], // no offset: ambiguous
  [{ from: '2026-06-01', to: '2026-03-01' }, 'query.to'],
  [{ setting: 'secure' }, 'query.setting'],
  [{ legalBasis: 'wardship' }, 'query.legalBasis'],
  [{ format: 'xlsx' }, 'query.format'],
  [{ colour: 'red' }, 'query.colour'],
])('422 naming the field: %j', async (query, path) => {
  const res = await h.http.get('/api/reports/compliance').query(query).set('Authorization', inspector);
  expect(res.status).toBe(422);
  expect(res.type).toBe('application/problem+json');
  expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
});

test('drill-down validates its rule and outcome', async () => {
  const res = await h.http.get('/api/reports/compliance/placements?rule=C99.nothing&outcome=late').set('Authorization', inspector);
  expect(res.status).toBe(422);
  expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.rule']);
  const noOutcome = await h.http.get('/api/reports/compliance/placements?rule=C1.notice-before-arrival').set('Authorization', inspector);
  expect(noOutcome.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.outcome']);
});
