/**
 * `sortie trino` against a loopback stand-in for a Trino coordinator that answers as Trino's
 * client protocol is documented (a QUEUED answer to the POST, then pages of rows behind each
 * nextUri, FINISHED without one), over state vectors of a generated RC-135 orbit over the Gulf,
 * and misbehaves on request: busy (503), a dropped connection, a failed query, a full queue,
 * refused credentials, a nextUri on another server. Never a real host.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  csvCell,
  describeQueryError,
  queryFileName,
  trinoPageOf,
  TrinoProtocolError,
} from '../src/sql/trino-protocol.js';
import { OPENSKY_COLUMNS, openskyQueries, type OpenSkyRequest } from '../src/sql/opensky-query.js';
import { runCli } from './helpers.js';
import { fly, stadium } from './sim.js';

const TOKEN = 'secret-token-0123456789';
const FT_PER_M = 3.28084;

/** Two orbits of AE01C7 (RC-135V), on 3 and 4 February 2025, as OpenSky's columns. */
function stateVectors(): unknown[][] {
  const rows: unknown[][] = [];
  for (const start of ['2025-02-03T15:00:00Z', '2025-02-04T15:00:00Z']) {
    const fixes = fly(stadium(80, 15), {
      center: [26.8, -110.9],
      kt: 330,
      minutes: 240,
      everyS: 20,
      startMs: Date.parse(start),
      hex: 'ae01c7',
      altitudeFt: 30_000,
    });
    for (const f of fixes) {
      const s = f.timeMs / 1000;
      const altM = (f.altitudeFt ?? 0) / FT_PER_M;
      // time, icao24, lat, lon, velocity, heading, vertrate, callsign, onground, squawk,
      // baroaltitude, geoaltitude, lastposupdate, lastcontact
      rows.push([
        s,
        'ae01c7',
        f.lat,
        f.lon,
        169.8,
        90,
        0,
        'SNTRY60 ',
        false,
        null,
        altM,
        altM,
        s - 0.4,
        s - 0.2,
      ]);
    }
  }
  return rows;
}

interface Behaviour {
  /** Answers 503 to this many POSTs before taking one. */
  busyPosts: number;
  /** Drops the connection on the first GET of a page, once. */
  dropOnce: boolean;
  /** A day (YYYY-MM-DD) whose query fails after its first page. */
  failDay: string | null;
  queueFull: boolean;
  /** A nextUri on another origin. */
  elsewhere: boolean;
  /** A row of the wrong width on the second page. */
  badRow: boolean;
}

const ROWS_PER_PAGE = 300;

class FakeTrino {
  server!: Server;
  base = '';
  posts: { headers: IncomingMessage['headers']; sql: string }[] = [];
  deletes: string[] = [];
  gets = 0;
  rows = stateVectors();
  b: Behaviour = this.calm();
  private queries = new Map<string, { rows: unknown[][]; day: string }>();
  private dropped = false;

  calm(): Behaviour {
    return {
      busyPosts: 0,
      dropOnce: false,
      failDay: null,
      queueFull: false,
      elsewhere: false,
      badRow: false,
    };
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.posts = [];
    this.deletes = [];
    this.gets = 0;
    this.dropped = false;
    this.b = this.calm();
  }

  private send(res: ServerResponse, status: number, doc: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(doc));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const url = new URL(req.url ?? '/', this.base);
    if (req.method === 'DELETE') {
      this.deletes.push(url.pathname);
      res.writeHead(204).end();
      return;
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Unauthorized');
      return;
    }
    if (req.method === 'POST' && url.pathname === '/v1/statement') {
      if (this.b.busyPosts > 0) {
        this.b.busyPosts -= 1;
        res.writeHead(503).end('busy');
        return;
      }
      this.posts.push({ headers: req.headers, sql: body });
      const id = `20250205_${String(this.posts.length).padStart(5, '0')}_sortie`;
      if (this.b.queueFull) {
        this.send(res, 200, {
          id,
          stats: { state: 'FAILED' },
          error: {
            message: 'Too many queued queries for "jane"',
            errorName: 'QUERY_QUEUE_FULL',
            errorType: 'INSUFFICIENT_RESOURCES',
          },
        });
        return;
      }
      const [, from, to] = /time >= (\d+) AND time < (\d+)/.exec(body) as RegExpExecArray;
      const rows = this.rows.filter(
        (r) => (r[0] as number) >= Number(from) && (r[0] as number) < Number(to),
      );
      this.queries.set(id, { rows, day: new Date(Number(from) * 1000).toISOString().slice(0, 10) });
      this.send(res, 200, {
        id,
        infoUri: `${this.base}/ui/${id}`,
        nextUri: `${this.base}/v1/statement/queued/${id}/1`,
        stats: { state: 'QUEUED' },
      });
      return;
    }
    const m = /^\/v1\/statement\/(queued|executing)\/([^/]+)\/(\d+)$/.exec(url.pathname);
    const query = m === null ? undefined : this.queries.get(m[2] as string);
    if (m === null || query === undefined || req.method !== 'GET') {
      res.writeHead(404).end('no such query');
      return;
    }
    this.gets += 1;
    const [, stage, id, tokenText] = m as unknown as [string, string, string, string];
    const token = Number(tokenText);
    const columns = OPENSKY_COLUMNS.map((name) => ({
      name,
      type:
        name === 'icao24' || name === 'callsign' || name === 'squawk'
          ? 'varchar'
          : name === 'onground'
            ? 'boolean'
            : 'double',
    }));
    const origin = this.b.elsewhere ? 'http://127.0.0.2:9' : this.base;
    if (stage === 'queued') {
      this.send(res, 200, {
        id,
        nextUri: `${origin}/v1/statement/executing/${id}/1`,
        stats: { state: 'RUNNING' },
        columns,
      });
      return;
    }
    if (this.b.dropOnce && !this.dropped && token === 2) {
      this.dropped = true;
      res.socket?.destroy();
      return;
    }
    const page = query.rows.slice((token - 1) * ROWS_PER_PAGE, token * ROWS_PER_PAGE);
    if (this.b.badRow && token === 2) page[0] = [1, 2];
    if (this.b.failDay === query.day && token === 2) {
      this.send(res, 200, {
        id,
        stats: { state: 'FAILED' },
        error: {
          message: 'Query exceeded maximum time limit of 30.00m',
          errorName: 'EXCEEDED_TIME_LIMIT',
          errorType: 'INSUFFICIENT_RESOURCES',
        },
      });
      return;
    }
    const more = token * ROWS_PER_PAGE < query.rows.length;
    this.send(res, 200, {
      id,
      columns,
      data: page,
      stats: { state: more ? 'RUNNING' : 'FINISHED' },
      ...(more ? { nextUri: `${this.base}/v1/statement/executing/${id}/${token + 1}` } : {}),
    });
  }
}

const trino = new FakeTrino();
let dir = '';

beforeAll(async () => {
  await trino.start();
});
afterAll(() => {
  trino.server.close();
});
afterEach(() => {
  trino.reset();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function args(overrides: Record<string, string | null> = {}): string[] {
  dir = dir === '' ? mkdtempSync(path.join(tmpdir(), 'sortie-trino-')) : dir;
  const options: Record<string, string | null> = {
    '--url': trino.base,
    '--user': 'jane',
    '--token-env': 'OSKY_TOKEN',
    '--from': '2025-02-03',
    '--to': '2025-02-05',
    '--dir': dir,
    '--retries': '3',
    ...overrides,
  };
  return ['trino', ...Object.entries(options).flatMap(([k, v]) => (v === null ? [] : [k, v]))];
}
const ENV = { OSKY_TOKEN: TOKEN };

const csvFiles = (): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort();

describe('sortie trino', () => {
  it('runs one query per day, follows every nextUri and writes the rows sortie then reads', async () => {
    const run = await runCli(args({ '--parallel': '2' }), ENV);
    expect(run.stderr).not.toContain(TOKEN);
    expect(run.code).toBe(0);
    expect(trino.posts).toHaveLength(2);
    for (const post of trino.posts) {
      expect(post.headers['x-trino-user']).toBe('jane');
      expect(post.headers['x-trino-catalog']).toBe('minio');
      expect(post.headers['x-trino-schema']).toBe('osky');
      expect(post.sql).toMatch(/^SELECT time, icao24, lat, lon/);
      expect(post.sql).not.toContain(';');
    }
    const files = csvFiles();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^opensky_2025-02-03_[0-9a-f]{8}\.csv$/);
    expect(run.stdout.trim().split('\n')).toEqual(files.map((f) => path.join(dir, f)));
    expect(readdirSync(dir).some((f) => f.endsWith('.part'))).toBe(false);
    const first = readFileSync(path.join(dir, files[0] as string), 'utf8').split('\n');
    expect(first[0]).toBe(OPENSKY_COLUMNS.join(','));
    const perDay = trino.rows.length / 2;
    expect(first.length - 2).toBe(perDay);
    expect(first[1]).toMatch(/^1738594800,ae01c7,26\.\d+,-1\d\d\.\d+,169\.8,90,0,SNTRY60 ,false,,/);
    expect(run.stderr).toMatch(/query 1 of 2 .*: 721 rows → /);
    expect(run.stderr).toMatch(/2 of 2 queries fetched \(1,442 rows\)/);

    const report = await runCli([
      'report',
      dir,
      '--from',
      '2025-02-03',
      '--to',
      '2025-02-05',
      '--format',
      'json',
      '--period',
      'day',
    ]);
    expect(report.code).toBe(0);
    const json = JSON.parse(report.stdout) as {
      missions: { aircraft: { hex: string } }[];
      inputs: { rowsRead?: number }[];
    };
    expect(json.missions.map((m) => m.aircraft.hex)).toEqual(['ae01c7', 'ae01c7']);

    // Run again: both files are kept, nothing is asked of the server.
    trino.reset();
    const again = await runCli(args(), ENV);
    expect(again.code).toBe(0);
    expect(trino.posts).toHaveLength(0);
    expect(again.stderr).toMatch(/kept .*fetched earlier/);
    expect(again.stdout).toBe(run.stdout);
  });

  it('asks again when the server is busy or a connection drops, and writes the same rows', async () => {
    const calm = await runCli(args(), ENV);
    const calmRows = csvFiles().map((f) => readFileSync(path.join(dir, f), 'utf8'));
    rmSync(dir, { recursive: true });
    trino.reset();
    trino.b.busyPosts = 2;
    trino.b.dropOnce = true;
    const rough = await runCli(args(), ENV);
    expect(rough.code).toBe(0);
    expect(rough.stderr).toMatch(/HTTP 503; asking again/);
    expect(rough.stderr).toMatch(/the connection dropped; asking again/);
    expect(csvFiles().map((f) => readFileSync(path.join(dir, f), 'utf8'))).toEqual(calmRows);
    expect(rough.stdout).toBe(calm.stdout);
  });

  it('keeps the days that ended well when one query fails, and leaves no partial file', async () => {
    trino.b.failDay = '2025-02-04';
    const run = await runCli(args(), ENV);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `query 2 of 2 (2025-02-04 00:00 to 2025-02-05 00:00 UTC): ${trino.base}: query 20250205_00002_sortie failed: Query exceeded maximum time limit of 30.00m (EXCEEDED_TIME_LIMIT)`,
    );
    expect(run.stderr).toMatch(
      /1 of 2 queries fetched \(721 rows\); 1 not fetched: run the same command again/,
    );
    expect(csvFiles()).toHaveLength(1);
    expect(csvFiles()[0]).toMatch(/^opensky_2025-02-03_/);
    expect(readdirSync(dir).some((f) => f.endsWith('.part'))).toBe(false);
    // The next run fetches only the missing day.
    trino.reset();
    const again = await runCli(args(), ENV);
    expect(again.code).toBe(0);
    expect(trino.posts).toHaveLength(1);
    expect(trino.posts[0]?.sql).toContain('time >= 1738627200');
  });

  it('cancels a query it stops reading, on the server', async () => {
    trino.b.badRow = true;
    const run = await runCli(args({ '--to': '2025-02-04' }), ENV);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the server sent a row whose cells are not its 14 columns');
    expect(trino.deletes).toEqual(['/v1/statement/executing/20250205_00001_sortie/3']);
    expect(csvFiles()).toEqual([]);
  });

  it.each([
    [
      'refused credentials',
      () => undefined,
      { OSKY_TOKEN: 'wrong' },
      `${'BASE'}: authentication failed (HTTP 401): check the token in $OSKY_TOKEN and the user "jane"`,
    ],
    [
      'a full queue',
      () => {
        trino.b.queueFull = true;
      },
      ENV,
      "the server's queue is full (QUERY_QUEUE_FULL): OpenSky runs 2 queries per user and queues 2 more",
    ],
    [
      'a nextUri on another server',
      () => {
        trino.b.elsewhere = true;
      },
      ENV,
      'the server sent on to http://127.0.0.2:9, another server than the one asked; not sending it the credentials',
    ],
  ])('fails in one line on %s, the token never printed', async (_what, arrange, env, message) => {
    arrange();
    const run = await runCli(args({ '--to': '2025-02-04' }), env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message.replace('BASE', trino.base));
    expect(run.stderr).not.toContain(TOKEN);
    expect(run.stderr).not.toContain('    at ');
    expect(csvFiles()).toEqual([]);
  });

  it('says a refused connection after asking again', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const run = await runCli([
      'trino',
      '--url',
      `http://127.0.0.1:${port}`,
      '--user',
      'jane',
      '--from',
      '2025-02-03',
      '--to',
      '2025-02-04',
      '--dir',
      mkdtempSync(path.join(tmpdir(), 'sortie-trino-')),
      '--retries',
      '1',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`http://127.0.0.1:${port}: connection refused (asked 2 times)`);
  });

  it.each([
    [{ '--token-env': 'NOT_SET' }, {}, '--token-env NOT_SET: the variable NOT_SET is not set'],
    [
      { '--url': 'ftp://example.org' },
      ENV,
      '--url "ftp://example.org" is not an http or https URL',
    ],
    [
      { '--url': 'http://jane:pw@example.org', '--token-env': null },
      {},
      'a password is sent over https only',
    ],
  ])('refuses %j before asking anything (exit 2)', async (extra, env, message) => {
    const run = await runCli(args(extra), env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(trino.posts).toHaveLength(0);
  });

  it('needs a user', async () => {
    const run = await runCli([
      'trino',
      '--from',
      '2025-02-03',
      '--to',
      '2025-02-04',
      '--url',
      trino.base,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--user is needed (the Trino user), or SORTIE_TRINO_USER');
  });
});

describe('Trino answers', () => {
  it('reads a QueryResults document and refuses what is not one', () => {
    const page = trinoPageOf(
      JSON.stringify({
        id: 'q1',
        nextUri: 'http://h/x/2',
        columns: [{ name: 'time', type: 'integer' }],
        data: [[1]],
        stats: { state: 'RUNNING' },
      }),
    );
    expect(page).toEqual({
      id: 'q1',
      nextUri: 'http://h/x/2',
      columns: [{ name: 'time', type: 'integer' }],
      data: [[1]],
      state: 'RUNNING',
      error: null,
    });
    expect(trinoPageOf('{"id":"q2"}').data).toEqual([]);
    for (const bad of [
      '<html>502 Bad Gateway</html>',
      '[1,2]',
      '{"data":[1]}',
      '{"columns":[{}]}',
      '{"nextUri":3}',
    ]) {
      expect(() => trinoPageOf(bad)).toThrow(TrinoProtocolError);
    }
  });

  it.each([
    [null, ''],
    ['SNTRY60 ', 'SNTRY60 '],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    [false, 'false'],
    [1738540800.25, '1738540800.25'],
    [[1, 2], '"[1,2]"'],
  ])('writes %j as the CSV cell %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('names failures in words', () => {
    expect(
      describeQueryError({
        message: 'line 1:8: Column x cannot be resolved',
        errorName: 'COLUMN_NOT_FOUND',
        errorType: 'USER_ERROR',
      }),
    ).toBe('line 1:8: Column x cannot be resolved (COLUMN_NOT_FOUND)');
  });

  it('names files by day, hours and address chunk, with a digest of the query', () => {
    const request: OpenSkyRequest = {
      engine: 'trino',
      table: 'state_vectors_data4',
      fromMs: Date.parse('2025-02-03T00:00Z'),
      toMs: Date.parse('2025-02-04T00:00Z'),
      box: [-115, 22, -106, 32],
      addresses: ['ae01c7', 'ae01c8', 'ae01c9'],
      blocks: [],
      blockExclusions: [],
      wholeTracks: false,
      maxAddresses: 2,
      hoursPerQuery: 12,
    };
    const names = openskyQueries(request).map((q) => queryFileName(q, request, 'abcdef0123'));
    expect(names).toEqual([
      'opensky_2025-02-03_00-12h_part1of2_abcdef01.csv',
      'opensky_2025-02-03_00-12h_part2of2_abcdef01.csv',
      'opensky_2025-02-03_12-24h_part1of2_abcdef01.csv',
      'opensky_2025-02-03_12-24h_part2of2_abcdef01.csv',
    ]);
    expect(existsSync(dir)).toBe(false);
  });
});
