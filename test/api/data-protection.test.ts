// The data protection a council needs: personal free text kept beside the audit chain (erasable), who was
// shown a child's identity (visible to the inspector), a subject access export (JSON and PDF), and
// erasure once the retention time passes, with the audit chain still verifying.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf';
import { AuditEvent, AuditPersonal, Placement } from '../../src/store/entities';
import { SYSTEM_ACTOR } from '../../src/services/actor';
import { ADMIN, startHarness, type Harness } from '../support/api-harness';
import { createPlaced, deliverNotice, draftBody, HOST_ORG, OTHER_PLACING_ORG, PLACING_ORG, postEvent } from './placement-fixtures';

let h: Harness;
let now = new Date('2026-03-06T12:00:00Z');
let placing: string;
let inspector: string;
let id: string;

beforeAll(async () => {
  h = await startHarness({}, { clock: () => now });
  placing = await h.userToken('placing', PLACING_ORG);
  inspector = await h.userToken('inspector', 'scot-care-inspectorate');
  const draft = draftBody({ child: { firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '2009-01-01', gender: 'female' } }) as Record<string, any>;
  draft.needs = { health: 'Type 1 diabetes; insulin pump', education: 'Year 12' };
  id = (await createPlaced(h, placing, { draft })).id;
});
afterAll(() => h.close());

async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes) }).promise;
  let text = '';
  for (let i = 1; i <= pdf.numPages; i++)
    text += (await (await pdf.getPage(i)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join(' ') + '\n';
  return text;
}

test('personal free text is kept beside the chain: the chained payload holds a salted hash, readers see the value', async () => {
  const created = (await h.orm.em.fork().find(AuditEvent, { placementId: id, type: 'PLACEMENT_CREATED' }))[0];
  expect(created.payload.needs).toEqual({ health: { $erasable: expect.stringMatching(/^[0-9a-f]{64}$/) }, education: { $erasable: expect.any(String) } });
  expect(JSON.stringify(created.payload)).not.toContain('diabetes');
  expect(await h.orm.em.fork().count(AuditPersonal, { seq: created.seq })).toBeGreaterThanOrEqual(2);
  const audit = await h.http.get(`/api/placements/${id}/audit`).set('Authorization', placing).expect(200);
  expect(audit.body[0].payload.needs.health).toBe('Type 1 diabetes; insulin pump');
});

test("the record of who was shown the child's identity: the inspector reads it, a host may not, another council cannot see the placement", async () => {
  await h.http.get(`/api/placements/${id}`).set('Authorization', placing).expect(200);
  const reads = await h.http.get(`/api/placements/${id}/reads`).set('Authorization', inspector).expect(200);
  expect(reads.body.total).toBeGreaterThanOrEqual(2);
  expect(reads.body.items[0]).toMatchObject({ role: 'placing', organisationId: PLACING_ORG, via: expect.any(String) });
  const host = await h.userToken('host', HOST_ORG);
  expect((await h.http.get(`/api/placements/${id}/reads`).set('Authorization', host)).status).toBe(403);
  const cardiff = await h.userToken('placing', OTHER_PLACING_ORG);
  expect((await h.http.get(`/api/placements/${id}/reads`).set('Authorization', cardiff)).status).toBe(404);
});

test('a subject access export, as JSON and as a PDF, holds the whole record and is itself logged', async () => {
  const json = await h.http.get(`/api/placements/${id}/subject-access`).set('Authorization', placing).expect(200);
  expect(json.body).toMatchObject({ child: { firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '2009-01-01' }, erased: false });
  expect(json.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['PLACEMENT_CREATED', 'NOTICE_SIGNED', 'CHILD_ARRIVED']));
  expect(json.body.record.needs.health).toBe('Type 1 diabetes; insulin pump');
  expect(json.body.documents).toHaveLength(1);
  const pdf = await h.http
    .get(`/api/placements/${id}/subject-access?format=pdf`)
    .set('Authorization', inspector)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  expect(pdf.headers['content-type']).toBe('application/pdf');
  const text = await pdfText(pdf.body);
  expect(text).toContain('Grace');
  expect(text).toContain('Hopper');
  expect(text).toContain(json.body.reference);
  const reads = await h.services.access.identityReads(id);
  expect(reads.items.map((r) => r.via)).toContain('subject access export');
});

test('after the retention time the personal data is erased: the events, dates and hashes stay and the chain verifies', async () => {
  now = new Date('2026-07-01T10:00:00Z');
  await postEvent(h, id, placing, { type: 'PLACEMENT_ENDED', reason: 'Returned to live with her aunt in Leeds.' }).expect(200);
  await postEvent(h, id, placing, { type: 'NOTICE_UPDATED', signatory: { name: 'Jo Bloggs', role: 'Head of Children in Care' } }).expect(200);
  await deliverNotice(h, id, '2026-07-01T10:05:00Z');
  expect((await h.orm.em.fork().findOneOrFail(Placement, { id })).state).toBe('ended');

  // Six years after the end is 2032; the child (born 2009) turns 25 on 1 January 2034, later: that decides.
  now = new Date('2033-12-31T12:00:00Z');
  expect(await h.services.records.dueForErasure()).toEqual([]);
  now = new Date('2034-01-02T12:00:00Z');
  const dryRun = await h.services.records.erase(SYSTEM_ACTOR, { dryRun: true });
  expect(dryRun).toEqual([expect.objectContaining({ placementId: id, result: 'due', dueAt: '2034-01-01T00:00:00.000Z' })]);
  expect((await h.orm.em.fork().findOneOrFail(Placement, { id })).snapshot.context.child.firstName).toBe('Grace');

  const erased = await h.services.records.erase(SYSTEM_ACTOR, { dryRun: false });
  expect(erased).toEqual([expect.objectContaining({ placementId: id, result: 'erased' })]);
  const row = await h.orm.em.fork().findOneOrFail(Placement, { id });
  expect(row.erasedAt).not.toBeNull();
  expect(row.snapshot.context.child).toEqual({ firstName: '[erased]', lastName: '[erased]', dateOfBirth: '2009-01-01', gender: 'female' });
  expect(JSON.stringify(row.snapshot)).not.toMatch(/Grace|Hopper|diabetes|aunt in Leeds/);

  const audit = await h.http.get(`/api/placements/${id}/audit`).set('Authorization', inspector).expect(200);
  expect(JSON.stringify(audit.body)).not.toMatch(/diabetes|aunt in Leeds/);
  expect(audit.body.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['PLACEMENT_CREATED', 'PLACEMENT_ENDED', 'PERSONAL_DATA_ERASED']));
  expect((await h.http.get('/api/audit/verify').set('Authorization', ADMIN)).body).toMatchObject({ ok: true });

  const [doc] = (await h.http.get(`/api/placements/${id}/documents`).set('Authorization', placing)).body;
  const pdf = await h.http.get(`/api/documents/${doc.id}.pdf`).set('Authorization', placing);
  expect(pdf.status).toBe(410);
  expect(pdf.body.detail).toContain(doc.sha256);
  // The notice JSON carries the same content: its bytes go too, its hash stays listed.
  const json = await h.http.get(doc.json.href).set('Authorization', placing);
  expect(json.status).toBe(410);
  expect(json.body.detail).toContain(doc.json.sha256);
  expect((await h.http.get(`/api/placements/${id}/subject-access`).set('Authorization', placing)).body).toMatchObject({ erased: true });
  // Erased once: nothing is due any more.
  expect(await h.services.records.dueForErasure()).toEqual([]);
});
