/**
 * The archive section of `npm run bench`: a synthetic adsb.lol day release (~300,000 members,
 * split at 2,000,000,000 bytes; `--archive-members N` scales it down) read in place by `sortie
 * report`, against `cat parts > /dev/null`, `cat parts | tar -t`, and `tar -xf` followed by `sortie
 * report` on the extracted folder. It first checks that the report equals the one from the
 * extracted selected members, so a fast run that read nothing cannot pass. Beside them, the floor
 * under any Node reader (read-floor.ts): Node starting (`node -e 0`), then reading the parts, then
 * reading and walking their headers, each as a process of its own and as a ratio to `cat`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  nodeStart as timeNodeStart,
  runChild,
  withoutExtraCaCerts,
  type Timing,
} from './references.js';
import { writeSyntheticDay } from './synthetic-adsblol.js';

const GENERATOR_VERSION = 4;
const SPLIT_BYTES = 2_000_000_000;

interface Manifest {
  readonly version: number;
  readonly members: number;
  readonly bytes: number;
  readonly parts: string[];
  readonly selected: string[];
}

/** The release's parts under `dir`, generated once per member count. */
function release(dir: string, members: number): Manifest {
  const manifestFile = path.join(dir, `archive-${members}.json`);
  if (existsSync(manifestFile)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    if (m.version === GENERATOR_VERSION && m.parts.every((p) => existsSync(p))) return m;
  }
  const day = path.join(dir, `archive-${members}`);
  rmSync(day, { recursive: true, force: true });
  mkdirSync(day, { recursive: true });
  const tar = path.join(day, 'v2025.02.03-planes-readsb-prod-0.tar');
  console.log(`generating ${members.toLocaleString('en-US')} members in ${tar}...`);
  const { bytes, selected } = writeSyntheticDay(tar, {
    members,
    military: Math.min(300, Math.ceil(members / 1000)),
    missions: 6,
    dayStartS: Date.parse('2025-02-03T00:00:00Z') / 1000,
  });
  // adsb.lol splits at 2,000,000,000 bytes; a smaller day is cut in two so a member straddles parts.
  const split = bytes > SPLIT_BYTES ? SPLIT_BYTES : Math.ceil(bytes / 2);
  execFileSync('split', ['-b', String(split), tar, `${tar}.`]);
  rmSync(tar);
  const parts = readdirSync(day)
    .filter((n) => /\.tar\.[a-z]{2}$/.test(n))
    .sort()
    .map((n) => path.join(day, n));
  const manifest: Manifest = { version: GENERATOR_VERSION, members, bytes, parts, selected };
  writeFileSync(manifestFile, JSON.stringify(manifest));
  return manifest;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const sh = (command: string): Promise<unknown> => runChild('sh', ['-c', command]);
const FLOOR_SCRIPT = fileURLToPath(new URL('./read-floor.js', import.meta.url));
/** The floor script in `mode` on the parts: its members walked (0 when only reading). */
const floor = async (mode: 'read' | 'walk', parts: readonly string[]): Promise<number> => {
  const { stdout } = await runChild(process.execPath, [FLOOR_SCRIPT, mode, ...parts]);
  return (JSON.parse(stdout) as { members: number }).members;
};
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** `sortie report --format json` on inputs: the time, peak memory, and the report's missions. */
async function report(
  script: string,
  inputs: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Timing & { missions: unknown[]; rows: number }> {
  const t0 = process.hrtime.bigint();
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(
        process.execPath,
        [script, 'report', ...inputs, '--format', 'json', '--quiet', '--period', 'day'],
        { stdio: ['ignore', 'pipe', 'pipe'], env },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', () => resolve({ stdout: out, stderr: err }));
    },
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const rss = /SORTIE_PEAK_RSS_KB=(\d+)/.exec(stderr);
  const doc = JSON.parse(stdout) as {
    missions: Record<string, unknown>[];
    inputs: { rows: number }[];
  };
  return {
    seconds,
    peakRssKb: rss ? Number(rss[1]) : null,
    // The missions without their sources: the files differ, the flights must not.
    missions: doc.missions.map((m) => [
      m.id,
      m.firstEntry,
      m.lastExit,
      m.minutesInRegion,
      m.positions,
    ]),
    rows: doc.inputs.reduce((n, i) => n + i.rows, 0),
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

export async function archiveBench(
  dir: string,
  members: number,
  runs: number,
  script: string,
  extract = true,
): Promise<void> {
  const m = release(dir, members);
  const parts = m.parts.map(quote).join(' ');
  const work = path.join(dir, `archive-${members}-work`);
  // The check first: the selected members extracted by tar give the same report.
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const list = path.join(work, 'selected.txt');
  writeFileSync(list, m.selected.join('\n') + '\n');
  const selectedDir = path.join(work, 'selected');
  mkdirSync(selectedDir);
  await sh(`cat ${parts} | tar -x -C ${quote(selectedDir)} -T ${quote(list)}`);
  const reference = await report(script, [selectedDir]);
  const inPlace = await report(script, m.parts);
  const same = JSON.stringify(reference.missions) === JSON.stringify(inPlace.missions);
  console.log(
    `\nArchive: ${m.parts.length} parts, ${(m.bytes / 1e9).toFixed(2)} GB, ${m.members.toLocaleString('en-US')} members, ${m.selected.length} selected; ` +
      `report in place ${same ? 'equals' : 'DIFFERS FROM'} the report on the extracted selected members ` +
      `(${inPlace.missions.length} missions, ${inPlace.rows.toLocaleString('en-US')} rows)`,
  );
  if (!same || inPlace.missions.length === 0) {
    console.log(
      'ARCHIVE CHECK FAILED: no ratios are printed for a run that did not read what it should.',
    );
    process.exitCode = 1;
    return;
  }
  const cat: number[] = [];
  const list_: number[] = [];
  const sortie: number[] = [];
  const peak: number[] = [];
  const extracted_: number[] = [];
  const nodeStart: number[] = [];
  // Where the machine sets NODE_EXTRA_CA_CERTS, Node and sortie are timed without it too (see
  // withoutExtraCaCerts): said beside the ratio, not folded into it.
  const bareEnv = withoutExtraCaCerts();
  const nodeStartBare: number[] = [];
  const sortieBare: number[] = [];
  const nodeRead: number[] = [];
  const nodeWalk: number[] = [];
  let walked = 0;
  for (let r = 0; r < runs; r += 1) {
    process.stdout.write(`archive run ${r + 1}/${runs}...\r`);
    cat.push(await timed(() => sh(`cat ${parts} > /dev/null`)));
    nodeStart.push((await timeNodeStart()).seconds);
    nodeRead.push(await timed(() => floor('read', m.parts)));
    nodeWalk.push(await timed(async () => (walked = await floor('walk', m.parts))));
    list_.push(await timed(() => sh(`cat ${parts} | tar -t > /dev/null`)));
    const s = await report(script, m.parts);
    sortie.push(s.seconds);
    if (s.peakRssKb !== null) peak.push(s.peakRssKb);
    if (bareEnv !== null) {
      nodeStartBare.push((await timeNodeStart(bareEnv)).seconds);
      sortieBare.push((await report(script, m.parts, bareEnv)).seconds);
    }
  }
  // Extracting and reading 300,000 files is slow (some minutes): once, unless --no-extract.
  if (extract) {
    const extracted = path.join(work, 'all');
    mkdirSync(extracted);
    extracted_.push(
      await timed(async () => {
        await sh(`cat ${parts} | tar -x -C ${quote(extracted)}`);
        await report(script, [extracted]);
      }),
    );
    rmSync(extracted, { recursive: true, force: true });
  }
  const [c, l, s] = [median(cat), median(list_), median(sortie)];
  const x = extract ? median(extracted_) : Number.NaN;
  const line = (name: string, value: string): void => console.log(`${name.padEnd(52)} ${value}`);
  line('cat parts > /dev/null', `${c.toFixed(3)} s (${(m.bytes / 1e6 / c).toFixed(0)} MB/s)`);
  line('cat parts | tar -t', `${l.toFixed(3)} s`);
  const floorLine = (name: string, times: readonly number[]): void => {
    const t = median(times);
    line(name, `${t.toFixed(3)} s  (${(t / c).toFixed(2)} × cat)`);
  };
  floorLine('Node: start (node -e 0)', nodeStart);
  if (bareEnv !== null) floorLine('  the same, NODE_EXTRA_CA_CERTS unset', nodeStartBare);
  floorLine('Node: start, read the parts', nodeRead);
  floorLine(`Node: start, read, walk the headers (${walked.toLocaleString('en-US')})`, nodeWalk);
  line('sortie report on the parts', `${s.toFixed(3)} s`);
  if (bareEnv !== null) floorLine('  the same, NODE_EXTRA_CA_CERTS unset', sortieBare);
  line(
    'tar -xf, then sortie report on the folder',
    extract ? `${x.toFixed(3)} s (one run)` : 'not run (--no-extract)',
  );
  line('', '');
  line(
    'sortie report / cat',
    `${(s / c).toFixed(2)}  (target ≤ 2.0, aim 1.5: ${s / c <= 2 ? 'meets' : 'MISSES'})`,
  );
  if (bareEnv !== null) {
    line(
      '  the same, NODE_EXTRA_CA_CERTS unset',
      `${(median(sortieBare) / c).toFixed(2)}  (not the target's figure: Node parses those certificates at every start)`,
    );
  }
  line('sortie report / tar -t', `${(s / l).toFixed(2)}`);
  if (extract) {
    line(
      '(tar -xf + report) / sortie report',
      `${(x / s).toFixed(1)}  (target ≥ 20: ${x / s >= 20 ? 'meets' : 'MISSES'})`,
    );
  }
  line(
    'sortie peak RSS (archive)',
    `${(Math.max(...peak) / 1024).toFixed(0)} MB  (target < 200 MB)`,
  );
  rmSync(work, { recursive: true, force: true });
}
