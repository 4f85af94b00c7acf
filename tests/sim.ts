import type { Position } from '../src/ingest/types.js';
import { fix } from './helpers.js';

/** Test-side flight simulator: shapes in km around a centre, flown at a speed, sampled by sources. */
export interface Xy {
  readonly x: number;
  readonly y: number;
}

const KM_PER_DEG = 111.195;
const G = 9.80665;
const KT = 0.514444;

/** Turn radius in km at a speed and bank angle: r = v² / (g tan φ). */
export const turnRadiusKm = (kt: number, bankDeg = 25): number =>
  (kt * KT) ** 2 / (G * Math.tan((bankDeg * Math.PI) / 180)) / 1000;

export function circle(rKm: number, n = 360): Xy[] {
  return Array.from({ length: n + 1 }, (_, i) => {
    const a = (i / n) * 2 * Math.PI;
    return { x: rKm * Math.sin(a), y: rKm * Math.cos(a) };
  });
}

/** A racetrack flown with left turns: legs of `legKm`, turns of radius `rKm`. */
export function stadium(legKm: number, rKm: number, n = 90): Xy[] {
  const out: Xy[] = [];
  const half = legKm / 2;
  for (let i = 0; i <= n; i += 1) out.push({ x: -half + (legKm * i) / n, y: -rKm });
  for (let i = 1; i <= n; i += 1) {
    const a = -Math.PI / 2 + (Math.PI * i) / n;
    out.push({ x: half + rKm * Math.cos(a), y: rKm * Math.sin(a) });
  }
  for (let i = 1; i <= n; i += 1) out.push({ x: half - (legKm * i) / n, y: rKm });
  for (let i = 1; i <= n; i += 1) {
    const a = Math.PI / 2 + (Math.PI * i) / n;
    out.push({ x: -half + rKm * Math.cos(a), y: rKm * Math.sin(a) });
  }
  return out;
}

/** A figure-eight along the x axis: the same line flown back and forth with alternating turns. */
export function figureEight(lengthKm: number, widthKm: number, n = 720): Xy[] {
  return Array.from({ length: n + 1 }, (_, i) => {
    const t = (i / n) * 2 * Math.PI;
    return { x: (lengthKm / 2) * Math.sin(t), y: (widthKm / 2) * Math.sin(2 * t) };
  });
}

/** Parallel search legs `spacingKm` apart, progressing north (a lawnmower). */
export function lawnmower(legKm: number, spacingKm: number, legs: number): Xy[] {
  const out: Xy[] = [];
  for (let k = 0; k < legs; k += 1) {
    const y = k * spacingKm;
    const [a, b] = k % 2 === 0 ? [-legKm / 2, legKm / 2] : [legKm / 2, -legKm / 2];
    for (let i = 0; i <= 20; i += 1) out.push({ x: a + ((b - a) * i) / 20, y });
  }
  return out;
}

export const polyline = (...pts: [number, number][]): Xy[] => pts.map(([x, y]) => ({ x, y }));

/** Point at distance `s` along the polyline, wrapping round when `loop`. */
function along(path: readonly Xy[], cumulative: readonly number[], s: number, loop: boolean): Xy {
  const total = cumulative[cumulative.length - 1] as number;
  let d = loop ? ((s % total) + total) % total : Math.min(s, total);
  let i = 1;
  while (i < cumulative.length - 1 && (cumulative[i] as number) < d) i += 1;
  const a = path[i - 1] as Xy;
  const b = path[i] as Xy;
  const seg = (cumulative[i] as number) - (cumulative[i - 1] as number);
  d -= cumulative[i - 1] as number;
  const f = seg === 0 ? 0 : d / seg;
  return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
}

export interface FlyOptions {
  readonly center?: readonly [lat: number, lon: number];
  readonly kt: number;
  readonly minutes: number;
  readonly everyS?: number;
  readonly loop?: boolean;
  readonly startMs?: number;
  readonly hex?: string;
  readonly altitudeFt?: number;
}

/** The true flight: one position a second along the path at constant speed. */
export function fly(path: readonly Xy[], o: FlyOptions): Position[] {
  const cumulative = [0];
  for (let i = 1; i < path.length; i += 1) {
    const a = path[i - 1] as Xy;
    const b = path[i] as Xy;
    cumulative.push((cumulative[i - 1] as number) + Math.hypot(b.x - a.x, b.y - a.y));
  }
  const [lat0, lon0] = o.center ?? [26.5, -110.5];
  const kmPerS = (o.kt * 1.852) / 3600;
  const every = o.everyS ?? 10;
  const start = o.startMs ?? Date.parse('2025-02-03T16:00:00Z');
  const out: Position[] = [];
  for (let t = 0; t <= o.minutes * 60; t += every) {
    const p = along(path, cumulative, t * kmPerS, o.loop ?? true);
    out.push(
      fix({
        hex: o.hex ?? 'ae6881',
        timeMs: start + t * 1000,
        lat: lat0 + p.y / KM_PER_DEG,
        lon: lon0 + p.x / (KM_PER_DEG * Math.cos((lat0 * Math.PI) / 180)),
        altitudeFt: o.altitudeFt ?? 25_000,
        groundSpeedKt: o.kt,
        source: { fileIndex: 0, line: out.length + 2 },
      }),
    );
  }
  return out;
}

/** Deterministic pseudo-random numbers (LCG). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Moves each fix up to `km` in a random direction (receiver and clock noise). */
export function jitter(fixes: readonly Position[], km: number, seed = 1): Position[] {
  const next = rng(seed);
  return fixes.map((p) => {
    const a = next() * 2 * Math.PI;
    const r = next() * km;
    return {
      ...p,
      lat: p.lat + (r * Math.cos(a)) / KM_PER_DEG,
      lon: p.lon + (r * Math.sin(a)) / (KM_PER_DEG * Math.cos((p.lat * Math.PI) / 180)),
    };
  });
}

/** Drops the fixes between two minutes after the start (a coverage hole). */
export function hole(fixes: readonly Position[], fromMin: number, toMin: number): Position[] {
  const t0 = fixes[0]?.timeMs ?? 0;
  return fixes.filter((p) => p.timeMs < t0 + fromMin * 60_000 || p.timeMs >= t0 + toMin * 60_000);
}
