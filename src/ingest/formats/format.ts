import type { RowResult } from '../types.js';

export interface ReadContext {
  readonly fileIndex: number;
}

/** A CSV dialect recognised from its header line. */
export interface CsvFormat {
  readonly kind: 'csv';
  readonly name: string;
  readonly description: string;
  matchesHeader(header: readonly string[]): boolean;
  /** Returns a parser for data rows, or throws a MappingError naming the missing columns. */
  rowParser(
    header: readonly string[],
    ctx: ReadContext,
  ): (fields: readonly string[], line: number) => RowResult;
}

/** A JSON document format; `line` in its positions is the record (point) number. */
export interface JsonFormat {
  readonly kind: 'json';
  readonly name: string;
  readonly description: string;
  matchesDocument(doc: unknown): boolean;
  /** Yields one result per record; `records` is how many records the document holds. */
  readDocument(doc: unknown, ctx: ReadContext): Iterable<RowResult>;
}

export type InputFormat = CsvFormat | JsonFormat;

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
