import type { Position } from './types.js';

/** Readers check their own fields; these bounds hold for every format, so they are checked once. */
export const EARLIEST_MS = Date.UTC(1990, 0, 1);
export const LATEST_MS = Date.UTC(2100, 0, 1);
/** Below the Dead Sea shore and above the U-2's ceiling with a wide margin: anything else is a broken value or a wrong unit. */
export const LOWEST_FT = -2_000;
export const HIGHEST_FT = 150_000;

/**
 * Why a parsed position cannot be a real fix (times in milliseconds where seconds were meant, 1970,
 * the far future, altitudes in the wrong unit), or null when it can.
 */
export function implausibility(p: Position): string | null {
  return implausibleFix(p.timeMs, p.altitudeFt);
}

/** `implausibility` of a position's time and altitude (for rows read without building one). */
export function implausibleFix(timeMs: number, altitudeFt: number | null): string | null {
  if (!Number.isFinite(timeMs) || timeMs < EARLIEST_MS || timeMs >= LATEST_MS) {
    return 'bad time';
  }
  if (altitudeFt !== null && !(altitudeFt >= LOWEST_FT && altitudeFt <= HIGHEST_FT)) {
    return 'bad altitude';
  }
  return null;
}

/** Makes text from an input safe to print on one line: control characters become `?`, long text is cut. */
export function printable(text: string, maxChars = 300): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return clean.length > maxChars ? `${clean.slice(0, maxChars)}…` : clean;
}
