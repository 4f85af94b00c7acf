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
 * knows), and is then skipped when they are joined, as reading the whole file would have. Four
 * numbers per aircraft, packed (a range holds some 17,000 aircraft: one array, copied in one go):
 * its address, the first's time (ms), the first's line (from the range's start) × 2 + 1 when it
 * became a position handed on (built) rather than only counted, and the last's time.
 */
export interface DatedEnds {
  readonly packed: Float64Array;
}

/** An aircraft's first and last dated positions in a byte range (the fields of DatedEnds). */
export interface Dated {
  firstMs: number;
  firstLine: number;
  firstBuilt: boolean;
  lastMs: number;
}

/** The aircraft of DatedEnds, by address (for the rare ranges whose ends come from two places). */
export function unpackDated(ends: DatedEnds): Map<number, Dated> {
  const out = new Map<number, Dated>();
  const p = ends.packed;
  for (let i = 0; i < p.length; i += 4) {
    const line = p[i + 2] as number;
    out.set(p[i] as number, {
      firstMs: p[i + 1] as number,
      firstLine: Math.floor(line / 2),
      firstBuilt: line % 2 === 1,
      lastMs: p[i + 3] as number,
    });
  }
  return out;
}

export function packDated(aircraft: ReadonlyMap<number, Dated>): DatedEnds {
  const packed = new Float64Array(4 * aircraft.size);
  let i = 0;
  for (const [addr, d] of aircraft) {
    packed[i] = addr;
    packed[i + 1] = d.firstMs;
    packed[i + 2] = d.firstLine * 2 + (d.firstBuilt ? 1 : 0);
    packed[i + 3] = d.lastMs;
    i += 4;
  }
  return { packed };
}
