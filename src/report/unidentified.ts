/**
 * Tracks without an aircraft address (FR24 per-flight exports) that flew a mission's time in the
 * region but could not be tied to an airframe: their aircraft cannot be identified, so they are
 * never counted. A count that may leave a mission out must say so, whatever else it counts.
 */
import { utcText } from '../coverage/outages.js';
import type { UnidentifiedFlight } from '../missions/unidentified-flights.js';
import { plural } from './render/numbers.js';
import type { Period } from './periods.js';

/** The tracks shown by name; more are counted. */
const NAMED = 3;

/**
 * The warning for the unidentified tracks that first entered the region inside one of `intervals`
 * (the window, a measured baseline: each named), or null when none did. `files`: the inputs' names.
 */
export function unidentifiedWarning(
  entries: readonly UnidentifiedFlight[],
  intervals: readonly (readonly [name: string, interval: Period])[],
  files: readonly string[],
): string | null {
  const counts: string[] = [];
  const named: UnidentifiedFlight[] = [];
  for (const [name, { startMs, endMs }] of intervals) {
    const inside = entries.filter((e) => e.firstEntryMs >= startMs && e.firstEntryMs < endMs);
    if (inside.length === 0) continue;
    counts.push(`${inside.length} in the ${name}`);
    for (const e of inside) if (!named.includes(e)) named.push(e);
  }
  if (named.length === 0) return null;
  const list = named.slice(0, NAMED).map((e) => {
    const t = e.track;
    const callsign = t.callsigns.length === 0 ? 'no callsign' : t.callsigns.join('/');
    const file = files[t.fileIndex] ?? `#${t.fileIndex}`;
    const minutes = Math.round(e.insideMs / 60_000);
    return `${callsign} from ${utcText(e.firstEntryMs)} UTC, ${minutes} min in the region, ${e.pattern} (${t.member === null ? file : `${file}:${t.member}`})`;
  });
  const more = named.length > NAMED ? ` and ${named.length - NAMED} more` : '';
  const one = named.length === 1;
  return (
    `${plural(named.length, 'track')} without an aircraft address flew in the region as ${one ? 'a mission' : 'missions'} ` +
    `would (${counts.join(', ')}) and ${one ? 'is' : 'are'} not counted: ${list.join('; ')}${more}. ${one ? 'Its' : 'Their'} callsign, where and when ` +
    `${one ? 'it' : 'they'} flew, tie ${one ? 'it' : 'them'} to no one airframe of the other inputs, so ` +
    `${one ? 'its aircraft' : 'their aircraft'} cannot be identified; ` +
    `--aircraft HEX names the airframe of inputs without an address (all of them: give such an input alone), ` +
    `or give an input carrying the address of the same flight (sortie missions --include-unidentified says why each was not tied).`
  );
}
