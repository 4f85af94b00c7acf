import { describe, expect, it } from 'vitest';
import type { Position } from '../src/ingest/types.js';
import { buildSorties } from '../src/tracks/build.js';
import { stitchSorties } from '../src/tracks/stitch.js';
import { DEFAULT_TRACK_PARAMS } from '../src/tracks/types.js';
import { fix } from './helpers.js';

const MIN = 60_000;
const T0 = Date.parse('2025-02-03T16:00:00Z');
const TYPES: Record<string, string> = {
  ae6881: 'P8',
  ae68f0: 'P8',
  ae68f1: 'P8',
  ae01c7: 'R135',
};
const typeOf = (hex: string): string | null => TYPES[hex] ?? null;

/**
 * A P-8 orbit over the mid-Gulf: 30 km radius at 350 kt (a lap in about 17 minutes), one fix a
 * minute from `from` to `to`, under address `hex` and callsign `callsign`.
 */
function orbit(
  hex: string,
  from: number,
  to: number,
  over: Partial<Position> = {},
  center: [number, number] = [26.5, -110.5],
): Position[] {
  const out: Position[] = [];
  for (let m = from; m <= to; m += 1) {
    const a = (m / 17) * 2 * Math.PI;
    out.push(
      fix({
        hex,
        callsign: 'PELT31',
        timeMs: T0 + m * MIN,
        lat: center[0] + (30 / 111.2) * Math.cos(a),
        lon: center[1] + (30 / 99.5) * Math.sin(a),
        altitudeFt: 24_000,
        groundSpeedKt: 350,
        source: { fileIndex: 0, line: m + 2 },
        ...over,
      }),
    );
  }
  return out;
}

function stitch(positions: Position[]) {
  const { sorties } = buildSorties(positions, DEFAULT_TRACK_PARAMS);
  return stitchSorties(sorties, typeOf, DEFAULT_TRACK_PARAMS);
}

describe('stitchSorties: one aircraft across an address change', () => {
  it('joins a track whose address changes in flight, and shows the join', () => {
    const joined = stitch([...orbit('ae6881', 0, 90), ...orbit('ae68f0', 94, 200)]);
    expect(joined).toHaveLength(1);
    const [s] = joined;
    expect(s!.hex).toBe('ae6881');
    expect(s!.fixes).toHaveLength(91 + 107);
    expect(s!.hexChanges).toHaveLength(1);
    expect(s!.hexChanges[0]).toMatchObject({
      fromHex: 'ae6881',
      toHex: 'ae68f0',
      gapMs: 4 * MIN,
      callsign: 'PELT31',
      type: 'P8',
      transitions: 1,
    });
    expect(s!.hexChanges[0]!.impliedSpeedKt).toBeLessThan(350);
  });

  it.each([
    ['another callsign', { callsign: 'PELT32' }, [26.5, -110.5], 4],
    ['another type', { hex: 'ae01c7' }, [26.5, -110.5], 4],
    ['too far for the time (600 km in 4 minutes)', {}, [31.5, -113.5], 4],
    ['after a silence longer than --gap', {}, [26.5, -110.5], 150],
  ] as const)('does not join a successor with %s', (_what, over, center, after) => {
    const next = orbit('ae68f0', 90 + after, 300, over, [center[0], center[1]]);
    expect(stitch([...orbit('ae6881', 0, 90), ...next])).toHaveLength(2);
  });

  it('never merges two aircraft airborne at the same time in different places', () => {
    const a = orbit('ae6881', 0, 120);
    const b = orbit('ae68f0', 60, 200, {}, [27.5, -111.3]);
    const out = stitch([...a, ...b]);
    expect(out).toHaveLength(2);
    expect(out.every((s) => s.hexChanges.length === 0)).toBe(true);
  });

  it('merges the same fixes reported under two addresses at once, counting each fix once', () => {
    // One source gives the tactical code, another (an FR24 file given --aircraft) the airframe's.
    const a = orbit('ae6881', 0, 120, { source: { fileIndex: 1, line: 1 } });
    const b = orbit('ae68f0', 60, 200).map((p) => ({ ...p, timeMs: p.timeMs + 1000 }));
    const out = stitch([...a, ...b]);
    expect(out).toHaveLength(1);
    expect(out[0]!.fixes).toHaveLength(201);
    expect(out[0]!.duplicates).toHaveLength(61);
    expect(out[0]!.hexChanges[0]!.transitions).toBeGreaterThan(1);
  });

  it('joins an address used for part of a sortie and then dropped (A, B, then A again)', () => {
    const out = stitch([
      ...orbit('ae6881', 0, 60),
      ...orbit('ae68f0', 63, 100),
      ...orbit('ae6881', 103, 160),
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]!.hexChanges).toMatchObject([
      { fromHex: 'ae6881', toHex: 'ae68f0', transitions: 2 },
    ]);
  });

  it('joins nothing when two candidates could each be the continuation', () => {
    const a = orbit('ae6881', 0, 90);
    const b = orbit('ae68f0', 93, 200, {}, [26.55, -110.5]);
    const c = orbit('ae68f1', 93, 200, {}, [26.45, -110.5]);
    // Each alone is a good continuation ...
    expect(stitch([...a, ...b])).toHaveLength(1);
    expect(stitch([...a, ...c])).toHaveLength(1);
    // ... but together they are two aircraft 11 km apart: nothing is joined.
    expect(stitch([...a, ...b, ...c])).toHaveLength(3);
  });

  it('does not join across a landing', () => {
    const a = orbit('ae6881', 0, 90);
    const last = a[a.length - 1]!;
    const ground = [1, 2, 3].map((k) =>
      fix({
        ...last,
        timeMs: last.timeMs + k * MIN,
        onGround: true,
        altitudeFt: 0,
        groundSpeedKt: 10,
      }),
    );
    expect(stitch([...a, ...orbit('ae68f0', 100, 200)])).toHaveLength(1);
    const out = stitch([...a, ...ground, ...orbit('ae68f0', 100, 200)]);
    expect(out.map((s) => [s.hex, s.endedBy])).toEqual([
      ['ae6881', 'landing'],
      ['ae68f0', 'last-fix'],
    ]);
  });
});
