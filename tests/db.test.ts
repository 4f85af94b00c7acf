/**
 * The database path's pure parts, without a server: the one literal escaper, the URL and its
 * credentials, reading streamed answers (an error line in a 200 body, a row cut short), and the
 * rows' TSV form. The parts that need ClickHouse are in tests/clickhouse/ (npm run test:clickhouse).
 */
import { describe, expect, it } from 'vitest';
import { identifier, literal, SqlValueError } from '../src/db/sql.js';
import {
  isLoopback,
  maskCredentials,
  parseDbUrl,
  parseDbUrls,
  DbUrlError,
} from '../src/db/server.js';
import { bodyLines, DbQueryError, shortError } from '../src/db/lines.js';
import { positionOfTsv, tsvField, unescapeTsv } from '../src/db/rows.js';
import {
  boxEdgesSql,
  boxHoursSql,
  boxRowsSql,
  edgeHourOfTsv,
  keepSql,
  latePassSql,
} from '../src/db/db-reader.js';
import { createStatements } from '../src/db/schema.js';

describe('literal: values through the one escaping function (src/sql/literal.ts)', () => {
  it.each([
    ['ae01c7', "'ae01c7'"],
    ["it's", "'it''s'"],
    ["'); DROP TABLE x; --", "'''); DROP TABLE x; --'"],
    ['Mar de Cortés ✈', "'Mar de Cortés ✈'"],
    ['', "''"],
  ])('string %j → %s', (value, sql) => {
    expect(literal(value)).toBe(sql);
  });

  it.each(['back\\slash', 'line\nbreak', 'tab\there', 'nul\0', 'del\u007f'])(
    'refuses %j rather than write it in a form a server could misread',
    (value) => {
      expect(() => literal(value)).toThrow(SqlValueError);
    },
  );

  it.each([
    [0, '0'],
    [-0, '0'],
    [22.5, '22.5'],
    [-115.000000001, '-115.000000001'],
    [1738540800000, '1738540800000'],
  ])('number %s → %s', (value, sql) => {
    expect(literal(value)).toBe(sql);
  });

  it('arrays of strings, each escaped', () => {
    expect(literal(['a', "b'c"])).toBe("['a', 'b''c']");
    expect(literal([])).toBe('[]');
  });

  it.each([NaN, Infinity, -Infinity])('refuses %s', (n) => {
    expect(() => literal(n)).toThrow(SqlValueError);
  });

  it('refuses anything else', () => {
    expect(() => literal([1] as unknown as string[])).toThrow(SqlValueError);
    expect(() => literal(null as unknown as string)).toThrow(SqlValueError);
  });

  it('names are plain identifiers, never quoted input', () => {
    expect(identifier('sortie_test_1')).toBe('sortie_test_1');
    for (const bad of ['', '1abc', 'a-b', 'a b', 'x;DROP', '`x`', 'a'.repeat(65)]) {
      expect(() => identifier(bad)).toThrow(SqlValueError);
    }
  });
});

describe('--db URL and credentials', () => {
  it('takes user and password from the URL, and shows neither', () => {
    const s = parseDbUrl('http://alice:p%40ss@db.example:8123/adsb');
    expect(s).toEqual({
      origin: 'http://db.example:8123',
      shown: 'http://db.example:8123/adsb',
      database: 'adsb',
      user: 'alice',
      password: 'p@ss',
    });
  });

  it('takes them from SORTIE_DB_USER / SORTIE_DB_PASSWORD when the URL has none', () => {
    const s = parseDbUrl('http://127.0.0.1:8123', {
      SORTIE_DB_USER: 'bob',
      SORTIE_DB_PASSWORD: 'pw',
    });
    expect([s.user, s.password, s.database, s.shown]).toEqual([
      'bob',
      'pw',
      'default',
      'http://127.0.0.1:8123/default',
    ]);
  });

  it('masks credentials in every message about a bad URL', () => {
    expect(() => parseDbUrl('ftp://u:secret@host/x')).toThrow(DbUrlError);
    try {
      parseDbUrl('ftp://u:secret@host/x');
    } catch (err) {
      expect((err as Error).message).not.toContain('secret');
    }
    expect(() => parseDbUrl('http://h:1/bad-name')).toThrow(/plain name/);
    expect(maskCredentials('see http://u:pw@h:1/ and https://x@y')).toBe(
      'see http://***@h:1/ and https://***@y',
    );
  });

  it.each([
    ['http://127.0.0.1:8123', true],
    ['http://127.8.9.10:18123', true],
    ['http://localhost:8123', true],
    ['http://LOCALHOST:8123', true],
    ['http://[::1]:8123', true],
    ['https://ch.example.org:8443', false],
    ['http://10.0.0.5:8123', false],
    ['http://127.0.0.1.example.org:8123', false],
  ])('inserts to %s go uncompressed only on loopback (loopback: %s)', (origin, loopback) => {
    expect(isLoopback(origin)).toBe(loopback);
  });

  it('several servers, comma-separated', () => {
    expect(parseDbUrls('http://a:1, http://b:2/d').map((s) => s.shown)).toEqual([
      'http://a:1/default',
      'http://b:2/d',
    ]);
  });
});

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield new TextEncoder().encode(p);
}

async function collect(gen: AsyncGenerator<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of gen) out.push(l);
  return out;
}

describe('reading a streamed answer', () => {
  it('gives lines across chunk boundaries', async () => {
    expect(await collect(bodyLines(chunks('a\tb\nc', '\td\n', 'e\n')))).toEqual([
      'a\tb',
      'c\td',
      'e',
    ]);
  });

  it('an error 18.16 appended to a 200 body is an error (with its code), not more rows', async () => {
    const body = bodyLines(
      chunks(
        '1\tx\n',
        'Code: 159, e.displayText() = DB::Exception: Timeout exceeded: elapsed 1.0 seconds, e.what() = DB::Exception\n',
      ),
    );
    const seen: string[] = [];
    const err = await (async () => {
      for await (const l of body) seen.push(l);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['1\tx']);
    expect(err).toBeInstanceOf(DbQueryError);
    expect((err as DbQueryError).code).toBe(159);
    expect((err as Error).message).toBe(
      'Code: 159, DB::Exception: Timeout exceeded: elapsed 1.0 seconds',
    );
  });

  it('reads the newer error form too', () => {
    expect(
      shortError(
        "Code: 60. DB::Exception: Table x doesn't exist. (UNKNOWN_TABLE) (version 23.8.1)\n",
      ),
    ).toBe("Code: 60. DB::Exception: Table x doesn't exist. (UNKNOWN_TABLE)");
  });

  it('a body that ends inside a row is an error: no row is handed on half', async () => {
    await expect(collect(bodyLines(chunks('1\tx\n2\t')))).rejects.toThrow(/middle of a row/);
  });
});

describe('rows as TSV', () => {
  it('escapes and reads back every character a string may hold', () => {
    const s = 'a\tb\nc\\d\re\0f';
    expect(unescapeTsv(tsvField(s))).toBe(s);
    expect(unescapeTsv("it\\'s")).toBe("it's");
  });

  it('reads a selected row as the position it was loaded from', () => {
    const line = [
      'load-1',
      '7',
      '42',
      '1738540800123',
      'ae01c7',
      'PELI\\t1',
      '25.5',
      '-111.25',
      '\\N',
      '0',
      '310.5',
      '\\N',
      'P8',
      '\\N',
      '1',
      '7700',
      '1',
    ].join('\t');
    const r = positionOfTsv(line, () => 3);
    expect(r.seq).toBe(7);
    expect(r.position).toEqual({
      hex: 'ae01c7',
      callsign: 'PELI\t1',
      timeMs: 1738540800123,
      lat: 25.5,
      lon: -111.25,
      altitudeFt: null,
      onGround: false,
      groundSpeedKt: 310.5,
      trackDeg: null,
      typeCode: 'P8',
      registration: null,
      dbFlags: 1,
      source: { fileIndex: 3, line: 42 },
      squawk: '7700',
      newLeg: true,
    });
  });
});

describe('the SQL sent', () => {
  it('pushes down loads, registry addresses and types, every value a literal', () => {
    const q = keepSql({
      database: 'sortie',
      loadIds: ['17'],
      addresses: ['ae01c7'],
      types: ['P8'],
    });
    expect(q).toContain('load_id IN (17)');
    expect(q).toContain("(hex = '' OR (hex IN ('ae01c7') OR type_code IN ('P8')))");
    expect(latePassSql('sortie', ['17'], ['ae01c7', 'ae0415'])).toContain(
      "hex IN ('ae01c7', 'ae0415')\nFORMAT",
    );
  });

  it("a report's span of fixes: days and granules passed over by `time`, the exact test on `time_ms`; rows without an address asked whenever they were", () => {
    // 2025-02-01T00:00:00.000Z to 2025-02-12T00:00:00.000Z.
    const span = { fromMs: 1_738_368_000_000, toMs: 1_739_318_400_000 };
    const inSpan =
      'time >= toDateTime(1738368000) AND time_ms >= 1738368000000 AND time <= toDateTime(1739318400) AND time_ms < 1739318400000';
    const q = keepSql({
      database: 'sortie',
      loadIds: ['17'],
      addresses: ['ae01c7'],
      types: ['P8'],
      span,
    });
    expect(q).toContain(`(hex = '' OR ((hex IN ('ae01c7') OR type_code IN ('P8')) AND ${inSpan}))`);
    expect(latePassSql('sortie', ['17'], ['ae01c7'], span)).toContain(
      `hex IN ('ae01c7') AND ${inSpan}\nFORMAT`,
    );
    // Open on one side (a window without --from); no span, no test.
    expect(
      latePassSql('sortie', ['17'], ['ae01c7'], { fromMs: -Infinity, toMs: span.toMs }),
    ).toContain(
      "hex IN ('ae01c7') AND time <= toDateTime(1739318400) AND time_ms < 1739318400000\nFORMAT",
    );
    expect(
      keepSql({ database: 'sortie', loadIds: ['17'], addresses: [], types: [], span }),
    ).toContain("AND (hex = '')\nFORMAT");
  });

  it("the box's first and last report per hour: picked by (time, order read), a null asked as a flag and a value", () => {
    const q = { database: 'sortie', loadIds: ['17'], box: [-115, 22, -106, 32] as const };
    const sql = boxEdgesSql(q);
    expect(sql).toContain('argMin(seq, (time_ms, seq))');
    expect(sql).toContain(
      'argMax(isNull(altitude_ft), (time_ms, seq)), argMax(ifNull(altitude_ft, 0), (time_ms, seq))',
    );
    expect(sql).toContain("hex != '' AND (lat >= 22.000001");
    expect(sql).toContain('GROUP BY load_id, hour');
    // load, hour; first: seq, time, lat, lon, alt null?, alt, ground, gs null?, gs, track null?, track; last; box.
    const line = [
      '17',
      '482880',
      '5',
      '1738368000000',
      '27.5',
      '-111.25',
      '0',
      '35000',
      '0',
      '1',
      '0',
      '0',
      '118',
      '9',
      '1738371599000',
      '28.125',
      '-110',
      '1',
      '0',
      '1',
      '0',
      '450',
      '1',
      '0',
      '-111.25',
      '27.5',
      '-110',
      '28.125',
    ].join('\t');
    const hour = edgeHourOfTsv(line, (id) => (id === '17' ? 3 : -1));
    expect(hour.fileIndex).toBe(3);
    expect(hour.first.seq).toBe(5);
    expect(hour.first.position).toMatchObject({
      timeMs: 1_738_368_000_000,
      lat: 27.5,
      lon: -111.25,
      altitudeFt: 35_000,
      onGround: false,
      groundSpeedKt: null,
      trackDeg: 118,
    });
    expect(hour.last.seq).toBe(9);
    expect(hour.last.position).toMatchObject({
      timeMs: 1_738_371_599_000,
      altitudeFt: null,
      onGround: true,
      groundSpeedKt: 450,
      trackDeg: null,
    });
    expect(hour.extent).toEqual([-111.25, 27.5, -110, 28.125]);
  });

  it('the box: hours counted by the server surely inside it, whole rows only near its edges', () => {
    const q = { database: 'sortie', loadIds: ['17'], box: [-115, 22, -106, 32] as const };
    expect(boxRowsSql(q)).toContain(
      '(lat >= 21.999999 AND lat <= 32.000001 AND lon >= -115.000001 AND lon <= -105.999999) AND NOT (lat >= 22.000001 AND lat <= 31.999999 AND lon >= -114.999999 AND lon <= -106.000001)\nFORMAT',
    );
    expect(boxHoursSql(q)).toMatch(/GROUP BY load_id, hour, hex, type_code, db_flags/);
  });

  it('a cluster gets local tables and Distributed ones over them', () => {
    const single = createStatements('db1', null);
    expect(single).toHaveLength(3);
    expect(single[2]).toMatch(/^CREATE TABLE IF NOT EXISTS db1\.sortie_loads \(/);
    expect(single[0]).toMatch(/^CREATE TABLE IF NOT EXISTS db1\.sortie_positions \(/);
    expect(single[0]).toMatch(/PARTITION BY toYYYYMMDD\(time\)\nORDER BY \(hex, time\)$/);
    const cluster = createStatements('db1', 'sortie_2shards');
    expect(cluster).toHaveLength(7);
    expect(cluster[5]).toBe(
      'CREATE TABLE IF NOT EXISTS db1.sortie_loads AS db1.sortie_loads_local ENGINE = Distributed(sortie_2shards, db1, sortie_loads_local, load_id)',
    );
    // The servers' list is a plain table on each: every server holds all of it.
    expect(cluster[6]).toMatch(/^CREATE TABLE IF NOT EXISTS db1\.sortie_servers \(/);
    expect(cluster[1]).toBe(
      'CREATE TABLE IF NOT EXISTS db1.sortie_positions AS db1.sortie_positions_local ENGINE = Distributed(sortie_2shards, db1, sortie_positions_local, cityHash64(hex))',
    );
  });
});
