import type { Coast } from '../geo/coast.js';
import type { FixStore } from '../ingest/fix-store.js';
import type { Position } from '../ingest/types.js';
import { cleanFixes } from './clean.js';
import { splitSorties } from './sorties.js';
import type { Sortie, TrackParams, TrackStats } from './types.js';

function bump(map: Map<number, number>, positions: readonly Position[]): void {
  for (const p of positions) map.set(p.source.fileIndex, (map.get(p.source.fileIndex) ?? 0) + 1);
}

/**
 * One aircraft's positions (any order) turned into its sorties; what cleaning removed is counted
 * into `stats`.
 */
function sortiesOfAircraft(
  hex: string,
  positions: readonly Position[],
  params: TrackParams,
  coast: Coast | null,
  stats: { duplicates: Map<number, number>; outliers: Map<number, number> },
): Sortie[] {
  const clean = cleanFixes(positions, params);
  bump(stats.duplicates, clean.duplicates);
  bump(stats.outliers, clean.outliers);
  const sorties: Sortie[] = [];
  for (const s of splitSorties(clean.fixes, params, coast)) {
    const first = s.fixes[0];
    const last = s.fixes[s.fixes.length - 1];
    const dupes =
      first === undefined || last === undefined
        ? []
        : clean.duplicates.filter((d) => d.timeMs >= first.timeMs && d.timeMs <= last.timeMs);
    sorties.push({
      hex,
      fixes: s.fixes,
      startedBy: s.startedBy,
      endedBy: s.endedBy,
      duplicates: dupes,
      hexChanges: [],
    });
  }
  return sorties;
}

/**
 * Groups positions by aircraft and turns each aircraft's positions into sorties.
 * Positions without an address are ignored here (they cannot be tied to an airframe).
 * `coast` lets sortie splitting tell coverage holes over open water from landings.
 */
export function buildSorties(
  positions: readonly Position[],
  params: TrackParams,
  coast: Coast | null = null,
): { sorties: Sortie[]; stats: TrackStats } {
  const byHex = new Map<string, Position[]>();
  for (const p of positions) {
    if (p.hex === null) continue;
    let list = byHex.get(p.hex);
    if (list === undefined) byHex.set(p.hex, (list = []));
    list.push(p);
  }
  const stats = { duplicates: new Map<number, number>(), outliers: new Map<number, number>() };
  const sorties: Sortie[] = [];
  for (const hex of [...byHex.keys()].sort()) {
    sorties.push(...sortiesOfAircraft(hex, byHex.get(hex) ?? [], params, coast, stats));
  }
  return { sorties, stats };
}

/** A sortie held as indexes into the store of fixes, not as objects. */
export interface StoredSortie {
  readonly hex: string;
  readonly startedBy: Sortie['startedBy'];
  readonly endedBy: Sortie['endedBy'];
  readonly fixes: Uint32Array;
  readonly duplicates: Uint32Array;
  readonly startMs: number;
  readonly endMs: number;
  /** Every callsign its fixes carried, normalised (for stitching). */
  readonly callsigns: ReadonlySet<string>;
}

/** The indexes of the fixes of each address, in store order (no objects made). */
function indexesByHex(store: FixStore): Map<string, Uint32Array> {
  const counts = new Map<string, number>();
  for (let i = 0; i < store.length; i += 1) {
    const hex = store.hexAt(i);
    if (hex !== null) counts.set(hex, (counts.get(hex) ?? 0) + 1);
  }
  const out = new Map<string, Uint32Array>();
  const filled = new Map<string, number>();
  for (const [hex, n] of counts) {
    out.set(hex, new Uint32Array(n));
    filled.set(hex, 0);
  }
  for (let i = 0; i < store.length; i += 1) {
    const hex = store.hexAt(i);
    if (hex === null) continue;
    const k = filled.get(hex) as number;
    (out.get(hex) as Uint32Array)[k] = i;
    filled.set(hex, k + 1);
  }
  return out;
}

/**
 * `buildSorties` over a store, aircraft by aircraft: each aircraft's fixes are made into objects,
 * cleaned and split, and its sorties kept as indexes into the store, so only one aircraft's
 * objects are alive at a time (a year of fixes as objects would need some 280 bytes each).
 */
export function buildStoredSorties(
  store: FixStore,
  params: TrackParams,
  coast: Coast | null = null,
): { sorties: StoredSortie[]; stats: TrackStats } {
  const byHex = indexesByHex(store);
  const stats = { duplicates: new Map<number, number>(), outliers: new Map<number, number>() };
  const sorties: StoredSortie[] = [];
  for (const hex of [...byHex.keys()].sort()) {
    const indexes = byHex.get(hex) as Uint32Array;
    const indexOf = new Map<Position, number>();
    const positions = Array.from(indexes, (i) => {
      const p = store.get(i);
      indexOf.set(p, i);
      return p;
    });
    const at = (list: readonly Position[]): Uint32Array =>
      Uint32Array.from(list, (p) => indexOf.get(p) as number);
    for (const s of sortiesOfAircraft(hex, positions, params, coast, stats)) {
      const callsigns = new Set<string>();
      for (const p of s.fixes)
        if (p.callsign !== null) callsigns.add(p.callsign.trim().toUpperCase());
      sorties.push({
        hex,
        startedBy: s.startedBy,
        endedBy: s.endedBy,
        fixes: at(s.fixes),
        duplicates: at(s.duplicates),
        startMs: (s.fixes[0] as Position).timeMs,
        endMs: (s.fixes[s.fixes.length - 1] as Position).timeMs,
        callsigns,
      });
    }
  }
  return { sorties, stats };
}

/** A stored sortie's fixes as objects again. */
export function loadSortie(store: FixStore, s: StoredSortie): Sortie {
  return {
    hex: s.hex,
    fixes: Array.from(s.fixes, (i) => store.get(i)),
    startedBy: s.startedBy,
    endedBy: s.endedBy,
    duplicates: Array.from(s.duplicates, (i) => store.get(i)),
    hexChanges: [],
  };
}
