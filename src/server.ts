import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Config } from './config';
import { ensureUsers, migrateAndSeed, type Log } from './bootstrap';
import { createEngine } from './engine/create-engine';
import type { PlacementService } from './engine/placement-service';
import { createApp } from './http/app';
import { OutboxDispatcher } from './mail/dispatcher';
import { createMailTransport, type MailTransport } from './mail/transport';
import { queueDailyDigests } from './notifications/digest';
import { startSweeper, type Sweeper } from './scheduler/sweeper';
import { openOrm, type Orm } from './store/orm';

export interface RunningServer {
  url: string;
  port: number;
  orm: Orm;
  server: Server;
  /** The one placement engine: the app's routes and the deadline sweeper both use it. */
  engine: PlacementService;
  /** The deadline sweeper, unless turned off with `{ sweeper: false }`. */
  sweeper: Sweeper | undefined;
  /** The outbox dispatcher sending queued notices, unless turned off with `{ mail: false }`. */
  dispatcher: OutboxDispatcher | undefined;
  /** Stops accepting connections, lets in-flight requests finish (up to a grace period), closes the ORM. */
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 10_000;

export interface ServeOptions {
  /** Run the deadline sweeper every `config.sweepIntervalMs` (default true). */
  sweeper?: boolean;
  /** Send queued mail (SMTP_URL, or .eml files in MAIL_DIR) after each commit and every `config.mail.dispatchIntervalMs` (default true). */
  mail?: boolean;
}

/**
 * What `npm start` does: migrate, seed, make sure the admin (and demo users) exist, listen on PORT, send
 * queued notices and sweep deadlines on `config.sweepIntervalMs`.
 */
export async function serve(config: Config, log: Log = console.log, options: ServeOptions = {}): Promise<RunningServer> {
  const orm = await openOrm(config.database);
  let server: Server | undefined;
  let sweeper: Sweeper | undefined;
  let dispatcher: OutboxDispatcher | undefined;
  let transport: MailTransport | undefined;
  const close = async () => {
    // No new sweep or mail pass starts once closing begins; one in flight finishes before the database closes.
    await sweeper?.stop();
    await dispatcher?.stop();
    transport?.close();
    if (server?.listening) {
      const s = server;
      const force = setTimeout(() => s.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeIdleConnections();
      });
      clearTimeout(force);
    }
    await orm.close();
  };
  try {
    await migrateAndSeed(orm, config, log);
    // One engine, on the wall clock, for the routes, the sweeper and the dispatcher (so all queue the same
    // documents and mail, and every commit that queued mail wakes the dispatcher).
    const clock = () => new Date();
    const engine = createEngine(orm, { clock, afterCommit: () => dispatcher?.kick() });
    const app = createApp({ orm, config, engine });
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://localhost:${port}`;
    await ensureUsers(orm, config, log, url);
    if (options.mail ?? true) {
      transport = createMailTransport(config.mail);
      dispatcher = new OutboxDispatcher(orm, engine, transport, { clock, from: config.mail.from, log });
      dispatcher.start(config.mail.dispatchIntervalMs);
      log(`Notices are sent by ${transport.describe()}.`);
    }
    if (options.sweeper ?? true) {
      // Each tick lapses what fell due, then queues the day's digests (once per authority per working day).
      const tick = {
        sweep: async () => {
          const fired = await engine.sweep();
          if ((await queueDailyDigests(orm, clock())) > 0) dispatcher?.kick();
          return fired;
        },
      };
      sweeper = startSweeper(tick, { intervalMs: config.sweepIntervalMs, log });
      log(`Deadline sweep and daily digest check every ${config.sweepIntervalMs} ms.`);
    }
    log(`Listening on ${url} (${config.env}); API description at ${url}/api/openapi.json`);
    let closing: Promise<void> | undefined;
    return { url, port, orm, server, engine, sweeper, dispatcher, close: () => (closing ??= close()) };
  } catch (err) {
    await close();
    throw err;
  }
}
