/**
 * A readsb trace whose text ends early (a member cut by a gap in a day's tar, a gzip stream cut or
 * damaged, a file still being written) holds its aircraft's points up to the damage: readsb writes
 * the `trace` array last, one point after the other, in time order. This closes the text after
 * its last whole point so that those points are read, as the rows of a CSV are read up to a cut.
 */

import { aircraftJson } from './aircraft-json.js';
import { readsbTrace } from './readsb-trace.js';

/** The document up to its damage, and how many points it holds. */
export interface TraceUpToDamage {
  readonly doc: unknown;
  readonly points: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_SQUARE = 0x5b;
const CLOSE_SQUARE = 0x5d;
const OPEN_CURLY = 0x7b;
const CLOSE_CURLY = 0x7d;

/** Points parsed at once: a block that fails is parsed point by point to find the damage. */
const BLOCK_POINTS = 4096;

/**
 * The trace in `text` closed after its last whole point, or null when no point is whole (or the
 * text is no readsb trace). Where damaged bytes made a point unreadable, the points before it are kept;
 * where they made one implausible (not as many elements as the first point, not a time after the
 * point before, no latitude and longitude, an altitude neither a number, "ground" nor null), the
 * points before that one.
 */
export function traceUpToDamage(text: string): TraceUpToDamage | null {
  const head = fieldsBefore(text, /"trace"\s*:\s*\[/, (doc) => readsbTrace.identifyDocument(doc));
  if (head === null) return null;
  const { doc, open } = head;
  const points = parsedPoints(text, open, elementEnds(text, open, CLOSE_SQUARE));
  const count = plausiblePoints(points);
  if (count === 0) return null;
  points.length = count;
  (doc as { trace: unknown[] }).trace = points;
  return { doc, points: count };
}

/**
 * The document's fields before the array `arrayKey` opens (its elements added later), where that
 * array opens, and its key; null when there is no such array or what precedes it is not the
 * format `identify` knows.
 */
function fieldsBefore(
  text: string,
  arrayKey: RegExp,
  identify: (doc: unknown) => string | null,
): { doc: unknown; open: number; key: string } | null {
  const key = arrayKey.exec(text);
  if (key === null) return null;
  const open = key.index + key[0].length;
  let doc: unknown;
  try {
    doc = JSON.parse(`${text.slice(0, open)}]}`);
  } catch {
    return null;
  }
  if (identify(doc) === null) return null;
  return { doc, open, key: key[1] ?? 'trace' };
}

/**
 * The points that parse, up to the first that does not: a block of them at a time (one parse of
 * the text in all when nothing is damaged, where halving the whole text took some twenty), then
 * the failing block point by point.
 */
function parsedPoints(text: string, open: number, ends: readonly number[]): unknown[] {
  const points: unknown[] = [];
  const startOf = (i: number): number => (i === 0 ? open : (ends[i - 1] as number) + 1);
  // A point's text after the one before starts with its comma.
  const asArray = (from: number, to: number): string =>
    `[${text.slice(startOf(from), (ends[to - 1] as number) + 1).replace(/^\s*,/, '')}]`;
  for (let from = 0; from < ends.length; from += BLOCK_POINTS) {
    const to = Math.min(ends.length, from + BLOCK_POINTS);
    try {
      for (const p of JSON.parse(asArray(from, to)) as unknown[]) points.push(p);
      continue;
    } catch {
      // Damage in this block: its points one by one, up to it.
    }
    for (let i = from; i < to; i += 1) {
      try {
        points.push((JSON.parse(asArray(i, i + 1)) as unknown[])[0]);
      } catch {
        return points;
      }
    }
    return points;
  }
  return points;
}

/** How many points lead the trace before one that damage may have made: see traceUpToDamage. */
function plausiblePoints(trace: readonly unknown[]): number {
  let lastS = -Infinity;
  // readsb writes every point of a file with as many elements: a point spliced across damage
  // mostly has another count (an element too many or too few shifts altitude, speed and flags).
  const elements = Array.isArray(trace[0]) ? (trace[0] as unknown[]).length : -1;
  for (let i = 0; i < trace.length; i += 1) {
    const p = trace[i];
    if (!Array.isArray(p) || p.length !== elements) return i;
    const [s, lat, lon, altitude] = p as unknown[];
    if (typeof s !== 'number' || !(s >= lastS)) return i;
    if (typeof lat !== 'number' || !(Math.abs(lat) <= 90)) return i;
    if (typeof lon !== 'number' || !(Math.abs(lon) <= 180)) return i;
    if (altitude !== null && altitude !== 'ground' && typeof altitude !== 'number') return i;
    lastS = s;
  }
  return trace.length;
}

/**
 * Where each whole element of the array opened at `from` ends (the index of its closing bracket,
 * `close`: `]` for a trace's points, `}` for aircraft entries).
 */
function elementEnds(text: string, from: number, close: number): number[] {
  const ends: number[] = [];
  let depth = 1;
  let inString = false;
  for (let i = from; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_SQUARE || c === OPEN_CURLY) depth += 1;
    else if (c === CLOSE_SQUARE || c === CLOSE_CURLY) {
      depth -= 1;
      if (depth === 1 && c === close) ends.push(i);
      // The array closed (a text whole but for its check), or brackets that do not match.
      else if (depth <= 1) break;
    }
  }
  return ends;
}

/**
 * An aircraft.json snapshot whose text ends early or is damaged (a download cut short, a file
 * being written): readsb writes `now` first, then one aircraft entry after the other. The entries
 * up to the damage are kept, with the fields before them; null when none is whole, or when what
 * precedes them is no snapshot (a v2 API response writes `now` after its entries).
 */
export function aircraftUpToDamage(text: string): { doc: unknown; entries: number } | null {
  const head = fieldsBefore(text, /"(aircraft|ac)"\s*:\s*\[/, (doc) =>
    aircraftJson.identifyDocument(doc),
  );
  if (head === null) return null;
  const { doc, open, key } = head;
  const entries = parsedPoints(text, open, elementEnds(text, open, CLOSE_CURLY));
  // An entry spliced across damage may still parse: only objects are entries.
  const whole = entries.findIndex((e) => typeof e !== 'object' || e === null || Array.isArray(e));
  if (whole >= 0) entries.length = whole;
  if (entries.length === 0) return null;
  (doc as Record<string, unknown[]>)[key] = entries;
  return { doc, entries: entries.length };
}
