import { describe, expect, it } from 'vitest';
import { distanceKm, KM_PER_NM } from '../src/geo/distance.js';
import { mulberry32 } from '../src/seeded-random.js';
import { cleanInKernel } from '../src/tracks/clean-kernel.js';
import { cleanIndexes, type PointColumns } from '../src/tracks/clean.js';
import { DEFAULT_TRACK_PARAMS } from '../src/tracks/types.js';

/**
 * A seeded track of `n` fixes in time order: steps of 0–20 s (some the same time), reports of a
 * fix again a little apart (folded), jumps far off and back (outliers), runs of jumps that stay
 * (kept), points near the poles and the antimeridian, and a NaN time or place now and then.
 */
function track(seed: number, n: number, withNaN = true): PointColumns {
  const next = mulberry32(seed);
  const timeMs = new Float64Array(n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  let t = 1_738_540_800_000 + Math.floor(next() * 1e6);
  let la = next() < 0.1 ? 89.9 - next() : -60 + next() * 120;
  let lo = next() < 0.1 ? 179.9 : -180 + next() * 360;
  for (let k = 0; k < n; k += 1) {
    const r = next();
    // Some steps exactly the default time tolerance (2 s): the bound itself is compared.
    t +=
      r < 0.1
        ? 0
        : r < 0.15
          ? 2000
          : r < 0.2
            ? Math.floor(next() * 2500)
            : Math.floor(next() * 20_000);
    la += (next() - 0.5) * 0.05;
    lo += (next() - 0.5) * 0.05;
    const kind = next();
    // A fix without a time is compared with every fix before it: not in the big track.
    timeMs[k] = kind < 0.005 && withNaN ? Number.NaN : t;
    if (kind < 0.05) {
      // Far off for one fix (an outlier), or for good (the track moves on).
      lat[k] = la + (next() - 0.5) * 20;
      lon[k] = lo + (next() - 0.5) * 20;
      if (kind < 0.01) {
        la = lat[k] as number;
        lo = lon[k] as number;
      }
    } else if (kind < 0.06) {
      lat[k] = Number.NaN;
      lon[k] = lo;
    } else {
      lat[k] = la + (kind < 0.2 ? (next() - 0.5) * 0.004 : 0);
      lon[k] = lo;
    }
  }
  return { timeMs, lat, lon };
}

const PARAMS = [
  DEFAULT_TRACK_PARAMS,
  { ...DEFAULT_TRACK_PARAMS, dedupeMs: 0, dedupeKm: 0 },
  { ...DEFAULT_TRACK_PARAMS, dedupeMs: 30_000, dedupeKm: 5, maxSpeedKt: 300 },
];

describe('the cleaning kernel (WebAssembly)', () => {
  it('keeps, folds and leaves out the very fixes the JavaScript does, on 300 seeded tracks', () => {
    const seen = { fixes: 0, duplicates: 0, outliers: 0 };
    for (let seed = 1; seed <= 300; seed += 1) {
      const points = track(seed, seed % 50 === 0 ? seed % 4 : 50 + (seed % 7) * 100);
      const params = PARAMS[seed % PARAMS.length]!;
      const wasm = cleanInKernel(points, params);
      expect(wasm).not.toBeNull();
      const js = cleanIndexes(points, params);
      expect(wasm, `seed ${seed}`).toEqual(js);
      seen.fixes += js.fixes.length;
      seen.duplicates += js.duplicates.length;
      seen.outliers += js.outliers.length;
    }
    // Every kind of decision was compared.
    expect(seen.duplicates).toBeGreaterThan(1000);
    expect(seen.outliers).toBeGreaterThan(300);
    expect(seen.fixes).toBeGreaterThan(50_000);
  });

  it('cleans a track bigger than its memory was, and an empty one', () => {
    const big = track(7, 200_000, false);
    expect(cleanInKernel(big, DEFAULT_TRACK_PARAMS)).toEqual(
      cleanIndexes(big, DEFAULT_TRACK_PARAMS),
    );
    const none = track(8, 0);
    expect(cleanInKernel(none, DEFAULT_TRACK_PARAMS)).toEqual({
      fixes: new Int32Array(0),
      duplicates: new Int32Array(0),
      outliers: new Int32Array(0),
    });
  });

  // The kernel settles most steps by a bound of the distance without trigonometry (clean.wat's
  // distanceAbove), asking the exact one only where the bound leaves the answer open: steps whose
  // speed or distance lies a hair either side of the limit must still come out as the JavaScript's.
  it('decides as the JavaScript does at a hair either side of the speed and distance limits', () => {
    const next = mulberry32(11);
    const start = 1_738_540_800_000;
    for (let round = 0; round < 200; round += 1) {
      const params = PARAMS[round % PARAMS.length]!;
      const n = 40;
      const timeMs = new Float64Array(n);
      const lat = new Float64Array(n);
      const lon = new Float64Array(n);
      let la = -70 + next() * 140;
      const lo = -180 + next() * 360;
      let t = start;
      let out = 0;
      for (let k = 0; k < n; k += 1) {
        // Every other step is a report again within the time tolerance, at the distance limit
        // (a hair in or out); the steps between them go at the speed limit (likewise).
        const again = k % 2 === 1 && params.dedupeMs > 0;
        const dtMs = again ? Math.max(0, params.dedupeMs - 1) : 10_000;
        const limitKm = again
          ? params.dedupeKm
          : (params.maxSpeedKt * KM_PER_NM * Math.max(dtMs, 1000)) / 3_600_000;
        const hair = 1 + (next() - 0.5) * 1e-12;
        // The latitude step at which distanceKm gives limitKm × hair, by bisection.
        let lo2 = 0;
        let hi2 = 10;
        for (let i = 0; i < 200; i += 1) {
          const mid = (lo2 + hi2) / 2;
          if (distanceKm(la, lo, la + mid, lo) < limitKm * hair) lo2 = mid;
          else hi2 = mid;
        }
        t += dtMs;
        // Out and back again at the speed limit: the fix out is an outlier just when both its
        // steps are over it, which the hair decides.
        if (again) la += next() < 0.5 ? lo2 : hi2;
        else if (out === 0) la += out = next() < 0.5 ? lo2 : hi2;
        else {
          la -= out;
          out = 0;
        }
        timeMs[k] = t;
        lat[k] = la;
        lon[k] = lo;
      }
      const points = { timeMs, lat, lon };
      expect(cleanInKernel(points, params), `round ${round}`).toEqual(cleanIndexes(points, params));
    }
  });

  // A bound that says nothing is NaN, which no limit compares above: with infinite limits too.
  it('decides as the JavaScript does with infinite limits and places that are not numbers', () => {
    const limits = [
      { ...DEFAULT_TRACK_PARAMS, dedupeMs: 1e9, dedupeKm: Infinity },
      { ...DEFAULT_TRACK_PARAMS, maxSpeedKt: Infinity },
      { ...DEFAULT_TRACK_PARAMS, dedupeMs: Infinity, dedupeKm: Infinity, maxSpeedKt: Infinity },
    ];
    const fixed: PointColumns = {
      timeMs: Float64Array.from([0, 10_000, 20_000, 30_000]),
      lat: Float64Array.from([10, Number.NaN, 10, 10]),
      lon: Float64Array.from([20, 20, 20, 20]),
    };
    for (const params of limits) {
      expect(cleanInKernel(fixed, params)).toEqual(cleanIndexes(fixed, params));
      for (let seed = 1; seed <= 20; seed += 1) {
        const points = track(1000 + seed, 150);
        expect(cleanInKernel(points, params), `seed ${seed}`).toEqual(cleanIndexes(points, params));
      }
    }
  });

  // The kernels (kernel/clean.wat, geo/kernel/coast.wat) square a sine by a multiply where
  // distance.ts writes `x ** 2`: the same only while V8's pow gives x * x for y = 2 (fdlibm's does).
  it('squares as distance.ts does: Math.pow(x, 2) and x ** 2 are x * x', () => {
    const next = mulberry32(7);
    const bits = new Float64Array(1);
    const words = new Uint32Array(bits.buffer);
    const specials = [0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE, 1e-160];
    const xs = [...specials];
    for (let k = 0; k < 200_000; k += 1) {
      words[0] = Math.floor(next() * 2 ** 32);
      words[1] = Math.floor(next() * 2 ** 32);
      xs.push(bits[0] as number, Math.sin((next() - 0.5) * 4));
    }
    const square = (x: number): number => x ** 2;
    const differ = xs.filter(
      (x) => !Object.is(Math.pow(x, 2), x * x) || !Object.is(square(x), x * x),
    );
    expect(differ).toEqual([]);
  });
});
