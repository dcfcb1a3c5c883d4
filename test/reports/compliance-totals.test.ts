// The compliance report counts in SQL; here every figure is checked against the report's definition
// applied row by row (each deadline row judged by rowOutcome, medians over the rows' own timings), on
// the seeded plans plus rows that exercise the corners: overdue open clocks under a rulebook the
// registry does not know, a clock that ends the regime, a status the report does not count.
import { randomUUID } from 'node:crypto';
import { localDate } from '../../machines/calendar';
import { placementReference } from '../../machines/placement';
import { activeRulebook, rulebooks } from '../../machines/rulebook';
import { complianceBreakdown } from '../../src/reports/breakdown';
import { complianceReport } from '../../src/reports/compliance';
import type { ReportFilters } from '../../src/reports/deadline-scan';
import { drillDown } from '../../src/reports/drill-down';
import { hoursBetween, median, OUTCOMES, rowOutcome, type Outcome } from '../../src/reports/outcome';
import { Deadline, Placement } from '../../src/store/entities';
import { reportReads, type ReportReads } from '../../src/store/report-reads';
import { startHarness, type Harness } from '../support/api-harness';
import { HOSTS, makePlan, PLACING, REPORT_NOW, type Plan } from './seed-plan';
import { scanDeadlines, type DeadlineFact } from './deadline-rows';
import { runPlan, seedPlans } from './seed-store';

const plans: Plan[] = Array.from({ length: 160 }, (_, i) => makePlan(1000 + i));
let h: Harness;
/** The report's own read-only connections on the harness's database file, as the app opens them. */
let reads: ReportReads;

/** The report's figures computed the slow way: every row read and judged on its own. */
async function rowByRow(filters: ReportFilters) {
  const counts = new Map<string, Record<'due' | Outcome, number>>();
  const early = new Map<string, number[]>();
  const late = new Map<string, number[]>();
  const nowMs = REPORT_NOW.getTime();
  await scanDeadlines(h.orm.em.fork(), filters, (rows) => {
    for (const r of rows) {
      const outcome = rowOutcome(rulebooks[r.rulebookId], r.rule, r.status, r.dueMs, r.metMs, nowMs);
      if (outcome === null) continue;
      const c = counts.get(r.rule) ?? { due: 0, met: 0, late: 0, missed: 0, open: 0 };
      counts.set(r.rule, c);
      c.due++;
      c[outcome]++;
      if (r.metMs === null) continue;
      if (outcome === 'met') early.set(r.rule, [...(early.get(r.rule) ?? []), hoursBetween(r.metMs, r.dueMs)]);
      if (outcome === 'late') late.set(r.rule, [...(late.get(r.rule) ?? []), hoursBetween(r.dueMs, r.metMs)]);
    }
  });
  return { counts, early, late };
}

beforeAll(async () => {
  h = await startHarness({}, { clock: () => REPORT_NOW });
  reads = reportReads(h.orm);
  await seedPlans(h.orm, plans);
  // A placement under a rulebook the registry no longer holds, with overdue open clocks of each kind.
  const em = h.orm.em.fork();
  const id = randomUUID();
  const at = new Date('2026-05-04T10:00:00Z');
  em.create(Placement, {
    id,
    placingAuthorityId: PLACING[0].id,
    hostAuthorityId: HOSTS[0],
    setting: 'residential',
    legalBasisType: 'care-order',
    state: 'placed',
    legalStatus: 'recognised',
    // A real snapshot; the rows below and the rulebook column are what the report reads.
    snapshot: runPlan(makePlan(999)),
    machineVersion: 1,
    rulebookVersion: 'ssi-2026-31@0',
    createdAt: at,
    updatedAt: at,
  });
  const row = (rule: string, status: Deadline['status'], dueAt: string, metAt: string | null = null) =>
    em.create(Deadline, {
      id: `${id}:${rule}#${status}`,
      placementId: id,
      placingAuthorityId: PLACING[0].id,
      rule,
      citation: 'x',
      dueAt: new Date(dueAt),
      status,
      metAt: metAt ? new Date(metAt) : null,
      firedAt: null,
      openedAt: at,
    });
  row('C1.notice-before-arrival', 'open', '2026-05-06T10:00:00Z');
  row('C11.age-18', 'open', '2026-06-01T00:00:00Z');
  row('C8.visit', 'open', '2026-06-01T00:00:00Z');
  row('C8.visit', 'superseded' as Deadline['status'], '2026-06-02T00:00:00Z'); // not a status the report counts
  row('C7.advocacy-offer', 'missed', '2026-05-10T23:59:59.999Z', '2026-05-12T08:30:00Z');
  await em.flush();
  // And, under the active rulebook, overdue open clocks the sweep has not reached.
  const p = plans[0];
  const own = h.orm.em.fork();
  own.create(Deadline, {
    id: `${p.id}:C11.age-18#late-sweep`,
    placementId: p.id,
    placingAuthorityId: p.placingAuthorityId,
    rule: 'C11.age-18',
    citation: 'x',
    dueAt: new Date('2026-07-01T00:00:00Z'),
    status: 'open',
    metAt: null,
    firedAt: null,
    openedAt: at,
  });
  await own.flush();
});
afterAll(async () => {
  await reads.close();
  await h.close();
});

test.each<[string, ReportFilters]>([
  ['everything', {}],
  ['one placing authority', { placingAuthorityId: PLACING[0].id }],
  ['one host, one period', { hostAuthorityId: HOSTS[0], from: '2026-03-01', to: '2026-09-01' }],
  ['setting and legal basis', { setting: 'residential', legalBasis: 'care-order' }],
  ['a period only', { from: '2026-09-01T00:00:00+01:00' }],
])('%s: counts and medians equal the row-by-row judgement', async (_name, filters) => {
  const report = await complianceReport(reads, filters, REPORT_NOW);
  const expected = await rowByRow(filters);
  let checked = 0;
  for (const r of report.rules) {
    const c = expected.counts.get(r.rule) ?? { due: 0, met: 0, late: 0, missed: 0, open: 0 };
    expect({ rule: r.rule, due: r.due, met: r.metOnTime, late: r.late, missed: r.missed, open: r.open }).toEqual({ rule: r.rule, ...c });
    expect(r.medianHoursEarly).toBe(median(expected.early.get(r.rule) ?? []));
    expect(r.medianHoursLate).toBe(median(expected.late.get(r.rule) ?? []));
    checked += r.due;
  }
  expect(checked).toBe([...expected.counts.values()].reduce((a, c) => a + c.due, 0));
  expect(checked).toBeGreaterThan(0);
});

test('an overdue open clock is judged under its own placement rulebook', async () => {
  const report = await complianceReport(reads, { placingAuthorityId: PLACING[0].id, from: '2026-05-05', to: '2026-05-07' }, REPORT_NOW);
  const c1 = report.rules.find((r) => r.rule === 'C1.notice-before-arrival')!;
  // Under the active rulebook C1 waits for arrival (open); under an unknown one nothing says so: missed.
  expect(activeRulebook.clocks['C1.notice-before-arrival'].clock.kind).toBe('before-event');
  expect(c1.missed).toBeGreaterThanOrEqual(1);
  const all = await rowByRow({ placingAuthorityId: PLACING[0].id, from: '2026-05-05', to: '2026-05-07' });
  expect(c1.missed).toBe(all.counts.get('C1.notice-before-arrival')!.missed);
});

const SPLITS: [string, ReportFilters][] = [
  ['everything', {}],
  ['one placing authority', { placingAuthorityId: PLACING[0].id }],
  ['one host, one period', { hostAuthorityId: HOSTS[0], from: '2026-03-01', to: '2026-09-01' }],
  ['setting and legal basis', { setting: 'residential', legalBasis: 'care-order' }],
];

/** Every row the report counts, with its outcome as rowOutcome judges it, one by one. */
async function judgedRows(filters: ReportFilters): Promise<(DeadlineFact & { outcome: Outcome })[]> {
  const judged: (DeadlineFact & { outcome: Outcome })[] = [];
  await scanDeadlines(h.orm.em.fork(), filters, (rows) => {
    for (const r of rows) {
      const outcome = rowOutcome(rulebooks[r.rulebookId], r.rule, r.status, r.dueMs, r.metMs, REPORT_NOW.getTime());
      if (outcome !== null) judged.push({ ...r, outcome });
    }
  });
  return judged;
}

const COUNT_KEY = { met: 'metOnTime', late: 'late', missed: 'missed', open: 'open' } as const;

/** Outcome counts of `rows` per key, in key order. */
function countsBy<R extends { outcome: Outcome }>(rows: R[], keyOf: (row: R) => string): [string, Record<string, number>][] {
  const counts = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const key = keyOf(row);
    const c = counts.get(key) ?? { due: 0, metOnTime: 0, late: 0, missed: 0, open: 0 };
    counts.set(key, c);
    c.due++;
    c[COUNT_KEY[row.outcome]]++;
  }
  return [...counts].sort(([a], [b]) => a.localeCompare(b));
}

const londonMonth = (ms: number) => localDate(new Date(ms).toISOString()).slice(0, 7);

test.each(SPLITS)('%s: the breakdown by placing authority and by month equals the row-by-row judgement and adds up to the report', async (_name, filters) => {
  const breakdown = await complianceBreakdown(reads, filters, REPORT_NOW);
  const report = await complianceReport(reads, filters, REPORT_NOW);
  const rows = await judgedRows(filters);
  expect(breakdown.byPlacingAuthority).toEqual(countsBy(rows, (r) => r.placingAuthorityId).map(([organisationId, totals]) => ({ organisationId, totals })));
  expect(breakdown.byMonth).toEqual(countsBy(rows, (r) => londonMonth(r.dueMs)).map(([month, totals]) => ({ month, totals })));
  for (const split of [breakdown.byPlacingAuthority, breakdown.byMonth]) {
    const sum = { due: 0, metOnTime: 0, late: 0, missed: 0, open: 0 };
    for (const { totals } of split) for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += totals[k];
    expect(sum).toEqual(report.totals);
  }
  expect(breakdown.byMonth.length).toBeGreaterThan(3);
});

test.each(SPLITS)(
  "%s: each cell's drill-down lists the rows judged so, ordered by due time, placement and row, and totals the cell",
  async (_name, filters) => {
    const report = await complianceReport(reads, filters, REPORT_NOW);
    const rows = await judgedRows(filters);
    const item = (r: DeadlineFact) => ({
      placementId: r.placementId,
      reference: placementReference(r.placementId),
      deadlineId: r.id.slice(r.placementId.length + 1),
      dueAt: new Date(r.dueMs).toISOString(),
      metAt: r.metMs === null ? null : new Date(r.metMs).toISOString(),
    });
    // The order the drill-down has always had: UTC instants sort as strings, then placement, then row.
    const key = (i: ReturnType<typeof item>) => `${i.dueAt}|${i.placementId}|${i.deadlineId}`;
    let checked = 0;
    for (const row of report.rules)
      for (const outcome of OUTCOMES) {
        const expected = rows
          .filter((r) => r.rule === row.rule && r.outcome === outcome)
          .map(item)
          .sort((a, b) => (key(a) < key(b) ? -1 : 1));
        const all = await drillDown(reads, filters, row.rule, outcome, REPORT_NOW, { limit: 100_000, offset: 0 });
        expect({ rule: row.rule, outcome, total: all.total }).toEqual({ rule: row.rule, outcome, total: row[COUNT_KEY[outcome]] });
        expect(all.items).toEqual(expected);
        const page = await drillDown(reads, filters, row.rule, outcome, REPORT_NOW, { limit: 3, offset: 2 });
        expect(page).toEqual({ total: expected.length, items: expected.slice(2, 5) });
        checked += all.total;
      }
    expect(checked).toBe(report.totals.due);
    expect(checked).toBeGreaterThan(0);
  },
);

describe('months are London months', () => {
  const AUTHORITY = 'E06000001'; // no other placement here
  // Each due time, and the London month it falls in: either side of midnight London time at the start of a
  // month in summer time (BST, UTC+1) and in winter (GMT).
  const DUE: [string, string][] = [
    ['2026-03-31T22:59:59.999Z', '2026-03'],
    ['2026-03-31T23:00:00.000Z', '2026-04'],
    ['2026-05-31T22:30:00.000Z', '2026-05'],
    ['2026-05-31T23:30:00.000Z', '2026-06'],
    ['2026-10-31T23:30:00.000Z', '2026-10'],
    ['2026-11-30T23:30:00.000Z', '2026-11'],
    ['2026-11-30T23:59:59.999Z', '2026-11'],
    ['2026-12-01T00:00:00.000Z', '2026-12'],
  ];

  beforeAll(async () => {
    const em = h.orm.em.fork();
    const id = randomUUID();
    const at = new Date('2026-03-01T10:00:00Z');
    em.create(Placement, {
      id,
      placingAuthorityId: AUTHORITY,
      hostAuthorityId: HOSTS[0],
      setting: 'residential',
      legalBasisType: 'care-order',
      state: 'placed',
      legalStatus: 'recognised',
      snapshot: runPlan(makePlan(998)),
      machineVersion: 1,
      rulebookVersion: activeRulebook.id,
      createdAt: at,
      updatedAt: at,
    });
    DUE.forEach(([dueAt], i) =>
      em.create(Deadline, {
        id: `${id}:C7.advocacy-offer#${i}`,
        placementId: id,
        placingAuthorityId: AUTHORITY,
        rule: 'C7.advocacy-offer',
        citation: 'x',
        dueAt: new Date(dueAt),
        status: 'met',
        metAt: new Date(Date.parse(dueAt) - 3_600_000),
        firedAt: null,
        openedAt: at,
      }),
    );
    await em.flush();
  });

  const monthsOf = (due: [string, string][]) =>
    countsBy(
      due.map(([, month]) => ({ month, outcome: 'met' as const })),
      (r) => r.month,
    ).map(([month, totals]) => ({ month, totals }));

  test('a deadline falls in the month it is due in London', async () => {
    const breakdown = await complianceBreakdown(reads, { placingAuthorityId: AUTHORITY }, REPORT_NOW);
    expect(breakdown.byMonth).toEqual(monthsOf(DUE));
    expect(breakdown.byMonth.map((m) => m.month)).toEqual(['2026-03', '2026-04', '2026-05', '2026-06', '2026-10', '2026-11', '2026-12']);
    expect(breakdown.byPlacingAuthority).toEqual([
      { organisationId: AUTHORITY, totals: { due: DUE.length, metOnTime: DUE.length, late: 0, missed: 0, open: 0 } },
    ]);
  });

  test('a period from a London date starts at that midnight', async () => {
    // 1 June 2026 starts at 23:00 UTC on 31 May; 1 December at midnight UTC.
    const breakdown = await complianceBreakdown(reads, { placingAuthorityId: AUTHORITY, from: '2026-06-01', to: '2026-12-01' }, REPORT_NOW);
    expect(breakdown.byMonth).toEqual(monthsOf(DUE.filter(([dueAt]) => dueAt >= '2026-05-31T23:00' && dueAt < '2026-12-01')));
    expect(breakdown.byMonth.map((m) => m.month)).toEqual(['2026-06', '2026-10', '2026-11']);
  });
});
