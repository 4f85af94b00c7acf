import { beforeAll, describe, expect, it } from 'vitest';
import { loadCoast } from '../src/cli/context.js';
import type { Coast } from '../src/geo/coast.js';
import type { Position } from '../src/ingest/types.js';
import { buildSorties } from '../src/tracks/build.js';
import { DEFAULT_TRACK_PARAMS } from '../src/tracks/types.js';
import { fix } from './helpers.js';

const MIN = 60_000;
const T0 = Date.parse('2025-02-03T12:00:00Z');

let coast: Coast;
beforeAll(async () => {
  coast = await loadCoast();
});

/** One fix a minute from minute `from` to `to` (inclusive), position and altitude by minute. */
function leg(
  from: number,
  to: number,
  at: (min: number) => { lat: number; lon: number; alt: number },
): Position[] {
  const out: Position[] = [];
  for (let m = from; m <= to; m += 1) {
    const { lat, lon, alt } = at(m);
    out.push(
      fix({ timeMs: T0 + m * MIN, lat, lon, altitudeFt: alt, source: { fileIndex: 0, line: m } }),
    );
  }
  return out;
}

/** Level at `highFt`, descending over the last 20 minutes to `lowFt`, around (lat, lon). */
const descend =
  (lat: number, lon: number, highFt: number, lowFt: number, endMin: number) => (m: number) => ({
    lat: lat + (endMin - m) * 0.02,
    lon,
    alt: m < endMin - 20 ? highFt : lowFt + ((highFt - lowFt) * (endMin - m)) / 20,
  });
/** From `lowFt`, climbing over 20 minutes to `highFt`, leaving (lat, lon). */
const climb =
  (lat: number, lon: number, lowFt: number, highFt: number, startMin: number) => (m: number) => ({
    lat: lat + (m - startMin) * 0.02,
    lon,
    alt: m > startMin + 20 ? highFt : lowFt + ((highFt - lowFt) * (m - startMin)) / 20,
  });

const HERMOSILLO = { lat: 29.1, lon: -111.05 }; // an inland airport
const MID_GULF = { lat: 26.5, lon: -110.5 }; // more than 40 km from any shore

const split = (fixes: Position[], c: Coast | null = coast) =>
  buildSorties(fixes, DEFAULT_TRACK_PARAMS, c).sorties.map((s) => [s.startedBy, s.endedBy]);

describe('sortie boundaries follow the aircraft, not the receivers', () => {
  it('infers a landing from a descent, 50 silent minutes over land and a climb from the same field', () => {
    const { lat, lon } = HERMOSILLO;
    const fixes = [
      ...leg(0, 60, descend(lat, lon, 25_000, 2_000, 60)),
      ...leg(110, 170, climb(lat + 0.03, lon, 1_500, 20_000, 110)),
    ];
    expect(split(fixes)).toEqual([
      ['first-fix', 'inferred-landing'],
      ['inferred-take-off', 'last-fix'],
    ]);
  });

  it('never splits at a coverage hole over open water, even at low level after a descent', () => {
    const { lat, lon } = MID_GULF;
    const fixes = [
      ...leg(0, 60, descend(lat, lon, 25_000, 1_000, 60)),
      ...leg(100, 160, climb(lat + 0.01, lon, 1_200, 20_000, 100)),
    ];
    expect(split(fixes)).toEqual([['first-fix', 'last-fix']]);
    // Without coastline data the position cannot rule the landing out.
    expect(split(fixes, null)).toEqual([
      ['first-fix', 'inferred-landing'],
      ['inferred-take-off', 'last-fix'],
    ]);
  });

  it.each([
    ['at cruise altitude', 25_000, 25_000, 0.03],
    ['low but reappearing 200 km away', 2_000, 2_000, 1.8],
  ])('does not infer a landing over land %s', (_what, lowBefore, lowAfter, dLat) => {
    const { lat, lon } = HERMOSILLO;
    const fixes = [
      ...leg(0, 60, descend(lat, lon, 28_000, lowBefore, 60)),
      ...leg(100, 160, climb(lat + dLat, lon, lowAfter, 28_000, 100)),
    ];
    expect(split(fixes)).toEqual([['first-fix', 'last-fix']]);
  });

  it('does not infer a landing without a major descent before and a climb after (a low-level survey)', () => {
    const { lat, lon } = HERMOSILLO;
    const level = (m: number) => ({ lat: lat + m * 0.001, lon, alt: 3_000 });
    expect(split([...leg(0, 60, level), ...leg(100, 160, level)])).toEqual([
      ['first-fix', 'last-fix'],
    ]);
  });

  it('falls back on --gap only when no landing explains the silence', () => {
    const { lat, lon } = MID_GULF;
    const level = (m: number) => ({ lat, lon: lon + m * 0.001, alt: 25_000 });
    expect(split([...leg(0, 60, level), ...leg(200, 260, level)])).toEqual([
      ['first-fix', 'gap'],
      ['after-gap', 'last-fix'],
    ]);
  });

  it('ignores ground reports that their own speed contradicts (a flag glitch at 420 kt)', () => {
    const { lat, lon } = MID_GULF;
    const fixes = leg(0, 60, (m) => ({ lat, lon: lon + m * 0.1, alt: 25_000 }));
    for (let k = 20; k < 24; k += 1)
      fixes[k] = { ...fixes[k]!, onGround: true, groundSpeedKt: 420 };
    expect(split(fixes)).toEqual([['first-fix', 'last-fix']]);
    for (let k = 20; k < 24; k += 1) fixes[k] = { ...fixes[k]!, groundSpeedKt: 15 };
    expect(split(fixes)).toEqual([
      ['first-fix', 'landing'],
      ['take-off', 'last-fix'],
    ]);
  });
});
