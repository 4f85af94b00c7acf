import { describe, expect, it } from 'vitest';
import { buildSorties } from '../src/tracks/build.js';
import { distanceKm, impliedSpeedKt } from '../src/geo/distance.js';
import type { Position } from '../src/ingest/types.js';
import { cleanFixes, compareFixes } from '../src/tracks/clean.js';
import { DEFAULT_TRACK_PARAMS } from '../src/tracks/types.js';
import { fix } from './helpers.js';

const MIN = 60_000;
const T0 = Date.parse('2025-02-03T12:00:00Z');

/** A straight flight east at ~360 kt (0.1° of longitude a minute near 26°N). */
const line = (n: number, startMin = 0, fileIndex = 0) =>
  Array.from({ length: n }, (_, k) =>
    fix({
      timeMs: T0 + (startMin + k) * MIN,
      lat: 26,
      lon: -112 + (startMin + k) * 0.1,
      source: { fileIndex, line: k + 2 },
    }),
  );

describe('cleanFixes', () => {
  it('orders by time and folds the same fix reported by two sources', () => {
    const a = line(5, 0, 0);
    const b = line(5, 0, 1).map((p) => ({ ...p, timeMs: p.timeMs + 1000, lat: p.lat + 0.001 }));
    const r = cleanFixes([...b, ...a].reverse(), DEFAULT_TRACK_PARAMS);
    expect(r.fixes).toHaveLength(5);
    expect(r.duplicates).toHaveLength(5);
    expect(r.fixes.every((p) => p.source.fileIndex === 0)).toBe(true);
  });

  it('drops a fix 300 km off the track as a speed outlier, and only that fix', () => {
    const pts = line(10);
    pts[4] = { ...pts[4]!, lat: 29 };
    const r = cleanFixes(pts, DEFAULT_TRACK_PARAMS);
    expect(r.outliers.map((p) => p.source.line)).toEqual([6]);
    expect(r.fixes).toHaveLength(9);
  });

  it('drops an outlier at either end of the track', () => {
    const pts = line(6);
    pts[0] = { ...pts[0]!, lat: 30 };
    pts[5] = { ...pts[5]!, lat: 30 };
    expect(cleanFixes(pts, DEFAULT_TRACK_PARAMS).outliers).toHaveLength(2);
  });
});

/**
 * The cleaning rule as the docs state it, one object per question: the reference cleanFixes is
 * held to (it works on columns, by index).
 */
function cleanByTheRule(
  positions: readonly Position[],
  o: { dedupeMs: number; dedupeKm: number; maxSpeedKt: number },
): { fixes: Position[]; duplicates: Position[]; outliers: Position[] } {
  const sorted = [...positions].sort(compareFixes);
  const unique: Position[] = [];
  const duplicates: Position[] = [];
  for (const p of sorted) {
    const kept = [...unique].reverse();
    const near = kept.findIndex((q) => p.timeMs - q.timeMs > o.dedupeMs);
    const window = near < 0 ? kept : kept.slice(0, near);
    if (window.some((q) => distanceKm(p.lat, p.lon, q.lat, q.lon) <= o.dedupeKm))
      duplicates.push(p);
    else unique.push(p);
  }
  const fast = (a: Position, b: Position): boolean => impliedSpeedKt(a, b) > o.maxSpeedKt;
  const fixes: Position[] = [];
  const outliers: Position[] = [];
  for (const [i, p] of unique.entries()) {
    const prev = fixes.at(-1);
    const next = unique[i + 1];
    const afterNext = unique[i + 2];
    const outlier =
      prev !== undefined && next !== undefined
        ? fast(prev, p) && fast(p, next) && !fast(prev, next)
        : prev === undefined && next !== undefined && afterNext !== undefined
          ? fast(p, next) && !fast(next, afterNext)
          : prev !== undefined && next === undefined && fast(prev, p);
    (outlier ? outliers : fixes).push(p);
  }
  return { fixes, duplicates, outliers };
}

describe('cleanFixes keeps to the rule on random tracks', () => {
  // Tracks with repeated reports (another source a second later, a frozen row), spikes of bad
  // positions, several in a row, at either end, and reports a zero time step apart.
  const track = (seed: number): Position[] => {
    let x = seed;
    const rnd = (): number => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x / 2 ** 32;
    };
    const out: Position[] = [];
    let t = T0;
    let lat = 20 + rnd() * 10;
    let lon = -115 + rnd() * 10;
    for (let k = 0; k < 40 + Math.floor(rnd() * 80); k += 1) {
      t += [0, 1_000, 10_000, 60_000][Math.floor(rnd() * 4)] as number;
      lat += (rnd() - 0.5) * 0.05;
      lon += (rnd() - 0.5) * 0.05;
      const r = rnd();
      const spike = r < 0.08 ? (rnd() - 0.5) * 6 : 0;
      const p = fix({
        timeMs: t,
        lat: lat + spike,
        lon,
        source: { fileIndex: k % 3, line: k + 2 },
      });
      out.push(p);
      if (r > 0.85)
        out.push({
          ...p,
          timeMs: t + 1_000,
          lat: p.lat + 0.001,
          source: { fileIndex: 1, line: k + 500 },
        });
    }
    return out;
  };
  it.each(Array.from({ length: 40 }, (_, k) => [k + 1]))('track %i', (seed) => {
    const fixes = track(seed);
    for (const params of [
      DEFAULT_TRACK_PARAMS,
      { ...DEFAULT_TRACK_PARAMS, maxSpeedKt: 250, dedupeKm: 2 },
    ]) {
      const got = cleanFixes(fixes, params);
      expect(got).toEqual(cleanByTheRule(fixes, params));
    }
  });
  it('finds each kind on these tracks', () => {
    const all = Array.from({ length: 40 }, (_, k) =>
      cleanFixes(track(k + 1), DEFAULT_TRACK_PARAMS),
    );
    expect(all.reduce((n, r) => n + r.duplicates.length, 0)).toBeGreaterThan(100);
    expect(all.reduce((n, r) => n + r.outliers.length, 0)).toBeGreaterThan(50);
  });
});

describe('buildSorties', () => {
  const ground = (min: number, n: number, lat = 26, lon = -112) =>
    Array.from({ length: n }, (_, k) =>
      fix({
        timeMs: T0 + (min + k) * MIN,
        lat,
        lon,
        onGround: true,
        altitudeFt: 0,
        groundSpeedKt: 12,
      }),
    );

  it('ends a sortie at a landing and starts the next at the take-off', () => {
    const first = line(30, 0);
    const landed = ground(31, 40, 26, -112 + 3.1);
    const second = line(30, 75).map((p) => ({ ...p, lon: p.lon - 7.5 + 3.1 + 0.1 }));
    const { sorties } = buildSorties([...first, ...landed, ...second], DEFAULT_TRACK_PARAMS);
    expect(sorties.map((s) => [s.startedBy, s.endedBy])).toEqual([
      ['first-fix', 'landing'],
      ['take-off', 'last-fix'],
    ]);
    expect(sorties[0]!.fixes.at(-1)!.onGround).toBe(true);
    expect(sorties[1]!.fixes[0]!.onGround).toBe(true);
  });

  it('does not split at a touch-and-go shorter than a minute', () => {
    const pts = line(30);
    pts[10] = { ...pts[10]!, onGround: true, groundSpeedKt: 120 };
    expect(buildSorties(pts, DEFAULT_TRACK_PARAMS).sorties).toHaveLength(1);
  });

  it('splits at a gap longer than --gap, not at a shorter coverage hole', () => {
    const hole = [...line(10, 0), ...line(10, 50)];
    expect(buildSorties(hole, DEFAULT_TRACK_PARAMS).sorties).toHaveLength(1);
    const gap = [...line(10, 0), ...line(10, 200)];
    const { sorties } = buildSorties(gap, DEFAULT_TRACK_PARAMS);
    expect(sorties.map((s) => [s.startedBy, s.endedBy])).toEqual([
      ['first-fix', 'gap'],
      ['after-gap', 'last-fix'],
    ]);
    expect(buildSorties(hole, { ...DEFAULT_TRACK_PARAMS, gapMs: 30 * MIN }).sorties).toHaveLength(
      2,
    );
  });

  it('keeps aircraft apart and ignores positions without an address', () => {
    const a = line(5);
    const b = line(5).map((p) => ({ ...p, hex: 'ae6881' }));
    const anon = line(5).map((p) => ({ ...p, hex: null }));
    expect(
      buildSorties([...a, ...b, ...anon], DEFAULT_TRACK_PARAMS).sorties.map((s) => s.hex),
    ).toEqual(['ae01c7', 'ae6881']);
  });

  it('counts dropped outliers and folded duplicates per input file', () => {
    const pts = line(10);
    pts[4] = { ...pts[4]!, lat: 29 };
    const dupes = line(3, 0, 2).map((p) => ({ ...p, timeMs: p.timeMs + 500 }));
    const { stats } = buildSorties([...pts, ...dupes], DEFAULT_TRACK_PARAMS);
    expect(stats.outliers.get(0)).toBe(1);
    expect(stats.duplicates.get(2)).toBe(3);
  });
});
