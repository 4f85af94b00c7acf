/**
 * An OpenSky state-vector row read from its bytes, without a string or a Position object: for
 * `sortie db load`, which keeps every row and spent most of its time building positions that were
 * only written out again. The row's fields land in one reused `ByteRow`; the callsign stays where
 * it is in the bytes. Only rows in the plain form OpenSky writes are read here, and only those the
 * general reader (formats/opensky.ts) would use, giving the very numbers it gives (a decimal of at
 * digits under 2^53 is an integer over a power of ten, one correctly rounded division,
 * which is what Number() gives; anything longer is read by Number() itself). Every other row (a
 * skipped one, spaces in a field, bytes outside printable ASCII, a repeated header) is left to
 * the general reader, so the accounting stays the general reader's by construction.
 */
import {
  FIRST_EPOCH_S,
  FT_PER_M,
  isFixLatLon,
  KT_PER_MPS,
  LAST_EPOCH_S,
  parseNumber,
} from '../parse-values.js';
import { implausibleFix } from '../plausible.js';
import { positionTimeMs } from '../position-time.js';
import { OPENSKY_REQUIRED, OPENSKY_STALE_AFTER_S } from '../formats/opensky.js';
import { DATA, RECORD_BYTES, type RecordViews } from './opensky-kernel.js';

/** A row read from bytes: the values of the Position the general reader would build. */
export interface ByteRow {
  /** The 24-bit address (`hex` is its six lowercase digits). */
  addr: number;
  timeMs: number;
  lat: number;
  lon: number;
  /** NaN where the position's field is null. */
  altitudeFt: number;
  onGround: boolean;
  groundSpeedKt: number;
  trackDeg: number;
  /** The callsign's bytes [callsignStart, callsignEnd) in the row's buffer, to be upper-cased; empty: null. */
  callsignStart: number;
  callsignEnd: number;
  /** The squawk's octal digits as a number, -1 for none (written as four digits). */
  squawk: number;
  /** Whether the position is dated by lastposupdate (only such rows are asked whether they repeat). */
  dated: boolean;
}

const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
/** Printable ASCII (no space): a field of only these reads the same trimmed or not, as bytes or text. */
const FIRST_PRINTABLE = 0x21;
const LAST_PRINTABLE = 0x7e;

/** The typed array's own indexOf (Buffer's goes through a binding, at a cost per call). */
const indexOf = Uint8Array.prototype.indexOf;

/** 10^0 to 10^22, each exact as a double. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** Digits read into an integer are exact below this. */
const EXACT_BELOW = 2 ** 53;

/** Bytes as a one-byte string: Buffer's own latin1Slice (toString dispatches to it, at a cost). */
const latin1 = (b: Buffer, s: number, e: number): string =>
  (b as unknown as { latin1Slice(start: number, end: number): string }).latin1Slice(s, e);

/** A field's outcome besides a number: null (empty, `NaN`, ...), or a form left to the general reader. */
const IRREGULAR = Symbol('irregular');

/** Flags of a kernel record (opensky.wat's $record). */
const ON_GROUND = 1 << 10;
const DATED = 1 << 11;
const WHOLE = 1 << 12;
/** A record's number classes: none, a double, (another form: never in a whole record), Number()'s. */
const NUMBER = 1;
const FOR_NUMBER = 3;

/**
 * A number of a kernel record: the double at `values[at]`, or null, or the field's text (its start
 * and end written in the double's place) read by Number() as `number` reads it.
 */
function recordNumber(
  { values, ints }: RecordViews,
  at: number,
  cls: number,
  bytes: Buffer,
): number | null {
  if (cls === NUMBER) return values[at] as number;
  if (cls !== FOR_NUMBER) return null;
  const start = (ints[2 * at] as number) - DATA;
  const end = (ints[2 * at + 1] as number) - DATA;
  const v = Number(latin1(bytes, start, end));
  return Number.isFinite(v) ? v : null;
}

/**
 * Reads OpenSky rows of one header from bytes. `read` returns false for a row it leaves to the
 * general reader; true when the row is one the general reader uses (before the repeat check), its
 * values then in `row`.
 */
export class OpenSkyByteReader {
  // Times and places start as doubles (NaN, not 0): a field that first held a small integer
  // changes its representation at the first fraction, which discards the code V8 optimised for
  // the reader made before it (a thread reads several ranges, a reader each).
  readonly row: ByteRow = {
    addr: 0,
    timeMs: NaN,
    lat: NaN,
    lon: NaN,
    altitudeFt: NaN,
    onGround: false,
    groundSpeedKt: NaN,
    trackDeg: NaN,
    callsignStart: 0,
    callsignEnd: 0,
    squawk: -1,
    dated: false,
  };
  private readonly width: number;
  /** Start of each field, and one past the last field's end (a comma's place + 1). */
  private readonly starts: Int32Array;
  private readonly iTime: number;
  private readonly iHex: number;
  private readonly iLat: number;
  private readonly iLon: number;
  private readonly iOnGround: number;
  private readonly iBaro: number;
  private readonly iGeo: number;
  private readonly iVelocity: number;
  private readonly iHeading: number;
  private readonly iCallsign: number;
  private readonly iLastContact: number;
  private readonly iLastPosUpdate: number;
  private readonly iSquawk: number;
  private bytes: Buffer = Buffer.alloc(0);

  /** `header` as the general reader has it (trimmed names); null when it lacks a required column. */
  static of(header: readonly string[]): OpenSkyByteReader | null {
    const lower = header.map((h) => h.trim().toLowerCase());
    if (OPENSKY_REQUIRED.some((n) => !lower.includes(n))) return null;
    return new OpenSkyByteReader(lower);
  }

  private constructor(lower: readonly string[]) {
    const at = (name: string): number => lower.indexOf(name);
    this.width = lower.length;
    this.starts = new Int32Array(lower.length + 1);
    this.iTime = at('time');
    this.iHex = at('icao24');
    this.iLat = at('lat');
    this.iLon = at('lon');
    this.iOnGround = at('onground');
    this.iBaro = at('baroaltitude');
    this.iGeo = at('geoaltitude');
    this.iVelocity = at('velocity');
    this.iHeading = at('heading');
    this.iCallsign = at('callsign');
    this.iLastContact = at('lastcontact');
    this.iLastPosUpdate = at('lastposupdate');
    this.iSquawk = at('squawk');
  }

  /** Reads the row in bytes [s, e) (no line end). */
  read(bytes: Buffer, s: number, e: number): boolean {
    this.bytes = bytes;
    const starts = this.starts;
    const width = this.width;
    starts[0] = s;
    let k = 1;
    // The commas found by the engine's own search, not a loop over every byte: a row handed back
    // is read a few thousand times on a thread, mostly before its code is compiled.
    for (
      let i = indexOf.call(bytes, COMMA, s);
      i >= 0 && i < e;
      i = indexOf.call(bytes, COMMA, i + 1)
    ) {
      if (k === width) return false;
      starts[k++] = i + 1;
    }
    if (k !== width) return false;
    starts[width] = e + 1;

    const addr = this.hex(this.iHex);
    if (addr < 0) return false;
    const time = this.number(this.iTime);
    // epochSecondsToMs: a time out of its range is a bad time, a skipped row.
    if (typeof time !== 'number' || time < FIRST_EPOCH_S || time > LAST_EPOCH_S) return false;
    const rowMs = Math.round(time * 1000);
    const timeS = rowMs / 1000;
    const lastContact = this.optional(this.iLastContact);
    if (lastContact === IRREGULAR) return false;
    if (lastContact !== null && timeS - lastContact > OPENSKY_STALE_AFTER_S) return false;
    const lat = this.number(this.iLat);
    const lon = this.number(this.iLon);
    // checkLatLon; a missing coordinate is a skipped row too.
    if (typeof lat !== 'number' || typeof lon !== 'number') return false;
    if (!isFixLatLon(lat, lon)) return false;
    const lastPosUpdate = this.optional(this.iLastPosUpdate);
    if (lastPosUpdate === IRREGULAR) return false;
    const onGround = this.boolean(this.iOnGround);
    if (onGround === null) return false;
    const baro = this.number(this.iBaro);
    if (baro === IRREGULAR) return false;
    const altM = baro ?? this.optional(this.iGeo);
    if (altM === IRREGULAR) return false;
    const speed = this.optional(this.iVelocity);
    const heading = this.optional(this.iHeading);
    if (speed === IRREGULAR || heading === IRREGULAR) return false;
    const squawk = this.iSquawk < 0 ? -1 : this.squawk(this.iSquawk);
    if (squawk === -2) return false;
    if (this.iCallsign >= 0 && !this.callsign(this.iCallsign)) return false;

    return this.filled(
      addr,
      positionTimeMs(rowMs, lastPosUpdate === null ? null : timeS - lastPosUpdate),
      lastPosUpdate !== null,
      lat,
      lon,
      altM,
      speed,
      heading,
      onGround,
      squawk,
    );
  }

  /**
   * `row` given a read row's values (its callsign's bounds set before, when the header has the
   * column); whether the plausibility check, asked of the same numbers, takes the row (a refused
   * row is a skipped one). The numbers come one by one, not as an object: this runs for every row
   * read, often before V8 has optimised it.
   */
  private filled(
    addr: number,
    timeMs: number,
    dated: boolean,
    lat: number,
    lon: number,
    altM: number | null,
    speed: number | null,
    heading: number | null,
    onGround: boolean,
    squawk: number,
  ): boolean {
    const row = this.row;
    row.addr = addr;
    row.timeMs = timeMs;
    row.lat = lat;
    row.lon = lon;
    row.onGround = onGround;
    row.altitudeFt = onGround ? 0 : altM === null ? NaN : Math.round(altM * FT_PER_M);
    row.groundSpeedKt = speed === null ? NaN : speed * KT_PER_MPS;
    row.trackDeg = heading ?? NaN;
    row.squawk = squawk;
    row.dated = dated;
    if (this.iCallsign < 0) {
      row.callsignStart = 0;
      row.callsignEnd = 0;
    }
    return implausibleFix(timeMs, onGround ? 0 : altM === null ? null : row.altitudeFt) === null;
  }

  /**
   * What `read` gives for the row of event `event`, taken from the record the kernel made of it
   * (opensky.wat's $record: each field read by the same rules, a number of more digits than its
   * exact division allows left to Number() here, as `number` leaves it). False when the kernel left
   * a field to this reader (a form only `read` reads, or a refusal): `read` then reads the row.
   * The row's time, lastcontact and position the kernel has already checked as `read` does.
   */
  readRecord(records: RecordViews, event: number, bytes: Buffer): boolean {
    const v = (event * RECORD_BYTES) / 8;
    const flags = records.ints[(event * RECORD_BYTES) / 4 + 12] as number;
    if ((flags & WHOLE) === 0) return false;
    const lat = recordNumber(records, v + 1, flags & 3, bytes);
    const lon = recordNumber(records, v + 2, (flags >> 2) & 3, bytes);
    if (lat === null || lon === null || !isFixLatLon(lat, lon)) return false;
    const altM = recordNumber(records, v + 3, (flags >> 4) & 3, bytes);
    const speed = recordNumber(records, v + 4, (flags >> 6) & 3, bytes);
    const heading = recordNumber(records, v + 5, (flags >> 8) & 3, bytes);
    return this.recorded(records, event, lat, lon, altM, speed, heading);
  }

  /**
   * The row of a record the kernel took whole (KernelEvent.Fix: its numbers all doubles or none,
   * its place a fix's, its time and altitude plausible, as `readRecord` would find them): read
   * without those checks, for the watched rows a military-heavy hour hands over by the ten
   * thousand on each reading thread.
   */
  fixRecord(records: RecordViews, event: number): ByteRow {
    const values = records.values;
    const v = (event * RECORD_BYTES) / 8;
    const flags = records.ints[(event * RECORD_BYTES) / 4 + 12] as number;
    this.recorded(
      records,
      event,
      values[v + 1] as number,
      values[v + 2] as number,
      ((flags >> 4) & 3) === NUMBER ? (values[v + 3] as number) : null,
      ((flags >> 6) & 3) === NUMBER ? (values[v + 4] as number) : null,
      ((flags >> 8) & 3) === NUMBER ? (values[v + 5] as number) : null,
    );
    return this.row;
  }

  /**
   * `filled` from a record, with its numbers as read (the place, then the altitude in metres, the
   * speed and the heading): the callsign's bounds, the address, time, flags and squawk are the
   * record's.
   */
  private recorded(
    { values, ints }: RecordViews,
    event: number,
    lat: number,
    lon: number,
    altM: number | null,
    speed: number | null,
    heading: number | null,
  ): boolean {
    const k = (event * RECORD_BYTES) / 4;
    const flags = ints[k + 12] as number;
    this.row.callsignStart = (ints[k + 14] as number) - DATA;
    this.row.callsignEnd = (ints[k + 15] as number) - DATA;
    return this.filled(
      ints[k + 16] as number,
      values[(event * RECORD_BYTES) / 8] as number,
      (flags & DATED) !== 0,
      lat,
      lon,
      altM,
      speed,
      heading,
      (flags & ON_GROUND) !== 0,
      ints[k + 13] as number,
    );
  }

  private optional(k: number): number | null | typeof IRREGULAR {
    return k < 0 ? null : this.number(k);
  }

  /**
   * Field k as parseNumber reads it: a number, null, or IRREGULAR when the field holds a space or a
   * byte outside printable ASCII (trim and the UTF-8 decoder would have a say).
   */
  private number(k: number): number | null | typeof IRREGULAR {
    const b = this.bytes;
    const s = this.starts[k] as number;
    const e = (this.starts[k + 1] as number) - 1;
    if (s === e) return null;
    let i = s;
    const negative = b[i] === MINUS;
    if (negative) i++;
    let m = 0;
    let digits = 0;
    let fraction = -1;
    for (; i < e; i++) {
      const c = b[i] as number;
      if (c >= ZERO && c <= NINE) {
        m = m * 10 + (c - ZERO);
        digits++;
      } else if (c === DOT && fraction < 0 && digits > 0) {
        fraction = digits;
      } else break;
    }
    if (i === e && digits > 0 && fraction !== digits) {
      // [-]digits[.digits]: the decimal is m / 10^k, correctly rounded by the one division.
      if (m < EXACT_BELOW && digits - fraction <= 22) {
        const v = fraction < 0 ? m : m / (POW10[digits - fraction] as number);
        return negative ? -v : v;
      }
      // More digits (a double written in full takes 17): Number() reads them; the text is plain,
      // so parseNumber would give the same, but for a number too big to be finite.
      const v = Number(latin1(b, s, e));
      return Number.isFinite(v) ? v : null;
    }
    for (let j = s; j < e; j++) {
      const c = b[j] as number;
      if (c < FIRST_PRINTABLE || c > LAST_PRINTABLE) return IRREGULAR;
    }
    // Any other printable form (an exponent, a plus sign, `NaN`): as the general reader reads it.
    return parseNumber(latin1(b, s, e));
  }

  /** Six hex digits, either case (parseHex), as a number; -1 for anything else. */
  private hex(k: number): number {
    const b = this.bytes;
    const s = this.starts[k] as number;
    if ((this.starts[k + 1] as number) - 1 - s !== 6) return -1;
    let v = 0;
    for (let i = s; i < s + 6; i++) {
      const c = b[i] as number;
      let d: number;
      if (c >= ZERO && c <= NINE) d = c - ZERO;
      else {
        const l = c | 0x20;
        if (l < 0x61 || l > 0x66) return -1;
        d = l - 0x57;
      }
      v = v * 16 + d;
    }
    return v;
  }

  /** parseBoolean ?? false for the forms OpenSky writes; null for a form left to the general reader. */
  private boolean(k: number): boolean | null {
    const b = this.bytes;
    const s = this.starts[k] as number;
    const n = (this.starts[k + 1] as number) - 1 - s;
    if (n === 0) return false;
    if (n === 1) return b[s] === 0x31 ? true : b[s] === ZERO ? false : null;
    const word = (w: string): boolean => {
      for (let i = 0; i < n; i++)
        if (((b[s + i] as number) | 0x20) !== w.charCodeAt(i)) return false;
      return true;
    };
    if (n === 4 && word('true')) return true;
    if (n === 5 && word('false')) return false;
    return null;
  }

  /** parseSquawk: 1 to 4 octal digits as their value, -1 for none, -2 for a form left to the general reader. */
  private squawk(k: number): number {
    const b = this.bytes;
    const s = this.starts[k] as number;
    const e = (this.starts[k + 1] as number) - 1;
    let v = 0;
    let octal = e - s >= 1 && e - s <= 4;
    for (let i = s; i < e; i++) {
      const c = b[i] as number;
      if (c < FIRST_PRINTABLE || c > LAST_PRINTABLE) return -2;
      if (c >= ZERO && c <= 0x37) v = v * 8 + (c - ZERO);
      else octal = false;
    }
    return octal ? v : -1;
  }

  /**
   * cleanCallsign on printable ASCII and spaces: spaces at either end dropped (trim), the rest
   * upper-cased when written. False for a control character or a byte beyond ASCII.
   */
  private callsign(k: number): boolean {
    const b = this.bytes;
    let s = this.starts[k] as number;
    let e = (this.starts[k + 1] as number) - 1;
    for (let i = s; i < e; i++) {
      const c = b[i] as number;
      if (c < 0x20 || c > LAST_PRINTABLE) return false;
    }
    while (s < e && b[s] === 0x20) s++;
    while (e > s && b[e - 1] === 0x20) e--;
    this.row.callsignStart = s;
    this.row.callsignEnd = e;
    return true;
  }
}
