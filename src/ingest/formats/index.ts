import type { CsvFormat, InputFormat, JsonFormat } from './format.js';
import { fr24Flight } from './fr24-flight.js';
import { openskyStates } from './opensky.js';
import { readsbTrace } from './readsb-trace.js';

/** Every input format, in detection priority order. */
export const FORMATS: readonly InputFormat[] = [openskyStates, fr24Flight, readsbTrace];

export const CSV_FORMATS: readonly CsvFormat[] = FORMATS.filter(
  (f): f is CsvFormat => f.kind === 'csv',
);
export const JSON_FORMATS: readonly JsonFormat[] = FORMATS.filter(
  (f): f is JsonFormat => f.kind === 'json',
);

export function formatByName(name: string): InputFormat | undefined {
  return FORMATS.find((f) => f.name === name);
}
