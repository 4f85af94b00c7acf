/**
 * Flights without an aircraft address (FR24 per-flight exports) that no other input ties to an
 * airframe: their aircraft cannot be identified, so they are never counted. Those that flew long
 * enough inside the region to be a mission, had their aircraft been a surveillance aircraft, are
 * what a report must say it could not count.
 */
import type { HexlessTrack, RecordUnits } from '../aircraft/attribute-hexless.js';
import type { Coast } from '../geo/coast.js';
import type { Region } from '../geo/region.js';
import type { Position } from '../ingest/types.js';
import { splitSorties } from '../tracks/sorties.js';
import type { TrackParams } from '../tracks/types.js';
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
 * at least `minDwellMs` inside `region` on an orbit, racetrack or patrol in one of their sorties
 * (split as an identified aircraft's are: an hour of taxiing inside the region is no time on
 * station), in the tracks' order. A straight crossing (an airliner's FR24 export) is left out: it
 * is no evidence of a mission.
 */
export function unidentifiedFlights(
  positions: readonly Position[],
  tracks: readonly HexlessTrack[],
  units: RecordUnits,
  region: Region,
  params: {
    readonly track: Pick<TrackParams, 'gapMs' | 'minGroundMs'>;
    readonly minDwellMs: number;
    readonly coast: Coast | null;
  },
): UnidentifiedFlight[] {
  const byUnit = new Map<number, Position[]>();
  for (const t of tracks) if (t.hex === null) byUnit.set(t.unit, []);
  if (byUnit.size === 0) return [];
  for (const p of positions) byUnit.get(units.of(p.source.fileIndex, p.source.line))?.push(p);
  return tracks.flatMap((track) => {
    const fixes = track.hex === null ? byUnit.get(track.unit) : undefined;
    if (fixes === undefined) return [];
    fixes.sort((a, b) => a.timeMs - b.timeMs);
    let best: UnidentifiedFlight | null = null;
    for (const sortie of splitSorties(fixes, params.track, params.coast)) {
      const flown = sortie.fixes;
      const dwell = measureDwell(region, {
        timeMs: Float64Array.from(flown, (p) => p.timeMs),
        lat: Float64Array.from(flown, (p) => p.lat),
        lon: Float64Array.from(flown, (p) => p.lon),
      });
      if (dwell.first < 0 || dwell.insideMs < params.minDwellMs) continue;
      if (best !== null && best.insideMs >= dwell.insideMs) continue;
      const { pattern } = classifyPattern(flown.slice(dwell.first, dwell.last + 1));
      if (pattern === 'transit') continue;
      const first = flown[dwell.first] as Position;
      best = { track, firstEntryMs: first.timeMs, insideMs: dwell.insideMs, pattern };
    }
    return best === null ? [] : [best];
  });
}
