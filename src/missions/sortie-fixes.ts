import type { FixStore } from '../ingest/fix-store.js';
import type { Position } from '../ingest/types.js';
import type { StoredSortie } from '../tracks/build.js';
import type { ReusedColumns } from '../tracks/reused-columns.js';
import type { HexChange, Sortie } from '../tracks/types.js';
import { fixRef, stationTrack, TRACK_COLUMNS, type StationTrack } from './measure.js';
import type { FixRef } from './types.js';

/**
 * A sortie as a mission is drafted from it: its fixes' times and places as columns, the rest asked
 * fix by fix where it is needed. A year of history drafts some 20 million fixes; as position
 * objects they were most of this thread's garbage after reading.
 */
export interface SortieFixes {
  readonly hex: string;
  readonly startedBy: Sortie['startedBy'];
  readonly endedBy: Sortie['endedBy'];
  readonly hexChanges: readonly HexChange[];
  readonly duplicateCount: number;
  /** In time order; views that may be reused once the next sortie is asked for. */
  readonly timeMs: Float64Array;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  /** Fix `k` cited as evidence. */
  ref(k: number): FixRef;
  /** Fixes [from, to) as a track to measure. */
  track(from: number, to: number): StationTrack;
  /** Over the fixes, then the duplicates: distinct callsigns in order, highest altitude, inputs. */
  summary(): { callsigns: string[]; maxAltitudeFt: number | null; inputs: Set<number> };
}

/** A sortie of position objects (a sortie joined across addresses; tests). */
export function positionSortieFixes(sortie: Sortie): SortieFixes {
  const n = sortie.fixes.length;
  const timeMs = new Float64Array(n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  for (let k = 0; k < n; k += 1) {
    const p = sortie.fixes[k] as Position;
    timeMs[k] = p.timeMs;
    lat[k] = p.lat;
    lon[k] = p.lon;
  }
  return {
    hex: sortie.hex,
    startedBy: sortie.startedBy,
    endedBy: sortie.endedBy,
    hexChanges: sortie.hexChanges,
    duplicateCount: sortie.duplicates.length,
    timeMs,
    lat,
    lon,
    ref: (k) => fixRef(sortie.fixes[k] as Position),
    track: (from, to) => stationTrack(sortie.fixes.slice(from, to)),
    summary: () => {
      const callsigns: string[] = [];
      let maxAltitudeFt: number | null = null;
      const inputs = new Set<number>();
      for (const list of [sortie.fixes, sortie.duplicates]) {
        for (const p of list) {
          if (p.callsign !== null && !callsigns.includes(p.callsign)) callsigns.push(p.callsign);
          if (p.altitudeFt !== null && (maxAltitudeFt === null || p.altitudeFt > maxAltitudeFt)) {
            maxAltitudeFt = p.altitudeFt;
          }
          inputs.add(p.source.fileIndex);
        }
      }
      return { callsigns, maxAltitudeFt, inputs };
    },
  };
}

/** A stored sortie, read from the store's columns into `reuse`'s. */
export function storedSortieFixes(
  store: FixStore,
  sortie: StoredSortie,
  reuse: ReusedColumns,
): SortieFixes {
  const indexes = sortie.fixes;
  const n = indexes.length;
  const { timeMs, lat, lon } = store.pointColumns(indexes, {
    timeMs: reuse.float64('draft time', n),
    lat: reuse.float64('draft lat', n),
    lon: reuse.float64('draft lon', n),
  });
  return {
    hex: sortie.hex,
    startedBy: sortie.startedBy,
    endedBy: sortie.endedBy,
    hexChanges: [],
    duplicateCount: sortie.duplicates.length,
    timeMs,
    lat,
    lon,
    ref: (k) => {
      const i = indexes[k] as number;
      return {
        timeMs: timeMs[k] as number,
        lat: lat[k] as number,
        lon: lon[k] as number,
        fileIndex: store.fileIndexAt(i),
        line: store.lineAt(i),
      };
    },
    track: (from, to) => {
      const m = to - from;
      const track = new Float64Array(TRACK_COLUMNS * m);
      track.set(timeMs.subarray(from, to), 0);
      track.set(lat.subarray(from, to), m);
      track.set(lon.subarray(from, to), 2 * m);
      for (let k = 0; k < m; k += 1) {
        const i = indexes[from + k] as number;
        track[3 * m + k] = store.fileIndexAt(i);
        track[4 * m + k] = store.lineAt(i);
      }
      return track;
    },
    summary: () => store.fixesSummary([indexes, sortie.duplicates]),
  };
}
