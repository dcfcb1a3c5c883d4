// The import page in Chromium: a placing authority chooses the CSV template, filled in with one good row and one
// bad one, in the GOV.UK file upload and sends it; the good row is imported and shown with its legal status, the
// bad one is in the error summary by row and column, and the summary's link lands on the file input. axe-core
// checks the form and the report at WCAG 2.2 AA; each is photographed into data/screenshots/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { axe, launch, screenshot, type E2eBrowser } from './browser';
import { PEOPLE, startRealServer, type RealServer } from './real-server';

const TEMPLATE = readFileSync(path.join(__dirname, '..', '..', 'templates', 'imports', 'transitional-placements.csv'), 'utf8');
const [header, example] = TEMPLATE.split('\r\n');

let d: RealServer;
let browser: E2eBrowser;
let page: Page;

beforeAll(async () => {
  d = await startRealServer();
  browser = await launch();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await d?.close();
});

async function look(name: string) {
  const violations = await axe(page);
  await screenshot(page, name);
  expect({ page: name, violations }).toEqual({ page: name, violations: [] });
}

it('a placing authority uploads the template: the good row imported, the bad one named by row and column', async () => {
  await page.goto(`${d.base}/sign-in`);
  const before = d.mailCount(PEOPLE.placing.email);
  await page.getByLabel('Email address').fill(PEOPLE.placing.email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL('**/sign-in/code');
  const message = await d.nextMail(PEOPLE.placing.email, before);
  await page.getByLabel('Code').fill(message.code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/queue');

  await page.getByRole('link', { name: 'Import placements' }).first().click();
  await page.waitForURL('**/imports');
  await look('40-import-form');

  // The example row as it is, and again with a date of birth that does not exist.
  const bad = example.replace('BHM-2025-0147', 'BHM-2025-0148').replace('2011-04-02', '31/02/2011');
  await page.locator('#file').setInputFiles({ name: 'placements.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\r\n${example}\r\n${bad}\r\n`) });
  await page.getByRole('button', { name: 'Upload file' }).click();
  await page.locator('.govuk-error-summary').waitFor();
  await look('41-import-report');

  const summary = page.locator('.govuk-error-summary__list a');
  expect(await summary.allTextContents()).toEqual(['Row 3, column child_date_of_birth: must be a date: YYYY-MM-DD or DD/MM/YYYY']);
  expect(await page.locator('h2#report').textContent()).toBe('1 of 2 placements imported.');
  const rows = page.locator('table.govuk-table').last().locator('tbody tr');
  expect((await rows.nth(0).innerText()).replace(/\s+/g, ' ')).toMatch(/2 BHM-2025-0147 CBP-[0-9A-F]{8} Imported/);
  expect((await rows.nth(1).innerText()).replace(/\s+/g, ' ')).toMatch(/3 BHM-2025-0148 Not imported/);
  // The summary's link lands on the file input.
  await summary.first().click();
  expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('file');
  // The imported placement opens.
  await rows.nth(0).getByRole('link').click();
  await page.waitForURL('**/placements/*');
  await look('42-imported-placement');
});
