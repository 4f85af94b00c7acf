/**
 * The benchmark's database section (`npm run bench -- --only db`, and after the others unless
 * --no-db): the synthetic OpenSky hour loaded once into a throw-away single ClickHouse server and
 * once into a 2-shard cluster (scripts/clickhouse-servers.ts), then `sortie report --db` on each
 * timed against `sortie report FILE`, interleaved, --runs times each. Prints the load throughput
 * (target: 1 M rows/s) and the report's time from the database over the file's (target: 0.2),
 * and checks that the three reports are the same.
 */
import { startClickHouse } from '../clickhouse-servers.js';
import { runChild } from './references.js';

interface Timed {
  readonly seconds: number;
  readonly stdout: string;
}

async function timedSortie(script: string, args: readonly string[]): Promise<Timed> {
  const t0 = process.hrtime.bigint();
  const { stdout } = await runChild(process.execPath, [script, ...args]);
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, stdout };
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

/** Loads `csv` and times the reports; `script` runs the CLI (measured-run.js). */
export async function databaseBench(csv: string, runs: number, script: string): Promise<void> {
  const servers = await startClickHouse();
  try {
    const single = `${servers.singleUrl}/bench`;
    const cluster = servers.shardUrls.map((u) => `${u}/bench`);
    await statement(servers.singleUrl, 'CREATE DATABASE bench');
    for (const u of servers.shardUrls) await statement(u, 'CREATE DATABASE bench');
    await timedSortie(script, ['db', 'init', '--db', single]);
    await timedSortie(script, [
      'db',
      'init',
      '--db',
      cluster.join(','),
      '--cluster',
      'sortie_2shards',
    ]);
    const loads: { name: string; seconds: number; rows: number }[] = [];
    for (const [name, url] of [
      ['one server', single],
      ['2-shard cluster', cluster[0] as string],
    ] as const) {
      console.log(`loading ${csv} into the ${name}...`);
      const t = await timedSortie(script, ['db', 'load', '-q', '--db', url, csv]);
      const m = /: ([\d,]+) positions in/.exec(t.stdout);
      loads.push({ name, seconds: t.seconds, rows: Number((m?.[1] ?? '0').replace(/,/g, '')) });
    }
    const report = ['report', '--format', 'json', '--quiet'];
    const kinds = [
      { name: 'sortie report FILE', args: [...report, csv] },
      { name: 'sortie report --db (one server)', args: [...report, '--db', single] },
      {
        name: 'sortie report --db (2-shard cluster)',
        args: [...report, '--db', cluster[0] as string],
      },
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
    console.log('\nDatabase path (ClickHouse on loopback, throw-away servers):');
    for (const l of loads) {
      const rate = l.rows / l.seconds;
      console.log(
        `  load, ${l.name}: ${l.rows.toLocaleString('en-US')} rows in ${l.seconds.toFixed(1)} s (whole command): ${Math.round(rate).toLocaleString('en-US')} rows/s (target ≥ 1,000,000: ${rate >= 1e6 ? 'met' : 'not met'})`,
      );
    }
    for (const [k, kind] of kinds.entries()) {
      const s = median(times[k] ?? []);
      const ratio =
        k === 0
          ? ''
          : `, ${(s / fileSeconds).toFixed(2)} × the file's (target ≤ 0.2: ${s / fileSeconds <= 0.2 ? 'met' : 'not met'})`;
      console.log(`  ${kind.name}: median ${s.toFixed(2)} s of ${runs}${ratio}`);
    }
    console.log(`  the three reports are ${same ? 'identical' : 'NOT identical'}`);
    if (!same) process.exitCode = 1;
  } finally {
    await servers.stop();
  }
}
