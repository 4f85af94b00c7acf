/**
 * Writes fixtures/multisource/: the simulated P-8 sortie of scripts/multisource-sim.ts in the file
 * formats sortie reads today (OpenSky state vectors, FlightRadar24 per-flight CSV, readsb
 * trace_full JSON), deterministically. SIMULATED data, not real flights.
 *
 *   npm run build && node dist/scripts/generate-multisource.js [outDir]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Position } from '../src/ingest/types.js';
import {
  AIRFRAME_HEX,
  CALLSIGN,
  HEX_CHANGE_MS,
  SOURCES,
  TACTICAL_HEX,
  sampleSource,
  simulateSortie,
} from './multisource-sim.js';

const FT_PER_M = 3.28084;
const KT_PER_MPS = 1.943844;

function spec(name: string) {
  const s = SOURCES.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no source ${name}`);
  return s;
}

function openskyCsv(fixes: readonly Position[]): string {
  const header =
    'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact,hour';
  const rows = fixes.map((p) => {
    // OpenSky writes the state at the next whole second, its position measured before (lastposupdate).
    const posS = p.timeMs / 1000;
    const t = Math.floor(posS) + 1;
    const altM = (p.altitudeFt ?? 0) / FT_PER_M;
    return [
      t,
      p.hex,
      p.lat.toFixed(5),
      p.lon.toFixed(5),
      ((p.groundSpeedKt ?? 0) / KT_PER_MPS).toFixed(2),
      (p.trackDeg ?? 0).toFixed(2),
      '0.00000',
      `${CALLSIGN}  `,
      'false',
      'false',
      'false',
      '4127',
      altM.toFixed(2),
      (altM + 150).toFixed(2),
      posS.toFixed(3),
      (posS + 0.5).toFixed(3),
      t - (t % 3600),
    ].join(',');
  });
  return [header, ...rows].join('\n') + '\n';
}

function fr24Csv(fixes: readonly Position[]): string {
  const rows = fixes.map((p) => {
    // OpenSky writes the state at the next whole second, its position measured before (lastposupdate).
    const posS = p.timeMs / 1000;
    const t = Math.floor(posS) + 1;
    const utc = new Date(t * 1000).toISOString().replace('.000Z', 'Z');
    return `${t},${utc},${CALLSIGN},"${p.lat},${p.lon}",${p.altitudeFt},${p.groundSpeedKt},${p.trackDeg}`;
  });
  return ['Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction', ...rows].join('\n') + '\n';
}

/** A readsb-style BaseStation (port 30003) log in UTC: MSG,1 callsigns now and then, MSG,3 positions. */
function sbsLog(fixes: readonly Position[]): string {
  const stamp = (ms: number): string => {
    const iso = new Date(ms).toISOString();
    return `${iso.slice(0, 10).replace(/-/g, '/')},${iso.slice(11, 23)}`;
  };
  const lines: string[] = [];
  fixes.forEach((p, k) => {
    const hex = (p.hex ?? '').toUpperCase();
    const at = stamp(p.timeMs);
    if (k % 20 === 0) lines.push(`MSG,1,1,1,${hex},1,${at},${at},${CALLSIGN},,,,,,,,,,,`);
    lines.push(
      `MSG,3,1,1,${hex},1,${at},${at},,${p.altitudeFt},,,${p.lat.toFixed(5)},${p.lon.toFixed(5)},,,0,0,0,0`,
    );
  });
  return lines.join('\n') + '\n';
}

/** One readsb trace_full document: one aircraft, one UTC day. */
function readsbTrace(hex: string, fixes: readonly Position[]): string {
  const day = Date.UTC(
    new Date(fixes[0]?.timeMs ?? 0).getUTCFullYear(),
    new Date(fixes[0]?.timeMs ?? 0).getUTCMonth(),
    new Date(fixes[0]?.timeMs ?? 0).getUTCDate(),
  );
  const trace = fixes.map((p, i) => [
    Number(((p.timeMs - day) / 1000).toFixed(2)),
    Number(p.lat.toFixed(6)),
    Number(p.lon.toFixed(6)),
    p.altitudeFt,
    p.groundSpeedKt,
    p.trackDeg,
    0,
    0,
    i % 10 === 0 ? { flight: `${CALLSIGN}  `, type: 'adsb_icao' } : null,
    'adsb_icao',
    (p.altitudeFt ?? 0) + 500,
    0,
    null,
    null,
  ]);
  return JSON.stringify({
    icao: hex,
    t: 'P8',
    dbFlags: 1,
    desc: 'BOEING P-8 Poseidon',
    timestamp: day / 1000,
    trace,
  });
}

function readme(counts: Record<string, number>): string {
  return `# Multi-source fixture (SIMULATED)

> [!WARNING]
> **SIMULATED DATA, NOT REAL FLIGHT DATA.** Written by \`scripts/generate-multisource.ts\` from
> \`scripts/multisource-sim.ts\`. \`${AIRFRAME_HEX}\` is a real P-8A's public address (plane-alert-db);
> \`${TACTICAL_HEX}\` stands for a US Navy tactical code. No flight here happened as shown.

One P-8 sortie over the Gulf of California, 2025-03-10 21:00 UTC to 2025-03-11 04:17 UTC, callsign
${CALLSIGN}, in four formats at once, built to break naive counting:

- the same sortie in an OpenSky export, a FlightRadar24 per-flight CSV (no address: give
  \`--aircraft ${AIRFRAME_HEX}\`), a receiver's BaseStation (SBS) log that hears it only north of
  27°N, and readsb traces, with many fixes reported by two sources;
- a 40-minute coverage hole on station (every source), and holes of single sources;
- it crosses midnight UTC on station;
- its address changes in flight at ${new Date(HEX_CHANGE_MS).toISOString().slice(11, 16)} UTC from
  \`${AIRFRAME_HEX}\` to \`${TACTICAL_HEX}\` (OpenSky and readsb), the callsign staying ${CALLSIGN}.

Expected: **one mission**, \`${AIRFRAME_HEX}-20250310T2100Z\`, counted on 2025-03-10 (its first entry),
with six source files, two UTC dates in the region (two aircraft-days) and one address change in
its evidence:

\`\`\`sh
sortie missions fixtures/multisource --aircraft ${AIRFRAME_HEX}
sortie report fixtures/multisource --aircraft ${AIRFRAME_HEX} --period day --from 2025-03-10 --to 2025-03-12
\`\`\`

| file | rows |
|---|---|
${Object.entries(counts)
  .map(([f, n]) => `| \`${f}\` | ${n} |`)
  .join('\n')}

Regenerate with \`npm run build && node dist/scripts/generate-multisource.js\` (deterministic).
`;
}

function main(): void {
  const outDir = process.argv[2] ?? 'fixtures/multisource';
  const truth = simulateSortie();
  const opensky = sampleSource(truth, { ...spec('opensky'), everyS: 20 });
  const fr24 = sampleSource(truth, spec('fr24'));
  const readsb = sampleSource(truth, spec('readsb'));
  // One receiver in the upper Gulf, logging every 9th second to keep the fixture small.
  const sbs = sampleSource(truth, { ...spec('sbs'), everyS: 9 });
  const files = new Map<string, string | Buffer>();
  files.set('sbs/receiver-2025-03-10.log.gz', gzipSync(sbsLog(sbs), { level: 9 }));
  files.set('opensky/states_2025-03-10.csv.gz', gzipSync(openskyCsv(opensky), { level: 9 }));
  files.set(`fr24/${CALLSIGN}_3b7c1a2e.csv`, fr24Csv(fr24));
  const midnight = Date.parse('2025-03-11T00:00:00Z');
  const groups: [string, string, Position[]][] = [
    [
      `readsb/2025-03-10/traces/81/trace_full_${AIRFRAME_HEX}.json`,
      AIRFRAME_HEX,
      readsb.filter((p) => p.hex === AIRFRAME_HEX && p.timeMs < midnight),
    ],
    [
      `readsb/2025-03-11/traces/81/trace_full_${AIRFRAME_HEX}.json`,
      AIRFRAME_HEX,
      readsb.filter((p) => p.hex === AIRFRAME_HEX && p.timeMs >= midnight),
    ],
    [
      `readsb/2025-03-11/traces/f0/trace_full_${TACTICAL_HEX}.json`,
      TACTICAL_HEX,
      readsb.filter((p) => p.hex === TACTICAL_HEX),
    ],
  ];
  for (const [file, hex, fixes] of groups) files.set(file, readsbTrace(hex, fixes));
  const counts: Record<string, number> = {
    'opensky/states_2025-03-10.csv.gz': opensky.length,
    [`fr24/${CALLSIGN}_3b7c1a2e.csv`]: fr24.length,
    'sbs/receiver-2025-03-10.log.gz': sbs.length,
    ...Object.fromEntries(groups.map(([file, , fixes]) => [file, fixes.length])),
  };
  rmSync(outDir, { recursive: true, force: true });
  for (const [file, content] of files) {
    mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
    writeFileSync(path.join(outDir, file), content);
  }
  writeFileSync(path.join(outDir, 'README.md'), readme(counts));
  process.stdout.write(`wrote ${files.size} files to ${outDir}\n`);
}

main();
