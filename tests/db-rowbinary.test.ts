import { describe, expect, it } from 'vitest';
import { POSITION_COLUMNS, RowBinaryWriter } from '../src/db/rows.js';
import type { Position } from '../src/ingest/types.js';

/**
 * RowBinary as ClickHouse documents it, spelled out column by column with Buffer's own writers:
 * the writer's fast paths (one room check a row, a DataView, ASCII copied code by code, batches
 * handed over without a copy) must give exactly these bytes.
 */
function expectedRow(p: Position, loadId: number, seq: number): Buffer {
  const parts: Buffer[] = [];
  const u8 = (n: number): void => void parts.push(Buffer.from([n]));
  const u64 = (n: number): void => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    parts.push(b);
  };
  const f64 = (n: number): void => {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(n);
    parts.push(b);
  };
  const str = (s: string): void => {
    const bytes = Buffer.from(s, 'utf8');
    let n = bytes.length;
    const len: number[] = [];
    while (n >= 0x80) {
      len.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    len.push(n);
    parts.push(Buffer.from(len), bytes);
  };
  const nullable = <T>(v: T | null | undefined, write: (v: T) => void): void => {
    if (v === null || v === undefined) u8(1);
    else {
      u8(0);
      write(v);
    }
  };
  u64(loadId);
  u64(seq);
  u64(p.source.line);
  const seconds = Buffer.alloc(4);
  seconds.writeUInt32LE(Math.max(0, Math.floor(p.timeMs / 1000)));
  parts.push(seconds);
  const ms = Buffer.alloc(8);
  ms.writeBigInt64LE(BigInt(Math.round(p.timeMs)));
  parts.push(ms);
  str(p.hex ?? '');
  nullable(p.callsign, str);
  f64(p.lat);
  f64(p.lon);
  nullable(p.altitudeFt, f64);
  u8(p.onGround ? 1 : 0);
  nullable(p.groundSpeedKt, f64);
  nullable(p.trackDeg, f64);
  nullable(p.typeCode, str);
  nullable(p.registration, str);
  nullable(p.dbFlags, (v) => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    parts.push(b);
  });
  u8(p.dbFlags !== null && (p.dbFlags & 1) === 1 ? 1 : 0);
  nullable(p.squawk, str);
  nullable(p.newLeg, (v) => u8(v ? 1 : 0));
  return Buffer.concat(parts);
}

const base: Position = {
  hex: 'ae1234',
  callsign: 'RCH123',
  timeMs: 1_738_540_800_123,
  lat: 27.1234567890123,
  lon: -111.987654321098,
  altitudeFt: 25_000,
  onGround: false,
  groundSpeedKt: 431.7,
  trackDeg: 359.99,
  typeCode: 'C17',
  registration: '05-5140',
  dbFlags: 1,
  source: { fileIndex: 0, line: 42 },
  squawk: '7700',
  newLeg: true,
};

const cases: readonly (readonly [string, Position, number, number])[] = [
  ['every column filled', base, 2 ** 48 - 1, 0],
  [
    'every nullable column null, no squawk or leg mark',
    {
      hex: null,
      callsign: null,
      timeMs: 0,
      lat: 0,
      lon: -0,
      altitudeFt: null,
      onGround: true,
      groundSpeedKt: null,
      trackDeg: null,
      typeCode: null,
      registration: null,
      dbFlags: null,
      source: { fileIndex: 3, line: 1 },
    },
    1,
    2 ** 40 + 7,
  ],
  ['flags without the military bit', { ...base, dbFlags: 10, newLeg: false }, 5, 6],
  ['negative flags', { ...base, dbFlags: -2_147_483_648 }, 5, 6],
  ['a time before 1970', { ...base, timeMs: -1500.4 }, 9, 9],
  ['a time with a fraction of a ms', { ...base, timeMs: 1_700_000_000_000.5 }, 9, 9],
  ['a line past 2^32', { ...base, source: { fileIndex: 0, line: 2 ** 33 + 5 } }, 9, 9],
  ['a callsign with UTF-8 beyond ASCII', { ...base, callsign: 'ÄÉ✈︎' }, 1, 1],
  ['a registration with a lone surrogate', { ...base, registration: 'X\ud800Y' }, 1, 1],
  ['a string of 127 ASCII codes', { ...base, callsign: 'A'.repeat(127) }, 1, 1],
  ['a string of 128 ASCII codes (two-byte length)', { ...base, callsign: 'B'.repeat(128) }, 1, 1],
  ['a long non-ASCII string', { ...base, typeCode: 'é'.repeat(300) }, 1, 1],
  ['an empty callsign, not null', { ...base, callsign: '' }, 1, 1],
];

describe('RowBinary rows for the positions table', () => {
  it('sends the columns in the documented order', () => {
    expect(POSITION_COLUMNS[0]).toBe('load_id');
    expect(POSITION_COLUMNS.at(-1)).toBe('new_leg');
    expect(POSITION_COLUMNS).toHaveLength(19);
  });

  it.each(cases)('%s: the bytes RowBinary prescribes', (_, p, loadId, seq) => {
    const writer = new RowBinaryWriter(16);
    writer.add(p, loadId, seq);
    expect(writer.rows).toBe(1);
    const out = writer.take();
    expect(out.toString('hex')).toBe(expectedRow(p, loadId, seq).toString('hex'));
    expect(writer.rows).toBe(0);
    expect(writer.bytes).toBe(0);
  });

  it('grows past its first buffer and hands each batch over intact while writing on', () => {
    const writer = new RowBinaryWriter(64);
    const batches: Buffer[] = [];
    const expected: Buffer[] = [];
    for (let batch = 0; batch < 3; batch++) {
      const rows: Buffer[] = [];
      for (let seq = 0; seq < 50; seq++) {
        const [, p] = cases[(seq + batch) % cases.length] as (typeof cases)[number];
        writer.add(p, 77, seq);
        rows.push(expectedRow(p, 77, seq));
      }
      expected.push(Buffer.concat(rows));
      batches.push(writer.take());
    }
    // Batches taken earlier are not overwritten by the rows written after them.
    expect(batches.map((b) => b.toString('hex'))).toEqual(expected.map((b) => b.toString('hex')));
  });

  it('refuses a flag value out of Int32 range rather than wrapping it', () => {
    const writer = new RowBinaryWriter();
    expect(() => writer.add({ ...base, dbFlags: 2 ** 31 }, 1, 1)).toThrow(RangeError);
  });
});
