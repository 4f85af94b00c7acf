import { beforeAll, describe, expect, it } from 'vitest';
import { loadCoast } from '../src/cli/context.js';
import type { Coast } from '../src/geo/coast.js';
import { assessTerritorial, TERRITORIAL_SEA_KM } from '../src/missions/territorial.js';
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
