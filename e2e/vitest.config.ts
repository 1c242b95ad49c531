import { defineConfig } from 'vitest/config';

// Browser journeys against the built app (`npm run test:e2e` builds first). Not part of `npm test`.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
