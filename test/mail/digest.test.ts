// The daily digest: one message a working day to each placing authority with deadlines coming up.
import { queueDailyDigests } from '../../src/services/digests';
import { OutboxMessage } from '../../src/store/entities';
import { clockAt, instance, signedPlacement, sinkPerTest } from './instance';

const t = sinkPerTest();

test('once per working day, after 07:00, to the placing authority, by reference only', async () => {
  const inst = await instance(t.dir, t.sink.url);
  try {
    const { id, auth } = await signedPlacement(inst);
    await inst.dispatcher.runOnce();
    clockAt(new Date('2026-03-05T12:00:00Z'));
    await inst.http.post(`/api/placements/${id}/events`).set('Authorization', auth).send({ type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
    await inst.dispatcher.runOnce();
    const before = t.sink.messages.length;

    // Saturday 7 March: no digest. Monday 9 March 06:30: too early.
    expect(await queueDailyDigests(inst.orm, new Date('2026-03-07T09:00:00Z'))).toBe(0);
    expect(await queueDailyDigests(inst.orm, new Date('2026-03-09T06:30:00Z'))).toBe(0);
    // Monday 9 March 08:00: the first visit (due Thu 12 Mar) is within 3 working days; the first review (2 Apr) is not.
    expect(await queueDailyDigests(inst.orm, new Date('2026-03-09T08:00:00Z'))).toBe(1);
    expect(await queueDailyDigests(inst.orm, new Date('2026-03-09T15:00:00Z'))).toBe(0);
    clockAt(new Date('2026-03-09T08:00:00Z'));
    await inst.dispatcher.runOnce();
    const digests = t.sink.messages.slice(before);
    expect(digests).toHaveLength(1);
    expect(digests[0].envelopeTo).toEqual(['notices@e08000025.cbp.invalid']);
    expect(digests[0].text).toContain('C8.first-visit');
    expect(digests[0].text).not.toContain('C8.first-review');
    expect(digests[0].text).not.toContain('C7.advocacy-offer'); // the Ministers' duty, not the placing authority's
    expect(digests[0].text).not.toMatch(/Ada|Lovelace/);
    expect(await inst.orm.em.fork().count(OutboxMessage, { kind: 'digest' })).toBe(1);
  } finally {
    await inst.close();
  }
});
