/**
 * The year section of `npm run bench` (`--only year`): a year of adsb.lol day tars holding only
 * surveillance traffic, read by `sortie report` in one run, for its peak memory per million fixes.
 *
 * Each day, `--airframes N` (20) surveillance aircraft of the bundled table fly one sortie of 8 hours
 * over the Gulf of California, a fix every `--step-s S` (10) seconds: the same traces every day,
 * shifted to the day (`timestamp`). 365 days of 20 airframes are 21 million fixes, the top of what
 * a year of tens of airframes holds. `--days N` (365) scales it. It first checks that the first
 * three day tars give the missions their members extracted by tar give, else reports nothing.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { header, trace } from './synthetic-adsblol.js';

const GENERATOR_VERSION = 1;
const SORTIE_HOURS = 8;

/** RC-135s and P-8s of the bundled table (US, UK, Norway): their missions count by default. */
const AIRFRAMES: readonly (readonly [string, string])[] = [
  ...['ae01c7', 'ae01c5', 'ae01ce', 'ae01d1', 'ae01d2', 'ae01d0', 'ae01cb'].map(
    (h) => [h, 'R135'] as const,
  ),
  ...['43c38c', '43c39c', '43c39d'].map((h) => [h, 'R135'] as const),
  ...['43c918', '43c919', '43c91a', '43c91b', '43c91c', '43c91d', '43c91e', '43c91f', '43c920'].map(
    (h) => [h, 'P8'] as const,
  ),
  ...['47819d', '47819e', '47819f', '4781a0', '4781a1'].map((h) => [h, 'P8'] as const),
];

export interface YearSpec {
  readonly days: number;
  readonly airframes: number;
  readonly stepS: number;
}

export interface Manifest extends YearSpec {
  readonly version: number;
  readonly fixes: number;
  readonly files: string[];
}

const FIRST_DAY_MS = Date.parse('2023-01-01T00:00:00Z');

/** The day tars under `dir`, generated once per spec (the database section loads them too). */
export function yearOfDays(dir: string, spec: YearSpec): Manifest {
  const name = `year-${spec.days}d-${spec.airframes}a-${spec.stepS}s`;
  const manifestFile = path.join(dir, `${name}.json`);
  if (existsSync(manifestFile)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    if (m.version === GENERATOR_VERSION && m.files.every((f) => existsSync(f))) return m;
  }
  const folder = path.join(dir, name);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const airframes = AIRFRAMES.slice(0, spec.airframes);
  const points = (SORTIE_HOURS * 3600) / spec.stepS;
  console.log(
    `generating ${spec.days} days of ${airframes.length} airframes (${points} fixes a sortie) in ${folder}...`,
  );
  const files: string[] = [];
  for (let d = 0; d < spec.days; d += 1) {
    const dayMs = FIRST_DAY_MS + d * 86_400_000;
    const date = new Date(dayMs).toISOString().slice(0, 10).replace(/-/g, '.');
    const file = path.join(folder, `v${date}-planes-readsb-prod-0.tar`);
    const fd = openSync(file, 'w');
    let bytes = 0;
    const put = (b: Buffer): void => {
      writeSync(fd, b);
      bytes += b.length;
    };
    const day = { members: 0, military: 0, missions: 0, dayStartS: dayMs / 1000 };
    const members = airframes
      .map(([hex, type], k) => {
        const [lat, lon] = [24.5 + 0.6 * (k % 6) + 0.05 * Math.floor(k / 6), -109 - 0.5 * (k % 6)];
        // Staggered take-offs, every sortie within its UTC day.
        const fromS = 3600 * (k % (24 - SORTIE_HOURS));
        const body = trace(
          hex,
          type,
          `HOMER${21 + k}`,
          day,
          fromS,
          points,
          lat,
          lon,
          0.3,
          spec.stepS,
          1,
        );
        return [hex, body] as const;
      })
      .sort((a, b) => (a[0].slice(-2) + a[0] < b[0].slice(-2) + b[0] ? -1 : 1));
    for (const [hex, body] of members) {
      put(header(`./traces/${hex.slice(-2)}/trace_full_${hex}.json`, body.length));
      put(body);
      const pad = (512 - (body.length % 512)) % 512;
      if (pad > 0) put(Buffer.alloc(pad));
    }
    put(Buffer.alloc(1024));
    const pad = (10240 - (bytes % 10240)) % 10240;
    if (pad > 0) put(Buffer.alloc(pad));
    closeSync(fd);
    files.push(file);
  }
  const manifest: Manifest = {
    version: GENERATOR_VERSION,
    ...spec,
    fixes: spec.days * airframes.length * points,
    files,
  };
  writeFileSync(manifestFile, JSON.stringify(manifest));
  return manifest;
}

/** `sortie report` on the year's folder (or files): wall time, peak memory, missions and rows read. */
async function report(
  script: string,
  inputs: readonly string[],
): Promise<{
  seconds: number;
  cpuSeconds: number;
  peakRssKb: number | null;
  missions: number;
  /**
   * The missions of the JSON report, as text (to compare runs): how many inputs each came from,
   * not which, nor the file and line of its fixes (a tar's member is not the extracted file).
   */
  missionsJson: string;
  rows: number;
}> {
  const t0 = process.hrtime.bigint();
  const { stdout, stderr, code } = await new Promise<{
    stdout: string;
    stderr: string;
    code: number | null;
  }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      // Threads as for a real year of days (2.5 GB each), which these small days are not.
      [
        script,
        'report',
        ...inputs,
        '--format',
        'json',
        '--quiet',
        '--period',
        'month',
        '--threads',
        String(availableParallelism()),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (c) =>
      resolve({ stdout: Buffer.concat(out).toString(), stderr: err, code: c }),
    );
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const rss = /SORTIE_PEAK_RSS_KB=(\d+)/.exec(stderr);
  const cpu = /SORTIE_CPU_S=([\d.]+)/.exec(stderr);
  if (code !== 0 && code !== 3)
    throw new Error(`sortie report exited with ${code}: ${stderr.slice(-2000)}`);
  const doc = JSON.parse(stdout) as {
    missions: unknown[];
    inputs: { rows: number }[];
  };
  return {
    seconds,
    cpuSeconds: cpu ? Number(cpu[1]) : NaN,
    peakRssKb: rss ? Number(rss[1]) : null,
    missions: doc.missions.length,
    // Where a fix was read differs by nature (a member of a tar, a file of a folder): not compared.
    missionsJson: JSON.stringify(doc.missions, (key, value: unknown) =>
      key === 'file' || key === 'line' || key === 'member'
        ? undefined
        : key === 'sources' && Array.isArray(value)
          ? value.length
          : value,
    ),
    rows: doc.inputs.reduce((n, i) => n + i.rows, 0),
  };
}

/**
 * The check first: the year's first days read as day tars give the missions that the same days'
 * members, extracted by tar into a folder each, give (each day a separate input either way, joined
 * as they are read), so a run that read or joined too little cannot pass.
 */
async function checkedAgainstExtracted(
  dir: string,
  m: Manifest,
  script: string,
): Promise<{ same: boolean; days: number; missions: number }> {
  const days = m.files.slice(0, Math.min(3, m.files.length));
  const work = path.join(dir, `year-check-${days.length}d`);
  rmSync(work, { recursive: true, force: true });
  for (const [k, file] of days.entries()) {
    const into = path.join(work, `day-${k}`);
    mkdirSync(into, { recursive: true });
    execFileSync('tar', ['-xf', file, '-C', into]);
  }
  const extracted = await report(script, [work]);
  const inPlace = await report(script, days);
  rmSync(work, { recursive: true, force: true });
  return {
    same: extracted.missionsJson === inPlace.missionsJson && inPlace.missions > 0,
    days: days.length,
    missions: inPlace.missions,
  };
}

export async function yearBench(dir: string, spec: YearSpec, script: string): Promise<void> {
  const m = yearOfDays(dir, spec);
  const check = await checkedAgainstExtracted(dir, m, script);
  console.log(
    `\nYear check: ${check.days} day tars ${check.same ? 'give the same' : 'DO NOT GIVE THE SAME'} ` +
      `${check.missions} missions as their members extracted into folders`,
  );
  if (!check.same) {
    console.log(
      'YEAR CHECK FAILED: no memory is reported for a run that did not read what it should.',
    );
    process.exitCode = 1;
    return;
  }
  // One day first: what the run costs whatever the fixes (start-up, registry, coast), so that
  // the year's peak gives the bytes each fix costs.
  const one = yearOfDays(dir, { ...spec, days: 1 });
  const base = await report(script, [path.dirname(one.files[0] as string)]);
  const r = await report(script, [path.dirname(m.files[0] as string)]);
  const mb = (kb: number | null): number => (kb === null ? NaN : kb / 1024);
  const millions = m.fixes / 1e6;
  const perFix = ((mb(r.peakRssKb) - mb(base.peakRssKb)) * 2 ** 20) / (m.fixes - one.fixes);
  const line = (name: string, value: string): void => console.log(`${name.padEnd(44)} ${value}`);
  console.log(
    `\nYear: ${m.days} day tars, ${spec.airframes} airframes, a fix every ${spec.stepS} s: ` +
      `${m.fixes.toLocaleString('en-US')} fixes kept (${r.rows.toLocaleString('en-US')} rows read), ${r.missions} missions`,
  );
  line(
    'sortie report (end to end)',
    `${r.seconds.toFixed(1)} s wall, ${r.cpuSeconds.toFixed(1)} s CPU (load average ${loadavg()[0]?.toFixed(1)})`,
  );
  line('peak RSS', `${mb(r.peakRssKb).toFixed(0)} MB  (target < 2,048 MB for a year)`);
  line('peak RSS per million fixes', `${(mb(r.peakRssKb) / millions).toFixed(0)} MB`);
  line(
    `peak RSS of one day (${one.fixes.toLocaleString('en-US')} fixes)`,
    `${mb(base.peakRssKb).toFixed(0)} MB, ${base.seconds.toFixed(1)} s`,
  );
  line('bytes a fix beyond one day (peak over peak)', `${perFix.toFixed(0)}`);
  if (r.rows !== m.fixes) {
    console.log(`WARNING: sortie read ${r.rows} rows, the generator wrote ${m.fixes}`);
  }
}
