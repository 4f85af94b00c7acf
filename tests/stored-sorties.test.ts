import { beforeAll, describe, expect, it } from 'vitest';
import { loadCoast } from '../src/cli/context.js';
import type { Coast } from '../src/geo/coast.js';
import { FixStore } from '../src/ingest/fix-store.js';
import type { Position } from '../src/ingest/types.js';
import { buildSorties, buildStoredSorties, loadSortie } from '../src/tracks/build.js';
import { DEFAULT_TRACK_PARAMS, type Sortie, type TrackParams } from '../src/tracks/types.js';
import { fix } from './helpers.js';
import { rng } from './sim.js';

const MIN = 60_000;
const T0 = Date.parse('2025-02-03T12:00:00Z');

let coast: Coast;
beforeAll(async () => {
  coast = await loadCoast();
});

/**
 * A seeded track of two aircraft over two input files: fixes every 10–60 s, silences of 5 minutes
 * to 7 hours (some low over land, where a landing may be inferred across them), ground runs (a
 * share `groundShare` of the fixes start one), far-off glitches right after silences, the same fix
 * reported by a second file, and callsigns written in more than one way.
 */
function track(seed: number, groundShare = 0.01): Position[] {
  const next = rng(seed);
  const out: Position[] = [];
  for (const hex of ['ae01c7', 'ae01c5']) {
    let t = T0;
    let lat = 29.1;
    let lon = -111.05;
    let alt = 20_000;
    let ground = 0;
    for (let k = 0; k < 1500; k += 1) {
      const r = next();
      if (r < 0.02) {
        const holes = [5, 20, 29, 31, 45, 119, 121, 130, 200, 420];
        t += (holes[Math.floor(next() * holes.length)] as number) * MIN;
        if (next() < 0.5) alt = 1_000 + next() * 3_000;
      } else t += 10_000 + Math.floor(next() * 50) * 1_000;
      if (ground === 0 && next() < groundShare) ground = 1 + Math.floor(next() * 12);
      lat += (next() - 0.5) * 0.02;
      lon += (next() - 0.5) * 0.02;
      alt = Math.max(0, alt + (next() - 0.5) * 1_500);
      const onGround = ground > 0;
      if (ground > 0) ground -= 1;
      const glitch = next() < 0.01;
      const p = fix({
        hex,
        timeMs: t,
        lat: glitch ? lat + 5 : lat,
        lon,
        altitudeFt: onGround ? null : Math.round(alt),
        onGround,
        groundSpeedKt: onGround ? (next() < 0.1 ? 300 : 12) : 330,
        callsign: k % 7 === 0 ? 'HOMER21' : k % 11 === 0 ? ' homer22 ' : null,
        source: { fileIndex: 0, line: k + 1 },
      });
      out.push(p);
      if (next() < 0.05) out.push({ ...p, lat: p.lat + 0.001, source: { fileIndex: 1, line: k } });
    }
  }
  return out;
}

const params: [string, TrackParams][] = [
  ['the default gap', DEFAULT_TRACK_PARAMS],
  [
    'a gap shorter than the inferred-landing look-back',
    { ...DEFAULT_TRACK_PARAMS, gapMs: 10 * MIN },
  ],
  ['a long gap', { ...DEFAULT_TRACK_PARAMS, gapMs: 6 * 60 * MIN }],
];

/** What stitching reads of a sortie, as the sortie's fixes give it. */
function outline(s: Sortie): { startMs: number; endMs: number; callsigns: string[] } {
  const callsigns = s.fixes.flatMap((p) => (p.callsign === null ? [] : [p.callsign]));
  return {
    startMs: s.fixes[0]?.timeMs ?? NaN,
    endMs: s.fixes[s.fixes.length - 1]?.timeMs ?? NaN,
    callsigns: [...new Set(callsigns.map((c) => c.trim().toUpperCase()))],
  };
}

describe('sorties built from the store a stretch at a time equal those of the whole track', () => {
  // With no ground runs, most stretches hold nothing that could end a sortie: they are read from
  // the store's columns as one sortie, without positions.
  const grounds: [string, number][] = [
    ['ground runs', 0.01],
    ['airborne only', 0],
  ];
  for (const [name, p] of params) {
    for (const [kind, groundShare] of grounds) {
      it.each([1, 2, 3, 4, 5, 6])(`${name}, ${kind}, seed %i`, (seed) => {
        const positions = track(seed, groundShare);
        const whole = buildSorties(positions, p, coast);
        const store = FixStore.of(positions);
        const stored = buildStoredSorties(store, p, coast);
        expect(stored.stats).toEqual(whole.stats);
        const loaded = stored.sorties.map((s) => loadSortie(store, s));
        expect(loaded.map((s) => [s.startedBy, s.endedBy])).toEqual(
          whole.sorties.map((s) => [s.startedBy, s.endedBy]),
        );
        expect(loaded).toEqual(whole.sorties);
        // A sortie's box, where given, is the bounds of its fixes: missions are looked for only
        // in the sorties whose box meets the region's.
        for (const [k, s] of stored.sorties.entries()) {
          if (s.box === undefined) continue;
          const fixes = loaded[k]?.fixes ?? [];
          const lons = fixes.map((f) => f.lon);
          const lats = fixes.map((f) => f.lat);
          expect(s.box).toEqual([
            Math.min(...lons),
            Math.min(...lats),
            Math.max(...lons),
            Math.max(...lats),
          ]);
        }
        if (groundShare === 0 && p === DEFAULT_TRACK_PARAMS)
          expect(stored.sorties.some((s) => s.box !== undefined)).toBe(true);
        expect(
          stored.sorties.map((s) => ({
            startMs: s.startMs,
            endMs: s.endMs,
            callsigns: [...s.callsigns],
          })),
        ).toEqual(whole.sorties.map(outline));
        // The tracks hold every kind of boundary the stretch ends must reproduce.
        const labels = new Set(whole.sorties.flatMap((s) => [s.startedBy, s.endedBy]));
        if (p === DEFAULT_TRACK_PARAMS) expect(labels).toContain('after-gap');
        if (groundShare === 0) expect(labels).toContain('first-fix');
      });
    }
  }

  // A store whose fixes are not in time order (files read in another order, a file's rows out
  // of order): each aircraft's fixes are sorted on the way, with the same sorties.
  it.each([
    ['reversed', (ps: Position[]) => [...ps].reverse()],
    [
      'pairs swapped',
      (ps: Position[]) => ps.map((_, i) => ps[i % 2 === 0 ? i + 1 : i - 1] ?? ps[i]),
    ],
    [
      // Only ties out of order: each report of the second file just before the same fix's.
      'each second report first',
      (ps: Position[]) => {
        const out = [...ps];
        for (let i = 0; i + 1 < out.length; i += 1) {
          const [a, b] = [out[i] as Position, out[i + 1] as Position];
          if (a.timeMs === b.timeMs && b.source.fileIndex === 1) [out[i], out[i + 1]] = [b, a];
        }
        return out;
      },
    ],
    [
      'the second file first',
      (ps: Position[]) => [...ps].sort((a, b) => b.source.fileIndex - a.source.fileIndex),
    ],
  ] as const)('a store in another order (%s)', (_name, reorder) => {
    const positions = track(7);
    const whole = buildSorties(positions, DEFAULT_TRACK_PARAMS, coast);
    const store = FixStore.of(reorder(positions) as Position[]);
    const stored = buildStoredSorties(store, DEFAULT_TRACK_PARAMS, coast);
    expect(stored.stats).toEqual(whole.stats);
    expect(stored.sorties.map((s) => loadSortie(store, s))).toEqual(whole.sorties);
  });

  // An aircraft's columns are views of arrays reused by the next (reused-columns.ts): sorties
  // kept from one must not change when the next, smaller or bigger, is built over them.
  it("keeps each aircraft's sorties whole while the next ones reuse its columns", () => {
    const renamed = (ps: Position[], hexes: Record<string, string>, keep: number): Position[] =>
      ps
        .filter((_, i) => i % keep === 0)
        .map((q) => ({ ...q, hex: hexes[q.hex as string] ?? q.hex }));
    const positions = [
      ...renamed(track(11), { ae01c5: 'ae0001', ae01c7: 'ae0003' }, 1),
      ...renamed(track(12), { ae01c5: 'ae0002', ae01c7: 'ae0004' }, 40),
      ...renamed(track(13, 0), { ae01c5: 'ae0005', ae01c7: 'ae0006' }, 1),
    ];
    const whole = buildSorties(positions, DEFAULT_TRACK_PARAMS, coast);
    const store = FixStore.of(positions);
    const stored = buildStoredSorties(store, DEFAULT_TRACK_PARAMS, coast);
    expect(new Set(stored.sorties.map((s) => s.hex)).size).toBe(6);
    expect(stored.stats).toEqual(whole.stats);
    expect(stored.sorties.map((s) => loadSortie(store, s))).toEqual(whole.sorties);
    expect(stored.sorties.map((s) => [s.startMs, s.endMs, s.duplicates.length])).toEqual(
      whole.sorties.map((s) => [
        s.fixes[0]?.timeMs,
        s.fixes[s.fixes.length - 1]?.timeMs,
        s.duplicates.length,
      ]),
    );
  });

  it('reproduces a landing inferred across a silence longer than the gap', () => {
    const at = (m: number, alt: number, lat: number) =>
      fix({
        timeMs: T0 + m * MIN,
        lat,
        lon: -111.05,
        altitudeFt: alt,
        source: { fileIndex: 0, line: m },
      });
    // Descending to Hermosillo, three hours on the ground unheard, climbing out again.
    const positions = [
      ...Array.from({ length: 40 }, (_, m) =>
        at(m, m < 20 ? 20_000 : 20_000 - (m - 19) * 900, 29.5 - m * 0.01),
      ),
      ...Array.from({ length: 40 }, (_, k) =>
        at(220 + k, k < 20 ? 1_500 + k * 900 : 20_000, 29.1 + k * 0.01),
      ),
    ];
    const whole = buildSorties(positions, DEFAULT_TRACK_PARAMS, coast).sorties;
    expect(whole.map((s) => [s.startedBy, s.endedBy])).toEqual([
      ['first-fix', 'inferred-landing'],
      ['inferred-take-off', 'last-fix'],
    ]);
    const store = FixStore.of(positions);
    const stored = buildStoredSorties(store, DEFAULT_TRACK_PARAMS, coast).sorties;
    expect(stored.map((s) => loadSortie(store, s))).toEqual(whole);
  });
});
