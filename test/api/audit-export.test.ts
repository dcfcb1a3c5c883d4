// Audit export for reviewers: CSV with the same entries as JSON, and signed bundles that verify offline
// and fail, naming the entry, when anything is altered.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runCli } from '../../src/cli';
import { verifyBundle, type AuditBundle } from '../../src/store/audit-bundle';
import { startHarness, type Harness } from '../support/api-harness';
import { deliverNotice, draftBody, PLACING_ORG, signatory } from './placement-fixtures';

let h: Harness;
let now = new Date('2026-03-02T09:00:00Z');
let placing: string;
let inspector: string;
let id: string;

beforeAll(async () => {
  h = await startHarness({}, { clock: () => now });
  placing = await h.userToken('placing', PLACING_ORG);
  inspector = await h.userToken('inspector', 'scot-care-inspectorate');
  id = (await h.http.post('/api/placements').set('Authorization', placing).send(draftBody())).body.id;
  now = new Date('2026-03-03T09:00:00Z');
  await h.http.post(`/api/placements/${id}/events`).set('Authorization', placing).send({ type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T09:00:00Z' });
  await deliverNotice(h, id, '2026-03-03T09:00:00Z');
  // A second placement interleaves its entries in the global chain.
  await h.http.post('/api/placements').set('Authorization', placing).send(draftBody());
  now = new Date('2026-03-05T12:00:00Z');
  await h.http.post(`/api/placements/${id}/events`).set('Authorization', placing).send({ type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
});
afterAll(() => h.close());

test('CSV has the same entries as JSON, and parses', async () => {
  const json = await h.http.get(`/api/placements/${id}/audit`).set('Authorization', inspector);
  const csv = await h.http.get(`/api/placements/${id}/audit?format=csv`).set('Authorization', inspector);
  expect(csv.headers['content-type']).toMatch(/^text\/csv/);
  const rows: Record<string, string>[] = parse(csv.text, { columns: true });
  expect(rows.map((r) => Number(r.seq))).toEqual(json.body.map((e: { seq: number }) => e.seq));
  expect(rows.map((r) => r.hash)).toEqual(json.body.map((e: { hash: string }) => e.hash));
  expect(JSON.parse(rows[1].payload)).toEqual(json.body[1].payload);
});

test("a placement's signed bundle verifies offline and names an altered entry", async () => {
  const res = await h.http.get(`/api/placements/${id}/audit/bundle`).set('Authorization', inspector);
  const bundle: AuditBundle = JSON.parse(JSON.stringify(res.body));
  const key = (await h.http.get('/api/audit/signing-key').set('Authorization', inspector)).body.publicKeyPem;
  expect(verifyBundle(bundle, key)).toMatchObject({ ok: true, signatureValid: true, keyTrusted: true, firstBrokenSeq: null });
  expect(bundle.entries.length).toBeGreaterThan(5);

  const altered: AuditBundle = JSON.parse(JSON.stringify(bundle));
  altered.entries[2].payload = { ...altered.entries[2].payload, at: '2026-03-01T00:00:00Z' };
  const verdict = verifyBundle(altered, key);
  expect(verdict).toMatchObject({ ok: false, signatureValid: false, firstBrokenSeq: altered.entries[2].seq });

  const resigned = JSON.parse(JSON.stringify(bundle));
  resigned.signature = Buffer.from('x'.repeat(64)).toString('base64');
  expect(verifyBundle(resigned)).toMatchObject({ ok: false, signatureValid: false, keyTrusted: null });
});

test('npm run cli -- audit verify FILE checks a bundle offline', async () => {
  const file = join(h.dir, 'bundle.json');
  const keyFile = join(h.dir, 'key.pem');
  writeFileSync(file, JSON.stringify((await h.http.get(`/api/placements/${id}/audit/bundle`).set('Authorization', inspector)).body));
  writeFileSync(keyFile, (await h.http.get('/api/audit/signing-key').set('Authorization', inspector)).body.publicKeyPem);
  const lines: string[] = [];
  expect(await runCli(['audit', 'verify', file, '--key', keyFile], {}, (l) => lines.push(l))).toBe(0);
  expect(lines.join('\n')).toMatch(/Bundle ok: \d+ entries of placement/);
  const bundle = JSON.parse(JSON.stringify((await h.http.get(`/api/placements/${id}/audit/bundle`).set('Authorization', inspector)).body));
  bundle.entries[0].type = 'SOMETHING_ELSE';
  writeFileSync(file, JSON.stringify(bundle));
  expect(await runCli(['audit', 'verify', file], {}, (l) => lines.push(l))).toBe(1);
  expect(lines[lines.length - 1]).toContain(`entry ${bundle.entries[0].seq}`);
});

test('the whole-chain bundle checks every link; a row altered in the database is named by verify and by the bundle', async () => {
  const whole: AuditBundle = (await h.http.get('/api/audit/bundle').set('Authorization', inspector)).body;
  expect(whole.entries[0].seq).toBe(1);
  expect(verifyBundle(whole)).toMatchObject({ ok: true, checked: whole.entries.length });
  expect(whole.chainHead?.seq).toBe(whole.entries[whole.entries.length - 1].seq);

  const target = whole.entries[3].seq;
  await h.orm.em
    .fork()
    .getConnection()
    .execute(`update audit_event set payload = '{"type":"CHILD_ARRIVED","at":"2026-03-01T00:00:00Z"}' where seq = ${target}`);
  const verify = await h.http.get('/api/audit/verify').set('Authorization', inspector);
  expect(verify.body).toMatchObject({ ok: false, firstBrokenSeq: target });
  const after: AuditBundle = (await h.http.get('/api/audit/bundle').set('Authorization', inspector)).body;
  expect(verifyBundle(after)).toMatchObject({ ok: false, signatureValid: true, firstBrokenSeq: target });
});
