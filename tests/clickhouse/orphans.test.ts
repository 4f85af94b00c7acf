/**
 * Rows of loads that will never be recorded, on real servers (one, and the 2-shard cluster, where
 * they must go from each server's local table): standard input that proves a duplicate removes
 * what it sent; a load whose insert fails removes what went in; rows a killed client left (made
 * here with the loader's own batch code under a load id never recorded) are removed by `db prune`
 * and by the next `db load`, but not while their load was heard from within the grace.
 */
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickHouseClient } from '../../src/cli/clickhouse.js';
import { readIntoRowBinary } from '../../src/db/load-rows.js';
import { POSITION_COLUMNS, RowBinaryWriter } from '../../src/db/rows.js';
import { parseDbUrl } from '../../src/db/server.js';
import { run } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { runCli, textSource } from '../helpers.js';
import { cli, freshDatabase, shardUrls, singleUrl, sql } from './kit.js';

const FILE = 'fixtures/demo/opensky/states_2024-12.csv';
const OTHER = 'fixtures/demo/opensky/states_2024-09.csv';

/** Rows per load id over every server's own table (the local ones on a cluster). */
async function rowsPerLoad(servers: readonly string[], db: string): Promise<Map<string, number>> {
  const table = servers.length > 1 ? 'sortie_positions_local' : 'sortie_positions';
  const out = new Map<string, number>();
  for (const url of servers) {
    const text = await sql(
      url,
      `SELECT load_id, count() FROM ${db}.${table} GROUP BY load_id FORMAT TabSeparated`,
    );
    for (const line of text.split('\n').filter((l) => l !== '')) {
      const [id, n] = line.split('\t') as [string, string];
      out.set(id, (out.get(id) ?? 0) + Number(n));
    }
  }
  return out;
}

/** Load ids sortie_inputs records. */
async function recorded(url: string, db: string): Promise<Set<string>> {
  const text = await sql(url, `SELECT load_id FROM ${db}.sortie_inputs FORMAT TabSeparated`);
  return new Set(text.split('\n').filter((l) => l !== ''));
}

/** A statement through a Distributed table that returns once every shard has its rows. */
async function syncSql(url: string, statement: string): Promise<void> {
  const res = await fetch(`${url}/?insert_distributed_sync=1`, { method: 'POST', body: statement });
  if (!res.ok) throw new Error(`${statement}: HTTP ${res.status}: ${await res.text()}`);
}

/** Rows of `file` sent as the loader sends them, under `loadId`, and never recorded. */
async function crashedLoad(url: string, db: string, loadId: number, file: string): Promise<number> {
  const writer = new RowBinaryWriter();
  const { rows } = await readIntoRowBinary(
    textSource(file, readFileSync(file), 1 << 16),
    { forced: undefined, reader: undefined, path: 'bytes' },
    writer,
    loadId,
    () => undefined,
  );
  const client = clickHouseClient(parseDbUrl(`${url}/${db}`), { timeoutMs: 30_000 });
  await client.insert(
    `INSERT INTO ${db}.sortie_positions (${POSITION_COLUMNS.join(', ')}) FORMAT RowBinary`,
    writer.take(),
    { insert_distributed_sync: '1' },
  );
  return rows;
}

/** A mark in sortie_loads, `agoS` seconds before the server's now. */
async function mark(url: string, db: string, loadId: number, agoS: number): Promise<void> {
  await syncSql(
    url,
    `INSERT INTO ${db}.sortie_loads (load_id, seen_at, event, file) SELECT ${loadId}, now() - ${agoS}, 'started', 'test'`,
  );
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

describe.each([
  ['one server', () => [singleUrl()]],
  ['the 2-shard cluster', () => shardUrls()],
])('orphaned rows (%s)', (_, urls) => {
  let servers: string[];
  let db: string;
  let first: string;
  let last: string;
  beforeAll(async () => {
    servers = urls();
    db = await freshDatabase(servers, 'orphans');
    first = servers[0] as string;
    last = servers[servers.length - 1] as string;
    await cli([
      'db',
      'init',
      '--db',
      servers.map((u) => `${u}/${db}`).join(','),
      ...(servers.length > 1 ? ['--cluster', 'sortie_2shards'] : []),
    ]);
    await cli(['db', 'load', '--db', `${first}/${db}`, '--quiet', FILE]);
  });

  it('standard input that proves loaded before removes the rows it sent: no extra rows', async () => {
    const stdin = readFileSync(OTHER);
    const once = await runCli(['db', 'load', '--db', `${last}/${db}`, '-'], {}, stdin);
    expect(once.code, once.stderr).toBe(0);
    const before = await rowsPerLoad(servers, db);
    const again = await runCli(['db', 'load', '--db', `${first}/${db}`, '-'], {}, stdin);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/; 1 already loaded, skipped$/m);
    expect(again.stderr).toBe(
      'sortie: -: the same content as an input loaded before: removed the 351 rows just sent (1 load)\n',
    );
    expect(await rowsPerLoad(servers, db)).toEqual(before);
    // Every load with rows is a recorded one.
    const records = await recorded(first, db);
    for (const id of before.keys()) expect(records.has(id), id).toBe(true);
    const quiet = await runCli(['db', 'load', '--db', `${first}/${db}`, '-q', '-'], {}, stdin);
    expect(quiet.stderr).toBe('');
    expect(await rowsPerLoad(servers, db)).toEqual(before);
  });

  it('a crashed load is pruned; one heard from within the grace is not, until it falls silent', async () => {
    const before = await rowsPerLoad(servers, db);
    const crashed = await crashedLoad(first, db, 101, FILE);
    const running = await crashedLoad(first, db, 102, OTHER);
    const silent = await crashedLoad(last, db, 103, OTHER);
    await mark(first, db, 102, 60);
    await mark(last, db, 103, 2 * 3600);
    const dry = await cli(['db', 'prune', '--db', `${last}/${db}`, '--dry-run', '--quiet']);
    expect(dry.stderr).toBe(
      `sortie: ${last}/${db}: would remove 2 orphaned loads, ${crashed + silent} rows (not recorded, silent for over 30m); 1 load not recorded yet but heard from lately (${running} rows): left alone\n`,
    );
    expect((await rowsPerLoad(servers, db)).get('101')).toBe(crashed);
    const pruned = await cli(['db', 'prune', '--db', `${last}/${db}`]);
    expect(pruned.stderr).toBe(
      `sortie: ${last}/${db}: removed 2 orphaned loads, ${crashed + silent} rows (not recorded, silent for over 30m); 1 load not recorded yet but heard from lately (${running} rows): left alone\n`,
    );
    const after = await rowsPerLoad(servers, db);
    expect(after.has('101')).toBe(false);
    expect(after.has('103')).toBe(false);
    expect(after.get('102')).toBe(running);
    // The next load, with a grace shorter than the running load's silence, removes it first.
    const load = await cli([
      'db',
      'load',
      '--db',
      `${first}/${db}`,
      '--stale-after',
      '30s',
      'fixtures/demo/opensky/states_2024-11.csv',
    ]);
    expect(load.stderr).toBe(
      'sortie: warning: --stale-after 30s is shorter than two signs of life of a running load (1m apart): a load still running elsewhere may lose its rows\n' +
        `sortie: ${first}/${db}: removed 1 orphaned load, ${running} rows (not recorded, silent for over 30s)\n`,
    );
    const now = await rowsPerLoad(servers, db);
    expect(now.has('102')).toBe(false);
    for (const [id, n] of before) expect(now.get(id), id).toBe(n);
    const nothing = await cli(['db', 'prune', '--db', `${first}/${db}`]);
    expect(nothing.stderr).toBe(
      `sortie: ${first}/${db}: no orphaned rows (not recorded, silent for over 30m)\n`,
    );
    expect((await cli(['db', 'prune', '--db', `${first}/${db}`, '-q'])).stderr).toBe('');
  });

  it('Ctrl-C while standard input is awaited removes the batches already sent, exit 130', async () => {
    const before = await rowsPerLoad(servers, db);
    const file = readFileSync(FILE, 'utf8');
    const body = file.slice(file.indexOf('\n') + 1);
    // Over one 16 MB batch of rows, then a pipe that stays open and silent.
    let waiting = false;
    const stdin = async function* (): AsyncGenerator<Uint8Array> {
      yield Buffer.from(file);
      for (let i = 0; i < 1000; i++) yield Buffer.from(body);
      waiting = true;
      await new Promise<never>(() => undefined);
    };
    let stop: () => void = () => undefined;
    let stderr = '';
    const io: Io = {
      stdout: () => undefined,
      stderr: (t) => {
        stderr += t;
      },
      stdoutIsTTY: false,
      env: {},
      stdin,
      writeFile: async () => undefined,
      onInterruptRequest: (s) => {
        stop = s;
        return () => undefined;
      },
    };
    const running = run(['db', 'load', '--db', `${first}/${db}`, '-'], io);
    // Ctrl-C once a batch is in and the load waits for more input.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const now = await rowsPerLoad(servers, db);
      if (waiting && [...now.keys()].some((id) => !before.has(id))) break;
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 50));
    }
    stop();
    expect(await running).toBe(130);
    expect(stderr).toMatch(
      /^sortie: -: removed the [\d,]+ rows its interrupted load had sent \(1 load\)\nsortie: interrupted while loading -\n$/,
    );
    expect(await rowsPerLoad(servers, db)).toEqual(before);
  });

  it('logs into every server with the password given, and never prints it', async () => {
    const crashed = await crashedLoad(first, db, 105, OTHER);
    const withPassword = (u: string): string =>
      u.replace('http://', 'http://sortie:sortie-pass@') + `/${db}`;
    const r = await cli(['db', 'prune', '--db', withPassword(last)]);
    expect(r.stderr).toBe(
      `sortie: ${last}/${db}: removed 1 orphaned load, ${crashed} rows (not recorded, silent for over 30m)\n`,
    );
    const wrong = await runCli(['db', 'prune', '--db', `${last}/${db}`], {
      SORTIE_DB_USER: 'sortie',
      SORTIE_DB_PASSWORD: 'not-the-pass',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(
      new RegExp(
        `^sortie: ${last}/${db}: authentication failed \\(check the user and password: Code: 193`,
      ),
    );
    expect(wrong.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(wrong.stderr).not.toContain('not-the-pass');
  });

  it('db prune given every server of the cluster uses them, not the recorded list', async () => {
    const crashed = await crashedLoad(first, db, 104, FILE);
    const r = await cli(['db', 'prune', '--db', servers.map((u) => `${u}/${db}`).join(',')]);
    expect(r.stderr).toMatch(new RegExp(`removed 1 orphaned load, ${crashed} rows`));
    expect((await rowsPerLoad(servers, db)).has('104')).toBe(false);
  });

  describe('a load whose insert fails after its rows went in (a proxy in front of the server)', () => {
    let proxy: Server;
    let proxyUrl: string;
    let mode: 'fail' | 'removed' | 'die' = 'fail';
    /** After a `die`: every request is cut off, as by a server that went away. */
    let dead = false;
    beforeAll(async () => {
      const target = new URL(first);
      proxy = createServer((req, res) => {
        if (dead) {
          req.socket.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          const query = new URL(req.url ?? '/', 'http://proxy').searchParams.get('query') ?? '';
          const positions = query.startsWith(`INSERT INTO ${db}.sortie_positions `);
          const upstream = request(
            {
              host: target.hostname,
              port: target.port,
              path: req.url,
              method: req.method,
              headers: req.headers,
            },
            (up) => {
              if (!positions) {
                res.writeHead(up.statusCode ?? 500, up.headers);
                up.pipe(res);
                return;
              }
              up.resume();
              up.on('end', () => {
                if (mode === 'die') {
                  // The rows are in; then the server is gone.
                  dead = true;
                  res.socket?.destroy();
                  return;
                }
                if (mode === 'fail') {
                  // The rows are in; the client is told the insert failed.
                  res.writeHead(500);
                  res.end(
                    'Code: 252, e.displayText() = DB::Exception: Too many parts (300). Merges are processing significantly slower than inserts., e.what() = DB::Exception\n',
                  );
                  return;
                }
                // A prune took this load for dead while it was silent: mark it removed.
                const loadId = body.readBigUInt64LE(0);
                void syncSql(
                  first,
                  `INSERT INTO ${db}.sortie_loads (load_id, event, file) VALUES (${loadId}, 'removed', 'prune')`,
                ).then(() => {
                  res.writeHead(200);
                  res.end('');
                });
              });
            },
          );
          upstream.end(body);
        });
      });
      proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
    });
    afterAll(async () => {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    });

    it('removes the rows it sent and fails with one line naming the server', async () => {
      const before = await rowsPerLoad(servers, db);
      mode = 'fail';
      const r = await runCli([
        'db',
        'load',
        '--db',
        `${proxyUrl}/${db}`,
        'fixtures/demo/opensky/states_2024-10.csv',
      ]);
      expect(r.code).toBe(1);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      expect(lines).toEqual([
        expect.stringMatching(
          /^sortie: fixtures\/demo\/opensky\/states_2024-10\.csv: removed the 387 rows its failed load had sent \(1 load\)$/,
        ),
        `sortie: ${proxyUrl}/${db}: HTTP 500: Code: 252, DB::Exception: Too many parts (300). Merges are processing significantly slower than inserts.`,
      ]);
      expect(await rowsPerLoad(servers, db)).toEqual(before);
    });

    it('a server gone mid-load: the rows stay, said in one line, until a later prune', async () => {
      const before = await rowsPerLoad(servers, db);
      mode = 'die';
      const r = await runCli([
        'db',
        'load',
        '--db',
        `${proxyUrl}/${db}`,
        'fixtures/demo/opensky/states_2024-10.csv',
      ]);
      dead = false;
      mode = 'fail';
      expect(r.code).toBe(1);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(
        new RegExp(
          `^sortie: fixtures/demo/opensky/states_2024-10\\.csv: the rows its failed load sent stay until a db load or db prune 30m from now removes them \\(${proxyUrl}/${db}: `,
        ),
      );
      expect(lines[1]).toMatch(new RegExp(`^sortie: ${proxyUrl}/${db}: `));
      const left = await rowsPerLoad(servers, db);
      const orphan = [...left].filter(([id]) => !before.has(id));
      expect(orphan.map(([, n]) => n)).toEqual([387]);
      // Its last sign of life is its start: once that is older than the grace, a prune takes it.
      await new Promise((res) => setTimeout(res, 2100));
      const p = await cli(['db', 'prune', '--db', `${first}/${db}`, '--stale-after', '1s']);
      expect(p.stderr).toMatch(/removed 1 orphaned load, 387 rows/);
      expect(await rowsPerLoad(servers, db)).toEqual(before);
    });

    it('a load a prune removed while it was silent is not recorded', async () => {
      const before = await rowsPerLoad(servers, db);
      mode = 'removed';
      const r = await runCli([
        'db',
        'load',
        '--db',
        `${proxyUrl}/${db}`,
        'fixtures/demo/opensky/states_2024-10.csv',
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'sortie: fixtures/demo/opensky/states_2024-10.csv: not recorded: its load was silent for longer than the grace and a prune removed its rows; load it again\n',
      );
      expect(r.stdout).toMatch(
        /^0 inputs loaded into .*: 0 positions in [\d.]+ s \(0 rows\/s\); 1 not recorded \(removed by a prune\)$/m,
      );
      // Its rows are an orphan's now: the next prune with a short grace takes them.
      await new Promise((res) => setTimeout(res, 2100));
      const p = await cli(['db', 'prune', '--db', `${first}/${db}`, '--stale-after', '1s']);
      expect(p.stderr).toMatch(/removed 1 orphaned load, 387 rows/);
      expect(await rowsPerLoad(servers, db)).toEqual(before);
    });
  });
});

describe('a cluster whose list of servers is short or missing', () => {
  it('refuses to remove rows from some servers only, and says what to give', async () => {
    const servers = shardUrls();
    const db = await freshDatabase(servers, 'orphanlist');
    const [a, b] = servers;
    await cli(['db', 'init', '--db', `${a}/${db},${b}/${db}`, '--cluster', 'sortie_2shards']);
    await crashedLoad(a, db, 201, FILE);
    await sql(a, `TRUNCATE TABLE ${db}.sortie_servers`);
    await sql(a, `INSERT INTO ${db}.sortie_servers VALUES ('${a}/${db}', 0)`);
    const short = await runCli(['db', 'prune', '--db', `${a}/${db}`]);
    expect(short.code).toBe(1);
    expect(short.stderr).toBe(
      `sortie: ${a}/${db}: cluster sortie_2shards has 2 servers and 1 is known to remove rows from: give sortie db prune --db every server, comma-separated\n`,
    );
    await sql(a, `TRUNCATE TABLE ${db}.sortie_servers`);
    const none = await runCli(['db', 'prune', '--db', `${a}/${db}`]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      new RegExp(`^sortie: ${a}/${db}: the cluster's servers are not recorded, .*\\n$`),
    );
    // A load carries on, saying why it could not remove them.
    const load = await cli(['db', 'load', '--db', `${a}/${db}`, '-q', OTHER]);
    expect(load.stderr).toMatch(
      new RegExp(
        `^sortie: orphaned rows not removed: ${a}/${db}: the cluster's servers are not recorded`,
      ),
    );
    // Every server given: removed from both.
    const all = await cli(['db', 'prune', '--db', `${a}/${db},${b}/${db}`]);
    expect(all.stderr).toMatch(/removed 1 orphaned load/);
    expect((await rowsPerLoad(servers, db)).has('201')).toBe(false);
  });
});
