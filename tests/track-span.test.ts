/**
 * The span of fixes a report makes into sorties (its window and baseline, 48 h wider each side):
 * what it keeps, and the warning when a mission counted in the window belongs to a sortie that
 * reaches its edge.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cutBySpan,
  dayOutsideSpan,
  daysWithinSpan,
  inTrackSpan,
  SORTIE_REACH_MS,
  trackSpanOf,
} from '../src/tracks/track-span.js';
import { releaseDay } from '../src/ingest/archive/releases.js';
import { expectWarningsAlsoIn, runCli } from './helpers.js';

const H = 3_600_000;
const T0 = Date.UTC(2025, 1, 4);

describe('trackSpanOf', () => {
  it.each([
    ['a window', [{ startMs: T0, endMs: T0 + 24 * H }], { fromMs: T0 - 48 * H, toMs: T0 + 72 * H }],
    [
      'a window and an earlier baseline: their union',
      [
        { startMs: T0, endMs: T0 + 24 * H },
        { startMs: T0 - 100 * H, endMs: T0 - 50 * H },
      ],
      { fromMs: T0 - 148 * H, toMs: T0 + 72 * H },
    ],
    ['no --from: open before', [{ endMs: T0 }], { fromMs: -Infinity, toMs: T0 + 48 * H }],
    ['no --to: open after', [{ startMs: T0 }], { fromMs: T0 - 48 * H, toMs: Infinity }],
    ['neither: every fix', [{}], null],
    ['infinite bounds are open sides', [{ startMs: -Infinity, endMs: Infinity }], null],
    ['no interval: every fix', [], null],
  ])('%s', (_, intervals, span) => {
    expect(trackSpanOf(intervals)).toEqual(span);
  });

  it('keeps [from, to), and everything without a span', () => {
    const span = { fromMs: 10, toMs: 20 };
    expect([9, 10, 19, 20].map((t) => inTrackSpan(span, t))).toEqual([false, true, true, false]);
    expect(inTrackSpan(null, -1e15)).toBe(true);
  });

  it.each([
    ['well inside', 10 * H, 20 * H, false, false],
    ['first fix within the gap of the start', 2 * H, 20 * H, true, false],
    ['last fix within the gap of the end', 10 * H, 99 * H, false, true],
    ['just beyond the gap of both', 2 * H + 1, 98 * H - 1, false, false],
  ])('cutBySpan: %s', (_, startMs, endMs, before, after) => {
    expect(cutBySpan({ fromMs: 0, toMs: 100 * H }, startMs, endMs, 2 * H)).toEqual({
      before,
      after,
    });
  });

  it('an open side cuts nothing', () => {
    expect(cutBySpan({ fromMs: -Infinity, toMs: Infinity }, 0, 1, 2 * H)).toEqual({
      before: false,
      after: false,
    });
    expect(SORTIE_REACH_MS).toBe(48 * H);
  });
});

describe('day archives outside the span', () => {
  // The span of 4 February 00:00 to 6 February 00:00.
  const span = { fromMs: T0, toMs: T0 + 48 * H };
  it.each([
    ['the day before, ending where the span starts', '2025-02-03', true],
    ['the first day', '2025-02-04', false],
    ['the last day', '2025-02-05', false],
    ['the day the span ends at', '2025-02-06', true],
    ['a day long before', '2024-02-04', true],
    ['not a date: read', 'someday', false],
    ['no such day (Date.parse would roll it into March): read', '2025-02-30', false],
  ])('%s', (_, day, outside) => {
    expect(dayOutsideSpan(day, span)).toBe(outside);
  });

  it('a span by the hour: a day it touches by a millisecond is read; no span reads every day', () => {
    expect(dayOutsideSpan('2025-02-03', { fromMs: T0 - 1, toMs: T0 + H })).toBe(false);
    expect(dayOutsideSpan('2025-02-04', { fromMs: T0 - H, toMs: T0 + 1 })).toBe(false);
    expect(dayOutsideSpan('2025-02-04', { fromMs: T0 - H, toMs: T0 })).toBe(true);
    expect(dayOutsideSpan('1970-01-01', null)).toBe(false);
    expect(dayOutsideSpan('2025-02-01', { fromMs: -Infinity, toMs: T0 })).toBe(false);
    expect(dayOutsideSpan('2025-02-03', { fromMs: T0, toMs: Infinity })).toBe(true);
    expect(dayOutsideSpan('2099-12-31', { fromMs: T0, toMs: Infinity })).toBe(false);
  });

  it.each([
    ['/h/v2025.02.03-planes-readsb-prod-0.tar', '2025-02-03'],
    ['v2025.02.03-planes-readsb-staging-0.tar.aa…ab', '2025-02-03'],
    ['C:\\h\\v2024.12.31-planes-readsb-mlatonly-0.tar', '2024-12-31'],
    ['/h/states_2025-02-03-00.csv.tar', null],
    ['/v2025.02.03-planes-readsb-prod-0.tar/other.tar', null],
  ])('the day of a release named %s', (name, day) => {
    expect(releaseDay(name)).toBe(day);
  });

  it('splits inputs in order, inputs with no day always read', () => {
    const inputs = [
      { file: 'a.tar', day: '2025-02-01' },
      { file: 'b.csv', day: null },
      { file: 'c.tar', day: '2025-02-04' },
      { file: 'd.tar', day: '2025-02-09' },
    ];
    const { read, notRead } = daysWithinSpan(inputs, (i) => i, span);
    expect(read.map((i) => i.file)).toEqual(['b.csv', 'c.tar']);
    expect(notRead).toEqual([
      { file: 'a.tar', day: '2025-02-01' },
      { file: 'd.tar', day: '2025-02-09' },
    ]);
    expect(daysWithinSpan(inputs, (i) => i, null).read).toHaveLength(4);
  });
});

const HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact';

/** One OpenSky state row a minute for AE01C7 (an RC-135V of the bundled table) along `at(minute)`. */
function flight(fromMs: number, minutes: number, at: (m: number) => [number, number]): string[] {
  const rows: string[] = [];
  for (let m = 0; m < minutes; m += 1) {
    const t = (fromMs + m * 60_000) / 1000;
    const [lat, lon] = at(m);
    rows.push(
      `${t},ae01c7,${lat.toFixed(5)},${lon.toFixed(5)},180,90,0,RJ01,False,False,False,,9000,9100,${t},${t}`,
    );
  }
  return rows;
}

describe('a mission whose sortie reaches the edge of the fixes read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sortie-span-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Up since 1 February off California, then into the Gulf on 4 February: one sortie of 78 h.
  const start = Date.UTC(2025, 1, 1);
  const wait = 74 * 60;
  const transit = 120;
  const orbit = 4 * 60;
  const [fromLat, fromLon] = [33.5, -118];
  const [toLat, toLon] = [27.5, -111.2];
  const rows = [
    ...flight(start, wait, (m) => [fromLat + 0.02 * Math.sin(m / 10), fromLon]),
    ...flight(start + wait * 60_000, transit, (m) => [
      fromLat + ((toLat - fromLat) * m) / transit,
      fromLon + ((toLon - fromLon) * m) / transit,
    ]),
    ...flight(start + (wait + transit) * 60_000, orbit, (m) => [
      toLat + 0.3 * Math.sin(m / 15),
      toLon + 0.3 * Math.cos(m / 15),
    ]),
  ];
  const file = join(dir, 'states_long.csv');
  writeFileSync(file, `${HEADER}\n${rows.join('\n')}\n`);

  it('is counted, and the report says its sortie may have begun earlier: on stderr, in the JSON and in the text', async () => {
    const window = ['--from', '2025-02-04', '--to', '2025-02-05'];
    const json = await runCli(['report', file, ...window, '--format', 'json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      summary: { missions: number };
      warnings: string[];
      missions: { id: string; sortieStart: string }[];
      parameters: { sortieFixes: string };
    };
    expect(report.summary.missions).toBe(1);
    expect(report.parameters.sortieFixes).toBe('2025-02-02T00:00:00Z/2025-02-07T00:00:00Z');
    // The sortie as read starts where the fixes read start, not on 1 February.
    expect(report.missions[0]?.sortieStart).toBe('2025-02-02T00:00:00Z');
    const warning = report.warnings.find((w) => w.includes('edge of the fixes read'));
    expect(warning).toBe(
      `the sortie of 1 mission reaches the edge of the fixes read for sorties (48 h beyond the window and the baseline), so it may have begun earlier or gone on later than shown: ${report.missions[0]?.id}`,
    );
    expectWarningsAlsoIn(json.stderr, json.stdout);
    const text = await runCli(['report', file, ...window]);
    expect(text.stdout).toContain(warning);
    expect(text.stdout).toContain('1 sorties (of the fixes from 2025-02-02 to 2025-02-07)');
  });

  it('sortie missions with a window says the same, on stderr and in its JSON', async () => {
    const r = await runCli([
      'missions',
      file,
      '--from',
      '2025-02-04',
      '--to',
      '2025-02-05',
      '--format',
      'json',
    ]);
    const list = JSON.parse(r.stdout) as { warnings: string[]; missions: { id: string }[] };
    expect(list.missions).toHaveLength(1);
    expect(list.warnings.filter((w) => w.includes('edge of the fixes read'))).toHaveLength(1);
    expectWarningsAlsoIn(r.stderr, r.stdout);
    // Without a window every fix makes sorties: the sortie from 1 February, no warning.
    const all = await runCli(['missions', file, '--format', 'json']);
    const whole = JSON.parse(all.stdout) as {
      warnings: string[];
      missions: { sortieStart: string }[];
    };
    expect(whole.missions[0]?.sortieStart).toBe('2025-02-01T00:00:00Z');
    expect(whole.warnings).toEqual([]);
  });

  it('a window whose reach holds the whole sortie: no warning, the sortie from its first fix', async () => {
    const json = await runCli([
      'report',
      file,
      '--from',
      '2025-02-03',
      '--to',
      '2025-02-05',
      '--format',
      'json',
    ]);
    const report = JSON.parse(json.stdout) as {
      warnings: string[];
      missions: { sortieStart: string; evidence: { startedBy: string } }[];
    };
    expect(report.missions[0]?.sortieStart).toBe('2025-02-01T00:00:00Z');
    expect(report.missions[0]?.evidence.startedBy).toBe('first-fix');
    expect(report.warnings.filter((w) => w.includes('edge of the fixes read'))).toEqual([]);
  });
});
