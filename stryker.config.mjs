// Mutation testing of the pure domain modules (`npm run test:mutation`; not part of .ci/run — run it
// before resolving work on these modules). One module while iterating:
//   npx stryker run --mutate src/server/modules/triage/severity.ts
// Reports: reports/mutation/index.html and mutation.json (gitignored).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  // Only the unit tests of these modules: no database, a few seconds per run.
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  // Rule data (severity.rules.ts) is deliberately not here: the score counts logic, not word lists.
  mutate: [
    'src/server/modules/triage/severity.ts',
    'src/server/modules/triage/severity.validate.ts',
    'src/server/modules/complaints/lifecycle.ts',
    'src/server/modules/sla/clock.ts',
    'src/server/modules/sla/calendar.ts',
  ],
  coverageAnalysis: 'perTest',
  // The machine's two cores are shared.
  concurrency: 1,
  // A mutant that loops is caught after this. The suites take under a second, but a loaded machine
  // slows each vitest run several-fold: a shorter limit reports false timeouts (counted as killed).
  timeoutMS: 15_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // The sandbox needs the sources and configs only.
  ignorePatterns: ['/fixtures', '/e2e', '/bench', '/src/web', '/dist', '/data', '/reports', '/docs', '/coverage', '/test-results'],
};
