/**
 * What a Trino coordinator's answers mean (its client protocol: POST /v1/statement, then GET each
 * `nextUri` until there is none), and how their rows become the CSV that sortie's OpenSky reader
 * reads. No I/O here: the requests are made in src/cli/trino-client.ts.
 */
import type { OpenSkyQuery, OpenSkyRequest } from './opensky-query.js';

/** An answer that is not a QueryResults document: the server, or whatever is in front of it. */
export class TrinoProtocolError extends Error {}

export interface TrinoColumn {
  readonly name: string;
  readonly type: string;
}

/** The error a failed query ends with. */
export interface TrinoQueryError {
  readonly message: string;
  readonly errorName: string | null;
  readonly errorType: string | null;
}

/** One QueryResults document: the same shape answers the POST and every `nextUri`. */
export interface TrinoPage {
  readonly id: string | null;
  /** Absent when the query has ended, well or not (then `error` tells which). */
  readonly nextUri: string | null;
  readonly columns: readonly TrinoColumn[] | null;
  readonly data: readonly (readonly unknown[])[];
  /** The coordinator's state, for people only (QUEUED, RUNNING, FINISHED, FAILED). */
  readonly state: string | null;
  readonly error: TrinoQueryError | null;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const textOr = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Reads one answer's body; anything else than a QueryResults document is a protocol error. */
export function trinoPageOf(body: string): TrinoPage {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new TrinoProtocolError(`not a Trino answer (not JSON): ${preview(body)}`);
  }
  if (!isObject(doc)) throw new TrinoProtocolError(`not a Trino answer: ${preview(body)}`);
  const columns = doc.columns;
  if (
    columns !== undefined &&
    !(Array.isArray(columns) && columns.every((c) => isObject(c) && typeof c.name === 'string'))
  ) {
    throw new TrinoProtocolError('a Trino answer whose columns have no names');
  }
  const data = doc.data ?? [];
  if (!Array.isArray(data) || !data.every((row) => Array.isArray(row))) {
    throw new TrinoProtocolError('a Trino answer whose data is not a list of rows');
  }
  const nextUri = textOr(doc.nextUri);
  if (doc.nextUri !== undefined && doc.nextUri !== null && nextUri === null) {
    throw new TrinoProtocolError('a Trino answer whose nextUri is not text');
  }
  const error = isObject(doc.error)
    ? {
        message: textOr(doc.error.message) ?? 'the query failed without a message',
        errorName: textOr(doc.error.errorName),
        errorType: textOr(doc.error.errorType),
      }
    : null;
  return {
    id: textOr(doc.id),
    nextUri,
    columns:
      columns === undefined
        ? null
        : (columns as Record<string, unknown>[]).map((c) => ({
            name: c.name as string,
            type: textOr(c.type) ?? '',
          })),
    data: data as unknown[][],
    state: isObject(doc.stats) ? textOr(doc.stats.state) : null,
    error,
  };
}

function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line === '' ? '(an empty body)' : line.length > 80 ? `${line.slice(0, 80)}…` : line;
}

/** A failed query in words: OpenSky's queue limit gets its meaning spelled out. */
export function describeQueryError(error: TrinoQueryError): string {
  const name = error.errorName === null ? '' : ` (${error.errorName})`;
  if (error.errorName === 'QUERY_QUEUE_FULL') {
    return `the server's queue is full${name}: OpenSky runs 2 queries per user and queues 2 more; wait for your other queries or use --parallel 1`;
  }
  return `${error.message}${name}`;
}

/** A cell as CSV text: null empty, text quoted when it must be, anything nested as JSON. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A row as one CSV line, newline included. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\n`;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const hour = (ms: number): string => new Date(ms).toISOString().slice(11, 13);

/**
 * The file a query's rows go to: the day (and hours when a query covers part of one), the address
 * chunk when a day needs several, and a digest of the statement, so that a file kept from an
 * earlier run is taken again only for the very same query.
 */
export function queryFileName(
  query: OpenSkyQuery,
  request: OpenSkyRequest,
  digestHex: string,
): string {
  const dayStartMs = query.fromMs - (query.fromMs % 86_400_000);
  const wholeDay = query.fromMs === dayStartMs && query.toMs - query.fromMs === 86_400_000;
  const endHour = query.toMs === dayStartMs + 86_400_000 ? '24' : hour(query.toMs);
  const hours = wholeDay ? '' : `_${hour(query.fromMs)}-${endHour}h`;
  const chunks = Math.ceil(request.addresses.length / request.maxAddresses);
  const chunk =
    chunks > 1 && query.addressTo > query.addressFrom
      ? `_part${Math.floor(query.addressFrom / request.maxAddresses) + 1}of${chunks}`
      : '';
  return `opensky_${day(query.fromMs)}${hours}${chunk}_${digestHex.slice(0, 8)}.csv`;
}
