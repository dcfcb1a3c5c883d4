// The whole server as `npm start` builds it (serve: services built once, routes, dispatcher woken by
// commits, sweeper), on a fixed test clock, from a draft to every recipient's mail on a real SMTP server.
// The wall clock is moved to 2099 for the test: any time the app took from it instead of its own clock
// would show up in the rows and the mail.
import { SYSTEM_ACTOR } from '../../src/services/actor';
import { rmSync } from 'node:fs';
import { activeRulebook } from '../../machines/rulebook';
import request from 'supertest';
import { serve, type RunningServer } from '../../src/server';
import { smtpTransport } from '../../src/outbox/transport';
import { ApiToken, AuditEvent, Deadline, Document, IdentityRead, OutboxMessage, Placement, User } from '../../src/store/entities';
import { openOrm } from '../../src/store/orm';
import { startSink, type Sink } from '../mail/smtp-sink';
import { ADMIN, tempDir, testConfig } from '../support/api-harness';
import { draftBody, signatory } from './placement-fixtures';

const WALL = new Date('2099-01-01T00:00:00Z');
let now = new Date('2026-03-02T09:00:00Z');
const clock = () => now;

let dir: string;
let sink: Sink;
let running: RunningServer;

beforeAll(async () => {
  // Only Date is faked: timers, sockets and the database run as usual.
  jest.useFakeTimers({
    now: WALL,
    doNotFake: [
      'nextTick',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
  dir = tempDir();
  sink = await startSink();
  const config = { ...testConfig(dir), port: 0 };
  running = await serve(config, () => {}, { clock, mail: smtpTransport(sink.url), sweeper: false });
});

afterAll(async () => {
  await running.close();
  await sink.stop();
  jest.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const end = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('a notice signed through the API reaches every recipient by SMTP, and every time recorded is the app clock', async () => {
  const http = request(running.url);
  const { token } = await running.services.users.create(
    SYSTEM_ACTOR,
    { email: 'sw@birmingham.example', name: 'Sam Worker', role: 'placing', organisationId: 'E08000025' },
    { delivery: 'caller' },
  );
  const auth = `Bearer ${token}`;

  const created = await http.post('/api/placements').set('Authorization', auth).send(draftBody()).expect(201);
  const id: string = created.body.id;

  now = new Date('2026-03-03T09:00:00Z');
  // No `at`: the event happened when the server received it, by its clock.
  const signed = await http
    .post(`/api/placements/${id}/events`)
    .set('Authorization', auth)
    .set('If-Match', '1')
    .send({ type: 'NOTICE_SIGNED', signatory })
    .expect(200);
  expect(signed.body.notice.outstandingRecipients.length).toBeGreaterThan(0);
  // Every recipient the rulebook names for the setting gets a copy (the statutory ones decide "given").
  const recipients = activeRulebook.recipients.residential.length;

  // No one calls the dispatcher: the signing commit woke it.
  await until(() => sink.messages.length >= recipients);
  await until(async () => (await http.get(`/api/placements/${id}`).set('Authorization', auth)).body.notice.givenAt !== null);

  const placement = (await http.get(`/api/placements/${id}`).set('Authorization', auth)).body;
  expect(placement.notice).toMatchObject({ version: 1, signedAt: now.toISOString(), givenAt: now.toISOString(), outstandingRecipients: [] });
  expect(sink.messages).toHaveLength(recipients);
  for (const m of sink.messages) {
    expect(m.date?.toISOString()).toBe(now.toISOString());
    expect(m.attachments.map((a) => a.contentType)).toEqual(['application/pdf', 'application/json']);
    expect(m.text).not.toContain('Lovelace');
  }
  expect((await http.get('/api/audit/verify').set('Authorization', ADMIN)).body).toMatchObject({ ok: true });

  // Every instant the app stored came from its clock (2026), none from the wall clock (2099).
  const db = await openOrm(running.services.config.database);
  try {
    const em = db.em.fork();
    const times = [
      ...(await em.find(Placement, {})).flatMap((p) => [p.createdAt, p.updatedAt]),
      ...(await em.find(AuditEvent, {})).flatMap((e) => [e.at, e.recordedAt]),
      ...(await em.find(Deadline, {})).flatMap((d) => [d.openedAt, d.dueAt, d.metAt]),
      ...(await em.find(OutboxMessage, {})).flatMap((o) => [o.createdAt, o.sentAt, o.nextAttemptAt]),
      ...(await em.find(Document, {})).map((d) => d.createdAt),
      ...(await em.find(IdentityRead, {})).map((r) => r.at),
      ...(await em.find(User, {})).map((u) => u.createdAt),
      ...(await em.find(ApiToken, {})).map((t) => t.createdAt),
    ].filter((t): t is Date => t instanceof Date);
    expect(times.length).toBeGreaterThan(20);
    expect(times.filter((t) => t.getUTCFullYear() >= 2099)).toEqual([]);
  } finally {
    await db.close();
  }
});
