/** Where a position came from: the input file (index into the run's input list) and its line or record number. */
export interface SourceRef {
  readonly fileIndex: number;
  readonly line: number;
}

/**
 * One normalised position report. Times are UTC epoch milliseconds; units are in the names.
 * `hex` is the lowercase 24-bit ICAO address, or null when the format carries none (FR24 per-flight CSV).
 */
export interface Position {
  readonly hex: string | null;
  readonly callsign: string | null;
  readonly timeMs: number;
  readonly lat: number;
  readonly lon: number;
  readonly altitudeFt: number | null;
  readonly onGround: boolean;
  readonly groundSpeedKt: number | null;
  readonly trackDeg: number | null;
  /** ICAO type designator carried by the row itself (readsb `t`), not looked up. */
  readonly typeCode: string | null;
  readonly registration: string | null;
  /** readsb/tar1090 database flags carried by the row: &1 military, &2 interesting, &4 PIA, &8 LADD. */
  readonly dbFlags: number | null;
  readonly source: SourceRef;
}

/** A row that did not become a position, and why. Reasons are short stable phrases (they are JSON keys). */
export interface Skip {
  readonly skip: string;
}

export type RowResult = Position | Skip;

export function isSkip(result: RowResult): result is Skip {
  return 'skip' in result;
}

export const skip = (reason: string): Skip => ({ skip: reason });
