/**
 * generate-demo-background: writes the SIMULATED background traffic of the demo dataset, so that
 * the demo has coverage the way a real regional export has: airliners crossing the Gulf of
 * California every hour, thinned to one report per hour, except for a deliberate three-day
 * receiver outage (2024-10-01 to 2024-10-04 UTC) that a report must show as "no coverage".
 *
 * The demo's flights (scripts/generate-demo.ts) contain only the aircraft they are about; without
 * this file the only data near the Gulf would be the missions themselves, and covered time would
 * follow the missions. Kept apart from generate-demo.ts (which deletes and rewrites opensky/,
 * readsb/ and fr24/) in fixtures/demo/background/, which it never touches.
 *
 * Usage: node dist/scripts/generate-demo-background.js [outDir]   (default fixtures/demo/background)
 * Deterministic: seeded PRNG, no clock read; the output is byte-for-byte reproducible.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { mulberry32 } from '../src/seeded-random.js';

const SEED = 20_240_201;
const FROM = Date.UTC(2024, 1, 1); // 2024-02-01, the start of the demo's baseline
const TO = Date.UTC(2025, 1, 10); // 2025-02-10, the end of the surge window (exclusive)
const OUTAGE_FROM = Date.UTC(2024, 9, 1); // 2024-10-01: no demo flight is near these dates
const OUTAGE_TO = Date.UTC(2024, 9, 4);
const HOUR_MS = 3_600_000;
const FILE = 'opensky_background_2024-02_2025-02.csv.gz';
const M_PER_FT = 0.3048;
const MPS_PER_KT = 0.514444;

/** Placeholder civil addresses in the Mexican block (not looked up; absent from the ISR table). */
const AIRLINERS: readonly { hex: string; callsign: string }[] = [
  { hex: '0d0b21', callsign: 'VOI1402' },
  { hex: '0d0c3e', callsign: 'VIV3120' },
  { hex: '0d09a4', callsign: 'AMX628' },
  { hex: '0d0a77', callsign: 'VOI985' },
  { hex: '0d0d15', callsign: 'VIV1071' },
  { hex: '0d0e02', callsign: 'AMX190' },
  { hex: '0d0b88', callsign: 'VOI3307' },
  { hex: '0d0c90', callsign: 'VIV2214' },
];

/** Airways across and along the Gulf, [lat, lon] ends; every point lies near the region. */
const CORRIDORS: readonly (readonly [readonly [number, number], readonly [number, number]])[] = [
  [
    [31.5, -114.8],
    [23.5, -106.9],
  ],
  [
    [29.1, -111.0],
    [24.1, -110.4],
  ],
  [
    [23.0, -109.7],
    [25.8, -108.2],
  ],
  [
    [32.0, -115.5],
    [27.0, -109.9],
  ],
];

function pick<T>(items: readonly T[], u: number): T {
  const item = items[Math.min(items.length - 1, Math.floor(u * items.length))];
  if (item === undefined) throw new Error('empty list');
  return item;
}

/** The CSV lines: a header, then one report per hour outside the outage. */
export function backgroundRows(): string[] {
  const random = mulberry32(SEED);
  const rows = [
    'time,icao24,lat,lon,velocity,heading,callsign,onground,baroaltitude,lastcontact,hour',
  ];
  for (let hourMs = FROM; hourMs < TO; hourMs += HOUR_MS) {
    // Draw the same numbers every hour so the outage does not shift the rest of the sequence.
    const [u1, u2, u3, u4, u5, u6] = [random(), random(), random(), random(), random(), random()];
    if (hourMs >= OUTAGE_FROM && hourMs < OUTAGE_TO) continue;
    const plane = pick(AIRLINERS, u1);
    const [a, b] = pick(CORRIDORS, u2);
    const northbound = u3 < 0.5;
    const [from, to] = northbound ? [b, a] : [a, b];
    const f = 0.05 + 0.9 * u4;
    const lat = from[0] + (to[0] - from[0]) * f;
    const lon = from[1] + (to[1] - from[1]) * f;
    const headingDeg =
      (Math.atan2((to[1] - from[1]) * Math.cos((lat * Math.PI) / 180), to[0] - from[0]) * 180) /
        Math.PI +
      360;
    const timeS = Math.floor(hourMs / 1000) + Math.floor(u5 * 3600);
    const altM = (33_000 + 2000 * Math.floor(u6 * 4)) * M_PER_FT;
    rows.push(
      [
        timeS,
        plane.hex,
        lat.toFixed(4),
        lon.toFixed(4),
        (450 * MPS_PER_KT).toFixed(1),
        (headingDeg % 360).toFixed(1),
        plane.callsign,
        'false',
        altM.toFixed(1),
        timeS,
        Math.floor(hourMs / 1000),
      ].join(','),
    );
  }
  return rows;
}

function readme(rows: number): string {
  return `# Demo background traffic (SIMULATED)

> [!WARNING]
> **SIMULATED DATA — NOT REAL FLIGHT DATA.** Written by \`scripts/generate-demo-background.ts\`
> (seed ${SEED}, deterministic). The addresses are placeholders in the Mexican civil block, not
> looked up; the callsigns are invented.

A real regional export (an OpenSky query for a box around the Gulf) holds the airliners that cross
the Gulf of California all day, and that traffic is what shows the region was being watched. The
demo's flights hold only the aircraft they are about, so this file adds the background:
**one OpenSky state vector per hour** of an airliner on one of four airways across or along the
Gulf, from 2024-02-01 to 2025-02-10 (UTC, end exclusive), thinned from the many reports a real
export would have.

It has **no data from 2024-10-01 00:00 to 2024-10-04 00:00 UTC**: a simulated three-day receiver
outage. \`sortie report\` shows those days as "no coverage" (not as zero missions) and leaves them
out of the baseline's exposure; with \`--coverage off\` they count as days without missions.

| file | content |
|---|---|
| \`${FILE}\` | OpenSky state vectors (Trino-style column subset), ${rows.toLocaleString('en-US')} rows, gzip |

Regenerate with \`npm run demo:generate\` (which also runs this script) or, after \`npm run build\`,
\`node dist/scripts/generate-demo-background.js [outDir]\`.
`;
}

function main(): void {
  const outDir = process.argv[2] ?? join('fixtures', 'demo', 'background');
  mkdirSync(outDir, { recursive: true });
  const rows = backgroundRows();
  // mtime 0 in the gzip header keeps the bytes reproducible.
  writeFileSync(join(outDir, FILE), gzipSync(rows.join('\n') + '\n', { level: 9 }));
  writeFileSync(join(outDir, 'README.md'), readme(rows.length - 1));
  process.stdout.write(`wrote ${rows.length - 1} background rows to ${join(outDir, FILE)}\n`);
}

main();
