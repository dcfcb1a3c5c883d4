// Notices reach a real SMTP server on 127.0.0.1 through the outbox: one message per recipient with the
// PDF and the notice JSON whose hashes are stored; outages are retried; nothing is lost or sent twice.
import { SYSTEM_ACTOR } from '../../src/services/actor';
import { createHash } from 'node:crypto';
import { activeRulebook } from '../../machines/rulebook';
import { isLoopbackSmtp, smtpTransport } from '../../src/outbox/transport';
import { Document, OutboxMessage } from '../../src/store/entities';
import { draftBody, PLACING_ORG, signatory } from '../api/placement-fixtures';
import { clockAt, instance, signedPlacement, sinkPerTest } from './instance';
import { startSink } from './smtp-sink';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('notice delivery through the outbox', () => {
  const t = sinkPerTest();

  test('every required recipient gets one message with the PDF and JSON whose hashes are stored; the notice is then given', async () => {
    const inst = await instance(t.dir, t.sink.url);
    try {
      const { id, auth } = await signedPlacement(inst);
      await inst.dispatcher.runOnce();
      const rows = await inst.orm.em.fork().find(OutboxMessage, { placementId: id });
      expect(rows).toHaveLength(8);
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
      expect(t.sink.messages).toHaveLength(8);
      const [doc] = await inst.orm.em.fork().find(Document, { placementId: id });
      for (const row of rows) {
        const got = t.sink.messages.filter((m) => m.messageId === `<outbox-${row.id}@cross-border-placements>`);
        expect(got).toHaveLength(1);
        expect(got[0].envelopeTo).toEqual([row.address]);
        expect(got[0].attachments.map((a) => a.contentType)).toEqual(['application/pdf', 'application/json']);
        expect(sha(got[0].attachments[0].content)).toBe(doc.sha256);
        expect(sha(got[0].attachments[1].content)).toBe(doc.jsonSha256);
        expect(got[0].text).not.toContain('Lovelace');
        expect(got[0].subject).toContain('version 1');
      }
      const placement = await inst.http.get(`/api/placements/${id}`).set('Authorization', auth);
      expect(placement.body.notice).toMatchObject({ version: 1, givenAt: '2026-03-03T09:00:00.000Z', outstandingRecipients: [] });

      const docs = await inst.http.get(`/api/placements/${id}/documents`).set('Authorization', auth);
      expect(docs.body).toHaveLength(1);
      expect(docs.body[0].deliveries).toHaveLength(8);
      expect(docs.body[0].deliveries.every((d: { status: string; messageId: string }) => d.status === 'sent' && d.messageId)).toBe(true);
      const pdf = await inst.http
        .get(docs.body[0].href)
        .set('Authorization', auth)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(sha(pdf.body)).toBe(docs.body[0].sha256);
    } finally {
      await inst.close();
    }
  });

  test('outage: nothing is given while the server is down; after it comes back each recipient gets exactly one message', async () => {
    const port = t.sink.port;
    await t.sink.stop();
    const inst = await instance(t.dir, `smtp://127.0.0.1:${port}`);
    try {
      const { id, auth } = await signedPlacement(inst);
      const first = await inst.dispatcher.runOnce();
      expect(first).toEqual({ sent: 0, retrying: 8, failed: 0 });
      let placement = await inst.http.get(`/api/placements/${id}`).set('Authorization', auth);
      expect(placement.body.notice.givenAt).toBeNull();
      // Outstanding: the recipients that decide "given"; each copy that failed is followed up instead.
      const statutory = activeRulebook.recipients.residential.filter((r) => r.required);
      expect(placement.body.notice.outstandingRecipients).toHaveLength(statutory.length);
      expect(placement.body.notice.outstandingRecipients[0]).toMatchObject({ status: 'failed', detail: expect.stringContaining('will retry') });
      const followUps = placement.body.deadlines.filter((d: { rule: string; status: string }) => d.rule === 'C1.copy-follow-up' && d.status === 'open');
      expect(followUps).toHaveLength(8 - statutory.length);

      // Still down and not yet due: nothing is attempted.
      expect(await inst.dispatcher.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });

      t.sink = await startSink(port);
      const later = clockAt(new Date(clockAt().getTime() + 61_000));
      expect(await inst.dispatcher.runOnce()).toEqual({ sent: 8, retrying: 0, failed: 0 });
      expect(await inst.dispatcher.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(t.sink.messages).toHaveLength(8);
      expect(new Set(t.sink.messages.map((m) => m.messageId)).size).toBe(8);
      placement = await inst.http.get(`/api/placements/${id}`).set('Authorization', auth);
      expect(placement.body.notice.givenAt).toBe(later.toISOString());
    } finally {
      await inst.close();
    }
  });

  test('a process stopped between commit and send delivers after restart', async () => {
    // The first process commits the signature and its outbox rows, then stops before sending anything.
    const a = await instance(t.dir, t.sink.url);
    const { id } = await signedPlacement(a);
    await a.close();
    expect(t.sink.messages).toHaveLength(0);
    const b = await instance(t.dir, t.sink.url);
    try {
      expect(await b.dispatcher.runOnce()).toEqual({ sent: 8, retrying: 0, failed: 0 });
      expect(t.sink.messages).toHaveLength(8);
      const rows = await b.orm.em.fork().find(OutboxMessage, { placementId: id });
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
    } finally {
      await b.close();
    }
  });

  test('two instances dispatching the same outbox send each message once', async () => {
    const a = await instance(t.dir, t.sink.url);
    const b = await instance(t.dir, t.sink.url);
    try {
      await signedPlacement(a);
      const [ra, rb] = await Promise.all([a.dispatcher.runOnce(), b.dispatcher.runOnce()]);
      expect(ra.sent + rb.sent).toBe(8);
      expect(t.sink.messages).toHaveLength(8);
      expect(new Set(t.sink.messages.map((m) => m.messageId)).size).toBe(8);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('a permanent refusal is recorded and the recipient named as outstanding', async () => {
    const inst = await instance(t.dir, t.sink.url);
    try {
      t.sink.refuse.add('notices@scot-care-inspectorate.cbp.invalid');
      const { id, auth } = await signedPlacement(inst);
      expect(await inst.dispatcher.runOnce()).toEqual({ sent: 7, retrying: 0, failed: 1 });
      const placement = await inst.http.get(`/api/placements/${id}`).set('Authorization', auth);
      expect(placement.body.notice.outstandingRecipients).toEqual([
        expect.objectContaining({ role: 'care-inspectorate', status: 'failed', detail: expect.stringContaining('refused') }),
      ]);
    } finally {
      await inst.close();
    }
  });

  test('a notice that cannot reach the care service is refused at signing, naming the field', async () => {
    const inst = await instance(t.dir, t.sink.url);
    try {
      const { token } = await inst.services.users.create(
        SYSTEM_ACTOR,
        { email: 'q@example.test', name: 'Q', role: 'placing', organisationId: PLACING_ORG },
        { delivery: 'caller' },
      );
      const body = draftBody();
      delete (body.placement as Record<string, unknown>).serviceEmail;
      clockAt(new Date('2026-03-02T09:00:00Z'));
      const created = await inst.http.post('/api/placements').set('Authorization', `Bearer ${token}`).send(body);
      const r = await inst.http
        .post(`/api/placements/${created.body.id}/events`)
        .set('Authorization', `Bearer ${token}`)
        .send({ type: 'NOTICE_SIGNED', signatory, at: '2026-03-02T09:00:00Z' });
      expect(r.status).toBe(422);
      expect(r.body.errors).toEqual([expect.objectContaining({ path: 'placement.serviceEmail' })]);
      expect(await inst.orm.em.fork().count(Document, {})).toBe(0);
    } finally {
      await inst.close();
    }
  });
});

test('STARTTLS is required except on this machine', () => {
  expect(isLoopbackSmtp('smtp://127.0.0.1:2525')).toBe(true);
  expect(isLoopbackSmtp('smtp://localhost:25')).toBe(true);
  expect(isLoopbackSmtp('smtp://mail.example.gov.uk:587')).toBe(false);
  expect(smtpTransport('smtp://mail.example.gov.uk:587').describe()).toContain('TLS required');
});
