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
import type { Mission } from './types.js';

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

/**
 * The mission (counted or left out) that joins, over the track's time, every address an ambiguous
 * track matched: two addresses of one airframe (a US Navy tactical code and its own) are stitched
 * into one mission after the track was judged, so the track's flight is that mission's, already
 * accounted for. Null when none does.
 */
function joinedMissionOf(track: HexlessTrack, missions: readonly Mission[]): Mission | null {
  const candidates = track.candidates ?? [];
  if (candidates.length < 2) return null;
  for (const m of missions) {
    if (m.hexChanges.length === 0) continue;
    if (m.sortieStartMs > track.toMs || m.sortieEndMs < track.fromMs) continue;
    const hexes = new Set([m.aircraft.hex, ...m.hexChanges.flatMap((h) => [h.fromHex, h.toHex])]);
    if (candidates.every((h) => hexes.has(h))) return m;
  }
  return null;
}

/**
 * The tracks with the missions that account for them said in their reason, and the flights no
 * mission accounts for: what a report warns of.
 */
export function accountForJoined(
  tracks: readonly HexlessTrack[],
  flights: readonly UnidentifiedFlight[],
  missions: readonly Mission[],
  countedIds: ReadonlySet<string>,
): { tracks: readonly HexlessTrack[]; flights: readonly UnidentifiedFlight[] } {
  const joined = new Map<HexlessTrack, Mission>();
  for (const t of tracks) {
    const m = t.hex === null ? joinedMissionOf(t, missions) : null;
    if (m !== null) joined.set(t, m);
  }
  if (joined.size === 0) return { tracks, flights };
  return {
    tracks: tracks.map((t) => {
      const m = joined.get(t);
      if (m === undefined) return t;
      const counted = countedIds.has(m.id) ? 'counted' : 'left out by the operators counted';
      return {
        ...t,
        reason: `${t.reason.replace(/; give --aircraft HEX$/, '')}; those addresses are one airframe, joined into mission ${m.id} (${counted}), which holds this flight`,
      };
    }),
    flights: flights.filter((f) => !joined.has(f.track)),
  };
}
