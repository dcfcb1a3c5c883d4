import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { Organisation, User } from '../src/store/entities';
import { migrate, openOrm, type Orm } from '../src/store/orm';
import { parseCsv } from '../src/store/reference-data/csv';
import { placeholderMailbox } from '../src/store/reference-data/mailboxes';
import { createServices } from '../src/services';
import { demoEmail } from '../src/services/users';
import { readOrganisationSeed, seedOrganisations } from '../src/store/seed';
import { ROLES } from '../src/vocabulary';
import { tempDir, testConfig } from './support/api-harness';

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const mailboxOf = (rows: { id: string; noticeEmail: string }[], id: string) => rows.find((r) => r.id === id)?.noticeEmail;

describe('notice mailboxes', () => {
  it('default to a unique placeholder under the reserved .invalid TLD', () => {
    const rows = readOrganisationSeed();
    expect(mailboxOf(rows, 'S12000036')).toBe(placeholderMailbox('S12000036'));
    expect(placeholderMailbox('S12000036')).toMatch(/\.invalid$/);
  });

  it('can be overridden from a CSV file', () => {
    const file = write('mailboxes.csv', 'id,noticeEmail\nS12000036,"cross.border@edinburgh.gov.uk"\r\nE08000025,cbp@birmingham.gov.uk\n');
    const rows = readOrganisationSeed(file);
    expect(mailboxOf(rows, 'S12000036')).toBe('cross.border@edinburgh.gov.uk');
    expect(mailboxOf(rows, 'E08000025')).toBe('cbp@birmingham.gov.uk');
    expect(mailboxOf(rows, 'S12000033')).toBe(placeholderMailbox('S12000033'));
  });

  it('can be overridden from a JSON object or array', () => {
    const obj = write('m1.json', JSON.stringify({ 'scot-care-inspectorate': 'notices@careinspectorate.example' }));
    expect(mailboxOf(readOrganisationSeed(obj), 'scot-care-inspectorate')).toBe('notices@careinspectorate.example');
    const arr = write('m2.json', JSON.stringify([{ id: 'W06000015', noticeEmail: 'cbp@cardiff.example' }]));
    expect(mailboxOf(readOrganisationSeed(arr), 'W06000015')).toBe('cbp@cardiff.example');
  });

  it('rejects an unknown organisation id or a bad address instead of silently ignoring it', () => {
    expect(() => readOrganisationSeed(write('m3.json', '{"S99999999":"a@b.example"}'))).toThrow(/unknown organisation ids: S99999999/);
    expect(() => readOrganisationSeed(write('m4.csv', 'id,noticeEmail\nS12000036,not-an-email\n'))).toThrow(/not an email/);
  });

  it('are applied by seeding, which is idempotent', async () => {
    const config = testConfig(dir);
    const orm: Orm = await openOrm(config.database);
    try {
      await migrate(orm);
      const file = write('m5.json', '{"S12000036":"cbp@edinburgh.example"}');
      expect(await seedOrganisations(orm.em.fork(), file)).toBe(231);
      expect(await seedOrganisations(orm.em.fork(), file)).toBe(231);
      const em = orm.em.fork();
      expect(await em.count(Organisation, {})).toBe(231);
      expect((await em.findOneOrFail(Organisation, { id: 'S12000036' })).noticeEmail).toBe('cbp@edinburgh.example');
    } finally {
      await orm.close();
    }
  });
});

describe('demo users', () => {
  it('exist once per non-admin role, each in an organisation its role fits', async () => {
    const config = testConfig(tempDir());
    const orm = await openOrm(config.database);
    try {
      await migrate(orm);
      await seedOrganisations(orm.em.fork());
      const { users } = createServices({ orm, config });
      const first = await users.ensureDemoUsers();
      expect(first.map((u) => u.role).sort()).toEqual(ROLES.filter((r) => r !== 'admin').sort());
      expect(first.every((u) => u.token?.startsWith('cbp_'))).toBe(true);
      const second = await users.ensureDemoUsers();
      expect(second.every((u) => u.token === undefined)).toBe(true);
      expect(await orm.em.fork().count(User, { email: { $like: 'demo-%' } })).toBe(6);
      expect(second.find((u) => u.role === 'host')?.email).toBe(demoEmail('host'));
    } finally {
      await orm.close();
      if (config.database.kind === 'sqlite') rmSync(path.dirname(config.database.path), { recursive: true, force: true });
    }
  });
});

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ env: 'development', port: 3000, sweepIntervalMs: 60000, demoUsers: true });
    expect(config.http.bodyLimit).toBe('100kb');
    const production = { NODE_ENV: 'production', CBP_SESSION_SECRET: 'x'.repeat(40), CBP_PUBLIC_URL: 'https://placements.example.gov.uk' };
    expect(loadConfig(production)).toMatchObject({ demoUsers: false, web: { publicUrl: 'https://placements.example.gov.uk', secureCookies: true } });
    expect(config.web).toMatchObject({ publicUrl: 'http://localhost:3000', secureCookies: false });
  });

  it('in production needs the session secret and an https public address', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/CBP_SESSION_SECRET[\s\S]*CBP_PUBLIC_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', CBP_SESSION_SECRET: 'x'.repeat(40), CBP_PUBLIC_URL: 'http://placements.example' })).toThrow(/https/);
  });

  it('fails fast, listing every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', CBP_ADMIN_TOKEN: 'short', SWEEP_INTERVAL_MS: '5' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/CBP_ADMIN_TOKEN/);
    expect(problems).toMatch(/SWEEP_INTERVAL_MS/);
  });
});

describe('CSV reader', () => {
  it('handles quotes, doubled quotes, CRLF and a missing final newline', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\r\n1,2')).toEqual([
      { a: 'x, y', b: 'say "hi"' },
      { a: '1', b: '2' },
    ]);
    expect(() => parseCsv('a,b\n1\n')).toThrow(/line 2/);
  });
});
