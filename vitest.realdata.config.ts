import { defineConfig } from 'vitest/config';

/** `npm run test:realdata`: the tests over the third-party samples in ../shared/realdata. */
export default defineConfig({
  test: {
    include: ['tests/realdata/**/*.test.ts'],
    globalSetup: ['tests/realdata/setup.ts'],
    testTimeout: 30_000,
  },
});
