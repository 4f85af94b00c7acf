import { typeTally } from '../../aircraft/plain-names.js';
import { thousands } from '../../thousands.js';

export { thousands };

/**
 * The smallest p-value printed as a number. Far below it a tail underflows (to 0, or to a
 * subnormal with few digits left): such a value is a bound, "< 1e-300", never "p = 0".
 */
export const P_FLOOR = 1e-300;

/** True when a p-value is too small to print as a number (see P_FLOOR). */
export const belowPFloor = (p: number | null): boolean => p !== null && p < P_FLOOR;

/** A p-value as people read it: 0.034, 0.0012, 1.1e-22, < 1e-300. */
export function formatP(p: number | null): string {
  if (p === null) return '-';
  if (belowPFloor(p)) return `< ${P_FLOOR.toExponential(0)}`;
  if (p >= 0.001) return p >= 0.1 ? p.toFixed(2) : p.toPrecision(2);
  return p.toExponential(1);
}

/** A p-value in a sentence: "p = 0.034", "p < 1e-300". */
export function pEquals(p: number | null): string {
  return belowPFloor(p) ? `p ${formatP(p)}` : `p = ${formatP(p)}`;
}

export function formatNumber(x: number | null, digits: number): string {
  if (x === null) return '-';
  // From 1e21 on toFixed writes all 16 digits in exponent form (a ratio against a tiny stated
  // rate); large values get 2 significant digits instead.
  return Math.abs(x) >= 1e6 ? x.toExponential(1) : x.toFixed(digits);
}

/**
 * An interval as "lo–hi", or "≥ lo" when it is open above (a rate ratio against a baseline with
 * no events): an infinite bound is not a number to print.
 */
export function formatCi(ci: readonly [number, number]): string {
  if (!Number.isFinite(ci[1])) return `≥ ${ci[0].toFixed(2)}`;
  return `${ci[0].toFixed(2)}–${ci[1].toFixed(2)}`;
}

/** `MQ-9 1, P-8 11, RC-135 4`: counts per ICAO designator under their plain family names. */
export function formatByType(byType: Readonly<Record<string, number>>): string {
  return Object.entries(typeTally(byType))
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
}

/** 1 → "1 mission", 1234 → "1,234 missions" (`many` for irregular plurals: "fixes"). */
export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${thousands(n)} ${n === 1 ? one : many}`;

/** A fixed-width bar for small counts, scaled so the largest value fills `width`. */
export function bar(value: number, max: number, width = 20): string {
  if (max <= 0 || value <= 0) return '';
  return '█'.repeat(Math.max(1, Math.round((value / max) * width)));
}

/** A duration as the options write it: 7,200,000 ms → "2h", 600,000 → "10m", 90,000 → "90s". */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}

/** A period's days less outages: "7.0", "4.5", "none" (the whole period in outages). */
export function formatObservedDays(c: { observedDays: number }): string {
  return c.observedDays <= 0 ? 'none' : c.observedDays.toFixed(1);
}
