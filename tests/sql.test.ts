import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { numberLiteral, stringLiteral, tableName } from '../src/sql/literal.js';
import { openskyQueries, type OpenSkyRequest } from '../src/sql/opensky-query.js';
import { runCli } from './helpers.js';

/** Golden scripts of `sortie sql` on a fixed window, region and selection; UPDATE_GOLDEN=1 rewrites them. */
const GOLDEN: ReadonlyArray<readonly [string, string[]]> = [
  [
    'sql-trino.sql',
    [
      'sql',
      '--engine',
      'trino',
      '--from',
      '2025-02-03',
      '--to',
      '2025-02-05',
      '--country',
      'CA,MX',
      '--watch',
      'fixtures/watch/demo-watch.csv',
      '--exclude',
      'C20001',
      '--max-addresses',
      '20',
    ],
  ],
  [
    'sql-clickhouse.sql',
    [
      'sql',
      '--engine',
      'clickhouse',
      '--from',
      '2025-02-03T12:00Z',
      '--to',
      '2025-02-05',
      '--country',
      'CA,MX',
      '--whole-tracks',
      '--hours-per-query',
      '12',
      '--table',
      'opensky.state_vectors_data4',
    ],
  ],
];

describe('sortie sql: golden scripts', () => {
  it.each(GOLDEN)('%s', async (name, argv) => {
    const r = await runCli([...argv]);
    expect(r.code, r.stderr).toBe(0);
    const file = `fixtures/golden/${name}`;
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, r.stdout);
    expect(r.stdout).toBe(readFileSync(file, 'utf8'));
  });
});

const REQUEST: OpenSkyRequest = {
  engine: 'trino',
  table: 'state_vectors_data4',
  fromMs: Date.parse('2025-02-03T00:00Z'),
  toMs: Date.parse('2025-02-04T00:00Z'),
  box: [-116, 21, -105, 33],
  addresses: ['ae01ce', 'ae07e1', 'ae0415'],
  blocks: [{ first: 'adf7c8', last: 'afffff', country: 'US' }],
  blockExclusions: [],
  wholeTracks: false,
  maxAddresses: 2000,
  hoursPerQuery: 24,
};

describe('the queries for OpenSky', () => {
  it("take SCALE.md's shape: hour partitions padded by an hour, the exact half-open window, fresh vectors, box, list or block", () => {
    const [q] = openskyQueries(REQUEST);
    expect(q?.sql).toBe(
      [
        'SELECT time, icao24, lat, lon, velocity, heading, vertrate, callsign, onground, squawk, baroaltitude, geoaltitude, lastposupdate, lastcontact',
        'FROM state_vectors_data4',
        'WHERE hour >= 1738537200 AND hour < 1738630800',
        '  AND time >= 1738540800 AND time < 1738627200',
        '  AND time - lastcontact <= 15',
        '  AND lat BETWEEN 21 AND 33',
        '  AND lon BETWEEN -116 AND -105',
        "  AND (icao24 IN ('ae01ce', 'ae07e1', 'ae0415')",
        "       OR icao24 BETWEEN 'adf7c8' AND 'afffff')",
      ].join('\n'),
    );
  });

  it.each([
    // [from, to, hours per query, max addresses, expected pieces as "from/to addresses"]
    [
      '2025-02-03T00:00Z',
      '2025-02-05T00:00Z',
      24,
      2000,
      ['02-03T00/02-04T00 0-3+', '02-04T00/02-05T00 0-3+'],
    ],
    [
      '2025-02-03T18:30Z',
      '2025-02-04T03:00Z',
      24,
      2000,
      ['02-03T18/02-04T00 0-3+', '02-04T00/02-04T03 0-3+'],
    ],
    [
      '2025-02-03T00:00Z',
      '2025-02-03T20:00Z',
      8,
      2000,
      ['02-03T00/02-03T08 0-3+', '02-03T08/02-03T16 0-3+', '02-03T16/02-03T20 0-3+'],
    ],
    [
      '2025-02-03T00:00Z',
      '2025-02-04T00:00Z',
      24,
      2,
      ['02-03T00/02-04T00 0-2+', '02-03T00/02-04T00 2-3'],
    ],
  ] as const)(
    'cut %s to %s into days (or %i-hour pieces), at most %i addresses each',
    (from, to, hoursPerQuery, maxAddresses, expected) => {
      const h = (ms: number): string => new Date(ms).toISOString().slice(5, 13);
      const queries = openskyQueries({
        ...REQUEST,
        fromMs: Date.parse(from),
        toMs: Date.parse(to),
        hoursPerQuery,
        maxAddresses,
      });
      expect(
        queries.map(
          (q) =>
            `${h(q.fromMs)}/${h(q.toMs)} ${q.addressFrom}-${q.addressTo}${q.withBlocks ? '+' : ''}`,
        ),
      ).toEqual(expected);
    },
  );

  it('with --whole-tracks, the listed aircraft anywhere and the blocks inside the box only', () => {
    const [q] = openskyQueries({ ...REQUEST, wholeTracks: true, blockExclusions: ['ae1234'] });
    expect(q?.sql).toContain(
      [
        '  AND lat IS NOT NULL AND lon IS NOT NULL',
        "  AND (icao24 IN ('ae01ce', 'ae07e1', 'ae0415')",
        "       OR ((icao24 BETWEEN 'adf7c8' AND 'afffff'",
        "        AND icao24 NOT IN ('ae1234'))",
        '           AND lat BETWEEN 21 AND 33 AND lon BETWEEN -116 AND -105))',
      ].join('\n'),
    );
  });
});

describe('SQL literals', () => {
  it.each([
    ['ae01ce', "'ae01ce'"],
    ["O'Hare", "'O''Hare'"],
    ['', "''"],
  ])('string %j → %s', (text, sql) => expect(stringLiteral(text)).toBe(sql));

  it.each(['a\\b', 'line\nbreak', 'nul\u0000'])(
    'refuses %j: Trino and ClickHouse would read it differently',
    (text) => expect(() => stringLiteral(text)).toThrow(/read alike/),
  );

  it.each([
    [1738540800, '1738540800'],
    [-116.0294, '-116.0294'],
    [1e-7, '0.0000001'],
    [15, '15'],
  ])('number %d → %s', (n, sql) => expect(numberLiteral(n)).toBe(sql));

  it('refuses numbers that are not finite, and table names that are not names', () => {
    expect(() => numberLiteral(Number.NaN)).toThrow(/NaN/);
    expect(tableName('minio.osky.state_vectors_data4')).toBe('minio.osky.state_vectors_data4');
    for (const bad of ['x; DROP TABLE y', 'a.b.c.d', '1table', 'ta-ble', "t'"]) {
      expect(() => tableName(bad), bad).toThrow(/not a table name/);
    }
  });
});

describe('sortie sql on the command line', () => {
  it.each([
    [['sql', '--to', '2025-02-05'], /required option '--from <date>'/],
    [['sql', '--from', '2025-02-05', '--to', '2025-02-03'], /the window is empty/],
    [['sql', '--from', '2025-02-03', '--to', '2025-02-04', '--engine', 'mysql'], /mysql/],
    [
      ['sql', '--from', '2025-02-03', '--to', '2025-02-04', '--table', 'x; DROP TABLE y'],
      /option '--table': "x; DROP TABLE y" is not a table name/,
    ],
    [
      ['sql', '--from', '2025-02-03', '--to', '2025-02-04', '--max-addresses', '0'],
      /from 1 to 10000/,
    ],
    [['sql', '--from', '2025-02-03', '--to', '2025-02-04', '--hours-per-query', '25'], /1 to 24/],
    [
      [
        'sql',
        '--from',
        '2025-02-03',
        '--to',
        '2025-02-04',
        '--operators',
        'other',
        '--no-military-blocks',
      ],
      /no airframe counts under "other, any country"/,
    ],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const r = await runCli([...argv]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n')[0]).toMatch(/^sortie: /);
  });

  it("warns of OpenSky's known gaps on standard error and in the script", async () => {
    const r = await runCli([
      'sql',
      '--from',
      '2024-05-20',
      '--to',
      '2024-05-22',
      '--country',
      'MX',
    ]);
    expect(r.code).toBe(0);
    const said = 'OpenSky has no state vectors from 2024-05-20 10:00 to 2024-05-21 05:00 UTC';
    expect(r.stderr).toContain(`sortie: warning: ${said}`);
    expect(r.stdout).toContain(`-- Warning: ${said}`);
  });

  it('leaves the excluded airframes out of the list and the blocks, and lists the watched whatever their country', async () => {
    const r = await runCli([
      'sql',
      '--from',
      '2025-02-03',
      '--to',
      '2025-02-04',
      '--country',
      'MX',
      '--watch',
      'fixtures/watch/demo-watch.csv',
    ]);
    expect(r.stdout).toContain("'0d0a13'");
    expect(r.stdout).toContain("'ae4bd7'");
    const without = await runCli([
      'sql',
      '--from',
      '2025-02-03',
      '--to',
      '2025-02-04',
      '--exclude',
      'AE4BD7',
      '--operators',
      'military-isr,law-enforcement',
    ]);
    expect(without.stdout).not.toMatch(/(?<!NOT )IN \([^)]*'ae4bd7'/);
    expect(without.stdout).toContain("AND icao24 NOT IN ('ae4bd7')");
  });
});
