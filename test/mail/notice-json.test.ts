// The notice JSON end to end: signed through the API, stored beside the PDF, mailed to a real SMTP server on
// 127.0.0.1 with the PDF, listed with its hash, served as those exact bytes, valid against the schema the
// API publishes, and equal to the served PDF read back; the schema route itself (ETag, 304, versions).
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { SYSTEM_ACTOR } from '../../src/services/actor';
import type { NoticeJson } from '../../src/documents/notice-json';
import { Document, OutboxMessage } from '../../src/store/entities';
import { HOST_ORG, OTHER_PLACING_ORG } from '../api/placement-fixtures';
import { jsonLists, jsonTables, pdfLists, pdfTables } from '../documents/notice-compare';
import { readTagged } from '../documents/pdf-structure';
import { ADMIN } from '../support/api-harness';
import { clockAt, instance, signedPlacement, sinkPerTest, type Instance } from './instance';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The raw bytes of a response, whatever its type. */
const bytes = (r: ReturnType<Instance['http']['get']>) =>
  r.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

async function userAuth(inst: Instance, role: 'placing' | 'host', organisationId: string): Promise<string> {
  const { token } = await inst.services.users.create(
    SYSTEM_ACTOR,
    { email: `${role}${Math.random()}@example.test`, name: 'U', role, organisationId },
    { delivery: 'caller' },
  );
  return `Bearer ${token}`;
}

interface Listed {
  id: string;
  version: number;
  sha256: string;
  href: string;
  json: { href: string; sha256: string; contentType: string } | null;
}

describe('the notice JSON through the API and the outbox', () => {
  const t = sinkPerTest();

  test('every notice mail carries the PDF and the JSON; the JSON is the stored document, listed with its hash, valid against the served schema, and the PDF’s content', async () => {
    const inst = await instance(t.dir, t.sink.url);
    try {
      const { id, auth } = await signedPlacement(inst);
      await inst.dispatcher.runOnce();
      const stored = await inst.orm.em.fork().findOneOrFail(Document, { placementId: id });
      const rows = await inst.orm.em.fork().find(OutboxMessage, { placementId: id });
      expect(rows.length).toBeGreaterThan(0);
      expect(t.sink.messages).toHaveLength(rows.length);
      for (const m of t.sink.messages) {
        const [pdf, json] = m.attachments;
        expect(m.attachments).toHaveLength(2);
        expect([pdf.contentType, json.contentType]).toEqual(['application/pdf', 'application/json']);
        expect(json.filename).toBe(pdf.filename!.replace(/\.pdf$/, '.json'));
        expect(json.filename).toMatch(/^notice-CBP-[0-9A-F]{8}-v1\.json$/);
        expect(json.content.equals(Buffer.from(stored.jsonBytes!))).toBe(true);
        expect(pdf.content.equals(Buffer.from(stored.bytes))).toBe(true);
        expect(m.text).toContain(json.filename);
      }

      const [listed] = (await inst.http.get(`/api/placements/${id}/documents`).set('Authorization', auth).expect(200)).body as Listed[];
      expect(listed.json).toEqual({ href: `/api/documents/${listed.id}.json`, sha256: stored.jsonSha256, contentType: 'application/json' });
      const served = await bytes(inst.http.get(listed.json!.href).set('Authorization', auth)).expect(200);
      expect(served.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(served.headers['content-disposition']).toBe('inline; filename="notice-v1.json"');
      expect(served.headers['cache-control']).toBe('private, no-store');
      expect(served.headers.etag).toBe(`"${listed.json!.sha256}"`);
      expect(sha(served.body)).toBe(listed.json!.sha256);
      expect(served.body.equals(t.sink.messages[0].attachments[1].content)).toBe(true);

      const doc = JSON.parse(served.body.toString('utf8')) as NoticeJson;
      const pdf = (await bytes(inst.http.get(listed.href).set('Authorization', auth)).expect(200)).body as Buffer;
      expect(doc.pdf.sha256).toBe(listed.sha256);
      expect(sha(pdf)).toBe(listed.sha256);
      expect(doc).toMatchObject({ schemaVersion: 'ssi-2026-31@2', version: 1, reasons: ['initial'] });

      // Validated by an independent validator against the schema fetched from the address the document names.
      const schemaUrl = new URL(doc.$schema);
      expect(schemaUrl.pathname).toBe('/api/schemas/notice.json');
      const schema = (await inst.http.get(`${schemaUrl.pathname}${schemaUrl.search}`).expect(200)).body;
      expect(schema.$id).toBe(doc.$schema);
      const ajv = new Ajv2020({ strict: true, allErrors: true });
      addFormats(ajv);
      const validate = ajv.compile(schema);
      expect(validate(doc) ? [] : validate.errors).toEqual([]);

      // The same content as the PDF that was mailed, field by field.
      const { blocks } = await readTagged(pdf);
      expect(pdfTables(blocks)).toEqual(jsonTables(doc));
      expect(pdfLists(blocks)).toEqual(jsonLists(doc));
      expect(doc.fields['placement.hostAuthority']).toMatchObject({ text: 'Aberdeen City Council', value: HOST_ORG });
      expect(served.body.toString('utf8')).not.toMatch(/Ada|Lovelace|2012-04-02/);
    } finally {
      await inst.close();
    }
  });

  test('an updated notice is a new version with its own JSON; the first version’s JSON is unchanged, and the host can read both', async () => {
    const inst = await instance(t.dir, t.sink.url);
    try {
      const { id, auth } = await signedPlacement(inst);
      const [first] = (await inst.http.get(`/api/placements/${id}/documents`).set('Authorization', auth).expect(200)).body as Listed[];
      const before = (await bytes(inst.http.get(first.json!.href).set('Authorization', auth)).expect(200)).body as Buffer;
      clockAt(new Date('2026-03-10T10:00:00Z'));
      const legalBasis = {
        type: 'care-order',
        court: 'Family Court at Birmingham',
        madeOn: '2026-03-09',
        effectiveFrom: '2026-03-09T10:00:00Z',
        expiresAt: null,
      };
      const post = (body: object) => inst.http.post(`/api/placements/${id}/events`).set('Authorization', auth).send(body).expect(200);
      await post({ type: 'ORDER_CHANGED', legalBasis, at: '2026-03-09T10:00:00Z' });
      await post({ type: 'NOTICE_UPDATED', signatory: { name: 'Jo Bloggs', role: 'Head of Children in Care' }, at: '2026-03-10T09:00:00Z' });

      const host = await userAuth(inst, 'host', HOST_ORG);
      const docs = (await inst.http.get(`/api/placements/${id}/documents`).set('Authorization', host).expect(200)).body as Listed[];
      expect(docs.map((d) => d.version)).toEqual([1, 2]);
      expect(docs[0].json).toEqual(first.json);
      const again = (await bytes(inst.http.get(first.json!.href).set('Authorization', host)).expect(200)).body as Buffer;
      expect(again.equals(before)).toBe(true);
      const v2 = (await bytes(inst.http.get(docs[1].json!.href).set('Authorization', host)).expect(200)).body as Buffer;
      expect(sha(v2)).toBe(docs[1].json!.sha256);
      expect(JSON.parse(v2.toString('utf8'))).toMatchObject({
        version: 2,
        reasons: expect.arrayContaining(['order-change']),
        pdf: { sha256: docs[1].sha256 },
        fields: { 'legalBasis.madeOn': { text: '9 March 2026', value: '2026-03-09' } },
      });
    } finally {
      await inst.close();
    }
  });

  test('who may not download the PDF may not download the JSON: the same 404 as a document that does not exist, 401 without a token', async () => {
    const inst = await instance(t.dir, t.sink.url);
    try {
      const { id } = await signedPlacement(inst);
      const doc = await inst.orm.em.fork().findOneOrFail(Document, { placementId: id });
      const cardiff = await userAuth(inst, 'placing', OTHER_PLACING_ORG);
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const auth of [cardiff, ADMIN]) {
        for (const type of ['pdf', 'json']) {
          const res = await inst.http.get(`/api/documents/${doc.id}.${type}`).set('Authorization', auth);
          const ghost = await inst.http.get(`/api/documents/${missing}.${type}`).set('Authorization', auth);
          expect([type, res.status, res.type]).toEqual([type, 404, 'application/problem+json']);
          expect(res.body.detail.replace(doc.id, '<id>')).toBe(ghost.body.detail.replace(missing, '<id>'));
        }
      }
      expect((await inst.http.get(`/api/documents/${doc.id}.json`)).status).toBe(401);
    } finally {
      await inst.close();
    }
  });

  test('a version signed before notices were issued as JSON lists none and answers 404 for it', async () => {
    const inst = await instance(t.dir, t.sink.url);
    try {
      const { id, auth } = await signedPlacement(inst);
      await inst.orm.em.fork().getConnection().execute('update document set json_sha256 = null, json_bytes = null where placement_id = ?', [id]);
      const [listed] = (await inst.http.get(`/api/placements/${id}/documents`).set('Authorization', auth).expect(200)).body as Listed[];
      expect(listed.json).toBeNull();
      const res = await inst.http.get(`/api/documents/${listed.id}.json`).set('Authorization', auth).expect(404);
      expect(res.body.detail).toContain('signed before notices were also issued as JSON');
      await inst.http.get(listed.href).set('Authorization', auth).expect(200);
    } finally {
      await inst.close();
    }
  });

  test('GET /api/schemas/notice.json: public, cacheable with an ETag (304), one schema per rulebook version, 404 for an unknown one', async () => {
    const inst = await instance(t.dir, t.sink.url);
    try {
      const active = await inst.http.get('/api/schemas/notice.json').expect(200);
      expect(active.type).toBe('application/schema+json');
      expect(active.headers['cache-control']).toBe('public, max-age=300');
      expect(active.headers.etag).toBe(`"${sha(Buffer.from(active.text))}"`);
      expect(active.body).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: expect.stringMatching(/\?rulebook=ssi-2026-31@2$/) });
      const fresh = await inst.http.get('/api/schemas/notice.json').set('If-None-Match', active.headers.etag).expect(304);
      expect(fresh.text ?? '').toBe('');
      await inst.http.get('/api/schemas/notice.json').set('If-None-Match', '"something-else"').expect(200);

      const v2 = await inst.http.get('/api/schemas/notice.json?rulebook=ssi-2026-31@2').expect(200);
      expect(v2.text).toBe(active.text);
      expect(v2.headers['cache-control']).toBe('public, max-age=86400');
      const v1 = await inst.http.get('/api/schemas/notice.json?rulebook=ssi-2026-31@1').expect(200);
      expect(v1.body.$id).toMatch(/\?rulebook=ssi-2026-31@1$/);
      expect(v1.headers.etag).not.toBe(active.headers.etag);
      await inst.http.get('/api/schemas/notice.json?rulebook=ssi-2026-31@1').set('If-None-Match', v1.headers.etag).expect(304);

      const unknown = await inst.http.get('/api/schemas/notice.json?rulebook=ssi-2026-31@9').expect(404);
      expect(unknown.type).toBe('application/problem+json');
      expect(unknown.body.errors).toEqual([{ path: 'rulebook', message: expect.any(String) }]);
      await inst.http.get('/api/schemas/notice.json?rulebook=constructor').expect(404);
      const bad = (r: Response) => expect([r.status, r.body.errors?.[0]?.path]).toEqual([422, expect.stringContaining('rulebook')]);
      bad(await inst.http.get('/api/schemas/notice.json?rulebook=DROP%20TABLE'));
      expect((await inst.http.get('/api/schemas/notice.json?version=2')).status).toBe(422);

      const openapi = (await inst.http.get('/api/openapi.json').expect(200)).body;
      expect(Object.keys(openapi.paths['/api/schemas/notice.json'].get.responses['200'].content)).toEqual(['application/schema+json']);
      expect(openapi.paths['/api/schemas/notice.json'].get.security).toEqual([]);
      expect(Object.keys(openapi.paths['/api/documents/{id}.json'].get.responses['200'].content)).toEqual(['application/json']);
    } finally {
      await inst.close();
    }
  });
});
