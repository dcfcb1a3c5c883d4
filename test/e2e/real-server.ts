// The real server for the browser tests: `serve` as `npm start` runs it, on a temp SQLite file, mail to a
// real SMTP server on 127.0.0.1, on a fixed clock (20 March 2026, 10:00). Before it starts, the same
// database is seeded through the services with people of each role and a placement in each legal status.
import { createServer } from 'node:net';
import { rmSync } from 'node:fs';
import { migrateAndSeed } from '../../src/bootstrap';
import { smtpTransport } from '../../src/outbox/transport';
import { serve, type RunningServer } from '../../src/server';
import { createServices } from '../../src/services';
import { SYSTEM_ACTOR, type AuthUser } from '../../src/services/actor';
import { openOrm } from '../../src/store/orm';
import type { Role } from '../../src/vocabulary';
import { startSink, type Sink } from '../mail/smtp-sink';
import { tempDir, testConfig } from '../support/api-harness';
import { draft } from '../web/support/demo-app';

export const NOW = new Date('2026-03-20T10:00:00Z');

export const PEOPLE = {
  placing: { name: 'Sam Patel', email: 'sam.patel@birmingham.example', role: 'placing', organisationId: 'E08000025' },
  host: { name: 'Morag Campbell', email: 'morag.campbell@edinburgh.example', role: 'host', organisationId: 'S12000036' },
  inspector: { name: 'Iain Reid', email: 'iain.reid@careinspectorate.example', role: 'inspector', organisationId: 'scot-care-inspectorate' },
} satisfies Record<string, { name: string; email: string; role: Role; organisationId: string }>;

export interface RealServer {
  base: string;
  sink: Sink;
  running: RunningServer;
  adminEmail: string;
  ids: { pending: string; recognised: string; unrecognised: string; atRisk: string; ended: string };
  /** The newest mail to `address` that arrives after `since` messages had (wait for it). */
  nextMail(address: string, since: number): Promise<{ code: string; link: string }>;
  mailCount(address: string): number;
  /** Waits until the placement's newest notice is given (the dispatcher has had it accepted). */
  noticeGiven(placementId: string): Promise<void>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

const signatory = { name: 'Jo Bloggs', role: 'Head of Children in Care' };

export async function startRealServer(): Promise<RealServer> {
  const dir = tempDir('cbp-e2e-');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = { ...testConfig(dir, { CBP_PUBLIC_URL: base }), port };
  const clock = () => NOW;

  // Seed first, with no mail running: each notice is accepted at the time it really was.
  const orm = await openOrm(config.database);
  await migrateAndSeed(orm, config, () => {});
  const seeding = createServices({ orm, config, clock });
  await seeding.users.ensureAdmin(config);
  const users: Record<string, AuthUser> = {};
  for (const [key, p] of Object.entries(PEOPLE)) {
    const { user } = await seeding.users.create(SYSTEM_ACTOR, p, { delivery: 'caller' });
    users[key] = { id: user.id, email: user.email, name: user.name, role: user.role, organisationId: user.organisationId };
  }
  const P = users.placing;
  const make = async (over: Record<string, unknown> = {}, placement: Record<string, unknown> = {}) =>
    (await seeding.placements.create(P, draft(over, placement) as never)).id;
  const send = async (id: string, event: Record<string, unknown>, at: string, user = P) => seeding.placements.send(user, id, { ...event, at } as never);
  const deliver = async (id: string, at: string) => {
    const p = await seeding.placements.get(P, id);
    for (const r of p.notice?.outstandingRecipients ?? [])
      await seeding.placements.applySystemEvent(id, { type: 'DELIVERY_ACCEPTED', version: p.notice!.version, recipient: r.role as never, at });
  };

  const pending = await make(
    { child: { firstName: 'Alan', lastName: 'Turing', dateOfBirth: '2012-06-23', gender: 'male' } },
    { plannedStart: '2026-03-25T10:00:00Z' },
  );
  await send(pending, { type: 'NOTICE_SIGNED', signatory }, '2026-03-20T09:00:00Z');

  const recognised = await make({}, { plannedStart: '2026-03-20T09:30:00Z' });
  await send(recognised, { type: 'NOTICE_SIGNED', signatory }, '2026-03-20T08:00:00Z');
  await deliver(recognised, '2026-03-20T08:01:00Z');
  await send(recognised, { type: 'CHILD_ARRIVED' }, '2026-03-20T09:30:00Z');

  const unrecognised = await make(
    { child: { firstName: 'Mary', lastName: 'Seacole', dateOfBirth: '2013-01-23', gender: 'female' } },
    { plannedStart: '2026-03-20T09:00:00Z' },
  );
  await send(unrecognised, { type: 'CHILD_ARRIVED' }, '2026-03-20T09:10:00Z');

  const atRisk = await make(
    { child: { firstName: 'Isambard', lastName: 'Brunel', dateOfBirth: '2010-04-09', gender: 'male' } },
    { plannedStart: '2026-03-20T09:30:00Z' },
  );
  await send(atRisk, { type: 'NOTICE_SIGNED', signatory }, '2026-03-20T08:00:00Z');
  await deliver(atRisk, '2026-03-20T08:01:00Z');
  await send(atRisk, { type: 'CHILD_ARRIVED' }, '2026-03-20T09:30:00Z');
  await send(
    atRisk,
    {
      type: 'ORDER_CHANGED',
      legalBasis: { type: 'care-order', court: 'Family Court at Birmingham', madeOn: '2026-03-19', effectiveFrom: '2026-03-19T10:00:00Z', expiresAt: null },
    },
    '2026-03-20T09:40:00Z',
  );

  const ended = await make(
    { child: { firstName: 'Florence', lastName: 'Nightingale', dateOfBirth: '2010-05-12', gender: 'female' } },
    { plannedStart: '2026-03-20T09:30:00Z' },
  );
  await send(ended, { type: 'NOTICE_SIGNED', signatory }, '2026-03-20T08:00:00Z');
  await deliver(ended, '2026-03-20T08:01:00Z');
  await send(ended, { type: 'CHILD_ARRIVED' }, '2026-03-20T09:30:00Z');
  await send(ended, { type: 'PLACEMENT_ENDED', reason: 'The child returned home.' }, '2026-03-20T09:45:00Z');
  await send(ended, { type: 'NOTICE_UPDATED', signatory }, '2026-03-20T09:50:00Z');
  await deliver(ended, '2026-03-20T09:51:00Z');
  await seeding.close();

  const sink = await startSink();
  const running = await serve(config, () => {}, { clock, mail: smtpTransport(sink.url), sweeper: false });
  const mailTo = (address: string) => sink.messages.filter((m) => m.envelopeTo.includes(address));
  return {
    base,
    sink,
    running,
    adminEmail: config.adminEmail,
    ids: { pending, recognised, unrecognised, atRisk, ended },
    mailCount: (address) => mailTo(address).length,
    async noticeGiven(placementId) {
      for (let i = 0; i < 400; i++) {
        const { record } = await running.services.access.visible(SYSTEM_ACTOR, placementId);
        const notices = record.snapshot.context.notices;
        if (notices.length && notices[notices.length - 1].givenAt) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`the notice of ${placementId} was not given`);
    },
    async nextMail(address, since) {
      for (let i = 0; i < 800; i++) {
        const mails = mailTo(address);
        if (mails.length > since) {
          const text = String(mails[mails.length - 1].text);
          const code = /code is: (\d{6})/.exec(text)?.[1];
          const link = /(https?:\/\/\S+\/sign-in\/link\/[A-Za-z0-9_-]{43})/.exec(text)?.[1];
          if (!code || !link) throw new Error(`no code or link in the mail to ${address}`);
          return { code, link };
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no mail reached ${address}`);
    },
    async close() {
      await running.close();
      await sink.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
