import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import { readerOptionsOf } from './reader-flags.js';
import { availableParallelism } from 'node:os';
import { analyzeRegions, type Analysis } from '../analyze.js';
import { unreadableSummary, type InputSummary } from '../ingest/collect.js';
import type { Region } from '../geo/region.js';
import { formatByName } from '../ingest/formats/index.js';
import { printable } from '../ingest/plausible.js';
import { DEFAULT_MISSION_PARAMS } from '../missions/types.js';
import { DEFAULT_TRACK_PARAMS } from '../tracks/types.js';
import { regionSpecs, type InputOptions, type RegistryOptions } from './common.js';
import { DEFAULT_SELECTION, type OperatorSelection } from '../aircraft/selection.js';
import type { WatchList } from '../aircraft/watch-lists.js';
import { loadRegionCoast, loadRegistry, type RegionCoast } from './context.js';
import { loadRegions, regionSpecFile } from './region-specs.js';
import { expandInputs, type PassedOver } from './files.js';
import type { LeftOut } from '../ingest/archive/releases.js';
import { UsageError, UserError, type Io } from './io.js';
import { refuseOverwritingInputs, type OutputFile } from './outputs.js';
import { ProgressBar } from './progress.js';
import { WORKERS_FROM_BYTES } from '../ingest/threads/reading-threads.js';
import { dayOutsideSpan, daysWithinSpan, type TrackSpan } from '../tracks/track-span.js';
import { releaseDay } from '../ingest/archive/releases.js';
import { splitsIntoRanges } from '../ingest/archive/archive-ranges.js';
import { damageText } from '../report/render/archive-lines.js';

/** One region's analysis, from a read shared with the run's other regions. */
export interface RegionAnalysis {
  readonly analysis: Analysis;
  readonly region: Region;
  /** Why this region's missions carry no territorial verdict (said in every output), or null. */
  readonly territorialUnavailable: string | null;
}

export interface LoadedAnalysis {
  /** The first region's (the only one unless several --region were given). */
  readonly analysis: Analysis;
  readonly region: Region;
  /** Every region's, in the order of --region: the inputs were read once for all of them. */
  readonly regions: readonly RegionAnalysis[];
  /** Inputs that could not be read in full (their rows up to the problem still count). */
  readonly failures: number;
  /** Files found in directories and left out by their name (documentation, readsb heatmaps). */
  readonly passedOver: readonly PassedOver[];
  /** The --watch lists read. */
  readonly watchLists: readonly WatchList[];
  /** Which airframes count (--operators, --country, --exclude). */
  readonly selection: OperatorSelection;
  /** Archives left out for another copy of the same release or day. */
  readonly leftOut: readonly LeftOut[];
  /** The first region's warning when it has no territorial verdicts (a built-in land band). */
  readonly territorialUnavailable: string | null;
}

/** The operator selection the options ask for (military-isr of any country by default). */
export function selectionOf(opts: RegistryOptions): OperatorSelection {
  return {
    classes: new Set(opts.operators ?? DEFAULT_SELECTION.classes),
    countries: opts.country === undefined ? null : new Set(opts.country),
    exclude: new Set(opts.exclude ?? []),
  };
}

/** A line on stderr for each watch list: what was read, and any rows passed over. */
export function watchListNotes(lists: readonly WatchList[]): string[] {
  return lists.map((l) => {
    const skipped =
      l.skipped > 0
        ? `; ${l.skipped} row${l.skipped === 1 ? '' : 's'} skipped (${l.skippedReason ?? ''})`
        : '';
    return `${l.file}: watch list (${l.form}), ${l.entries.size} airframe${l.entries.size === 1 ? '' : 's'}${skipped}`;
  });
}

/** The loaded inputs of the database --db names, as sources (inputs are not given with it). */
async function readFromDb(
  inputs: readonly string[],
  opts: InputOptions,
  io: Io,
  trackSpan: TrackSpan | null,
) {
  if (inputs.length > 0) {
    throw new UsageError(
      `--db reads the inputs loaded into the database: give no inputs (${inputs[0] ?? ''}, ...) with it`,
    );
  }
  const { dbClient, dbInputs } = await import('./db-connect.js');
  const found = await dbInputs(dbClient(opts.db as string, opts.dbTimeout, io), trackSpan);
  return {
    sources: found.sources,
    read: found.sources,
    notRead: found.notRead,
    unreadable: [],
    passedOver: found.passedOver,
    leftOut: found.leftOut,
    reader: found.reader,
  };
}

/** Reads inputs, identifies aircraft and finds missions; reports unreadable inputs on stderr. */
export async function runAnalysis(
  inputs: readonly string[],
  opts: InputOptions,
  io: Io,
  outputs: readonly OutputFile[] = [],
  trackSpan: TrackSpan | null = null,
): Promise<LoadedAnalysis> {
  const regionLoading = loadRegions(regionSpecs(opts));
  // Each region's own coast (regions of one coast area share one).
  const coastsLoading = regionLoading.then((rs) => {
    const byArea = new Map<string, Promise<RegionCoast>>();
    return Promise.all(rs.map((r) => loadRegionCoast(r, byArea)));
  });
  const loading = Promise.all([
    loadRegistry(opts.aircraftDb, opts.watch),
    regionLoading,
    coastsLoading,
  ]);
  // Failures are reported below, in this order: registry and region first, then the inputs.
  loading.catch(() => undefined);
  // --db: the inputs loaded into the database stand in for files; their rows come from it.
  const fromDb = opts.db === undefined ? null : await readFromDb(inputs, opts, io, trackSpan);
  const found = fromDb ?? (await expandInputs(inputs, io.stdin, opts.glob));
  const { unreadable, passedOver, leftOut } = found;
  // Day archives whose day lies outside the span of fixes are not read (a year of history for a
  // report on two weeks reads the days around them); the database's inputs are chosen alike.
  const { read: sources, notRead } =
    fromDb ??
    daysWithinSpan(
      found.sources,
      // A folder dated by a few of its traces may hold other days: it is never left unread.
      (s) => ({
        file: s.name,
        day:
          s.archive?.kind === 'globe-history' && s.archive.dayFromTraces === true
            ? null
            : (s.archive?.day ?? null),
      }),
      trackSpan,
    );
  // Before a byte is read: no output may be one of the input files (data, registries, region),
  // those left unread included.
  await refuseOverwritingInputs(outputs, [
    ...found.sources.flatMap((s) => (s.path === undefined ? [] : [s.path])),
    ...found.sources.flatMap((s) =>
      s.archive !== undefined && s.archive.kind !== 'globe-history'
        ? s.archive.parts.map((p) => p.path)
        : [],
    ),
    ...opts.aircraftDb,
    ...opts.watch,
    ...regionSpecs(opts).flatMap((spec) => {
      const file = regionSpecFile(spec);
      return file === null ? [] : [file.file];
    }),
  ]);
  const forced = opts.inputFormat === undefined ? undefined : formatByName(opts.inputFormat);
  const reader = readerOptionsOf(opts, opts.scanAll === true);
  const threads = opts.threads ?? availableParallelism();
  const inputBytes = sources.reduce((n, s) => n + (s.size ?? 0), 0);
  // One tar that is not cut into byte ranges (an adsb.lol day is) is walked start to end by one
  // thread whichever reads it: a reading thread would only add its start-up and a second copy of
  // the selection.
  const single = sources.length === 1 ? sources[0]?.archive : undefined;
  const oneTar = single?.kind === 'tar' && !splitsIntoRanges(single);
  // One thread reads a big plain file through the same plan, with no thread started: its byte
  // range is read by positioned reads into the kernel's memory, where a stream's fresh 1 MiB
  // buffers cost a page fault every 4 KiB (on a 1 GB hour, 28,000 of them: 10 µs each on some
  // virtual machines, a run of 1.9 s against 1.0 s).
  const big = !oneTar && inputBytes >= WORKERS_FROM_BYTES;
  const useWorkers = fromDb === null && (big || (opts.threads !== undefined && threads >= 2));
  const bar = io.stderrIsTTY === true && opts.quiet !== true ? new ProgressBar(io.stderr) : null;
  // Ctrl-C while reading: the progress line is wiped, not left under the shell's prompt.
  const releaseInterrupt = io.onInterrupt?.(() => bar?.done());
  // Small inputs are read on this thread: only bigger ones load the thread pool's code.
  const WorkerReader = useWorkers
    ? (await import('../ingest/threads/worker-reader.js')).WorkerReader
    : null;
  // Threads start now, loading their code while the registry and the region load here.
  const inputReader =
    WorkerReader === null
      ? undefined
      : new WorkerReader({
          registry: loading.then(([loaded]) => loaded.registry),
          forced,
          reader,
          threads,
          onProgress: bar === null ? undefined : (p) => bar.update(p),
        });
  let analyses: Analysis[];
  let regions: Region[];
  let watchLists: readonly WatchList[] = [];
  let coasts: RegionCoast[] = [];
  const selection = selectionOf(opts);
  try {
    const [loadedRegistry, loadedRegions, loadedCoasts] = await loading;
    coasts = loadedCoasts;
    const registry = loadedRegistry.registry;
    watchLists = loadedRegistry.watchLists;
    regions = loadedRegions;
    // Big inputs: the coast's index is built in a turn this thread takes while the others read
    // (and while a gzip file is inflated elsewhere it has nothing else to do), not after reading.
    if (inputReader !== undefined) {
      setImmediate(() => {
        for (const c of new Set(coasts.map((rc) => rc.coast))) c?.prepare();
      });
    }
    // Which copy of a day is read, and which are not, before reading: it changes what is counted.
    // Copies of days outside the span go unsaid, read or left out (a year of releases has one a day).
    for (const s of sources) {
      const a = s.archive;
      if (a?.kind !== 'tar' && a?.kind !== 'globe-history') continue;
      if (a.day !== null && dayOutsideSpan(a.day, trackSpan)) continue;
      const why = a.choice?.why;
      if (why !== undefined) io.stderr(`sortie: note: ${printable(s.name)}: ${printable(why)}\n`);
    }
    for (const f of leftOut) {
      const day = ('day' in f ? f.day : undefined) ?? releaseDay(f.file);
      if (day !== null && dayOutsideSpan(day, trackSpan)) continue;
      io.stderr(`sortie: note: ${printable(f.file)} left out: ${printable(f.reason)}\n`);
    }
    if (sources.length === 0 && notRead.length === 0) {
      for (const u of unreadable)
        io.stderr(`sortie: ${printable(u.name)}: ${printable(u.message)}\n`);
      const filter = opts.glob.length > 0 ? ` matching ${opts.glob.join(', ')}` : '';
      const first = passedOver[0];
      const left =
        first === undefined
          ? ''
          : ` (${passedOver.length} file${passedOver.length === 1 ? '' : 's'} left out as not flight data, e.g. ${printable(first.name)}: ${first.reason})`;
      throw new UserError(`no input files found${filter} in ${inputs.join(', ')}${left}`);
    }
    analyses = await analyzeRegions(
      sources,
      {
        registry,
        region: regions[0] as Region,
        forced,
        assignHex: opts.aircraft,
        reader,
        track: { ...DEFAULT_TRACK_PARAMS, gapMs: opts.gap },
        mission: { ...DEFAULT_MISSION_PARAMS, minDwellMs: opts.minDwell },
        coast: coasts[0]?.coast ?? null,
        inputReader: fromDb?.reader(registry, trackSpan) ?? inputReader,
        selection,
        trackSpan,
        notRead,
      },
      regions,
      coasts.map((c) => c.coast),
    );
    // A Ctrl-C that came while reading (with the end of standard input it caused, say) ends the
    // run before a report is made. Signals reach the handler only when the event loop polls, and
    // the steps after reading may all be promises: two turns let it poll at least once.
    await eventLoopTurn();
    await eventLoopTurn();
  } finally {
    releaseInterrupt?.();
    bar?.done();
    // The threads stop while the report is made; nothing waits for them.
    inputReader?.close().catch(() => undefined);
  }
  const analysis = analyses[0] as Analysis;
  // A path that could not be opened or listed is an input not read: listed with its error in
  // every output (inspect's table, JSON inputs, the warning of inputs not read in full).
  for (const inputs of new Set(analyses.map((a) => a.inputs))) {
    for (const u of unreadable)
      (inputs as InputSummary[]).push(unreadableSummary(u.name, u.message));
  }
  let failures = 0;
  for (const i of analysis.inputs) {
    // A damaged archive was not read in full (its warning says what was lost): exit 1, as for a
    // gzip stream cut short.
    if (i.error === null && i.archive !== undefined && damageText(i.archive) !== '') failures += 1;
    if (i.error === null) continue;
    failures += 1;
    const where =
      i.error.line === null ? printable(i.file) : `${printable(i.file)}:${i.error.line}`;
    // Rows all skipped are not "kept" in any sense that matters (a forced format that read none).
    const kept = i.used > 0 ? ` (${i.rows} rows read before it are kept)` : '';
    io.stderr(`sortie: ${where}: ${i.error.message}${kept}\n`);
  }
  if (opts.quiet !== true)
    for (const note of watchListNotes(watchLists)) io.stderr(`sortie: ${note}\n`);
  return {
    analysis,
    region: regions[0] as Region,
    regions: regions.map((region, k) => ({
      region,
      analysis: analyses[k] as Analysis,
      territorialUnavailable: coasts[k]?.unavailable ?? null,
    })),
    territorialUnavailable: coasts[0]?.unavailable ?? null,
    failures,
    passedOver,
    watchLists,
    selection,
    leftOut,
  };
}
