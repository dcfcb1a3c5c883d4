// npm run test:pg: the suites that touch the database, run again on PostgreSQL (CBP_TEST_DATABASE names
// the server; every harness gets its own database). Pure suites (machine, calendar, charts) run once, in npm test.
const base = require('../../package.json').jest;

module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test'],
  testMatch: [
    '<rootDir>/test/api/**/*.test.ts',
    '<rootDir>/test/api-*.test.ts',
    '<rootDir>/test/mail/**/*.test.ts',
    '<rootDir>/test/web/**/*.test.ts',
    '<rootDir>/test/reports/**/*.test.ts',
    '<rootDir>/test/documents/**/*.test.ts',
    '<rootDir>/test/store.test.ts',
    '<rootDir>/test/list-order.test.ts',
    '<rootDir>/test/cli.test.ts',
    '<rootDir>/test/seed-config.test.ts',
    '<rootDir>/test/reliability/dates.test.ts',
    '<rootDir>/test/reliability/logging.test.ts',
    '<rootDir>/test/pg/**/*.test.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/'],
  setupFilesAfterEnv: ['<rootDir>/test/pg/setup.ts'],
  testEnvironment: '<rootDir>/test/pg/environment.js',
};
