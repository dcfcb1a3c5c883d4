// After an SMTP outage the back-off can wait up to an hour: the admin sees what is waiting and why, and
// sends it again now, through the API or the CLI; each retry is recorded in the audit chain.
import { AuditEvent } from '../../src/store/entities';
import { ADMIN } from '../support/api-harness';
import { instance, signedPlacement, sinkPerTest } from './instance';
import { startSink } from './smtp-sink';

describe('the outbox for operators', () => {
  const t = sinkPerTest();

  test('lists mail waiting after an outage with its last error, and retry sends it at once, exactly once each', async () => {
    const port = t.sink.port;
    await t.sink.stop();
    const inst = await instance(t.dir, `smtp://127.0.0.1:${port}`);
    try {
      const { auth } = await signedPlacement(inst);
      expect(await inst.dispatcher.runOnce()).toEqual({ sent: 0, retrying: 8, failed: 0 });

      const waiting = await inst.http.get('/api/admin/outbox').set('Authorization', ADMIN).expect(200);
      expect(waiting.body).toHaveLength(8);
      expect(waiting.body[0]).toMatchObject({ kind: 'notice', status: 'queued', attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED|connect/i) });
      expect(JSON.stringify(waiting.body)).not.toContain('Lovelace');
      expect((await inst.http.get('/api/admin/outbox').set('Authorization', auth)).status).toBe(403);

      // The server comes back, but the next attempt is a minute away: nothing goes yet.
      t.sink = await startSink(port);
      expect(await inst.dispatcher.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      const retried = await inst.http.post('/api/admin/outbox/retry').set('Authorization', ADMIN).send({}).expect(200);
      expect(retried.body).toEqual({ retried: 8 });
      expect(await inst.dispatcher.runOnce()).toEqual({ sent: 8, retrying: 0, failed: 0 });
      expect(t.sink.messages).toHaveLength(8);
      expect((await inst.http.get('/api/admin/outbox').set('Authorization', ADMIN)).body).toEqual([]);
      const entries = await inst.orm.em.fork().find(AuditEvent, { type: 'OUTBOX_RETRIED' });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actorRole: 'admin', placementId: null });
      expect((await inst.http.get('/api/audit/verify').set('Authorization', ADMIN)).body).toMatchObject({ ok: true });
    } finally {
      await inst.close();
    }
  });
});
