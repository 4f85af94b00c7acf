/**
 * The benchmark's database section (`npm run bench -- --only db`, and after the others unless
 * --no-db): the synthetic OpenSky hour loaded once into a throw-away single ClickHouse server and
 * once into a 2-shard cluster (scripts/clickhouse-servers.ts), then `sortie report --db` on each
 * timed against `sortie report FILE`, interleaved, --runs times each. Prints the load throughput
 * (target: 1 M rows/s) and the report's time from the database over the file's (target: 0.2),
 * and checks that the three reports are the same.
 */
import { readFileSync } from 'node:fs';
import { startClickHouse } from '../clickhouse-servers.js';
import path from 'node:path';
import { runChild } from './references.js';
import { yearOfDays } from './year.js';

interface Timed {
  readonly seconds: number;
  readonly stdout: string;
  /** The command's CPU time (user + system, every thread) and peak memory, as measured-run.cjs reports them. */
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
}

async function timedSortie(script: string, args: readonly string[]): Promise<Timed> {
  const t0 = process.hrtime.bigint();
  const { stdout, stderr } = await runChild(process.execPath, [script, ...args]);
  const cpu = /SORTIE_CPU_S=([\d.]+)/.exec(stderr);
  const rss = /SORTIE_PEAK_RSS_KB=(\d+)/.exec(stderr);
  return {
    seconds: Number(process.hrtime.bigint() - t0) / 1e9,
    stdout,
    cpuSeconds: Number(cpu?.[1] ?? NaN),
    peakRssMb: Number(rss?.[1] ?? NaN) / 1024,
  };
}

/**
 * CPU time (user + system) the processes have used so far, in seconds, from /proc (Linux: 100
 * clock ticks a second); NaN elsewhere. The machine may be shared: CPU time says what the work
 * cost where wall time says also what others ran meanwhile.
 */
function cpuSecondsOf(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return NaN;
    }
  }
  return ticks / 100;
}

async function statement(url: string, sql: string): Promise<void> {
  const res = await fetch(`${url}/`, { method: 'POST', body: sql });
  if (!res.ok) throw new Error(`${sql}: ${await res.text()}`);
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** A history of days, loaded to time reports on part of it (`history` of databaseBench). */
export interface HistorySpec {
  readonly dir: string;
  readonly days: number;
}

/** Loads `csv` and times the reports; `script` runs the CLI (measured-run.cjs). */
export async function databaseBench(
  csv: string,
  runs: number,
  script: string,
  history: HistorySpec | null = null,
): Promise<void> {
  const servers = await startClickHouse();
  try {
    const { single, cluster } = await initDatabases(servers, 'bench', script);
    const loads: { name: string; rows: number; timed: Timed; serverCpuSeconds: number }[] = [];
    for (const [name, url, pids] of [
      ['one server', single, servers.pids.slice(0, 1)],
      ['2-shard cluster', cluster[0] as string, servers.pids.slice(1)],
    ] as const) {
      console.log(`loading ${csv} into the ${name}...`);
      const cpu0 = cpuSecondsOf(pids);
      const t = await timedSortie(script, ['db', 'load', '-q', '--db', url, csv]);
      const serverCpuSeconds = cpuSecondsOf(pids) - cpu0;
      const m = /: ([\d,]+) positions in/.exec(t.stdout);
      const rows = Number((m?.[1] ?? '0').replace(/,/g, ''));
      loads.push({ name, rows, timed: t, serverCpuSeconds });
    }
    console.log('\nDatabase path (ClickHouse on loopback, throw-away servers):');
    for (const l of loads) {
      const rate = l.rows / l.timed.seconds;
      console.log(
        `  load, ${l.name}: ${l.rows.toLocaleString('en-US')} rows in ${l.timed.seconds.toFixed(1)} s (whole command): ${Math.round(rate).toLocaleString('en-US')} rows/s (target ≥ 1,000,000: ${rate >= 1e6 ? 'met' : 'not met'})`,
      );
      console.log(
        `    CPU: client ${l.timed.cpuSeconds.toFixed(1)} s (${((l.timed.cpuSeconds / l.rows) * 1e6).toFixed(2)} µs a row), server${l.name === 'one server' ? '' : 's'} ${l.serverCpuSeconds.toFixed(1)} s (${((l.serverCpuSeconds / l.rows) * 1e6).toFixed(2)} µs a row); client peak memory ${Math.round(l.timed.peakRssMb)} MB`,
      );
    }
    await timeReports(
      ['report', '--format', 'json', '--quiet'],
      { name: 'sortie report FILE', input: csv },
      { single, cluster: cluster[0] as string },
      runs,
      script,
      '  ',
    );
    if (history !== null) await historyBench(history, runs, script, servers);
  } finally {
    await servers.stop();
  }
}

/**
 * A history of surveillance traffic (the year section's day tars: 20 airframes, a sortie a day
 * each over the Gulf, a fix every 10 s) loaded once, then reports on part of it timed from the
 * files and from the database: the last two weeks alone (only the fixes within 48 h of them are
 * asked for), and with the weeks before as a baseline (every fix is). The reports must be equal.
 */
async function historyBench(
  spec: HistorySpec,
  runs: number,
  script: string,
  servers: { readonly singleUrl: string; readonly shardUrls: readonly string[] },
): Promise<void> {
  if (spec.days < 21) {
    console.log(
      `\nhistory skipped: --db-days ${spec.days} holds no two weeks with a week before them (21 at least)`,
    );
    return;
  }
  const year = yearOfDays(spec.dir, { days: spec.days, airframes: 20, stepS: 10 });
  const folder = path.dirname(year.files[0] as string);
  // Databases of their own beside the hour's: a report reads every input its database holds.
  const { single, cluster } = await initDatabases(servers, 'history', script);
  for (const [name, url] of [
    ['one server', single],
    ['2-shard cluster', cluster[0] as string],
  ] as const) {
    console.log(
      `loading ${year.days} days (${year.fixes.toLocaleString('en-US')} fixes) into the ${name}...`,
    );
    const t = await timedSortie(script, ['db', 'load', '-q', '--db', url, folder]);
    console.log(`  ${t.seconds.toFixed(1)} s`);
  }
  const dayOf = (k: number): string =>
    new Date(Date.parse('2023-01-01T00:00:00Z') + k * 86_400_000).toISOString().slice(0, 10);
  const windowFrom = dayOf(spec.days - 14);
  const windowTo = dayOf(spec.days);
  const windows = [
    { name: 'the last 2 weeks', args: ['--from', windowFrom, '--to', windowTo] },
    {
      name: 'the last 2 weeks against the weeks before',
      args: ['--from', windowFrom, '--to', windowTo, '--baseline', `${dayOf(0)}/${windowFrom}`],
    },
  ];
  console.log(
    `\nDatabase path on ${year.days} days of history (${year.fixes.toLocaleString('en-US')} fixes):`,
  );
  for (const w of windows) {
    console.log(`  ${w.name} (${w.args.join(' ')}):`);
    await timeReports(
      ['report', '--format', 'json', '--quiet', ...w.args],
      { name: 'sortie report FOLDER', input: folder },
      { single, cluster: cluster[0] as string },
      runs,
      script,
      '    ',
    );
  }
}

/**
 * The same report from a file (first) and from each database, interleaved `runs` times: each
 * one's median with its ratio to the file's, and whether all gave the same output (else exit 1).
 */
async function timeReports(
  report: readonly string[],
  file: { readonly name: string; readonly input: string },
  dbs: { readonly single: string; readonly cluster: string },
  runs: number,
  script: string,
  indent: string,
): Promise<void> {
  const kinds = [
    { name: file.name, args: [...report, file.input] },
    { name: 'sortie report --db (one server)', args: [...report, '--db', dbs.single] },
    { name: 'sortie report --db (2-shard cluster)', args: [...report, '--db', dbs.cluster] },
  ];
  const times = kinds.map(() => [] as number[]);
  const outputs = kinds.map(() => '');
  for (let r = 0; r < runs; r += 1) {
    for (const [k, kind] of kinds.entries()) {
      const t = await timedSortie(script, kind.args);
      times[k]?.push(t.seconds);
      outputs[k] = t.stdout;
    }
  }
  const same = outputs.every((o) => o === outputs[0]);
  const fileSeconds = median(times[0] ?? []);
  for (const [k, kind] of kinds.entries()) {
    const sec = median(times[k] ?? []);
    const ratio =
      k === 0
        ? ''
        : `, ${(sec / fileSeconds).toFixed(2)} × the file's (target ≤ 0.2: ${sec / fileSeconds <= 0.2 ? 'met' : 'not met'})`;
    console.log(`${indent}${kind.name}: median ${sec.toFixed(2)} s of ${runs}${ratio}`);
  }
  console.log(`${indent}the three reports are ${same ? 'identical' : 'NOT identical'}`);
  if (!same) process.exitCode = 1;
}

/** A database `name` on the single server and on each shard, with sortie's tables made in each. */
async function initDatabases(
  servers: { readonly singleUrl: string; readonly shardUrls: readonly string[] },
  name: string,
  script: string,
): Promise<{ single: string; cluster: string[] }> {
  const single = `${servers.singleUrl}/${name}`;
  const cluster = servers.shardUrls.map((u) => `${u}/${name}`);
  await statement(servers.singleUrl, `CREATE DATABASE ${name}`);
  for (const u of servers.shardUrls) await statement(u, `CREATE DATABASE ${name}`);
  await timedSortie(script, ['db', 'init', '--db', single]);
  await timedSortie(script, [
    'db',
    'init',
    '--db',
    cluster.join(','),
    '--cluster',
    'sortie_2shards',
  ]);
  return { single, cluster };
}
