import { hasOpenQuote, splitCsvRecord } from '../csv-fields.js';
import { OPENSKY_STALE_AFTER_S } from '../formats/opensky.js';
import type { RowResult } from '../types.js';
import { isSkip } from '../types.js';
import type { HexBitmap } from './hex-bitmap.js';
import { unionSorted } from './hex-set.js';
import { DATA, KernelEvent, type OpenSkyKernel } from './opensky-kernel.js';

/** Where the columns the accounting needs sit in an OpenSky header (as the general reader finds them). */
export interface OpenSkyLayout {
  readonly width: number;
  readonly time: number;
  readonly icao24: number;
  readonly lat: number;
  readonly lon: number;
  /** -1 when the file has no `lastcontact` column. */
  readonly lastContact: number;
}

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
  };
  if (layout.time < 0 || layout.icao24 < 0 || layout.lat < 0 || layout.lon < 0) return null;
  if (at('onground') < 0 || at('baroaltitude') < 0) return null;
  if (Math.max(layout.time, layout.icao24, layout.lat, layout.lon, layout.lastContact) > 63)
    return null;
  return layout;
}

/** What the scanner hands on: skipped rows and positions of watched aircraft, in line order. */
export type RowSink = (row: RowResult, line: number) => void;

/** Rows counted without being built: how many, their time span, their aircraft (ascending). */
export interface ScanTotals {
  readonly used: number;
  readonly fromMs: number | null;
  readonly toMs: number | null;
  readonly addresses: Uint32Array;
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
};

/**
 * The OpenSky fast path: the kernel (kernel/opensky.wat) decides from the bytes of a row, without
 * making strings, whether the general reader would use it or skip it (and why), and counts the
 * plain used rows. Rows of watched aircraft, and rows whose fields are not in the plain form
 * OpenSky writes (spaces, exponents, quotes, anything unusual), go through the general row parser
 * here instead, so the outcome is the same row for row, line numbers included.
 */
export class OpenSkyScanner {
  /** Rows the general parser decided (watched aircraft, irregular rows, quoted records). */
  generalRows = 0;
  /** Lines holding a quote, or inside a quoted field, read the general reader's way. */
  quotedLines = 0;

  private readonly kernel: OpenSkyKernel;
  private readonly parse: (fields: readonly string[], line: number) => RowResult;
  private readonly sink: RowSink;
  private readonly watch: HexBitmap;
  // A BOM inside the data is kept, as the general reader's streaming decoder keeps it.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private line: number;
  private pending: string | null = null;
  private pendingLine = 0;
  private pendingCount = 0;
  /** Rows the general parser found used that are not watched: counted here, not by the kernel. */
  private used = 0;
  private fromMs = Infinity;
  private toMs = -Infinity;
  private readonly seen = new Set<number>();

  /**
   * `parse` is the general row parser for this header; rows of the aircraft in `watch` are built
   * and handed to `sink` with every skipped row; `firstLineNo` is the number of lines before the
   * data (header and blank lines).
   */
  constructor(
    kernel: OpenSkyKernel,
    parse: (fields: readonly string[], line: number) => RowResult,
    sink: RowSink,
    watch: HexBitmap,
    firstLineNo: number,
  ) {
    this.kernel = kernel;
    this.parse = parse;
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

  append(chunk: Uint8Array): void {
    this.kernel.append(chunk);
  }

  /** Drops bytes without reading them (the partial line before a byte range). */
  discard(n: number): void {
    this.kernel.consume(n);
  }

  /**
   * Reads the lines in the first `end` bytes (`end` just after a newline, or at the end of the
   * input when `final`) and drops them.
   */
  scan(end: number, final: boolean): void {
    const kernel = this.kernel;
    let pos = 0;
    while (pos < end) {
      if (this.pending !== null) {
        // Inside a quoted field every line is read here, until the record closes.
        let nl = kernel.bytes.indexOf(NEWLINE, pos);
        if (nl < 0 || nl >= end) {
          if (!final) break;
          nl = end;
        }
        let e = nl;
        if (e > pos && kernel.bytes[e - 1] === CR) e -= 1;
        this.line += 1;
        this.quotedLine(pos, e, this.line);
        pos = Math.min(nl + 1, end);
        continue;
      }
      kernel.lineNo = this.line;
      const next = kernel.scan(pos, end, final);
      this.line = kernel.lineNo;
      this.settleEvents();
      if (next === pos) break;
      pos = next;
    }
    kernel.consume(pos);
  }

  /** At the end of the input: a record left open by a quote is skipped, as the general reader does. */
  finish(): ScanTotals {
    if (this.pending !== null) {
      this.sink({ skip: 'unterminated quoted field' }, this.pendingLine);
      this.pending = null;
    }
    const k = this.kernel.totals();
    this.kernel.release();
    const used = k.used + this.used;
    const fromMs = Math.min(k.minTimeS * 1000, this.fromMs);
    const toMs = Math.max(k.maxTimeS * 1000, this.toMs);
    const extra = Uint32Array.from(this.seen).sort();
    return {
      used,
      fromMs: used > 0 ? fromMs : null,
      toMs: used > 0 ? toMs : null,
      addresses: extra.length === 0 ? k.addresses : unionSorted([k.addresses, extra]),
    };
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
    for (let i = 0; i < count; i += 1) {
      const s = events[4 * i] as number;
      const e = events[4 * i + 1] as number;
      const line = events[4 * i + 2] as number;
      const code = events[4 * i + 3] as number;
      const reason = SKIP_REASONS[code];
      if (reason !== undefined) this.sink({ skip: reason }, line);
      else if (code === KernelEvent.Quoted) this.quotedLine(s - DATA, e - DATA, line);
      else this.generalLine(s - DATA, e - DATA, line);
    }
    kernel.clearEvents();
  }

  /** A row the general parser decides: decoded, split, parsed, then routed like any other. */
  private generalLine(s: number, e: number, line: number): void {
    this.generalRows += 1;
    const text = this.decoder.decode(this.kernel.bytes.subarray(s, e));
    this.route(this.parse(text.split(','), line), line);
  }

  /** Lines with a quote, and every line while a quoted field is open: exactly the general reader's rule. */
  private quotedLine(s: number, e: number, line: number): void {
    this.quotedLines += 1;
    const text = this.decoder.decode(this.kernel.bytes.subarray(s, e));
    let record: string;
    let recordLine: number;
    if (this.pending !== null) {
      this.pending += '\n' + text;
      this.pendingCount += 1;
      if (hasOpenQuote(this.pending) && this.pendingCount < MAX_RECORD_LINES) return;
      record = this.pending;
      recordLine = this.pendingLine;
      this.pending = null;
    } else if (text.includes('"') && hasOpenQuote(text)) {
      this.pending = text;
      this.pendingLine = line;
      this.pendingCount = 1;
      return;
    } else {
      record = text;
      recordLine = line;
    }
    if (record === '') return;
    this.generalRows += 1;
    this.route(this.parse(splitCsvRecord(record), recordLine), recordLine);
  }

  private route(row: RowResult, line: number): void {
    if (isSkip(row)) {
      this.sink(row, line);
      return;
    }
    const addr = row.hex === null ? -1 : Number.parseInt(row.hex, 16);
    if (addr < 0 || this.watch.has(addr)) {
      this.sink(row, line);
      return;
    }
    this.used += 1;
    if (row.timeMs < this.fromMs) this.fromMs = row.timeMs;
    if (row.timeMs > this.toMs) this.toMs = row.timeMs;
    this.seen.add(addr);
  }
}
