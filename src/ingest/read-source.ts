import path from 'node:path';
import { hasOpenQuote, splitCsvRecord } from './csv-fields.js';
import { delimiterName, detectDelimiter, withDecimalPoints, type Delimiter } from './delimiter.js';
import {
  asUtf8,
  peekBytes,
  decompressed,
  lineBatches,
  MAX_LINE_CHARS,
  OVERLONG_LINE,
} from './decode.js';
import {
  FORCED,
  type BinaryFormat,
  type InputFormat,
  type JsonFormat,
  type ReadContext,
  type RowParser,
} from './formats/format.js';
import {
  BINARY_DETECTION,
  detectText,
  JSON_DETECTION,
  unknownCsvMessage,
} from './formats/index.js';
import { jsonSidecar, RegistryAsInput } from './formats/not-flight-data.js';
import { readFastCsv, type FastCsvOptions } from './fast/fast-csv.js';
import { containerProblem, firstBytes, isTar, looksBinary, tarHeaderWithin } from './containers.js';
import { readTarStream } from './archive/read-archive.js';
import { releaseDay } from './archive/releases.js';
import type { ArchiveSummary, MemberSelection } from './archive/members.js';
import { InputError, NotFlightData, UnknownFormat } from './input-error.js';
import { looksLike } from './looks-like.js';
import { readsbTrace, readTraceRows } from './formats/readsb-trace.js';
import { aircraftJson } from './formats/aircraft-json.js';
import { aircraftUpToDamage, traceUpToDamage } from './formats/trace-up-to-damage.js';
import type { RowResult } from './types.js';

export { InputError };

/**
 * Records a parser may hold back while it looks ahead (a file's day/month order); past this it must
 * decide. Some 40 MB of fields; days of one aircraft's positions, or hours of a busy receiver's.
 */
const MAX_HELD_RECORDS = 100_000;
/** A record spanning more lines than this is a broken quote, not a real CSV field. */
const MAX_RECORD_LINES = 50;
/** JSON inputs are parsed whole; beyond this they are refused rather than exhausting memory. */
const MAX_JSON_BYTES = 512 * 1024 * 1024;
/** Bytes gathered before detection: enough for any binary header we recognise. */
const HEAD_BYTES = 4096;
/** How far into binary data a tar header is looked for (an adsb.lol trace is some 8 KB). */
const TAR_SEARCH_BYTES = 1 << 20;

export interface SourceOptions {
  readonly forced?: InputFormat | undefined;
  /** Called once the format is known (before any row), with how it was recognised. */
  readonly onFormat?: (format: InputFormat, detectedBy: string) => void;
  /** Take the fast path for the big CSV formats when the header allows it (src/ingest/fast/). */
  readonly fast?: FastCsvOptions | undefined;
  /** With a forced format: called with what detection would have read the input as (or null). */
  readonly onLooksLike?: (what: string | null) => void;
  /** Which traces of an archive to decompress (all when not given). */
  readonly members?: MemberSelection | undefined;
  /** Called when the input proved to be an archive, with what reading its members found. */
  readonly onArchive?: (summary: ArchiveSummary) => void;
  /** The input can be read only once (standard input, a FIFO): said in advice about it. */
  readonly once?: boolean;
}

type Sink = (row: RowResult, line: number) => void;

/**
 * Streams one input: decompresses if gzip, detects the format from content (binary magic, JSON,
 * a CSV header, a headerless line format), and hands every row (position, carried, sighting or
 * skip) to `sink`. Text is read record by record; JSON documents are parsed whole.
 */
export async function readSource(
  bytes: AsyncIterable<Uint8Array>,
  ctx: ReadContext,
  sink: Sink,
  options: SourceOptions = {},
): Promise<void> {
  const fast = options.fast;
  if (fast?.range !== undefined) {
    // A byte range of a plain file whose header the splitter already read as OpenSky's.
    const chunks = decompressed(bytes)[Symbol.asyncIterator]();
    const first = await chunks.next();
    if (first.done) return;
    await readFastCsv(first.value, chunks, ctx, sink, fast, options.forced, options.onFormat);
    return;
  }
  const { head, stream } = await peekBytes(asUtf8(decompressed(bytes)), HEAD_BYTES);
  if (head.length === 0) return;
  // A tar on standard input (or a .tar.gz): its members in order, the selected ones read.
  const readTar = async (tar: AsyncIterable<Buffer>): Promise<void> => {
    // A stream that fails (a .tar.gz cut short) ends the tar there: the walk accounts for the
    // members before it and the one it cut, and the failure is the input's error after that.
    const failed: { error?: unknown; failed?: true } = {};
    const untilFailure = (async function* () {
      try {
        yield* tar;
      } catch (error) {
        Object.assign(failed, { error, failed: true });
      }
    })();
    const summary = await readTarStream(untilFailure, ctx, sink, {
      day: releaseDay(path.basename(ctx.fileName)),
      selection: options.members,
      onFormat: (format, detectedBy) => options.onFormat?.(format, detectedBy),
      readData: (bytes, memberCtx, memberSink) =>
        readSource(bytes, memberCtx, memberSink, {
          forced: options.forced,
          ...(options.onFormat === undefined ? {} : { onFormat: options.onFormat }),
        }),
    });
    options.onArchive?.(summary);
    if (failed.failed === true) throw failed.error;
  };
  if (isTar(head)) {
    await readTar(stream);
    return;
  }
  // An archive or a compressed stream is named as such, whatever format was asked for.
  const container = containerProblem(head, ctx.fileName, options.once === true);
  if (container !== null) throw new InputError(container);
  const forced = options.forced;
  if (forced !== undefined) options.onLooksLike?.(looksLike(head, ctx.options));
  let binary: { format: BinaryFormat; detectedBy: string } | undefined;
  if (forced?.kind === 'binary') binary = { format: forced, detectedBy: FORCED };
  else if (forced === undefined) binary = detectBinary(head);
  if (binary !== undefined) {
    options.onFormat?.(binary.format, binary.detectedBy);
    await binary.format.readBytes(stream, ctx, sink);
    return;
  }
  if (looksBinary(head)) {
    // A tar whose first bytes are missing (`cat x.tar.ab | sortie report -`, its .aa lost): a
    // header, its checksum right, further on. Read from there on, the bytes before it skipped.
    const further = await peekBytes(stream, TAR_SEARCH_BYTES);
    if (forced === undefined && tarHeaderWithin(further.head)) {
      await readTar(further.stream);
      return;
    }
    throw new UnknownFormat(`not a known format: binary data (it starts ${firstBytes(head)})`);
  }
  const firstChar = firstNonSpace(head);
  if (
    (forced === undefined && (firstChar === '{' || firstChar === '[')) ||
    forced?.kind === 'json'
  ) {
    const { text, failure } = await collectText(stream);
    if (failure !== undefined) {
      // A gzip stream damaged or cut: a readsb trace's points up to the damage are kept.
      readTraceUpToDamage(text, ctx, sink, options);
      throw failure;
    }
    readJson(text, ctx, sink, options);
    return;
  }
  if (fast === undefined) {
    await readText(stream, ctx, sink, options);
    return;
  }
  const chunks = stream[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done) return;
  const rest = await readFastCsv(first.value, chunks, ctx, sink, fast, forced, options.onFormat);
  if (rest !== null) await readText(prepend(rest, chunks), ctx, sink, options);
}

/** The bytes the fast path looked at, then the rest of the stream. */
async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

function detectBinary(head: Buffer): { format: BinaryFormat; detectedBy: string } | undefined {
  for (const format of BINARY_DETECTION) {
    const detectedBy = format.identifyBytes(head);
    if (detectedBy !== null) return { format, detectedBy };
  }
  return undefined;
}

function firstNonSpace(buf: Buffer): string {
  const text = buf
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return text.trimStart().charAt(0);
}

/** The text of a JSON document, and the error that stopped its stream early (a damaged gzip). */
async function collectText(
  chunks: AsyncIterable<Buffer>,
): Promise<{ text: string; failure?: unknown }> {
  const parts: Buffer[] = [];
  let size = 0;
  let failure: unknown;
  try {
    for await (const chunk of chunks) {
      size += chunk.length;
      if (size > MAX_JSON_BYTES)
        throw new InputError(`JSON document larger than ${MAX_JSON_BYTES} bytes`);
      parts.push(chunk);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    failure = err;
  }
  const text = Buffer.concat(parts)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return failure === undefined ? { text } : { text, failure };
}

/**
 * The points of a readsb trace up to where its text is damaged or ends, when the text is one (and
 * no other format was asked for): the rows read before a fault are kept, as a CSV's are.
 */
function readTraceUpToDamage(
  text: string,
  ctx: ReadContext,
  sink: Sink,
  options: SourceOptions,
): void {
  if (options.forced !== undefined && options.forced !== readsbTrace) return;
  const part = traceUpToDamage(text);
  if (part === null) return;
  options.onFormat?.(
    readsbTrace,
    'content: readsb trace object (icao, timestamp, trace[]), read up to its damage',
  );
  readTraceRows(part.doc, ctx, 0, sink);
}

/** The entries of an aircraft.json snapshot up to where its text is damaged or ends: see above. */
function readSnapshotUpToDamage(
  text: string,
  ctx: ReadContext,
  sink: Sink,
  options: SourceOptions,
): void {
  if (options.forced !== undefined && options.forced !== aircraftJson) return;
  const part = aircraftUpToDamage(text);
  if (part === null) return;
  options.onFormat?.(
    aircraftJson,
    'content: aircraft.json snapshot (now, aircraft[]), read up to its damage',
  );
  sinkRecords(aircraftJson.readDocument(part.doc, ctx), sink);
}

/** A document's rows to the sink, each numbered by its record (1, 2, ...). */
function sinkRecords(rows: Iterable<RowResult>, sink: Sink): void {
  let record = 0;
  for (const row of rows) sink(row, (record += 1));
}

function readJson(text: string, ctx: ReadContext, sink: Sink, options: SourceOptions): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    readTraceUpToDamage(text, ctx, sink, options);
    readSnapshotUpToDamage(text, ctx, sink, options);
    throw new InputError(`invalid JSON (${(err as Error).message})`);
  }
  let format: JsonFormat | undefined;
  let detectedBy: string | null = null;
  if (options.forced !== undefined) {
    if (options.forced.kind !== 'json') throw new InputError(`is JSON, not ${options.forced.name}`);
    format = options.forced;
    detectedBy = FORCED;
  } else {
    for (const f of JSON_DETECTION) {
      detectedBy = f.identifyDocument(doc);
      if (detectedBy !== null) {
        format = f;
        break;
      }
    }
  }
  if (format === undefined || detectedBy === null) {
    const sidecar = jsonSidecar(doc, ctx.fileName);
    if (sidecar !== null) throw new NotFlightData(sidecar);
    const keys = typeof doc === 'object' && doc !== null ? Object.keys(doc).slice(0, 12) : [];
    throw new UnknownFormat(
      `JSON of no known format (top-level keys: ${keys.join(', ') || 'none'})`,
    );
  }
  const rows = format.readDocument(doc, ctx);
  options.onFormat?.(format, detectedBy);
  sinkRecords(rows, sink);
}

/** How a text input's first record is taken: as a header, or as the first data line. */
interface TextStart {
  readonly parse: RowParser;
  readonly firstIsData: boolean;
}

async function readText(
  chunks: AsyncIterable<Buffer>,
  ctx: ReadContext,
  sink: Sink,
  options: SourceOptions,
): Promise<void> {
  let lineNo = 0;
  let parse: RowParser | null = null;
  let header: string | null = null;
  let headerWidth: number | null = null;
  let delimiter: Delimiter = ',';
  /** Set once the first decimal comma is read as a point (noted once). */
  let decimalCommaSeen = false;
  /** Lines of a record whose quoted field is still open, with the line number of the first. */
  let pending: string[] = [];
  let pendingLine = 0;
  const split = (record: string): string[] => {
    const fields = splitCsvRecord(record, delimiter);
    if (delimiter === ',') return fields;
    const points = withDecimalPoints(fields);
    if (points === null) return fields;
    if (!decimalCommaSeen) {
      decimalCommaSeen = true;
      ctx.note('decimal commas read as decimal points (26,5 as 26.5)');
    }
    return points;
  };
  /**
   * Records held back while the parser looks ahead (see Lookahead), in order, skips among them;
   * null when none is held.
   */
  let held: ({ line: number; fields: string[] } | { line: number; skip: string })[] | null = null;
  const release = (why: 'end of input' | 'too many held' | null): void => {
    const records = held ?? [];
    held = null;
    const p = parse as RowParser;
    if (why !== null) p.lookahead?.settle(why);
    for (const r of records) {
      if ('skip' in r) sink({ skip: r.skip }, r.line);
      else sink(p(r.fields, r.line), r.line);
    }
  };
  const skipRow = (reason: string, line: number): void => {
    if (held === null) sink({ skip: reason }, line);
    else held.push({ line, skip: reason });
  };
  const dataRow = (fields: string[], line: number): void => {
    const p = parse as RowParser;
    const ahead = p.lookahead?.see(fields, line) ?? 'parse';
    if (held === null && ahead === 'parse') {
      sink(p(fields, line), line);
      return;
    }
    (held ??= []).push({ line, fields });
    if (ahead === 'parse') release(null);
    else if (held.length >= MAX_HELD_RECORDS) release('too many held');
  };
  const take = (record: string, line: number): void => {
    if (parse === null) {
      if (record.trim() === '') return;
      delimiter = ctx.options.delimiter ?? detectDelimiter(record);
      if (delimiter !== ',') {
        const how = ctx.options.delimiter === undefined ? 'found in line ' + line : '--delimiter';
        ctx.note(`fields separated by ${delimiterName(delimiter)} (${how})`);
      }
      const start = startText(record, line, ctx, options, delimiter);
      parse = start.parse;
      if (!start.firstIsData) {
        header = record;
        headerWidth = splitCsvRecord(record, delimiter).length;
        return;
      }
    }
    if (record === '') return;
    // Files concatenated by a script repeat their header.
    if (record === header) {
      skipRow('repeated header', line);
      return;
    }
    dataRow(split(record), line);
  };
  const line1 = (line: string, at: number): void => {
    if (line === OVERLONG_LINE) {
      if (parse === null) {
        throw new InputError(
          `first line longer than ${MAX_LINE_CHARS} characters: not a text format`,
          at,
        );
      }
      skipRow('line too long', at);
    } else if (line.includes('"') && hasOpenQuote(line)) {
      pending = [line];
      pendingLine = at;
    } else take(line, at);
  };
  /**
   * A quote that never closes (or closes into a record of the wrong width) is a stray quote, not a
   * field with line breaks: its line is skipped and the lines after it are read on their own.
   */
  const giveUp = (): void => {
    const [first, ...others] = pending;
    const firstLine = pendingLine;
    pending = [];
    if (first !== undefined) skipRow('unbalanced quote', firstLine);
    others.forEach((l, k) => {
      if (hasOpenQuote(l)) skipRow('unbalanced quote', firstLine + 1 + k);
      else if (l === OVERLONG_LINE) skipRow('line too long', firstLine + 1 + k);
      else take(l, firstLine + 1 + k);
    });
  };
  for await (const batch of lineBatches(chunks)) {
    for (const line of batch) {
      lineNo += 1;
      if (pending.length === 0) {
        line1(line, lineNo);
        continue;
      }
      pending.push(line);
      const joined = pending.join('\n');
      if (hasOpenQuote(joined)) {
        if (pending.length >= MAX_RECORD_LINES) giveUp();
        continue;
      }
      if (headerWidth !== null && splitCsvRecord(joined, delimiter).length !== headerWidth) {
        giveUp();
        continue;
      }
      pending = [];
      take(joined, pendingLine);
    }
  }
  if (pending.length > 0) {
    if (parse === null) throw new InputError('unterminated quoted field in header', pendingLine);
    giveUp();
  }
  if (held !== null) release('end of input');
}

function startText(
  record: string,
  line: number,
  ctx: ReadContext,
  options: SourceOptions,
  delimiter: Delimiter,
): TextStart {
  const fields = splitCsvRecord(record, delimiter);
  const header = fields.map((h) => h.trim());
  const forced = options.forced;
  const started = (format: InputFormat, detectedBy: string, start: () => TextStart): TextStart => {
    let result: TextStart;
    try {
      result = start();
    } catch (err) {
      // A registry stays one (inside an archive it is then not flight data, not damage).
      if (err instanceof RegistryAsInput) throw new RegistryAsInput(err.message, err.kind, line);
      throw new InputError((err as Error).message, line);
    }
    options.onFormat?.(format, detectedBy);
    return result;
  };
  if (forced !== undefined) {
    if (forced.kind === 'csv') {
      return started(forced, FORCED, () => ({
        parse: forced.rowParser(header, ctx),
        firstIsData: false,
      }));
    }
    if (forced.kind === 'lines') {
      return started(forced, FORCED, () => ({ parse: forced.lineParser(ctx), firstIsData: true }));
    }
    throw new InputError(`is text, not ${forced.name}`, line);
  }
  const found = detectText(fields, ctx.options);
  if (found !== null) {
    const { format } = found;
    return started(format, found.detectedBy, () =>
      format.kind === 'csv'
        ? { parse: format.rowParser(header, ctx), firstIsData: false }
        : { parse: format.lineParser(ctx), firstIsData: true },
    );
  }
  throw new UnknownFormat(unknownCsvMessage(header, ctx.options), line);
}
