/**
 * Throw-away ClickHouse servers on loopback, for the integration suite (tests/clickhouse/) and the
 * benchmark's database section: ONE single server, and a 2-shard cluster (two servers forming
 * `sortie_2shards`), each with its own temporary folder and config generated from
 * tests/clickhouse/config/, on ports free at start. Stopped by PID, waiting for each to exit.
 *
 * Other runs (the suite in another clone, a benchmark) may start servers on this machine at the
 * same time: a port found free may be taken before the server binds it, and a server of another
 * run would then answer on it. So each run's servers know a user of their own (`run_<random>`),
 * a server counts as started only once it answers that user and its process is alive (a server
 * that could not bind a port exits), and a start that fails that way is tried again on new ports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
export function freePort(): Promise<number> {
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
  /** The user only this run's servers know: a server answering it is ours. */
  readonly runUser: string;
}

/** Attempts at starting the servers, each on new ports, when a port proves taken. */
const START_ATTEMPTS = 4;

/** A server on one of our ports that is not ours, or ours gone for want of its port. */
class PortTaken extends Error {}

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
  runUser: string,
): Promise<Started> {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'log'), { recursive: true });
  const config = readFileSync(path.join(CONFIG_DIR, 'server.xml'), 'utf8')
    .replaceAll('{DIR}', dir)
    .replaceAll('{HTTP_PORT}', String(ports.http))
    .replaceAll('{TCP_PORT}', String(ports.tcp))
    .replaceAll('{REMOTE_SERVERS}', remote);
  writeFileSync(path.join(dir, 'config.xml'), config);
  const users = readFileSync(path.join(CONFIG_DIR, 'users.xml'), 'utf8').replace(
    '</users>',
    `    <${runUser}><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></${runUser}>\n    </users>`,
  );
  writeFileSync(path.join(dir, 'users.xml'), users);
  const child = spawn(
    binary,
    [`--config-file=${path.join(dir, 'config.xml')}`, `--pidfile=${path.join(dir, 'server.pid')}`],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  const server = { name, dir, child, httpUrl: `http://127.0.0.1:${ports.http}`, runUser };
  started.push(server);
  return server;
}

async function waitForPing(server: Started, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.child.exitCode !== null) break;
    let res: Response | null = null;
    try {
      res = await fetch(`${server.httpUrl}/?user=${server.runUser}&query=SELECT%201`);
    } catch {
      // not listening yet
    }
    if (res !== null) {
      const text = await res.text();
      // Ours only if it knows this run's user and our process is the one alive.
      if (res.ok && text.trim() === '1' && server.child.exitCode === null) return;
      throw new PortTaken(
        `${server.httpUrl}: another server answers there (${text.trim().slice(0, 120)})`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (server.child.exitCode !== null) {
    const log = serverLog(server);
    if (/address already in use|DB::NetException: .*bind/i.test(log)) {
      throw new PortTaken(`${server.httpUrl}: its port was taken before the server bound it`);
    }
  }
  const log = serverLog(server);
  throw new Error(
    `ClickHouse server "${server.name}" (${server.httpUrl}) did not answer /ping${server.child.exitCode !== null ? ` (it exited with ${server.child.exitCode})` : ''}\n${log}`,
  );
}

function serverLog(server: Started): string {
  try {
    return readFileSync(path.join(server.dir, 'log', 'server.err.log'), 'utf8').slice(-2000);
  } catch {
    return '';
  }
}

/** Stops every server started, by its PID, and waits for each to be gone. */
async function stopServers(started: Started[]): Promise<void> {
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
}

async function stopAll(started: Started[], root: string): Promise<void> {
  await stopServers(started);
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
  /** The servers' process ids (single, then the shards), to measure their CPU time. */
  readonly pids: readonly number[];
  /** Stops every server (SIGTERM, then SIGKILL after 10 s) and removes the folders. */
  readonly stop: () => Promise<void>;
}

/**
 * Starts the single server and the 2-shard cluster and waits for each to answer /ping. Throws,
 * having stopped whatever it started, when clickhouse-server is missing or a server fails.
 */
export async function startClickHouse(
  options: {
    /** The six ports of an attempt (HTTP and TCP of each server); free ones by default. */
    readonly ports?: (attempt: number) => Promise<readonly number[]>;
  } = {},
): Promise<ClickHouseServers> {
  const binary = serverBinary();
  const root = mkdtempSync(path.join(tmpdir(), 'sortie-clickhouse-'));
  const started: Started[] = [];
  const onExit = (): void => killNow(started);
  process.once('exit', onExit);
  const stop = async (): Promise<void> => {
    await stopAll(started, root);
    process.removeListener('exit', onExit);
  };
  const runUser = `run_${randomBytes(6).toString('hex')}`;
  try {
    for (let attempt = 1; ; attempt++) {
      const ports =
        options.ports === undefined
          ? await Promise.all(Array.from({ length: 6 }, () => freePort()))
          : await options.ports(attempt);
      const [h1, t1, h2, t2, h3, t3] = ports as [number, number, number, number, number, number];
      const at = `attempt-${attempt}`;
      const start = (name: string, http: number, tcp: number, remote: string) =>
        startServer(started, root, binary, path.join(at, name), { http, tcp }, remote, runUser);
      const remote = remoteServers([t2, t3]);
      const single = await start('single', h1, t1, '');
      const shard1 = await start('shard1', h2, t2, remote);
      const shard2 = await start('shard2', h3, t3, remote);
      try {
        await Promise.all([single, shard1, shard2].map((s) => waitForPing(s)));
        const pids = [single, shard1, shard2].map((x) => x.child.pid ?? 0);
        return {
          singleUrl: single.httpUrl,
          shardUrls: [shard1.httpUrl, shard2.httpUrl],
          pids,
          stop,
        };
      } catch (err) {
        if (!(err instanceof PortTaken) || attempt >= START_ATTEMPTS) throw err;
        await stopServers(started);
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
}
