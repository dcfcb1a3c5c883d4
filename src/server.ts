import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Config } from './config';
import { ensureUsers, migrateAndSeed, type Log } from './bootstrap';
import { createApp } from './http/app';
import { openOrm, type Orm } from './store/orm';

export interface RunningServer {
  url: string;
  port: number;
  orm: Orm;
  server: Server;
  /** Stops accepting connections, lets in-flight requests finish (up to a grace period), closes the ORM. */
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 10_000;

/** What `npm start` does: migrate, seed, make sure the admin (and demo users) exist, then listen on PORT. */
export async function serve(config: Config, log: Log = console.log): Promise<RunningServer> {
  const orm = await openOrm(config.database);
  let server: Server | undefined;
  const close = async () => {
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
    const app = createApp({ orm, config });
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://localhost:${port}`;
    await ensureUsers(orm, config, log, url);
    log(`Listening on ${url} (${config.env}); API description at ${url}/api/openapi.json`);
    let closing: Promise<void> | undefined;
    return { url, port, orm, server, close: () => (closing ??= close()) };
  } catch (err) {
    await close();
    throw err;
  }
}
