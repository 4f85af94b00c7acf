import { beforeAll, describe, expect, it } from 'vitest';
import { loadCoast } from '../src/cli/context.js';
import { coastFromIndex, type Coast } from '../src/geo/coast.js';
import { coastArea } from '../src/geo/coast-areas.js';
import { distanceKm } from '../src/geo/distance.js';
import type { Position } from '../src/ingest/types.js';
import { mulberry32 } from '../src/seeded-random.js';
import {
  assessTerritorial,
  TERRITORIAL_SEA_KM,
  withinFraction,
} from '../src/missions/territorial.js';
import { circle, fly, hole } from './sim.js';

let coast: Coast;
beforeAll(async () => {
  coast = await loadCoast();
});

const MID_GULF: [number, number] = [26.5, -110.5];

/** An orbit round `center` whose closest approach to land is exactly `closestKm`. */
function orbitWithClosest(center: [number, number], closestKm: number) {
  const d = coast.surfaceAt(center[0], center[1])!.landKm;
  return fly(circle(d - closestKm), { center, kt: 300, minutes: 180, everyS: 10 });
}

describe('assessTerritorial', () => {
  it('an orbit far offshore stays in international airspace', () => {
    const t = assessTerritorial(
      fly(circle(20), { center: MID_GULF, kt: 350, minutes: 180 }),
      coast,
    );
    expect(t.verdict).toBe('international');
    expect(t.closestKm).toBeGreaterThan(40);
    expect(t.minutesWithin12Nm).toBe(0);
    expect(t.closestFix).not.toBeNull();
  });

  it.each([
    [19.7, 'entered-territorial'],
    [21.5, 'undetermined'],
    [22.5, 'undetermined'],
    [24.0, 'undetermined'],
    [24.8, 'international'],
  ] as const)(
    'an orbit whose closest approach is %f km (12 NM = 22.224 km, margin 2 km): %s',
    (closestKm, verdict) => {
      const t = assessTerritorial(orbitWithClosest(MID_GULF, closestKm), coast);
      expect(t.closestKm).toBeCloseTo(closestKm, 1);
      expect(t.verdict).toBe(verdict);
    },
  );

  it('an orbit that crosses into the 12 NM band: entered, with the time spent inside it', () => {
    const fixes = orbitWithClosest(MID_GULF, 10);
    const t = assessTerritorial(fixes, coast);
    expect(t.verdict).toBe('entered-territorial');
    expect(Math.abs(t.closestKm! - 10)).toBeLessThan(0.2);
    // The same time measured on the fixes alone, at 10 s resolution.
    let within = 0;
    for (let i = 1; i < fixes.length; i += 1) {
      const s = coast.surfaceAt(fixes[i]!.lat, fixes[i]!.lon)!;
      if (s.landKm <= TERRITORIAL_SEA_KM)
        within += (fixes[i]!.timeMs - fixes[i - 1]!.timeMs) / 60_000;
    }
    expect(within).toBeGreaterThan(10);
    expect(t.minutesWithin12Nm).toBeCloseTo(within, 0);
  });

  it('over land is inside territorial airspace, at 0 km', () => {
    const t = assessTerritorial(
      fly(circle(5), { center: [29.1, -111.0], kt: 300, minutes: 30 }),
      coast,
    );
    expect(t.verdict).toBe('entered-territorial');
    expect(t.closestKm).toBe(0);
    expect(t.minutesWithin12Nm).toBeCloseTo(30, 0);
  });

  it('does not decide where the coastline data does not reach, and says how much was unobserved', () => {
    const far = assessTerritorial(
      fly(circle(20), { center: [40, -100], kt: 300, minutes: 30 }),
      coast,
    );
    expect(far).toMatchObject({ verdict: 'undetermined', closestKm: null, closestFix: null });
    expect(far.fixesNotCovered).toBeGreaterThan(100);
    const holed = assessTerritorial(
      hole(fly(circle(20), { center: MID_GULF, kt: 350, minutes: 180 }), 60, 100),
      coast,
    );
    expect(holed.verdict).toBe('international');
    expect(holed.minutesUnobserved).toBeCloseTo(40, 0);
  });
});

describe('missions measured one after the other on one coast', () => {
  it('have the same figures whatever was asked of the coast before, near the edges of the data too', async () => {
    // Beyond the limit a fix is asked with, a distance is a bound found from the last segment a
    // search found, which near the edge of the data's box could start a crossing's search.
    const random = mulberry32(5);
    let cases = 0;
    let crossing = 0;
    const differ: string[] = [];
    for (const id of ['nw-mexico', 'baja-pacific', 'gulf-of-mexico', 'southern-caribbean']) {
      const base = await loadCoast(id);
      const area = coastArea(id);
      if (area === undefined) throw new Error(`no coast area ${id}`);
      const [west, south, east, north] = area.coverage;
      for (const engine of ['webassembly', 'javascript'] as const) {
        const made = (): Coast =>
          coastFromIndex(base.index(), { source: area.source, coverage: area.coverage, engine });
        // One coast asked only the missions, one asked other questions between them.
        const quiet = made();
        const asked = made();
        let tracks = 0;
        for (let tries = 0; tries < 400_000 && tracks < 1500; tries += 1) {
          // A fix within 12 NM of land, within a degree of an edge of the box...
          const side = Math.floor(random() * 4);
          const lat =
            side === 0
              ? south + random()
              : side === 1
                ? north - random()
                : south + random() * (north - south);
          const lon =
            side === 2
              ? west + random()
              : side === 3
                ? east - random()
                : west + random() * (east - west);
          const a = base.surfaceAt(lat, lon);
          if (a === null || a.land || a.landKm > 22) continue;
          // ... one 10 to 130 km away beyond 12 NM, and one up to a degree away before both.
          const km = 10 + random() * 120;
          const heading = random() * 2 * Math.PI;
          const far = {
            lat: lat + (km / 111.2) * Math.cos(heading),
            lon: lon + (km / (111.2 * Math.cos((lat * Math.PI) / 180))) * Math.sin(heading),
          };
          const b = base.surfaceAt(far.lat, far.lon);
          if (b === null || b.land || b.landKm <= TERRITORIAL_SEA_KM) continue;
          tracks += 1;
          const before = { lat: lat + random() - 0.5, lon: lon + random() - 0.5, timeMs: -600_000 };
          for (const track of [
            [
              { lat, lon, timeMs: 0 },
              { ...far, timeMs: 240_000 },
            ],
            [before, { lat, lon, timeMs: 0 }, { ...far, timeMs: 240_000 }],
            [
              { ...far, timeMs: 0 },
              { lat, lon, timeMs: 240_000 },
            ],
          ] as Position[][]) {
            for (let q = 0; q < 3; q += 1) {
              asked.surfaceAt(
                south + random() * (north - south),
                west + random() * (east - west),
                random() < 0.5 ? undefined : random() * 60,
              );
            }
            cases += 1;
            const expected = assessTerritorial(track, quiet);
            if (expected.minutesWithin12Nm > 0) crossing += 1;
            if (JSON.stringify(assessTerritorial(track, asked)) !== JSON.stringify(expected)) {
              differ.push(`${id} ${engine} ${JSON.stringify(track)}`);
            }
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(30_000);
    expect(crossing).toBeGreaterThan(10_000);
    expect(differ).toEqual([]);
  });
});

describe('the crossing of the 12 NM line within a step', () => {
  const at = (lat: number, lon: number): Position =>
    ({ lat, lon, timeMs: 0 }) as unknown as Position;
  const landKm = (lat: number, lon: number): number | null =>
    coast.surfaceAt(lat, lon)?.landKm ?? null;
  const within = (lat: number, lon: number): boolean => {
    const d = landKm(lat, lon);
    return d !== null && d <= TERRITORIAL_SEA_KM;
  };
  /** The crossing by bisection to 2^-40 of the step, on the same test of a point. */
  function bisected(a: Position, b: Position): number {
    const aWithin = within(a.lat, a.lon);
    let lo = 0;
    let hi = 1;
    for (let k = 0; k < 40; k += 1) {
      const mid = (lo + hi) / 2;
      const w = within(a.lat + (b.lat - a.lat) * mid, a.lon + (b.lon - a.lon) * mid);
      if (w === aWithin) lo = mid;
      else hi = mid;
    }
    return aWithin ? lo : 1 - lo;
  }

  /** withinFraction of the step a→b, from its ends' exact distances. */
  const fromExactEnds = (a: Position, b: Position): number =>
    withinFraction(
      coast,
      a,
      b,
      within(a.lat, a.lon),
      landKm(a.lat, a.lon) as number,
      landKm(b.lat, b.lon) as number,
    );

  /** Seeded steps of 0.5 to 30 km across the 12 NM line round the Gulf, as orbits cross it. */
  function crossingSteps(n: number): [Position, Position][] {
    const random = mulberry32(12);
    const steps: [Position, Position][] = [];
    while (steps.length < n) {
      const lat = 23 + random() * 8;
      const lon = -115 + random() * 6;
      const d = landKm(lat, lon);
      if (d === null || Math.abs(d - TERRITORIAL_SEA_KM) > 10) continue;
      const lengthKm = 0.5 + random() * 29.5;
      const heading = random() * 2 * Math.PI;
      const dLat = ((lengthKm / 2) * Math.cos(heading)) / 111.2;
      const dLon = ((lengthKm / 2) * Math.sin(heading)) / (111.2 * Math.cos((lat * Math.PI) / 180));
      const a = at(lat - dLat, lon - dLon);
      const b = at(lat + dLat, lon + dLon);
      if (landKm(a.lat, a.lon) === null || landKm(b.lat, b.lon) === null) continue;
      if (within(a.lat, a.lon) !== within(b.lat, b.lon)) steps.push([a, b]);
    }
    return steps;
  }

  it.each([
    // Uncovered from 30.12° on: no point the data does not cover counts as within 12 NM.
    ['before the line', [30.12, 30.45], 0.12 / 0.5],
    // Uncovered only beyond the line: the line itself decides.
    ['beyond the line', [30.3, 30.4], TERRITORIAL_SEA_KM / 111.2 / 0.5],
  ] as const)(
    'takes a stretch the coastline data does not cover (%s) as outside 12 NM',
    (_, [from, to], expected) => {
      // A straight shore along 30°N, land to the south, the data missing between `from` and `to`.
      const shore = {
        surfaceAt: (lat: number) =>
          lat >= from && lat < to ? null : { land: false, landKm: (lat - 30) * 111.2 },
        prepare: () => undefined,
      } as unknown as Coast;
      const a = at(30, -110);
      const b = at(30.5, -110);
      for (const [p, q, pWithin] of [
        [a, b, true],
        [b, a, false],
      ] as const) {
        const f = withinFraction(shore, p, q, pWithin, (p.lat - 30) * 111.2, (q.lat - 30) * 111.2);
        expect(f).toBeCloseTo(expected, 3);
      }
    },
  );

  it('finds a point on the line, where bisection to 2^-40 of the step finds it', () => {
    let agree = 0;
    const steps = crossingSteps(400);
    for (const [a, b] of steps) {
      const aWithin = within(a.lat, a.lon);
      const f = fromExactEnds(a, b);
      const t = aWithin ? f : 1 - f;
      const stepKm = distanceKm(a.lat, a.lon, b.lat, b.lon);
      const d = landKm(a.lat + (b.lat - a.lat) * t, a.lon + (b.lon - a.lon) * t) as number;
      // On the line: within what the point test can tell (the resolution of the step, 2^-12).
      expect(Math.abs(d - TERRITORIAL_SEA_KM)).toBeLessThanOrEqual(
        Math.max(0.0005, stepKm * 2 ** -12) + 1e-9,
      );
      if (Math.abs(f - bisected(a, b)) <= 2 ** -12) agree += 1;
    }
    // Not all: a step that meets the line at a slant may stop 0.5 m from the line, farther than
    // 1/4096 of the step from bisection's point along it; a step may also cross it twice.
    expect(agree / steps.length).toBeGreaterThan(0.97);
  });

  it('starts each crossing from the exact distances of its ends, in any order of missions', () => {
    // Beyond the limit it is asked with, a distance is only bounded (by the memo's cell, or by
    // the shore the last search found, which near the edges of the data's box can decide): the
    // crossing must not start from such a bound, or its answer could depend on the missions
    // measured before it on the same thread.
    const stepMs = 60_000;
    const track = (a: Position, b: Position): Position[] => [a, { ...b, timeMs: stepMs }];
    const steps = crossingSteps(200);
    const expected = steps.map(([a, b]) => (stepMs * fromExactEnds(a, b)) / 60_000);
    const measured = (order: number[]): number[] => {
      const out: number[] = new Array<number>(steps.length);
      for (const k of order) {
        const [a, b] = steps[k] as [Position, Position];
        out[k] = assessTerritorial(track(a, b), coast).minutesWithin12Nm;
      }
      return out;
    };
    const forward = steps.map((_, k) => k);
    expect(measured(forward)).toEqual(expected);
    expect(measured([...forward].reverse())).toEqual(expected);
  });
});
