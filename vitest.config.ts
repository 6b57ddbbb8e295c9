import { defineConfig } from 'vitest/config';

// Unit and integration tests run in Node; browser behaviour lives in e2e/ (Playwright).
export default defineConfig({
  test: {
    include: [
      'server/**/*.test.ts',
      'src/**/*.test.ts',
      'sw/**/*.test.ts',
      'scripts/**/*.test.ts',
      'bench/**/*.test.ts',
      'e2e/support/**/*.test.ts',
    ],
    environment: 'node',
    // Most files wait on PostgreSQL, SQLite, servers and sockets rather than compute: four at a
    // time halves the suite's time on a 2-core machine (365 s → 181 s) compared with one per core.
    maxWorkers: 4,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
