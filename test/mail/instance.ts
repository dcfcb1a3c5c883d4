// One running instance over a SQLite file for mail tests: app, engine (documents and escalations queued)
// and an outbox dispatcher that tests drive with runOnce().
import { SYSTEM_ACTOR } from '../../src/services/actor';
import { rmSync } from 'node:fs';
import request from 'supertest';
import { migrateAndSeed } from '../../src/bootstrap';
import { createApp } from '../../src/http/app';
import { OutboxDispatcher } from '../../src/outbox/dispatcher';
import { smtpTransport } from '../../src/outbox/transport';
import { createServices } from '../../src/services';
import { openOrm, type Orm } from '../../src/store/orm';
import { tempDir, testConfig } from '../support/api-harness';
import { startSink, type Sink } from './smtp-sink';
import { draftBody, PLACING_ORG, signatory } from '../api/placement-fixtures';

let now = new Date('2026-03-03T09:00:00Z');
const clock = () => now;
const quiet = () => {};

/** Reads or moves the shared test clock. */
export function clockAt(to?: Date): Date {
  if (to) now = to;
  return now;
}

export async function instance(dir: string, smtpUrl: string) {
  const config = testConfig(dir);
  const orm: Orm = await openOrm(config.database);
  await migrateAndSeed(orm, config, quiet);
  // Tests drive the dispatcher with runOnce() so each pass's counts are exact, so the services get no
  // transport of their own (the full-server test covers the dispatcher woken by commits).
  const services = createServices({ orm, config, clock });
  await services.users.ensureAdmin(config);
  const dispatcher = new OutboxDispatcher(orm, services.placements, smtpTransport(smtpUrl), { clock, from: 'CBP <notices@cbp.test>', backoffMs: [60_000] });
  const app = createApp(services);
  return {
    orm,
    services,
    dispatcher,
    http: request(app),
    close: async () => {
      await dispatcher.stop();
      await services.close();
    },
  };
}

export type Instance = Awaited<ReturnType<typeof instance>>;

/** A placing user creates a draft on 2 March and signs the notice on 3 March 2026. */
export async function signedPlacement(inst: Instance, options: { sign?: boolean } = {}) {
  const { token } = await inst.services.users.create(
    SYSTEM_ACTOR,
    { email: `p${Math.random()}@example.test`, name: 'P', role: 'placing', organisationId: PLACING_ORG },
    { delivery: 'caller' },
  );
  const auth = `Bearer ${token}`;
  now = new Date('2026-03-02T09:00:00Z');
  const created = await inst.http.post('/api/placements').set('Authorization', auth).send(draftBody());
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  now = new Date('2026-03-03T09:00:00Z');
  if (options.sign !== false) {
    const signed = await inst.http
      .post(`/api/placements/${created.body.id}/events`)
      .set('Authorization', auth)
      .send({ type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T09:00:00Z' });
    if (signed.status !== 200) throw new Error(JSON.stringify(signed.body));
  }
  return { id: created.body.id as string, auth };
}

/** A fresh temp folder and SMTP sink for each test in the file, removed after it. */
export function sinkPerTest(): { dir: string; sink: Sink } {
  const state = {} as { dir: string; sink: Sink };
  beforeEach(async () => {
    state.dir = tempDir();
    state.sink = await startSink();
  });
  afterEach(async () => {
    await state.sink.stop();
    rmSync(state.dir, { recursive: true, force: true });
  });
  return state;
}
