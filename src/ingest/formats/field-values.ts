import { parseHex } from '../parse-values.js';
import type { Skip } from '../types.js';

/**
 * An ICAO address cell: the lowercase hex, or why the row cannot be tied to an airframe. A `~`
 * prefix (readsb, tar1090) marks a non-ICAO address (TIS-B, anonymous), which names no airframe.
 */
export function parseAddress(text: string | undefined | null): string | Skip {
  const t = text?.trim() ?? '';
  if (t === '') return { skip: 'no address' };
  if (t.startsWith('~')) return { skip: 'non-ICAO address (~)' };
  return parseHex(t) ?? { skip: 'bad address' };
}

const OCTAL_RE = /^[0-7]{1,4}$/;

/** A Mode A code as four octal digits; leading zeros lost by number-typed exports are restored. */
export function parseSquawk(text: string | undefined | null): string | null {
  const t = text?.trim() ?? '';
  return OCTAL_RE.test(t) ? t.padStart(4, '0') : null;
}

const TYPE_CODE_RE = /^[A-Z][A-Z0-9]{1,3}$/;

/** An ICAO type designator (`R135`, `P8`), or null for anything else (e.g. readsb's message `type`). */
export function parseTypeCode(text: string | undefined | null): string | null {
  const t = text?.trim().toUpperCase() ?? '';
  return TYPE_CODE_RE.test(t) ? t : null;
}
