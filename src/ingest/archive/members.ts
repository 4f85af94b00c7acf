/**
 * What an archive's members are, by name, and reading the ones that matter. A readsb trace names
 * its aircraft (`trace_full_<hex>.json`), so whether to read it is decided before a byte of it is
 * decompressed: the registries, watch lists and military blocks give the addresses (see
 * MemberSelection). Every member found is accounted for: read, skipped by selection, not flight
 * data, or damaged.
 */
import { thousands } from '../../thousands.js';
import { constants, gunzipSync } from 'node:zlib';
import { notFlightDataByName } from '../file-names.js';
import { readsbTrace, readTraceRows } from '../formats/readsb-trace.js';
import type { InputFormat, ReadContext } from '../formats/format.js';
import { RegistryAsInput } from '../formats/not-flight-data.js';
import { NotFlightData, UnknownFormat } from '../input-error.js';
import type { Position, RowResult } from '../types.js';
import type { HexBitmap } from '../fast/hex-bitmap.js';
import { TraceKernel } from './trace-kernel.js';
import { traceUpToDamage } from '../formats/trace-up-to-damage.js';
import { inflatedUpToDamage, isGzip, outputTooLarge } from '../decode.js';
import type { TraceTaking } from '../fix-rows.js';

/** Which traces an archive's reading decompresses. */
export interface MemberSelection {
  /** This address's trace may matter (registries, watch lists, military blocks). */
  readonly wants: (hex: string) => boolean;
  /**
   * The addresses `wants` holds, as a bitmap of 24-bit ICAO addresses: a tar's walk tests the
   * address in a member's name bytes against it, without making the name.
   */
  readonly addresses?: HexBitmap | undefined;
  /**
   * With --scan-all: every other trace is opened far enough to read its header (type, flags,
   * registration), and read whole when that evidence may identify its aircraft.
   */
  readonly scanAll: boolean;
  readonly matters: (hex: string, evidence: TraceEvidence) => boolean;
}

export interface TraceEvidence {
  readonly typeCode: string | null;
  readonly registration: string | null;
  readonly dbFlags: number | null;
}

/** Every member of an archive, once: these add up to `entries`. */
export interface MemberCounts {
  entries: number;
  /** Read as data (traces selected, other files of a known format). */
  read: number;
  /** Traces of aircraft the selection left out: their bodies were never read. */
  skipped: number;
  /** Folders, heatmaps, ACAS files, README and licences. */
  notFlightData: number;
  /** Cut short by a gap or the end of the data, or unreadable (broken gzip or JSON). */
  damaged: number;
}

/** What reading an archive found, for `inspect` and the warnings. */
export interface ArchiveSummary {
  readonly kind: 'tar' | 'zip' | 'globe-history';
  /** The files read as this archive (a split release's parts, in order). */
  readonly parts: readonly string[];
  readonly members: MemberCounts;
  readonly damage: {
    resyncs: number;
    bytesSkipped: number;
    /** Members cut short. */
    cut: number;
    /** Members read whose bytes would not decompress or parse. */
    unreadable: number;
    /**
     * Of those, members whose damage came after some of their rows were read (a gzip member whose
     * check fails at its end): those rows are kept.
     */
    readInPart?: number;
    noEndMarker: boolean;
    /** A few damaged members' names. */
    examples: string[];
  };
  /** Why this archive was read among others holding the same day, and those left out. */
  readonly choice?: ArchiveChoice | undefined;
  /** The UTC day the archive or folder holds (adsb.lol releases, globe_history days), or null. */
  readonly day: string | null;
  /** A day folder dated by its first traces (its path and name give no day): see GlobeDaySpec. */
  readonly dayFromTraces?: boolean;
  /** Why it may lack data: readsb still writes the current UTC day, a split part is missing. */
  readonly incomplete?: string | undefined;
  /**
   * The formats its members were read as, in the order first met: more than one in an archive of
   * mixed exports (the input's own format is then the last member's).
   */
  formats?: string[] | undefined;
  /** The member names that carry a date stamp (hourly files inside one archive), for series gaps. */
  readonly stampedMembers: string[];
  /**
   * The members whose records were read, in order, each with the number of the records before it:
   * a row's record number (its `line`) names its member and its line or trace point there (see
   * report/fix-sources.ts). Absent from inputs a database stored before it was kept.
   */
  readonly readMembers?: ReadMembers | undefined;
  /**
   * Set by the read of a byte range of a tar (one thread's share of a day, TarSpec.range): where
   * its walk started and stopped, and the records it read. Joining the ranges' reads
   * (join-archive-ranges.ts) checks and drops it.
   */
  walked?: RangeWalk | undefined;
}

/** See ArchiveSummary.walked. */
export interface RangeWalk {
  /** The first header the range's walk found from its start; null: none. */
  readonly startedAt: number | null;
  /** Where the walk stopped (the next range must have started there); null: at the archive's end. */
  readonly stoppedAt: number | null;
  readonly records: number;
  /**
   * Members it read as data other than traces: their format and FR24 companions are exact only
   * in a whole read, so such ranges are not joined.
   */
  readonly otherData: number;
}

/** Parallel lists: member `names[i]`'s records are numbered after `recordsBefore[i]`. */
export interface ReadMembers {
  readonly names: string[];
  readonly recordsBefore: number[];
}

/** The index of the member holding record `line` (the last whose records start below it), or -1. */
export function memberOfRecord(read: ReadMembers, line: number): number {
  const starts = read.recordsBefore;
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) < line) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Record numbers of a read of some of an archive's members (`part`) as another read of it
 * (`whole`, which read those members too) numbered them, or null when they are already the same.
 * A second pass over an archive reads only the traces of aircraft identified late: its rows must
 * cite the members and points the first pass's list names.
 */
export function renumbering(
  part: ReadMembers,
  whole: ReadMembers,
): ((line: number) => number) | null {
  const before = new Map(whole.names.map((name, i) => [name, whole.recordsBefore[i] as number]));
  const shift = part.names.map((name, i) => {
    const there = before.get(name);
    return there === undefined ? 0 : there - (part.recordsBefore[i] as number);
  });
  if (shift.every((d) => d === 0)) return null;
  return (line) => line + (shift[memberOfRecord(part, line)] ?? 0);
}

export interface ArchiveChoice {
  readonly why: string;
  readonly leftOut: readonly { readonly file: string; readonly reason: string }[];
}

export type MemberKind =
  | { readonly kind: 'trace'; readonly hex: string }
  | { readonly kind: 'folder' }
  | { readonly kind: 'not-data'; readonly reason: string }
  | { readonly kind: 'data' };

export const EXAMPLES_KEPT = 5;

const TRACE_PREFIX = 'trace_full_';
const TRACE_SUFFIX = '.json';

/**
 * The address of a trace's name, lower case with its `~` kept, or null: what
 * `/(?:^|\/)trace_full_(~?[0-9a-fA-F]{6})\.json$/` captures, tested by hand because every one of
 * a day's ~300,000 members asks (no match array and no regex scan per member).
 */
function traceHex(name: string): string | null {
  const base = name.lastIndexOf('/') + 1;
  let from = base + TRACE_PREFIX.length;
  if (name.charCodeAt(from) === 0x7e) from += 1;
  if (name.length !== from + 6 + TRACE_SUFFIX.length) return null;
  if (!name.startsWith(TRACE_PREFIX, base) || !name.endsWith(TRACE_SUFFIX)) return null;
  for (let i = from; i < from + 6; i += 1) {
    const c = name.charCodeAt(i);
    const digit = c >= 0x30 && c <= 0x39;
    if (!digit && !((c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))) return null;
  }
  return name.slice(base + TRACE_PREFIX.length, from + 6).toLowerCase();
}

/** What a member is, from its path inside the archive and its tar type. */
export function memberKind(name: string, type = '0'): MemberKind {
  if (type === '5' || name === '' || name.endsWith('/')) return { kind: 'folder' };
  if (type !== '0' && type !== '7') {
    return { kind: 'not-data', reason: 'a link or special file' };
  }
  const hex = traceHex(name);
  if (hex !== null) return { kind: 'trace', hex };
  if (/(^|\/)internal_state\//.test(name)) {
    return { kind: 'not-data', reason: "readsb's internal state (not flight data)" };
  }
  const base = name.slice(name.lastIndexOf('/') + 1);
  const reason = notFlightDataByName(base);
  return reason === null ? { kind: 'data' } : { kind: 'not-data', reason };
}

/**
 * Reads a whole input's bytes as one of the formats sortie knows (read-source.ts): resolves to the
 * lines read when the reader counted rows it gave no sink (the fast path's bulk), else 0.
 */
export type ReadData = (
  bytes: AsyncIterable<Uint8Array>,
  ctx: ReadContext,
  sink: (row: RowResult, line: number) => void,
  /** The lines counted in bulk so far (rows that reach no sink), as they are counted. */
  onLines?: (lines: number) => void,
) => Promise<number | void>;

export function emptySummary(
  kind: ArchiveSummary['kind'],
  parts: readonly string[],
): ArchiveSummary {
  return {
    kind,
    parts,
    members: { entries: 0, read: 0, skipped: 0, notFlightData: 0, damaged: 0 },
    damage: {
      resyncs: 0,
      bytesSkipped: 0,
      cut: 0,
      unreadable: 0,
      noEndMarker: false,
      examples: [],
    },
    day: null,
    stampedMembers: [],
    readMembers: { names: [], recordsBefore: [] },
  };
}

const HEADER_PEEK_BYTES = 4096;

/**
 * The header fields of a gzip trace from its first bytes only (readsb writes icao, r, t, dbFlags,
 * desc, ... before the points): null when they did not fit.
 */
export function peekTraceEvidence(body: Uint8Array): TraceEvidence | null {
  let text: string;
  try {
    const gzip = isGzip(body);
    const head = gzip ? body.subarray(0, HEADER_PEEK_BYTES) : body;
    text = (
      gzip
        ? gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH })
        : Buffer.from(head.subarray(0, HEADER_PEEK_BYTES))
    ).toString('utf8');
  } catch {
    return null;
  }
  const cut = text.indexOf('"trace"');
  if (cut < 0) return null;
  const head = text.slice(0, cut);
  const field = (key: string): string | null =>
    new RegExp(`"${key}"\\s*:\\s*"([^"]*)"`).exec(head)?.[1]?.trim() || null;
  const flags = /"dbFlags"\s*:\s*(\d+)/.exec(head);
  return {
    typeCode: field('t')?.toUpperCase() ?? null,
    registration: field('r'),
    dbFlags: flags === null ? null : Number(flags[1]),
  };
}

/**
 * Reads the members of one archive as they are found, keeping the accounting. `onFormat` hears the
 * format of the first member read as data.
 */
export class MemberReader {
  readonly summary: ArchiveSummary;
  private readonly ctx: ReadContext;
  private readonly sink: (row: RowResult, line: number) => void;
  private readonly selection: MemberSelection | undefined;
  private readonly readData: ReadData;
  private readonly onFormat: (format: InputFormat, detectedBy: string) => void;
  /** Records of the members read so far: a member's records are numbered after them. */
  private records = 0;

  get recordsRead(): number {
    return this.records;
  }

  /**
   * Members read as data other than traces (a CSV, a JSON snapshot): what they tell (a format
   * detected, FR24 companions) depends on what was read before them.
   */
  otherDataRead = 0;
  private traceFormatSaid = false;

  /** The input's taker of trace rows, where it has one (see TraceTaking). */
  private readonly traces: TraceTaking | undefined;

  constructor(
    summary: ArchiveSummary,
    ctx: ReadContext,
    sink: (row: RowResult, line: number) => void,
    selection: MemberSelection | undefined,
    readData: ReadData,
    onFormat: (format: InputFormat, detectedBy: string) => void,
    traces?: TraceTaking,
  ) {
    this.summary = summary;
    this.ctx = ctx;
    this.sink = sink;
    this.selection = selection;
    this.readData = readData;
    this.onFormat = onFormat;
    this.traces = traces;
  }

  /**
   * Whether the body of a member is wanted; members not wanted are counted here. `cut`: the data
   * holds less of its body than its header says.
   */
  wants(name: string, type: string, cut: boolean): boolean {
    const m = this.summary.members;
    m.entries += 1;
    const kind = memberKind(name, type);
    if (kind.kind === 'folder' || kind.kind === 'not-data') {
      // Cut short it is damage all the same, as the walk counts it (membersCut).
      if (cut) this.damaged(name, 'cut');
      else m.notFlightData += 1;
      return false;
    }
    const s = this.selection;
    // A member cut short is read up to the cut (take is told), as a CSV is read up to a cut.
    if (kind.kind === 'data' || s === undefined || s.wants(kind.hex) || s.scanAll) return true;
    if (cut) {
      this.damaged(name, 'cut');
      return false;
    }
    m.skipped += 1;
    return false;
  }

  /**
   * The addresses whose traces the walker may not pass over by the address in their name alone
   * (the others are counted later by `leftOut`), or undefined when every trace is to be read or
   * tested by its name.
   */
  wantedAddresses(): HexBitmap | undefined {
    const s = this.selection;
    if (s === undefined || s.scanAll) return undefined;
    return s.addresses;
  }

  /** Counts traces the walker passed over by their address (see wantedAddresses). */
  leftOut(members: number): void {
    this.summary.members.entries += members;
    this.summary.members.skipped += members;
  }

  /**
   * Reads a wanted member's bytes (a copy the reader may keep), or its chunks as they come (a big
   * member; an error they throw is damage).
   */
  async take(
    name: string,
    type: string,
    body: Uint8Array | AsyncIterable<Uint8Array>,
    cut = false,
  ): Promise<void> {
    const kind = memberKind(name, type);
    if (kind.kind === 'trace') {
      let whole: Uint8Array;
      try {
        whole = body instanceof Uint8Array ? body : await gathered(body);
      } catch (err) {
        this.damaged(name, 'unreadable', (err as Error).message);
        return;
      }
      const why = this.takeTrace(name, kind.hex, whole, cut);
      if (why !== null) this.takeTraceUpToDamage(name, whole, why, cut);
      return;
    }
    if (/\d{4}-\d{2}-\d{2}[-T_ ]\d{2}/.test(name)) this.summary.stampedMembers.push(name);
    this.otherDataRead += 1;
    const offset = this.records;
    let count = 0;
    // Lines counted in bulk (rows that reach no sink) as they are counted: still the member's
    // records when its read fails after them.
    let bulkLines = 0;
    let failure: Error | undefined;
    const ctx = { ...this.memberContext(name), recordsBefore: offset };
    try {
      const lines = await this.readData(
        body instanceof Uint8Array ? inChunks(body) : body,
        ctx,
        (row, line) => {
          count = Math.max(count, line);
          this.sink(relocated(row, offset), offset + line);
        },
        (lines) => {
          bulkLines = lines;
        },
      );
      // Rows counted in bulk reached no sink: the member's lines still are its records.
      if (typeof lines === 'number') count = Math.max(count, lines);
      if (!cut) this.summary.members.read += 1;
    } catch (err) {
      // A registry packed with the data is not flight data there (given alone it is an error: it
      // belongs with --aircraft-db, which the note says).
      if (
        !cut &&
        (err instanceof NotFlightData ||
          err instanceof UnknownFormat ||
          err instanceof RegistryAsInput)
      ) {
        this.summary.members.notFlightData += 1;
        this.ctx.note(`${name}: not read (${(err as Error).message})`);
      } else failure = err as Error;
    } finally {
      // A reader that stopped early (an unknown format, an error) leaves the chunks' source open.
      if (!(body instanceof Uint8Array))
        await (body as AsyncGenerator<Uint8Array>).return?.(undefined);
    }
    if (cut || failure !== undefined) {
      // Rows read before the damage showed (a gzip member whose check fails at its end, a member
      // cut short) are kept, as a plain file's are: said, not called lost.
      count = Math.max(count, bulkLines);
      this.damagedInPart(name, cut, failure?.message, count, 'lines');
    }
    this.counted(name, count);
  }

  /**
   * Counts a damaged member of which `count` records (lines, points) before the damage were read
   * and kept.
   */
  private damagedInPart(
    name: string,
    cut: boolean,
    why: string | undefined,
    count: number,
    records: 'lines' | 'points',
  ): void {
    if (count > 0) this.summary.damage.readInPart = (this.summary.damage.readInPart ?? 0) + 1;
    // A plain trace's points past a gap are read too: of a trace, how many, not which.
    const kept =
      records === 'lines'
        ? `its first ${thousands(count)} lines were read and are kept`
        : `${thousands(count)} of its points were read and are kept`;
    this.damaged(
      name,
      cut ? 'cut' : 'unreadable',
      count === 0 ? why : why === undefined ? kept : `${why}; ${kept}`,
    );
  }

  /**
   * Reads a trace whole, or returns why it could not be (its gzip or JSON damaged, or the member
   * cut short): the points before the damage are then read by takeTraceUpToDamage.
   */
  private takeTrace(name: string, hex: string, body: Uint8Array, cut: boolean): string | null {
    const s = this.selection;
    if (s !== undefined && !s.wants(hex)) {
      // --scan-all: a trace outside the selection is read only when its header may identify it.
      const evidence = peekTraceEvidence(body);
      if (evidence !== null && !s.matters(hex, evidence)) {
        // Cut short, it is damage all the same (the walk counted it so).
        if (cut) this.damaged(name, 'cut');
        else this.summary.members.skipped += 1;
        return null;
      }
    }
    if (cut) return 'cut short';
    let bytes: Uint8Array;
    try {
      bytes = isGzip(body) ? gunzipWhole(body) : body;
    } catch (err) {
      // A trace bigger than any aircraft's day (a compressed bomb) is damage, not read in part.
      if (outputTooLarge(err)) {
        this.damaged(name, 'unreadable', (err as Error).message);
        return null;
      }
      return (err as Error).message;
    }
    // A byte-order mark, as a plain file's reader drops it.
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    const kernel = TraceKernel.shared();
    if (kernel !== null && kernel.read(bytes)) {
      this.traceRead(name, (ctx, emit) => kernel.rows(ctx, this.records, emit, this.traces));
      return null;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
    } catch (err) {
      return `invalid JSON (${(err as Error).message})`;
    }
    if (readsbTrace.identifyDocument(doc) === null) {
      this.damaged(name, 'unreadable');
      return null;
    }
    this.traceRead(name, (ctx, emit) => readTraceRows(doc, ctx, this.records, emit));
    return null;
  }

  /**
   * A trace whose gzip or JSON is damaged, or that was cut short: its points up to the damage are
   * read and kept (readsb writes them one after the other, last in the document), and the member
   * is counted damaged, read in part.
   */
  private takeTraceUpToDamage(name: string, body: Uint8Array, why: string, cut: boolean): void {
    const text = textUpToDamage(body);
    const part = text === null ? null : traceUpToDamage(text);
    if (part === null) {
      this.damaged(name, cut ? 'cut' : 'unreadable', cut ? undefined : why);
      return;
    }
    const points = this.traceRows(name, (ctx, emit) =>
      readTraceRows(part.doc, ctx, this.records, emit),
    );
    this.damagedInPart(name, cut, cut ? undefined : why, points, 'points');
  }

  /** A trace read whole: its rows, and the member counted read. */
  private traceRead(name: string, rows: TraceRows): void {
    this.traceRows(name, rows);
    this.summary.members.read += 1;
  }

  /** A trace document's rows, made by `rows` and numbered after the members before: how many. */
  private traceRows(name: string, rows: TraceRows): number {
    if (!this.traceFormatSaid) {
      this.traceFormatSaid = true;
      this.onFormat(readsbTrace, 'content: readsb trace objects (icao, timestamp, trace[])');
    }
    // Rows are numbered after the members before (one order for tied times) as they are made.
    const count = rows(this.memberContext(name), this.sink);
    this.counted(name, count);
    return count;
  }

  /** A member's records follow those before: kept so that a record number names its member. */
  private counted(name: string, records: number): void {
    if (records === 0) return;
    const read = this.summary.readMembers;
    read?.names.push(name);
    read?.recordsBefore.push(this.records);
    this.records += records;
  }

  private memberContext(name: string): ReadContext {
    return { ...this.ctx, fileName: `${this.ctx.fileName}:${name}` };
  }

  /** Counts a damaged member (cut short, or unreadable), keeping a few names. */
  damaged(name: string, how: 'cut' | 'unreadable', why?: string): void {
    this.summary.members.damaged += 1;
    if (how === 'unreadable') this.summary.damage.unreadable += 1;
    const examples = this.summary.damage.examples;
    if (examples.length < EXAMPLES_KEPT) {
      const what = how === 'cut' ? 'cut short' : 'unreadable';
      examples.push(`${name} (${why === undefined ? what : `${what}: ${why}`})`);
    }
  }
}

/** Makes a trace's rows, given to `emit`; returns how many points it read. */
type TraceRows = (ctx: ReadContext, emit: (row: RowResult, line: number) => void) => number;

/**
 * The text of a member up to its damage: all of it when it is no gzip, else what it inflates to
 * before its damage (inflatedUpToDamage). Null beyond a trace's largest size.
 */
function textUpToDamage(body: Uint8Array): string | null {
  let bytes: Buffer;
  if (!isGzip(body)) bytes = Buffer.from(body.buffer, body.byteOffset, body.length);
  else {
    try {
      bytes = inflatedUpToDamage(body, MAX_TRACE_BYTES);
    } catch {
      return null;
    }
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * A member's bytes as chunks of this size: a gzip member's damage then loses only what the chunk
 * it lies in inflates to (zlib loses the output of a write that fails), not the whole member.
 */
const MEMBER_CHUNK_BYTES = 64 << 10;

async function* inChunks(body: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < body.length; at += MEMBER_CHUNK_BYTES)
    yield body.subarray(at, at + MEMBER_CHUNK_BYTES);
}

/** Output buffers zlib fills: at least its default's 16 KiB. */
const MIN_CHUNK_BYTES = 1 << 14;
/** At most this many times the compressed bytes (readsb's traces shrink some 5 to 15 times). */
const MAX_RATIO = 64;

/**
 * A gzip member decompressed into one buffer sized by the length its trailer states (ISIZE, the
 * length mod 2^32): zlib's 16 KiB pieces and their joining copy were a third of decompressing a
 * day's selected traces. A wrong or wrapped length (a damaged member) only costs pieces again, never the result.
 */
export function gunzipWhole(body: Uint8Array): Buffer {
  const n = body.length;
  const stated =
    n < 18
      ? 0
      : ((body[n - 4] as number) |
          ((body[n - 3] as number) << 8) |
          ((body[n - 2] as number) << 16) |
          ((body[n - 1] as number) << 24)) >>>
        0;
  // One byte more than stated: the stream's end is then seen within the one buffer.
  const chunkSize = Math.max(MIN_CHUNK_BYTES, Math.min(MAX_RATIO * n, stated + 1));
  // A trace bigger than any aircraft's day (a compressed bomb) fails here, not after gigabytes.
  return gunzipSync(body, { chunkSize, maxOutputLength: MAX_TRACE_BYTES });
}

/**
 * More than any trace holds: an aircraft's day of a point a second is some 86,400 points of about
 * 100 bytes (under 10 MB).
 */
const MAX_TRACE_BYTES = 256 << 20;

/** A position numbered after the records of the members before it (one order for tied times). */
function relocated(row: RowResult, offset: number): RowResult {
  if (offset === 0 || !('timeMs' in row) || !('source' in row)) return row;
  const p = row as Position;
  return { ...p, source: { fileIndex: p.source.fileIndex, line: p.source.line + offset } };
}

/** A member's chunks in one buffer. */
async function gathered(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const all: Uint8Array[] = [];
  for await (const c of chunks) all.push(c);
  return Buffer.concat(all);
}
