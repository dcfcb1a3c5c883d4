// Concurrent writers on the real SQLite file (and on PostgreSQL under npm run test:pg): the optimistic lock (If-Match), the machine's state and the
// hash-chained audit log must each let exactly one of a set of competing changes through.
import { activeRulebook } from '../../machines/rulebook';
import { AuditEvent } from '../../src/store/entities';
import request from 'supertest';
import { createApp } from '../../src/http/app';
import { createServices } from '../../src/services';
import { openOrm, type Orm } from '../../src/store/orm';
import { rowCounts, startHarness, type Harness } from '../support/api-harness';
import { createPlaced, draftBody, HOST_ORG, PLACING_ORG, postEvent, signatory } from './placement-fixtures';

let h: Harness;
const now = new Date('2026-03-06T12:00:00Z');
let placing: string;
let host: string;
let inspector: string;

beforeAll(async () => {
  h = await startHarness({}, { clock: () => now });
  placing = await h.userToken('placing', PLACING_ORG);
  host = await h.userToken('host', HOST_ORG);
  inspector = await h.userToken('inspector', 'scot-care-inspectorate');
});
afterAll(() => h.close());

const auditCount = (placementId?: string) => h.orm.em.fork().count(AuditEvent, placementId ? { placementId } : {});
const version = async (id: string) => (await h.http.get(`/api/placements/${id}`).set('Authorization', placing)).body.version as number;
const statuses = (results: { status: number }[]) => results.map((r) => r.status).sort();

async function expectChainIntact() {
  const verify = await h.http.get('/api/audit/verify').set('Authorization', inspector);
  expect(verify.status).toBe(200);
  expect(verify.body).toMatchObject({ ok: true, firstBrokenSeq: null, checked: await auditCount() });
}

test('8 parallel events with the same If-Match: one wins, seven get 409, one version step, one audit entry', async () => {
  const { id } = await createPlaced(h, placing);
  const v = await version(id);
  const auditBefore = await auditCount(id);
  // VISIT_RECORDED is repeatable, so only the version check can refuse the seven losers.
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) => postEvent(h, id, placing, { type: 'VISIT_RECORDED', at: `2026-03-06T09:0${i}:00Z` }, v)),
  );
  expect(statuses(results)).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
  for (const r of results.filter((x) => x.status === 409)) {
    expect(r.type).toBe('application/problem+json');
    expect(r.body).toMatchObject({ status: 409, title: expect.any(String), detail: expect.any(String) });
  }
  const winner = results.find((r) => r.status === 200);
  expect(winner?.body.version).toBe(v + 1);
  expect(winner?.headers.etag).toMatch(new RegExp(`^"${v + 1}-[0-9a-f]{16}"$`));
  expect(await version(id)).toBe(v + 1);
  expect(await auditCount(id)).toBe(auditBefore + 1);
  const audit = await h.http.get(`/api/placements/${id}/audit`).set('Authorization', inspector);
  expect(audit.body.filter((e: { type: string }) => e.type === 'VISIT_RECORDED')).toHaveLength(1);
  await expectChainIntact();
});

test('8 parallel HOST_CONDITIONS_CONFIRMED without If-Match: one 200, seven 409 (not allowed in the state now)', async () => {
  const { id } = await createPlaced(h, placing);
  const v = await version(id);
  const auditBefore = await auditCount(id);
  const results = await Promise.all(Array.from({ length: 8 }, () => postEvent(h, id, host, { type: 'HOST_CONDITIONS_CONFIRMED', at: '2026-03-06T10:00:00Z' })));
  expect(statuses(results)).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
  for (const r of results.filter((x) => x.status === 409)) {
    expect(r.type).toBe('application/problem+json');
    expect(r.body.detail).toMatch(/HOST_CONDITIONS_CONFIRMED is not allowed|reload and try again/);
  }
  const got = await h.http.get(`/api/placements/${id}`).set('Authorization', host);
  expect(got.body.regions.hostReview).toBe('confirmed');
  expect(got.body.version).toBe(v + 1);
  expect(await auditCount(id)).toBe(auditBefore + 1);
  await expectChainIntact();
});

test('8 parallel events on 8 different placements all succeed and the global chain stays intact', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) ids.push((await h.http.post('/api/placements').set('Authorization', placing).send(draftBody()).expect(201)).body.id);
  const before = await rowCounts(h.orm);
  // Signing writes the most in one transaction: snapshot, deadlines, audit, the rendered notice and its mail.
  const results = await Promise.all(ids.map((id) => postEvent(h, id, placing, { type: 'NOTICE_SIGNED', signatory, at: '2026-03-06T11:00:00Z' })));
  expect(statuses(results)).toEqual(Array(8).fill(200));
  const after = await rowCounts(h.orm);
  expect(after.audit).toBe(before.audit + 8);
  expect(after.documents).toBe(before.documents + 8);
  // One mail per recipient of the rulebook for the setting: the statutory ones and the copies.
  expect(after.outbox - before.outbox).toBe(8 * activeRulebook.recipients.residential.length);
  // One global sequence with no gaps or forks: seq n links to seq n-1.
  const entries = await h.orm.em.fork().find(AuditEvent, {}, { orderBy: { seq: 'asc' } });
  entries.forEach((e, i) => {
    expect(e.seq).toBe(i + 1);
    expect(e.prevHash ?? null).toBe(i === 0 ? null : entries[i - 1].hash);
  });
  await expectChainIntact();
});

describe('16 writers in two app instances over one database (as behind a load balancer)', () => {
  let second: Orm;
  let other: ReturnType<typeof request>;
  beforeAll(async () => {
    // Another ORM, another writer, another app: on PostgreSQL another instance; on SQLite another connection.
    second = await openOrm(h.config.database);
    other = request(createApp(createServices({ orm: second, config: h.config, clock: () => now })));
  });
  afterAll(() => second.close());

  const via = (i: number) => (i % 2 === 0 ? h.http : other);

  test('16 events on 16 placements, alternating instances: all succeed, one chain with no gap or fork', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 16; i++) ids.push((await via(i).post('/api/placements').set('Authorization', placing).send(draftBody()).expect(201)).body.id);
    const before = await auditCount();
    const results = await Promise.all(
      ids.map((id, i) => via(i).post(`/api/placements/${id}/events`).set('Authorization', placing).send({ type: 'CHILD_ARRIVED', at: '2026-03-06T11:00:00Z' })),
    );
    expect(statuses(results)).toEqual(Array(16).fill(200));
    expect(await auditCount()).toBe(before + 16);
    const entries = await h.orm.em.fork().find(AuditEvent, {}, { orderBy: { seq: 'asc' } });
    entries.forEach((e, i) => {
      expect(e.seq).toBe(i + 1);
      expect(e.prevHash ?? null).toBe(i === 0 ? null : entries[i - 1].hash);
    });
    await expectChainIntact();
  });

  test('16 events with the same If-Match on one placement from both instances: one wins, fifteen get 409', async () => {
    const id = (await h.http.post('/api/placements').set('Authorization', placing).send(draftBody()).expect(201)).body.id;
    const v = await version(id);
    const before = await auditCount(id);
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        via(i)
          .post(`/api/placements/${id}/events`)
          .set('Authorization', placing)
          .set('If-Match', String(v))
          .send({ type: 'CHILD_ARRIVED', at: '2026-03-06T11:00:00Z' }),
      ),
    );
    expect(statuses(results)).toEqual([200, ...Array(15).fill(409)]);
    expect(await version(id)).toBe(v + 1);
    expect(await auditCount(id)).toBe(before + 1);
    await expectChainIntact();
  });
});
