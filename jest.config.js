const os = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  // Two test files at a time even on a 2-core machine (jest's default there is one): most files wait on
  // a sandbox, a child process or Chromium rather than compute. Tests do not depend on machine speed.
  maxWorkers: Math.max(2, os.cpus().length - 1),
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } },
        module: { type: 'commonjs' },
      },
    ],
  },
  testTimeout: 30000,
};
