import { createDemoApp, USERS, type DemoApp } from './support/demo-app';
import { csrfOf, notifySteps, signedIn, submit, textOf, type Agent } from './support/agent';

let d: DemoApp;
let agent: Agent;
beforeEach(async () => {
  d = await createDemoApp({ demoUsers: true });
  agent = await signedIn(d.app, USERS.placing);
});

const STEPS = notifySteps('S12000036');

async function start(): Promise<string> {
  const r = await agent.get('/placements/new').expect(303);
  const m = /^\/placements\/new\/([0-9a-f-]{36})\/child$/.exec(r.headers.location);
  expect(m).not.toBeNull();
  return m![1];
}

describe('notify a placement', () => {
  it('takes a placing authority through each step, check your answers, signing and the arrival', async () => {
    const id = await start();
    const slugs = Object.keys(STEPS);
    for (const [i, slug] of slugs.entries()) {
      const r = await submit(agent, `/placements/new/${id}/${slug}`, STEPS[slug]);
      if (r.status !== 303) throw new Error(`${slug}: ${(r.text.match(/<a href="#[^"]+">[^<]+/g) ?? []).join(' | ')}`);
      expect(r.headers.location).toBe(`/placements/new/${id}/${slugs[i + 1] ?? 'check'}`);
    }
    const check = await agent.get(`/placements/new/${id}/check`).expect(200);
    const text = textOf(check.text);
    expect(text).toContain('Check your answers');
    expect(text).toContain('2 April 2012');
    expect(text).toContain('2 March 2026 at 10:00am');
    expect(text).toContain('30 March 2026 at 2:00pm');
    expect(text).toContain('City of Edinburgh Council');
    expect(text).toContain('Care order (s.31 Children Act 1989)');

    const created = await agent
      .post(`/placements/new/${id}/check`)
      .type('form')
      .send({ _csrf: csrfOf(check.text) })
      .expect(303);
    const placementId = /^\/placements\/([0-9a-f-]{36})\/sign$/.exec(created.headers.location)![1];
    const placement = await d.backend.getPlacement(USERS.placing, placementId);
    expect(placement?.placement).toMatchObject({ hostAuthorityId: 'S12000036', plannedStart: '2026-03-30T13:00:00.000Z' });
    // The saved answers are gone once the draft exists.
    expect((await agent.get(`/placements/new/${id}/check`)).status).toBe(404);

    const sign = await agent.get(created.headers.location).expect(200);
    expect(textOf(sign.text)).toContain('The undertaking you give');
    const noDeclaration = await agent
      .post(created.headers.location)
      .type('form')
      .send({ _csrf: csrfOf(sign.text), 'signatory-name': 'Jo Bloggs', 'signatory-role': 'Head of Children in Care' });
    expect(noDeclaration.status).toBe(400);
    expect(noDeclaration.text).toContain('href="#declaration"');
    const signed = await submit(agent, created.headers.location, {
      'signatory-name': 'Jo Bloggs',
      'signatory-role': 'Head of Children in Care',
      declaration: 'yes',
    });
    expect(signed.status).toBe(303);
    const page = await agent.get(`/placements/${placementId}`).expect(200);
    expect(textOf(page.text)).toContain('Notice version 1 signed');
    expect(textOf(page.text)).toContain('Notice and Undertaking (version 1)');

    // The child arrives after the notice was given (signed and delivered at 10:00): an arrival dated earlier
    // would mean the notice came too late, and is refused once the notice is recorded as given.
    const signedAt = d.clock.now;
    d.clock.now = new Date('2026-03-20T10:20:00Z');
    const arrived = await submit(agent, `/placements/${placementId}/actions/child-arrived`, {
      'at-day': '20',
      'at-month': '3',
      'at-year': '2026',
      'at-time': '10:15am',
    });
    d.clock.now = signedAt;
    expect(arrived.status).toBe(303);
    const after = await d.backend.getPlacement(USERS.placing, placementId);
    expect(after?.arrivedAt).toBe('2026-03-20T10:15:00.000Z');
    expect(after?.legalStatus.code).toBe('recognised');

    const host = await signedIn(d.app, USERS.host);
    expect((await submit(host, `/placements/${placementId}/actions/host-conditions-confirmed`, {})).status).toBe(303);
    expect((await d.backend.getPlacement(USERS.host, placementId))?.regions.hostReview).toBe('confirmed');
  });

  it('shows the GOV.UK error summary and inline errors on a bad step, and keeps what was typed', async () => {
    const id = await start();
    const r = await submit(agent, `/placements/new/${id}/child`, {
      'child-firstName': 'Ada',
      'child-dateOfBirth-day': '31',
      'child-dateOfBirth-month': '2',
      'child-dateOfBirth-year': '2012',
    });
    expect(r.status).toBe(400);
    expect(r.text).toContain('govuk-error-summary');
    expect(r.text).toMatch(/<title>Error: About the child/);
    expect(r.text).toContain('<a href="#child-lastName">Enter last name</a>');
    expect(r.text).toContain('<a href="#child-dateOfBirth-day">Date of birth must be a real date</a>');
    expect(r.text).toContain('<a href="#child-gender">Enter gender</a>');
    expect(r.text).toContain('id="child-lastName-error"');
    expect(r.text).toMatch(/id="child-firstName" name="child-firstName" type="text" value="Ada"/);
  });

  it('maps the API\u2019s errors at the end back to the step that holds the field', async () => {
    const id = await start();
    for (const slug of Object.keys(STEPS)) await submit(agent, `/placements/new/${id}/${slug}`, STEPS[slug]);
    // A DoL order in foster care passes each step's schema but the rulebook refuses it.
    await submit(agent, `/placements/new/${id}/legal-basis`, { ...STEPS['legal-basis'], 'legalBasis-type': 'dol-order' });
    await submit(agent, `/placements/new/${id}/placement`, { ...STEPS.placement, setting: 'foster' });
    const check = await agent.get(`/placements/new/${id}/check`);
    const r = await agent
      .post(`/placements/new/${id}/check`)
      .type('form')
      .send({ _csrf: csrfOf(check.text) });
    expect(r.status).toBe(422);
    expect(r.text).toContain('govuk-error-summary');
    expect(r.text).toMatch(new RegExp(`href="/placements/new/${id}/(legal-basis|placement)\\?from=check#`));
  });

  it('keeps one user\u2019s draft from another', async () => {
    const id = await start();
    const other = await signedIn(d.app, USERS.otherPlacing);
    expect((await other.get(`/placements/new/${id}/child`)).status).toBe(404);
  });
});
