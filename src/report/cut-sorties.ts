/**
 * The warning a report carries when a mission it counts (or leaves out) belongs to a sortie that
 * reaches the edge of the fixes read for sorties (the window and the baseline widened by
 * SORTIE_REACH_MS): the sortie may have begun earlier or gone on later, so its first entry into the
 * region, and the period it is counted in, may not be what the data beyond would say.
 */
import type { Analysis } from '../analyze.js';
import type { Mission } from '../missions/types.js';
import { cutBySpan, DAY_MS, dayStartMs, SORTIE_REACH_MS } from '../tracks/track-span.js';

interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

const countedIn = (m: Mission, intervals: readonly Interval[]): boolean =>
  intervals.some((i) => m.firstEntry.timeMs >= i.startMs && m.firstEntry.timeMs < i.endMs);

/** The missions in the window or the baseline whose sortie the span may have cut, by id. */
export function cutSortieMissions(analysis: Analysis, intervals: readonly Interval[]): string[] {
  const read = analysis.options.trackSpan ?? null;
  const data = dataSpan(analysis);
  if (read === null || data === null) return [];
  // A side beyond which the inputs hold nothing cuts nothing (the inputs' spans are whole-input
  // facts, the same from files and from a database).
  const span = {
    fromMs: read.fromMs > data.fromMs ? read.fromMs : -Infinity,
    toMs: read.toMs <= data.toMs ? read.toMs : Infinity,
  };
  const gapMs = analysis.options.track.gapMs;
  return [...analysis.missions, ...analysis.leftOut.map((l) => l.mission)]
    .filter((m) => countedIn(m, intervals))
    .filter((m) => {
      const cut = cutBySpan(span, m.sortieStartMs, m.sortieEndMs, gapMs);
      return cut.before || cut.after;
    })
    .map((m) => m.id)
    .sort();
}

/** Where the inputs hold data: the positions read, and the days of day archives left unread. */
function dataSpan(analysis: Analysis): { fromMs: number; toMs: number } | null {
  let span = analysis.span;
  for (const { day } of analysis.notRead) {
    const startMs = dayStartMs(day);
    span =
      span === null
        ? { fromMs: startMs, toMs: startMs + DAY_MS }
        : { fromMs: Math.min(span.fromMs, startMs), toMs: Math.max(span.toMs, startMs + DAY_MS) };
  }
  return span;
}

/** The warning for those missions, or null when there are none. */
export function cutSortiesWarning(ids: readonly string[]): string | null {
  if (ids.length === 0) return null;
  const hours = SORTIE_REACH_MS / 3_600_000;
  const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? `, and ${ids.length - 5} more` : '');
  return `${ids.length === 1 ? 'the sortie of 1 mission reaches' : `the sorties of ${ids.length} missions reach`} the edge of the fixes read for sorties (${hours} h beyond the window and the baseline), so ${ids.length === 1 ? 'it' : 'each'} may have begun earlier or gone on later than shown: ${shown}`;
}
