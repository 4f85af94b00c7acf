import type { Coast } from '../geo/coast.js';
import type { Position } from '../ingest/types.js';
import { cleanFixes } from './clean.js';
import { splitSorties } from './sorties.js';
import type { Sortie, TrackParams, TrackStats } from './types.js';

function bump(map: Map<number, number>, positions: readonly Position[]): void {
  for (const p of positions) map.set(p.source.fileIndex, (map.get(p.source.fileIndex) ?? 0) + 1);
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
  const duplicates = new Map<number, number>();
  const outliers = new Map<number, number>();
  const sorties: Sortie[] = [];
  for (const hex of [...byHex.keys()].sort()) {
    const clean = cleanFixes(byHex.get(hex) ?? [], params);
    bump(duplicates, clean.duplicates);
    bump(outliers, clean.outliers);
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
  }
  return { sorties, stats: { duplicates, outliers } };
}
