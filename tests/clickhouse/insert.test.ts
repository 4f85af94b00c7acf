import { describe, expect, it } from 'vitest';
import { clickHouseClient } from '../../src/cli/clickhouse.js';
import { parseDbUrl } from '../../src/db/server.js';
import { freshDatabase, singleUrl, sql } from './kit.js';

/**
 * Inserts go gzipped to a remote server and plain to one on loopback (the suite's servers are on
 * loopback, so the gzipped form is asked for here): the server must read the same rows from both.
 */
describe('inserts, gzipped or not', () => {
  it.each([
    ['gzipped (as to a remote server)', true],
    ['uncompressed (as to a loopback server)', false],
    ['as chosen for this server (loopback: uncompressed)', undefined],
  ])('%s: every row arrives intact', async (_, gzip) => {
    const db = await freshDatabase([singleUrl()], 'insert');
    await sql(singleUrl(), `CREATE TABLE ${db}.t (s String, x Float64) ENGINE = Memory`);
    const client = clickHouseClient(parseDbUrl(`${singleUrl()}/${db}`), {
      timeoutMs: 10_000,
      ...(gzip === undefined ? {} : { gzip }),
    });
    const rows = Array.from({ length: 5000 }, (_, i) => `é${i}\t${i / 7}`);
    await client.insert(
      `INSERT INTO ${db}.t (s, x) FORMAT TabSeparated`,
      Buffer.from(`${rows.join('\n')}\n`),
    );
    const back = await client.text(`SELECT count(), sum(length(s)), sum(x) FROM ${db}.t`);
    const sumX = rows.reduce((acc, _, i) => acc + i / 7, 0);
    const [count, lengths, sum] = back.split('\t').map(Number);
    expect(count).toBe(5000);
    expect(lengths).toBe(
      rows.reduce((acc, r) => acc + Buffer.byteLength(r.split('\t')[0] as string), 0),
    );
    expect(sum).toBeCloseTo(sumX, 3);
  });
});
