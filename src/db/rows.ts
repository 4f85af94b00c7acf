/**
 * Positions to and from the database's rows. Inserts go as RowBinary: every double keeps its exact
 * bits (ClickHouse parses decimal text with a fast routine that may be one unit in the last place
 * off, and a report from the database must equal the one from the files). Selects come back as
 * TSV, which ClickHouse writes with the shortest text that reads back to the same double.
 */
import type { ByteRow } from '../ingest/fast/opensky-row-bytes.js';
import type { Position } from '../ingest/types.js';

/** The positions table's columns, in the order inserts send them. */
export const POSITION_COLUMNS = [
  'load_id',
  'seq',
  'line',
  'time',
  'time_ms',
  'hex',
  'callsign',
  'lat',
  'lon',
  'altitude_ft',
  'on_ground',
  'gs_kt',
  'track_deg',
  'type_code',
  'registration',
  'db_flags',
  'military',
  'squawk',
  'new_leg',
] as const;

/**
 * The columns a select asks for, in the order `positionOfTsv` reads them: the stored ones less the
 * seconds (`time_ms` holds the time exactly) and the military flag (`db_flags` carries it).
 */
export const SELECTED_COLUMNS: readonly (typeof POSITION_COLUMNS)[number][] =
  POSITION_COLUMNS.filter((c) => c !== 'time' && c !== 'military');

/**
 * Room enough for one row apart from its strings: 19 columns of at most 8 bytes, their null marks,
 * and a length prefix for each string (a row's strings then take at most 3 bytes a UTF-16 unit).
 */
const ROW_BYTES_BEYOND_STRINGS = 256;

/**
 * A growing buffer RowBinary rows are written into. Loading spends its time here once per row and
 * column, so each row checks for room once, numbers go through one DataView, and strings that are
 * ASCII (nearly all: addresses, callsigns, squawks) are copied code by code rather than through
 * Buffer's UTF-8 encoder; the bytes are those of Buffer's own writers.
 */
export class RowBinaryWriter {
  private buf: Buffer;
  private view: DataView;
  private at = 0;
  rows = 0;

  constructor(initialBytes = 1 << 20) {
    this.buf = Buffer.allocUnsafe(initialBytes);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  get bytes(): number {
    return this.at;
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.use(next);
  }

  private use(buf: Buffer): void {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private varUInt(n: number): void {
    let v = n;
    while (v >= 0x80) {
      this.buf[this.at++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.at++] = v;
  }

  private string(s: string): void {
    const n = s.length;
    if (n < 0x80) {
      // Optimistically ASCII: one byte a code, the length one byte; else rewritten as UTF-8.
      const buf = this.buf;
      const start = this.at;
      buf[start] = n;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + 1 + i] = c;
      }
      if (i === n) {
        this.at = start + 1 + n;
        return;
      }
    }
    const len = Buffer.byteLength(s);
    this.varUInt(len);
    this.at += this.buf.write(s, this.at, 'utf8');
  }

  private u32(n: number): void {
    // Buffer's writer refuses a number out of range; so does this one.
    if (!(n >= 0 && n <= 0xffffffff)) this.buf.writeUInt32LE(n, this.at);
    this.view.setUint32(this.at, n, true);
    this.at += 4;
  }

  private i32(n: number): void {
    if (!(n >= -0x80000000 && n <= 0x7fffffff)) this.buf.writeInt32LE(n, this.at);
    this.view.setInt32(this.at, n, true);
    this.at += 4;
  }

  /** A whole number from 0 to 2^53 as a little-endian 64-bit integer (no BigInt: it is slow). */
  private u64(n: number): void {
    const low = n % 0x1_0000_0000;
    this.u32(low);
    this.u32((n - low) / 0x1_0000_0000);
  }

  /** Times in ms since 1970 are positive: the same bytes as u64. */
  private i64(n: number): void {
    if (n < 0) {
      this.buf.writeBigInt64LE(BigInt(n), this.at);
      this.at += 8;
      return;
    }
    this.u64(n);
  }

  private f64(n: number): void {
    this.view.setFloat64(this.at, n, true);
    this.at += 8;
  }

  private nullMark(isNull: boolean): void {
    this.buf[this.at++] = isNull ? 1 : 0;
  }

  private nullableString(v: string | null | undefined): void {
    const isNull = v === null || v === undefined;
    this.nullMark(isNull);
    if (!isNull) this.string(v);
  }

  private nullableF64(v: number | null | undefined): void {
    const isNull = v === null || v === undefined;
    this.nullMark(isNull);
    if (!isNull) this.f64(v);
  }

  /** Appends one position (columns as POSITION_COLUMNS). */
  add(p: Position, loadId: number, seq: number): void {
    const hex = p.hex ?? '';
    this.room(
      ROW_BYTES_BEYOND_STRINGS +
        3 *
          (hex.length +
            (p.callsign?.length ?? 0) +
            (p.typeCode?.length ?? 0) +
            (p.registration?.length ?? 0) +
            (p.squawk?.length ?? 0)),
    );
    this.u64(loadId);
    this.u64(seq);
    this.u64(p.source.line);
    // DateTime is unsigned seconds: times before 1970 do not occur in ADS-B data.
    this.u32(Math.max(0, Math.floor(p.timeMs / 1000)));
    this.i64(Math.round(p.timeMs));
    this.string(hex);
    this.nullableString(p.callsign);
    this.f64(p.lat);
    this.f64(p.lon);
    this.nullableF64(p.altitudeFt);
    this.buf[this.at++] = p.onGround ? 1 : 0;
    this.nullableF64(p.groundSpeedKt);
    this.nullableF64(p.trackDeg);
    this.nullableString(p.typeCode);
    this.nullableString(p.registration);
    // A reader's row is typed, yet undefined is written as null as well, as it always was.
    const flags: number | null | undefined = p.dbFlags;
    const noFlags = flags === null || flags === undefined;
    this.nullMark(noFlags);
    if (!noFlags) this.i32(flags);
    this.buf[this.at++] = !noFlags && (flags & 1) === 1 ? 1 : 0;
    this.nullableString(p.squawk);
    const newLeg: boolean | null | undefined = p.newLeg;
    const noLeg = newLeg === null || newLeg === undefined;
    this.nullMark(noLeg);
    if (!noLeg) this.buf[this.at++] = newLeg ? 1 : 0;
    this.rows += 1;
  }

  /**
   * Appends a row read from bytes (`src` holds its callsign) as `add` appends the position the
   * general reader builds from it: the same bytes, column for column (the columns no OpenSky row
   * carries are null).
   */
  addByteRow(r: ByteRow, src: Uint8Array, line: number, loadId: number, seq: number): void {
    const callsignBytes = r.callsignEnd - r.callsignStart;
    this.room(ROW_BYTES_BEYOND_STRINGS + callsignBytes);
    this.u64(loadId);
    this.u64(seq);
    this.u64(line);
    this.u32(Math.max(0, Math.floor(r.timeMs / 1000)));
    this.i64(Math.round(r.timeMs));
    const buf = this.buf;
    buf[this.at++] = 6;
    for (let shift = 20; shift >= 0; shift -= 4) {
      const d = (r.addr >>> shift) & 15;
      buf[this.at++] = d < 10 ? 48 + d : 87 + d;
    }
    if (callsignBytes === 0) buf[this.at++] = 1;
    else {
      buf[this.at++] = 0;
      this.varUInt(callsignBytes);
      for (let i = r.callsignStart; i < r.callsignEnd; i++) {
        const c = src[i] as number;
        // cleanCallsign upper-cases: in ASCII, a to z only.
        buf[this.at++] = c >= 0x61 && c <= 0x7a ? c - 32 : c;
      }
    }
    this.f64(r.lat);
    this.f64(r.lon);
    this.nullableF64(Number.isNaN(r.altitudeFt) ? null : r.altitudeFt);
    buf[this.at++] = r.onGround ? 1 : 0;
    this.nullableF64(Number.isNaN(r.groundSpeedKt) ? null : r.groundSpeedKt);
    this.nullableF64(Number.isNaN(r.trackDeg) ? null : r.trackDeg);
    // Type, registration, database flags: null; military 0.
    buf[this.at++] = 1;
    buf[this.at++] = 1;
    buf[this.at++] = 1;
    buf[this.at++] = 0;
    if (r.squawk < 0) buf[this.at++] = 1;
    else {
      buf[this.at++] = 0;
      buf[this.at++] = 4;
      for (let shift = 9; shift >= 0; shift -= 3) buf[this.at++] = 48 + ((r.squawk >>> shift) & 7);
    }
    // new_leg: null.
    buf[this.at++] = 1;
    this.rows += 1;
  }

  /**
   * The rows written so far, and a fresh start. The rows keep the buffer they were written in (no
   * copy of a batch): the writer goes on in a new one of the same size.
   */
  take(): Buffer {
    const out = this.buf.subarray(0, this.at);
    this.use(Buffer.allocUnsafe(this.buf.length));
    this.at = 0;
    this.rows = 0;
    return out;
  }
}

/** A TSV field as ClickHouse escapes it, read back. */
export function unescapeTsv(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, c: string) => {
    switch (c[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '0':
        return '\0';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'x':
        return String.fromCharCode(Number.parseInt(c.slice(1), 16));
      default:
        return c;
    }
  });
}

const text = (f: string | undefined): string | null =>
  f === undefined || f === '\\N' ? null : unescapeTsv(f);
const num = (f: string | undefined): number | null =>
  f === undefined || f === '\\N' ? null : Number(f);

/** One selected row: its load, its place in that load, and the position (of input `fileIndex`). */
export interface StoredPosition {
  readonly loadId: string;
  readonly seq: number;
  readonly position: Position;
}

/** A row of SELECTED_COLUMNS as TSV, as the position it was loaded from. */
export function positionOfTsv(
  line: string,
  fileIndexOf: (loadId: string) => number,
): StoredPosition {
  const f = line.split('\t');
  const loadId = f[0] as string;
  const hex = text(f[4]);
  const squawk = text(f[15]);
  const newLeg = num(f[16]);
  const position: Position = {
    hex: hex === '' ? null : hex,
    callsign: text(f[5]),
    timeMs: Number(f[3]),
    lat: Number(f[6]),
    lon: Number(f[7]),
    altitudeFt: num(f[8]),
    onGround: f[9] === '1',
    groundSpeedKt: num(f[10]),
    trackDeg: num(f[11]),
    typeCode: text(f[12]),
    registration: text(f[13]),
    dbFlags: num(f[14]),
    source: { fileIndex: fileIndexOf(loadId), line: Number(f[2]) },
    ...(squawk === null ? {} : { squawk }),
    ...(newLeg === null ? {} : { newLeg: newLeg === 1 }),
  };
  return { loadId, seq: Number(f[1]), position };
}

/** A string as a TSV field ClickHouse reads back unchanged. */
export function tsvField(s: string): string {
  return s.replace(/[\\\t\n\r\0]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\0',
  );
}
