import type { Delimiter } from './delimiter.js';
import { papaparse } from './papa.js';

/** Splits one CSV record into fields; papaparse handles the quoted ones (RFC 4180). */
export function splitCsvRecord(record: string, delimiter: Delimiter = ','): string[] {
  if (!record.includes('"')) return record.split(delimiter);
  const parsed = papaparse().parse<string[]>(record, {
    delimiter,
    newline: '\n',
    header: false,
  });
  return parsed.data[0] ?? [];
}

/** True when the text has an unclosed quoted field, i.e. the record continues on the next line. */
export function hasOpenQuote(text: string): boolean {
  let count = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) count += 1;
  return count % 2 === 1;
}
