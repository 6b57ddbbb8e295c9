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
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
