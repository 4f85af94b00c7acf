import { hasOpenQuote, splitCsvRecord } from '../csv-fields.js';
import {
  DEFAULT_READER_OPTIONS,
  FORCED,
  type CsvFormat,
  type InputFormat,
  type ReadContext,
  type ReaderOptions,
} from '../formats/format.js';
import { HEADER_DETECTION } from '../formats/index.js';
import { openskyRowReader, openskyStates } from '../formats/opensky.js';
import type { FixRows } from '../fix-rows.js';
import type { DatedEnds } from '../position-time.js';
import type { RowResult } from '../types.js';
import type { HexBitmap } from './hex-bitmap.js';
import { kernelAvailable, OpenSkyKernel, type Box } from './opensky-kernel.js';
import { OpenSkyScanner, openSkyLayout, type DirectRowSink } from './opensky-scanner.js';
import { RangePieces } from './range-pieces.js';

/**
 * A line-aligned slice of one plain file, for reading a big file on several threads. The bytes
 * handed over start at `start - 1` (or 0), so the reader can tell whether a line starts at
 * `start`; it reads every line that starts in [start, end).
 */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
  /** The file's header record, read once by whoever split the file. */
  readonly header: string;
  /**
   * The range as a piece of its file's (range-pieces.ts): its end may then come nearer while it is
   * read, another thread taking the rest.
   */
  readonly piece?: { readonly buffer: SharedArrayBuffer; readonly slot: number } | undefined;
}

/** The fast path's request: which aircraft to build positions for, and where to report the rest. */
export interface FastCsvOptions {
  /** Rows of these aircraft are built and go to the sink; the others are counted in bulk. */
  readonly watch: HexBitmap;
  /**
   * Aircraft that may prove to be surveillance aircraft: a report of any other aircraft in the
   * coverage box shows that the region was covered by other traffic in its hour.
   */
  readonly candidates: HexBitmap;
  readonly range?: ByteRange | undefined;
  /**
   * For a byte range: reads the range's next bytes (after the chunks seen so far) synchronously
   * into the space it is given, and returns how many (0 at the end of the file). The bytes then
   * land in the kernel's memory directly, instead of being copied there from each chunk.
   */
  readonly readRange?: ((into: Uint8Array) => number) | undefined;
  /**
   * Coverage is measured from every position in each of these boxes (west, south, east, north; one
   * per region of the run): the hours of the rows counted in bulk go to `onCoveredHour` with the
   * box's index (each at least once, repeats possible), rows near an edge of any box are built and
   * go to the sink, whatever their aircraft.
   */
  readonly coverageBoxes?: readonly Box[] | undefined;
  readonly onCoveredHour?: ((hour: number, otherTraffic: boolean, box: number) => void) | undefined;
  readonly onBulk: (totals: BulkTotals) => void;
  /**
   * Where the used rows of watched aircraft go when they can be read from their bytes (OpenSky
   * state vectors in their plain form): counted in bulk, never built as positions. For a loader
   * that keeps every row (sortie db load), of a whole input without coverage boxes (a row sent on
   * cannot be taken back when byte ranges are joined, nor seen by coverage); the other rows reach
   * the sink as without it.
   */
  readonly direct?: DirectRowSink | undefined;
  /**
   * Where the used rows of watched aircraft read from their bytes go, outside every coverage box,
   * instead of reaching the sink as positions (see fix-rows.ts). Not with `direct`.
   */
  readonly fixes?: FixRows | undefined;
  /** Lines read so far, after every batch (for a progress bar). */
  readonly onLines?: ((lines: number) => void) | undefined;
}

/** What the fast path counted without building positions, reported once at the end. */
export interface BulkTotals {
  readonly used: number;
  readonly fromMs: number | null;
  readonly toMs: number | null;
  /** Addresses of the rows counted in bulk, ascending. */
  readonly addresses: Uint32Array;
  /** Skipped rows counted by reason without being handed to the sink (past the first few). */
  readonly skipped: Readonly<Record<string, number>>;
  readonly stats: FastPathStats;
}

/** How the fast path went (used to join byte ranges; handy when measuring). */
export interface FastPathStats {
  /** Lines read (data and blank; for a byte range, the lines starting in it). */
  lines: number;
  /** Rows the general parser decided (watched aircraft, irregular rows, quoted records). */
  generalRows: number;
  /** Lines that held a quote character. */
  quotedLines: number;
  /** Used rows handed to the direct sink, read from their bytes (only with one). */
  directRows?: number;
  /** Rows of watched aircraft whose values the kernel read (its records), not the byte reader. */
  recordRows?: number;
  /**
   * Used rows of watched aircraft taken from their values, with no position made: counted, and
   * kept in the store when the keep rule keeps their aircraft.
   */
  fixRows?: number;
  /** Of the record rows, those the kernel took whole, their repeat check made there (KernelEvent.Fix). */
  kernelFixRows?: number;
  /** Of those, the ones the kernel wrote into its fix columns (on an earlier row's tuple). */
  columnFixRows?: number;
  /** Lines dropped as too long (where is found depends on the chunks: a range's count is not exact). */
  longLines?: number;
  /** For a byte range: each aircraft's first and last positions dated by a position age. */
  datedEnds?: DatedEnds;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const TURN_EVERY_MS = 4;

/** Accumulate at least this much before scanning, so tiny chunks (gunzip's 16 KiB) cost nothing extra. */
const SCAN_BATCH = 256 * 1024;
const NEWLINE = 10;
/** A byte range's bytes are read this many at a time (fewer, bigger reads cost less per byte). */
const RANGE_READ_BYTES = 1 << 20;

/**
 * Reads a CSV input with a fast scanner when its header is one the fast path knows (OpenSky state
 * vectors). Returns null when it read everything, or the bytes it looked at (to hand to the general
 * reader) when the input is not one for the fast path.
 */
export async function readFastCsv(
  first: Buffer,
  chunks: AsyncIterator<Buffer>,
  ctx: ReadContext,
  sink: (row: RowResult, line: number) => void,
  fast: FastCsvOptions,
  forced: InputFormat | undefined,
  onFormat: ((format: InputFormat, detectedBy: string) => void) | undefined,
): Promise<Buffer | null> {
  const buffered = first;
  let header: { text: string; line: number; end: number } | null = null;
  const range = fast.range;
  const skipFirst = range !== undefined && range.start > 0;
  if (skipFirst) {
    header = { text: range.header, line: 0, end: 0 };
  } else {
    // Only in the first chunk: the general reader then sees the same chunks after it (where a
    // long line is dropped depends on them), and only a header without a lone CR before its end.
    header = findHeader(buffered);
    if (header !== null) {
      const cr = buffered.subarray(0, header.end).indexOf(13);
      if (cr >= 0 && !(buffered[cr + 1] === NEWLINE && cr + 2 === header.end)) header = null;
    }
  }
  const setup = header === null ? null : scannerSetup(header.text, forced, ctx);
  if (header === null || setup === null) {
    if (range !== undefined) throw new Error('byte range of a file the fast path cannot read');
    return buffered;
  }
  if (fast.direct !== undefined && (range !== undefined || (fast.coverageBoxes ?? []).length > 0)) {
    throw new Error('rows read from bytes are for whole inputs without coverage boxes');
  }
  const kernel = OpenSkyKernel.acquire(setup.layout, fast, header.line, fast.coverageBoxes);
  if (kernel === null) {
    if (range !== undefined) throw new Error('byte range without the fast-path kernel');
    return buffered;
  }
  onFormat?.(setup.format, setup.detectedBy);
  const scanner = new OpenSkyScanner(
    kernel,
    openskyRowReader(setup.header, ctx),
    sink,
    fast.watch,
    header.line,
    header.text,
    fast.coverageBoxes,
    fast.onCoveredHour,
    range !== undefined,
    fast.direct === undefined
      ? undefined
      : { sink: directSink(fast.direct, ctx), header: setup.header },
    ctx.fileIndex,
    fast.fixes ?? null,
  );
  // For a byte range: the absolute offset of the first byte held, and where to stop.
  let base = range === undefined ? 0 : Math.max(0, range.start - 1) + header.end;
  let stopAfter = range?.end ?? Infinity;
  const piece =
    range?.piece === undefined
      ? null
      : { pieces: new RangePieces(range.piece.buffer), slot: range.piece.slot };
  let skipPartial = skipFirst;
  let done = false;
  /** Reads the whole lines held (all of them when `final`), or those in the first `limit` bytes. */
  const scanReady = (final: boolean, limit?: number): void => {
    if (skipPartial) {
      // The line under way at `start` belongs to the range before.
      const nl = scanner.bytes.subarray(0, scanner.length).indexOf(NEWLINE);
      if (nl < 0) {
        if (final) done = true;
        return;
      }
      scanner.discard(nl + 1);
      base += nl + 1;
      skipPartial = false;
    }
    const held = scanner.bytes.subarray(0, scanner.length);
    let end = final ? held.length : held.lastIndexOf(NEWLINE) + 1;
    if (limit !== undefined && end > limit) {
      const cut = held.lastIndexOf(NEWLINE, limit - 1) + 1;
      if (cut > 0) end = cut;
    }
    // A piece's lines before base + end are its own once committed; another thread may have taken
    // the rest of it, from its end on.
    if (piece !== null) stopAfter = piece.pieces.commit(piece.slot, base + end);
    if (base >= stopAfter) {
      done = true;
      return;
    }
    if (base + end > stopAfter) {
      // The last line read is the one holding byte stopAfter - 1: it starts in the range.
      const nl = held.indexOf(NEWLINE, stopAfter - 1 - base);
      end = nl < 0 ? held.length : nl + 1;
      done = true;
    }
    if (end <= 0) return;
    scanner.scan(end, final);
    base += end;
    fast.onLines?.(scanner.lineNo);
  };
  let totals;
  let lastTurnMs = performance.now();
  // A fault reading the input (a gzip stream cut short, say) ends the read where it came: the rows
  // before it are kept and counted, as the general reader keeps them, and the fault is then its.
  let fault: { readonly error: unknown } | null = null;
  try {
    scanner.append(buffered.subarray(header.end));
    if (scanner.length >= SCAN_BATCH) scanReady(false);
    const readRange = range === undefined ? undefined : fast.readRange;
    while (!done) {
      if (readRange !== undefined) {
        let filled: number;
        try {
          filled = scanner.fill(readRange, RANGE_READ_BYTES);
        } catch (error) {
          fault = { error };
          break;
        }
        if (filled === 0) break;
      } else {
        let next: IteratorResult<Buffer>;
        try {
          next = await chunks.next();
        } catch (error) {
          fault = { error };
          break;
        }
        if (next.done) break;
        scanner.append(next.value);
      }
      if (scanner.length < SCAN_BATCH) continue;
      if (range === undefined) {
        // A batch at a time, with a turn of the event loop after each: chunks already buffered
        // are handed over without one, and gunzip's work on the thread pool goes on only once
        // this thread has picked up what it finished. Short batches keep it waiting little.
        let held = scanner.length;
        while (!done && held >= SCAN_BATCH) {
          scanReady(false, SCAN_BATCH);
          await yieldToEventLoop();
          if (scanner.length === held) break;
          held = scanner.length;
        }
        continue;
      }
      scanReady(false);
      // A byte range is read by plain reads on this thread, which may still have messages to
      // answer (the main thread hands out ranges while it reads one): a turn every few ms.
      if (performance.now() - lastTurnMs >= TURN_EVERY_MS) {
        await yieldToEventLoop();
        lastTurnMs = performance.now();
      }
    }
    // After a fault too (a gzip stream cut short), the line it ended in is read, as the general
    // reader reads it (most often skipped, as the wrong number of fields).
    if (!done) scanReady(true);
    if (done) await chunks.return?.();
    totals = scanner.finish();
    // Read to its end: nothing of the piece is left for another thread to cut.
    if (fault === null) piece?.pieces.commit(piece.slot, Infinity);
  } catch (err) {
    scanner.abandon();
    throw err;
  }
  fast.onBulk({
    used: totals.used,
    fromMs: totals.fromMs,
    toMs: totals.toMs,
    addresses: totals.addresses,
    skipped: totals.skipped,
    stats: {
      lines: scanner.lineNo,
      generalRows: scanner.generalRows,
      quotedLines: scanner.quotedLines,
      longLines: scanner.longLines,
      ...(fast.direct === undefined ? {} : { directRows: scanner.directRows }),
      ...(scanner.recordRows === 0 ? {} : { recordRows: scanner.recordRows }),
      ...(scanner.fixRows === 0 ? {} : { fixRows: scanner.fixRows }),
      ...(scanner.kernelFixRows === 0 ? {} : { kernelFixRows: scanner.kernelFixRows }),
      ...(scanner.columnFixRows === 0 ? {} : { columnFixRows: scanner.columnFixRows }),
      ...(totals.datedEnds === undefined ? {} : { datedEnds: totals.datedEnds }),
    },
  });
  if (fault !== null) throw fault.error;
  return null;
}

interface ScannerSetup {
  readonly format: CsvFormat;
  readonly detectedBy: string;
  readonly header: string[];
  readonly layout: NonNullable<ReturnType<typeof openSkyLayout>>;
}

/** The fast path takes a header the general reader would read as OpenSky state vectors. */
export function scannerSetup(
  headerText: string,
  forced: InputFormat | undefined,
  ctx: ReadContext | ReaderOptions,
): ScannerSetup | null {
  if (headerText.includes('"') && hasOpenQuote(headerText)) return null;
  const header = splitCsvRecord(headerText).map((h) => h.trim());
  const options: ReaderOptions = 'options' in ctx ? ctx.options : ctx;
  // The scanner splits at commas only; other separators are read by the general reader.
  if ((options.delimiter ?? ',') !== ',') return null;
  let format: CsvFormat | undefined;
  let detectedBy: string | null = null;
  if (forced !== undefined) {
    if (forced.kind === 'csv') [format, detectedBy] = [forced, FORCED];
  } else {
    // The general reader's first match, so both read a file as the same format.
    for (const f of HEADER_DETECTION) {
      detectedBy = f.identifyHeader(header, options);
      if (detectedBy !== null) {
        format = f;
        break;
      }
    }
  }
  if (format === undefined || detectedBy === null || format.name !== openskyStates.name)
    return null;
  const layout = openSkyLayout(header);
  if (layout === null) return null;
  if ('options' in ctx) {
    try {
      format.rowParser(header, ctx);
    } catch {
      return null;
    }
  }
  return { format, detectedBy, header, layout };
}

/**
 * The first non-blank line of a CSV input as the general reader finds it (BOM dropped, blank lines
 * before it counted), with its line number and the byte offset just after it; null if the bytes
 * do not yet hold a whole line.
 */
export function findHeader(bytes: Buffer): { text: string; line: number; end: number } | null {
  const decoder = new TextDecoder('utf-8');
  let start = 0;
  let line = 0;
  for (;;) {
    const nl = bytes.indexOf(NEWLINE, start);
    if (nl < 0) return null;
    line += 1;
    // Decoded with its newline, as the general reader's streaming decoder sees it.
    let text = decoder.decode(bytes.subarray(start, nl + 1), { stream: true }).slice(0, -1);
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() !== '') return { text, line, end: nl + 1 };
    start = nl + 1;
  }
}

const QUOTE = 34;

/**
 * The header of a plain (not gzip) CSV file that the fast path can read in byte ranges, from the
 * file's first block: an OpenSky header, no quote in the block. Null when the file must be read whole.
 */
export function splittableHeader(
  head: Buffer,
  forced: InputFormat | undefined,
  reader: ReaderOptions | undefined,
): string | null {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return null;
  if (head.includes(QUOTE) || !kernelAvailable()) return null;
  const header = findHeader(head);
  if (header === null) return null;
  return scannerSetup(header.text, forced, reader ?? DEFAULT_READER_OPTIONS) === null
    ? null
    : header.text;
}

/** The direct sink, its rows numbered after an archive's members before (see `recordsBefore`). */
function directSink(sink: DirectRowSink, ctx: ReadContext): DirectRowSink {
  const before = ctx.recordsBefore ?? 0;
  return before === 0 ? sink : (row, bytes, line) => sink(row, bytes, line + before);
}
