// npm run test:multi: several app processes on one PostgreSQL database (CBP_TEST_DATABASE), in CI.
const base = require('../../package.json').jest;

module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/multi-instance'],
  testMatch: ['**/*.ci.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  setupFilesAfterEnv: ['<rootDir>/test/pg/setup.ts'],
  testEnvironment: '<rootDir>/test/pg/environment.js',
  testTimeout: 1_200_000,
};
