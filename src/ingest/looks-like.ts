import { splitCsvRecord } from './csv-fields.js';
import { BINARY_DETECTION, detectText } from './formats/index.js';
import { detectDelimiter } from './delimiter.js';
import type { ReaderOptions } from './formats/format.js';

/**
 * What detection would have read an input as, from its first bytes (decompressed, as UTF-8): for
 * the error when a format forced by --input-format reads nothing from it. Null when nothing fits.
 */
export function looksLike(head: Buffer, options: ReaderOptions): string | null {
  for (const format of BINARY_DETECTION) {
    const detectedBy = format.identifyBytes(head);
    if (detectedBy !== null) return `${format.name} (${detectedBy})`;
  }
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const first = text.trimStart().charAt(0);
  if (first === '{' || first === '[') return 'JSON';
  const line = text.split(/\r\n|\n|\r/).find((l) => l.trim() !== '');
  if (line === undefined) return null;
  const fields = splitCsvRecord(line, options.delimiter ?? detectDelimiter(line));
  const found = detectText(fields, options);
  return found === null ? null : `${found.format.name} (${found.detectedBy})`;
}
