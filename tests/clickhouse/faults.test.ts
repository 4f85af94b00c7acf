/**
 * What goes wrong with a database, and what sortie then does: one line naming the server (never
 * its credentials), exit 1, and no output written. Real servers for a refused connection, a
 * wrong password and a query that runs too long; a loopback proxy in front of the real server for
 * a server that dies in the middle of an answer or appends an error to a 200 answer.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickHouseClient, DbFailure } from '../../src/cli/clickhouse.js';
import { parseDbUrl } from '../../src/db/server.js';
import { runCli } from '../helpers.js';
import { cli, freshDatabase, singleUrl } from './kit.js';

const REPORT = ['--from', '2025-01-27', '--to', '2025-02-10', '--period', 'day', '--out', 'r.json'];

/** Runs `report --db url`, expecting the one-line failure and no file written. */
async function failingReport(url: string, env: Record<string, string> = {}, extra: string[] = []) {
  const r = await runCli(['report', '--db', url, ...REPORT, ...extra], env);
  expect(r.code, r.stderr).toBe(1);
  expect(r.files.size).toBe(0);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
  return r.stderr.trimEnd();
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

let database: string;
beforeAll(async () => {
  database = await freshDatabase([singleUrl()], 'faults');
  await cli(['db', 'init', '--db', `${singleUrl()}/${database}`]);
  await cli(['db', 'load', '--db', `${singleUrl()}/${database}`, 'fixtures/demo/opensky']);
});

describe('a server that cannot be reached or refuses', () => {
  it('connection refused: names the server, with the credentials masked', async () => {
    const port = await closedPort();
    const line = await failingReport(`http://sortie:s3cret-pw@127.0.0.1:${port}/${database}`);
    expect(line).toBe(
      `sortie: http://127.0.0.1:${port}/${database}: connection refused (is the server running?)`,
    );
  });

  it('a wrong password (in the URL, or in SORTIE_DB_PASSWORD): authentication failed, never printed', async () => {
    const host = singleUrl().replace('http://', '');
    const inUrl = await failingReport(`http://sortie:not-the-pass@${host}/${database}`);
    expect(inUrl).toMatch(
      new RegExp(
        `^sortie: http://${host}/${database}: authentication failed \\(check the user and password: Code: 193`,
      ),
    );
    expect(inUrl).not.toContain('not-the-pass');
    const fromEnv = await failingReport(`http://${host}/${database}`, {
      SORTIE_DB_USER: 'sortie',
      SORTIE_DB_PASSWORD: 'env-wrong-pass',
    });
    expect(fromEnv).toMatch(/authentication failed/);
    expect(fromEnv).not.toContain('env-wrong-pass');
  });

  it('the right password from the environment reads the database', async () => {
    const r = await runCli(['inspect', '--db', `${singleUrl()}/${database}`, '--format', 'json'], {
      SORTIE_DB_USER: 'sortie',
      SORTIE_DB_PASSWORD: 'sortie-pass',
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).inputs).toHaveLength(13);
  });

  it('a query with no answer within the timeout is given up (SELECT sleep(3), 1 s)', async () => {
    const client = clickHouseClient(parseDbUrl(singleUrl()), { timeoutMs: 1000 });
    const started = Date.now();
    const err = await client.text('SELECT sleep(3)').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DbFailure);
    expect((err as Error).message).toBe(
      `${singleUrl()}/default: no answer for 1 s (query timed out)`,
    );
    expect(Date.now() - started).toBeLessThan(2900);
  });

  it('--db-timeout: a server that never answers ends the run after that long', async () => {
    const silent = createServer(() => undefined);
    const port = await listen(silent);
    try {
      const line = await failingReport(`http://127.0.0.1:${port}`, {}, ['--db-timeout', '1s']);
      expect(line).toBe(
        `sortie: http://127.0.0.1:${port}/default: no answer for 1 s (query timed out)`,
      );
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });
});

describe('a server that fails in the middle of an answer (a proxy in front of the real one)', () => {
  let mode: 'cut' | 'append' = 'cut';
  let proxy: Server;
  let proxyUrl: string;
  beforeAll(async () => {
    const target = new URL(singleUrl());
    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const positions = body.toString('utf8').includes('sortie_positions');
        const upstream = request(
          {
            host: target.hostname,
            port: target.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
          },
          (up) => {
            res.writeHead(up.statusCode ?? 500, up.headers);
            if (!positions) {
              up.pipe(res);
              return;
            }
            // The positions answer: its first bytes, then the failure.
            let sent = 0;
            up.on('data', (c: Buffer) => {
              if (sent > 2000) return;
              res.write(c.subarray(0, 2500 - sent));
              sent += c.length;
              if (sent > 2000) {
                if (mode === 'cut') res.socket?.destroy();
                else
                  res.end(
                    '\nCode: 241, e.displayText() = DB::Exception: Memory limit (for query) exceeded, e.what() = DB::Exception\n',
                  );
              }
            });
            up.on('end', () => {
              if (sent <= 2000) res.end();
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

  it('the connection dropped mid-answer: one line, exit 1, no report written', async () => {
    mode = 'cut';
    const line = await failingReport(`${proxyUrl}/${database}`);
    expect(line).toBe(
      `sortie: ${proxyUrl}/${database}: the server closed the connection in the middle of an answer`,
    );
  });

  it('an error appended to a 200 answer (as 18.16 does) is an error, not a short result', async () => {
    mode = 'append';
    const line = await failingReport(`${proxyUrl}/${database}`);
    expect(line).toBe(
      `sortie: ${proxyUrl}/${database}: Code: 241, DB::Exception: Memory limit (for query) exceeded`,
    );
  });
});
