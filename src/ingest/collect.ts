import { newCompanions, type Companions } from './companions.js';
import { DEFAULT_READER_OPTIONS, type InputFormat, type ReaderOptions } from './formats/format.js';
import { implausibility, printable } from './plausible.js';
import { InputError, readSource } from './read-source.js';
import { isCarried, isSighting, isSkip, type Position, type RowResult } from './types.js';

/** An input the pipeline can open as a byte stream (a file, standard input, an in-memory buffer). */
export interface InputSource {
  readonly name: string;
  open(): AsyncIterable<Uint8Array>;
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
  /** The addresses seen in this input. */
  hexes: Set<string>;
  /** Remarks about the whole input (time zone hints, what a file is when nothing is read from it). */
  notes: string[];
  /** A problem that stopped reading this input; rows read before it still count. */
  error: { message: string; line: number | null } | null;
}

export interface IngestOptions {
  readonly forced?: InputFormat | undefined;
  /** Address given on the command line for inputs that carry none (FR24 per-flight CSV). */
  readonly assignHex?: string | undefined;
  /** Which positions to keep for track building; the rest are counted and let go. */
  readonly keep: (p: Position) => boolean;
  readonly reader?: ReaderOptions | undefined;
  /** Sees every position read, kept or not (coverage is measured from all of them). */
  readonly onPosition?: ((p: Position, kept: boolean) => void) | undefined;
}

export interface Ingested {
  readonly inputs: InputSummary[];
  /** Positions with an address that `keep` selected. */
  readonly positions: Position[];
  /** Positions that still have no address once every input is read (FR24 per-flight CSV, ...). */
  readonly hexless: Position[];
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

function newSummary(file: string): InputSummary {
  return {
    file,
    format: null,
    detectedBy: null,
    rows: 0,
    used: 0,
    usedAs: {},
    skipped: {},
    fromMs: null,
    toMs: null,
    aircraft: 0,
    hexes: new Set<string>(),
    notes: [],
    error: null,
  };
}

/**
 * Reads every source in order, tallying rows and keeping the positions that `keep` selects.
 * Positions without an address wait until every input is read: a companion file read later (the FR24
 * bulk flights file) or --aircraft may still name them, so the result does not depend on input order.
 */
export async function ingest(
  sources: readonly InputSource[],
  options: IngestOptions,
): Promise<Ingested> {
  const inputs: InputSummary[] = [];
  const positions: Position[] = [];
  const waiting: Position[] = [];
  const aircraft = new Map<string, AircraftEvidence>();
  const companions = newCompanions();
  const accept = (p: Position, summary: InputSummary): void => {
    summary.hexes.add(p.hex as string);
    noteEvidence(aircraft, p);
    const kept = options.keep(p);
    options.onPosition?.(p, kept);
    if (kept) positions.push(p);
  };
  for (const [fileIndex, source] of sources.entries()) {
    const summary = newSummary(source.name);
    inputs.push(summary);
    const used = (what: string, timeMs: number | null): void => {
      summary.used += 1;
      summary.usedAs[what] = (summary.usedAs[what] ?? 0) + 1;
      if (timeMs === null) return;
      if (summary.fromMs === null || timeMs < summary.fromMs) summary.fromMs = timeMs;
      if (summary.toMs === null || timeMs > summary.toMs) summary.toMs = timeMs;
    };
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
      else accept(row, summary);
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
    try {
      await readSource(source.open(), ctx, sink, {
        forced: options.forced,
        onFormat: (format, detectedBy) => {
          summary.format = format.name;
          summary.detectedBy = detectedBy;
        },
      });
    } catch (err) {
      summary.error = describeError(err);
    }
  }
  const hexless: Position[] = [];
  for (const p of waiting) {
    const named = nameFromCompanions(p, companions) ?? nameFromOption(p, options.assignHex);
    const summary = inputs[p.source.fileIndex];
    if (named === null || summary === undefined) {
      hexless.push(p);
      options.onPosition?.(p, false);
    } else accept(named, summary);
  }
  for (const summary of inputs) summary.aircraft = summary.hexes.size;
  return { inputs, positions, hexless, aircraft };
}

/** An FR24 bulk position whose flights file was read after it. */
function nameFromCompanions(p: Position, companions: Companions): Position | null {
  const id = companions.fr24FlightOfInput.get(p.source.fileIndex);
  const flight = id === undefined ? undefined : companions.fr24Flights.get(id);
  if (flight === undefined || flight.hex === null) return null;
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
  const { message, line } = rawError(err);
  return { message: printable(message), line };
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
