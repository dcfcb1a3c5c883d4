import express from 'express';
import request from 'supertest';
import { MemorySessionStore, sessions } from '../../src/web/security/session';
import { createDemoApp, USERS, type DemoApp } from './support/demo-app';
import { csrfOf, textOf } from './support/agent';

let d: DemoApp;
beforeEach(async () => {
  d = await createDemoApp();
});

async function askForCode(agent: ReturnType<typeof request.agent>, email: string) {
  const page = await agent.get('/sign-in').expect(200);
  return agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfOf(page.text), email });
}

describe('sign-in by emailed code and link', () => {
  it('sends a code to a known user and signs in with it, on a new session id', async () => {
    const agent = request.agent(d.app);
    const mail = d.mailer.next();
    const asked = await askForCode(agent, 'Sam.Patel@Birmingham.example');
    expect(asked.status).toBe(303);
    expect(asked.headers.location).toBe('/sign-in/code');
    const before = /cbp-session=([^;]+)/.exec(String(asked.headers['set-cookie'] ?? ''))?.[1];
    const { to, message } = await mail;
    expect(to).toBe(USERS.placing.email);
    expect(message.code).toMatch(/^\d{6}$/);
    expect(message.link).toMatch(/^http:\/\/127\.0\.0\.1\/sign-in\/link\/[A-Za-z0-9_-]{43}$/);

    const page = await agent.get('/sign-in/code').expect(200);
    expect(textOf(page.text)).toContain('If Sam.Patel@Birmingham.example has an account, we have sent it a 6-number code');
    const done = await agent
      .post('/sign-in/code')
      .type('form')
      .send({ _csrf: csrfOf(page.text), code: message.code })
      .expect(303);
    expect(done.headers.location).toBe('/queue');
    const cookie = String(done.headers['set-cookie']);
    expect(cookie).toMatch(/cbp-session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax/);
    expect(/cbp-session=([^;]+)/.exec(cookie)?.[1]).not.toBe(before);
    const queue = await agent.get('/queue').expect(200);
    expect(textOf(queue.text)).toContain('Sam Patel');

    // The code is single-use.
    const again = request.agent(d.app);
    await askForCode(again, 'someone@nowhere.example');
    const p2 = await again.get('/sign-in/code');
    const reuse = await again
      .post('/sign-in/code')
      .type('form')
      .send({ _csrf: csrfOf(p2.text), code: message.code });
    expect(reuse.status).toBe(400);
  });

  it('answers an unknown address exactly as a known one, and sends nothing', async () => {
    const a = await askForCode(request.agent(d.app), 'nobody@example.org');
    const b = await askForCode(request.agent(d.app), USERS.host.email);
    expect(a.status).toBe(b.status);
    expect(a.headers.location).toBe(b.headers.location);
    await new Promise((r) => setImmediate(r));
    expect(d.mailer.sent.map((m) => m.to)).toEqual([USERS.host.email]);
  });

  it('signs in by the link after a button press, once; a scanner fetching the link uses nothing up', async () => {
    const agent = request.agent(d.app);
    const mail = d.mailer.next();
    await askForCode(agent, USERS.host.email);
    const { message } = await mail;
    const path = new URL(message.link).pathname;
    const browser = request.agent(d.app); // another device: the link does not need the first session
    await browser.get(path).expect(200);
    const page = await browser.get(path).expect(200);
    expect(textOf(page.text)).toContain('Continue signing in');
    const done = await browser
      .post(path)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    expect(done.headers.location).toBe('/queue');
    const replay = await request.agent(d.app).get(path);
    expect(replay.status).toBe(410);
  });

  it('refuses a wrong code, and after five wrong codes the right one too', async () => {
    const agent = request.agent(d.app);
    const mail = d.mailer.next();
    await askForCode(agent, USERS.placing.email);
    const { message } = await mail;
    const wrong = message.code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const p = await agent.get('/sign-in/code');
      const r = await agent
        .post('/sign-in/code')
        .type('form')
        .send({ _csrf: csrfOf(p.text), code: wrong });
      expect(r.status).toBe(400);
      expect(textOf(r.text)).toContain('The code is not right, or it has expired');
    }
    const p = await agent.get('/sign-in/code');
    expect(
      (
        await agent
          .post('/sign-in/code')
          .type('form')
          .send({ _csrf: csrfOf(p.text), code: message.code })
      ).status,
    ).toBe(400);
  });

  it('refuses an expired code', async () => {
    const agent = request.agent(d.app);
    const mail = d.mailer.next();
    await askForCode(agent, USERS.placing.email);
    const { message } = await mail;
    d.clock.now = new Date(d.clock.now.getTime() + 16 * 60 * 1000);
    const p = await agent.get('/sign-in/code');
    expect(
      (
        await agent
          .post('/sign-in/code')
          .type('form')
          .send({ _csrf: csrfOf(p.text), code: message.code })
      ).status,
    ).toBe(400);
  });

  it('sends at most five codes per account per 15 minutes, without telling the asker', async () => {
    for (let i = 0; i < 7; i++) expect((await askForCode(request.agent(d.app), USERS.inspector.email)).status).toBe(303);
    await new Promise((r) => setImmediate(r));
    expect(d.mailer.sent.filter((m) => m.to === USERS.inspector.email)).toHaveLength(5);
  });

  it('shows an error summary for a malformed address', async () => {
    const r = await askForCode(request.agent(d.app), 'not-an-email');
    expect(r.status).toBe(400);
    expect(r.text).toContain('govuk-error-summary');
    expect(r.text).toContain('href="#email"');
    expect(r.text).toMatch(/<title>Error: Sign in/);
  });
});

describe('sessions', () => {
  async function signIn() {
    const agent = request.agent(d.app);
    const mail = d.mailer.next();
    await askForCode(agent, USERS.placing.email);
    const { message } = await mail;
    const p = await agent.get('/sign-in/code');
    const done = await agent
      .post('/sign-in/code')
      .type('form')
      .send({ _csrf: csrfOf(p.text), code: message.code })
      .expect(303);
    return Object.assign(agent, { cookie: /cbp-session=[^;]+/.exec(String(done.headers['set-cookie']))?.[0] as string });
  }

  it('ends after 30 minutes without a request, and says so', async () => {
    const agent = await signIn();
    d.clock.now = new Date(d.clock.now.getTime() + 29 * 60 * 1000);
    await agent.get('/queue').expect(200);
    d.clock.now = new Date(d.clock.now.getTime() + 29 * 60 * 1000);
    await agent.get('/queue').expect(200);
    d.clock.now = new Date(d.clock.now.getTime() + 31 * 60 * 1000);
    const r = await agent.get('/queue');
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/sign-in');
    expect(textOf((await agent.get('/sign-in')).text)).toContain('You were signed out because you did nothing for 30 minutes');
  });

  it('ends 10 hours after sign-in however active', async () => {
    const agent = await signIn();
    // 23 requests 25 minutes apart: 9 hours 35 minutes, never idle for 30.
    for (let i = 0; i < 23; i++) {
      d.clock.now = new Date(d.clock.now.getTime() + 25 * 60 * 1000);
      await agent.get('/queue').expect(200);
    }
    d.clock.now = new Date(d.clock.now.getTime() + 26 * 60 * 1000);
    expect((await agent.get('/queue')).status).toBe(303);
  });

  it('signs out: the old cookie no longer works', async () => {
    const agent = await signIn();
    const page = await agent.get('/queue');
    expect(agent.cookie).toBeTruthy();
    await request(d.app).get('/queue').set('Cookie', agent.cookie).expect(200);
    await agent
      .post('/sign-out')
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    expect((await agent.get('/queue')).status).toBe(303);
    expect((await request(d.app).get('/queue').set('Cookie', agent.cookie)).status).toBe(303);
    expect(textOf((await agent.get('/sign-in')).text)).toContain('You have signed out');
  });

  it('sets the Secure cookie outside development', async () => {
    const app = express();
    app.use(sessions({ store: new MemorySessionStore(), secure: true }));
    app.get('/', (req, res) => {
      req.session.changed();
      res.send('ok');
    });
    const r = await request(app).get('/');
    expect(String(r.headers['set-cookie'])).toMatch(/^__Host-cbp-session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
  });
});
