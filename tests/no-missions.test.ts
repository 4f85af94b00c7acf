import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pointToLineDistance, polygonToLine } from '@turf/turf';
import type { Feature, LineString, MultiLineString } from 'geojson';
import { describe, expect, it } from 'vitest';
import { loadRegion } from '../src/cli/context.js';
import { distanceToRegionKm } from '../src/geo/region-distance.js';
import { DEMO_REPORT } from '../scripts/demo-args.js';
import { runCli } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sortie-none-'));
/** A one-degree box in the Gulf of Mexico, far from every demo flight. */
const BOX = path.join(dir, 'box.geojson');
writeFileSync(
  BOX,
  JSON.stringify({
    type: 'Feature',
    properties: { name: 'Test box' },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [-95, 20],
          [-94, 20],
          [-94, 21],
          [-95, 21],
          [-95, 20],
        ],
      ],
    },
  }),
);

const HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact';
/** OpenSky state vectors of ae4ec0, a P-8A in the bundled table, a minute apart from 2025-02-01 08:53:20Z. */
function states(fixes: readonly (readonly [number, number])[]): Buffer {
  const t0 = 1_738_400_000;
  const rows = fixes.map(
    ([lat, lon], i) =>
      `${t0 + 60 * i},ae4ec0,${lat},${lon},200,0,0,PELT01,false,false,false,1234,9000,9100,${t0 + 60 * i},${t0 + 60 * i}`,
  );
  return Buffer.from([HEADER, ...rows].join('\n') + '\n');
}

describe('distanceToRegionKm', () => {
  it('agrees with turf on the built-in region, and is 0 inside', async () => {
    const region = await loadRegion('gulf-of-california');
    const outline = polygonToLine(region.geometry) as Feature<LineString | MultiLineString>;
    const lines: Feature<LineString>[] =
      outline.geometry.type === 'LineString'
        ? [outline as Feature<LineString>]
        : outline.geometry.coordinates.map((c) => ({
            type: 'Feature',
            properties: {},
            geometry: { type: 'LineString', coordinates: c },
          }));
    for (const [lat, lon] of [
      [32.68, -115.68],
      [21.5, -94.5],
      [20, -110],
      [33, -117.2],
      [52.3, 4.76],
    ] as const) {
      const turf = Math.min(
        ...lines.map((l) => pointToLineDistance([lon, lat], l, { units: 'kilometers' })),
      );
      expect(distanceToRegionKm(region, lat, lon) / turf, `${lat}, ${lon}`).toBeCloseTo(1, 2);
    }
    expect(distanceToRegionKm(region, 27, -111)).toBe(0);
  });
});

describe('an empty result says why', () => {
  it('fixes outside the region: how many, and the closest approach (aircraft, when, km and NM)', async () => {
    const input = states([
      [22, -94.5],
      [21.5, -94.5],
      [20.5, -96],
    ]);
    const text = await runCli(['missions', '-', '--region', BOX], {}, input);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      'No missions: 1 surveillance aircraft identified; 3 fixes of 1 of them in the inputs, none inside Test box; ' +
        'the closest came 55.6 km (30.0 NM) from it: ae4ec0 (P8 168755) at 2025-02-01 08:54 UTC (21.500, -94.500).\n',
    );
    const json = await runCli(['missions', '-', '--region', BOX, '--format', 'json'], {}, input);
    expect(JSON.parse(json.stdout).noMissions).toMatchObject({
      surveillanceAircraft: 1,
      fixesInWindow: 3,
      fixesInRegion: 0,
      closest: {
        hex: 'ae4ec0',
        type: 'P8',
        time: '2025-02-01T08:54:20Z',
        lat: 21.5,
        lon: -94.5,
        distanceKm: 55.6,
        distanceNm: 30,
      },
    });
  });

  it('fixes inside, but too briefly: the count inside and the --min-dwell they fell short of', async () => {
    const input = states([
      [20.5, -94.5],
      [20.6, -94.5],
      [20.7, -94.5],
      [21.5, -94.5],
    ]);
    const r = await runCli(['missions', '-', '--region', BOX], {}, input);
    expect(r.stdout).toMatch(
      /^No missions: 1 surveillance aircraft identified; 4 fixes of 1 of them in the inputs, 3 of those \(from 1 aircraft\) inside Test box, but no sortie stayed inside for --min-dwell 10m\.\n$/,
    );
  });

  it('a sortie that first entered before the window: said so, not "too briefly"', async () => {
    // 30 minutes inside the box; its first fix inside is dated half a second before 09:00 UTC.
    const t0 = Date.parse('2025-02-01T09:00:00Z') / 1000 - 0.5;
    const rows = Array.from({ length: 31 }, (_, i) => {
      const t = t0 + 60 * i;
      return `${Math.ceil(t)},ae4ec0,20.5,${-94.9 + i * 0.02},200,90,0,PELT01,false,false,false,1234,9000,9100,${t},${Math.ceil(t)}`;
    });
    const input = Buffer.from([HEADER, ...rows].join('\n') + '\n');
    const args = [
      'missions',
      '-',
      '--region',
      BOX,
      '--from',
      '2025-02-01T09:00',
      '--to',
      '2025-02-02',
    ];
    const text = await runCli(args, {}, input);
    expect(text.stdout).toBe(
      'No missions: 1 surveillance aircraft identified; 30 fixes of 1 of them in the window, 30 of those (from 1 aircraft) inside Test box, ' +
        'but in 1 sortie that first entered it before the window: a mission counts where it first enters the region ' +
        '(ae4ec0-20250201T0859Z, first entry 2025-02-01 08:59 UTC). 1 mission lies outside the window.\n',
    );
    const json = JSON.parse((await runCli([...args, '--format', 'json'], {}, input)).stdout) as {
      noMissions: { missionsEnteredBefore: unknown };
    };
    // Printed to the second below: 08:59:59, never rounded up into the window.
    expect(json.noMissions.missionsEnteredBefore).toEqual([
      { id: 'ae4ec0-20250201T0859Z', firstEntry: '2025-02-01T08:59:59Z' },
    ]);
    const all = JSON.parse(
      (await runCli(['missions', '-', '--region', BOX, '--format', 'json'], {}, input)).stdout,
    ) as {
      missions: { firstEntry: string; evidence: { firstEntry: { time: string } } }[];
    };
    expect(all.missions.map((m) => [m.firstEntry, m.evidence.firstEntry.time])).toEqual([
      ['2025-02-01T08:59:59Z', '2025-02-01T08:59:59Z'],
    ]);
    // Another aircraft inside for five minutes at noon: its reason is said too.
    const brief = Array.from({ length: 6 }, (_, i) => {
      const t = Date.parse('2025-02-01T12:00:00Z') / 1000 + 60 * i;
      return `${t},ae4ec1,20.6,-94.5,200,90,0,PELT02,false,false,false,1234,9000,9100,${t},${t}`;
    });
    const both = Buffer.from([HEADER, ...rows, ...brief].join('\n') + '\n');
    expect((await runCli(args, {}, both)).stdout).toBe(
      'No missions: 2 surveillance aircraft identified; 36 fixes of 2 of them in the window, 36 of those (from 2 aircraft) inside Test box: ' +
        '1 sortie first entered it before the window: a mission counts where it first enters the region ' +
        '(ae4ec0-20250201T0859Z, first entry 2025-02-01 08:59 UTC), and no other stayed inside for --min-dwell 10m. 1 mission lies outside the window.\n',
    );
  });

  it('no fix in the window: when their fixes are, and the missions outside it', async () => {
    const near = await runCli([
      'missions',
      'fixtures/demo',
      '--from',
      '2025-02-10',
      '--to',
      '2025-02-11',
    ]);
    expect(near.stdout).toBe(
      'No missions: 10 surveillance aircraft identified, but none has a fix in the window; their fixes read (those within 48 hours of the window and any baseline) run from ' +
        '2025-02-08 14:00 UTC to 2025-02-09 21:30 UTC. 1 mission lies outside the window.\n',
    );
    // A window far from the data: only the fixes within 48 hours of it are read, so the inputs' rows say where the data lies.
    const far = await runCli([
      'missions',
      'fixtures/demo',
      '--from',
      '2023-01-01',
      '--to',
      '2023-02-01',
    ]);
    expect(far.stdout).toBe(
      "No missions: 10 surveillance aircraft identified, but none has a fix in the window nor within 48 hours of the window and any baseline; the inputs' rows run from " +
        '2024-02-01 00:58 UTC to 2025-02-09 23:05 UTC.\n',
    );
  });

  it('no surveillance aircraft, or no positions at all', async () => {
    const opensky = 'fixtures/formats/opensky-states/states_2025-02-05-20.csv';
    const civil = await runCli(['missions', opensky, '--format', 'json']);
    expect(JSON.parse(civil.stdout).noMissions).toMatchObject({
      text: expect.stringMatching(
        /^No missions: the only aircraft in the inputs is not a known surveillance aircraft/,
      ),
      aircraftSeen: 1,
      surveillanceAircraft: 0,
      closest: null,
    });
    const empty = await runCli(['missions', '-'], {}, Buffer.from(`${HEADER}\n`));
    expect(empty.stdout).toBe('No missions: no positions at all were read from the inputs.\n');
    // Rows read but every one skipped: why, in the paragraph and in report's error without a window.
    const undated = Buffer.from(
      [
        'MSG,3,1,1,AE01C7,1,,,,,,30000,,,27.5,-111.2,,,0,0,0,0',
        'MSG,3,1,1,AE01C7,1,,,,,,30000,,,27.6,-111.2,,,0,0,0,0',
        'MSG,3,1,1,AE01C7,1,2025/02/03,10:00:00.000,2025/02/03,10:00:00.000,,30000,,,91.0,-111.2,,,0,0,0,0',
      ].join('\n') + '\n',
    );
    const skipped = await runCli(['missions', '-'], {}, undated);
    expect(skipped.stdout).toBe(
      'No missions: no positions at all were read from the inputs: their 3 rows were all skipped (2 no timestamp, 1 bad position; sortie inspect says which).\n',
    );
    // Some rows used (a callsign message), none a position: not "all skipped".
    const callsign = Buffer.concat([
      Buffer.from(
        'MSG,1,1,1,AE01C7,1,2025/02/03,10:00:00.000,2025/02/03,10:00:00.000,HOMER21,,,,,,,,,,,\n',
      ),
      undated.subarray(0, undated.indexOf('\n', undated.indexOf('\n') + 1) + 1),
    ]);
    expect((await runCli(['missions', '-'], {}, callsign)).stdout).toBe(
      'No missions: no positions at all were read from the inputs: of their 3 rows, 1 carried no position (other messages) and 2 were skipped (2 no timestamp; sortie inspect says which).\n',
    );
    const report = await runCli(['report', '-'], {}, undated);
    expect(report.code).not.toBe(0);
    expect(report.stderr).toBe(
      'sortie: no positions were read from the inputs: their 3 rows were all skipped (2 no timestamp, 1 bad position; sortie inspect says which), so the window cannot default to the data; give --from and --to\n',
    );
  });

  it('report: a line under the summary and a JSON field when the window has none; null otherwise', async () => {
    const input = states([
      [22, -94.5],
      [21.5, -94.5],
    ]);
    const args = [
      'report',
      '-',
      '--region',
      BOX,
      '--coverage',
      'off',
      '--baseline-rate',
      '1/month',
    ];
    const text = await runCli(args, {}, input);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^No missions: 1 surveillance aircraft identified; 2 fixes of 1 of them in the window, none inside Test box; the closest came 55\.6 km \(30\.0 NM\) from it: ae4ec0 /m,
    );
    const json = JSON.parse((await runCli([...args, '--format', 'json'], {}, input)).stdout);
    expect(json.noMissions.closest).toMatchObject({ hex: 'ae4ec0', distanceKm: 55.6 });
    const md = await runCli([...args, '--format', 'md'], {}, input);
    expect(md.stdout).toMatch(/^No missions: 1 surveillance aircraft identified/m);
    const demo = JSON.parse((await runCli([...DEMO_REPORT, '--format', 'json'])).stdout);
    expect(demo.summary.missions).toBe(17);
    expect(demo.noMissions).toBeNull();
  });
});
