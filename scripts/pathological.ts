/**
 * Peak memory (RSS) of `sortie inspect` on pathological inputs, generated into a temp folder:
 * one huge line, a million distinct aircraft, one surveillance aircraft with a million fixes.
 * Prints a table; the figures go in the closing notes and the README, not in a timed test.
 *
 *   npm run build && node dist/scripts/pathological.js [scale=1]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';

const scale = Number(process.argv[2] ?? 1);
const HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact\n';

async function write(file: string, chunks: () => Generator<string>): Promise<void> {
  const out = createWriteStream(file);
  for (const chunk of chunks()) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function* hugeLine(): Generator<string> {
  yield HEADER;
  const block = 'x'.repeat(1 << 20);
  for (let i = 0; i < 200 * scale; i += 1) yield block;
  yield '\n1738600000,ae01c7,26.5,-110.5,180,90,0,JAKE21,false,false,false,,7620,7620,1738600000,1738600000\n';
}

function* manyAircraft(): Generator<string> {
  yield HEADER;
  const n = 1_000_000 * scale;
  for (let i = 0; i < n; i += 10_000) {
    let s = '';
    for (let k = i; k < i + 10_000 && k < n; k += 1) {
      const hex = (0x100000 + k).toString(16);
      s += `${1738600000 + (k % 3600)},${hex},${(k % 170) - 85}.25,${(k % 350) - 175}.5,200,90,0,T${k % 9999},false,false,false,,9000,9050,${1738600000 + (k % 3600)},${1738600000 + (k % 3600)}\n`;
    }
    yield s;
  }
}

function* oneAircraftManyFixes(): Generator<string> {
  yield HEADER;
  const n = 1_000_000 * scale;
  for (let i = 0; i < n; i += 10_000) {
    let s = '';
    for (let k = i; k < i + 10_000 && k < n; k += 1) {
      const lat = 26.5 + 0.3 * Math.sin(k / 600);
      const lon = -110.5 + 0.3 * Math.cos(k / 600);
      s += `${1738600000 + k},ae01c7,${lat.toFixed(5)},${lon.toFixed(5)},200,90,0,JAKE21,false,false,false,,7620,7620,${1738600000 + k},${1738600000 + k}\n`;
    }
    yield s;
  }
}

function peakRss(args: string[]): { seconds: number; rssMb: number; code: number | null } {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, 'bin/sortie.js', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const kb = Number(r.stderr.trim().split('\n').pop());
  return { seconds: Number(process.hrtime.bigint() - t) / 1e9, rssMb: kb / 1024, code: r.status };
}

const dir = mkdtempSync(path.join(tmpdir(), 'sortie-pathological-'));
try {
  const cases: [string, () => Generator<string>, string[]][] = [
    ['one line of 200 MB', hugeLine, ['inspect']],
    ['1,000,000 distinct aircraft', manyAircraft, ['inspect']],
    ['one ISR aircraft, 1,000,000 fixes', oneAircraftManyFixes, ['missions']],
  ];
  console.log(
    `${'input'.padEnd(36)} ${'size'.padStart(9)} ${'time'.padStart(8)} ${'peak RSS'.padStart(10)}  exit`,
  );
  for (const [name, gen, cmd] of cases) {
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.csv`);
    await write(file, gen);
    const mb = statSync(file).size / 1e6;
    const r = peakRss([...cmd, file]);
    console.log(
      `${name.padEnd(36)} ${`${mb.toFixed(0)} MB`.padStart(9)} ${`${r.seconds.toFixed(1)} s`.padStart(8)} ${`${r.rssMb.toFixed(0)} MB`.padStart(10)}  ${r.code}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
