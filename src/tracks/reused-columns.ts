/**
 * Typed arrays reused from one aircraft to the next while its sorties are built: each asked for
 * is a view of the first `length` elements of an array that only grows. Arrays made afresh for
 * every aircraft cost more than the work done on them: memory the system hands out anew takes a
 * page fault at the first touch of every 4 KiB (7-11 µs each on the virtual machines measured),
 * and an aircraft's year of a million fixes filled some 40 MB of columns, then let them go.
 * A view holds until its slot is asked for again: nothing kept past an aircraft may be one.
 */
type Column = Float64Array | Int32Array | Uint32Array;

export class ReusedColumns {
  private readonly arrays = new Map<string, Column>();

  /** `length` doubles for `slot`, to be filled before they are read. */
  float64(slot: string, length: number): Float64Array {
    return this.view(`f64 ${slot}`, length, (n) => new Float64Array(n)) as Float64Array;
  }

  /** `length` 32-bit integers for `slot`, to be filled before they are read. */
  int32(slot: string, length: number): Int32Array {
    return this.view(`i32 ${slot}`, length, (n) => new Int32Array(n)) as Int32Array;
  }

  /** `length` unsigned 32-bit integers for `slot`, to be filled before they are read. */
  uint32(slot: string, length: number): Uint32Array {
    return this.view(`u32 ${slot}`, length, (n) => new Uint32Array(n)) as Uint32Array;
  }

  private view(key: string, length: number, make: (n: number) => Column): Column {
    let array = this.arrays.get(key);
    if (array === undefined || array.length < length) {
      // Grown by half again at least: an aircraft a little bigger than the last makes no new one.
      array = make(Math.max(length, Math.ceil((array?.length ?? 0) * 1.5)));
      this.arrays.set(key, array);
    }
    return array.subarray(0, length);
  }
}
