import { rmSync } from 'node:fs';
import path from 'node:path';
import { runCli, serve } from '../src/cli';
import { ADMIN_TOKEN, tempDir, testConfig } from './support/api-harness';

let dir: string;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  dir = tempDir();
  env = { NODE_ENV: 'test', DATABASE_URL: path.join(dir, 'cli.sqlite'), CBP_ADMIN_TOKEN: ADMIN_TOKEN, PORT: '0' };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a CLI command, capturing what it prints. */
async function cli(...argv: string[]) {
  const out: string[] = [];
  const err = jest.spyOn(console, 'error').mockImplementation((...a) => void out.push(a.join(' ')));
  try {
    const code = await runCli(argv, env, (line) => out.push(line));
    return { code, text: out.join('\n') };
  } finally {
    err.mockRestore();
  }
}

describe('serve (what npm start runs)', () => {
  it('migrates, seeds, creates the admin, answers /api/health on its port and shuts down cleanly', async () => {
    const sub = tempDir();
    const lines: string[] = [];
    const running = await serve({ ...testConfig(sub), port: 0, demoUsers: true, adminToken: undefined }, (l) => lines.push(l));
    try {
      const res = await fetch(`${running.url}/api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', database: 'up' });
      const printed = lines.join('\n');
      const adminToken = /Created admin .*shown only this once:\s+(cbp_\S+)/s.exec(printed)?.[1];
      expect(adminToken).toBeDefined();
      expect(printed).toMatch(/demo-placing@cbp\.invalid/);
      expect(printed).toMatch(/Authorization: Bearer/);
      const me = await fetch(`${running.url}/api/me`, { headers: { Authorization: `Bearer ${adminToken}` } });
      expect(((await me.json()) as { role: string }).role).toBe('admin');
    } finally {
      await running.close();
      rmSync(sub, { recursive: true, force: true });
    }
    expect(running.server.listening).toBe(false);
  });
});

describe('npm run cli', () => {
  it('migrate applies the initial migration once', async () => {
    expect(await cli('migrate')).toEqual({ code: 0, text: expect.stringMatching(/Applied: Migration\d+_initial/) });
    expect(await cli('migrate')).toEqual({ code: 0, text: 'Nothing to apply.' });
  });

  it('seed loads organisations and the admin from CBP_ADMIN_TOKEN', async () => {
    const { code, text } = await cli('seed');
    expect(code).toBe(0);
    expect(text).toMatch(/Seeded 231 organisations/);
    expect(text).toMatch(/Created admin admin@cbp\.invalid; its token is CBP_ADMIN_TOKEN/);
    expect(text).not.toContain(ADMIN_TOKEN);
  });

  it('users create prints the id and a token; tokens revoke revokes it', async () => {
    const created = await cli('users', 'create', '--email', 'sw@edinburgh.example', '--name', 'S W', '--role', 'host', '--org', 'S12000036');
    expect(created.code).toBe(0);
    expect(created.text).toMatch(/Created user [0-9a-f-]{36} \(sw@edinburgh\.example, host at S12000036\)/);
    expect(created.text).toMatch(/\ncbp_[\w-]{43}$/);

    const issued = await cli('tokens', 'create', '--user', 'sw@edinburgh.example');
    expect(issued.code).toBe(0);
    const revoked = await cli('tokens', 'revoke', '--user', 'SW@edinburgh.example');
    expect(revoked).toEqual({ code: 0, text: 'Revoked 2 token(s) of sw@edinburgh.example.' });
  });

  it('explains a role that does not fit the organisation, a missing option and an unknown command', async () => {
    const misfit = await cli('users', 'create', '--email', 'x@y.example', '--name', 'X', '--role', 'inspector', '--org', 'S12000036');
    expect(misfit.code).toBe(1);
    expect(misfit.text).toMatch(/organisationId: The inspector role needs a care-inspectorate organisation/);
    expect((await cli('users', 'create', '--email', 'x@y.example')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('--help')).code).toBe(0);
  });

  it('exits 1 with a readable message on bad configuration', async () => {
    const saved = env;
    env = { ...env, PORT: 'nope' };
    try {
      const { code, text } = await cli('migrate');
      expect(code).toBe(1);
      expect(text).toMatch(/Invalid configuration:[\s\S]*PORT/);
    } finally {
      env = saved;
    }
  });
});
