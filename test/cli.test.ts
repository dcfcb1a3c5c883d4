import { SYSTEM_ACTOR } from '../src/services/actor';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { activeRulebook } from '../machines/rulebook';
import { runCli, serve } from '../src/cli';
import type { Services } from '../src/services';
import { AuditEvent, Placement } from '../src/store/entities';
import { openOrm } from '../src/store/orm';
import type { RecipientRole } from '../machines/rulebook';
import { draftBody, signatory } from './api/placement-fixtures';
import { ADMIN, ADMIN_TOKEN, startHarness, tempDir, testConfig } from './support/api-harness';
import { testDatabaseUrl } from './support/test-database';

let dir: string;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  dir = tempDir();
  env = { NODE_ENV: 'test', DATABASE_URL: testDatabaseUrl(dir, 'cli.sqlite'), CBP_ADMIN_TOKEN: ADMIN_TOKEN, PORT: '0' };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a CLI command, capturing what it prints. */
async function cli(...argv: string[]) {
  const out: string[] = [];
  const err = jest.spyOn(console, 'error').mockImplementation((...a) => void out.push(a.join(' ')));
  try {
    const code = await runCli(argv, env, (line) => out.push(line));
    return { code, text: out.join('\n') };
  } finally {
    err.mockRestore();
  }
}

describe('serve (what npm start runs)', () => {
  it('migrates, seeds, creates the admin, answers /api/health on its port and shuts down cleanly', async () => {
    const sub = tempDir();
    const lines: string[] = [];
    const running = await serve({ ...testConfig(sub), port: 0, demoUsers: true, adminToken: undefined }, (l) => lines.push(l));
    try {
      const res = await fetch(`${running.url}/api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', database: 'up' });
      const printed = lines.join('\n');
      const adminToken = /Created admin .*shown only this once:\s+(cbp_\S+)/s.exec(printed)?.[1];
      expect(adminToken).toBeDefined();
      expect(printed).toMatch(/demo-placing@cbp\.invalid/);
      expect(printed).toMatch(/Authorization: Bearer/);
      const me = await fetch(`${running.url}/api/me`, { headers: { Authorization: `Bearer ${adminToken}` } });
      expect(((await me.json()) as { role: string }).role).toBe('admin');
    } finally {
      await running.close();
      rmSync(sub, { recursive: true, force: true });
    }
    expect(running.server.listening).toBe(false);
  });
});

describe('npm run cli', () => {
  it('migrate applies the initial migration once', async () => {
    expect(await cli('migrate')).toEqual({ code: 0, text: expect.stringMatching(/Applied: Migration\d+_initial/) });
    expect(await cli('migrate')).toEqual({ code: 0, text: 'Nothing to apply.' });
  });

  it('seed loads organisations and the admin from CBP_ADMIN_TOKEN', async () => {
    const { code, text } = await cli('seed');
    expect(code).toBe(0);
    expect(text).toMatch(/Seeded 231 organisations/);
    expect(text).toMatch(/Created admin admin@cbp\.invalid; its token is CBP_ADMIN_TOKEN/);
    expect(text).not.toContain(ADMIN_TOKEN);
  });

  it('users create emails the token to the user (printed only with --show-token); tokens revoke revokes them', async () => {
    const created = await cli('users', 'create', '--email', 'sw@edinburgh.example', '--name', 'S W', '--role', 'host', '--org', 'S12000036');
    expect(created.code).toBe(0);
    expect(created.text).toMatch(/Created user [0-9a-f-]{36} \(sw@edinburgh\.example, host at S12000036\)\. Its token was emailed to sw@edinburgh\.example/);
    expect(created.text).not.toMatch(/cbp_/);

    const issued = await cli('tokens', 'create', '--user', 'sw@edinburgh.example', '--show-token');
    expect(issued.code).toBe(0);
    expect(issued.text).toMatch(/\ncbp_[\w-]{43}$/);
    const revoked = await cli('tokens', 'revoke', '--user', 'SW@edinburgh.example');
    expect(revoked).toEqual({ code: 0, text: 'Revoked 2 token(s) of sw@edinburgh.example.' });
  });

  it('explains a role that does not fit the organisation, a missing option and an unknown command', async () => {
    const misfit = await cli('users', 'create', '--email', 'x@y.example', '--name', 'X', '--role', 'inspector', '--org', 'S12000036');
    expect(misfit.code).toBe(1);
    expect(misfit.text).toMatch(/organisationId: The inspector role needs a care-inspectorate organisation/);
    expect((await cli('users', 'create', '--email', 'x@y.example')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    // A rulebook id that every object inherits is not a rulebook.
    const inherited = await cli('rulebook', 'pack', '--version', 'constructor');
    expect(inherited.code).toBe(2);
    expect(inherited.text).toMatch(/--version must be one of/);
    expect((await cli('--help')).code).toBe(0);
  });

  it('exits 1 with a readable message on bad configuration', async () => {
    const saved = env;
    env = { ...env, PORT: 'nope' };
    try {
      const { code, text } = await cli('migrate');
      expect(code).toBe(1);
      expect(text).toMatch(/Invalid configuration:[\s\S]*PORT/);
    } finally {
      env = saved;
    }
  });
});

/** `minutes` from the real now (the server and the CLI run on the wall clock), as ISO 8601. */
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const daysAgo = (days: number) => ago(days * 24 * 60).slice(0, 10);

/**
 * On the wall clock: a placing user, a placement placed an hour ago with its notice given, then an order
 * changed 20 days ago recorded just now, so its 3-working-day window (C3) is already past due.
 */
async function placementWithLapsedWindow(
  http: ReturnType<typeof request>,
  services: Services,
  deliver: (id: string, recipients: RecipientRole[]) => Promise<void>,
) {
  const { token } = await services.users.create(
    SYSTEM_ACTOR,
    { email: `sw-${Date.now()}@birmingham.example`, name: 'S W', role: 'placing', organisationId: 'E08000025' },
    { delivery: 'caller' },
  );
  const auth = `Bearer ${token}`;
  const base = draftBody() as Record<string, any>;
  const created = await http
    .post('/api/placements')
    .set('Authorization', auth)
    .send({
      ...base,
      legalBasis: { ...base.legalBasis, madeOn: daysAgo(40), effectiveFrom: ago(40 * 24 * 60) },
      placement: { ...base.placement, plannedStart: ago(60) },
    })
    .expect(201);
  const id: string = created.body.id;
  const signed = await http
    .post(`/api/placements/${id}/events`)
    .set('Authorization', auth)
    .send({ type: 'NOTICE_SIGNED', signatory, at: ago(120) })
    .expect(200);
  await deliver(
    id,
    (signed.body.notice.outstandingRecipients as { role: RecipientRole }[]).map((r) => r.role),
  );
  const arrived = await http
    .post(`/api/placements/${id}/events`)
    .set('Authorization', auth)
    .send({ type: 'CHILD_ARRIVED', at: ago(0) })
    .expect(200);
  expect(arrived.body.legalStatus.code).toBe('recognised');
  const changed = await http
    .post(`/api/placements/${id}/events`)
    .set('Authorization', auth)
    .send({ type: 'ORDER_CHANGED', legalBasis: { type: 'care-order', madeOn: daysAgo(20), effectiveFrom: ago(20 * 24 * 60), expiresAt: null }, at: ago(0) })
    .expect(200);
  expect(changed.body.legalStatus.code).toBe('unrecognised'); // projected at once; the row waits for a sweep
  return id;
}

const until = async (check: () => Promise<boolean>, timeoutMs = 5000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** The mail dispatcher's part, for a harness that runs none: every recipient accepts the notice (a minute ago). */
const acceptAll = (services: Services) => async (id: string, recipients: RecipientRole[]) => {
  for (const recipient of recipients) await services.placements.applySystemEvent(id, { type: 'DELIVERY_ACCEPTED', version: 1, recipient, at: ago(1) });
};

describe('serve sends notices and runs the deadline sweeper', () => {
  it('delivers the notice (.eml files), then lapses a placement on its own, with the engine the routes use', async () => {
    const sub = tempDir();
    const lines: string[] = [];
    const config = { ...testConfig(sub, { MAIL_DIR: path.join(sub, 'mail') }), port: 0, sweepIntervalMs: 50 };
    const running = await serve(config, (l) => lines.push(l));
    // A reader beside the server, as an operator's query would be.
    const db = await openOrm(config.database);
    try {
      expect(running.sweeper).toBeDefined();
      const http = request(running.url);
      // The dispatcher, woken by the signing commit, writes one .eml per recipient and records each acceptance.
      const waitForDelivery = async (id: string, recipients: RecipientRole[]) => {
        const given = async () => (await db.em.fork().findOneOrFail(Placement, { id })).snapshot.context.notices[0].givenAt !== null;
        await until(given);
        // The daily digest may go out too (the wall clock is used here); count the notices.
        const notices = () =>
          readdirSync(path.join(sub, 'mail')).filter(
            (f) => f.endsWith('.eml') && readFileSync(path.join(sub, 'mail', f), 'utf8').includes('Subject: Cross-border placement notice'),
          );
        // Every recipient gets the notice: those that decide "given" (passed here) and the copies, which may
        // still be on their way when the notice is given.
        await until(async () => notices().length >= activeRulebook.recipients.residential.length);
        expect(recipients.length).toBeLessThan(notices().length);
        expect(notices()).toHaveLength(activeRulebook.recipients.residential.length);
      };
      const id = await placementWithLapsedWindow(http, running.services, waitForDelivery);
      const row = () => db.em.fork().findOneOrFail(Placement, { id });
      await until(async () => (await row()).legalStatus === 'unrecognised');
      await until(async () => lines.some((l) => /fired C3\.order-change-renotify/.test(l)));
      expect(lines.join('\n')).toMatch(/Deadline sweep and daily digest check every 50 ms/);
    } finally {
      await db.close();
      await running.close();
      rmSync(sub, { recursive: true, force: true });
    }
  });

  it('can be turned off', async () => {
    const sub = tempDir();
    const running = await serve({ ...testConfig(sub), port: 0 }, () => {}, { sweeper: false, mail: false });
    try {
      expect(running.sweeper).toBeUndefined();
      expect(running.services.dispatcher).toBeUndefined();
    } finally {
      await running.close();
      rmSync(sub, { recursive: true, force: true });
    }
  });
});

describe('npm run cli -- sweep / audit verify', () => {
  it('sweep fires what is due once; audit verify holds, then names the tampered entry and exits 1', async () => {
    const h = await startHarness(); // the wall clock, like the CLI
    const saved = env;
    env = { ...env, DATABASE_URL: h.config.database.kind === 'sqlite' ? h.config.database.path : h.config.database.url };
    try {
      const id = await placementWithLapsedWindow(h.http, h.services, acceptAll(h.services));

      const first = await cli('sweep');
      expect(first.code).toBe(0);
      expect(first.text).toMatch(/^Fired 1 deadline\(s\); 0 seen with nothing to do\./);
      expect(first.text).toContain(`fired C3.order-change-renotify due `);
      expect(first.text).toContain(`placement ${id}`);
      expect((await h.orm.em.fork().findOneOrFail(Placement, { id })).legalStatus).toBe('unrecognised');
      expect(await cli('sweep')).toEqual({ code: 0, text: 'Nothing due.' });

      const entries = await h.orm.em.fork().count(AuditEvent, {});
      expect(await cli('audit', 'verify')).toEqual({
        code: 0,
        text: expect.stringMatching(new RegExp(`^Audit chain ok: ${entries} entries checked, head [0-9a-f]{64}\\.$`)),
      });
      expect((await h.http.get('/api/audit/verify').set('Authorization', ADMIN)).body).toMatchObject({ ok: true, checked: entries });

      // Someone edits one entry in the database directly.
      const n = 4;
      await h.orm.em
        .getConnection()
        .execute(`update audit_event set payload = ? where seq = ?`, [JSON.stringify({ type: 'CHILD_ARRIVED', at: '2026-01-01T00:00:00Z' }), n]);
      const broken = await cli('audit', 'verify');
      expect(broken.code).toBe(1);
      expect(broken.text).toMatch(new RegExp(`BROKEN at seq ${n}\\b`));
      const api = await h.http.get('/api/audit/verify').set('Authorization', ADMIN);
      expect(api.status).toBe(200);
      expect(api.body).toMatchObject({ ok: false, firstBrokenSeq: n });
    } finally {
      env = saved;
      await h.close();
    }
  });
});
