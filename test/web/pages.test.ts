import request from 'supertest';
import { PlacementSchema } from '../../src/http/schemas/placement';
import { createDemoApp, USERS, type DemoApp } from './support/demo-app';
import { csrfOf, signedIn, submit, textOf } from './support/agent';

let d: DemoApp;
beforeAll(async () => {
  d = await createDemoApp({ demoUsers: true });
});

describe('the page stack', () => {
  it('serves a stylesheet with the system font and no GDS Transport, and no font files at all', async () => {
    const page = await request(d.app).get('/sign-in').expect(200);
    const href = /<link href="(\/assets\/app-[0-9a-f]{12}\.css)" rel="stylesheet">/.exec(page.text)?.[1];
    expect(href).toBeDefined();
    const css = await request(d.app)
      .get(href as string)
      .expect(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
    expect(css.text).not.toMatch(/GDS Transport|@font-face|\.woff/);
    expect(css.text).toContain('system-ui');
    expect(css.text).toContain('.moj-timeline');
    await request(d.app).get('/assets/fonts/bold-b542beb274-v2.woff2').expect(404);
    await request(d.app)
      .get('/assets/js/govuk-frontend.min.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
    await request(d.app).get('/assets/js/moj-frontend.min.js').expect(200);
    await request(d.app).get('/assets/js/app.js').expect(200);
  });

  it('renders the layout without the crown: skip link, generic header, phase banner, nonce on every script', async () => {
    const page = await request(d.app).get('/sign-in').expect(200);
    const csp = String(page.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.text).toContain('govuk-skip-link');
    expect(page.text).toContain('govuk-generic-header');
    expect(page.text).not.toMatch(/govuk-logo|crown|GOV\.UK/i);
    expect(page.text).toContain('govuk-phase-banner');
    const scripts = [...page.text.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('answers an unknown page with the 404 page', async () => {
    const r = await request(d.app).get('/no-such-page').expect(404);
    expect(textOf(r.text)).toContain('Page not found');
  });
});

describe('CSRF', () => {
  it('refuses a form posted without the token, or with another session\u2019s', async () => {
    const agent = await signedIn(d.app, USERS.placing);
    const missing = await agent.post('/sign-out').type('form').send({});
    expect(missing.status).toBe(403);
    expect(textOf(missing.text)).toContain('Your form could not be sent');
    const other = await request.agent(d.app).get('/sign-in');
    const wrong = await agent
      .post(`/placements/${d.ids.pending}/actions/child-arrived`)
      .type('form')
      .send({ _csrf: csrfOf(other.text) });
    expect(wrong.status).toBe(403);
    // Still signed in, nothing changed.
    await agent.get('/queue').expect(200);
    expect((await d.backend.getPlacement(USERS.placing, d.ids.pending))?.arrivedAt).toBeNull();
  });
});

describe('each page for each role', () => {
  it('sends a visitor who is not signed in to sign in', async () => {
    for (const url of ['/queue', `/placements/${d.ids.recognised}`, '/reports/compliance', '/admin/users']) {
      const r = await request(d.app).get(url);
      expect(r.status).toBe(303);
      expect(r.headers.location).toBe('/sign-in');
    }
  });

  it('shows the placing authority its own placements, with status tags and time left, overdue first', async () => {
    const agent = await signedIn(d.app, USERS.placing);
    const r = await agent.get('/queue').expect(200);
    const text = textOf(r.text);
    expect(text).toContain('Showing 1 to 6 of 6 placements');
    expect(r.text).toContain('govuk-tag--red');
    expect(text).toContain('Not recognised');
    expect(text).toContain('working days overdue');
    expect(text).not.toContain('Owain Glyndwr'); // Cardiff's child
    expect(text.indexOf('Mary Seacole')).toBeLessThan(text.indexOf('Grace Hopper'));
    expect(r.text).toContain('data-module="moj-sortable-table"');
    const filtered = await agent.get('/queue?status=at-risk').expect(200);
    expect(textOf(filtered.text)).toContain('Showing 1 to 1 of 1 placement');
    expect(textOf(filtered.text)).toContain('Isambard Brunel');
  });

  it('shows the host authority the placements in its area only', async () => {
    const agent = await signedIn(d.app, USERS.host);
    const text = textOf((await agent.get('/queue').expect(200)).text);
    expect(text).toContain('Showing 1 to 6 of 6 placements');
    expect(text).not.toContain('Owain Glyndwr');
  });

  it('shows reviewers every placement, without the child\u2019s name to the inspector', async () => {
    const inspector = await signedIn(d.app, USERS.inspector);
    const text = textOf((await inspector.get('/queue').expect(200)).text);
    expect(text).toContain('Showing 1 to 7 of 7 placements');
    expect(text).not.toContain('Ada Lovelace');
    expect(text).toContain('Child (female)');
    const ministers = await signedIn(d.app, USERS.ministers);
    expect(textOf((await ministers.get('/queue').expect(200)).text)).toContain('Owain Glyndwr');
  });

  it('gives 404 to a user of one council opening another council\u2019s placement by its address', async () => {
    const cardiff = await signedIn(d.app, USERS.otherPlacing);
    const r = await cardiff.get(`/placements/${d.ids.recognised}`);
    expect(r.status).toBe(404);
    expect(textOf(r.text)).not.toContain('Ada');
    expect((await cardiff.get(`/placements/${d.ids.recognised}/actions/visit-recorded`)).status).toBe(404);
    const doc = (await d.backend.documents(USERS.placing, d.ids.recognised))![0];
    expect((await cardiff.get(`/documents/${doc.id}.pdf`)).status).toBe(404);
    const own = await cardiff.get(`/placements/${d.ids.cardiff}`).expect(200);
    expect(textOf(own.text)).toContain('Owain Glyndwr');
    // A host authority elsewhere in Scotland: the same.
    const host = await signedIn(d.app, USERS.host);
    expect((await host.get(`/placements/${d.ids.cardiff}`)).status).toBe(404);
  });

  it('refuses pages the role does not use', async () => {
    const placing = await signedIn(d.app, USERS.placing);
    expect((await placing.get('/reports/compliance')).status).toBe(403);
    expect((await placing.get('/admin/users')).status).toBe(403);
    const admin = await signedIn(d.app, USERS.admin);
    expect((await admin.get('/queue')).status).toBe(403);
    expect((await admin.get(`/placements/${d.ids.recognised}`)).status).toBe(404);
    const host = await signedIn(d.app, USERS.host);
    expect((await host.get('/placements/new')).status).toBe(403);
  });

  it('draws the placement page: the banner in plain words with rule and citation, tasks, statechart, documents, timeline, actions', async () => {
    const agent = await signedIn(d.app, USERS.placing);
    const r = await agent.get(`/placements/${d.ids.unrecognised}`).expect(200);
    const text = textOf(r.text);
    expect(text).toContain("The child's order does not have effect in Scotland");
    expect(text).toContain('The child arrived at 10 March 2026 at midday before the notice was given to every required recipient');
    expect(text).toMatch(/Rule: Notice and Undertaking given before the child arrives \(C1\.notice-before-arrival\)\. SSI 2022\/225/);
    expect(r.text).toContain('govuk-task-list');
    expect(r.text).toMatch(/<svg[^>]+role="img"/);
    expect(r.text).toContain('data-current="true"');
    expect(text).toContain('The statechart in words');
    expect(text).toContain('Placed (current)');
    // Arrived without a notice: signing is still possible, and its link goes to the sign page.
    expect(r.text).toContain(`href="/placements/${d.ids.unrecognised}/sign"`);

    const rec = await agent.get(`/placements/${d.ids.recognised}`).expect(200);
    const recText = textOf(rec.text);
    expect(recText).toContain("The child's order has effect in Scotland");
    expect(recText).toContain('Notice and Undertaking (version 1)');
    expect(rec.text).toMatch(/href="\/documents\/[0-9a-f-]{36}\.pdf"/);
    expect(rec.text).toContain('moj-timeline');
    expect(recText).toContain('Host authority confirmed notice version 1');
    expect(recText).toContain('Record a visit');
    expect(recText).not.toContain('Confirm the conditions'); // the host's action, not the placing authority's
  });

  it('offers the host authority its own actions only', async () => {
    const host = await signedIn(d.app, USERS.host);
    const text = textOf((await host.get(`/placements/${d.ids.pending}`).expect(200)).text);
    expect(text).toContain('Confirm the conditions');
    expect(text).toContain('Raise a query');
    expect(text).not.toContain('Record the arrival');
    expect((await host.get(`/placements/${d.ids.pending}/actions/child-arrived`)).status).toBe(409);
  });

  it('serves the PDF of a document to who may see the placement', async () => {
    const agent = await signedIn(d.app, USERS.placing);
    const doc = (await d.backend.documents(USERS.placing, d.ids.recognised))![0];
    const r = await agent.get(`/documents/${doc.id}.pdf`).expect(200);
    expect(r.headers['content-type']).toBe('application/pdf');
  });

  it('shows reviewers the compliance report with charts, tables, drill-down and CSV', async () => {
    const agent = await signedIn(d.app, USERS.inspector);
    const r = await agent.get('/reports/compliance').expect(200);
    const text = textOf(r.text);
    expect(text).toContain('Each legal clock');
    expect(r.text).toContain('<title id="chart-rule-title">On-time rate per rule</title>');
    expect(r.text).toContain('<title id="chart-authority-title">');
    expect(r.text).toContain('<title id="chart-month-title">');
    expect(text).toContain('Birmingham City Council');
    expect(text).toContain('March 2026');
    const drill = /href="(\/reports\/compliance\/placements\?[^"]+)"/.exec(r.text)?.[1];
    expect(drill).toBeDefined();
    const list = await agent.get((drill as string).replace(/&amp;/g, '&')).expect(200);
    expect(list.text).toMatch(/href="\/placements\/[0-9a-f-]{36}"/);
    const csv = await agent.get('/reports/compliance.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toContain('attachment');
    expect(csv.text.split('\r\n')[0]).toBe('rule,title,due,metOnTime,late,missed,open');
  });

  it('lets an admin see users, revoke tokens and set a notice mailbox', async () => {
    const agent = await signedIn(d.app, USERS.admin);
    const users = await agent.get('/admin/users').expect(200);
    expect(textOf(users.text)).toContain('Morag Campbell');
    const revoke = await agent
      .post(`/admin/users/${USERS.host.id}/revoke-tokens`)
      .type('form')
      .send({ _csrf: csrfOf(users.text) })
      .expect(303);
    expect(revoke.headers.location).toBe('/admin/users');
    expect(textOf((await agent.get('/admin/users')).text)).toContain('1 API token revoked.');

    const bad = await submit(agent, '/admin/organisations/S12000036', { noticeEmail: 'not an email' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('href="#noticeEmail"');
    expect(bad.text).toContain('govuk-error-summary');
    const ok = await submit(agent, '/admin/organisations/S12000036', { noticeEmail: 'cross-border@edinburgh.gov.uk' });
    expect(ok.status).toBe(303);
    expect(textOf((await agent.get('/admin/organisations?kind=host-authority')).text)).toContain('cross-border@edinburgh.gov.uk');

    const created = await submit(agent, '/admin/users/new', {
      name: 'New Person',
      email: 'new.person@fife.example',
      role: 'host',
      organisationId: 'S12000015',
    });
    expect(created.status).toBe(303);
    expect(textOf((await agent.get('/admin/users')).text)).toContain('New Person');
    const dup = await submit(agent, '/admin/users/new', { name: 'Again', email: 'new.person@fife.example', role: 'host', organisationId: 'S12000015' });
    expect(dup.status).toBe(422);
    expect(dup.text).toContain('href="#email"');
  });

  it('returns placement JSON of the API\u2019s own shape from the demo backend', async () => {
    for (const id of Object.values(d.ids)) {
      const p = await d.backend.getPlacement(USERS.ministers, id);
      expect(PlacementSchema.safeParse(p).success).toBe(true);
    }
  });
});
