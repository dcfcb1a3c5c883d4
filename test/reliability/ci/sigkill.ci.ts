// SIGKILL at random points of a stream of writes, KILLS times (default 50), restarting the server on the same
// SQLite file after each; the client keeps going across restarts. A write is acknowledged (200), refused (4xx)
// or cut off (no answer: it may or may not have been committed, and the client re-reads the placement before
// writing again). Checked at the end:
// - no acknowledged write lost, no refused one present, nothing present that the client did not send, once each;
// - every placement the client was given exists; any other was created by a request cut off;
// - the audit chain verifies;
// - the outbox delivers what was committed: every message reaches the SMTP server on 127.0.0.1, none that was
//   not committed does, and one arrives twice only when the server was killed between the SMTP server's
//   acceptance and the commit that records it: after each kill the test notes every message the SMTP server
//   holds whose outbox row is not marked sent ("in doubt"), and only those may arrive again (the copies share
//   their Message-ID, so a mail system can drop the second). Messages leased by a killed server are sent when
//   the lease ends, in-process here with a clock moved past it rather than waiting the two minutes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config';
import { OutboxDispatcher } from '../../../src/outbox/dispatcher';
import { smtpTransport } from '../../../src/outbox/transport';
import { createServices } from '../../../src/services';
import { OutboxMessage } from '../../../src/store/entities';
import { openOrm } from '../../../src/store/orm';
import { startSink, type Sink } from '../../mail/smtp-sink';
import { ADMIN_TOKEN } from '../../support/api-harness';
import {
  Client,
  countsByPlacement,
  createAccounts,
  freePort,
  newWorker,
  outboxIdOf,
  readCommitted,
  runWorker,
  seededRandom,
  startServer,
  type Accounts,
  type Write,
} from '../process-kit';

const KILLS = Number(process.env.SIGKILL_COUNT ?? 50);
const WORKERS = 6;
const SEED = Number(process.env.RELIABILITY_SEED ?? 47);

let sink: Sink;
let dir: string;

beforeAll(async () => {
  sink = await startSink();
  dir = mkdtempSync(path.join(tmpdir(), 'cbp-sigkill-'));
});
afterAll(async () => {
  await sink.stop();
  rmSync(dir, { recursive: true, force: true });
});

test(`${KILLS} SIGKILLs at random points of a stream of writes: nothing acknowledged lost, nothing refused kept, mail once`, async () => {
  const rng = seededRandom(SEED);
  const database = path.join(dir, 'cbp.sqlite');
  const port = await freePort();
  const env = { DATABASE_URL: database, PORT: String(port), SMTP_URL: sink.url, MAIL_DISPATCH_INTERVAL_MS: '200', SWEEP_INTERVAL_MS: '1000' };
  const writes: Write[] = [];
  const workers = Array.from({ length: WORKERS }, (_, i) => newWorker(`k${i}`));
  const kills: { at: number; during: 'start' | 'stream'; afterMs: number; answers: number }[] = [];
  let accounts: Accounts | undefined;
  // outbox id -> how many kills left it received by the SMTP server but not marked sent.
  const inDoubt = new Map<string, number>();
  const noteInDoubt = async () => {
    await new Promise((r) => setTimeout(r, 300)); // a message whose DATA ended just before the kill is still being parsed
    const received = new Set(sink.messages.map((m) => outboxIdOf(m.messageId)));
    if (received.size === 0) return;
    const orm = await openOrm({ kind: 'sqlite', path: database });
    try {
      for (const row of await orm.em.fork().find(OutboxMessage, { status: { $ne: 'sent' } }, { fields: ['id'] }))
        if (received.has(row.id)) inDoubt.set(row.id, (inDoubt.get(row.id) ?? 0) + 1);
    } finally {
      await orm.close();
    }
  };
  const started = Date.now();
  let startMs = 0;

  for (let k = 1; k <= KILLS; k++) {
    const server = startServer(env, { viaNpm: false });
    const spawnedAt = Date.now();
    try {
      // One kill in ten lands while the server starts (migrating, seeding, creating the admin).
      if (accounts && rng() < 0.1) {
        const afterMs = Math.floor(rng() * 1500);
        await Promise.race([server.ready, new Promise((r) => setTimeout(r, afterMs))]);
        kills.push({ at: Date.now(), during: 'start', afterMs, answers: 0 });
        process.kill(-server.pgid, 'SIGKILL');
        await server.gone();
        await noteInDoubt();
        continue;
      }
      await server.ready;
      startMs += Date.now() - spawnedAt;
      const client = new Client(port);
      accounts ??= await createAccounts(client, 'kill', sink);
      const before = writes.length;
      const running = workers.map((w) => runWorker(client, accounts!, w, writes, () => false, rng));
      const afterMs = 200 + Math.floor(rng() * 3800);
      await new Promise((r) => setTimeout(r, afterMs));
      kills.push({ at: Date.now(), during: 'stream', afterMs, answers: writes.length - before });
      process.kill(-server.pgid, 'SIGKILL');
      await Promise.all(running);
      await server.gone();
      client.close();
      await noteInDoubt();
    } finally {
      try {
        process.kill(-server.pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  const streamMs = Date.now() - started;

  // Mail leased by a killed server goes when its lease ends: here, at once, on a clock moved past the lease.
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database, CBP_ADMIN_TOKEN: ADMIN_TOKEN, SMTP_URL: sink.url });
  const orm = await openOrm(config.database);
  const later = () => new Date(Date.now() + 10 * 60_000);
  const services = createServices({ orm, config, clock: later });
  const transport = smtpTransport(sink.url);
  const dispatcher = new OutboxDispatcher(orm, services.placements, transport, { clock: later, from: config.mail.from });
  try {
    // Until a pass sends nothing: a slow CI machine can leave thousands queued (each pass takes at most a batch).
    for (let pass = 0; pass < 1000; pass++) if ((await dispatcher.runOnce()).sent === 0) break;
    const verdict = await services.audit.verify();
    expect(verdict).toMatchObject({ ok: true });
  } finally {
    await dispatcher.stop();
    transport.close();
    await services.close();
  }

  const committed = await readCommitted(database);
  const byOutcome = (o: Write['outcome']) => writes.filter((w) => w.outcome === o);
  const markersOf = (ws: Write[]) => new Set(ws.flatMap((w) => (w.marker ? [w.marker] : [])));
  const acked = markersOf(byOutcome('ack'));
  const refused = markersOf(byOutcome('refused'));
  const cut = markersOf(byOutcome('cut'));
  const lost = [...acked].filter((m) => !committed.markers.has(m));
  const refusedKept = [...refused].filter((m) => committed.markers.has(m));
  const unknown = [...committed.markers.keys()].filter((m) => !acked.has(m) && !cut.has(m));
  const twice = [...committed.markers].filter(([, n]) => n !== 1).map(([m]) => m);
  expect({ lost, refusedKept, unknown, twice }).toEqual({ lost: [], refusedKept: [], unknown: [], twice: [] });

  const ackedPlacements = new Set(
    byOutcome('ack')
      .filter((w) => w.kind === 'create')
      .map((w) => w.placementId!),
  );
  expect([...ackedPlacements].filter((id) => !committed.placementIds.has(id))).toEqual([]);
  const orphans = [...committed.placementIds].filter((id) => !ackedPlacements.has(id));
  expect(orphans.length).toBeLessThanOrEqual(byOutcome('cut').filter((w) => w.kind === 'create').length);
  const ackedSigns = byOutcome('ack')
    .filter((w) => w.kind === 'sign')
    .map((w) => w.placementId!);
  expect(ackedSigns.filter((id) => !committed.signed.has(id))).toEqual([]);
  // New notice versions carry no marker: per placement, acknowledged <= committed <= acknowledged + cut off.
  const updates = countsByPlacement(writes, 'update');
  const badUpdates = [...new Set([...updates.keys(), ...committed.updates.keys()])].filter((id) => {
    const [ack, cutOff] = updates.get(id) ?? [0, 0];
    const n = committed.updates.get(id) ?? 0;
    return n < ack || n > ack + cutOff;
  });
  expect(badUpdates).toEqual([]);

  // Mail: every committed message sent and received; nothing received that was not committed; copies only from kills.
  expect(committed.outbox.filter((o) => o.status !== 'sent')).toEqual([]);
  const received = new Map<string, number>();
  for (const m of sink.messages) {
    const id = outboxIdOf(m.messageId) ?? `?${m.messageId}`;
    received.set(id, (received.get(id) ?? 0) + 1);
  }
  const outboxIds = new Set(committed.outbox.map((o) => o.id));
  expect([...outboxIds].filter((id) => !received.has(id))).toEqual([]);
  expect([...received.keys()].filter((id) => !outboxIds.has(id))).toEqual([]);
  const copies = [...received].filter(([, n]) => n > 1);
  const unexplained = copies.filter(([id, n]) => n > 1 + (inDoubt.get(id) ?? 0));
  expect(unexplained.map(([id, n]) => ({ id, copies: n, inDoubt: inDoubt.get(id) ?? 0 }))).toEqual([]);

  console.log(
    [
      `${kills.length} SIGKILLs (${kills.filter((k) => k.during === 'start').length} during start-up) in ${(streamMs / 1000).toFixed(0)} s; ` +
        `mean start to listening ${(startMs / kills.filter((k) => k.during === 'stream').length).toFixed(0)} ms`,
      `writes: ${byOutcome('ack').length} acknowledged, ${byOutcome('refused').length} refused, ${byOutcome('cut').length} cut off ` +
        `(${[...cut].filter((m) => committed.markers.has(m)).length} of the cut markers had been committed)`,
      `placements: ${committed.placementIds.size} (${orphans.length} created by a cut-off request); markers committed ${committed.markers.size}`,
      `mail: ${committed.outbox.length} messages committed, ${sink.messages.length} received; ${inDoubt.size} left in doubt by a kill ` +
        `(received, not yet marked sent), of which ${copies.length} were sent again (same Message-ID)`,
    ].join('\n'),
  );
});
