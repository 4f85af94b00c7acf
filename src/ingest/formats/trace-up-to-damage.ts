/**
 * A readsb trace whose text ends early (a member cut by a gap in a day's tar, a gzip stream cut or
 * damaged, a file still being written) holds its aircraft's points up to the damage: readsb writes
 * the `trace` array last, one point after the other. This closes the text after its last whole
 * point so that those points are read, as the rows of a CSV are read up to a cut.
 */

/** The document up to its last whole point, and how many points it holds. */
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

/**
 * The trace in `text` closed after its last whole point, or null when no point is whole (or the
 * text is no trace). Where damaged bytes made a point unreadable, the points before it are kept.
 */
export function traceUpToDamage(text: string): TraceUpToDamage | null {
  const key = /"trace"\s*:\s*\[/.exec(text);
  if (key === null) return null;
  const ends = pointEnds(text, key.index + key[0].length);
  if (ends.length === 0) return null;
  // The whole text first (a stream whose check alone failed), then fewer points while the text
  // does not parse: damaged bytes inside a point.
  const whole = parsed(text, ends[ends.length - 1] as number);
  if (whole !== undefined) return { doc: whole, points: ends.length };
  let best: TraceUpToDamage | null = null;
  let low = 0;
  let high = ends.length - 1;
  while (low < high) {
    const count = Math.ceil((low + high) / 2);
    const doc = parsed(text, ends[count - 1] as number);
    if (doc === undefined) high = count - 1;
    else {
      best = { doc, points: count };
      low = count;
    }
  }
  return best;
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

/** The document of `text` up to `end` with its trace array and object closed, or undefined. */
function parsed(text: string, end: number): unknown {
  try {
    return JSON.parse(`${text.slice(0, end + 1)}]}`);
  } catch {
    return undefined;
  }
}
