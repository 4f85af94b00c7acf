import type { BulkTotals, FastCsvOptions, FastPathStats } from './fast/fast-csv.js';
import { HexCollector } from './fast/hex-set.js';
import type { InputFormat } from './formats/format.js';
import { InputError, readSource } from './read-source.js';
import { isSkip, type Position } from './types.js';

/** An input the pipeline can open as a byte stream (a file, standard input, an in-memory buffer). */
export interface InputSource {
  readonly name: string;
  open(): AsyncIterable<Uint8Array>;
  /** A file on disk (worker threads open it themselves, by byte ranges when it is big). */
  readonly path?: string;
  readonly size?: number;
  /** It can be read only once (standard input): no second pass over it. */
  readonly once?: boolean;
}

export interface SkipStat {
  count: number;
  /** The first few line (or record) numbers skipped for this reason. */
  firstLines: number[];
}

/** Per-input accounting: every row read is either used (a position) or skipped with a reason. */
export interface InputSummary {
  readonly file: string;
  format: string | null;
  detectedBy: 'content' | 'forced' | null;
  rows: number;
  used: number;
  skipped: Record<string, SkipStat>;
  fromMs: number | null;
  toMs: number | null;
  aircraft: number;
  /** The addresses seen in this input. */
  hexes: ReadonlySet<string>;
  /** A problem that stopped reading this input; rows read before it still count. */
  error: { message: string; line: number | null } | null;
  /** Set when the fast path read the input. */
  fast?: FastPathStats;
}

export interface IngestOptions {
  readonly forced?: InputFormat | undefined;
  /** Address given on the command line for inputs that carry none (FR24 per-flight CSV). */
  readonly assignHex?: string | undefined;
  /** Which positions to keep for track building; the rest are counted and let go. */
  readonly keep: (p: Position) => boolean;
  /**
   * The fast path for big CSV formats (src/ingest/fast/): their rows carry no identity evidence, so
   * `keep` must select none of their positions outside `watch`; those are counted without being built.
   */
  readonly fast?: Omit<FastCsvOptions, 'onBulk'> | undefined;
}

export interface Ingested {
  readonly inputs: InputSummary[];
  readonly positions: Position[];
  /** Aircraft seen (with a hex) and the row evidence they carried. */
  readonly aircraft: ReadonlyMap<string, AircraftEvidence>;
}

export interface AircraftEvidence {
  typeCode: string | null;
  registration: string | null;
  dbFlags: number | null;
  positions: number;
}

const FIRST_LINES_KEPT = 5;

/** Reads every source in order, tallying rows and keeping the positions that `keep` selects. */
export async function ingest(
  sources: readonly InputSource[],
  options: IngestOptions,
): Promise<Ingested> {
  const inputs: InputSummary[] = [];
  const positions: Position[] = [];
  const aircraft = new Map<string, AircraftEvidence>();
  for (const [fileIndex, source] of sources.entries()) {
    const summary: InputSummary = {
      file: source.name,
      format: null,
      detectedBy: null,
      rows: 0,
      used: 0,
      skipped: {},
      fromMs: null,
      toMs: null,
      aircraft: 0,
      hexes: new Set<string>(),
      error: null,
    };
    inputs.push(summary);
    const seen = new HexCollector();
    const sink = (row: Position | { skip: string }, line: number): void => {
      summary.rows += 1;
      if (isSkip(row)) {
        const stat = (summary.skipped[row.skip] ??= { count: 0, firstLines: [] });
        stat.count += 1;
        if (stat.firstLines.length < FIRST_LINES_KEPT) stat.firstLines.push(line);
        return;
      }
      let p = row;
      if (p.hex === null && options.assignHex !== undefined) p = { ...p, hex: options.assignHex };
      summary.used += 1;
      if (summary.fromMs === null || p.timeMs < summary.fromMs) summary.fromMs = p.timeMs;
      if (summary.toMs === null || p.timeMs > summary.toMs) summary.toMs = p.timeMs;
      if (p.hex !== null) {
        seen.add(p.hex);
        noteEvidence(aircraft, p);
      }
      if (options.keep(p)) positions.push(p);
    };
    const onBulk = (bulk: BulkTotals): void => {
      summary.rows += bulk.used;
      summary.used += bulk.used;
      if (bulk.fromMs !== null && (summary.fromMs === null || bulk.fromMs < summary.fromMs))
        summary.fromMs = bulk.fromMs;
      if (bulk.toMs !== null && (summary.toMs === null || bulk.toMs > summary.toMs))
        summary.toMs = bulk.toMs;
      seen.addSorted(bulk.addresses);
      summary.fast = bulk.stats;
    };
    try {
      await readSource(source.open(), { fileIndex }, sink, {
        forced: options.forced,
        onFormat: (format, detectedBy) => {
          summary.format = format.name;
          summary.detectedBy = detectedBy;
        },
        fast: options.fast && { ...options.fast, onBulk },
      });
    } catch (err) {
      summary.error = describeError(err);
    }
    summary.hexes = seen.pack();
    summary.aircraft = summary.hexes.size;
  }
  return { inputs, positions, aircraft };
}

function noteEvidence(map: Map<string, AircraftEvidence>, p: Position): void {
  const hex = p.hex as string;
  let e = map.get(hex);
  if (e === undefined) {
    e = { typeCode: null, registration: null, dbFlags: null, positions: 0 };
    map.set(hex, e);
  }
  e.positions += 1;
  e.typeCode ??= p.typeCode;
  e.registration ??= p.registration;
  if (p.dbFlags !== null) e.dbFlags = (e.dbFlags ?? 0) | p.dbFlags;
}

function describeError(err: unknown): { message: string; line: number | null } {
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
