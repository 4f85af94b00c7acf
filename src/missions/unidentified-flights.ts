/**
 * Flights without an aircraft address (FR24 per-flight exports) that no other input ties to an
 * airframe: their aircraft cannot be identified, so they are never counted. Those that flew long
 * enough inside the region to be a mission, had their aircraft been a surveillance aircraft, are
 * what a report must say it could not count.
 */
import type { HexlessTrack, RecordUnits } from '../aircraft/attribute-hexless.js';
import type { Region } from '../geo/region.js';
import type { Position } from '../ingest/types.js';
import { measureDwell } from './detect.js';
import { classifyPattern, type FlightPattern } from './pattern.js';

/** An unidentified track that flew as a mission would: long enough inside, not straight across. */
export interface UnidentifiedFlight {
  readonly track: HexlessTrack;
  /** Its first fix inside the region, and its time there along the track. */
  readonly firstEntryMs: number;
  readonly insideMs: number;
  /** Its pattern from first entry to last exit (never `transit`). */
  readonly pattern: FlightPattern;
}

/**
 * The tracks left without an address (`tracks`, from `attributeHexless` of `positions`) that spent
 * at least `minDwellMs` inside `region` on an orbit, racetrack or patrol, in the tracks' order. A
 * straight crossing (an airliner's FR24 export) is left out: it is no evidence of a mission.
 */
export function unidentifiedFlights(
  positions: readonly Position[],
  tracks: readonly HexlessTrack[],
  units: RecordUnits,
  region: Region,
  minDwellMs: number,
): UnidentifiedFlight[] {
  const byUnit = new Map<number, Position[]>();
  for (const t of tracks) if (t.hex === null) byUnit.set(t.unit, []);
  if (byUnit.size === 0) return [];
  for (const p of positions) byUnit.get(units.of(p.source.fileIndex, p.source.line))?.push(p);
  return tracks.flatMap((track) => {
    const fixes = track.hex === null ? byUnit.get(track.unit) : undefined;
    if (fixes === undefined) return [];
    fixes.sort((a, b) => a.timeMs - b.timeMs);
    // Each airborne stretch on its own, as a sortie is: an hour of taxiing at an airport inside
    // the region is no time on station.
    let best: UnidentifiedFlight | null = null;
    for (const stretch of airborneStretches(fixes)) {
      const dwell = measureDwell(region, {
        timeMs: Float64Array.from(stretch, (p) => p.timeMs),
        lat: Float64Array.from(stretch, (p) => p.lat),
        lon: Float64Array.from(stretch, (p) => p.lon),
      });
      if (dwell.first < 0 || dwell.insideMs < minDwellMs) continue;
      if (best !== null && best.insideMs >= dwell.insideMs) continue;
      const { pattern } = classifyPattern(stretch.slice(dwell.first, dwell.last + 1));
      if (pattern === 'transit') continue;
      const first = stretch[dwell.first] as Position;
      best = { track, firstEntryMs: first.timeMs, insideMs: dwell.insideMs, pattern };
    }
    return best === null ? [] : [best];
  });
}

/** Fixes this slow, or this low, are an aircraft on the ground (FR24 writes altitude 0 there). */
const GROUND = { maxSpeedKt: 50, maxAltitudeFt: 0 } as const;
/** A silence this long splits a track into two stretches (a sortie's --gap is longer). */
const STRETCH_GAP_MS = 30 * 60_000;

/** The runs of airborne fixes, split where the aircraft was on the ground or went unheard. */
function airborneStretches(fixes: readonly Position[]): Position[][] {
  const stretches: Position[][] = [];
  let current: Position[] = [];
  for (const p of fixes) {
    const ground =
      p.onGround ||
      (p.altitudeFt !== null && p.altitudeFt <= GROUND.maxAltitudeFt) ||
      (p.groundSpeedKt !== null && p.groundSpeedKt < GROUND.maxSpeedKt);
    const last = current.at(-1);
    if (ground || (last !== undefined && p.timeMs - last.timeMs > STRETCH_GAP_MS)) {
      if (current.length > 0) stretches.push(current);
      current = ground ? [] : [p];
      continue;
    }
    current.push(p);
  }
  if (current.length > 0) stretches.push(current);
  return stretches;
}
