// The child's voice and relationships in the pages, on the real services: the placement page shows the
// child's latest views, siblings and family time beside the legal status to those caring for the child; each
// record has a form that works without JavaScript and names the field in its errors; the work queue flags a
// review with no recorded views; the Ministers see none of it; the inspector reads it only under a review it
// opens with a reason; and the reviewers' report shows the counts, withheld below the threshold.
import request from 'supertest';
import { DraftSchema } from '../../machines/placement';
import { SYSTEM_ACTOR } from '../../src/services/actor';
import { OutboxMessage } from '../../src/store/entities';
import { deliverNotice, draftBody, HOST_ORG, PLACING_ORG, signatory } from '../api/placement-fixtures';
import { startHarness, type Harness } from '../support/api-harness';
import { csrfOf, submit, textOf, type Agent } from './support/agent';

let h: Harness;
const now = new Date('2026-03-10T12:00:00Z');
const users: Record<string, { email: string; id: string; role: 'placing' | 'host' | 'inspector' | 'ministers'; organisationId: string }> = {};
let id: string;
const agents: Record<string, Agent> = {};

async function signInMail(email: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const [m] = await h.orm.em.fork().find(OutboxMessage, { kind: 'sign-in', address: email }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 1 });
    if (m) return String(m.payload.text);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no sign-in mail for ${email}`);
}

async function signIn(key: string): Promise<Agent> {
  const agent = request.agent(h.app);
  const page = await agent.get('/sign-in').expect(200);
  await agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfOf(page.text), email: users[key].email })
    .expect(303);
  const code = /code is: (\d{6})/.exec(await signInMail(users[key].email))?.[1] ?? '';
  const codePage = await agent.get('/sign-in/code').expect(200);
  await agent
    .post('/sign-in/code')
    .type('form')
    .send({ _csrf: csrfOf(codePage.text), code })
    .expect(303);
  return agent;
}

beforeAll(async () => {
  h = await startHarness({}, { clock: () => now });
  for (const [key, role, organisationId] of [
    ['placing', 'placing', PLACING_ORG],
    ['host', 'host', HOST_ORG],
    ['inspector', 'inspector', 'scot-care-inspectorate'],
    ['ministers', 'ministers', 'scot-scottish-ministers'],
  ] as const) {
    const { user } = await h.services.users.create(
      SYSTEM_ACTOR,
      { email: `${key}@voice.test`, name: `Test ${key}`, role, organisationId },
      { delivery: 'caller' },
    );
    users[key] = { email: user.email, id: user.id, role, organisationId };
  }
  const placing = { id: users.placing.id, email: users.placing.email, name: 'SW', role: 'placing' as const, organisationId: PLACING_ORG };
  id = (await h.services.placements.create(placing, DraftSchema.parse(draftBody()))).id;
  await h.services.placements.send(placing, id, { type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T09:00:00Z' });
  await deliverNotice(h, id, '2026-03-03T09:05:00Z');
  await h.services.placements.send(placing, id, { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
  for (const key of Object.keys(users)) agents[key] = await signIn(key);
}, 60_000);
afterAll(() => h.close());

const page = (key: string, path = `/placements/${id}`) => agents[key].get(path);
const action = (slug: string) => `/placements/${id}/actions/${slug}`;

describe('the placing authority records and reads the child’s voice', () => {
  test('the placement page has the section beside the legal status, empty at first', async () => {
    const res = await page('placing').expect(200);
    const text = textOf(res.text);
    expect(text).toContain("The child's voice and relationships");
    expect(text).toContain('No views have been recorded yet.');
    expect(text).toContain("The child's views were not recorded when the placement was notified.");
    // Beside the legal status: right after the banner, before the actions and the conditions.
    expect(res.text.indexOf('id="voice-title"')).toBeGreaterThan(res.text.indexOf('id="status-title"'));
    expect(res.text.indexOf('id="voice-title"')).toBeLessThan(res.text.indexOf('Conditions and deadlines'));
  });

  test("the views form names each missing field, then the API's own rule (REL.child-views), then records", async () => {
    const empty = await submit(agents.placing, action('child-views-recorded'), {});
    expect(empty.status).toBe(400);
    const summary = textOf(empty.text);
    expect(summary).toContain('Select when were the views heard?');
    expect(empty.text).toContain('href="#childViews-method"');
    expect(empty.text).toContain('href="#childViews-recordedBy-name"');
    const notPossible = await submit(agents.placing, action('child-views-recorded'), {
      occasion: 'visit',
      'childViews-method': 'not-possible',
      'childViews-recordedBy-name': 'Sam Patel',
      'childViews-recordedBy-role': 'Social worker',
    });
    expect(notPossible.status).toBe(422);
    expect(notPossible.text).toContain('href="#childViews-notPossibleReason"');
    expect(textOf(notPossible.text)).toMatch(/Why it was not possible to hear the child's views: required/);
    const done = await submit(agents.placing, action('child-views-recorded'), {
      occasion: 'notification',
      'childViews-method': 'direct',
      'childViews-said': 'I want to see Jay every week.',
      'childViews-ownWords': 'yes',
      'childViews-recordedBy-name': 'Sam Patel',
      'childViews-recordedBy-role': 'Social worker',
      'childViews-wantsAdvocate': 'yes',
    });
    expect(done.status).toBe(303);
    const text = textOf((await page('placing').expect(200)).text);
    expect(text).toContain('“I want to see Jay every week.”');
    expect(text).toContain('Wants an independent advocate');
    expect(text).not.toContain('not recorded when the placement was notified');
  });

  test('a sibling apart, family time and a session: the forms offer the placement’s own records', async () => {
    const apart = await submit(agents.placing, action('sibling-recorded'), { 'sibling-relationship': 'full', 'sibling-livesWhere': 'home-nation' });
    expect(apart.status).toBe(422);
    expect(apart.text).toContain('href="#sibling-separationReason"');
    expect(apart.text).toContain('href="#sibling-contactPlan"');
    expect(
      (
        await submit(agents.placing, action('sibling-recorded'), {
          'sibling-knownAs': 'Jay',
          'sibling-relationship': 'full',
          'sibling-ageYears': '9',
          'sibling-livesWhere': 'home-nation',
          'sibling-separationReason': 'Lives with his dad in Birmingham.',
          'sibling-contactPlan': 'Video every Sunday.',
        })
      ).status,
    ).toBe(303);
    const notNumber = await submit(agents.placing, action('family-time-arranged'), {
      'arrangement-who': 'Jay',
      'arrangement-relationship': 'sibling',
      'arrangement-how': 'video',
      'arrangement-frequency-times': 'weekly',
      'arrangement-frequency-per': 'week',
    });
    expect(notNumber.status).toBe(400);
    expect(notNumber.text).toContain('href="#arrangement-frequency-times"');
    const form = await page('placing', action('family-time-arranged')).expect(200);
    expect(textOf(form.text)).toContain("S1: Jay (In the child's home nation)");
    expect(
      (
        await submit(agents.placing, action('family-time-arranged'), {
          'arrangement-who': 'Jay',
          'arrangement-relationship': 'sibling',
          'arrangement-siblingId': 'S1',
          'arrangement-how': 'video',
          'arrangement-frequency-times': '1',
          'arrangement-frequency-per': 'week',
          'arrangement-fromPostcodeDistrict': 'B15',
          'arrangement-milesFromPlacement': '290',
        })
      ).status,
    ).toBe(303);
    const sessionForm = await page('placing', action('family-time-recorded')).expect(200);
    expect(textOf(sessionForm.text)).toContain('F1: Jay, by video call, once a week');
    const missed = await submit(agents.placing, action('family-time-recorded'), { 'session-arrangementId': 'F1', 'session-held': 'no' });
    expect(missed.status).toBe(422);
    expect(missed.text).toContain('href="#session-missedReason"');
    expect(
      (
        await submit(agents.placing, action('family-time-recorded'), {
          'session-arrangementId': 'F1',
          'session-held': 'no',
          'session-missedReason': 'transport',
        })
      ).status,
    ).toBe(303);
    const text = textOf((await page('placing').expect(200)).text);
    expect(text).toContain('Jay (S1)');
    expect(text).toContain('Lives with his dad in Birmingham.');
    expect(text).toContain('B15, 290 miles from the placement');
    expect(text).toContain('0 held, 1 missed');
  });

  test('a review without the child’s views is flagged in the work queue and on the page', async () => {
    const halfViews = await submit(agents.placing, action('review-recorded'), { 'childViews-said': 'Fine' });
    expect(halfViews.status).toBe(400);
    expect(halfViews.text).toContain('href="#childViews-method"');
    expect((await submit(agents.placing, action('review-recorded'), {})).status).toBe(303);
    const queue = textOf((await page('placing', '/queue').expect(200)).text);
    expect(queue).toContain("Review without the child's views");
    expect(textOf((await page('placing').expect(200)).text)).toContain("The child's views were not recorded at the last review");
    // Recording the views for that review clears the flag.
    expect(
      (
        await submit(agents.placing, action('child-views-recorded'), {
          occasion: 'review',
          'childViews-method': 'direct',
          'childViews-said': 'The review was OK.',
          'childViews-recordedBy-name': 'Sam Patel',
          'childViews-recordedBy-role': 'Social worker',
        })
      ).status,
    ).toBe(303);
    expect(textOf((await page('placing', '/queue').expect(200)).text)).not.toContain("Review without the child's views");
  });
});

describe('who sees it', () => {
  test('the host authority sees it; the Ministers do not, and are offered none of its forms', async () => {
    expect(textOf((await page('host').expect(200)).text)).toContain('The review was OK.');
    const ministers = textOf((await page('ministers').expect(200)).text);
    expect(ministers).not.toContain("The child's voice and relationships");
    expect(ministers).not.toMatch(/Jay|The review was OK/);
    expect((await page('ministers', action('child-views-recorded'))).status).toBe(409);
  });

  test('the inspector opens a review with a reason, reads the record, and closes it', async () => {
    let text = textOf((await page('inspector').expect(200)).text);
    expect(text).not.toMatch(/Jay|The review was OK/);
    expect(text).toContain("Review this child's voice and relationships");
    const noReason = await submit(agents.inspector, `/placements/${id}/relationship-review`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('href="#reason"');
    expect((await submit(agents.inspector, `/placements/${id}/relationship-review`, { reason: 'Complaint CI-2026-0042 about family time' })).status).toBe(303);
    const open = await page('inspector').expect(200);
    text = textOf(open.text);
    expect(text).toContain('The review was OK.');
    expect(text).toContain('You are reading this record under your review');
    await agents.inspector
      .post(`/placements/${id}/relationship-review/close`)
      .type('form')
      .send({ _csrf: csrfOf(open.text) })
      .expect(303);
    expect(textOf((await page('inspector').expect(200)).text)).not.toContain('The review was OK');
  });

  test('the reviewers’ report shows the counts, withheld below the threshold', async () => {
    const text = textOf((await page('inspector', '/reports/compliance').expect(200)).text);
    expect(text).toContain("The child's voice and relationships");
    expect(text).toMatch(/Separated from brothers or sisters \[c\] \[c\]/);
    expect(text).toContain('[c]: withheld so that no child can be identified.');
  });
});
