import { describe, expect, it } from 'vitest';
import { COAST_KERNEL_WASM } from '../src/geo/kernel/coast-wasm.js';
import { distanceKm, EARTH_RADIUS_KM, KM_PER_NM, RAD } from '../src/geo/distance.js';
import { wasmInstance, wasmModule } from '../src/ingest/fast/wasm-module.js';
import { mulberry32 } from '../src/seeded-random.js';
import { CLEAN_KERNEL_WASM } from '../src/tracks/kernel/clean-wasm.js';

/**
 * The bounds the kernels settle most questions by, without trigonometry: the cleaning kernel's
 * distance from above (kernel/clean.wat's distanceAbove), the coast kernel's from below
 * (kernel/coast.wat's distanceBelow). Each must hold against distance.ts's distanceKm, which
 * both kernels compute exactly where a bound leaves the answer open, on every pair of places:
 * a bound a hair on the wrong side changes which fixes are kept or which shore is nearest.
 */
const MATH_IMPORTS = { math: { sin: Math.sin, cos: Math.cos, asin: Math.asin } };

function instance<T>(base64: string): T {
  const module = wasmModule(base64);
  if (module === null) throw new Error('no WebAssembly here');
  return wasmInstance<T>(module, MATH_IMPORTS);
}

/** Pairs of places: steps of every size, near the poles and the antimeridian, and odd values. */
function* pairs(seed: number, n: number): Generator<[number, number, number, number]> {
  const next = mulberry32(seed);
  const odd = [
    0,
    -0,
    90,
    -90,
    89.99999999999993,
    180,
    -180,
    1e-300,
    1e308,
    NaN,
    Infinity,
    -Infinity,
  ];
  for (let k = 0; k < n; k += 1) {
    const kind = k % 5;
    let lat1 = -90 + next() * 180;
    const lon1 = -200 + next() * 400;
    // Within 1e-2 to 1e-7 degrees of a pole, where a latitude's cosine is as small as its roundings.
    if (kind === 1)
      lat1 = (next() < 0.5 ? 1 : -1) * (90 - next() * 10 ** -(2 + Math.floor(next() * 6)));
    const step = 10 ** -Math.floor(next() * 12) * (kind === 4 ? 100 : 1);
    let lat2 = lat1 + (next() - 0.5) * step;
    let lon2 = lon1 + (next() - 0.5) * step;
    if (kind === 2) lat2 = Math.max(-90, Math.min(90, lat2));
    if (kind === 3) {
      // A value out of the odd ones in any of the four places.
      const v = odd[Math.floor(next() * odd.length)] as number;
      const at = Math.floor(next() * 4);
      yield [at === 0 ? v : lat1, at === 1 ? v : lon1, at === 2 ? v : lat2, at === 3 ? v : lon2];
      continue;
    }
    if (kind === 1 && next() < 0.5) {
      // Along the same latitude but for a hair: the longitude's term, scaled by the cosines, decides.
      lat2 = lat1 + (next() - 0.5) * 1e-13;
      lon2 = lon1 + (next() - 0.5);
    }
    if (next() < 0.1) lon2 = lon1;
    yield [lat1, lon1, lat2, lon2];
  }
}

describe('the kernels settle questions by bounds of the distance that hold', () => {
  it('the cleaning kernel: never below distanceKm (NaN where it says nothing)', () => {
    const k = instance<{
      init: (rad: number, radiusKm: number, kmPerNm: number) => void;
      distanceAbove: (lat1: number, lon1: number, lat2: number, lon2: number) => number;
    }>(CLEAN_KERNEL_WASM);
    k.init(RAD, EARTH_RADIUS_KM, KM_PER_NM);
    let settled = 0;
    for (const [lat1, lon1, lat2, lon2] of pairs(1, 300_000)) {
      const above = k.distanceAbove(lat1, lon1, lat2, lon2);
      const exact = distanceKm(lat1, lon1, lat2, lon2);
      if (Number.isNaN(above)) continue;
      settled += 1;
      if (!(above >= exact)) {
        expect.fail(`distanceAbove(${lat1}, ${lon1}, ${lat2}, ${lon2}) = ${above} < ${exact}`);
      }
    }
    expect(settled).toBeGreaterThan(150_000);
  });

  it('the coast kernel: never above distanceKm (0 where it says nothing)', () => {
    const k = instance<{
      init: (...layout: number[]) => void;
      distanceBelow: (
        lat1: number,
        lon1: number,
        cos1: number,
        lat2: number,
        lon2: number,
      ) => number;
    }>(COAST_KERNEL_WASM);
    // Only the constants distanceBelow reads matter here (rad and the Earth's radius).
    const layout = new Array<number>(27).fill(0);
    layout[23] = RAD;
    layout[24] = EARTH_RADIUS_KM;
    k.init(...layout);
    let settled = 0;
    for (const [lat1, lon1, lat2, lon2] of pairs(2, 300_000)) {
      const below = k.distanceBelow(lat1, lon1, Math.cos(lat1 * RAD), lat2, lon2);
      const exact = distanceKm(lat1, lon1, lat2, lon2);
      if (below > 0) settled += 1;
      if (below > exact) {
        expect.fail(`distanceBelow(${lat1}, ${lon1}, ${lat2}, ${lon2}) = ${below} > ${exact}`);
      }
    }
    expect(settled).toBeGreaterThan(150_000);
  });
});
