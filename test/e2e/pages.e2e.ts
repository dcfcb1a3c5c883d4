// The pages in a real browser: a placing authority signs in by the emailed link, notifies a placement
// through the form, signs and sends the notice and records the arrival; the host authority signs in by
// the emailed code and confirms the conditions; an inspector finds it in the compliance report; an admin
// visits the admin pages. axe-core checks every page and state at WCAG 2.2 AA, and each is photographed
// into data/screenshots/. It runs against the real server (`serve`, as `npm start` runs it) on a temp
// SQLite file, with the sign-in mail read from a real SMTP server on 127.0.0.1.
import type { Page } from 'playwright-core';
import { axe, launch, screenshot, type E2eBrowser } from './browser';
import { PEOPLE, startRealServer, type RealServer } from './real-server';

let d: RealServer;
let base: string;
let browser: E2eBrowser;
let page: Page;
const checked: string[] = [];

beforeAll(async () => {
  d = await startRealServer();
  base = d.base;
  browser = await launch();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await d?.close();
});

/** axe at WCAG 2.2 AA and a screenshot, for the page as it stands. */
async function look(name: string) {
  const violations = await axe(page);
  await screenshot(page, name);
  checked.push(name);
  expect({ page: name, violations }).toEqual({ page: name, violations: [] });
}

async function signInByLink(email: string) {
  await page.goto(`${base}/sign-in`);
  await look('01-sign-in');
  const before = d.mailCount(email);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL('**/sign-in/code');
  return d.nextMail(email, before);
}

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/sign-in');
}

const fillDate = async (id: string, day: string, month: string, year: string, time?: string) => {
  await page.locator(`#${id}-day`).fill(day);
  await page.locator(`#${id}-month`).fill(month);
  await page.locator(`#${id}-year`).fill(year);
  if (time) await page.locator(`#${id}-time`).fill(time);
};

describe('pages in Chromium', () => {
  let placementUrl = '';

  // A test that fails part-way must not leave the next one signed in as someone else.
  afterEach(async () => {
    const signOutButton = page.getByRole('button', { name: 'Sign out' });
    if (await signOutButton.count()) await signOut().catch(() => undefined);
    await page.context().clearCookies();
  });

  it('a placing authority signs in by the emailed link and notifies a placement', async () => {
    const message = await signInByLink(PEOPLE.placing.email);
    await look('02-check-your-email');
    await page.goto(message.link);
    await look('03-continue-signing-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/queue');
    await look('04-work-queue-placing');

    await page.getByRole('link', { name: 'Notify a placement' }).first().click();
    await page.waitForURL('**/child');
    await look('05-notify-child');
    // An empty step first: the error summary, then the real answers.
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await look('06-notify-child-errors');
    await page.locator('#child-firstName').fill('Ada');
    await page.locator('#child-lastName').fill('Lovelace');
    await fillDate('child-dateOfBirth', '2', '4', '2012');
    await page.locator('#child-gender').fill('female');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await page.waitForURL('**/legal-basis');
    await look('07-notify-legal-basis');
    await page.getByLabel('Care order (s.31 Children Act 1989)').check();
    await page.locator('#legalBasis-court').fill('Family Court at Birmingham');
    await fillDate('legalBasis-madeOn', '1', '3', '2026');
    await fillDate('legalBasis-effectiveFrom', '2', '3', '2026', '10:00am');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await page.waitForURL('**/placement');
    await look('08-notify-placement');
    await page.getByLabel('Residential care (a care home)').check();
    await page.locator('#placement-hostAuthorityId').selectOption('S12000036');
    await page.locator('#placement-serviceName').fill('Harbour House');
    await page.locator('#placement-serviceAddress').fill('1 Quay Road, Edinburgh');
    await page.locator('#placement-serviceEmail').fill('manager@harbourhouse.example.org');
    await fillDate('placement-plannedStart', '30', '3', '2026', '2pm');
    await page.getByLabel('Temporary').check();
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await page.waitForURL('**/needs');
    await look('09-notify-needs');
    await page.locator('#needs-health').fill('Asthma; uses an inhaler');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await page.waitForURL('**/contacts');
    await look('10-notify-contacts');
    await page.locator('#contacts-socialWorker-name').fill('Sam Patel');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await page.waitForURL('**/check');
    await look('11-check-your-answers');
    await page.getByRole('button', { name: 'Save and continue to signing' }).click();
    await page.waitForURL('**/sign');
    await look('12-sign-and-send');
    await page.locator('#signatory-name').fill('Jo Bloggs');
    await page.locator('#signatory-role').fill('Head of Children in Care');
    await page.getByLabel(/I am authorised to sign/).check();
    await page.getByRole('button', { name: 'Sign and send' }).click();
    await page.waitForURL(/\/placements\/[0-9a-f-]{36}$/);
    placementUrl = page.url();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Notice version 1 signed');
    await look('13-placement-signed');
    // The dispatcher, woken by the signing commit, sends one copy per recipient; the notice is given.
    await d.noticeGiven(placementUrl.split('/').pop() as string);

    await page.getByRole('link', { name: 'Record the arrival' }).click();
    await look('14-record-arrival');
    await page.getByRole('button', { name: 'Record the arrival' }).click();
    await page.waitForURL(placementUrl);
    const banner = await page.locator('.cbp-status-banner').innerText();
    expect(banner).toContain("The child's order has effect in Scotland");
    await look('15-placement-arrived');
    await signOut();
  });

  it('the host authority signs in by the emailed code and confirms the conditions', async () => {
    const message = await signInByLink(PEOPLE.host.email);
    await page.getByLabel('Code').fill(message.code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/queue');
    await look('16-work-queue-host');
    await page.goto(placementUrl);
    await look('17-placement-host');
    await page.getByRole('link', { name: 'Confirm the conditions' }).first().click();
    await look('18-confirm-conditions');
    await page.getByRole('button', { name: 'Confirm the conditions' }).click();
    await page.waitForURL(placementUrl);
    expect(await page.locator('.govuk-task-list').innerText()).toContain('Confirmed');
    await page.goto(`${base}/placements/${d.ids.pending}/actions/host-query-raised`);
    await page.getByRole('button', { name: 'Raise a query' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await look('19-raise-query-errors');
    await signOut();
  });

  it('an inspector sees it in the compliance report and drills down', async () => {
    const message = await signInByLink(PEOPLE.inspector.email);
    await page.getByLabel('Code').fill(message.code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/queue');
    await look('20-work-queue-inspector');
    await page.getByRole('link', { name: 'Compliance report' }).click();
    await look('21-compliance-report');
    const id = placementUrl.split('/').pop() as string;
    await page.locator('table').first().getByRole('link').first().click();
    await page.waitForURL('**/reports/compliance/placements**');
    await look('22-drill-down');
    // The new placement's arrival met the notice clock: it is behind the "met on time" count of C1.
    await page.goto(`${base}/reports/compliance/placements?rule=C1.notice-before-arrival&outcome=met`);
    expect(await page.locator(`a[href="/placements/${id}"]`).count()).toBe(1);
    await page.goto(`${base}/placements/${id}`);
    await look('23-placement-inspector');
    await page.goto(`${base}/placements/${d.ids.unrecognised}`);
    await look('24-placement-unrecognised');
    await page.goto(`${base}/placements/${d.ids.atRisk}`);
    await look('25-placement-at-risk');
    await page.goto(`${base}/placements/${d.ids.ended}`);
    await look('26-placement-ended');
    await signOut();
  });

  it('an admin manages users and organisations', async () => {
    const message = await signInByLink(d.adminEmail);
    await page.getByLabel('Code').fill(message.code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin/users');
    await look('27-admin-users');
    await page.getByRole('button', { name: 'Create a user' }).click();
    await look('28-admin-user-new');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await look('29-admin-user-new-errors');
    await page.goto(`${base}/admin/organisations?kind=host-authority`);
    await look('30-admin-organisations');
    await page.goto(`${base}/admin/organisations/S12000036`);
    await look('31-admin-organisation');
    await page.goto(`${base}/queue`);
    await look('32-forbidden');
    await page.goto(`${base}/no-such-page`);
    await look('33-not-found');
    await signOut();
  });

  it("the child's voice: a placing authority records the child's views, a sibling and family time; the queue flags a review without views", async () => {
    const message = await signInByLink(PEOPLE.placing.email);
    await page.getByLabel('Code').fill(message.code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/queue');
    const url = `${base}/placements/${d.ids.recognised}`;
    await page.goto(url);
    await look('40-voice-placement-empty');
    await page.getByRole('link', { name: "Record the child's views" }).first().click();
    await page.getByRole('button', { name: "Record the child's views" }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await look('41-voice-views-errors');
    await page.getByLabel('When the placement was notified').check();
    await page.getByLabel('Directly from the child').check();
    await page.locator('#childViews-said').fill('I want to see my brother Jay every week and keep playing football.');
    await page.locator('#childViews-ownWords').check();
    await page.locator('#childViews-recordedBy-name').fill('Sam Patel');
    await page.locator('#childViews-recordedBy-role').fill('Social worker');
    await page.getByRole('button', { name: "Record the child's views" }).click();
    await page.waitForURL(url);

    await page.goto(`${url}/actions/sibling-recorded`);
    await look('42-voice-sibling-form');
    await page.locator('#sibling-knownAs').fill('Jay');
    await page.getByLabel('Brother or sister', { exact: true }).check();
    await page.locator('#sibling-ageYears').fill('9');
    await page.getByLabel("In the child's home nation").check();
    await page.locator('#sibling-separationReason').fill('Jay lives with his dad in Birmingham.');
    await page.locator('#sibling-contactPlan').fill('A video call every Sunday; a visit each school holiday.');
    await page.getByRole('button', { name: 'Record a brother or sister' }).click();
    await page.waitForURL(url);

    await page.goto(`${url}/actions/family-time-arranged`);
    await page.locator('#arrangement-who').fill('Jay');
    await page.getByLabel('Brother or sister', { exact: true }).check();
    await page.getByLabel("S1: Jay (In the child's home nation)", { exact: true }).check();
    await page.getByLabel('Video call').check();
    await page.locator('#arrangement-frequency-times').fill('1');
    await page.getByLabel('Week', { exact: true }).check();
    await page.locator('#arrangement-fromPostcodeDistrict').fill('B15');
    await page.locator('#arrangement-milesFromPlacement').fill('290');
    await look('43-voice-family-time-form');
    await page.getByRole('button', { name: 'Arrange family time' }).click();
    await page.waitForURL(url);

    await page.goto(`${url}/actions/family-time-recorded`);
    await page.getByLabel('F1: Jay, by video call, once a week', { exact: true }).check();
    await page.locator('#session-held-2').check();
    await page.getByRole('button', { name: 'Record family time' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await look('44-voice-session-errors');
    await page.getByLabel('Transport').check();
    await page.getByRole('button', { name: 'Record family time' }).click();
    await page.waitForURL(url);

    await page.goto(`${url}/actions/review-recorded`);
    await page.getByRole('button', { name: 'Record a review' }).click();
    await page.waitForURL(url);
    const voice = await page.locator('.cbp-voice').innerText();
    expect(voice).toContain('I want to see my brother Jay every week');
    expect(voice).toContain("The child's views were not recorded at the last review");
    await look('45-voice-placement');
    await page.goto(`${base}/queue`);
    expect(await page.locator('table').innerText()).toContain("Review without the child's views");
    await look('46-voice-queue-flag');
    await signOut();
  });

  it("the child's voice: the inspector reads one placement's record only under a review it opens with a reason, and sees the counts", async () => {
    const message = await signInByLink(PEOPLE.inspector.email);
    await page.getByLabel('Code').fill(message.code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/queue');
    const url = `${base}/placements/${d.ids.recognised}`;
    await page.goto(url);
    expect(await page.locator('main').innerText()).not.toContain('Jay');
    await page.getByRole('link', { name: "Review this child's voice and relationships" }).click();
    await page.getByRole('button', { name: 'Open the review' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await look('47-voice-review-errors');
    await page.locator('#reason').fill('Complaint CI-2026-0042 about family time');
    await page.getByRole('button', { name: 'Open the review' }).click();
    await page.waitForURL(`${url}#voice-title`);
    expect(await page.locator('.cbp-voice').innerText()).toContain('Jay');
    await look('48-voice-under-review');
    await page.getByRole('button', { name: 'Close the review' }).click();
    await page.waitForURL(url);
    expect(await page.locator('main').innerText()).not.toContain('Jay');
    await page.goto(`${base}/reports/compliance`);
    expect(await page.locator('#voice-counts-heading').count()).toBe(1);
    await look('49-voice-report-counts');
    await signOut();
  });

  it('an inspector reads the evaluation return: a period, its tables and charts, and the dictionary', async () => {
    const message = await signInByLink(PEOPLE.inspector.email);
    await page.getByLabel('Code').fill(message.code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/queue');
    await page.getByRole('link', { name: 'Evaluation return' }).click();
    await page.waitForURL('**/reports/evaluation');
    await look('50-evaluation-form');
    await fillDate('until', '1', '1', '2025');
    await page.getByRole('button', { name: 'Show the return' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await look('51-evaluation-errors');
    // The server's clock stands at 20 March 2026, the day the seeded children arrived: the period ends today.
    await fillDate('from', '1', '1', '2026');
    await fillDate('until', '20', '3', '2026');
    await page.getByRole('button', { name: 'Show the return' }).click();
    await page.locator('#placing-nation').waitFor();
    expect(await page.locator('main svg').count()).toBeGreaterThanOrEqual(10);
    await look('52-evaluation-return');
    await page.getByRole('link', { name: 'Data dictionary' }).click();
    await page.waitForURL('**/reports/evaluation/dictionary');
    await look('53-evaluation-dictionary');
    await signOut();
  });

  it('checked every page, with an axe that does find violations', async () => {
    expect(checked.length).toBeGreaterThanOrEqual(33);
    await page.goto(`${base}/sign-in`);
    await page.evaluate(() => {
      const doc = (
        globalThis as unknown as { document: { querySelector(s: string): { append(n: unknown): void } | null; createElement(t: string): { src: string } } }
      ).document;
      const img = doc.createElement('img');
      img.src = '/assets/images/favicon.svg';
      doc.querySelector('main')?.append(img);
    });
    expect((await axe(page)).map((v) => v.id)).toContain('image-alt');
  });
});
