import { delimiterName, detectDelimiter } from '../delimiter.js';
import { adsbxTraceCsv } from './adsbx-trace-csv.js';
import { aircraftJson } from './aircraft-json.js';
import { dbfTable } from './dbf.js';
import type {
  BinaryFormat,
  CsvFormat,
  InputFormat,
  JsonFormat,
  LineFormat,
  ReaderOptions,
} from './format.js';
import { fr24BulkFlights, fr24BulkPositions } from './fr24-bulk.js';
import { fr24Flight } from './fr24-flight.js';
import { genericCsv, unmappedProblem } from './generic-csv.js';
import {
  openskyAircraftDb,
  planeAlertDbRegistry,
  shapefileGeometry,
  tar1090Db,
} from './not-flight-data.js';
import { openskyStates } from './opensky.js';
import { planeAlertLog } from './plane-alert-log.js';
import { readsbTrace } from './readsb-trace.js';
import { sbs } from './sbs.js';

/** Every flight-data format, as `--input-format` offers them. */
export const FORMATS: readonly InputFormat[] = [
  openskyStates,
  fr24Flight,
  fr24BulkFlights,
  fr24BulkPositions,
  adsbxTraceCsv,
  sbs,
  planeAlertLog,
  readsbTrace,
  aircraftJson,
  dbfTable,
  genericCsv,
];

/** CSV headers tried first, in order: the named formats, then the registries people mistake for data. */
export const HEADER_DETECTION: readonly CsvFormat[] = [
  openskyStates,
  fr24Flight,
  fr24BulkFlights,
  fr24BulkPositions,
  adsbxTraceCsv,
  planeAlertDbRegistry,
  openskyAircraftDb,
];

/** Headerless line formats, tried on the first line when no header is recognised. */
export const LINE_DETECTION: readonly LineFormat[] = [sbs, planeAlertLog];

/** Last resort for text: column names by synonym. */
export const FALLBACK_HEADER_DETECTION: readonly CsvFormat[] = [genericCsv];

export const JSON_DETECTION: readonly JsonFormat[] = [readsbTrace, aircraftJson, tar1090Db];

export const BINARY_DETECTION: readonly BinaryFormat[] = [dbfTable, shapefileGeometry];

/**
 * The format a text input's first record shows (its fields as split), in detection order: named
 * headers, headerless line formats, then column synonyms; null when none matches.
 */
export function detectText(
  fields: readonly string[],
  options: ReaderOptions,
): { format: CsvFormat | LineFormat; detectedBy: string } | null {
  const header = fields.map((h) => h.trim());
  for (const format of HEADER_DETECTION) {
    const detectedBy = format.identifyHeader(header, options);
    if (detectedBy !== null) return { format, detectedBy };
  }
  for (const format of LINE_DETECTION) {
    const detectedBy = format.identifyLine(fields);
    if (detectedBy !== null) return { format, detectedBy };
  }
  // Column synonyms come last: a named format or a headerless log is always the better reading.
  for (const format of FALLBACK_HEADER_DETECTION) {
    const detectedBy = format.identifyHeader(header, options);
    if (detectedBy !== null) return { format, detectedBy };
  }
  return null;
}

export function formatByName(name: string): InputFormat | undefined {
  return FORMATS.find((f) => f.name === name);
}

/** The one-line error for text no format recognised: what was found and what is missing. */
export function unknownCsvMessage(header: readonly string[], options: ReaderOptions): string {
  const found = header.slice(0, 20).join(', ') + (header.length > 20 ? ', ...' : '');
  // One column: naming columns with --map cannot help, the separator is the problem.
  if (header.length < 2) {
    const line = (header[0] ?? '').slice(0, 80);
    const given = options.delimiter;
    const seen = detectDelimiter(line);
    if (given === undefined || seen === given) {
      return `not a known format: the first line has no comma, semicolon, tab or pipe between fields (it reads: ${line})`;
    }
    return `not a known format: one column when split at ${delimiterName(given)} (--delimiter), but the first line has ${delimiterName(seen)}: leave --delimiter out or change it (it reads: ${line})`;
  }
  const problem = unmappedProblem(header, options) ?? 'no position columns';
  return `not a known format; columns found: ${found}; ${problem} (name them with --map FIELD=COLUMN)`;
}
