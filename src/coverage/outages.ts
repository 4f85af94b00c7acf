/**
 * Exposure from receiver liveness: the time the inputs were listening to the region is calendar
 * time less the outages they give evidence of. An input falls silent for many reasons (a quiet
 * night, a sparse region, a receiver that is down); only a silence its own normal traffic makes
 * very unlikely, or a file missing from a series, counts as an outage. Inputs that hold only the
 * surveillance aircraft show nothing about when the region was watched.
 */
import {
  hoursMs,
  MS_PER_HOUR,
  type Coverage,
  type CoveredHours,
  type EdgeFix,
} from './coverage.js';
import { fileStamp, nextStamp, seriesGaps, type FileStamp, type StampUnit } from './file-series.js';
import {
  archiveDaysHeld,
  DAY_MS,
  runsText,
  traceLessDays,
  traceLessText,
  utcDayText,
  type DayArchiveRef,
} from '../tracks/track-span.js';

export const OUTAGE_RULE = {
  /**
   * A silence is an outage on its own when, hour by hour at those hours of day, the input's normal
   * traffic leaves a chance below this of hearing nothing for so long. Hours are treated as
   * independent, which understates the chance of long quiet spells where traffic clusters, and an
   * input has many silences: hence a small level.
   */
  alpha: 1e-6,
  /**
   * A silence below this chance is an outage when it also cuts aircraft off in mid-air: the last
   * report before it and the first after it are of aircraft in flight that would have stayed
   * within the input's reach (sparse regions, where a long quiet spell alone proves little).
   */
  alphaCut: 1e-2,
  /** In flight: not on the ground, at or above this altitude. */
  cutMinAltitudeFt: 5000,
  /** "Would have stayed within reach": flying on for this long keeps it inside the input's extent. */
  cutLookaheadMin: 10,
  /** The chance a silent hour is followed by another is (times it was + ½) / (silent hours + 1). */
  priorHeard: 0.5,
  /** Inputs whose hours near the region show other traffic in less than this share carry only the surveillance aircraft. */
  minOtherTrafficShare: 0.5,
} as const;

/** One input, or a series of inputs read as one source (a folder of snapshots, hourly files). */
export interface ListeningSource {
  readonly label: string;
  readonly format: string | null;
  readonly fileIndexes: readonly number[];
  /** Share of its hours near the region with reports of other traffic (0–1). */
  readonly otherTrafficShare: number;
  /** It carries other traffic, so its silences can show outages. */
  readonly listens: boolean;
  /** First and last hour it was heard (or its series' stamps cover), null when never near the region. */
  readonly fromMs: number | null;
  readonly toMs: number | null;
  readonly hoursHeard: number;
}

export interface Outage {
  readonly source: string;
  readonly startMs: number;
  readonly endMs: number;
  /** A silence alone, one that cut aircraft off in mid-air, or a file missing from a series. */
  readonly evidence: 'silence' | 'silence-cut' | 'missing-file' | 'no-input';
  readonly why: string;
  /** For a silence: log10 of the chance of so long a silence in the source's normal traffic. */
  readonly log10Chance: number | null;
  /** The part of it no other input was listening to: what exposure leaves out. */
  readonly unobservedMs: number;
}

export interface Exposure {
  readonly sources: readonly ListeningSource[];
  readonly outages: readonly Outage[];
  /**
   * Hours in an evidenced outage of every listening source spanning them, or of a day no day
   * archive holds (see `dayArchiveOutages`), heard by no input.
   */
  readonly unobservedHours: readonly number[];
  /**
   * Hours inside an outage of every listening source spanning them in which no input heard other
   * traffic, only aircraft that may prove to be surveillance aircraft: they count as observed
   * because such an aircraft flew there, which biases a rate over them high (verdict.ts warns).
   */
  readonly heardOnlyTheirOwn: readonly number[];
  /** Some input carries other traffic, so outages could be judged at all. */
  readonly judged: boolean;
  /**
   * Day archives were given: the days they hold are held, and the window's and baseline's other
   * days are outages (`dayArchiveOutages`), whoever else speaks to coverage.
   */
  readonly dayArchives: boolean;
  /**
   * Files missing from a dated series whose inputs hold only the surveillance aircraft (monthly
   * extracts of them): nothing shows whether that time was collected, so it counts as observed and
   * quiet, and a report says so where it lies in the window or the baseline.
   */
  readonly unjudgedGaps: readonly {
    readonly source: string;
    readonly startMs: number;
    readonly endMs: number;
    readonly why: string;
  }[];
  /** Hours inside some listening source's span (ascending): outside them nothing can be judged. */
  readonly judgedSpans: readonly { readonly startMs: number; readonly endMs: number }[];
  /** Some input had some report near the region (the sources' hours, and positions placed later). */
  readonly heardNearRegion: boolean;
  /** "Near the region": its bounding box widened by this margin (from the Coverage). */
  readonly bbox: readonly [number, number, number, number];
  readonly marginDeg: number;
}

export interface InputRef {
  readonly file: string;
  readonly format: string | null;
  /**
   * An archive's members that carry a date stamp (OpenSky's hourly files in one tar), and the UTC
   * day a day archive holds (adsb.lol releases, globe_history day folders).
   */
  readonly archive?:
    | (NonNullable<DayArchiveRef['archive']> & { readonly stampedMembers: readonly string[] })
    | undefined;
  /** The span of its rows used (null without any). */
  readonly fromMs?: number | null;
  readonly toMs?: number | null;
}

/** What else bounds the outages: day archives given but not read, the intervals counted. */
export interface OutageContext {
  /** Day archives left unread (outside the span of fixes): their days are held all the same. */
  readonly daysNotRead?: readonly { readonly day: string }[];
  /** The window and any measured baseline: their days with no day archive are looked for. */
  readonly counted?: readonly { readonly startMs: number; readonly endMs: number }[];
}

/**
 * The date stamps an input stands for: those of its stamped members (hourly files inside one
 * archive), else its own name's (none when it carries none).
 */
function stampsOf(input: InputRef): FileStamp[] {
  const members = input.archive?.stampedMembers ?? [];
  // A member's `./` (as `tar -C dir .` stores it, or not) does not make another series.
  const names =
    members.length > 0
      ? members.map((m) => `${input.file}/${m.replace(/^(\.\/)+/, '')}`)
      : [input.file];
  return names.map(fileStamp).filter((s) => s !== null);
}

const COMPRESSED = /(\.(gz|bz2|xz|zst|tar|zip))+$/i;

/** Inputs of one format in one folder, or of one stamped series, are one source. */
function sourceKey(input: InputRef): { key: string; label: string } {
  const stamp = stampsOf(input)[0] ?? null;
  if (stamp !== null) {
    const label = stamp.template.replace(COMPRESSED, '');
    return { key: `${input.format ?? ''}|${label}`, label };
  }
  const path = input.file.replaceAll('\\', '/');
  const slash = path.lastIndexOf('/');
  // readsb keeps traces in folders named by the address's last two hex digits: one source.
  const dir = (slash < 0 ? '.' : path.slice(0, slash)).replace(
    /\/traces\/[0-9a-f]{2}$/i,
    '/traces',
  );
  return { key: `${input.format ?? ''}|${dir}/`, label: `${dir}/` };
}

/** An instant to the minute, as reports write it: `2025-02-03 16:00` (UTC). */
export const utcText = (ms: number): string =>
  new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

function chanceText(log10: number): string {
  if (log10 < -300) return '< 1e-300';
  const exp = Math.floor(log10);
  const mant = 10 ** (log10 - exp);
  return mant >= 9.5 ? `1e${exp + 1}` : `${mant.toFixed(0)}e${exp}`;
}

type Extent = readonly [number, number, number, number];

/**
 * The aircraft of `f` was in flight and, flying on (or back) for the lookahead at its speed and
 * track, would have stayed inside `extent`: it was lost in mid-air, not at the edge of reach or on
 * landing. Without speed and track, it must lie a lookahead's flight at 250 kt inside the extent.
 */
export function cutInMidAir(f: EdgeFix, extent: Extent, direction: 1 | -1): boolean {
  if (f.onGround || f.altitudeFt === null || f.altitudeFt < OUTAGE_RULE.cutMinAltitudeFt) {
    return false;
  }
  const hours = OUTAGE_RULE.cutLookaheadMin / 60;
  const kmPerDegLat = 111.2;
  const kmPerDegLon = kmPerDegLat * Math.cos((f.lat * Math.PI) / 180);
  const inside = (lat: number, lon: number, marginKm: number): boolean =>
    lon - extent[0] >= marginKm / kmPerDegLon &&
    extent[2] - lon >= marginKm / kmPerDegLon &&
    lat - extent[1] >= marginKm / kmPerDegLat &&
    extent[3] - lat >= marginKm / kmPerDegLat;
  if (f.groundSpeedKt === null || f.trackDeg === null) {
    return inside(f.lat, f.lon, 250 * 1.852 * hours);
  }
  const km = f.groundSpeedKt * 1.852 * hours * direction;
  const rad = (f.trackDeg * Math.PI) / 180;
  return inside(
    f.lat + (km * Math.cos(rad)) / kmPerDegLat,
    f.lon + (km * Math.sin(rad)) / kmPerDegLon,
    0,
  );
}

interface Edges {
  readonly byHour: ReadonlyMap<number, { readonly first: EdgeFix; readonly last: EdgeFix }>;
  readonly extent: Extent;
}

/**
 * Silences of one source its own traffic makes too unlikely to be quiet spells. The chances are
 * counted over the source's span less the outages found: a 41-day outage in January made a dead
 * week in March look ordinary (its silent hours counted as the source's normal), so silences are
 * judged again, with each round's outages left out of the counts, until no more are found.
 */
function silences(
  label: string,
  heard: readonly number[],
  spanFrom: number,
  spanTo: number,
  edges: Edges | null,
): Outage[] {
  let found: Outage[] = [];
  const left = new Set<number>();
  // Each round finds at least one more of the silences (between heard hours, and two at the
  // edges) or stops: it ends.
  for (let round = 0; round <= heard.length + 2; round += 1) {
    const next = judgeSilences(label, heard, spanFrom, spanTo, edges, left);
    // Outages found stay found: a round only adds to them.
    const known = new Set(found.map((o) => o.startMs));
    const added = next.filter((o) => !known.has(o.startMs));
    found = [...found, ...added].sort((a, b) => a.startMs - b.startMs);
    if (added.length === 0) break;
    for (const o of added) {
      for (let h = o.startMs / MS_PER_HOUR; h < o.endMs / MS_PER_HOUR; h += 1) left.add(h);
    }
  }
  return found;
}

/** One round of `silences`: the hours `leftOut` (outages found before) count for nothing. */
function judgeSilences(
  label: string,
  heard: readonly number[],
  spanFrom: number,
  spanTo: number,
  edges: Edges | null,
  leftOut: ReadonlySet<number>,
): Outage[] {
  const heardSet = new Set(heard);
  // Per hour of day, how often a silent hour is followed by another: silences in traffic that
  // comes in bursts (a crossing every few hours) last, those in steady traffic end at once.
  const silentBefore = new Array<number>(24).fill(0);
  const stayedSilent = new Array<number>(24).fill(0);
  for (let h = spanFrom + 1; h <= spanTo; h += 1) {
    if (heardSet.has(h - 1) || leftOut.has(h)) continue;
    const hod = h % 24;
    silentBefore[hod] = (silentBefore[hod] as number) + 1;
    if (!heardSet.has(h)) stayedSilent[hod] = (stayedSilent[hod] as number) + 1;
  }
  const found: Outage[] = [];
  const sorted = [...heardSet].sort((a, b) => a - b);
  // Silences between two heard hours, and (a dated series spans its files' whole periods) those
  // before the first or after the last, up to the series' edge: a monthly file that ends on the
  // 10th has the rest of its month silent, judged as any silence (it does not end in a heard hour).
  const spans: { from: number; to: number; edge: 'start' | 'end' | null }[] = [];
  const first = sorted[0];
  const last = sorted.at(-1);
  if (first !== undefined && first > spanFrom)
    spans.push({ from: spanFrom, to: first, edge: 'start' });
  for (let i = 1; i < sorted.length; i += 1) {
    spans.push({ from: (sorted[i - 1] as number) + 1, to: sorted[i] as number, edge: null });
  }
  if (last !== undefined && last < spanTo)
    spans.push({ from: last + 1, to: spanTo + 1, edge: 'end' });
  for (const { from, to, edge } of spans) {
    if (to <= from) continue;
    // The silence is judged against the others: its own hours are taken out of the counts (those
    // of an outage found before are out already).
    const own = new Array<number>(24).fill(0);
    for (let h = from + 1; h <= Math.min(to, spanTo); h += 1) {
      if (!leftOut.has(h)) own[h % 24] = (own[h % 24] as number) + 1;
    }
    let log10 = 0;
    let endsSoon = 0;
    for (let h = from + 1; h < to; h += 1) {
      const hod = h % 24;
      const before = (silentBefore[hod] as number) - (own[hod] as number);
      const stayed =
        (stayedSilent[hod] as number) -
        (own[hod] as number) +
        (edge !== 'end' && hod === to % 24 ? 1 : 0);
      const stay = (Math.max(0, stayed) + OUTAGE_RULE.priorHeard) / (Math.max(0, before) + 1);
      log10 += Math.log10(stay);
      endsSoon += 1 - stay;
    }
    const hours = to - from;
    const shares = hours > 1 ? endsSoon / (hours - 1) : 0;
    if (log10 >= Math.log10(OUTAGE_RULE.alphaCut)) continue;
    const before = edges?.byHour.get(from - 1)?.last;
    const after = edges?.byHour.get(to)?.first;
    const cut =
      edge === null &&
      edges !== null &&
      before !== undefined &&
      after !== undefined &&
      cutInMidAir(before, edges.extent, 1) &&
      cutInMidAir(after, edges.extent, -1);
    if (log10 >= Math.log10(OUTAGE_RULE.alpha) && !cut) continue;
    found.push({
      source: label,
      startMs: from * MS_PER_HOUR,
      endMs: to * MS_PER_HOUR,
      evidence: cut ? 'silence-cut' : 'silence',
      why:
        `silent for ${hours} h near the region${edge === 'start' ? ' from the start of its series' : edge === 'end' ? ' to the end of its series' : ''}, where at those hours of day its silences end within the hour ${Math.round(100 * shares)}% of the time ` +
        `(chance of so long a silence ${chanceText(log10)})` +
        (cut
          ? `, beginning and ending with aircraft in flight well within its reach (${utcText(before.timeMs)} and ${utcText(after.timeMs)} UTC)`
          : ''),
      log10Chance: log10,
      unobservedMs: 0,
    });
  }
  return found;
}

const UNIT_WORD: Record<StampUnit, string> = { hour: 'hourly', day: 'daily', month: 'monthly' };

/**
 * Finds each input's outages and the hours nobody was listening: hours inside an outage of every
 * listening source whose span holds them, in which no input heard anything near the region.
 */
export function findOutages(
  coverage: Coverage,
  inputs: readonly InputRef[],
  context: OutageContext = {},
): Exposure {
  const groups = new Map<string, { label: string; format: string | null; files: number[] }>();
  for (const [fileIndex, input] of inputs.entries()) {
    if (input.format === null) continue;
    const { key, label } = sourceKey(input);
    const g = groups.get(key) ?? { label, format: input.format, files: [] };
    g.files.push(fileIndex);
    groups.set(key, g);
  }
  const sources: ListeningSource[] = [];
  const outages: Outage[] = [];
  const perSource: { span: [number, number]; outageHours: Set<number> }[] = [];
  const unjudgedGaps: Exposure['unjudgedGaps'][number][] = [];
  /**
   * The days of the day archives given (read for the selected traces only, so they never speak to
   * coverage): a day with none, inside their series or inside the window or baseline, is a day no
   * input holds, but for the hours another input's rows span. Other dated files are not pooled: a
   * missing per-flight export means no flight, not no data. Every day archive given counts, rows or
   * none: a quiet day with no selected trace is a day held; so is a day left unread.
   */
  // Only when some day archive was read: days left unread alone say nothing of the window's days.
  const read = archiveDaysHeld(inputs);
  const held = read.size === 0 ? read : archiveDaysHeld(inputs, context.daysNotRead);
  // A series of one file is that file.
  for (const g of groups.values())
    if (g.files.length === 1) g.label = (inputs[g.files[0] as number] as InputRef).file;
  for (const g of [...groups.values()].sort((a, b) => (a.label < b.label ? -1 : 1))) {
    const heard = new Set<number>();
    const other = new Set<number>();
    const byHour = new Map<number, { first: EdgeFix; last: EdgeFix }>();
    const extent = [Infinity, Infinity, -Infinity, -Infinity];
    let allEdges = true;
    for (const i of g.files) {
      const c: CoveredHours | undefined = coverage.bySource.get(i);
      for (const h of c?.hours ?? []) heard.add(h);
      for (const h of c?.otherTrafficHours ?? []) other.add(h);
      if (c === undefined || c.hours.length === 0) continue;
      if (c.edges === undefined || c.extent === undefined) {
        allEdges = false;
        continue;
      }
      for (const [k, h] of c.hours.entries()) {
        const e = c.edges[k] as { first: EdgeFix; last: EdgeFix };
        const had = byHour.get(h);
        byHour.set(h, {
          first: had === undefined || e.first.timeMs < had.first.timeMs ? e.first : had.first,
          last: had === undefined || e.last.timeMs >= had.last.timeMs ? e.last : had.last,
        });
      }
      for (const k of [0, 1] as const) extent[k] = Math.min(extent[k] as number, c.extent[k]);
      for (const k of [2, 3] as const) extent[k] = Math.max(extent[k] as number, c.extent[k]);
    }
    const edges: Edges | null =
      allEdges && byHour.size > 0 ? { byHour, extent: extent as unknown as Extent } : null;
    const share = heard.size === 0 ? 0 : other.size / heard.size;
    const listens = heard.size > 0 && share >= OUTAGE_RULE.minOtherTrafficShare;
    const perInput = g.files.map((i) => stampsOf(inputs[i] as InputRef));
    const stamps = perInput.flat();
    const unit = stamps[0]?.unit;
    // Every input of the group stands for stamps of one unit: a series.
    const sameUnit =
      unit !== undefined &&
      stamps.every((s) => s.unit === unit) &&
      perInput.every((p) => p.length > 0);
    const heardSorted = [...heard].sort((a, b) => a - b);
    let fromH = heardSorted[0] ?? Infinity;
    let toH = heardSorted.at(-1) ?? -Infinity;
    if (sameUnit) {
      for (const s of stamps) {
        fromH = Math.min(fromH, s.startMs / MS_PER_HOUR);
        toH = Math.max(toH, nextStamp(s.startMs, s.unit) / MS_PER_HOUR - 1);
      }
    }
    const spanKnown = Number.isFinite(fromH) && Number.isFinite(toH);
    sources.push({
      label: g.label,
      format: g.format,
      fileIndexes: g.files,
      otherTrafficShare: share,
      listens,
      fromMs: spanKnown ? fromH * MS_PER_HOUR : null,
      toMs: spanKnown ? (toH + 1) * MS_PER_HOUR : null,
      hoursHeard: heard.size,
    });
    if (!listens && sameUnit && gapsMayBeData(g.format, g.files, inputs)) {
      for (const gap of seriesGaps(
        stamps.map((s) => s.startMs),
        unit,
      )) {
        unjudgedGaps.push({
          source: g.label,
          startMs: gap.startMs,
          endMs: gap.endMs,
          why: `no file for ${utcText(gap.startMs)} to ${utcText(gap.endMs)} UTC in the ${UNIT_WORD[unit]} series ${g.label} (${gap.present} of ${gap.expected} present)`,
        });
      }
    }
    if (!listens || !spanKnown) continue;
    // Silences are silences of other traffic: a surveillance flight heard inside a receiver's
    // outage (by another receiver of the same network, say) would otherwise split it into halves
    // each too short to show. Its hours still count as observed (heardOnlyTheirOwn, warned of).
    const otherSorted = [...other].sort((a, b) => a - b);
    let mine = silences(g.label, otherSorted, fromH, toH, edges);
    if (sameUnit) {
      const gaps = seriesGaps(
        stamps.map((s) => s.startMs),
        unit,
      );
      // A silence within the series' own missing files is that gap, said once: by its files.
      mine = mine.filter((o) => !gaps.some((g) => g.startMs <= o.startMs && o.endMs <= g.endMs));
      for (const gap of gaps) {
        mine.push({
          source: g.label,
          startMs: gap.startMs,
          endMs: gap.endMs,
          evidence: 'missing-file',
          why: `no file for ${utcText(gap.startMs)} to ${utcText(gap.endMs)} UTC in this ${UNIT_WORD[unit]} series (${gap.present} of ${gap.expected} present)`,
          log10Chance: null,
          unobservedMs: 0,
        });
      }
    }
    const outageHours = new Set<number>();
    for (const o of mine) {
      for (let h = o.startMs / MS_PER_HOUR; h < o.endMs / MS_PER_HOUR; h += 1) {
        if (!other.has(h)) outageHours.add(h);
      }
    }
    perSource.push({ span: [fromH, toH], outageHours });
    outages.push(...mine);
  }
  const anyHeard = new Set(coverage.hours);
  const candidates = new Set<number>();
  for (const s of perSource) for (const h of s.outageHours) candidates.add(h);
  // Each input's rows near the region: rows far from it hold no time of it.
  const near = nearSpans(coverage, inputs);
  const days = dayArchiveOutages(held, inputs, near, context.counted ?? []);
  for (const o of days.outages) {
    outages.push(o);
    for (let h = o.startMs / MS_PER_HOUR; h < o.endMs / MS_PER_HOUR; h += 1) candidates.add(h);
  }
  const listened = (h: number): boolean => perSource.some((s) => h >= s.span[0] && h <= s.span[1]);
  // From the first report near the region of any input to the last, and any day archive's day:
  // time the inputs hold, whether or not an input there listens. (Not each input's own rows:
  // exports of the surveillance aircraft, a file a month, have rows only where they flew. Nor rows
  // far from the region: a 2018 flight over the Netherlands holds no time of the Gulf.)
  const withRows = near.filter((s) => s !== null);
  const rows =
    withRows.length === 0
      ? null
      : {
          startMs: Math.min(...withRows.map((s) => s.startMs)),
          endMs: Math.max(...withRows.map((s) => s.endMs)),
        };
  const heldByInputs = (h: number): boolean =>
    listened(h) ||
    held.has(Math.floor((h * MS_PER_HOUR) / DAY_MS) * DAY_MS) ||
    (rows !== null && rows.startMs < (h + 1) * MS_PER_HOUR && rows.endMs > h * MS_PER_HOUR);
  const beyond =
    perSource.length === 0
      ? { outages: [], hours: [] }
      : noInputHours(context.counted ?? [], heldByInputs, candidates, rows);
  outages.push(...beyond.outages);
  for (const h of beyond.hours) candidates.add(h);
  const inEveryOutage = (h: number): boolean =>
    perSource.every((s) => h < s.span[0] || h > s.span[1] || s.outageHours.has(h));
  const unobserved = [...candidates]
    .filter((h) => !anyHeard.has(h) && inEveryOutage(h))
    .sort((a, b) => a - b);
  const otherHeard = new Set<number>();
  for (const c of coverage.bySource.values())
    for (const h of c.otherTrafficHours) otherHeard.add(h);
  // Also the hours of a day no day archive holds that another input's rows span, where no input
  // heard other traffic and no listening source decides them: such an input (a per-flight export)
  // exists because the aircraft flew.
  const heardOnlyTheirOwn = [
    ...new Set([
      ...[...candidates].filter((h) => anyHeard.has(h) && !otherHeard.has(h) && inEveryOutage(h)),
      ...days.leftToOthers.filter((h) => !otherHeard.has(h) && !listened(h)),
    ]),
  ].sort((a, b) => a - b);
  const unobservedSet = new Set(unobserved);
  const withUnobserved = outages
    .map((o) => {
      let n = 0;
      for (let h = o.startMs / MS_PER_HOUR; h < o.endMs / MS_PER_HOUR; h += 1) {
        if (unobservedSet.has(h)) n += 1;
      }
      return { ...o, unobservedMs: n * MS_PER_HOUR };
    })
    .sort((a, b) => a.startMs - b.startMs || (a.source < b.source ? -1 : 1));
  const merged = mergedSpans(
    perSource.map((s) => ({
      startMs: s.span[0] * MS_PER_HOUR,
      endMs: (s.span[1] + 1) * MS_PER_HOUR,
    })),
  );
  return {
    sources,
    outages: withUnobserved,
    unobservedHours: unobserved,
    heardOnlyTheirOwn,
    judged: perSource.length > 0,
    dayArchives: held.size > 0,
    unjudgedGaps,
    judgedSpans: merged,
    heardNearRegion: coverage.hours.length > 0,
    bbox: coverage.bbox,
    marginDeg: coverage.marginDeg,
  };
}

type Span = { startMs: number; endMs: number };

/**
 * Formats written only when there is something to write, one aircraft or one sighting at a time:
 * a readsb or ADS-B Exchange trace is one aircraft's day, an FR24 export one flight, a plane-alert
 * log one day's sightings. A file missing from their series means no flight, not lost data.
 */
const WRITTEN_WHEN_FLOWN = new Set([
  'readsb-trace',
  'adsbx-trace-csv',
  'fr24-flight',
  'plane-alert-log',
]);

/**
 * Whether a file missing from a series of these inputs may be time not collected: not for the
 * formats above, nor for day archives (a day none holds is left out of exposure already).
 */
function gapsMayBeData(
  format: string | null,
  files: readonly number[],
  inputs: readonly InputRef[],
): boolean {
  if (format !== null && WRITTEN_WHEN_FLOWN.has(format)) return false;
  return files.every((i) => typeof inputs[i]?.archive?.day !== 'string');
}

/**
 * Per input, the span of its rows that lies near the region: from the hour of its first report
 * near the region to that of its last (the row times themselves where those fall inside), or null
 * when it has none. Rows far from the region hold no time of it.
 */
function nearSpans(coverage: Coverage, inputs: readonly InputRef[]): (Span | null)[] {
  return inputs.map((input, i) => {
    const hours = coverage.bySource.get(i)?.hours ?? [];
    const placed = coverage.placedBySource?.get(i);
    let first = hours[0] ?? Infinity;
    let last = hours.at(-1) ?? -Infinity;
    if (placed !== undefined) {
      first = Math.min(first, placed[0]);
      last = Math.max(last, placed[1]);
    }
    if (!Number.isFinite(first) || !Number.isFinite(last)) return null;
    const startMs = Math.max(first * MS_PER_HOUR, input.fromMs ?? -Infinity);
    const endMs = Math.min((last + 1) * MS_PER_HOUR, (input.toMs ?? Infinity) + 1);
    return { startMs, endMs: Math.max(endMs, startMs + 1) };
  });
}

/** Spans sorted and joined where they touch or overlap. */
function mergedSpans(spans: readonly Span[]): Span[] {
  const merged: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.startMs - b.startMs)) {
    const last = merged.at(-1);
    if (last !== undefined && s.startMs <= last.endMs) last.endMs = Math.max(last.endMs, s.endMs);
    else merged.push({ ...s });
  }
  return merged;
}

/**
 * The hours of the window and a measured baseline (`counted`) that no input holds at all (no
 * listening source spans them, they lie before the first report near the region of any input or
 * after the last, no day archive holds their day), as outages (hour numbers, and one outage a run): there nothing
 * shows whether receivers were up, and nothing was heard. Time outside the
 * listening sources that other inputs' rows span (exports of the surveillance aircraft alone)
 * still counts as observed, with verdict.ts's warning; counting only the hours those inputs heard
 * would make exposure their aircraft's own flying. Hours already found missing (`candidates`: a
 * day archive's day) are left to that finding.
 */
function noInputHours(
  counted: NonNullable<OutageContext['counted']>,
  held: (hour: number) => boolean,
  candidates: ReadonlySet<number>,
  rows: Span | null,
): { outages: Outage[]; hours: number[] } {
  const hourSet = new Set<number>();
  for (const c of counted) {
    if (!Number.isFinite(c.startMs) || !Number.isFinite(c.endMs)) continue;
    for (let h = Math.floor(c.startMs / MS_PER_HOUR); h * MS_PER_HOUR < c.endMs; h += 1) {
      if (!held(h) && !candidates.has(h)) hourSet.add(h);
    }
  }
  const hours = [...hourSet].sort((a, b) => a - b);
  const outages: Outage[] = [];
  for (let k = 0; k < hours.length; ) {
    let end = k;
    while (hours[end + 1] === (hours[end] as number) + 1) end += 1;
    const startMs = (hours[k] as number) * MS_PER_HOUR;
    const endMs = ((hours[end] as number) + 1) * MS_PER_HOUR;
    const where =
      rows !== null && endMs <= rows.startMs
        ? `before the inputs begin (their first report: ${utcText(rows.startMs)} UTC)`
        : rows !== null && startMs >= rows.endMs
          ? `after the inputs end (their last report: ${utcText(rows.endMs - 1)} UTC)`
          : 'between the day archives given, where no other input holds rows';
    outages.push({
      source: 'inputs',
      startMs,
      endMs,
      evidence: 'no-input',
      why: `${where}: no input holds this time, so nothing shows whether receivers were up`,
      log10Chance: null,
      unobservedMs: 0,
    });
    k = end + 1;
  }
  return { outages, hours };
}

/**
 * Runs of hours of the days no day archive holds: between the first and last day given, and inside
 * the counted intervals; the hours another input's rows span are left to that input.
 */
function dayArchiveOutages(
  held: ReadonlySet<number>,
  inputs: readonly InputRef[],
  near: readonly (Span | null)[],
  counted: NonNullable<OutageContext['counted']>,
): { outages: Outage[]; leftToOthers: number[] } {
  if (held.size === 0) return { outages: [], leftToOthers: [] };
  const traceLess = traceLessDays(inputs);
  const given = [...held].sort((a, b) => a - b);
  const first = given[0] as number;
  const last = given.at(-1) as number;
  const looked = new Set<number>();
  for (let d = first; d <= last; d += DAY_MS) looked.add(d);
  for (const c of counted) {
    if (!Number.isFinite(c.startMs) || !Number.isFinite(c.endMs)) continue;
    for (let d = Math.floor(c.startMs / DAY_MS) * DAY_MS; d < c.endMs; d += DAY_MS) looked.add(d);
  }
  const others = near.filter(
    (s, i): s is Span => s !== null && typeof inputs[i]?.archive?.day !== 'string',
  );
  // Another input's rows near the region decide the hours they span (by its own outages, if it
  // listens).
  const spanned = (hourMs: number): boolean =>
    others.some((s) => s.startMs < hourMs + MS_PER_HOUR && s.endMs > hourMs);
  const hours: number[] = [];
  /** Hours (as hour numbers) of the days missing that other inputs' rows decide. */
  const leftToOthers: number[] = [];
  for (const d of [...looked].sort((a, b) => a - b)) {
    if (held.has(d)) continue;
    for (let h = d; h < d + DAY_MS; h += MS_PER_HOUR) {
      if (!spanned(h)) hours.push(h);
      else leftToOthers.push(h / MS_PER_HOUR);
    }
  }
  const span = Math.round((last - first) / DAY_MS) + 1;
  const series =
    span === 1
      ? `the only day archive given holds ${utcDayText(first)}`
      : `the day archives given run from ${utcDayText(first)} to ${utcDayText(last)}, ${given.length} of ${span} days present`;
  const out: Outage[] = [];
  for (let k = 0; k < hours.length; ) {
    let end = k;
    while (hours[end + 1] === (hours[end] as number) + MS_PER_HOUR) end += 1;
    const startMs = hours[k] as number;
    const endMs = (hours[end] as number) + MS_PER_HOUR;
    const whole = startMs % DAY_MS === 0 && endMs % DAY_MS === 0;
    const dayList: number[] = [];
    for (let d = Math.floor(startMs / DAY_MS) * DAY_MS; d < endMs; d += DAY_MS) dayList.push(d);
    const days = runsText(dayList) + traceLessText(dayList, traceLess);
    const part = whole
      ? ''
      : `; from ${utcText(startMs)} to ${utcText(endMs)} UTC no other input holds rows either`;
    const where =
      endMs <= first ? 'before the first' : startMs > last ? 'after the last' : 'between';
    out.push({
      source: 'day archives',
      startMs,
      endMs,
      evidence: 'missing-file',
      why: `no day archive for ${days}${part} (${where === 'between' ? series : `${where} day archive given; ${series}`})`,
      log10Chance: null,
      unobservedMs: 0,
    });
    k = end + 1;
  }
  return { outages: out, leftToOthers };
}

/**
 * Whether exposure leaves anything out: outages judged from inputs carrying other traffic, or days
 * no day archive holds.
 */
export function leavesTimeOut(exposure: Exposure): boolean {
  return exposure.judged || exposure.unobservedHours.length > 0;
}

/**
 * Time inside [startMs, endMs) left out of exposure because no input holds it (outages of evidence
 * `no-input`), in ms.
 */
export function beyondInputsMs(exposure: Exposure, startMs: number, endMs: number): number {
  let ms = 0;
  for (const o of exposure.outages) {
    if (o.evidence !== 'no-input') continue;
    const from = Math.max(startMs, o.startMs);
    const to = Math.min(endMs, o.endMs);
    if (to > from) ms += hoursMs(exposure.unobservedHours, from, to);
  }
  return ms;
}

/**
 * Time inside [startMs, endMs) outside every listening source's span that still counts as observed
 * (other inputs' rows span it), in ms.
 */
export function unjudgedMs(exposure: Exposure, startMs: number, endMs: number): number {
  if (!(endMs > startMs)) return 0;
  let inside = 0;
  for (const s of exposure.judgedSpans) {
    inside += Math.max(0, Math.min(endMs, s.endMs) - Math.max(startMs, s.startMs));
  }
  // Hours left out there (days no day archive holds, time no input holds) are not observed.
  let leftOut = 0;
  for (const h of exposure.unobservedHours) {
    const t = h * MS_PER_HOUR;
    if (t < startMs || t >= endMs) continue;
    if (!exposure.judgedSpans.some((s) => t >= s.startMs && t < s.endMs)) leftOut += MS_PER_HOUR;
  }
  return endMs - startMs - inside - leftOut;
}

/** A span of time as a report says it: `2024-02-01 00:00 to 2025-02-10 00:00 UTC`. */
export const utcSpanText = (startMs: number, endMs: number): string =>
  `${utcText(startMs)} to ${utcText(endMs)} UTC`;

/** The span the inputs carrying other traffic cover, as a report says it. */
export function inputsSpanText(exposure: Exposure): string {
  const spans = exposure.judgedSpans;
  const first = spans[0];
  const last = spans.at(-1);
  if (first === undefined || last === undefined) return 'none';
  const text = utcSpanText(first.startMs, last.endMs);
  return spans.length === 1 ? text : `${text}, with gaps`;
}
