import { describe, expect, it } from 'vitest';
import { classifyPattern, compareHypot } from '../src/missions/pattern.js';
import {
  circle,
  figureEight,
  fly,
  hole,
  jitter,
  lawnmower,
  polyline,
  stadium,
  turnRadiusKm,
} from './sim.js';

describe('classifyPattern on simulated tracks', () => {
  it.each([
    // Small and large orbits.
    ['MQ-9 orbit, 170 kt, 25° bank (r 1.7 km)', circle(turnRadiusKm(170)), 170, 120, 'orbit'],
    ['RC-135 orbit, 40 km radius, 400 kt', circle(40), 400, 240, 'orbit'],
    // Racetracks across the ISR range: 20–150 km legs at 300–450 kt, turns at 25° bank.
    ['racetrack, 20 km legs, 450 kt', stadium(20, turnRadiusKm(450)), 450, 180, 'racetrack'],
    ['racetrack, 20 km legs, 300 kt', stadium(20, turnRadiusKm(300)), 300, 180, 'racetrack'],
    ['racetrack, 150 km legs, 450 kt', stadium(150, turnRadiusKm(450)), 450, 240, 'racetrack'],
    ['racetrack, 150 km legs, 300 kt', stadium(150, turnRadiusKm(300)), 300, 300, 'racetrack'],
    ['a line flown back and forth (figure eight)', figureEight(90, 12), 350, 240, 'racetrack'],
    // Patrols: area search, one loop, an out-and-back.
    ['lawnmower search, 60 km legs 10 km apart', lawnmower(60, 10, 8), 250, 120, 'patrol'],
    ['a single loop round an area', circle(60), 400, 60, 'patrol'],
    ['out and back, 200 km', polyline([0, 0], [0, 200], [0, 0]), 400, 60, 'patrol'],
    // Transits.
    ['straight transit', polyline([-300, 0], [300, 0]), 450, 45, 'transit'],
    ['transit with a 60° dogleg', polyline([0, 0], [0, 200], [173, 300]), 450, 50, 'transit'],
  ] as const)('%s → %s', (_name, path, kt, minutes, expected) => {
    const loop = expected === 'orbit' || expected === 'racetrack';
    const fixes = fly(path, { kt, minutes, loop });
    expect(classifyPattern(fixes).pattern).toBe(expected);
  });

  it('keeps the call through merged-source noise (300 m) and a 40-minute coverage hole', () => {
    const racetrack = fly(stadium(80, turnRadiusKm(400)), { kt: 400, minutes: 240 });
    const noisy = hole(jitter(racetrack, 0.3), 60, 100);
    const r = classifyPattern(noisy);
    expect(r.pattern).toBe('racetrack');
    expect(r.metrics.lengthKm).toBeGreaterThan(85);
    expect(r.metrics.lengthKm).toBeLessThan(115);
    const orbit = hole(jitter(fly(circle(15), { kt: 300, minutes: 180 }), 0.3, 2), 50, 90);
    expect(classifyPattern(orbit).pattern).toBe('orbit');
  });

  it('reports its measurements: turns, extent of the repeated part, revisits', () => {
    const r = classifyPattern(fly(stadium(60, 9), { kt: 350, minutes: 200 }));
    expect(r.metrics.turns).toBeLessThan(-8); // left turns: anticlockwise
    expect(r.metrics.turnConsistency).toBeGreaterThan(0.9);
    expect(r.metrics.lengthKm).toBeCloseTo(78, -1);
    expect(r.metrics.widthKm).toBeCloseTo(18, -1);
    expect(r.metrics.revisits).toBeGreaterThan(0.8);
  });
});

describe('compareHypot', () => {
  it.each([
    [3, 4, 5, 0],
    [3, 4, 5.000001, -1],
    [3, 4, 4.999999, 1],
    [-3, -4, 5, 0],
    [0, 0, 0, 0],
    [1e-300, 0, 1e-300, 0],
    [Number.NaN, 1, 5, Number.NaN],
    [Number.POSITIVE_INFINITY, 1, 5, 1],
  ])('hypot(%d, %d) against %d', (dx, dy, km, expected) => {
    expect(compareHypot(dx, dy, km)).toBe(expected);
  });

  it('agrees in sign with comparing Math.hypot, at and around the threshold', () => {
    let seed = 3;
    const next = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (let k = 0; k < 20_000; k += 1) {
      const angle = next() * 2 * Math.PI;
      const km = 0.5 + next() * 10;
      // Lengths within a few ulps of km, and farther.
      const r = km * (1 + (next() - 0.5) * (k % 2 === 0 ? 1e-14 : 1e-6));
      const dx = r * Math.cos(angle);
      const dy = r * Math.sin(angle);
      const h = Math.hypot(dx, dy);
      expect(Math.sign(compareHypot(dx, dy, km))).toBe(h < km ? -1 : h > km ? 1 : 0);
    }
  });
});
