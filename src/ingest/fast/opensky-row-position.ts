/**
 * The Position the general OpenSky reader (formats/opensky.ts) builds for a row, made from the
 * values OpenSkyByteReader read from the row's bytes: for the rows the kernel hands back to
 * JavaScript (those of watched aircraft, kept as fixes), which before were decoded, split and
 * parsed again as text, some 20 µs a row. Only rows the byte reader takes come here; it leaves
 * every other one (spaces, quotes, bytes beyond printable ASCII, a skipped row) to the general
 * reader.
 */
import type { FixAircraft, FixRows } from '../fix-rows.js';
import type { Position } from '../types.js';
import { addressHex } from './hex-bitmap.js';
import type { ByteRow } from './opensky-row-bytes.js';

/**
 * What an aircraft's rows repeat: its address as text, its last callsign (asked again each row),
 * and its part in the input's fix rows once one is taken there.
 */
interface AircraftStrings {
  readonly hex: string;
  callsign: string | null;
  fix: FixAircraft | null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const LOWER_A = 0x61;
const LOWER_Z = 0x7a;
const TO_UPPER = 0x20;

/**
 * Makes positions from byte rows of one input. An aircraft's address and callsign strings are
 * made once and reused while its rows carry the same callsign (rows of the same aircraft come
 * interleaved with the others', so "the last row's" would rarely do).
 */
export class OpenSkyRowPositions {
  private readonly fileIndex: number;
  private readonly hasCallsign: boolean;
  private readonly hasSquawk: boolean;
  private readonly aircraft = new Map<number, AircraftStrings>();
  /** Squawk strings by their octal value (4,096 at most). */
  private readonly squawks = new Map<number, string>();

  /** `header` as the general reader has it: which optional columns it holds decides the keys. */
  constructor(header: readonly string[], fileIndex: number) {
    const lower = header.map((h) => h.trim().toLowerCase());
    this.fileIndex = fileIndex;
    this.hasCallsign = lower.includes('callsign');
    this.hasSquawk = lower.includes('squawk');
  }

  /** The position of `row`, read from `bytes` (its callsign's bytes are there), at `line`. */
  of(row: ByteRow, bytes: Uint8Array, line: number): Position {
    const a = this.strings(row.addr);
    const position: Mutable<Position> = {
      hex: a.hex,
      callsign: this.callsign(a, row, bytes),
      timeMs: row.timeMs,
      lat: row.lat,
      lon: row.lon,
      altitudeFt: orNull(row.altitudeFt),
      onGround: row.onGround,
      groundSpeedKt: orNull(row.groundSpeedKt),
      trackDeg: orNull(row.trackDeg),
      typeCode: null,
      registration: null,
      dbFlags: null,
      source: { fileIndex: this.fileIndex, line },
    };
    // Added last, as the general reader adds it to the position it built: the keys keep its order.
    const squawk = this.squawk(row);
    if (squawk !== undefined) position.squawk = squawk;
    return position;
  }

  /**
   * Hands `row` at `line` to `fixes` with no position made (see FixRows.take); false when its
   * position must be made and go to the sink instead.
   */
  give(row: ByteRow, bytes: Uint8Array, line: number, fixes: FixRows): boolean {
    const a = this.strings(row.addr);
    const aircraft = (a.fix ??= fixes.aircraft(a.hex));
    return fixes.take(
      aircraft,
      row.timeMs,
      row.lat,
      row.lon,
      orNull(row.altitudeFt),
      orNull(row.groundSpeedKt),
      orNull(row.trackDeg),
      row.onGround,
      this.callsign(a, row, bytes),
      this.squawk(row),
      line,
    );
  }

  /**
   * The fix rows' part of the aircraft of `addr`, which `give` has taken a row of (the kernel
   * takes an aircraft's fixes itself only after such a row).
   */
  fixAircraft(addr: number): FixAircraft {
    const fix = this.aircraft.get(addr)?.fix;
    if (fix === undefined || fix === null) {
      throw new Error(`a fix taken by the kernel before any row of ${addressHex(addr)}`);
    }
    return fix;
  }

  private strings(addr: number): AircraftStrings {
    let a = this.aircraft.get(addr);
    if (a === undefined) {
      a = { hex: addressHex(addr), callsign: null, fix: null };
      this.aircraft.set(addr, a);
    }
    return a;
  }

  /**
   * cleanCallsign of the field: the byte reader has trimmed it and refused control characters
   * and bytes beyond ASCII, so what is left is upper-cased; the aircraft's last callsign when the
   * bytes spell it.
   */
  private callsign(a: AircraftStrings, row: ByteRow, bytes: Uint8Array): string | null {
    if (!this.hasCallsign) return null;
    const s = row.callsignStart;
    const n = row.callsignEnd - s;
    if (n <= 0) return null;
    const last = a.callsign;
    if (last !== null && last.length === n) {
      let same = true;
      for (let i = 0; i < n; i += 1) {
        if (last.charCodeAt(i) !== upper(bytes[s + i] as number)) {
          same = false;
          break;
        }
      }
      if (same) return last;
    }
    let text = '';
    for (let i = 0; i < n; i += 1) text += String.fromCharCode(upper(bytes[s + i] as number));
    a.callsign = text;
    return text;
  }

  /**
   * parseSquawk's four octal digits, from their value; undefined where the position has no such
   * key (no squawk column, or none in the row).
   */
  private squawk(row: ByteRow): string | undefined {
    if (!this.hasSquawk || row.squawk < 0) return undefined;
    const value = row.squawk;
    let text = this.squawks.get(value);
    if (text === undefined) {
      text = value.toString(8).padStart(4, '0');
      this.squawks.set(value, text);
    }
    return text;
  }
}

/** A byte row's number as its position holds it: NaN is a null. */
function orNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/** An ASCII byte upper-cased (any byte not a lowercase letter as it is). */
function upper(c: number): number {
  return c >= LOWER_A && c <= LOWER_Z ? c - TO_UPPER : c;
}
