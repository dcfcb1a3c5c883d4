// The counts of the child's voice and relationships over a seeded population: each equals a count made
// independently from the seeding plan, with small-cell suppression applied; the reviewers read them, nobody
// else does; and no cell identifies a child.
import { createServices } from '../../src/services';
import { SYSTEM_ACTOR, type AuthUser } from '../../src/services/actor';
import { openOrm } from '../../src/store/orm';
import { withSql } from '../../src/store/sql';
import { suppress, TOTAL } from '../../src/reports/suppression';
import { RELATIONSHIP_COLUMNS, RELATIONSHIP_SUPPRESSION, type RelationshipColumn } from '../../src/reports/relationships';
import { startHarness, type Harness } from '../support/api-harness';
import { deliverNotice, draftBody, HOST_ORG, signatory } from './placement-fixtures';
import { DraftSchema, type UserEventInput } from '../../machines/placement';

const AUTHORITIES = { E08000025: 12, W06000015: 8, E06000001: 3 } as const; // Birmingham, Cardiff, Hartlepool
const ARRIVED = '2026-03-05T11:00:00Z';
const ARRANGED = '2026-03-06T10:00:00Z';
const TO = '2026-05-01';
const recordedBy = { name: 'Sam Patel', role: 'Social worker' };

/** The seeding plan for child `i`: what is recorded, from which the expected counts follow by hand. */
function plan(i: number) {
  return {
    siblings: (['together', 'apart', 'none', 'both'] as const)[i % 4],
    familyTime: i % 3 === 0, // weekly video from ARRANGED
    held: i % 3 === 0 ? i % 4 : 0,
    missed: i % 3 === 0 ? 1 : 0,
    review: (['with-views', 'with-views', 'without-views', 'none', 'none'] as const)[i % 5],
  };
}

let h: Harness;
let now = new Date('2026-03-01T09:00:00Z');
const tokens: Record<string, string> = {};
/** Each child's placement, with the placing authority's social worker and the child's number in the plan. */
const seeded: { id: string; auth: AuthUser; i: number }[] = [];

beforeAll(async () => {
  h = await startHarness({}, { clock: () => now });
  const s = h.services;
  let i = 0;
  for (const [org, n] of Object.entries(AUTHORITIES)) {
    const user = (await s.users.create(SYSTEM_ACTOR, { email: `sw@${org}.test`, name: 'SW', role: 'placing', organisationId: org }, { delivery: 'caller' }))
      .user;
    const auth = { id: user.id, email: user.email, name: user.name, role: user.role, organisationId: org };
    for (let k = 0; k < n; k++, i++) {
      const p = plan(i);
      now = new Date('2026-03-01T09:00:00Z');
      const { id } = await s.placements.create(auth, DraftSchema.parse(draftBody()));
      seeded.push({ id, auth, i });
      now = new Date('2026-05-01T00:00:00Z');
      const send = (e: UserEventInput) => s.placements.send(auth, id, e);
      await send({ type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T09:00:00Z' });
      await deliverNotice(h, id, '2026-03-03T09:05:00Z');
      await send({ type: 'CHILD_ARRIVED', at: ARRIVED });
      const apart = { relationship: 'full', livesWhere: 'home-nation', separationReason: 'With Dad', contactPlan: 'Calls' } as const;
      const together = { relationship: 'full', livesWhere: 'same-placement' } as const;
      if (p.siblings === 'together' || p.siblings === 'both') await send({ type: 'SIBLING_RECORDED', sibling: together, at: '2026-03-06T09:00:00Z' });
      if (p.siblings === 'apart' || p.siblings === 'both') await send({ type: 'SIBLING_RECORDED', sibling: apart, at: '2026-03-06T09:00:00Z' });
      if (p.familyTime) {
        await send({
          type: 'FAMILY_TIME_ARRANGED',
          arrangement: { who: 'Mum', relationship: 'parent', how: 'video', frequency: { times: 1, per: 'week' } },
          at: ARRANGED,
        });
        for (let d = 0; d < p.held; d++)
          await send({ type: 'FAMILY_TIME_RECORDED', session: { arrangementId: 'F1', held: true }, at: `2026-03-1${d}T18:00:00Z` });
        for (let d = 0; d < p.missed; d++)
          await send({ type: 'FAMILY_TIME_RECORDED', session: { arrangementId: 'F1', held: false, missedReason: 'illness' }, at: '2026-03-20T18:00:00Z' });
      }
      if (p.review !== 'none')
        await send({
          type: 'REVIEW_RECORDED',
          ...(p.review === 'with-views' ? { childViews: { method: 'direct', said: `Child ${i} is fine`, recordedBy } } : {}),
          at: '2026-03-25T10:00:00Z',
        });
    }
  }
  tokens.inspector = await h.userToken('inspector', 'scot-care-inspectorate');
  tokens.ministers = await h.userToken('ministers', 'scot-scottish-ministers');
  tokens.placing = await h.userToken('placing', 'E08000025');
  tokens.host = await h.userToken('host', HOST_ORG);
}, 120_000);
afterAll(() => h.close());

/** The counts, made from the plan alone. */
function expected(): { key: string; cells: Record<RelationshipColumn, number> }[] {
  const weeks = Math.floor((Date.parse(`${TO}T00:00:00+01:00`) - Date.parse(ARRANGED)) / (7 * 86_400_000));
  const rows: { key: string; cells: Record<RelationshipColumn, number> }[] = [];
  let i = 0;
  const zero = (): Record<RelationshipColumn, number> => ({
    children: 0,
    childrenWithSiblings: 0,
    childrenSeparatedFromSiblings: 0,
    childrenWithFamilyTime: 0,
    familyTimePlanned: 0,
    familyTimeHeld: 0,
    familyTimeMissed: 0,
    childrenReviewed: 0,
    childrenViewsAtLastReview: 0,
  });
  const total = zero();
  for (const [org, n] of Object.entries(AUTHORITIES)) {
    const c = zero();
    for (let k = 0; k < n; k++, i++) {
      const p = plan(i);
      c.children++;
      if (p.siblings !== 'none') c.childrenWithSiblings++;
      if (p.siblings === 'apart' || p.siblings === 'both') c.childrenSeparatedFromSiblings++;
      if (p.familyTime) {
        c.childrenWithFamilyTime++;
        c.familyTimePlanned += weeks;
        c.familyTimeHeld += p.held;
        c.familyTimeMissed += p.missed;
      }
      if (p.review !== 'none') c.childrenReviewed++;
      if (p.review === 'with-views') c.childrenViewsAtLastReview++;
    }
    rows.push({ key: org, cells: c });
    for (const k of RELATIONSHIP_COLUMNS) total[k] += c[k];
  }
  return [...rows.sort((a, b) => a.key.localeCompare(b.key)), { key: TOTAL, cells: total }];
}

test('per placing authority: each count equals the independent count, suppressed below the threshold', async () => {
  const res = await h.http.get(`/api/reports/relationships?groupBy=placingAuthority&to=${TO}`).set('Authorization', tokens.inspector).expect(200);
  const want = suppress(expected(), 5, RELATIONSHIP_SUPPRESSION);
  expect(res.body.suppression).toMatchObject({ threshold: 5, rule: 'P.small-cell-threshold' });
  expect(res.body.groups.map((g: { key: string; counts: unknown }) => ({ key: g.key, cells: g.counts }))).toEqual(want.filter((r) => r.key !== TOTAL));
  expect(res.body.total).toEqual(want.find((r) => r.key === TOTAL)?.cells);
  // What that means here: Hartlepool's 3 children are withheld entirely, and with them one more cell in each
  // column they touch, so their counts cannot be had from the total.
  const hartlepool = res.body.groups.find((g: { key: string }) => g.key === 'E06000001').counts;
  expect(Object.values(hartlepool).every((v) => v === null)).toBe(true);
  expect(res.body.total.children).toBe(23);
  for (const g of [...res.body.groups.map((x: { counts: Record<string, number | null> }) => x.counts), res.body.total])
    for (const c of RELATIONSHIP_SUPPRESSION.counts) expect(g[c] === null || g[c] === 0 || g[c] >= 5).toBe(true);
  // The counts are not all withheld: the report says something.
  expect(res.body.total.childrenSeparatedFromSiblings).toBe(expected().find((r) => r.key === TOTAL)?.cells.childrenSeparatedFromSiblings);
});

test('in total, and for a period before anyone arrived', async () => {
  const all = await h.http.get(`/api/reports/relationships?to=${TO}`).set('Authorization', tokens.ministers).expect(200);
  const total = expected().find((r) => r.key === TOTAL)?.cells ?? expected()[0].cells;
  expect(all.body.total).toEqual(
    suppress(
      [
        { key: 'all', cells: total },
        { key: TOTAL, cells: total },
      ],
      5,
      RELATIONSHIP_SUPPRESSION,
    )[1].cells,
  );
  const before = await h.http.get('/api/reports/relationships?to=2026-03-04').set('Authorization', tokens.inspector).expect(200);
  expect(before.body.total.children).toBe(0);
});

test('only reviewers read the counts; bad filters are 422 naming the field', async () => {
  await h.http.get('/api/reports/relationships').set('Authorization', tokens.placing).expect(403);
  await h.http.get('/api/reports/relationships').set('Authorization', tokens.host).expect(403);
  const bad = await h.http.get('/api/reports/relationships?groupBy=child').set('Authorization', tokens.inspector).expect(422);
  expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.groupBy']);
  const order = await h.http.get('/api/reports/relationships?from=2026-05-01&to=2026-04-01').set('Authorization', tokens.inspector).expect(422);
  expect(order.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.to']);
});

test('a write shows in the next report, on this instance and on another over the same database', async () => {
  // Another app instance: its own connections and its own held population, warmed before the writes.
  const other = createServices({ orm: await openOrm(h.config.database), config: h.config, clock: () => now });
  try {
    const totals = async () => ({
      here: (await h.services.relationships.report({ to: TO }, 'all')).total,
      there: (await other.relationships.report({ to: TO }, 'all')).total,
    });
    const child = (which: (p: ReturnType<typeof plan>) => boolean) => {
      const found = seeded.find((x) => which(plan(x.i)));
      if (!found) throw new Error('no such child in the plan');
      return (e: UserEventInput) => h.services.placements.send(found.auth, found.id, e);
    };
    const before = await totals();
    expect(before.there).toEqual(before.here);
    await child((p) => p.siblings === 'none')({
      type: 'SIBLING_RECORDED',
      sibling: { relationship: 'half', livesWhere: 'home-nation', separationReason: 'Lives with her father', contactPlan: 'Letters' },
      at: '2026-04-01T09:00:00Z',
    });
    await child((p) => p.familyTime)({ type: 'FAMILY_TIME_RECORDED', session: { arrangementId: 'F1', held: true }, at: '2026-04-02T18:00:00Z' });
    await child((p) => p.review === 'none')({
      type: 'REVIEW_RECORDED',
      childViews: { method: 'direct', said: 'I like my room', recordedBy },
      at: '2026-04-03T10:00:00Z',
    });
    const after = await totals();
    expect(after.there).toEqual(after.here);
    // Each write stored the facts for the version it wrote (nothing was read again from a snapshot).
    const [unmatched] = await withSql(h.orm, (sql) =>
      sql.all<{ n: unknown }>('select count(*) as n from placement where population_version is null or population_version <> version'),
    );
    expect(Number(unmatched.n)).toBe(0);
    const change = Object.fromEntries(RELATIONSHIP_COLUMNS.map((c) => [c, Number(after.here?.[c]) - Number(before.here?.[c])]));
    expect(change).toEqual({
      children: 0,
      childrenWithSiblings: 1,
      childrenSeparatedFromSiblings: 1,
      childrenWithFamilyTime: 0,
      familyTimePlanned: 0,
      familyTimeHeld: 1,
      familyTimeMissed: 0,
      childrenReviewed: 1,
      childrenViewsAtLastReview: 1,
    });
  } finally {
    await other.close();
  }
});
