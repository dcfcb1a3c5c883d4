// Escalation reaches a real SMTP server: arrival before notice makes the placement unrecognised and the
// Ministers, the Care Inspectorate and the placing authority are each told once, by reference only.
import { OutboxMessage } from '../../src/store/entities';
import { clockAt, instance, signedPlacement, sinkPerTest } from './instance';

const t = sinkPerTest();

const ESCALATION_MAILBOXES = ['notices@scot-scottish-ministers.cbp.invalid', 'notices@scot-care-inspectorate.cbp.invalid', 'notices@e08000025.cbp.invalid'];

test('arrival before notice: C1 missed, one escalation to each of the three mailboxes', async () => {
  const inst = await instance(t.dir, t.sink.url);
  try {
    const { id, auth } = await signedPlacement(inst, { sign: false });
    clockAt(new Date('2026-03-05T12:00:00Z'));
    const r = await inst.http.post(`/api/placements/${id}/events`).set('Authorization', auth).send({ type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
    expect(r.body.legalStatus).toMatchObject({ code: 'unrecognised', reasons: [{ rule: 'C1.notice-before-arrival' }] });
    await inst.dispatcher.runOnce();
    const escalations = t.sink.messages.filter((m) => /Unrecognised placement/.test(m.subject ?? ''));
    expect(escalations.map((m) => m.envelopeTo[0]).sort()).toEqual([...ESCALATION_MAILBOXES].sort());
    for (const m of escalations) {
      expect(m.subject).toContain('C1.notice-before-arrival');
      expect(m.text).toContain('CBP-');
      expect(m.text).toContain('C1.notice-before-arrival');
      expect(m.text).not.toMatch(/Ada|Lovelace|2012-04-02/);
      expect(m.attachments).toHaveLength(0);
    }
    // Recording a visit changes nothing for the escalation: no second round.
    await inst.http.post(`/api/placements/${id}/events`).set('Authorization', auth).send({ type: 'VISIT_RECORDED', at: '2026-03-05T11:30:00Z' });
    await inst.dispatcher.runOnce();
    expect(t.sink.messages.filter((m) => /Unrecognised placement/.test(m.subject ?? ''))).toHaveLength(3);
    const rows = await inst.orm.em.fork().find(OutboxMessage, { placementId: id, kind: 'escalation' });
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
  } finally {
    await inst.close();
  }
});

test('a missed duty found by the sweep is escalated once; a later sweep sends nothing more', async () => {
  const inst = await instance(t.dir, t.sink.url);
  try {
    const { id, auth } = await signedPlacement(inst);
    await inst.dispatcher.runOnce();
    clockAt(new Date('2026-03-05T12:00:00Z'));
    await inst.http.post(`/api/placements/${id}/events`).set('Authorization', auth).send({ type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
    clockAt(new Date('2026-03-13T00:30:00Z')); // first visit (1 week) and advocacy target (5 working days) passed
    await inst.services.deadlines.sweep();
    await inst.dispatcher.runOnce();
    const missed = t.sink.messages.filter((m) => /Deadline missed/.test(m.subject ?? ''));
    expect(missed).toHaveLength(6); // two deadlines, each told to three mailboxes
    expect(missed.some((m) => m.text?.includes('C8.first-visit'))).toBe(true);
    expect(missed.some((m) => m.text?.includes('C7.advocacy-offer'))).toBe(true);
    await inst.services.deadlines.sweep();
    await inst.dispatcher.runOnce();
    expect(t.sink.messages.filter((m) => /Deadline missed/.test(m.subject ?? ''))).toHaveLength(6);
  } finally {
    await inst.close();
  }
});
