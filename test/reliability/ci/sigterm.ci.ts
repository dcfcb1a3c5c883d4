// SIGTERM (odd rounds) or SIGINT (even rounds: Ctrl-C in a terminal) to `npm start`'s whole process group under
// load, as an orchestrator's stop or a terminal does:
// every write committed in the database was acknowledged to the client (200 received), every 200 received is
// in the database, and the outbox was left consistent (every message the SMTP server received is marked sent,
// once). Before the fix `npm start` ran the server as a child of tsx, which killed it 30 ms after forwarding
// the signal: writes were committed and their answers lost. ROUNDS rounds (default 6), each signalled at a
// random moment of the stream.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSink, type Sink } from '../../mail/smtp-sink';
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
  type Write,
} from '../process-kit';

const ROUNDS = Number(process.env.SIGTERM_ROUNDS ?? 6);
const WORKERS = 8;
const SEED = Number(process.env.RELIABILITY_SEED ?? 31);

let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
});
afterAll(() => sink.stop());

test(`SIGTERM or SIGINT to the process group of npm start under load, ${ROUNDS} times: committed = acknowledged`, async () => {
  const rng = seededRandom(SEED);
  const summary: string[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'cbp-sigterm-'));
    const database = path.join(dir, 'cbp.sqlite');
    const port = await freePort();
    const sinkBefore = sink.messages.length;
    const server = startServer(
      { DATABASE_URL: database, PORT: String(port), SMTP_URL: sink.url, MAIL_DISPATCH_INTERVAL_MS: '200', SWEEP_INTERVAL_MS: '60000' },
      { viaNpm: true },
    );
    try {
      await server.ready;
      const client = new Client(port);
      const accounts = await createAccounts(client, `r${round}`, sink);
      const writes: Write[] = [];
      const workers = Array.from({ length: WORKERS }, (_, i) => newWorker(`r${round}w${i}`));
      const running = workers.map((w) => runWorker(client, accounts, w, writes, () => false, rng));
      const delay = 3000 + Math.floor(rng() * 4000);
      await new Promise((r) => setTimeout(r, delay));
      const inFlightAtSignal = writes.length;
      const signal = round % 2 === 1 ? 'SIGTERM' : 'SIGINT';
      process.kill(-server.pgid, signal);
      await Promise.all(running);
      await server.gone();
      client.close();

      const committed = await readCommitted(database);
      const acked = writes.filter((w) => w.outcome === 'ack');
      const cut = writes.filter((w) => w.outcome === 'cut');
      // Every marker committed was acknowledged, once; every acknowledged one is committed; no refused one is.
      const ackedMarkers = new Set(acked.flatMap((w) => (w.marker ? [w.marker] : [])));
      const lostAnswers = [...committed.markers.keys()].filter((m) => !ackedMarkers.has(m));
      const lostWrites = [...ackedMarkers].filter((m) => !committed.markers.has(m));
      const refusedPresent = writes.filter((w) => w.outcome === 'refused' && w.marker && committed.markers.has(w.marker));
      expect({ round, lostAnswers, lostWrites, refusedPresent: refusedPresent.map((w) => w.marker) }).toEqual({
        round,
        lostAnswers: [],
        lostWrites: [],
        refusedPresent: [],
      });
      expect([...committed.markers.values()].every((n) => n === 1)).toBe(true);
      // Placements and notices: each committed one was acknowledged (the ids the client was given).
      const ackedPlacements = new Set(acked.filter((w) => w.kind === 'create').map((w) => w.placementId));
      expect([...committed.placementIds].filter((id) => !ackedPlacements.has(id))).toEqual([]);
      // New notice versions: as many committed per placement as acknowledged.
      const updates = countsByPlacement(writes, 'update');
      const placementsWithUpdates = new Set([...updates.keys(), ...committed.updates.keys()]);
      expect([...placementsWithUpdates].filter((id) => (committed.updates.get(id) ?? 0) !== (updates.get(id)?.[0] ?? 0))).toEqual([]);
      const ackedSigns = new Set(acked.filter((w) => w.kind === 'sign').map((w) => w.placementId));
      expect([...committed.signed].filter((id) => !ackedSigns.has(id))).toEqual([]);
      // The mail in flight at the signal finished: whatever the SMTP server got is marked sent, and only once.
      const received = sink.messages.slice(sinkBefore).map((m) => outboxIdOf(m.messageId));
      const sent = new Set(committed.outbox.filter((o) => o.status === 'sent').map((o) => o.id));
      expect(received.filter((id) => !id || !sent.has(id))).toEqual([]);
      expect(new Set(received).size).toBe(received.length);
      expect(received.length).toBe(sent.size);
      // The server itself stopped cleanly (it logs "stopped" just before exiting 0).
      const out = server.output.join('\n');
      expect(out).toMatch(/"msg":"stopped"/);
      expect(out).not.toMatch(/shutdown failed/);
      summary.push(
        `round ${round}: ${signal} after ${delay} ms and ${inFlightAtSignal} answers; ${acked.length} acknowledged, ` +
          `${writes.filter((w) => w.outcome === 'refused').length} refused, ${cut.length} cut off (none committed: ${cut.map((w) => w.error).join(',')}); ` +
          `${committed.markers.size} markers and ${committed.placementIds.size} placements committed; ${received.length} mails sent, ${committed.outbox.length - sent.size} still queued`,
      );
    } finally {
      try {
        process.kill(-server.pgid, 'SIGKILL');
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(summary.join('\n'));
});
