/**
 * The integration suite's servers (scripts/clickhouse-servers.ts): ONE single server and a 2-shard
 * cluster (`sortie_2shards`), on loopback with throw-away folders, stopped by PID in teardown.
 *
 * Contract for the suite's tests (set here, before any test worker starts):
 * - SORTIE_TEST_CLICKHOUSE_URL: the single server's HTTP URL, e.g. http://127.0.0.1:18123
 * - SORTIE_TEST_CLICKHOUSE_SHARD_URLS: the two shard servers' HTTP URLs, comma-separated
 * Users: `default` (no password) and `sortie` (password `sortie-pass`), both loopback only.
 *
 * Without clickhouse-server the suite fails, saying how to install it: it never skips.
 */
import { startClickHouse } from '../../scripts/clickhouse-servers.js';

export default async function setup(): Promise<() => Promise<void>> {
  const servers = await startClickHouse();
  process.env.SORTIE_TEST_CLICKHOUSE_URL = servers.singleUrl;
  process.env.SORTIE_TEST_CLICKHOUSE_SHARD_URLS = servers.shardUrls.join(',');
  return servers.stop;
}
