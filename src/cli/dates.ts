import { InvalidArgumentError } from 'commander';
import { DateTime } from 'luxon';
import { UsageError, parseOption } from './io.js';

/**
 * A date `YYYY-MM-DD` (midnight in `tz`) or an ISO instant with a time (an offset or Z, else `tz`).
 */
export function parseInstant(text: string, tz: string): number {
  const t = text.trim();
  const dt = /^\d{4}-\d{2}-\d{2}$/.test(t)
    ? DateTime.fromISO(t, { zone: tz })
    : DateTime.fromISO(t, { zone: tz, setZone: false });
  if (!dt.isValid) {
    throw new InvalidArgumentError(`"${text}" is not a date (YYYY-MM-DD) or ISO-8601 instant`);
  }
  return dt.toMillis();
}

/** `FROM/TO` (dates or instants; TO exclusive). */
export function parseInterval(text: string, tz: string): { fromMs: number; toMs: number } {
  const parts = text.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new InvalidArgumentError(
      `"${text}" is not an interval FROM/TO (e.g. 2024-01-01/2025-01-20)`,
    );
  }
  const fromMs = parseInstant(parts[0], tz);
  const toMs = parseInstant(parts[1], tz);
  if (toMs <= fromMs) throw new InvalidArgumentError(`interval "${text}" ends before it starts`);
  return { fromMs, toMs };
}

/**
 * --from and --to as a time window (open where not given), in `tz` for plain dates. A window that
 * ends before it starts is a usage error, found before any input is read.
 */
export function windowOption(opts: {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly tz: string;
}): { fromMs: number; toMs: number } {
  const { from, to, tz } = opts;
  const fromMs =
    from === undefined ? -Infinity : parseOption('--from', () => parseInstant(from, tz));
  const toMs = to === undefined ? Infinity : parseOption('--to', () => parseInstant(to, tz));
  if (toMs <= fromMs) {
    throw new UsageError(`the window is empty: --from ${from} is not before --to ${to}`);
  }
  return { fromMs, toMs };
}
