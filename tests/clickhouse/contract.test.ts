import { describe, expect, it } from 'vitest';
import { shardUrls, singleUrl, sql } from './kit.js';

describe('the servers global-setup.ts started (the contract other suites rely on)', () => {
  it('test workers see SORTIE_TEST_CLICKHOUSE_URL, a single server that answers', async () => {
    expect(singleUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await sql(singleUrl(), 'SELECT 1')).trim()).toBe('1');
    expect(
      (
        await sql(
          singleUrl(),
          "SELECT count() FROM system.clusters WHERE cluster = 'sortie_2shards'",
        )
      ).trim(),
    ).toBe('0');
  });

  it('test workers see SORTIE_TEST_CLICKHOUSE_SHARD_URLS: two servers forming sortie_2shards', async () => {
    const urls = shardUrls();
    expect(urls).toHaveLength(2);
    for (const url of urls) {
      const shards = await sql(
        url,
        "SELECT shard_num, is_local FROM system.clusters WHERE cluster = 'sortie_2shards' ORDER BY shard_num FORMAT TabSeparated",
      );
      expect(shards.trim().split('\n')).toHaveLength(2);
      expect(shards.match(/\t1$/gm)).toHaveLength(1);
    }
  });

  it('user sortie logs in with its password', async () => {
    const res = await fetch(`${singleUrl()}/?user=sortie&password=sortie-pass`, {
      method: 'POST',
      body: 'SELECT 42',
    });
    expect((await res.text()).trim()).toBe('42');
  });
});
