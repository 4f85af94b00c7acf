/**
 * The time span whose fixes are made into sorties when a report asks about a window (and a
 * baseline): their union widened by `SORTIE_REACH_MS` on each side. A sortie that began before the
 * window is still seen from its start as long as it began within the reach; no ISR aircraft in the
 * bundled tables stays up for two days (an RQ-4's endurance is about 34 hours). Fixes far from
 * both intervals can change no count, so neither the file path keeps them nor the database path
 * asks for them, and both give the same answer by construction.
 */

/** How far before and after the window and the baseline fixes are kept for sorties. */
export const SORTIE_REACH_MS = 48 * 3_600_000;

/** [fromMs, toMs): either side may be open (infinite) when the report's window defaults to the data. */
export interface TrackSpan {
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * The span for intervals given as [startMs, endMs) (a bound not given, `undefined` or infinite,
 * makes that side open); null when it would keep everything.
 */
export function trackSpanOf(
  intervals: readonly {
    readonly startMs?: number | undefined;
    readonly endMs?: number | undefined;
  }[],
  reachMs: number = SORTIE_REACH_MS,
): TrackSpan | null {
  if (intervals.length === 0) return null;
  let fromMs = Infinity;
  let toMs = -Infinity;
  for (const i of intervals) {
    fromMs = Math.min(fromMs, i.startMs === undefined ? -Infinity : i.startMs - reachMs);
    toMs = Math.max(toMs, i.endMs === undefined ? Infinity : i.endMs + reachMs);
  }
  if (fromMs === -Infinity && toMs === Infinity) return null;
  return { fromMs, toMs };
}

/** Whether a fix at `timeMs` is made into sorties (no span: every fix). */
export function inTrackSpan(span: TrackSpan | null, timeMs: number): boolean {
  return span === null || (timeMs >= span.fromMs && timeMs < span.toMs);
}

/**
 * Whether a sortie from `startMs` to `endMs` may have begun before the span or gone on after it:
 * its first (last) fix lies within `gapMs` of a closed bound, so the fixes beyond it could have
 * continued it.
 */
export function cutBySpan(
  span: TrackSpan | null,
  startMs: number,
  endMs: number,
  gapMs: number,
): { before: boolean; after: boolean } {
  if (span === null) return { before: false, after: false };
  return {
    before: Number.isFinite(span.fromMs) && startMs - span.fromMs <= gapMs,
    after: Number.isFinite(span.toMs) && span.toMs - endMs <= gapMs,
  };
}

export const DAY_MS = 86_400_000;

/** 00:00 UTC of a day written YYYY-MM-DD (NaN for no date). */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** `YYYY-MM-DD` of the UTC day holding `timeMs`. */
export function utcDayText(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(0, 10);
}

/** Runs of consecutive days (their starts, ascending) as `2025-02-01` or `2025-02-01 to 2025-02-03`. */
export function runsText(days: readonly number[]): string {
  const runs: string[] = [];
  let start = days[0];
  for (let i = 1; i <= days.length; i += 1) {
    const prev = days[i - 1] as number;
    const cur = days[i];
    if (cur !== undefined && cur === prev + DAY_MS) continue;
    runs.push(
      start === prev ? utcDayText(prev) : `${utcDayText(start as number)} to ${utcDayText(prev)}`,
    );
    start = cur;
  }
  return runs.slice(0, 5).join(', ') + (runs.length > 5 ? ` and ${runs.length - 5} more` : '');
}

/** An input as far as the days of day archives go: its archive's day and members. */
export interface DayArchiveRef {
  readonly archive?:
    | {
        readonly day?: string | null;
        readonly members?: {
          readonly read: number;
          readonly skipped: number;
          readonly damaged: number;
        };
      }
    | undefined;
}

/**
 * Whether a day archive holds no aircraft trace at all (folders, a heatmap, a README: adsb.lol has
 * shipped days so): it holds no time of its day, whatever its name says.
 */
function holdsNoTrace(input: DayArchiveRef): boolean {
  const m = input.archive?.members;
  return (
    typeof input.archive?.day === 'string' &&
    m !== undefined &&
    m.read + m.skipped + m.damaged === 0
  );
}

/** The days (00:00 UTC) of the day archives read that hold no trace (see holdsNoTrace). */
export function traceLessDays(inputs: readonly DayArchiveRef[]): Set<number> {
  return daysOf(inputs.filter(holdsNoTrace).map((i) => i.archive?.day));
}

/** The days (00:00 UTC) of the day texts (YYYY-MM-DD) among `days`. */
function daysOf(days: readonly unknown[]): Set<number> {
  const held = new Set<number>();
  for (const day of days) {
    if (typeof day === 'string' && Number.isFinite(dayStartMs(day))) held.add(dayStartMs(day));
  }
  return held;
}

/**
 * The days (00:00 UTC) the day archives given hold: those read (their archive's day, unless it
 * holds no trace) and those left unread (outside the span of fixes, held all the same).
 */
export function archiveDaysHeld(
  inputs: readonly DayArchiveRef[],
  notRead: readonly { readonly day: string }[] = [],
): Set<number> {
  return daysOf([
    ...inputs.filter((i) => !holdsNoTrace(i)).map((i) => i.archive?.day),
    ...notRead.map((n) => n.day),
  ]);
}

/** The phrase for days among `days` whose archives hold no trace, or '' when none. */
export function traceLessText(days: readonly number[], traceLess: ReadonlySet<number>): string {
  const empty = days.filter((d) => traceLess.has(d));
  if (empty.length === 0) return '';
  return `; the archive given for ${runsText(empty)} holds no aircraft trace (folders, heatmaps or notes only)`;
}

/**
 * Whether a day archive's UTC day (YYYY-MM-DD) lies wholly outside the span: its file holds points
 * of that day only (readsb writes a day's traces with start of day <= t < end of day), so none of
 * them could be made into a sortie, and it need not be read at all.
 */
export function dayOutsideSpan(day: string, span: TrackSpan | null): boolean {
  if (span === null) return false;
  const startMs = dayStartMs(day);
  // Not a calendar day (Date.parse rolls 2025-02-30 over into March): read, whatever it holds.
  if (!Number.isFinite(startMs) || utcDayText(startMs) !== day) {
    return false;
  }
  return startMs + DAY_MS <= span.fromMs || startMs >= span.toMs;
}

/** A day archive given but left unread: its UTC day lies outside the span of fixes for sorties. */
export interface DayNotRead {
  readonly file: string;
  readonly day: string;
}

/**
 * The inputs to read, and the day archives left unread because their day lies outside the span:
 * the same rule for files and for inputs loaded into a database, so both give the same report.
 */
export function daysWithinSpan<T>(
  inputs: readonly T[],
  describe: (input: T) => { readonly file: string; readonly day: string | null },
  span: TrackSpan | null,
): { read: T[]; notRead: DayNotRead[] } {
  const read: T[] = [];
  const notRead: DayNotRead[] = [];
  for (const input of inputs) {
    const { file, day } = describe(input);
    if (day !== null && dayOutsideSpan(day, span)) notRead.push({ file, day });
    else read.push(input);
  }
  return { read, notRead };
}
