import { hasOpenQuote, splitCsvRecord } from '../csv-fields.js';
import { MAX_LINE_CHARS, OVERLONG_LINE } from '../decode.js';
import { OPENSKY_STALE_AFTER_S, type OpenSkyRowReader } from '../formats/opensky.js';
import {
  packDated,
  REPEATED_POSITION,
  unpackDated,
  type Dated,
  type DatedEnds,
} from '../position-time.js';
import type { FixRows } from '../fix-rows.js';
import type { RowResult } from '../types.js';
import { isCarried, isSighting, isSkip, skip } from '../types.js';
import type { HexBitmap } from './hex-bitmap.js';
import { OpenSkyByteReader, type ByteRow } from './opensky-row-bytes.js';
import { OpenSkyRowPositions } from './opensky-row-position.js';
import { unionSorted } from './hex-set.js';
import {
  DATA,
  KERNEL_FIX_SLOTS,
  KernelEvent,
  type Box,
  type KernelLayout,
  type OpenSkyKernel,
  type RecordViews,
} from './opensky-kernel.js';

/**
 * Where the columns the accounting needs sit in an OpenSky header (as the general reader finds
 * them): the layout the kernel reads, `lastContact` -1 when the file has no such column.
 */
export type OpenSkyLayout = KernelLayout;

/**
 * The layout of a header, or null when the fast path cannot take it: a required column missing
 * (the general reader reports it), or a needed column past the 64th (the kernel records 64 commas).
 */
export function openSkyLayout(header: readonly string[]): OpenSkyLayout | null {
  const lower = header.map((h) => h.trim().toLowerCase());
  const at = (name: string): number => lower.indexOf(name);
  const layout = {
    width: header.length,
    time: at('time'),
    icao24: at('icao24'),
    lat: at('lat'),
    lon: at('lon'),
    lastContact: at('lastcontact'),
    lastPosUpdate: at('lastposupdate'),
    baroAltitude: at('baroaltitude'),
    geoAltitude: at('geoaltitude'),
    onGround: at('onground'),
    velocity: at('velocity'),
    heading: at('heading'),
    callsign: at('callsign'),
    squawk: at('squawk'),
  };
  if (layout.time < 0 || layout.icao24 < 0 || layout.lat < 0 || layout.lon < 0) return null;
  if (layout.onGround < 0 || layout.baroAltitude < 0) return null;
  const read = [
    layout.time,
    layout.icao24,
    layout.lat,
    layout.lon,
    layout.lastContact,
    layout.lastPosUpdate,
  ];
  if (Math.max(...read, layout.baroAltitude, layout.geoAltitude) > 63) return null;
  return layout;
}

/** What the scanner hands on: skipped rows and positions of watched aircraft, in line order. */
export type RowSink = (row: RowResult, line: number) => void;

/**
 * Takes the used rows of watched aircraft read from their bytes instead of the positions the sink
 * would get (`row` and `bytes` are valid during the call only); in line order with the sink's rows.
 */
export type DirectRowSink = (row: ByteRow, bytes: Buffer, line: number) => void;

/** Rows counted without being built: how many, their time span, their aircraft (ascending). */
export interface ScanTotals {
  readonly used: number;
  readonly fromMs: number | null;
  readonly toMs: number | null;
  readonly addresses: Uint32Array;
  /** Skipped rows counted by reason without being handed to the sink. */
  readonly skipped: Readonly<Record<string, number>>;
  /** For a byte range: each aircraft's first and last positions dated by lastposupdate. */
  readonly datedEnds?: DatedEnds;
}

/** A record spanning more lines than this is a broken quote (as in the general reader). */
const MAX_RECORD_LINES = 50;
const NEWLINE = 10;
const CR = 13;

const SKIP_REASONS: Record<number, string> = {
  [KernelEvent.WrongFields]: 'wrong number of fields',
  [KernelEvent.BadTime]: 'bad time',
  [KernelEvent.Stale]: `stale (time - lastcontact > ${OPENSKY_STALE_AFTER_S} s)`,
  [KernelEvent.NoPosition]: 'no position',
  [KernelEvent.BadPosition]: 'bad position',
  [KernelEvent.Repeated]: REPEATED_POSITION,
};

/**
 * The OpenSky fast path: the kernel (kernel/opensky.wat) decides from the bytes of a row, without
 * making strings, whether the general reader would use it or skip it (and why), and counts the
 * plain used rows. Rows of watched aircraft, and rows whose fields are not in the plain form
 * OpenSky writes (spaces, exponents, quotes, anything unusual), are handed back: read from their
 * bytes when the byte reader takes them (the general reader's very values), through the general
 * row parser otherwise, so the outcome is the same row for row, line numbers included.
 */
export class OpenSkyScanner {
  /** Rows the general parser decided (watched aircraft, irregular rows, quoted records). */
  generalRows = 0;
  /** Lines holding a quote, or inside a quoted field, read the general reader's way. */
  quotedLines = 0;
  /** Lines dropped as longer than MAX_LINE_CHARS. */
  longLines = 0;
  /** Used rows read from their bytes and handed to the direct sink (no position built). */
  directRows = 0;
  /** Rows read from the kernel's records of them (see OpenSkyByteReader.readRecord). */
  recordRows = 0;
  /** Used rows of watched aircraft taken from their values, with no position made (see FixRows). */
  fixRows = 0;
  /** Record rows the kernel took whole, their repeat check made there (KernelEvent.Fix). */
  kernelFixRows = 0;
  /** Of those, the rows the kernel wrote into its fix columns (see `kernelFixes`). */
  columnFixRows = 0;
  /** The store tuples of the fixes the kernel took in a scan (see `kernelFixes`). */
  private readonly fixTuples = new Int32Array(KERNEL_FIX_SLOTS);

  private readonly kernel: OpenSkyKernel;
  private readonly reader: OpenSkyRowReader;
  private readonly sink: RowSink;
  private readonly watch: HexBitmap;
  // A BOM inside the data is kept, as the general reader's streaming decoder keeps it.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private line: number;
  /** The header record, and its width: a repeated header is skipped, as is a stray quote. */
  private readonly header: string;
  private readonly headerWidth: number;
  /** The coverage boxes (west, south, east, north): rows near their edges are built and checked here. */
  private readonly boxes: readonly Box[];
  /** An hour the kernel found covered near a region (by other traffic, or by any aircraft), with the index of its box. */
  private readonly onCoveredHour: (hour: number, otherTraffic: boolean, box: number) => void;
  /** Lines of a record whose quoted field is still open, with the line number of the first. */
  private pending: string[] = [];
  private pendingLine = 0;
  /** Inside a line longer than MAX_LINE_CHARS: its bytes are dropped until its end. */
  private overlong = false;
  /** Where the next lone CR is at or after (a data offset), or -1 when none is left in the data. */
  private nextCr = 0;
  /** Rows the general parser found used that are not watched: counted here, not by the kernel. */
  private used = 0;
  private fromMs = Infinity;
  private toMs = -Infinity;
  private readonly seen = new Set<number>();
  /**
   * Aircraft whose last dated positions the kernel's table does not keep (it is full, or their
   * times are too far from its base): kept here, with their first dated positions read here.
   */
  private readonly elsewhere = new Map<number, Dated>();
  /** Whether `finish` reports each aircraft's first and last dated positions (byte ranges). */
  private readonly withEnds: boolean;
  /** Where watched rows read from their bytes go, with the reader that reads them; or none. */
  private readonly direct: { sink: DirectRowSink; reader: OpenSkyByteReader } | null;
  /**
   * Without a direct sink: the rows handed back read from their bytes and made into positions
   * (null when the header lacks a column the byte reader needs: the general parser reads them).
   */
  private readonly fromBytes: { reader: OpenSkyByteReader; positions: OpenSkyRowPositions } | null;
  /** Where the watched rows read from bytes go outside every box, with no position made (or none). */
  private readonly fixes: FixRows | null;

  /**
   * `reader` is the general reader's row reader for this header; rows of the aircraft in `watch`
   * are built and handed to `sink` with every skipped row; `firstLineNo` is the number of lines
   * before the data (header and blank lines). `withEnds` for a byte range (see DatedEnds). With
   * `direct`, the watched rows the byte reader can read go there instead of to `sink` as positions
   * (rows it leaves, skipped ones among them, go through the general reader as without it).
   * `fileIndex` is the input's, for the positions made from bytes. With `fixes`, the used rows of
   * watched aircraft read from their bytes go there instead of to `sink` where they lie outside
   * every box.
   */
  constructor(
    kernel: OpenSkyKernel,
    reader: OpenSkyRowReader,
    sink: RowSink,
    watch: HexBitmap,
    firstLineNo: number,
    header: string,
    boxes: readonly Box[] | undefined,
    onCoveredHour: (hour: number, otherTraffic: boolean, box: number) => void = () => undefined,
    withEnds = false,
    direct?: { sink: DirectRowSink; header: readonly string[] },
    fileIndex = 0,
    fixes: FixRows | null = null,
  ) {
    this.kernel = kernel;
    this.fixes = direct === undefined ? fixes : null;
    const fields = direct?.header ?? splitCsvRecord(header).map((h) => h.trim());
    const byteReader = OpenSkyByteReader.of(fields);
    this.direct =
      direct === undefined || byteReader === null
        ? null
        : { sink: direct.sink, reader: byteReader };
    this.fromBytes =
      direct !== undefined || byteReader === null
        ? null
        : { reader: byteReader, positions: new OpenSkyRowPositions(fields, fileIndex) };
    // The kernel's records of watched rows are for that reader alone; the fixes it takes itself,
    // for the fix rows.
    if (this.fromBytes !== null) kernel.recordRows();
    if (this.fromBytes !== null && this.fixes !== null) kernel.takeFixes();
    this.withEnds = withEnds;
    this.boxes = boxes ?? [];
    this.onCoveredHour = onCoveredHour;
    this.header = header;
    this.headerWidth = splitCsvRecord(header).length;
    this.reader = reader;
    this.sink = sink;
    this.watch = watch;
    this.line = firstLineNo;
  }

  /** Lines read so far (data and blank), counting from the start of the input or range. */
  get lineNo(): number {
    return this.line;
  }

  /** Bytes appended and not yet scanned (valid up to `length`). */
  get bytes(): Buffer {
    return this.kernel.bytes;
  }

  get length(): number {
    return this.kernel.length;
  }

  /**
   * Appends the next chunk of the input. As the general reader does after every chunk (so on the
   * same chunks it gives the same answer): a line still open and longer than MAX_LINE_CHARS is
   * dropped as it streams by, and reported once as "line too long" where it ends.
   */
  append(chunk: Uint8Array): void {
    const from = this.kernel.length;
    this.kernel.append(chunk);
    this.appended(from);
  }

  /** Appends what `read` puts into the space it is given (up to `max` bytes); returns how many. */
  fill(read: (into: Uint8Array) => number, max: number): number {
    const from = this.kernel.length;
    const n = this.kernel.fill(read, max);
    if (n > 0) this.appended(from);
    return n;
  }

  /** The bytes from `from` on were just appended: as one chunk of the general reader. */
  private appended(from: number): void {
    if (this.overlong) {
      const bytes = this.kernel.bytes.subarray(from, this.kernel.length);
      const lf = bytes.indexOf(NEWLINE);
      const cr = bytes.indexOf(CR);
      const brk = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
      // A CR closing the chunk is dropped with the line (it may be half of a CRLF).
      if (brk < 0 || (brk === cr && brk === bytes.length - 1)) {
        this.kernel.remove(from, bytes.length);
        return;
      }
      this.overlong = false;
      this.line += 1;
      this.textLine(OVERLONG_LINE, this.line);
      this.kernel.remove(from, brk + (brk === cr && bytes[brk + 1] === NEWLINE ? 2 : 1));
    }
    if (this.nextCr < 0) this.nextCr = from;
    const held = this.kernel.bytes;
    const length = this.kernel.length;
    // A CR closing the chunk may be half of a CRLF: the general reader keeps it with the open line.
    const last = held[length - 1] === CR ? length - 2 : length - 1;
    // The last line end: an LF, or a CR after it (looked for after it only: most inputs have none,
    // and a search back through everything held for one is a pass over the data).
    const lf = last < 0 ? -1 : held.lastIndexOf(NEWLINE, last);
    const cr = last < 0 ? -1 : held.subarray(lf + 1, last + 1).lastIndexOf(CR);
    const lastBreak = cr >= 0 ? lf + 1 + cr : lf;
    const open = length - (lastBreak + 1);
    if (open <= MAX_LINE_CHARS) return;
    const start = length - open;
    // Characters, as the general reader counts them (an unfinished UTF-8 sequence not yet).
    const chars = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      held.subarray(start, length),
      {
        stream: true,
      },
    ).length;
    if (chars <= MAX_LINE_CHARS) return;
    this.scan(start, true);
    this.kernel.consume(this.kernel.length);
    this.nextCr = 0;
    this.longLines += 1;
    this.overlong = true;
  }

  /** Drops bytes without reading them (the partial line before a byte range). */
  discard(n: number): void {
    this.kernel.consume(n);
  }

  /**
   * Reads the lines in the first `end` bytes (`end` just after a line end, or at the end of the
   * input when `final`) and drops them. Lines are read by the kernel, but for the lines of a record
   * with an open quote and lines holding a lone CR (a line end to the general reader, not to the
   * kernel): those are read here, the general reader's way.
   */
  scan(end: number, final: boolean): void {
    const kernel = this.kernel;
    let pos = 0;
    while (pos < end) {
      const cr = this.loneCr(pos, end, final);
      // The kernel reads up to the line that holds the next lone CR; that line, and the lines of a
      // record a quote left open, are read here.
      const stop = cr < 0 ? end : kernel.bytes.lastIndexOf(NEWLINE, cr) + 1;
      if (this.pending.length > 0 || stop <= pos) {
        let nl = kernel.bytes.indexOf(NEWLINE, pos);
        if (nl < 0 || nl >= end) {
          if (!final) break;
          nl = end;
        }
        this.jsLine(pos, nl);
        pos = Math.min(nl + 1, end);
        continue;
      }
      kernel.lineNo = this.line;
      const next = kernel.scan(pos, stop, final && stop === end);
      this.line = kernel.lineNo;
      this.settleEvents();
      if (next === pos) break;
      pos = next;
    }
    kernel.consume(pos);
    if (this.nextCr >= 0) this.nextCr = Math.max(0, this.nextCr - pos);
  }

  /**
   * The first CR at or after `from` and before `end` that ends a line for the general reader and
   * not for the kernel (one not followed by LF, and not the input's last byte), or -1.
   */
  private loneCr(from: number, end: number, final: boolean): number {
    if (this.nextCr < 0) return -1;
    const bytes = this.kernel.bytes;
    let at = Math.max(from, this.nextCr);
    for (;;) {
      const cr = bytes.indexOf(CR, at);
      if (cr < 0 || cr >= this.kernel.length) {
        this.nextCr = -1;
        return -1;
      }
      if (cr >= end) {
        this.nextCr = cr;
        return -1;
      }
      const last = cr === end - 1;
      if (bytes[cr + 1] !== NEWLINE && !(last && final)) {
        this.nextCr = cr;
        return cr;
      }
      at = cr + 1;
    }
  }

  /** The bytes [s, e) of one LF line, read here: split at lone CRs, each line read in turn. */
  private jsLine(s: number, e: number): void {
    let text = this.decoder.decode(this.kernel.bytes.subarray(s, e));
    if (text.endsWith('\r')) text = text.slice(0, -1);
    for (const line of text.includes('\r') ? text.split('\r') : [text]) {
      this.line += 1;
      this.textLine(line, this.line);
    }
  }

  /** One line, as the general reader takes it: quotes, stray quotes, long lines, repeated headers. */
  private textLine(line: string, at: number): void {
    if (this.pending.length === 0) {
      if (line === OVERLONG_LINE) {
        this.sink({ skip: 'line too long' }, at);
      } else if (line.includes('"') && hasOpenQuote(line)) {
        this.quotedLines += 1;
        this.pending = [line];
        this.pendingLine = at;
      } else {
        if (line.includes('"')) this.quotedLines += 1;
        this.take(line, at);
      }
      return;
    }
    this.quotedLines += 1;
    this.pending.push(line);
    const joined = this.pending.join('\n');
    if (hasOpenQuote(joined)) {
      if (this.pending.length >= MAX_RECORD_LINES) this.giveUp();
      return;
    }
    if (splitCsvRecord(joined).length !== this.headerWidth) {
      this.giveUp();
      return;
    }
    this.pending = [];
    this.take(joined, this.pendingLine);
  }

  /**
   * A quote that never closes (or closes into a record of the wrong width) is a stray quote: its
   * line is skipped and the lines after it are read on their own.
   */
  private giveUp(): void {
    const [first, ...others] = this.pending;
    const firstLine = this.pendingLine;
    this.pending = [];
    if (first !== undefined) this.sink({ skip: 'unbalanced quote' }, firstLine);
    others.forEach((l, k) => {
      if (hasOpenQuote(l)) this.sink({ skip: 'unbalanced quote' }, firstLine + 1 + k);
      else if (l === OVERLONG_LINE) this.sink({ skip: 'line too long' }, firstLine + 1 + k);
      else this.take(l, firstLine + 1 + k);
    });
  }

  private take(record: string, line: number): void {
    if (record === '') return;
    if (record === this.header) {
      this.sink({ skip: 'repeated header' }, line);
      return;
    }
    this.generalRows += 1;
    this.route(this.reader.read(splitCsvRecord(record), line), line);
  }

  /** At the end of the input: a record left open by a quote is skipped, as the general reader does. */
  finish(): ScanTotals {
    if (this.overlong) {
      this.overlong = false;
      this.line += 1;
      this.textLine(OVERLONG_LINE, this.line);
    }
    if (this.pending.length > 0) this.giveUp();
    const datedEnds = this.withEnds ? this.datedEnds() : undefined;
    const k = this.kernel.totals();
    this.kernel.release();
    const used = k.used + this.used;
    const fromMs = Math.min(k.minTimeMs, this.fromMs);
    const toMs = Math.max(k.maxTimeMs, this.toMs);
    const extra = Uint32Array.from(this.seen).sort();
    const skipped: Record<string, number> = {};
    for (const [code, n] of k.skipped) skipped[SKIP_REASONS[code] as string] = n;
    return {
      used,
      fromMs: used > 0 ? fromMs : null,
      toMs: used > 0 ? toMs : null,
      addresses: extra.length === 0 ? k.addresses : unionSorted([k.addresses, extra]),
      skipped,
      ...(datedEnds === undefined ? {} : { datedEnds }),
    };
  }

  /** The kernel's table's dated ends, with the aircraft kept here: their last, and their first when the table has none. */
  private datedEnds(): DatedEnds {
    const table = this.kernel.datedEnds();
    if (this.elsewhere.size === 0) return table;
    const ends = unpackDated(table);
    for (const [addr, d] of this.elsewhere) {
      const inTable = ends.get(addr);
      if (inTable === undefined) ends.set(addr, { ...d });
      else inTable.lastMs = d.lastMs;
    }
    return packDated(ends);
  }

  /** Returns the kernel without finishing (the input failed). */
  abandon(): void {
    this.kernel.totals();
    this.kernel.release();
  }

  private settleEvents(): void {
    const kernel = this.kernel;
    const count = kernel.eventCount;
    const events = kernel.events;
    const records = kernel.records;
    // The fixes the kernel took go to the store in line order with the rows handed over.
    const fixCount = kernel.fixCount;
    let fixesMoved = 0;
    for (let i = 0; i < count; i += 1) {
      const s = events[4 * i] as number;
      const e = events[4 * i + 1] as number;
      const line = events[4 * i + 2] as number;
      const code = events[4 * i + 3] as number;
      if (fixesMoved < fixCount) fixesMoved = this.kernelFixes(fixesMoved, fixCount, line);
      const reason = SKIP_REASONS[code];
      if (reason !== undefined) this.sink({ skip: reason }, line);
      else if (code === KernelEvent.Covered) {
        // The kernel's second field: the box's index times two, plus one for other traffic.
        this.onCoveredHour(s, (e & 1) === 1, e >> 1);
      } else if (code === KernelEvent.Quoted) {
        const text = this.decoder.decode(this.kernel.bytes.subarray(s - DATA, e - DATA));
        this.textLine(text, line);
      } else if (code === KernelEvent.Fix) {
        this.recordFix(records as RecordViews, i, line);
      } else if (this.direct !== null) {
        if (!this.directLine(s - DATA, e - DATA, line)) this.generalLine(s - DATA, e - DATA, line);
      } else if (
        records !== null &&
        code === KernelEvent.Watched &&
        (this.fromBytes as NonNullable<typeof this.fromBytes>).reader.readRecord(
          records,
          i,
          kernel.bytes,
        )
      ) {
        this.recordRows += 1;
        this.builtRow(line);
      } else if (this.fromBytes === null || !this.bytesLine(s - DATA, e - DATA, line)) {
        this.generalLine(s - DATA, e - DATA, line);
      }
    }
    if (fixesMoved < fixCount) this.kernelFixes(fixesMoved, fixCount, Infinity);
    kernel.clearEvents();
    kernel.clearFixes();
  }

  /**
   * The fixes the kernel took from `from` on, up to `count` and before line `beforeLine`, taken
   * into the fix rows as `recordFix` would have taken each; returns where they end.
   */
  private kernelFixes(from: number, count: number, beforeLine: number): number {
    const columns = this.kernel.fixes;
    const lines = columns.line;
    let to = from;
    while (to < count && (lines[to] as number) < beforeLine) to += 1;
    if (to === from) return to;
    const n = to - from;
    this.recordRows += n;
    this.kernelFixRows += n;
    this.columnFixRows += n;
    this.generalRows += n;
    this.fixRows += n;
    const { positions } = this.fromBytes as NonNullable<typeof this.fromBytes>;
    (this.fixes as FixRows).takeRun(
      columns,
      from,
      to,
      (addr) => positions.fixAircraft(addr),
      this.fixTuples,
    );
    return to;
  }

  /**
   * A watched (or irregular) row read from its bytes when the byte reader can: a row the general
   * reader would use goes to the direct sink, or is skipped as a repeat, as `route` decides. False
   * when the byte reader leaves the row to the general reader.
   */
  private directLine(s: number, e: number, line: number): boolean {
    const { reader, sink } = this.direct as NonNullable<typeof this.direct>;
    const bytes = this.kernel.bytes;
    if (!reader.read(bytes, s, e)) return false;
    const row = reader.row;
    // An irregular row of an aircraft not watched is only counted, by `route`.
    if (!this.watch.has(row.addr)) return false;
    if (row.dated && this.repeats(row.addr, row.timeMs, line, false)) {
      this.sink(skip(REPEATED_POSITION), line);
      return true;
    }
    this.directRows += 1;
    this.count(row.addr, row.timeMs);
    sink(row, bytes, line);
    return true;
  }

  /**
   * A row handed back, read from its bytes when the byte reader takes it (a row the general reader
   * would use, before the repeat check), then routed as the general reader's position would be;
   * its position made only when it goes to the sink. False when the byte reader leaves it.
   */
  private bytesLine(s: number, e: number, line: number): boolean {
    const { reader } = this.fromBytes as NonNullable<typeof this.fromBytes>;
    if (!reader.read(this.kernel.bytes, s, e)) return false;
    this.builtRow(line);
    return true;
  }

  /** The row the byte reader holds (read from its bytes or from the kernel's record of it), routed. */
  private builtRow(line: number): void {
    const row = (this.fromBytes as NonNullable<typeof this.fromBytes>).reader.row;
    this.generalRows += 1;
    const addr = row.addr;
    const near = this.nearBox(row.lon, row.lat);
    const built = this.watch.has(addr) || near;
    if (this.settled(addr, row.timeMs, row.dated, built, line)) return;
    this.taken(line, near);
  }

  /**
   * A watched aircraft's row the kernel took whole from its record (KernelEvent.Fix), its repeat
   * check made there (it is new): taken here as builtRow takes a settled row. Such rows cost no
   * call into the kernel for the check, and do not hold their aircraft: the kernel goes on taking
   * its next rows in the same scan.
   */
  private recordFix(records: RecordViews, event: number, line: number): void {
    const { reader, positions } = this.fromBytes as NonNullable<typeof this.fromBytes>;
    const row = reader.fixRecord(records, event);
    this.recordRows += 1;
    this.kernelFixRows += 1;
    this.generalRows += 1;
    const near = this.nearBox(row.lon, row.lat);
    const fixes = this.fixes;
    // As `taken` takes it, that path's call made here: V8 optimises the reading thread's code for
    // these rows faster without the step between (some 15 ms of a military-heavy hour).
    if (fixes !== null && !near && positions.give(row, this.kernel.bytes, line, fixes)) {
      this.fixRows += 1;
      return;
    }
    this.taken(line, near);
  }

  /**
   * A used row the byte reader holds, settled (not a repeat, to be built): taken as a fix, or made
   * into a position for the sink (near a box, coverage takes it).
   */
  private taken(line: number, near: boolean): void {
    const { reader, positions } = this.fromBytes as NonNullable<typeof this.fromBytes>;
    const row = reader.row;
    // Coverage takes a position in a box (or one without a place): those are made.
    const fixes = this.fixes;
    if (
      fixes !== null &&
      !near &&
      !Number.isNaN(row.lon + row.lat) &&
      positions.give(row, this.kernel.bytes, line, fixes)
    ) {
      this.fixRows += 1;
      return;
    }
    this.sink(positions.of(row, this.kernel.bytes, line), line);
  }

  /** A row the general parser decides: decoded, split, parsed, then routed like any other. */
  private generalLine(s: number, e: number, line: number): void {
    this.generalRows += 1;
    const text = this.decoder.decode(this.kernel.bytes.subarray(s, e));
    if (text === this.header) {
      this.generalRows -= 1;
      this.sink({ skip: 'repeated header' }, line);
      return;
    }
    this.route(this.reader.read(text.split(','), line), line);
  }

  /**
   * Whether a dated position repeats its aircraft's last one (remembered otherwise): asked of the
   * kernel's table, or kept here for the aircraft the table cannot keep.
   */
  private repeats(addr: number, timeMs: number, line: number, built: boolean): boolean {
    const answer = this.kernel.check(addr, timeMs, line, built);
    if (answer !== 'elsewhere') return answer === 'repeat';
    const d = this.elsewhere.get(addr);
    if (d?.lastMs === timeMs) return true;
    if (d === undefined) {
      this.elsewhere.set(addr, {
        firstMs: timeMs,
        firstLine: line,
        firstBuilt: built,
        lastMs: timeMs,
      });
    } else d.lastMs = timeMs;
    return false;
  }

  /** Whether (lon, lat) lies in a coverage box, edges included. */
  private nearBox(lon: number, lat: number): boolean {
    for (const b of this.boxes) {
      if (lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3]) return true;
    }
    return false;
  }

  /** A used row counted here, not built. */
  private count(addr: number, timeMs: number): void {
    this.used += 1;
    if (timeMs < this.fromMs) this.fromMs = timeMs;
    if (timeMs > this.toMs) this.toMs = timeMs;
    this.seen.add(addr);
  }

  /**
   * A row the general reader read, before its repeat check (asked here of the kernel's table, where
   * the kernel keeps each aircraft's last dated position, so both decide on the same memory).
   */
  private route(row: RowResult, line: number): void {
    if (isSkip(row) || isCarried(row) || isSighting(row)) {
      this.sink(row, line);
      return;
    }
    // The reader has refused the rows the plausibility check refuses.
    const addr = row.hex === null ? -1 : Number.parseInt(row.hex, 16);
    // Watched aircraft and rows near the region (coverage counts them) go to the sink.
    const built = addr < 0 || this.watch.has(addr) || this.nearBox(row.lon, row.lat);
    if (!this.settled(addr, row.timeMs, this.reader.dated && addr >= 0, built, line)) {
      this.sink(row, line);
    }
  }

  /**
   * A used row's fate short of building it: skipped when it is dated and repeats its aircraft's
   * last position, counted when it is not to be built; false when the caller hands on its position.
   */
  private settled(
    addr: number,
    timeMs: number,
    dated: boolean,
    built: boolean,
    line: number,
  ): boolean {
    if (dated && this.repeats(addr, timeMs, line, built)) {
      this.sink(skip(REPEATED_POSITION), line);
      return true;
    }
    if (built) return false;
    this.count(addr, timeMs);
    return true;
  }
}
