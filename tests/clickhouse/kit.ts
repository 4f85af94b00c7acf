/** What the ClickHouse integration tests share: the servers global-setup.ts started, and a database each. */
import { randomBytes } from 'node:crypto';
import { runCli } from '../helpers.js';

/** The single server's HTTP URL (set by global-setup.ts before the workers start). */
export function singleUrl(): string {
  const url = process.env.SORTIE_TEST_CLICKHOUSE_URL;
  if (url === undefined || url === '') {
    throw new Error(
      'SORTIE_TEST_CLICKHOUSE_URL is not set: run the suite with npm run test:clickhouse',
    );
  }
  return url;
}

/** The two shard servers' HTTP URLs. */
export function shardUrls(): [string, string] {
  const urls = (process.env.SORTIE_TEST_CLICKHOUSE_SHARD_URLS ?? '')
    .split(',')
    .filter((u) => u !== '');
  if (urls.length !== 2) {
    throw new Error(
      'SORTIE_TEST_CLICKHOUSE_SHARD_URLS is not two URLs: run the suite with npm run test:clickhouse',
    );
  }
  return urls as [string, string];
}

/** Runs one statement on a server (plain fetch: the tests check sortie's client, not use it). */
export async function sql(url: string, statement: string): Promise<string> {
  const res = await fetch(`${url}/`, { method: 'POST', body: statement });
  const text = await res.text();
  if (!res.ok) throw new Error(`${statement}: HTTP ${res.status}: ${text}`);
  return text;
}

/** A new, empty database on each of these servers: every test file gets its own. */
export async function freshDatabase(urls: readonly string[], prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  for (const url of urls) await sql(url, `CREATE DATABASE ${name}`);
  return name;
}

/** Runs the CLI, failing with its output when the exit code is not the one expected. */
export async function cli(argv: string[], expected = 0, env: Record<string, string> = {}) {
  const r = await runCli(argv, env);
  if (r.code !== expected) {
    throw new Error(
      `sortie ${argv.join(' ')} exited ${r.code}, not ${expected}\n${r.stderr}\n${r.stdout}`,
    );
  }
  return r;
}
