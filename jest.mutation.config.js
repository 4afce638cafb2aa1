/**
 * The jest configuration StrykerJS runs for each mutant (`npm run -s mutation`): the tests of the pure
 * core and the unit tests, which need no sandbox, a browser or a child process. The gate's rules are
 * tested there directly; the app tests (test/app) exercise them too, through the sandbox.
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  maxWorkers: 1,
  roots: ['<rootDir>/test/core', '<rootDir>/test/unit'],
};
