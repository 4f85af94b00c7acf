/**
 * A readsb trace whose text ends early (a member cut by a gap in a day's tar, a gzip stream cut or
 * damaged, a file still being written) holds its aircraft's points up to the damage: readsb writes
 * the `trace` array last, one point after the other, in time order. This closes the text after
 * its last whole point so that those points are read, as the rows of a CSV are read up to a cut.
 */

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

/** Parses tried by the parser's own error positions before halving takes over. */
const POSITION_TRIES = 8;

/**
 * The trace in `text` closed after its last whole point, or null when no point is whole (or the
 * text is no trace). Where damaged bytes made a point unreadable, the points before it are kept;
 * where they made one implausible (not a time after the point before, or no latitude and
 * longitude), the points before that one.
 */
export function traceUpToDamage(text: string): TraceUpToDamage | null {
  const key = /"trace"\s*:\s*\[/.exec(text);
  if (key === null) return null;
  const ends = pointEnds(text, key.index + key[0].length);
  const doc = parsedUpTo(text, ends);
  if (doc === undefined) return null;
  const trace = (doc as { trace?: unknown }).trace;
  if (!Array.isArray(trace)) return null;
  const points = plausiblePoints(trace);
  if (points === 0) return null;
  trace.length = points;
  return { doc, points };
}

/**
 * The document closed after the most points that parse: first all of them, then as many as end
 * before where JSON.parse says it failed (damaged bytes), then by halving when it does not say.
 */
function parsedUpTo(text: string, ends: readonly number[]): unknown {
  let count = ends.length;
  for (let tries = 0; tries < POSITION_TRIES && count > 0; tries += 1) {
    const end = ends[count - 1] as number;
    try {
      return JSON.parse(`${text.slice(0, end + 1)}]}`);
    } catch (err) {
      const at = /position (\d+)/.exec((err as Error).message);
      if (at === null) break;
      count = Math.min(count - 1, endsBefore(ends, Number(at[1])));
    }
  }
  let best: unknown;
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    try {
      best = JSON.parse(`${text.slice(0, (ends[mid - 1] as number) + 1)}]}`);
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  return low === 0 ? undefined : best;
}

/** How many points end before `position`. */
function endsBefore(ends: readonly number[], position: number): number {
  let low = 0;
  let high = ends.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((ends[mid] as number) < position) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** How many points lead the trace before one that damage may have made: see traceUpToDamage. */
function plausiblePoints(trace: readonly unknown[]): number {
  let lastS = -Infinity;
  for (let i = 0; i < trace.length; i += 1) {
    const p = trace[i];
    if (!Array.isArray(p)) return i;
    const [s, lat, lon] = p as unknown[];
    if (typeof s !== 'number' || !(s >= lastS)) return i;
    if (typeof lat !== 'number' || !(Math.abs(lat) <= 90)) return i;
    if (typeof lon !== 'number' || !(Math.abs(lon) <= 180)) return i;
    lastS = s;
  }
  return trace.length;
}

/** Where each whole point of the array opened at `from` ends (the index of its `]`). */
function pointEnds(text: string, from: number): number[] {
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
      if (depth === 1 && c === CLOSE_SQUARE) ends.push(i);
      // The array closed (a text whole but for its check), or brackets that do not match.
      else if (depth <= 1) break;
    }
  }
  return ends;
}
