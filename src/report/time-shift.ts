/**
 * The warning for missions that look like one flight read in two time bases (see
 * missions/time-shifted.ts): the count may hold the flight twice, so every output says so.
 */
import { timeShiftedPairs } from '../missions/time-shifted.js';
import type { Mission } from '../missions/types.js';
import { plural } from './render/numbers.js';
import type { Period } from './periods.js';

/** Pairs named in full; more are counted. */
const NAMED = 3;

/**
 * The warning for the pairs with a mission whose first entry lies in one of `intervals` (the
 * window, a measured baseline), or null. `files`: the inputs' names, by index.
 */
export function timeShiftWarning(
  missions: readonly Mission[],
  intervals: readonly Period[],
  files: readonly string[],
): string | null {
  const inside = (m: Mission): boolean =>
    intervals.some((i) => m.firstEntry.timeMs >= i.startMs && m.firstEntry.timeMs < i.endMs);
  const pairs = timeShiftedPairs(missions).filter((p) => inside(p.a) || inside(p.b));
  if (pairs.length === 0) return null;
  const name = (m: Mission): string => m.sourceFiles.map((f) => files[f] ?? `#${f}`).join(', ');
  const listed = pairs
    .slice(0, NAMED)
    .map(
      (p) =>
        `${p.a.id} (${name(p.a)}) and ${p.b.id} (${name(p.b)}), ${plural(p.hours, 'hour')} apart`,
    );
  const more = pairs.length > NAMED ? ` and ${pairs.length - NAMED} more` : '';
  return (
    `${plural(pairs.length, 'pair')} of missions look like one flight read in two time bases, each counted: ` +
    `${listed.join('; ')}${more}. Each pair is one aircraft entering the region at the same place, for as long, ` +
    `a whole number of hours apart, in different inputs: one input's times are most likely local. ` +
    `--source-tz gives the zone of times written without one (for every input: give such an input in a run of its own).`
  );
}
