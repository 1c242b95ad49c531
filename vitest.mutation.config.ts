import { defineConfig } from 'vitest/config';

// The unit tests Stryker runs against each mutant (stryker.config.mjs): pure modules only, no database.
export default defineConfig({
  test: {
    include: [
      'src/server/modules/triage/severity*.test.ts',
      'src/server/modules/triage/numbers.test.ts',
      'src/server/modules/complaints/lifecycle.test.ts',
      'src/server/modules/sla/clock.test.ts',
      'src/server/modules/sla/calendar.test.ts',
    ],
    pool: 'threads',
  },
});
