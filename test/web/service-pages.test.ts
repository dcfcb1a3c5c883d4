// The pages on the real app: the same services and database as the API, sign-in by the code emailed
// through the outbox, sessions and counters in the database. Each role's pages render, and each role
// sees exactly what the API lets it see.
import { SYSTEM_ACTOR } from '../../src/services/actor';
import { IdentityRead, OutboxMessage, Placement, WebSession } from '../../src/store/entities';
import { deliverNotice, HOST_ORG, OTHER_PLACING_ORG, PLACING_ORG } from '../api/placement-fixtures';
import { startHarness, type Harness } from '../support/api-harness';
import request from 'supertest';
import { csrfOf, notifySteps, submit, textOf, type Agent } from './support/agent';
import { signInByCode, signInMail } from './support/sign-in-by-code';

let h: Harness;
let now = new Date('2026-03-02T09:00:00Z');
const users: Record<string, { email: string; id: string }> = {};

beforeAll(async () => {
  h = await startHarness({}, { clock: () => now });
  const add = async (key: string, role: 'placing' | 'host' | 'inspector' | 'ministers', organisationId: string) => {
    const { user } = await h.services.users.create(
      SYSTEM_ACTOR,
      { email: `${key}@example.test`, name: `Test ${key}`, role, organisationId },
      { delivery: 'caller' },
    );
    users[key] = { email: user.email, id: user.id };
  };
  await add('placing', 'placing', PLACING_ORG);
  await add('cardiff', 'placing', OTHER_PLACING_ORG);
  await add('host', 'host', HOST_ORG);
  await add('inspector', 'inspector', 'scot-care-inspectorate');
  users.admin = { email: h.config.adminEmail, id: (await h.services.users.find(h.config.adminEmail)).id };
});
afterAll(() => h.close());

const signIn = (key: string): Promise<Agent> => signInByCode(h, users[key].email.toUpperCase());

// Planned for 5 March, before the clock moves on: the child arrives after the notice is given.
const STEPS = notifySteps(HOST_ORG, 'manager@harbourhouse.example.org');
STEPS.placement = {
  ...STEPS.placement,
  'placement-plannedStart-day': '5',
  'placement-plannedStart-time': '10am',
  'placement-serviceAddress': '1 Quay Road, Aberdeen',
};

let placementId: string;

describe('pages on the real services', () => {
  it('signs in by the code emailed through the outbox; the session lives in the database, its cookie HttpOnly and SameSite=Lax', async () => {
    const agent = request.agent(h.app);
    const page = await agent.get('/sign-in').expect(200);
    const cookie = String(page.headers['set-cookie']);
    const posted = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(page.text), email: users.placing.email });
    expect(posted.status).toBe(303);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const mail = await signInMail(h, users.placing.email);
    expect(mail).toMatch(/code is: \d{6}/);
    expect(mail).toMatch(/http:\/\/localhost:3000\/sign-in\/link\/[A-Za-z0-9_-]{43}/);
    const queue = await (await signIn('placing')).get('/queue').expect(200);
    expect(textOf(queue.text)).toContain('Test placing');
    expect(await h.orm.em.fork().count(WebSession, {})).toBeGreaterThan(0);
  });

  it('an unknown address gets the same answer and no mail', async () => {
    const agent = request.agent(h.app);
    const page = await agent.get('/sign-in').expect(200);
    const r = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(page.text), email: 'nobody@example.test' });
    expect([r.status, r.headers.location]).toEqual([303, '/sign-in/code']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await h.orm.em.fork().count(OutboxMessage, { kind: 'sign-in', address: 'nobody@example.test' })).toBe(0);
  });

  it('refuses a form posted without its CSRF token', async () => {
    const agent = await signIn('placing');
    const r = await agent.post('/placements/new').type('form').send({});
    expect([403, 404]).toContain(r.status);
    const signOut = await agent.post('/sign-out').type('form').send({});
    expect(signOut.status).toBe(403);
    expect(textOf(signOut.text)).toContain('Your form could not be sent');
  });

  it('a placing authority notifies a placement through the form, with errors shown in a GOV.UK error summary, then signs and records the arrival', async () => {
    let agent = await signIn('placing');
    const start = await agent.get('/placements/new').expect(303);
    const draftId = /^\/placements\/new\/([0-9a-f-]{36})\/child$/.exec(start.headers.location)![1];

    const bad = await submit(agent, `/placements/new/${draftId}/child`, { 'child-firstName': '', 'child-lastName': 'Lovelace' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('govuk-error-summary');
    expect(bad.text).toContain('href="#child-firstName"');

    const slugs = Object.keys(STEPS);
    for (const [i, slug] of slugs.entries()) {
      const r = await submit(agent, `/placements/new/${draftId}/${slug}`, STEPS[slug]);
      if (r.status !== 303) throw new Error(`${slug}: ${r.status} ${(r.text.match(/<a href="#[^"]+">[^<]+/g) ?? []).join(' | ')}`);
      expect(r.headers.location).toBe(`/placements/new/${draftId}/${slugs[i + 1] ?? 'check'}`);
    }
    const check = await agent.get(`/placements/new/${draftId}/check`).expect(200);
    const created = await agent
      .post(`/placements/new/${draftId}/check`)
      .type('form')
      .send({ _csrf: csrfOf(check.text) })
      .expect(303);
    placementId = /^\/placements\/([0-9a-f-]{36})\/sign$/.exec(created.headers.location)![1];
    const row = await h.orm.em.fork().findOneOrFail(Placement, { id: placementId });
    expect(row.snapshot.context.child).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '2012-04-02' });

    // A day later: the session has timed out (30 minutes idle), so the social worker signs in again.
    now = new Date('2026-03-03T09:00:00Z');
    expect((await agent.get(created.headers.location)).headers.location).toBe('/sign-in');
    agent = await signIn('placing');
    const signed = await submit(agent, created.headers.location, {
      'signatory-name': 'Jo Bloggs',
      'signatory-role': 'Head of Children in Care',
      declaration: 'yes',
    });
    if (signed.status !== 303) throw new Error(`sign: ${signed.status} ${textOf(signed.text).slice(0, 600)}`);
    const notices = await h.orm.em.fork().count(OutboxMessage, { placementId, kind: 'notice' });
    expect(notices).toBeGreaterThanOrEqual(3);

    // The dispatcher's part (the harness runs none): every required recipient accepts the notice.
    await deliverNotice(h, placementId, '2026-03-03T09:05:00Z');

    now = new Date('2026-03-05T12:00:00Z');
    agent = await signIn('placing');
    const arrival = await agent.get(`/placements/${placementId}/actions/child-arrived`);
    expect(arrival.status).toBe(200);
    const arrived = await agent
      .post(`/placements/${placementId}/actions/child-arrived`)
      .type('form')
      .send({ _csrf: csrfOf(arrival.text), ...arrivalFields(arrival.text) });
    if (arrived.status !== 303) throw new Error(`arrival: ${arrived.status} ${textOf(arrived.text).slice(0, 600)}`);
    const page = await agent.get(`/placements/${placementId}`).expect(200);
    expect(textOf(page.text)).toContain("The child's order has effect in Scotland");
    expect(page.text).toContain('<svg');
    const reads = (await h.orm.em.fork().find(IdentityRead, {})).filter((r) => r.placementIds.includes(placementId));
    expect(reads.map((r) => r.via)).toEqual(expect.arrayContaining(['page /notify', 'page /placements/{id}']));
  });

  it('the host authority sees the placement and confirms the conditions; another council gets 404 by URL', async () => {
    const host = await signIn('host');
    const queue = await host.get('/queue').expect(200);
    expect(queue.text).toContain(`/placements/${placementId}`);
    const confirm = await host.get(`/placements/${placementId}/actions/host-conditions-confirmed`);
    expect(confirm.status).toBe(200);
    const done = await host
      .post(`/placements/${placementId}/actions/host-conditions-confirmed`)
      .type('form')
      .send({ _csrf: csrfOf(confirm.text) });
    expect(done.status).toBe(303);
    expect((await h.orm.em.fork().findOneOrFail(Placement, { id: placementId })).snapshot.context.hostReview.confirmedAt).not.toBeNull();

    const cardiff = await signIn('cardiff');
    expect((await cardiff.get(`/placements/${placementId}`)).status).toBe(404);
    expect((await cardiff.get('/queue')).text).not.toContain(placementId);
    const [doc] = await h.services.documents.list({ userId: null, role: 'system', organisationId: null }, placementId);
    expect((await cardiff.get(`/documents/${doc.id}.pdf`)).status).toBe(404);
    expect((await host.get(`/documents/${doc.id}.pdf`)).headers['content-type']).toMatch(/application\/pdf/);
  });

  it("an inspector sees the report with its charts and drill-down, and the placement without the child's name", async () => {
    const inspector = await signIn('inspector');
    const report = await inspector.get('/reports/compliance').expect(200);
    expect(report.text).toContain('<svg');
    expect(textOf(report.text)).toContain('Notice and Undertaking given before the child arrives');
    const csv = await inspector.get('/reports/compliance.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const drill = await inspector.get('/reports/compliance/placements?rule=C1.notice-before-arrival&outcome=met');
    expect(drill.status).toBe(200);
    const page = await inspector.get(`/placements/${placementId}`).expect(200);
    expect(page.text).not.toContain('Lovelace');
    expect((await inspector.get('/admin/users')).status).toBe(403);
  });

  it("the admin manages users and mailboxes but cannot open a child's placement", async () => {
    const admin = await signIn('admin');
    const list = await admin.get('/admin/users').expect(200);
    expect(textOf(list.text)).toContain(users.placing.email);
    const created = await submit(admin, '/admin/users/new', {
      email: 'new.worker@birmingham.example',
      name: 'New Worker',
      role: 'placing',
      organisationId: PLACING_ORG,
    });
    expect(created.status).toBe(303);
    expect((await h.services.users.find('new.worker@birmingham.example')).organisationId).toBe(PLACING_ORG);
    const mailbox = await submit(admin, `/admin/organisations/${HOST_ORG}`, { noticeEmail: 'cross-border@aberdeencity.example' });
    expect(mailbox.status).toBe(303);
    expect((await h.services.organisations.get(HOST_ORG)).noticeEmail).toBe('cross-border@aberdeencity.example');
    expect((await admin.get(`/placements/${placementId}`)).status).toBe(404);
  });

  it('limits sign-in codes per account across instances (counters in the database)', async () => {
    await h.services.rateLimits.clear();
    await h.orm.em.fork().nativeDelete(OutboxMessage, { kind: 'sign-in', address: users.host.email });
    const agent = request.agent(h.app);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const page = await agent.get('/sign-in');
      statuses.push(
        (
          await agent
            .post('/sign-in')
            .type('form')
            .send({ _csrf: csrfOf(page.text), email: users.host.email })
        ).status,
      );
    }
    // Every answer looks the same; only the first 5 send mail.
    expect(new Set(statuses)).toEqual(new Set([303]));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await h.orm.em.fork().count(OutboxMessage, { kind: 'sign-in', address: users.host.email })).toBe(5);
  });
});

/** The arrival form's own fields (date and time inputs default to now). */
function arrivalFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) if (m[1] !== '_csrf') out[m[1]] = m[2];
  return out;
}
