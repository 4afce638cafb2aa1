// @ts-nocheck
// StrykerJS: mutation testing of the gate's core (`npm run -s mutation`, scripts/mutation.ts).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['src/core/gate.ts', 'src/core/permissions.ts', 'src/core/readiness.ts', 'src/core/rules.ts'],
  testRunner: 'jest',
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  timeoutMS: 20000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['static/*/build', '.sandbox-data', 'reports', 'node_modules'],
};
