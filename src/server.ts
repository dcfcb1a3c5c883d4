import type { AddressInfo } from 'node:net';
import type { Server, ServerResponse } from 'node:http';
import type { Config } from './config';
import { ensureUsers, migrateAndSeed, type Log } from './bootstrap';
import { createApp } from './http/app';
import { createMailTransport, type MailTransport } from './outbox/transport';
import { startSweeper, type Sweeper } from './scheduler/sweeper';
import { createServices, type Services } from './services';
import type { Clock } from './services/actor';
import { logger } from './logger';
import { openOrm } from './store/orm';

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  /** The one set of services: the routes, the sweeper and the dispatcher all use it. */
  services: Services;
  /** The deadline sweeper, unless turned off with `{ sweeper: false }`. */
  sweeper: Sweeper | undefined;
  /**
   * Stops accepting connections, lets in-flight requests finish (their answers close their connections), then
   * the writer and any mail being sent, and closes the database. Requests still running after a grace period
   * are cut off. Idempotent: a second call (a second signal) returns the same promise.
   */
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 10_000;

export interface ServeOptions {
  /** Run the deadline sweeper every `config.sweepIntervalMs` (default true). */
  sweeper?: boolean;
  /** Send queued mail (default: SMTP_URL, or .eml files in MAIL_DIR); `false` leaves it queued; a transport replaces the default. */
  mail?: boolean | MailTransport;
  /** The server's notion of now (default the wall clock); a test clock reaches every service. */
  clock?: Clock;
  /** Where the start-up lines for the operator go, the admin token shown once among them (default: `log`). */
  announce?: Log;
}

/**
 * What `npm start` does: migrate, seed, make sure the admin (and demo users) exist, listen on PORT, send
 * queued notices and sweep deadlines on `config.sweepIntervalMs`.
 */
export async function serve(config: Config, log: Log = console.log, options: ServeOptions = {}): Promise<RunningServer> {
  // LOG_LEVEL=debug logs each SQL statement as prepared, never its values (SqlLogger in store/orm.ts).
  const orm = await openOrm(config.database, { debug: logger().isLevelEnabled('debug') });
  const transport = options.mail === false ? undefined : typeof options.mail === 'object' ? options.mail : createMailTransport(config.mail);
  const services = createServices({ orm, config, clock: options.clock, mail: transport && { transport, log } });
  let server: Server | undefined;
  let sweeper: Sweeper | undefined;
  let closing = false;
  // Answers not yet sent: when closing begins each is told to close its connection after it is sent, so a
  // keep-alive client gets every answer and then finds the server gone, instead of a request cut off mid-way.
  const unanswered = new Set<ServerResponse>();
  const track = (_req: unknown, res: ServerResponse) => {
    if (closing && !res.headersSent) res.setHeader('Connection', 'close');
    unanswered.add(res);
    res.once('finish', () => unanswered.delete(res));
    res.once('close', () => unanswered.delete(res));
  };
  const close = async () => {
    closing = true;
    // The load balancer sees /api/ready turn 503, and no new deadline batch is claimed (one in hand is released).
    services.operations.beginDrain();
    services.deadlines.stopClaiming();
    // At once and together: no new connection is accepted, and no new sweep starts (one in flight finishes).
    const drainHttp = async () => {
      if (!server?.listening) return;
      const s = server;
      for (const res of unanswered) if (!res.headersSent) res.setHeader('Connection', 'close');
      const force = setTimeout(() => s.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeIdleConnections();
      });
      clearTimeout(force);
    };
    await Promise.all([drainHttp(), sweeper?.stop()]);
    // Then commits still queued in the writer, the mail pass in flight, and the database.
    await services.close();
    transport?.close();
  };
  try {
    await migrateAndSeed(orm, config, log);
    const app = createApp(services);
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    server.prependListener('request', track);
    const { port } = server.address() as AddressInfo;
    const url = `http://localhost:${port}`;
    await ensureUsers(services, options.announce ?? log, url);
    if (services.dispatcher && transport) {
      services.dispatcher.start(config.mail.dispatchIntervalMs);
      log(`Notices are sent by ${transport.describe()}.`);
    }
    if (options.sweeper ?? true) {
      // Each tick lapses what fell due, then queues the day's digests (once per authority per working day).
      sweeper = startSweeper({ sweep: () => services.deadlines.tick() }, { intervalMs: config.sweepIntervalMs, log });
      log(`Deadline sweep and daily digest check every ${config.sweepIntervalMs} ms.`);
    }
    log(`Listening on ${url} (${config.env}); API description at ${url}/api/openapi.json`);
    let closing: Promise<void> | undefined;
    return { url, port, server, services, sweeper, close: () => (closing ??= close()) };
  } catch (err) {
    await close();
    throw err;
  }
}
