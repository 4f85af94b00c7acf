import { thousands } from '../thousands.js';
import { readArchive, type ArchiveSpec } from './archive/read-archive.js';
import type { ArchiveSummary, MemberSelection } from './archive/members.js';
import { newCompanions, type Companions } from './companions.js';
import type { BulkTotals, FastCsvOptions, FastPathStats } from './fast/fast-csv.js';
import { BulkHexSet, unionSorted, type HexSet } from './fast/hex-set.js';
import { DEFAULT_READER_OPTIONS, type InputFormat, type ReaderOptions } from './formats/format.js';
import type { FixCoverageTarget } from '../coverage/coverage.js';
import {
  FixRows,
  countUsed,
  evidenceOf,
  type AircraftEvidence,
  type TraceTaking,
} from './fix-rows.js';
import { FixStore } from './fix-store.js';
import { implausibility, printable } from './plausible.js';
import { notFlightDataByName } from './file-names.js';
import { NotFlightData, UnknownFormat } from './input-error.js';
import { RegistryAsInput, type RegistryKind } from './formats/not-flight-data.js';
import { InputError, readSource } from './read-source.js';
import {
  FIRST_LINES_KEPT,
  isCarried,
  isSighting,
  isSkip,
  type Position,
  type RowResult,
} from './types.js';

/** An input the pipeline can open as a byte stream (a file, standard input, an in-memory buffer). */
export interface InputSource {
  readonly name: string;
  open(): AsyncIterable<Uint8Array>;
  /** A file on disk (worker threads open it themselves, by byte ranges when it is big). */
  readonly path?: string;
  readonly size?: number;
  /** It can be read only once (standard input): no second pass over it. */
  readonly once?: boolean;
  /** An archive read in place (a tar or a split release's parts): its members are the data. */
  readonly archive?: ArchiveSpec | undefined;
}

export interface SkipStat {
  count: number;
  /** The first few line (or record) numbers skipped for this reason. */
  firstLines: number[];
}

/** Why an input could not be read (in full), and where. */
export interface InputFailure {
  message: string;
  line: number | null;
  /**
   * The input is an aircraft registry, not flight data: nothing was read from it, and none of its
   * rows could hold a mission. `aircraft-db`: --aircraft-db reads such a file (the user most
   * likely meant it there); `not-read`: sortie reads it nowhere (a tar1090-db shard,
   * plane-alert-db's list of categories).
   */
  registry?: RegistryKind;
}

/** Per-input accounting: every row read is either used (a position) or skipped with a reason. */
export interface InputSummary {
  readonly file: string;
  format: string | null;
  /** How the format was recognised (`header: ...`, `content: ...`, or forced by --input-format). */
  detectedBy: string | null;
  rows: number;
  used: number;
  /** What the used rows became: `position`, `sighting`, or what they carried (`callsign (MSG,1)`). */
  usedAs: Record<string, number>;
  skipped: Record<string, SkipStat>;
  fromMs: number | null;
  toMs: number | null;
  aircraft: number;
  /** The addresses seen in this input (with `bulkAddresses`, until `settleHexes`). */
  hexes: HexSet;
  /**
   * Addresses of the rows the fast path counted in bulk, ascending, not yet in `hexes`: a byte range
   * of a global dump holds some 17,000 aircraft, and making their strings for every range (and
   * sending them between threads) cost as much as a tenth of reading it. `joinInputs` settles them.
   */
  bulkAddresses?: Uint32Array;
  /** Remarks about the whole input (time zone hints, what a file is when nothing is read from it). */
  notes: string[];
  /** A problem that stopped reading this input; rows read before it still count. */
  error: InputFailure | null;
  /** With --input-format: what detection would have read the input as (null: nothing fits). */
  looksLike?: string | null;
  /**
   * What the input is when it is not flight data (a readsb receiver.json, a heatmap): nothing is
   * read from it, and that is no error. Null for inputs read as data.
   */
  notFlightData?: string | null;
  /** Set when the fast path read the input. */
  fast?: FastPathStats;
  /** Set when the input is an archive: its members and damage. */
  archive?: ArchiveSummary;
}

export interface IngestOptions {
  readonly forced?: InputFormat | undefined;
  /** Address given on the command line for inputs that carry none (FR24 per-flight CSV). */
  readonly assignHex?: string | undefined;
  /** Which positions to keep for track building; the rest are counted and let go. */
  readonly keep: (p: Position) => boolean;
  /**
   * `keep`'s answer for every position of this aircraft that carries no evidence of identity (type
   * code, registration, flags). When given, the fast path asks it once per aircraft and input (each
   * byte range) and takes the watched rows it reads from their bytes, outside every box of
   * `fast.coverageBoxes`, from their values, with no position made (see fix-rows.ts): `onPosition`
   * must then ignore every position outside those boxes, as coverage collectors do.
   */
  readonly keepAircraft?: ((hex: string) => boolean) | undefined;
  /**
   * Whether a position's aircraft may prove to be a surveillance aircraft, as `onPosition` is told
   * (coverage by other traffic is measured from the others); `keep` when not given.
   */
  readonly candidate?: ((p: Position) => boolean) | undefined;
  readonly reader?: ReaderOptions | undefined;
  /** Sees every position read, kept or not (coverage is measured from all of them). */
  readonly onPosition?: ((p: Position, candidate: boolean) => void) | undefined;
  /**
   * The coverage collectors `onPosition` feeds, for readers that feed them by values: when given,
   * an archive's selected traces are read with no position made for their rows (TraceTaking);
   * without it, only when there is no `onPosition`.
   */
  readonly coverage?: readonly FixCoverageTarget[] | undefined;
  /**
   * The fast path for big CSV formats (src/ingest/fast/): their rows carry no identity evidence, so
   * `keep` must select none of their positions outside `watch`, and `candidate` must hold exactly
   * for those in `candidates`; the others are counted without being built, and reach `onPosition`
   * only near the edges of `coverageBoxes`, their hours in each going to `onCoveredHour`.
   */
  readonly fast?: Omit<FastCsvOptions, 'onBulk'> | undefined;
  /** Which traces of an archive to decompress (all of them when not given). */
  readonly members?: MemberSelection | undefined;
}

export interface Ingested {
  readonly inputs: InputSummary[];
  /** Positions with an address that `keep` selected, in a compact store (see FixStore). */
  readonly positions: FixStore;
  /** Positions that still have no address once every input is read (FR24 per-flight CSV, ...). */
  readonly hexless: Position[];
  /** Aircraft seen (with a hex) and the row evidence they carried. */
  readonly aircraft: ReadonlyMap<string, AircraftEvidence>;
}

export type { AircraftEvidence } from './fix-rows.js';

/**
 * A summary's counts before any row: a new input's, and those the byte ranges of one input add up
 * to (addRangeCounts in source-result.ts).
 */
export function noCounts(): Pick<
  InputSummary,
  'rows' | 'used' | 'usedAs' | 'skipped' | 'fromMs' | 'toMs' | 'aircraft' | 'hexes' | 'notes'
> {
  return {
    rows: 0,
    used: 0,
    usedAs: {},
    skipped: {},
    fromMs: null,
    toMs: null,
    aircraft: 0,
    hexes: new Set<string>(),
    notes: [],
  };
}

/**
 * The accounting of a path that could not even be opened or listed (permission denied, a dangling
 * link inside a folder): no rows, and the error, so every output lists it as an input not read.
 */
export function unreadableSummary(file: string, message: string): InputSummary {
  return { ...newSummary(file), error: { message, line: null } };
}

function newSummary(file: string): InputSummary {
  return {
    file,
    format: null,
    detectedBy: null,
    ...noCounts(),
    error: null,
    notFlightData: null,
  };
}

/**
 * One input read on its own (on any thread): its accounting, the positions with an address that
 * `keep` selected, the positions still without one, its aircraft evidence, and what it gives
 * other inputs (companions). `joinInputs` puts such reads together.
 */
export interface InputRead {
  readonly summary: InputSummary;
  readonly positions: FixStore;
  readonly waiting: Position[];
  readonly evidence: Map<string, AircraftEvidence>;
  readonly companions: Companions;
}

/**
 * Reads every source, tallying rows and keeping the positions that `keep` selects. Each input is
 * read on its own; positions without an address wait until every input is read: a companion file
 * (the FR24 bulk flights file) or --aircraft may still name them, so the result depends neither on
 * the order of the inputs nor on which thread read which.
 */
export async function ingest(
  sources: readonly InputSource[],
  options: IngestOptions,
): Promise<Ingested> {
  const reads: InputRead[] = [];
  for (const [fileIndex, source] of sources.entries()) {
    reads.push(await readInput(source, fileIndex, options));
  }
  return joinInputs(reads, options);
}

/** Reads one input as the `fileIndex`-th of a run (`onPosition` sees its positions that have an address). */
export async function readInput(
  source: InputSource,
  fileIndex: number,
  options: Omit<IngestOptions, 'assignHex'>,
): Promise<InputRead> {
  const positions = new FixStore();
  const waiting: Position[] = [];
  const aircraft = new Map<string, AircraftEvidence>();
  const companions = newCompanions();
  const summary = newSummary(source.name);
  const accept = (p: Position): void => {
    summary.hexes.add(p.hex as string);
    noteEvidence(aircraft, p);
    const kept = options.keep(p);
    options.onPosition?.(p, (options.candidate ?? options.keep)(p));
    if (kept) positions.push(p);
  };
  {
    const used = (what: string, timeMs: number | null): void => countUsed(summary, what, timeMs);
    const sink = (result: RowResult, line: number): void => {
      summary.rows += 1;
      let row = result;
      if (!isSkip(row) && !isCarried(row) && !isSighting(row)) {
        const why = implausibility(row);
        if (why !== null) row = { skip: why };
      }
      if (isSkip(row)) {
        const stat = (summary.skipped[row.skip] ??= { count: 0, firstLines: [] });
        stat.count += 1;
        if (stat.firstLines.length < FIRST_LINES_KEPT) stat.firstLines.push(line);
        return;
      }
      if (isCarried(row)) {
        used(row.carried, null);
        return;
      }
      if (isSighting(row)) {
        const s = row.sighting;
        used('sighting', s.timeMs);
        if (s.hex !== null) {
          summary.hexes.add(s.hex);
          noteEvidence(aircraft, s);
        }
        return;
      }
      used('position', row.timeMs);
      if (row.hex === null) waiting.push(row);
      else accept(row);
    };
    const ctx = {
      fileIndex,
      fileName: source.name,
      options: options.reader ?? DEFAULT_READER_OPTIONS,
      companions,
      note: (text: string) => {
        if (!summary.notes.includes(text)) summary.notes.push(text);
      },
    };
    const onBulk = (bulk: BulkTotals): void => {
      summary.rows += bulk.used;
      summary.used += bulk.used;
      if (bulk.used > 0) summary.usedAs['position'] = (summary.usedAs['position'] ?? 0) + bulk.used;
      if (bulk.fromMs !== null && (summary.fromMs === null || bulk.fromMs < summary.fromMs))
        summary.fromMs = bulk.fromMs;
      if (bulk.toMs !== null && (summary.toMs === null || bulk.toMs > summary.toMs))
        summary.toMs = bulk.toMs;
      for (const [reason, n] of Object.entries(bulk.skipped)) {
        // Past the first few of a reason, skipped rows are only counted (the first made the entry).
        const stat = (summary.skipped[reason] ??= { count: 0, firstLines: [] });
        stat.count += n;
        summary.rows += n;
      }
      summary.bulkAddresses =
        summary.bulkAddresses === undefined
          ? bulk.addresses
          : unionSorted([summary.bulkAddresses, bulk.addresses]);
      summary.fast = bulk.stats;
    };
    // Every format an archive's members were read as (a plain input has one).
    const formats: string[] = [];
    const onFormat = (format: InputFormat, detectedBy: string): void => {
      summary.format = format.name;
      summary.detectedBy = detectedBy;
      if (!formats.includes(format.name)) formats.push(format.name);
    };
    try {
      if (source.archive !== undefined) {
        summary.archive = await readArchive(source.archive, ctx, sink, {
          selection: options.members,
          onFormat,
          traces: traceTaking(options, summary, aircraft, positions, fileIndex),
          readData: async (bytes, memberCtx, memberSink, onLines) => {
            let lines = 0;
            await readSource(bytes, memberCtx, memberSink, {
              forced: options.forced,
              onFormat,
              fast: options.fast && {
                ...options.fast,
                onBulk: (bulk) => {
                  lines = bulk.stats.lines;
                  onLines?.(lines);
                  onBulk(bulk);
                },
              },
            });
            return lines;
          },
        });
      } else {
        // Not for an archive's members above: their rows go to the sink through the member's.
        const fixes =
          options.keepAircraft === undefined
            ? undefined
            : new FixRows(summary, aircraft, positions, options.keepAircraft, fileIndex);
        await readSource(source.open(), ctx, sink, {
          forced: options.forced,
          onFormat,
          fast: options.fast && { ...options.fast, onBulk, fixes },
          onLooksLike: (what) => {
            summary.looksLike = what;
          },
          members: options.members,
          onArchive: (archive) => {
            summary.archive = archive;
          },
          once: source.once === true,
        });
      }
    } catch (err) {
      const other = notFlightData(err, source.name);
      if (other !== null) summary.notFlightData = other;
      else summary.error = describeError(err);
    }
    if (summary.archive !== undefined && formats.length > 0) summary.archive.formats = formats;
  }
  summary.aircraft = summary.hexes.size;
  // Not trimmed here: most inputs' stores are copied into the whole one and let go (InputJoiner),
  // and a trim is a copy of the last chunk into fresh memory; the store kept is trimmed there.
  return { summary, positions, waiting, evidence: aircraft, companions };
}

/**
 * Puts inputs read on their own together, in input order: companions pooled, then the positions
 * that waited for an address named from them or from --aircraft (`onPosition` sees these here),
 * the rest left hexless.
 */
export function joinInputs(
  reads: readonly InputRead[],
  options: Pick<IngestOptions, 'keep' | 'candidate' | 'onPosition' | 'assignHex' | 'forced'>,
): Ingested {
  const joiner = new InputJoiner(options);
  for (const r of reads) joiner.add(r);
  return joiner.finish();
}

/**
 * `joinInputs` one input at a time, as each is read (in input order): its fixes go into the whole
 * store at once and its own store is let go, so a year of day files is never held twice (each
 * day's store, then the whole). What waits for every input (positions without an address, named
 * from companions) is done by `finish`.
 */
export class InputJoiner {
  private readonly options: Pick<
    IngestOptions,
    'keep' | 'candidate' | 'onPosition' | 'assignHex' | 'forced'
  >;
  private readonly inputs: InputSummary[] = [];
  private readonly waiting: Position[][] = [];
  private positions: FixStore | null = null;
  private readonly aircraft = new Map<string, AircraftEvidence>();
  private readonly companions = newCompanions();

  constructor(
    options: Pick<IngestOptions, 'keep' | 'candidate' | 'onPosition' | 'assignHex' | 'forced'>,
  ) {
    this.options = options;
  }

  /** The next input's read: its store is taken over (the first) or copied and let go. */
  add(r: InputRead): void {
    const summary = r.summary;
    settleHexes(summary);
    // Only now, with each input whole: one byte range of a file may hold no usable row.
    if (this.options.forced !== undefined) forcedVerdict(summary, this.options.forced.name);
    notATar(summary);
    emptyCompressed(summary);
    this.inputs.push(summary);
    this.waiting.push(r.waiting);
    if (this.positions === null) {
      // The first input's store taken as it is: a single input is not copied.
      this.positions = r.positions;
    } else {
      this.positions.append(r.positions);
      r.positions.release();
    }
    mergeEvidence(this.aircraft, r.evidence);
    // Later inputs win, as when one reader fills one store in input order.
    const { companions } = this;
    for (const [id, flight] of r.companions.fr24Flights) companions.fr24Flights.set(id, flight);
    for (const [index, id] of r.companions.fr24FlightOfInput) {
      companions.fr24FlightOfInput.set(index, id);
    }
  }

  /** The inputs joined, once every one is added. */
  finish(): Ingested {
    const { inputs, aircraft, companions, options } = this;
    const positions = this.positions ?? new FixStore();
    const hexless: Position[] = [];
    for (const waiting of this.waiting) {
      for (const w of waiting) {
        const p = fromCompanions(w, companions);
        const named = p.hex !== null ? p : nameFromOption(p, options.assignHex);
        const summary = inputs[p.source.fileIndex];
        if (named === null || summary === undefined) {
          hexless.push(p);
          options.onPosition?.(p, false);
          continue;
        }
        summary.hexes.add(named.hex as string);
        noteEvidence(aircraft, named);
        const kept = options.keep(named);
        options.onPosition?.(named, (options.candidate ?? options.keep)(named));
        if (kept) positions.push(named);
      }
    }
    for (const summary of inputs) summary.aircraft = summary.hexes.size;
    return { inputs, positions: positions.trim(), hexless, aircraft };
  }
}

/**
 * A tar input in which no header was ever found, though it held bytes (a file of something else
 * named .tar): an error, as any input no reader can read is, not an empty archive.
 */
function notATar(summary: InputSummary): void {
  const a = summary.archive;
  if (a?.kind !== 'tar' || summary.error !== null || a.members.entries > 0) return;
  if (a.damage.resyncs === 0 && a.damage.bytesSkipped === 0) return;
  summary.error = {
    message: `not a tar archive: no tar header in its ${thousands(a.damage.bytesSkipped)} bytes`,
    line: null,
  };
}

/** Names of compressed files and archives, which are never empty when whole. */
const COMPRESSED_NAME = /\.(gz|tgz|bz2|xz|zst|zip|tar)$/i;

/**
 * A compressed file or archive that held nothing at all (0 bytes, as a download cut short before
 * its first byte leaves it): an error, not an empty input, so that a scripted run does not read a
 * failed download as a quiet day.
 */
function emptyCompressed(summary: InputSummary): void {
  if (summary.error !== null || summary.format !== null || summary.rows > 0) return;
  const a = summary.archive;
  // A tar read in place that held no byte: no member, nothing skipped, no end marker.
  const emptyTar =
    a?.kind === 'tar' &&
    a.members.entries === 0 &&
    a.damage.bytesSkipped === 0 &&
    a.damage.resyncs === 0;
  if (a !== null && a !== undefined && !emptyTar) return;
  if (!COMPRESSED_NAME.test(summary.file)) return;
  // Said once, as the error: not also as an archive cut short of nothing.
  if (emptyTar) a.damage.noEndMarker = false;
  summary.error = {
    message: 'empty, though named as a compressed file or archive: a download cut short?',
    line: null,
  };
}

/**
 * An input a forced format read no usable row from, though it had rows, is an error: the format is
 * most likely the wrong one, and a run that silently skips a whole file counts too little. This
 * error, and one the forced format met, say what detection would have read the input as.
 */
function forcedVerdict(summary: InputSummary, forced: string): void {
  const looks = summary.looksLike;
  const other =
    looks === undefined || looks === null || looks.startsWith(`${forced} `)
      ? ''
      : `; it looks like ${looks}: leave --input-format out`;
  if (summary.error !== null) {
    summary.error.message += other;
    return;
  }
  if (summary.rows === 0 || summary.used > 0) return;
  const reasons = Object.entries(summary.skipped)
    .sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : 1))
    .slice(0, 2)
    .map(([reason, s]) => `${thousands(s.count)} × ${reason}`)
    .join(', ');
  summary.error = {
    message: `--input-format ${forced} read none of its ${thousands(summary.rows)} rows (${reasons})${other}`,
    line: null,
  };
}

/** Moves the addresses counted in bulk into `hexes`, and counts the aircraft again. */
export function settleHexes(summary: InputSummary): void {
  const bulk = summary.bulkAddresses;
  if (bulk === undefined) return;
  const named = summary.hexes instanceof Set ? summary.hexes : new Set(summary.hexes);
  summary.hexes = new BulkHexSet(named, bulk);
  delete summary.bulkAddresses;
  summary.aircraft = summary.hexes.size;
}

/** Adds `from` (read later) into `into`, as if one reader had seen both in that order. */
export function mergeEvidence(
  into: Map<string, AircraftEvidence>,
  from: ReadonlyMap<string, AircraftEvidence>,
): void {
  for (const [hex, e] of from) {
    const have = into.get(hex);
    if (have === undefined) {
      into.set(hex, { ...e });
      continue;
    }
    have.positions += e.positions;
    have.typeCode ??= e.typeCode;
    have.registration ??= e.registration;
    if (e.dbFlags !== null) have.dbFlags = (have.dbFlags ?? 0) | e.dbFlags;
  }
}

/**
 * An FR24 bulk position with what its flight's record gives (address, callsign, type,
 * registration), as its reader gives it when the flights file was read before it on the same
 * thread: the record may have a callsign and no address.
 */
function fromCompanions(p: Position, companions: Companions): Position {
  const id = companions.fr24FlightOfInput.get(p.source.fileIndex);
  const flight = id === undefined ? undefined : companions.fr24Flights.get(id);
  if (flight === undefined) return p;
  return {
    ...p,
    hex: flight.hex,
    callsign: p.callsign ?? flight.callsign,
    typeCode: p.typeCode ?? flight.typeCode,
    registration: p.registration ?? flight.registration,
  };
}

function nameFromOption(p: Position, hex: string | undefined): Position | null {
  return hex === undefined ? null : { ...p, hex };
}

/**
 * How an archive's trace rows are taken without a position each (TraceTaking), or undefined where
 * the sink must see every row: an `onPosition` whose collectors are not given (`coverage`).
 */
function traceTaking(
  options: Omit<IngestOptions, 'assignHex'>,
  summary: InputSummary,
  aircraft: Map<string, AircraftEvidence>,
  positions: FixStore,
  fileIndex: number,
): TraceTaking | undefined {
  const coverage = options.coverage;
  if (options.onPosition !== undefined && coverage === undefined) return undefined;
  // Only traceAircraft is asked of these FixRows: their keep answer comes from `keep`.
  const noKeepAircraft = (): boolean => {
    throw new Error('a trace aircraft is kept by its evidence');
  };
  return {
    fixes: new FixRows(
      summary,
      aircraft,
      positions,
      options.keepAircraft ?? noKeepAircraft,
      fileIndex,
    ),
    keep: options.keep,
    candidate: options.candidate ?? options.keep,
    coverage: coverage ?? [],
  };
}

function noteEvidence(map: Map<string, AircraftEvidence>, p: Position): void {
  const e = evidenceOf(map, p.hex as string);
  e.positions += 1;
  e.typeCode ??= p.typeCode;
  e.registration ??= p.registration;
  if (p.dbFlags !== null) e.dbFlags = (e.dbFlags ?? 0) | p.dbFlags;
}

/**
 * What an input is when reading it showed it is not flight data: by its content, or, when no
 * format knew the content, by its name (a readsb heatmap named on the command line). Else null.
 */
function notFlightData(err: unknown, name: string): string | null {
  if (err instanceof NotFlightData) return printable(err.message);
  if (!(err instanceof UnknownFormat)) return null;
  return notFlightDataByName(name.split(/[\\/]/).pop() ?? name);
}

function describeError(err: unknown): InputFailure {
  const { message, line } = rawError(err);
  return {
    message: printable(message),
    line,
    ...(err instanceof RegistryAsInput ? { registry: err.kind } : {}),
  };
}

function rawError(err: unknown): { message: string; line: number | null } {
  if (err instanceof InputError) return { message: err.message, line: err.line };
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'Z_BUF_ERROR' || e.code === 'Z_DATA_ERROR') {
    return { message: `corrupt or truncated gzip data (${e.message})`, line: null };
  }
  if (e.code === 'ENOENT') return { message: 'no such file', line: null };
  if (e.code === 'EACCES') return { message: 'permission denied', line: null };
  if (e.code === 'EISDIR') return { message: 'is a directory', line: null };
  if (e instanceof Error) return { message: e.message, line: null };
  return { message: String(err), line: null };
}
