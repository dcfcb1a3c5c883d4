// The node environment, plus: when a test file has finished (after every afterAll of the file, so its
// connections are closed), the PostgreSQL databases it created are dropped (test/support/test-database.ts
// lists them on the test's global).
const { spawnSync } = require('node:child_process');
const { URL } = require('node:url');
const NodeEnvironment = require('jest-environment-node').TestEnvironment;

class PgEnvironment extends NodeEnvironment {
  async teardown() {
    const names = this.global.__cbpTestDatabases ?? [];
    const server = process.env.CBP_TEST_DATABASE;
    for (const name of names) {
      const u = new URL(server);
      u.pathname = '/postgres';
      // The cluster's superuser (trust on 127.0.0.1) may close connections a test left open.
      u.username = 'postgres';
      u.password = '';
      const r = spawnSync(process.env.CBP_PSQL || 'psql', [u.toString(), '-qAtX', '-c', `drop database if exists ${name} with (force)`], { encoding: 'utf8' });
      if (r.status !== 0) console.warn(`could not drop ${name}: ${r.stderr}`);
    }
    await super.teardown();
  }
}

module.exports = PgEnvironment;
