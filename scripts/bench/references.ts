/** The programs the benchmark times, sortie and the references it is compared with in the same run. */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { GUNZIP_OPTIONS } from '../../src/ingest/decode.js';

/**
 * One timed run: wall seconds, CPU seconds (user + system, every thread; null for another
 * program, whose CPU time is not measured), and the peak memory of the process when it is a child.
 */
export interface Timing {
  readonly seconds: number;
  readonly cpuSeconds?: number | null;
  readonly peakRssKb: number | null;
}

/** Times work done in this process (DuckDB's threads and Node's thread pool included). */
async function timed(fn: () => Promise<unknown>): Promise<Timing> {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await fn();
  const cpu = process.cpuUsage(cpu0);
  return {
    seconds: Number(process.hrtime.bigint() - t0) / 1e9,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssKb: null,
  };
}

/** Times another program: its wall time only. */
async function timedChild(fn: () => Promise<unknown>): Promise<Timing> {
  const t = await timed(fn);
  return { ...t, cpuSeconds: null };
}

/** Runs a command to completion; rejects on a non-zero exit with its standard error. */
export function runChild(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.trim()}`));
    });
  });
}

/**
 * This environment without NODE_EXTRA_CA_CERTS, or null when it is not set. Node reads and parses
 * that file's certificates as it starts, before any script runs (some 40 ms a process for 144
 * certificates on a machine where `node -e 0` takes 0.05 s without it): a cost of the machine's
 * set-up that every Node program there pays, sortie's own work aside. The benchmark times sortie
 * both ways and says so; its ratios against the targets are the ones with the environment as set.
 */
export function withoutExtraCaCerts(): NodeJS.ProcessEnv | null {
  if ((process.env.NODE_EXTRA_CA_CERTS ?? '') === '') return null;
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** Node starting and exiting (`node -e 0`) in `env`: the part of any Node program's time that is Node's. */
export function nodeStart(env: NodeJS.ProcessEnv = process.env): Promise<Timing> {
  return timedChild(() => runChild(process.execPath, ['-e', '0'], env));
}

/** `wc -l`: the floor for anything that looks at every byte. */
export function wcLines(file: string): Promise<Timing> {
  return timedChild(() => runChild('wc', ['-l', file]));
}

/** Node reading the bytes (1 MiB reads), nothing else. */
export function nodeReadBytes(file: string): Promise<Timing> {
  return timed(async () => {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) void chunk;
  });
}

/** Node finding every newline (Buffer.indexOf), nothing else. */
export function nodeNewlines(file: string): Promise<Timing> {
  return timed(async () => {
    let n = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      const b = chunk as Buffer;
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n += 1;
    }
    return n;
  });
}

/**
 * Node's own gunzip of the file, output thrown away: node:zlib with the settings sortie uses
 * (1 MiB output chunks; Node's default of 16 KiB takes about twice as long).
 */
export function nodeGunzip(file: string): Promise<Timing> {
  return timed(async () => {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }).pipe(
      createGunzip(GUNZIP_OPTIONS),
    ))
      void chunk;
  });
}

/** sortie end to end, as a user runs it; its peak memory and CPU time come from measured-run.cjs. */
export async function sortieReport(
  script: string,
  file: string,
  extra: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Timing & { missions: number; rows: number }> {
  const t0 = process.hrtime.bigint();
  const { stdout, stderr } = await runChild(
    process.execPath,
    [script, 'report', file, '--format', 'json', '--quiet', ...extra],
    env,
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const rss = /SORTIE_PEAK_RSS_KB=(\d+)/.exec(stderr);
  const cpu = /SORTIE_CPU_S=([\d.]+)/.exec(stderr);
  const report = JSON.parse(stdout) as {
    summary: { missions: number };
    inputs: { rows: number }[];
  };
  return {
    seconds,
    cpuSeconds: cpu ? Number(cpu[1]) : null,
    peakRssKb: rss ? Number(rss[1]) : null,
    missions: report.summary.missions,
    rows: report.inputs.reduce((n, i) => n + i.rows, 0),
  };
}

/** DuckDB with `threads` threads: read_csv, the region's bounding box, a count per aircraft. */
export class DuckDbReference {
  private readonly connection: DuckDBConnection;
  readonly version: string;

  private constructor(connection: DuckDBConnection, version: string) {
    this.connection = connection;
    this.version = version;
  }

  static async open(threads: number): Promise<DuckDbReference> {
    const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
    const connection = await instance.connect();
    const version = (await connection.runAndReadAll('select version()')).getRows()[0]?.[0];
    return new DuckDbReference(connection, String(version));
  }

  /** The query timed, with the file name quoted for SQL. */
  static sql(file: string, bbox: readonly [number, number, number, number]): string {
    const [w, s, e, n] = bbox;
    return (
      `select icao24, count(*) from read_csv('${file.replaceAll("'", "''")}', header = true, ` +
      `ignore_errors = true) where lat between ${s} and ${n} and lon between ${w} and ${e} ` +
      `group by icao24`
    );
  }

  async filterAndCount(
    file: string,
    bbox: readonly [number, number, number, number],
  ): Promise<Timing & { aircraft: number }> {
    let aircraft = 0;
    const t = await timed(async () => {
      const result = await this.connection.runAndReadAll(DuckDbReference.sql(file, bbox));
      aircraft = result.getRows().length;
    });
    return { ...t, aircraft };
  }
}
