import type { Analysis } from '../analyze.js';
import type { Position } from '../ingest/types.js';
import type { Mission } from '../missions/types.js';

/** A track is not drawn across a gap between fixes longer than this: 10 minutes by default. */
export const DEFAULT_SPLIT_GAP_MS = 10 * 60_000;

/** One fix of a drawn track. */
export interface TrackPoint {
  readonly lon: number;
  readonly lat: number;
  readonly timeMs: number;
  readonly altitudeFt: number | null;
}

/** A continuous stretch of a mission's track: fixes with no coverage hole between them. */
export type TrackPart = readonly TrackPoint[];

/** A mission's fixes: its sortie after de-duplication and outlier removal, in time order. */
export function missionFixes(analysis: Analysis, mission: Mission): readonly Position[] {
  return analysis.missionFixes.get(mission.id) ?? [];
}

/**
 * Splits a track into the parts that can honestly be drawn as lines: at every gap between fixes
 * longer than `splitGapMs` (a straight line across a coverage hole would invent a path), and where
 * a step crosses the antimeridian (cut at ±180°, as RFC 7946 asks). Parts may hold a single fix.
 */
export function splitTrack(
  fixes: readonly Pick<Position, 'lon' | 'lat' | 'timeMs' | 'altitudeFt'>[],
  splitGapMs: number = DEFAULT_SPLIT_GAP_MS,
): TrackPart[] {
  const parts: TrackPoint[][] = [];
  let current: TrackPoint[] = [];
  let prev: TrackPoint | null = null;
  for (const f of fixes) {
    const p: TrackPoint = { lon: f.lon, lat: f.lat, timeMs: f.timeMs, altitudeFt: f.altitudeFt };
    if (prev !== null && p.timeMs - prev.timeMs > splitGapMs) {
      parts.push(current);
      current = [];
    } else if (prev !== null && Math.abs(p.lon - prev.lon) > 180) {
      // Going east across 180° the longitude jumps from +179 to −179 (and back going west).
      const east = p.lon < prev.lon;
      const edge = east ? 180 : -180;
      const span = east ? 360 - prev.lon + p.lon : 360 + prev.lon - p.lon;
      const f0 = Math.abs(edge - prev.lon) / span;
      const lat = prev.lat + (p.lat - prev.lat) * f0;
      const timeMs = prev.timeMs + (p.timeMs - prev.timeMs) * f0;
      current.push({ lon: edge, lat, timeMs, altitudeFt: prev.altitudeFt });
      parts.push(current);
      current = [{ lon: -edge, lat, timeMs, altitudeFt: p.altitudeFt }];
    }
    current.push(p);
    prev = p;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}
