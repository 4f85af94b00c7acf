/**
 * Throw-away ClickHouse servers on loopback, for the integration suite (tests/clickhouse/) and the
 * benchmark's database section: ONE single server, and a 2-shard cluster (two servers forming
 * `sortie_2shards`), each with its own temporary folder and config generated from
 * tests/clickhouse/config/, on ports free at start. Stopped by PID, waiting for each to exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The config templates (a server on loopback; users `default` and `sortie`). */
const CONFIG_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  // From scripts/ (vitest) or dist/scripts/ (the built bench).
  existsSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../tests'))
    ? '../tests/clickhouse/config'
    : '../../tests/clickhouse/config',
);
export const CLUSTER = 'sortie_2shards';

export function serverBinary(): string {
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
  started: Started[],
  root: string,
  binary: string,
  name: string,
  ports: { http: number; tcp: number },
  remote: string,
): Promise<Started> {
  const dir = path.join(root, name);
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
async function stopAll(started: Started[], root: string): Promise<void> {
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
  rmSync(root, { recursive: true, force: true });
}

/** Kills what is left if the runner itself dies (a crash, Ctrl-C) before teardown. */
function killNow(started: readonly Started[]): void {
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

export interface ClickHouseServers {
  /** The single server's HTTP URL. */
  readonly singleUrl: string;
  /** The two shard servers' HTTP URLs. */
  readonly shardUrls: readonly [string, string];
  /** Stops every server (SIGTERM, then SIGKILL after 10 s) and removes the folders. */
  readonly stop: () => Promise<void>;
}

/**
 * Starts the single server and the 2-shard cluster and waits for each to answer /ping. Throws,
 * having stopped whatever it started, when clickhouse-server is missing or a server fails.
 */
export async function startClickHouse(): Promise<ClickHouseServers> {
  const binary = serverBinary();
  const root = mkdtempSync(path.join(tmpdir(), 'sortie-clickhouse-'));
  const started: Started[] = [];
  const onExit = (): void => killNow(started);
  process.once('exit', onExit);
  const stop = async (): Promise<void> => {
    await stopAll(started, root);
    process.removeListener('exit', onExit);
  };
  try {
    const ports = await Promise.all(Array.from({ length: 6 }, () => freePort()));
    const [h1, t1, h2, t2, h3, t3] = ports as [number, number, number, number, number, number];
    const single = await startServer(started, root, binary, 'single', { http: h1, tcp: t1 }, '');
    const remote = remoteServers([t2, t3]);
    const shard1 = await startServer(
      started,
      root,
      binary,
      'shard1',
      { http: h2, tcp: t2 },
      remote,
    );
    const shard2 = await startServer(
      started,
      root,
      binary,
      'shard2',
      { http: h3, tcp: t3 },
      remote,
    );
    await Promise.all([single, shard1, shard2].map((s) => waitForPing(s)));
    return { singleUrl: single.httpUrl, shardUrls: [shard1.httpUrl, shard2.httpUrl], stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
