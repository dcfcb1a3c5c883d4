// Two app processes (`node --import tsx src/cli.ts serve`) on one PostgreSQL database, a real SMTP server on
// 127.0.0.1, and 500 placements whose deadlines have fallen due and whose escalation notices are queued.
// Both instances sweep and send at once; one is killed with SIGKILL in the middle of it and started again.
// Afterwards: every deadline fired exactly once (one DEADLINE_ELAPSED each), every message reached the SMTP
// server exactly once (counted by its Message-ID, which names the outbox row), except one the SMTP server had
// accepted from the killed instance before its row was marked (listed at the kill; the same Message-ID, so a
// receiving system can tell), and the audit chain verifies.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { SYSTEM_ACTOR } from '../../src/services/actor';
import { migrateAndSeed } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { createServices } from '../../src/services';
import { AuditEvent, Deadline, OutboxMessage } from '../../src/store/entities';
import { verifyAuditChain } from '../../src/store/audit-chain';
import { openOrm, type Orm } from '../../src/store/orm';
import { ADMIN_TOKEN } from '../support/api-harness';
import { createTestDatabase, PG_TEST_SERVER } from '../support/test-database';
import { draftBody, PLACING_ORG } from '../api/placement-fixtures';
import { freePort, startServer, type ServerProcess } from '../reliability/process-kit';

const PLACEMENTS = Number(process.env.CBP_MULTI_PLACEMENTS ?? 500);
const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An SMTP server that counts each message by its Message-ID (the outbox row's id) without parsing the rest. */
async function countingSink() {
  const received = new Map<string, number>();
  let total = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const head = Buffer.concat(chunks).toString('utf8', 0, 8192);
        const id = /^Message-ID:\s*<outbox-([0-9a-f-]+)@/im.exec(head)?.[1] ?? 'none';
        received.set(id, (received.get(id) ?? 0) + 1);
        total++;
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received, total: () => total, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Kills the process group at once: no handler runs, nothing is drained. */
function sigkill(p: ServerProcess) {
  try {
    process.kill(-p.pgid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

let orm: Orm;
let sink: Awaited<ReturnType<typeof countingSink>>;
const servers: ServerProcess[] = [];

afterAll(async () => {
  for (const s of servers) sigkill(s);
  await sink?.stop();
  await orm?.close();
});

test(`two instances, ${PLACEMENTS} placements, one instance SIGKILLed: each deadline fires once, each message is sent once`, async () => {
  if (!PG_TEST_SERVER) throw new Error('needs CBP_TEST_DATABASE');
  const url = createTestDatabase();
  const wall = Date.now();
  // The children arrived 35 days ago without notice: each placement is unrecognised at once (3 escalation
  // mails queued), and its advocacy offer, first visit and first review (due within 4 weeks) have passed.
  const arrived = new Date(wall - 35 * DAY);
  const seedNow = new Date(arrived.getTime() + 3_600_000);
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, CBP_ADMIN_TOKEN: ADMIN_TOKEN, CBP_TOKEN_TTL_DAYS: '36500' });
  orm = await openOrm(config.database);
  await migrateAndSeed(orm, config, () => {});
  const seed = createServices({ orm, config, clock: () => seedNow });
  await seed.users.ensureAdmin(config);
  const { token } = await seed.users.create(
    SYSTEM_ACTOR,
    { email: 'seed@example.test', name: 'Seed', role: 'placing', organisationId: PLACING_ORG },
    { delivery: 'caller' },
  );
  const user = (await seed.users.authenticate(token!))!;
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const draft = draftBody({
    legalBasis: {
      type: 'care-order',
      court: 'Family Court at Birmingham',
      madeOn: date(arrived.getTime() - 3 * DAY),
      effectiveFrom: new Date(arrived.getTime() - 2 * DAY).toISOString(),
      expiresAt: null,
    },
  }) as Parameters<typeof seed.placements.create>[1];
  draft.placement.plannedStart = new Date(arrived.getTime() + DAY).toISOString();
  const seeded = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < PLACEMENTS) {
        next++;
        const p = await seed.placements.create(user, draft);
        await seed.placements.send(user, p.id, { type: 'CHILD_ARRIVED', at: arrived.toISOString() });
      }
    }),
  );
  await seed.close();
  orm = await openOrm(config.database);
  const em = () => orm.em.fork();
  const dueDeadlines = await em().count(Deadline, { status: 'open', dueAt: { $lte: new Date(wall) } });
  const queuedAtStart = await em().count(OutboxMessage, { status: 'queued' });
  console.log(`seeded ${PLACEMENTS} placements in ${Date.now() - seeded} ms: ${dueDeadlines} deadlines due, ${queuedAtStart} messages queued`);
  expect(dueDeadlines).toBe(3 * PLACEMENTS);
  expect(queuedAtStart).toBe(3 * PLACEMENTS);

  sink = await countingSink();
  const env = async () => ({
    DATABASE_URL: url,
    PORT: String(await freePort()),
    SMTP_URL: sink.url,
    MAIL_DISPATCH_INTERVAL_MS: '200',
    SWEEP_INTERVAL_MS: '1000',
    // Short leases, so the claims of the killed instance are taken over within the test.
    MAIL_SEND_LEASE_MS: '10000',
    SWEEP_LEASE_MS: '10000',
  });
  const started = Date.now();
  const a = startServer(await env(), { viaNpm: false });
  servers.push(a);
  const b = startServer(await env(), { viaNpm: false });
  servers.push(b);
  await Promise.all([a.ready, b.ready]);

  // Every deadline fired produces 3 more escalations: 12 messages per placement in all.
  const expected = 12 * PLACEMENTS;
  while (sink.total() < expected / 4) await sleep(50);
  const firedBeforeKill = await em().count(Deadline, { firedAt: { $ne: null } });
  const atKill = sink.total();
  sigkill(a);
  await a.gone();
  // The one window no database can close: the SMTP server accepted a message and the instance died before
  // its row said so (one small UPDATE later). Those rows are still queued, and only they may arrive twice.
  const queuedNow = new Set((await em().find(OutboxMessage, { status: 'queued' }, { fields: ['id'] })).map((r) => r.id));
  const unmarked = [...sink.received.keys()].filter((id) => queuedNow.has(id));
  console.log(
    `SIGKILL instance A after ${Date.now() - started} ms: ${atKill} messages received, ${firedBeforeKill} deadlines fired, ` +
      `${unmarked.length} received but not yet marked (${unmarked.join(', ') || 'none'})`,
  );
  await sleep(1000);
  const a2 = startServer(await env(), { viaNpm: false });
  servers.push(a2);
  await a2.ready;

  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const openDue = await em().count(Deadline, { status: 'open', dueAt: { $lte: new Date(wall) } });
    const waiting = await em().count(OutboxMessage, { status: { $ne: 'sent' } });
    const escalations = await em().count(OutboxMessage, { kind: 'escalation' });
    if (openDue === 0 && waiting === 0 && escalations === expected) break;
    if (Date.now() > deadline) {
      throw new Error(`not done after 15 minutes: ${openDue} deadlines open, ${waiting} messages unsent, ${escalations} of ${expected} escalations`);
    }
    await sleep(500);
  }
  const took = Date.now() - started;

  // Exactly once: one DEADLINE_ELAPSED per deadline, one message at the SMTP server per outbox row.
  const elapsed = await em().find(AuditEvent, { type: 'DEADLINE_ELAPSED' }, { fields: ['placementId', 'payload'] });
  const perDeadline = new Map<string, number>();
  for (const e of elapsed) {
    const key = `${e.placementId}:${(e.payload as { deadlineId: string }).deadlineId}`;
    perDeadline.set(key, (perDeadline.get(key) ?? 0) + 1);
  }
  const rows = await em().find(OutboxMessage, {}, { fields: ['id', 'kind'] });
  // Besides the escalations, the placing authority's daily digest, queued once across both instances (none
  // before its hour or on a day that is not a working day).
  const digests = rows.filter((r) => r.kind === 'digest').length;
  const twice = rows.filter((r) => (sink.received.get(r.id) ?? 0) > 1).map((r) => r.id);
  const never = rows.filter((r) => !sink.received.has(r.id)).map((r) => r.id);
  const strangers = [...sink.received.keys()].filter((id) => !rows.some((r) => r.id === id));
  const chain = await verifyAuditChain(em());
  console.log(
    [
      `done in ${took} ms: ${perDeadline.size} deadlines fired (${elapsed.length} DEADLINE_ELAPSED entries), ` +
        `${rows.length} messages (${digests} digest), ${sink.total()} received by SMTP, ${twice.length} twice, ${never.length} never`,
      `audit chain: ${chain.ok ? 'verifies' : `broken at ${chain.firstBrokenSeq}`} (${chain.checked} entries)`,
    ].join('\n'),
  );
  expect(perDeadline.size).toBe(3 * PLACEMENTS);
  expect([...perDeadline.values()].every((n) => n === 1)).toBe(true);
  expect(never).toEqual([]);
  expect(strangers).toEqual([]);
  // Exactly once, except a message the SMTP server held unmarked when the instance was killed (counted above).
  expect(twice.filter((id) => !unmarked.includes(id))).toEqual([]);
  expect(rows.length - digests).toBe(expected);
  expect(digests).toBeLessThanOrEqual(1);
  expect(sink.total()).toBe(rows.length + twice.length);
  expect(chain).toMatchObject({ ok: true, firstBrokenSeq: null });
});
