/**
 * When a position was measured. Live trackers keep an aircraft's last state and write it out again
 * with every report, whether or not a new position came in: OpenSky for up to 300 s after the
 * aircraft left coverage, readsb's aircraft.json for as long as the aircraft is listed. Formats
 * that say how old the position is (OpenSky's `lastposupdate`, aircraft.json's `seen_pos`) date it
 * by that, so a position written again later is still the fix it was, at the time it was measured:
 * dated by the report instead, it would sit behind the aircraft (a kilometre or two at patrol
 * speed), as if the aircraft had been there at two times.
 */

/**
 * The time a position was measured: the report's time less the position's age then (`ageS`,
 * seconds; none, negative or not a number counts as 0, a position being no younger than its
 * report), to the millisecond. The fast path (kernel/opensky.wat) computes the same expression.
 */
export function positionTimeMs(reportMs: number, ageS: number | null): number {
  const age = ageS !== null && ageS > 0 ? ageS : 0;
  return Math.round(reportMs - age * 1000);
}

/** Why a row that repeats the last position of its aircraft is not read as another fix. */
export const REPEATED_POSITION = 'repeated position (frozen state)';

/**
 * Per aircraft, the measurement time of the last position read: a row whose position was measured
 * at that same millisecond writes the same fix again (a frozen state), and is one fix, not two.
 * Only rows dated by a position age are asked (a row dated by its report carries no such proof).
 */
export interface PositionMemory {
  /** True when `hex`'s last position was measured at `timeMs`; otherwise remembers `timeMs`. */
  repeats(hex: string, timeMs: number): boolean;
}

/** A PositionMemory for one input read on one thread. */
export function positionMemory(): PositionMemory {
  const last = new Map<string, number>();
  return {
    repeats(hex, timeMs) {
      if (last.get(hex) === timeMs) return true;
      last.set(hex, timeMs);
      return false;
    },
  };
}

/**
 * The positions dated by a position age that each aircraft had in one byte range of a file, for
 * joining the ranges: the first may repeat the last of the ranges before (read apart, no range
 * knows), and is then skipped when they are joined, as reading the whole file would have.
 */
export interface DatedEnds {
  readonly addresses: Uint32Array;
  readonly firstMs: Float64Array;
  /** Line of the first, counted from the range's start. */
  readonly firstLines: Int32Array;
  /** 1 when the first became a position handed on (built), 0 when it was only counted. */
  readonly firstBuilt: Uint8Array;
  readonly lastMs: Float64Array;
}
