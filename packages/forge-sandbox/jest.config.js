/**
 * The sandbox's own tests, alone: `npm test -w @kayttoonotto/forge-sandbox` (the repository's `npm test` runs them
 * with the app's, through the root jest.config.js). TypeScript through @swc/jest, as the root does.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  testTimeout: 30000,
};
