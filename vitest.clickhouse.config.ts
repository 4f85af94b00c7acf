import { defineConfig } from 'vitest/config';

/**
 * `npm run test:clickhouse`: the integration suite against real ClickHouse servers (one single
 * server and a 2-shard cluster, started on loopback by tests/clickhouse/global-setup.ts). It needs
 * clickhouse-server installed and fails without it; `npm test` leaves it out.
 */
export default defineConfig({
  test: {
    include: ['tests/clickhouse/**/*.test.ts'],
    globalSetup: ['tests/clickhouse/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
