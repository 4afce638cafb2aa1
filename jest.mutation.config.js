/**
 * The jest configuration StrykerJS runs for each mutant (`npm run -s mutation`): only the suites that test the
 * gate's core (src/core/gate.ts, permissions.ts, readiness.ts, rules.ts) directly, pure and fast, loaded as one
 * file (test/mutation-suites.ts lists them). Stryker's jest runner loads every suite of its configuration for
 * every mutant (it filters by test name, not by file), so suites that do not test these files would only slow
 * each run down. The app tests (test/app) exercise the same rules through the sandbox; they are not part of
 * the mutation run.
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  maxWorkers: 1,
  roots: ['<rootDir>/test'],
  testMatch: ['<rootDir>/test/mutation-suites.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/mutation-setup.ts'],
};
