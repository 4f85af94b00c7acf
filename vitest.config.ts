import { configDefaults, defineConfig } from 'vitest/config';

/**
 * `npm test`: everything that runs on a bare clone. The tests over third-party samples live in
 * tests/realdata/ and run with `npm run test:realdata` (vitest.realdata.config.ts); those against
 * real ClickHouse servers live in tests/clickhouse/ (`npm run test:clickhouse`).
 */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'tests/realdata/**', 'tests/clickhouse/**'],
    testTimeout: 30_000,
  },
});
