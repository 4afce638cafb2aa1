const os = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  // At least four test files at a time, even on a 2-core machine (jest's default there is one): many
  // files wait on a sandbox's delays, a child process or Chromium rather than compute. Measured on a
  // shared 2-core machine: the whole suite 264 s with two workers, 222-227 s with four, all passing.
  // Tests do not depend on machine speed.
  maxWorkers: Math.max(4, os.cpus().length),
  testEnvironment: 'node',
  // The app's tests and those of its workspace packages (packages/*/test: the sandbox's own).
  roots: ['<rootDir>/test', '<rootDir>/packages'],
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
