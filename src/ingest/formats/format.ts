import type { Companions } from '../companions.js';
import type { Delimiter } from '../delimiter.js';
import type { DateOrder } from '../time-text.js';
import type { RowResult } from '../types.js';

/** What the user told the readers that detection cannot guess. */
export interface ReaderOptions {
  /** IANA zone of timestamps written without one (SBS logs, plane-alert logs, generic CSV). */
  readonly sourceTz: string;
  /** `--map field=column`: columns for the generic CSV reader, by field name. */
  readonly fieldMap: Readonly<Record<string, string>>;
  /** `--units field=unit`: units for the generic CSV reader, by field name. */
  readonly units: Readonly<Record<string, string>>;
  /** `--delimiter`: the field separator of delimited text; found from the first line when absent. */
  readonly delimiter?: Delimiter | undefined;
  /** `--date-order`: how `3/2/2025` reads (generic CSV, dBase); inferred from the file when absent. */
  readonly dateOrder?: DateOrder | undefined;
  /**
   * `--scan-all`: archived traces outside the registries and military blocks are opened too, and
   * read when their header's type or flags may identify the aircraft.
   */
  readonly scanAll?: boolean | undefined;
}

export const DEFAULT_READER_OPTIONS: ReaderOptions = { sourceTz: 'UTC', fieldMap: {}, units: {} };

export interface ReadContext {
  readonly fileIndex: number;
  /** The input's name as given (a path, or `-`); some formats carry meaning in it (FR24 bulk flight ids). */
  readonly fileName: string;
  readonly options: ReaderOptions;
  /** Metadata one input gives another (FR24 bulk flights file → its positions files). */
  readonly companions: Companions;
  /** Records a remark about the whole input, shown by `inspect`; repeated texts are kept once. */
  note(text: string): void;
  /**
   * For a member of an archive: the records of the members read before it, which its rows'
   * numbers follow. The reading sink is given member lines and adds it itself; a sink that takes
   * rows past it (a loader's rows straight from bytes) must add it.
   */
  readonly recordsBefore?: number | undefined;
}

/**
 * For a parser that cannot parse some records before it has seen later ones (a file's day/month
 * order may show only rows further on): the text reader holds records back while it says so.
 */
export interface Lookahead {
  /** Whether this record, and any held before it, can be parsed now or must wait for later ones. */
  see(fields: readonly string[], line: number): 'parse' | 'hold';
  /** No later record will be shown (the input ended, or too many wait): decide now, or throw. */
  settle(why: 'end of input' | 'too many held'): void;
}

/** Parses one data record (its fields and its first line number) into a row result. */
export type RowParser = ((fields: readonly string[], line: number) => RowResult) & {
  readonly lookahead?: Lookahead;
};

/**
 * A CSV dialect recognised from its header line. Every format's `identify*` returns how it was
 * recognised (e.g. `header: time, icao24, lat, lon`), or null when the input is not in it.
 */
export interface CsvFormat {
  readonly kind: 'csv';
  readonly name: string;
  readonly description: string;
  identifyHeader(header: readonly string[], options: ReaderOptions): string | null;
  /** Returns a parser for data rows, or throws a MappingError naming the missing columns. */
  rowParser(header: readonly string[], ctx: ReadContext): RowParser;
}

/** A headerless line format (SBS port-30003, plane-alert logs) recognised from its first line. */
export interface LineFormat {
  readonly kind: 'lines';
  readonly name: string;
  readonly description: string;
  identifyLine(fields: readonly string[]): string | null;
  /** Returns a parser for every line, the first included; it may keep state across lines. */
  lineParser(ctx: ReadContext): RowParser;
}

/** A JSON document format; `line` in its positions is the record (point or aircraft) number. */
export interface JsonFormat {
  readonly kind: 'json';
  readonly name: string;
  readonly description: string;
  identifyDocument(doc: unknown): string | null;
  /** Yields one result per record. */
  readDocument(doc: unknown, ctx: ReadContext): Iterable<RowResult>;
}

/** A binary format recognised from its first bytes (dBase tables, shapefile parts). */
export interface BinaryFormat {
  readonly kind: 'binary';
  readonly name: string;
  readonly description: string;
  /** `head` holds at least the first 4 KiB, or the whole input when it is shorter. */
  identifyBytes(head: Buffer): string | null;
  readBytes(
    chunks: AsyncIterable<Buffer>,
    ctx: ReadContext,
    sink: (row: RowResult, line: number) => void,
  ): Promise<void>;
}

export type InputFormat = CsvFormat | LineFormat | JsonFormat | BinaryFormat;

/** A header that a format recognised but cannot map; the message lists what is there and what is missing. */
export class MappingError extends Error {
  constructor(format: string, found: readonly string[], missing: readonly string[]) {
    super(
      `cannot read as ${format}: missing column(s) ${missing.join(', ')}; columns found: ${found.join(', ')}`,
    );
    this.name = 'MappingError';
  }
}

/** Locates named columns case-insensitively; throws MappingError if any required one is absent. */
export function columnIndex<const K extends string>(
  format: string,
  header: readonly string[],
  required: readonly K[],
): Record<K, number> {
  const lower = header.map((h) => h.trim().toLowerCase());
  const out = {} as Record<K, number>;
  const missing: string[] = [];
  for (const name of required) {
    const i = lower.indexOf(name.toLowerCase());
    if (i < 0) missing.push(name);
    else out[name] = i;
  }
  if (missing.length > 0) throw new MappingError(format, header, missing);
  return out;
}

/** True when every name is a column of the header (case-insensitive). */
export function hasColumns(header: readonly string[], names: readonly string[]): boolean {
  const lower = new Set(header.map((h) => h.trim().toLowerCase()));
  return names.every((n) => lower.has(n));
}

/** How a format was chosen when the user named it rather than sortie detecting it. */
export const FORCED = 'forced by --input-format';
