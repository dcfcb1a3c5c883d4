// The import page on the real app: a placing authority uploads the CSV template (a GOV.UK file upload, sent as
// multipart/form-data with its CSRF token); each good row is imported whole and shown with its legal status and
// what is still to do, each bad row is listed in the error summary by row and column, linked to the file input.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { toCsv } from '../../src/csv';
import { SYSTEM_ACTOR } from '../../src/services/actor';
import { PlacementImport } from '../../src/store/entities';
import { parseMultipart } from '../../src/web/multipart';
import { HOST_ORG, OTHER_PLACING_ORG, PLACING_ORG } from '../api/placement-fixtures';
import { startHarness, type Harness } from '../support/api-harness';
import { csrfOf, textOf, type Agent } from './support/agent';
import { signInByCode } from './support/sign-in-by-code';

const TEMPLATE = readFileSync(path.join(__dirname, '..', '..', 'templates', 'imports', 'transitional-placements.csv'), 'utf8');
const [HEADER, EXAMPLE] = parse(TEMPLATE) as string[][];
/** The template's example row with some cells changed, as a file of rows. */
const file = (...rows: Record<string, string>[]) => toCsv([HEADER, ...rows.map((r) => HEADER.map((h, i) => r[h] ?? EXAMPLE[i]))]);

let h: Harness;
const emails: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness({}, { clock: () => new Date('2026-12-01T12:00:00Z') });
  for (const [key, role, org] of [
    ['placing', 'placing', PLACING_ORG],
    ['host', 'host', HOST_ORG],
  ] as const) {
    const { user } = await h.services.users.create(
      SYSTEM_ACTOR,
      { email: `${key}@example.test`, name: `Test ${key}`, role, organisationId: org },
      { delivery: 'caller' },
    );
    emails[key] = user.email;
  }
  emails.admin = h.config.adminEmail;
});
afterAll(() => h.close());

const signIn = (key: string): Promise<Agent> => signInByCode(h, emails[key]);

/** Opens the page and sends the form with `csv` as the chosen file, as a browser does. */
async function upload(agent: Agent, csv: string | null, fields: Record<string, string> = {}) {
  const page = await agent.get('/imports').expect(200);
  let req = agent.post('/imports').field('_csrf', csrfOf(page.text));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return csv === null
    ? req.attach('file', Buffer.alloc(0), { filename: '', contentType: 'application/octet-stream' })
    : req.attach('file', Buffer.from(csv), 'placements.csv');
}

/** The error summary's entries: text and link. */
const summaryOf = (html: string) =>
  [...html.matchAll(/<li>\s*<a href="([^"]+)">([^<]+)<\/a>\s*<\/li>/g)].map((m) => ({ href: m[1], text: m[2].trim().replace(/&#39;/g, "'") }));

describe('a placing authority imports its placements from the page', () => {
  let agent: Agent;
  beforeAll(async () => {
    agent = await signIn('placing');
  });

  test('the page offers the template, explains each column and has a GOV.UK file upload', async () => {
    const page = await agent.get('/imports').expect(200);
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toMatch(/<input class="govuk-file-upload[^"]*" id="file" name="file" type="file"/);
    expect(textOf(page.text)).toContain('child_date_of_birth (required)');
    expect(textOf(page.text)).toContain('Menu Work queue Notify a placement Import placements');
    const template = await agent.get('/imports/template.csv').expect(200);
    expect(template.text).toBe(TEMPLATE);
  });

  test('good rows are imported whole and shown with their legal status; the bad row is named by row and column', async () => {
    const csv = file(
      { local_reference: 'PAGE-1' },
      { local_reference: 'PAGE-2', child_date_of_birth: '31/02/2012' },
      { local_reference: 'PAGE-3', child_first_name: 'Grace' },
    );
    const res = await upload(agent, csv);
    expect(res.status).toBe(200);
    expect(summaryOf(res.text)).toEqual([{ href: '#file', text: 'Row 3, column child_date_of_birth: must be a date: YYYY-MM-DD or DD/MM/YYYY' }]);
    const text = textOf(res.text);
    expect(text).toContain('2 of 3 placements imported.');
    expect(text).toContain('1 row has errors and was not imported.');
    // The example row: carried over, then its DoL order lapsed (last continued to 30 June 2026); visits overdue since December 2025.
    expect(text).toMatch(/2 PAGE-1 CBP-[0-9A-F]{8} Imported Not recognised Carried over on 9 February 2026 Overdue: Regular visits, was due 26 December 2025/);
    expect(text).toMatch(/3 PAGE-2 Not imported Column child_date_of_birth: must be a date/);
    const links = [...res.text.matchAll(/href="\/placements\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(links).toHaveLength(2);
    const held = await h.orm.em.fork().find(PlacementImport, { placingAuthorityId: PLACING_ORG });
    expect(held.map((r) => r.localReference).sort()).toEqual(['PAGE-1', 'PAGE-3']);
    expect(held.map((r) => r.placementId).sort()).toEqual([...links].sort());
    // The placement page opens, marked as begun under the 2022 scheme.
    const placement = await agent.get(`/placements/${links[0]}`).expect(200);
    expect(placement.text).toContain('CBP-');
  });

  test('a check only: the rows are reported and nothing is written', async () => {
    const before = await h.orm.em.fork().count(PlacementImport, {});
    const res = await upload(agent, file({ local_reference: 'PAGE-4' }), { dryRun: 'true' });
    expect(res.status).toBe(200);
    expect(textOf(res.text)).toContain('The file was checked: 1 of 1 row can be imported. Nothing was imported.');
    expect(textOf(res.text)).toMatch(/2 PAGE-4 Can be imported Not recognised/);
    expect(await h.orm.em.fork().count(PlacementImport, {})).toBe(before);
  });

  test('all or nothing: one bad row and nothing is imported, every error listed (422)', async () => {
    const before = await h.orm.em.fork().count(PlacementImport, {});
    const res = await upload(
      agent,
      file({ local_reference: 'PAGE-5' }, { local_reference: 'PAGE-6', host_authority_id: OTHER_PLACING_ORG, arrived_at: 'soon' }),
      {
        mode: 'all-or-nothing',
      },
    );
    expect(res.status).toBe(422);
    expect(summaryOf(res.text)).toEqual([
      { href: '#file', text: 'Row 3, column arrived_at: must be a date (YYYY-MM-DD or DD/MM/YYYY), optionally with a time HH:MM (London time)' },
    ]);
    expect(res.text).toContain('value="all-or-nothing" checked');
    expect(await h.orm.em.fork().count(PlacementImport, {})).toBe(before);
  });

  test('no file chosen, a file that is not the template, or the same rows again: the error summary says so', async () => {
    const none = await upload(agent, null);
    expect(none.status).toBe(400);
    expect(summaryOf(none.text)).toEqual([{ href: '#file', text: 'Select the CSV file to import' }]);
    const wrong = await upload(agent, 'name,colour\nAda,blue\n');
    expect(wrong.status).toBe(422);
    expect(summaryOf(wrong.text)).toEqual(expect.arrayContaining([{ href: '#file', text: 'Row 1, column colour: is not a column of the template' }]));
    const again = await upload(agent, file({ local_reference: 'PAGE-1' }));
    expect(again.status).toBe(422);
    expect(summaryOf(again.text)).toEqual([{ href: '#file', text: 'Row 2, column local_reference: was imported before: this placement is already held' }]);
  });

  test('the form is refused without its security token', async () => {
    const res = await agent
      .post('/imports')
      .field('_csrf', 'wrong')
      .attach('file', Buffer.from(file({ local_reference: 'PAGE-7' })), 'placements.csv');
    expect(res.status).toBe(403);
    expect(await h.orm.em.fork().count(PlacementImport, { localReference: 'PAGE-7' })).toBe(0);
  });
});

test('a host authority has no import page', async () => {
  const agent = await signIn('host');
  expect((await agent.get('/imports')).status).toBe(403);
  expect((await agent.get('/queue')).text).not.toContain('Import placements');
});

test('an admin imports for the placing authority it selects, and is shown references, never a link to the child', async () => {
  const agent = await signIn('admin');
  const missing = await upload(agent, file({ local_reference: 'ADMIN-1', placing_authority_id: '' }));
  expect(missing.status).toBe(400);
  expect(summaryOf(missing.text)).toEqual([{ href: '#placingAuthorityId', text: 'Select the placing authority the placements belong to' }]);
  const res = await upload(agent, file({ local_reference: 'ADMIN-1', placing_authority_id: '' }), { placingAuthorityId: OTHER_PLACING_ORG });
  expect(res.status).toBe(200);
  expect(textOf(res.text)).toMatch(/1 of 1 placement imported\. .* 2 ADMIN-1 CBP-[0-9A-F]{8} Imported Not recognised/);
  expect(res.text).not.toMatch(/href="\/placements\//);
  expect(await h.orm.em.fork().count(PlacementImport, { placingAuthorityId: OTHER_PLACING_ORG, localReference: 'ADMIN-1' })).toBe(1);
});

describe('the multipart reader', () => {
  const body = (boundary: string, parts: string[]) => Buffer.from(`--${boundary}\r\n${parts.join(`\r\n--${boundary}\r\n`)}\r\n--${boundary}--\r\n`);

  test('fields and files, a CRLF inside a file kept, a quoted boundary', () => {
    const b = 'X-boundary';
    const parsed = parseMultipart(
      body(b, [
        'Content-Disposition: form-data; name="_csrf"\r\n\r\ntoken',
        'Content-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\na,b\r\n1,2\r\n',
      ]),
      `multipart/form-data; boundary="${b}"`,
    );
    expect(parsed?.fields).toEqual({ _csrf: 'token' });
    expect(parsed?.files.map((f) => [f.name, f.filename, f.contentType, f.data.toString()])).toEqual([['file', 'a.csv', 'text/csv', 'a,b\r\n1,2\r\n']]);
  });

  test('not multipart, or cut short: null', () => {
    expect(parseMultipart(Buffer.from('a=b'), 'multipart/form-data')).toBeNull();
    expect(parseMultipart(Buffer.from('--B\r\nContent-Disposition: form-data; name="x"\r\n\r\nunfinished'), 'multipart/form-data; boundary=B')).toBeNull();
    expect(parseMultipart(Buffer.from('--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--'), 'multipart/form-data; boundary=B')).toBeNull();
  });
});
