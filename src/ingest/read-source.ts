import { hasOpenQuote, splitCsvRecord } from './csv-fields.js';
import { decompressed, lineBatches } from './decode.js';
import { readFastCsv, type FastCsvOptions } from './fast/fast-csv.js';
import type { CsvFormat, InputFormat, JsonFormat, ReadContext } from './formats/format.js';
import { CSV_FORMATS, JSON_FORMATS } from './formats/index.js';
import type { RowResult } from './types.js';

/** A problem with a whole input (unknown format, broken JSON, truncated stream); `line` when known. */
export class InputError extends Error {
  readonly line: number | null;
  constructor(message: string, line: number | null = null) {
    super(message);
    this.name = 'InputError';
    this.line = line;
  }
}

/** A record spanning more lines than this is a broken quote, not a real CSV field. */
const MAX_RECORD_LINES = 50;
/** JSON inputs are parsed whole; beyond this they are refused rather than exhausting memory. */
const MAX_JSON_BYTES = 512 * 1024 * 1024;

export interface SourceOptions {
  readonly forced?: InputFormat | undefined;
  /** Called once the format is known (before any row). */
  readonly onFormat?: (format: InputFormat, detectedBy: 'content' | 'forced') => void;
  /** Take the fast path for the big CSV formats when the header allows it (src/ingest/fast/). */
  readonly fast?: FastCsvOptions | undefined;
}

/**
 * Streams one input: decompresses if gzip, detects the format from content, and hands every
 * row (position or skip) to `sink`. CSV is read record by record; JSON documents are parsed whole.
 */
export async function readSource(
  bytes: AsyncIterable<Uint8Array>,
  ctx: ReadContext,
  sink: (row: RowResult, line: number) => void,
  options: SourceOptions = {},
): Promise<void> {
  const chunks = decompressed(bytes)[Symbol.asyncIterator]();
  const first = await nextNonEmpty(chunks);
  if (first === null) return;
  const fast = options.fast;
  if (fast?.range !== undefined) {
    await readFastCsv(first, chunks, ctx, sink, fast, options.forced, options.onFormat);
    return;
  }
  const firstChar = firstNonSpace(first);
  const forced = options.forced;
  if (
    (forced === undefined && (firstChar === '{' || firstChar === '[')) ||
    forced?.kind === 'json'
  ) {
    const text = await collectText(first, chunks);
    readJson(text, ctx, sink, options);
    return;
  }
  const rest =
    fast === undefined
      ? first
      : await readFastCsv(first, chunks, ctx, sink, fast, forced, options.onFormat);
  if (rest !== null) await readCsv(rest, chunks, ctx, sink, options);
}

async function nextNonEmpty(chunks: AsyncIterator<Buffer>): Promise<Buffer | null> {
  for (;;) {
    const next = await chunks.next();
    if (next.done) return null;
    if (next.value.length > 0) return next.value;
  }
}

function firstNonSpace(buf: Buffer): string {
  const text = buf
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return text.trimStart().charAt(0);
}

async function collectText(first: Buffer, chunks: AsyncIterator<Buffer>): Promise<string> {
  const parts = [first];
  let size = first.length;
  for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    size += next.value.length;
    if (size > MAX_JSON_BYTES)
      throw new InputError(`JSON document larger than ${MAX_JSON_BYTES} bytes`);
    parts.push(next.value);
  }
  return Buffer.concat(parts)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

function readJson(
  text: string,
  ctx: ReadContext,
  sink: (row: RowResult, line: number) => void,
  options: SourceOptions,
): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(`invalid JSON (${(err as Error).message})`);
  }
  let format: JsonFormat | undefined;
  if (options.forced !== undefined) {
    if (options.forced.kind !== 'json') throw new InputError(`is JSON, not ${options.forced.name}`);
    format = options.forced;
  } else {
    format = JSON_FORMATS.find((f) => f.matchesDocument(doc));
  }
  if (format === undefined) {
    const keys = typeof doc === 'object' && doc !== null ? Object.keys(doc).slice(0, 12) : [];
    throw new InputError(`JSON of no known format (top-level keys: ${keys.join(', ') || 'none'})`);
  }
  options.onFormat?.(format, options.forced ? 'forced' : 'content');
  let record = 0;
  for (const row of format.readDocument(doc, ctx)) sink(row, (record += 1));
}

async function readCsv(
  first: Buffer,
  chunks: AsyncIterator<Buffer>,
  ctx: ReadContext,
  sink: (row: RowResult, line: number) => void,
  options: SourceOptions,
): Promise<void> {
  async function* all(): AsyncGenerator<Buffer> {
    yield first;
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      yield next.value;
    }
  }
  let lineNo = 0;
  let parse: ((fields: readonly string[], line: number) => RowResult) | null = null;
  let pending: string | null = null;
  let pendingLine = 0;
  let pendingCount = 0;
  for await (const batch of lineBatches(all())) {
    for (const line of batch) {
      lineNo += 1;
      let record: string;
      let recordLine: number;
      if (pending !== null) {
        pending += '\n' + line;
        pendingCount += 1;
        if (hasOpenQuote(pending) && pendingCount < MAX_RECORD_LINES) continue;
        record = pending;
        recordLine = pendingLine;
        pending = null;
      } else if (line.includes('"') && hasOpenQuote(line)) {
        pending = line;
        pendingLine = lineNo;
        pendingCount = 1;
        continue;
      } else {
        record = line;
        recordLine = lineNo;
      }
      if (parse === null) {
        if (record.trim() === '') continue;
        parse = headerParser(record, recordLine, ctx, options);
        continue;
      }
      if (record === '') continue;
      sink(parse(splitCsvRecord(record), recordLine), recordLine);
    }
  }
  if (pending !== null) {
    if (parse === null) throw new InputError('unterminated quoted field in header', pendingLine);
    sink({ skip: 'unterminated quoted field' }, pendingLine);
  }
}

function headerParser(
  record: string,
  line: number,
  ctx: ReadContext,
  options: SourceOptions,
): (fields: readonly string[], line: number) => RowResult {
  const header = splitCsvRecord(record).map((h) => h.trim());
  let format: CsvFormat | undefined;
  if (options.forced !== undefined) {
    if (options.forced.kind !== 'csv')
      throw new InputError(`is CSV, not ${options.forced.name}`, line);
    format = options.forced;
  } else {
    format = CSV_FORMATS.find((f) => f.matchesHeader(header));
  }
  if (format === undefined) {
    throw new InputError(
      `not a known format; columns found: ${header.slice(0, 20).join(', ')}`,
      line,
    );
  }
  let parser: (fields: readonly string[], line: number) => RowResult;
  try {
    parser = format.rowParser(header, ctx);
  } catch (err) {
    throw new InputError((err as Error).message, line);
  }
  options.onFormat?.(format, options.forced ? 'forced' : 'content');
  return parser;
}
