/**
 * Starts the ClickHouse servers the integration suite runs against, on loopback with throw-away
 * folders: ONE single server, and a 2-shard cluster (two servers, cluster `sortie_2shards`). Ports
 * are free ones found at start, so runs beside other servers (or other suites) do not collide.
 *
 * Contract for the suite's tests (set here, before any test worker starts):
 * - SORTIE_TEST_CLICKHOUSE_URL: the single server's HTTP URL, e.g. http://127.0.0.1:18123
 * - SORTIE_TEST_CLICKHOUSE_SHARD_URLS: the two shard servers' HTTP URLs, comma-separated
 * Users: `default` (no password) and `sortie` (password `sortie-pass`), both loopback only.
 *
 * Without clickhouse-server the suite fails, saying how to install it: it never skips.
 * Servers are stopped by PID in teardown, and also when starting one of them fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CONFIG_DIR = path.join(import.meta.dirname, 'config');
export const CLUSTER = 'sortie_2shards';

function serverBinary(): string {
  const candidates = [
    ...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'clickhouse-server')),
    '/usr/sbin/clickhouse-server',
    '/usr/bin/clickhouse-server',
  ];
  const found = candidates.find((c) => existsSync(c));
  if (found === undefined) {
    throw new Error(
      'clickhouse-server is not installed, and the ClickHouse integration suite needs it (it fails rather than skips). Install it: apt-get install -y clickhouse-server clickhouse-client (Debian), then npm run test:clickhouse',
    );
  }
  return found;
}

/** A port nothing listens on now (the kernel's choice). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface Started {
  readonly name: string;
  readonly dir: string;
  readonly child: ChildProcess;
  readonly httpUrl: string;
}

const started: Started[] = [];
let root: string | null = null;

function remoteServers(tcpPorts: readonly number[]): string {
  const shards = tcpPorts
    .map(
      (port) =>
        `            <shard><replica><host>127.0.0.1</host><port>${port}</port></replica></shard>`,
    )
    .join('\n');
  return `    <remote_servers>\n        <${CLUSTER}>\n${shards}\n        </${CLUSTER}>\n    </remote_servers>`;
}

async function startServer(
  binary: string,
  name: string,
  ports: { http: number; tcp: number },
  remote: string,
): Promise<Started> {
  const dir = path.join(root as string, name);
  mkdirSync(path.join(dir, 'log'), { recursive: true });
  const config = readFileSync(path.join(CONFIG_DIR, 'server.xml'), 'utf8')
    .replaceAll('{DIR}', dir)
    .replaceAll('{HTTP_PORT}', String(ports.http))
    .replaceAll('{TCP_PORT}', String(ports.tcp))
    .replaceAll('{REMOTE_SERVERS}', remote);
  writeFileSync(path.join(dir, 'config.xml'), config);
  writeFileSync(path.join(dir, 'users.xml'), readFileSync(path.join(CONFIG_DIR, 'users.xml')));
  const child = spawn(
    binary,
    [`--config-file=${path.join(dir, 'config.xml')}`, `--pidfile=${path.join(dir, 'server.pid')}`],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  const server = { name, dir, child, httpUrl: `http://127.0.0.1:${ports.http}` };
  started.push(server);
  return server;
}

async function waitForPing(server: Started, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.child.exitCode !== null) break;
    try {
      const res = await fetch(`${server.httpUrl}/ping`);
      if (res.ok && (await res.text()).startsWith('Ok')) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  let log = '';
  try {
    log = readFileSync(path.join(server.dir, 'log', 'server.err.log'), 'utf8').slice(-2000);
  } catch {
    // no log written
  }
  throw new Error(
    `ClickHouse server "${server.name}" (${server.httpUrl}) did not answer /ping${server.child.exitCode !== null ? ` (it exited with ${server.child.exitCode})` : ''}\n${log}`,
  );
}

/** Stops every server started, by its PID, and waits for each to be gone. */
async function stopAll(): Promise<void> {
  await Promise.all(
    started.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.child.exitCode !== null || s.child.pid === undefined) return resolve();
          const timer = setTimeout(() => {
            if (s.child.pid !== undefined && s.child.exitCode === null)
              process.kill(s.child.pid, 'SIGKILL');
          }, 10_000);
          s.child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          process.kill(s.child.pid, 'SIGTERM');
        }),
    ),
  );
  if (root !== null) rmSync(root, { recursive: true, force: true });
  root = null;
}

/** Kills what is left if the runner itself dies (a crash, Ctrl-C) before teardown. */
function killOnExit(): void {
  for (const s of started) {
    if (s.child.pid !== undefined && s.child.exitCode === null) {
      try {
        process.kill(s.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  const binary = serverBinary();
  root = mkdtempSync(path.join(tmpdir(), 'sortie-clickhouse-'));
  process.once('exit', killOnExit);
  try {
    const ports = await Promise.all(Array.from({ length: 6 }, () => freePort()));
    const [h1, t1, h2, t2, h3, t3] = ports as [number, number, number, number, number, number];
    const single = await startServer(binary, 'single', { http: h1, tcp: t1 }, '');
    const remote = remoteServers([t2, t3]);
    const shard1 = await startServer(binary, 'shard1', { http: h2, tcp: t2 }, remote);
    const shard2 = await startServer(binary, 'shard2', { http: h3, tcp: t3 }, remote);
    await Promise.all([single, shard1, shard2].map((s) => waitForPing(s)));
    process.env.SORTIE_TEST_CLICKHOUSE_URL = single.httpUrl;
    process.env.SORTIE_TEST_CLICKHOUSE_SHARD_URLS = `${shard1.httpUrl},${shard2.httpUrl}`;
  } catch (err) {
    await stopAll();
    throw err;
  }
  return async () => {
    await stopAll();
    process.removeListener('exit', killOnExit);
  };
}
