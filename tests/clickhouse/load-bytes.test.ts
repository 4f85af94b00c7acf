/**
 * `sortie db load` writes OpenSky rows from their bytes (src/db/load-rows.ts). On a real server, the
 * table it fills must hold exactly the rows the general reader's positions give: the same rows
 * written from positions, inserted by hand into a twin table, read back the same, sorted.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clickHouseClient } from '../../src/cli/clickhouse.js';
import { readIntoRowBinary } from '../../src/db/load-rows.js';
import { POSITION_COLUMNS, RowBinaryWriter } from '../../src/db/rows.js';
import { parseDbUrl } from '../../src/db/server.js';
import { textSource } from '../helpers.js';
import { cli, freshDatabase, shardUrls, singleUrl, sql } from './kit.js';

const FILES = [
  'fixtures/demo/opensky/states_2024-09.csv',
  'fixtures/demo/opensky/states_2024-12.csv',
  'fixtures/formats/opensky-states/states_2025-02-05-20.csv',
];

/** Every stored column but the load's id (random per load), in load order. */
const DUMPED = POSITION_COLUMNS.filter((c) => c !== 'load_id');

async function dump(url: string, table: string): Promise<string> {
  return sql(
    url,
    `SELECT ${DUMPED.join(', ')} FROM ${table} ORDER BY line, seq FORMAT TabSeparated`,
  );
}

/** The rows of one file written from positions (the general reader's), as load id 1. */
async function fromPositions(file: string): Promise<Buffer> {
  const writer = new RowBinaryWriter();
  await readIntoRowBinary(
    textSource(file, readFileSync(file), 1 << 16),
    { forced: undefined, reader: undefined, path: 'positions' },
    writer,
    1,
    () => undefined,
  );
  return writer.take();
}

describe.each([
  ['one server', () => [singleUrl()]],
  ['the 2-shard cluster', () => shardUrls()],
])('db load of OpenSky files (%s)', (_, urls) => {
  it('stores the rows the general reader gives, file by file', async () => {
    const servers = urls();
    const db = await freshDatabase(servers, 'loadbytes');
    const base = servers.map((u) => `${u}/${db}`);
    await cli([
      'db',
      'init',
      '--db',
      base.join(','),
      ...(servers.length > 1 ? ['--cluster', 'sortie_2shards'] : []),
    ]);
    const first = servers[0] as string;
    const twin = `${db}.by_positions`;
    const local = servers.length > 1 ? 'sortie_positions_local' : 'sortie_positions';
    await sql(first, `CREATE TABLE ${twin} AS ${db}.${local} ENGINE = Memory`);
    await cli(['db', 'load', '--db', `${first}/${db}`, '--quiet', ...FILES]);
    const client = clickHouseClient(parseDbUrl(`${first}/${db}`), { timeoutMs: 30_000 });
    for (const file of FILES) {
      const loadId = (
        await sql(first, `SELECT load_id FROM ${db}.sortie_inputs WHERE file = '${file}'`)
      ).trim();
      expect(loadId).toMatch(/^\d+$/);
      await sql(first, `TRUNCATE TABLE ${twin}`);
      await client.insert(
        `INSERT INTO ${twin} (${POSITION_COLUMNS.join(', ')}) FORMAT RowBinary`,
        await fromPositions(file),
      );
      const loaded = await dump(first, `${db}.sortie_positions WHERE load_id = ${loadId}`);
      expect(loaded.split('\n').length).toBeGreaterThan(3);
      expect(loaded).toBe(await dump(first, twin));
    }
  });
});
