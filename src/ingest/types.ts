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
  /** Mode A code as four octal digits, when the row carries one. */
  readonly squawk?: string;
  /** The source marks this fix as the start of a new leg (readsb trace flag &2). */
  readonly newLeg?: boolean;
}

/** A row that did not become a position, and why. Reasons are short stable phrases (they are JSON keys). */
export interface Skip {
  readonly skip: string;
}

/**
 * A row whose content was used without being a position itself: an SBS ident or velocity message
 * carried onto the aircraft's later positions, an FR24 bulk flight record. `carried` says what it gave.
 */
export interface Carried {
  readonly carried: string;
}

/** A single sighting of an aircraft (plane-alert log): it identifies and dates, never builds a track. */
export interface Sighting {
  readonly sighting: Position;
}

export type RowResult = Position | Skip | Carried | Sighting;

export function isSkip(result: RowResult): result is Skip {
  return 'skip' in result;
}

export function isCarried(result: RowResult): result is Carried {
  return 'carried' in result;
}

export function isSighting(result: RowResult): result is Sighting {
  return 'sighting' in result;
}

export const skip = (reason: string): Skip => ({ skip: reason });

/** How many line numbers the accounting keeps for each reason rows were skipped. */
export const FIRST_LINES_KEPT = 5;

/**
 * A stand-in position for asking a keep rule about an aircraft by what its rows carry (type,
 * registration, flags) when no actual row is at hand: an archive member's header, an hour the
 * database counted.
 */
export function evidencePosition(
  hex: string,
  evidence: Pick<Position, 'typeCode' | 'registration' | 'dbFlags'>,
): Position {
  return {
    hex,
    callsign: null,
    timeMs: 0,
    lat: 0,
    lon: 0,
    altitudeFt: null,
    onGround: false,
    groundSpeedKt: null,
    trackDeg: null,
    typeCode: evidence.typeCode,
    registration: evidence.registration,
    dbFlags: evidence.dbFlags,
    source: { fileIndex: 0, line: 0 },
  };
}
export const carried = (what: string): Carried => ({ carried: what });
