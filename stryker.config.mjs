// StrykerJS: mutation testing of the gate's core (`npm run -s mutation`, scripts/mutation.ts).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['src/core/gate.ts', 'src/core/permissions.ts', 'src/core/readiness.ts', 'src/core/rules.ts'],
  testRunner: 'jest',
  // Only the suites that test these files (jest.mutation.config.js): the runner loads all of them per mutant.
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  coverageAnalysis: 'perTest',
  // A re-run tests only the mutants whose code or covering tests changed (reports/ is not committed).
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'json', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  // A mutant is cut off after its tests' own time × 1.5 + 15 s: these files have no loop a mutant can make
  // endless, and a failing property stops at its first counterexample (test/mutation-setup.ts), so a timeout
  // is nearly always a loaded machine; a generous margin keeps it from counting as a kill.
  timeoutMS: 15000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['static/*/build', '.sandbox-data', 'reports', 'node_modules', 'test/app', 'test/browser', 'bench'],
};
