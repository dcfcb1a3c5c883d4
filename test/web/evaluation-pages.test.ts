// The evaluation return's pages on the real app (the services and a SQLite file, sign-in by the code mailed
// through the outbox): the Scottish Ministers and the Care Inspectorate choose a period, read the tables with
// [c] where withheld and a chart beside each, download CSV and JSON (each an export in the audit chain) and
// read the dictionary; a period in the future or back to front is an error naming the field; no other role sees
// the page or its link.
import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/services/actor';
import { AuditEvent } from '../../src/store/entities';
import { startHarness, type Harness } from '../support/api-harness';
import { EVALUATION_NOW, evaluationPlan } from '../reports/evaluation-expected';
import { seedPlans } from '../reports/seed-store';
import { textOf, type Agent } from './support/agent';
import { signInByCode } from './support/sign-in-by-code';

let h: Harness;
const users: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness({}, { clock: () => EVALUATION_NOW });
  await seedPlans(
    h.orm,
    Array.from({ length: 60 }, (_, i) => evaluationPlan(i)),
  );
  const add = async (key: string, role: 'placing' | 'host' | 'inspector' | 'ministers', organisationId: string) => {
    const { user } = await h.services.users.create(
      SYSTEM_ACTOR,
      { email: `${key}@example.test`, name: `Test ${key}`, role, organisationId },
      { delivery: 'caller' },
    );
    users[key] = user.email;
  };
  await add('inspector', 'inspector', 'scot-care-inspectorate');
  await add('ministers', 'ministers', 'scot-scottish-ministers');
  await add('placing', 'placing', 'E08000025');
  await add('host', 'host', 'S12000036');
  users.admin = h.config.adminEmail;
}, 60_000);
afterAll(() => h.close());

const signIn = (key: string): Promise<Agent> => signInByCode(h, users[key]);

const PERIOD = 'from-day=1&from-month=3&from-year=2026&until-day=31&until-month=8&until-year=2026';

test('the Ministers choose a period and read every table, with [c] where withheld and a chart beside each', async () => {
  const ministers = await signIn('ministers');
  const blank = await ministers.get('/reports/evaluation').expect(200);
  expect(blank.text).toContain('href="/reports/evaluation"');
  // The form suggests the last complete quarter (today is 1 March 2027: October to December 2026).
  expect(blank.text).toMatch(/name="from-month"[^>]*value="10"/);
  expect(blank.text).toMatch(/name="until-day"[^>]*value="31"/);

  const page = await ministers.get(`/reports/evaluation?${PERIOD}`).expect(200);
  const text = textOf(page.text);
  expect(text).toContain('1 March 2026 to 31 August 2026');
  const api = (
    await h.http
      .get('/api/reports/evaluation')
      .query({ from: '2026-03-01', to: '2026-09-01' })
      .set('Authorization', await h.userToken('ministers', 'scot-scottish-ministers'))
  ).body;
  for (const t of api.tables) {
    expect(text).toContain(t.title);
    const total = t.rows.find((r: { key: string }) => r.key === 'total');
    const cells = t.columns
      .map((c: { key: string }) => total.cells[c.key])
      .map((v: { suppressed: boolean; value: number }) => (v.suppressed ? '[c]' : v.value));
    expect(text).toContain(`Total ${cells.join(' ')}`);
  }
  expect(text).toContain('[c]');
  expect(text).toContain('withheld so that no child can be identified');
  expect((page.text.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(10);
  expect(page.text).not.toContain('<script src="http');
  expect(page.text).toContain('href="/reports/evaluation.csv?from=2026-03-01&amp;until=2026-08-31"');
});

test('downloads are the API return, and each is an export in the audit chain', async () => {
  const inspector = await signIn('inspector');
  const before = await h.orm.em.fork().count(AuditEvent, { type: 'EVALUATION_RETURN_EXPORTED' });
  const csv = await inspector.get('/reports/evaluation.csv?from=2026-03-01&until=2026-08-31').expect(200);
  expect(csv.headers['content-type']).toMatch(/^text\/csv/);
  expect(csv.headers['content-disposition']).toBe('attachment; filename="evaluation-return-2026-03-01-to-2026-08-31.csv"');
  const json = await inspector.get('/reports/evaluation.json?from=2026-03-01&until=2026-08-31').expect(200);
  const token = await h.userToken('inspector', 'scot-care-inspectorate');
  const api = await h.http.get('/api/reports/evaluation').query({ from: '2026-03-01', to: '2026-09-01', format: 'csv' }).set('Authorization', token);
  expect(csv.text).toBe(api.text);
  expect(JSON.parse(json.text).tables).toEqual(
    JSON.parse((await h.http.get('/api/reports/evaluation').query({ from: '2026-03-01', to: '2026-09-01' }).set('Authorization', token)).text).tables,
  );
  const entries = await h.orm.em.fork().find(AuditEvent, { type: 'EVALUATION_RETURN_EXPORTED' }, { orderBy: { seq: 'asc' } });
  expect(entries.slice(before, before + 2).map((e) => [e.actorRole, e.payload.format, e.payload.via, e.payload.from, e.payload.to])).toEqual([
    ['inspector', 'csv', 'page /reports/evaluation.csv', '2026-03-01', '2026-09-01'],
    ['inspector', 'json', 'page /reports/evaluation.json', '2026-03-01', '2026-09-01'],
  ]);
  // Reading the page is not an export.
  await inspector.get(`/reports/evaluation?${PERIOD}`).expect(200);
  expect(await h.orm.em.fork().count(AuditEvent, { type: 'EVALUATION_RETURN_EXPORTED' })).toBe(before + 4);
});

test('the dictionary page defines every table', async () => {
  const inspector = await signIn('inspector');
  const page = await inspector.get('/reports/evaluation/dictionary').expect(200);
  const text = textOf(page.text);
  for (const t of h.services.evaluation.dictionary().tables) expect(text).toContain(t.title);
  expect(text).toContain('P.small-cell-threshold');
  const json = await inspector.get('/reports/evaluation/dictionary.json').expect(200);
  expect(json.body.tables).toHaveLength(h.services.evaluation.dictionary().tables.length);
});

test('a period back to front, in the future or half given is an error naming the field', async () => {
  const ministers = await signIn('ministers');
  const backwards = await ministers.get('/reports/evaluation?from-day=1&from-month=9&from-year=2026&until-day=31&until-month=3&until-year=2026').expect(400);
  expect(textOf(backwards.text)).toContain('The last day of the period must be the same as or after the first day');
  expect(backwards.text).toContain('href="#until-day"');
  const future = await ministers.get('/reports/evaluation?from-day=1&from-month=1&from-year=2027&until-day=31&until-month=3&until-year=2027').expect(400);
  expect(textOf(future.text)).toContain('The last day of the period must be today or in the past');
  const half = await ministers.get('/reports/evaluation?from-day=1&from-month=1&from-year=2027').expect(400);
  expect(textOf(half.text)).toContain('Enter the last day of the period');
  const unreal = await ministers.get('/reports/evaluation?from-day=30&from-month=2&from-year=2026&until-day=1&until-month=3&until-year=2026').expect(400);
  expect(textOf(unreal.text)).toContain('The first day of the period must be a real date');
  // A period that ends today is fine.
  await ministers.get('/reports/evaluation?from-day=1&from-month=2&from-year=2027&until-day=1&until-month=3&until-year=2027').expect(200);
});

test('no other role sees the page, its downloads or its link', async () => {
  for (const key of ['placing', 'host', 'admin']) {
    const agent = await signIn(key);
    expect([key, (await agent.get(`/reports/evaluation?${PERIOD}`)).status]).toEqual([key, 403]);
    expect([key, (await agent.get('/reports/evaluation.csv?from=2026-03-01&until=2026-08-31')).status]).toEqual([key, 403]);
    expect([key, (await agent.get('/reports/evaluation/dictionary')).status]).toEqual([key, 403]);
    const home = await agent.get(key === 'admin' ? '/admin/users' : '/queue').expect(200);
    expect(home.text).not.toContain('href="/reports/evaluation"');
  }
  const anonymous = await request(h.app).get('/reports/evaluation');
  expect(anonymous.status).toBe(303);
});
