/**
 * The SQL that finds and removes orphaned rows (loads never recorded), and the rule that picks
 * them: pure parts, checked here; tests/clickhouse/orphans.test.ts runs them on real servers.
 */
import { describe, expect, it } from 'vitest';
import {
  clusterOfEngine,
  countsOfTsv,
  deleteLoadsStatement,
  loadEventInsert,
  orphansOf,
  pendingMutationsQuery,
  pruneLine,
  removedMarkQuery,
  rowsOfLoadsQuery,
  rowsPerLoadQuery,
  runningLoads,
  silenceQuery,
} from '../src/db/orphans.js';
import { recordedServersQuery, recordServersStatements } from '../src/db/schema.js';

describe('the SQL of orphan removal', () => {
  it.each([
    [
      'rows per load',
      rowsPerLoadQuery('adsb'),
      'SELECT load_id, count() FROM adsb.sortie_positions GROUP BY load_id FORMAT TabSeparated',
    ],
    [
      'rows of some loads',
      rowsOfLoadsQuery('adsb', ['7', '281474976710655']),
      'SELECT load_id, count() FROM adsb.sortie_positions WHERE load_id IN (7, 281474976710655) GROUP BY load_id FORMAT TabSeparated',
    ],
    [
      'silence by the server clock, the removed mark not a sign of life',
      silenceQuery('adsb'),
      "SELECT load_id, toUInt32(now()) - toUInt32(max(seen_at)) FROM adsb.sortie_loads WHERE event != 'removed' GROUP BY load_id FORMAT TabSeparated",
    ],
    [
      'the removed mark',
      removedMarkQuery('adsb', '42'),
      "SELECT count() FROM adsb.sortie_loads WHERE load_id = 42 AND event = 'removed'",
    ],
    [
      'a mark, its time left to the server',
      loadEventInsert('adsb'),
      'INSERT INTO adsb.sortie_loads (load_id, event, file) FORMAT TabSeparated',
    ],
    [
      'the mutation (a local table on a cluster)',
      deleteLoadsStatement('adsb', 'sortie_positions_local', ['1', '2']),
      'ALTER TABLE adsb.sortie_positions_local DELETE WHERE load_id IN (1, 2)',
    ],
    [
      'mutations still running',
      pendingMutationsQuery('adsb', 'sortie_positions'),
      "SELECT count() FROM system.mutations WHERE database = 'adsb' AND table = 'sortie_positions' AND is_done = 0",
    ],
    [
      'the recorded servers, in order',
      recordedServersQuery('adsb'),
      'SELECT server FROM adsb.sortie_servers ORDER BY position FORMAT TabSeparated',
    ],
  ])('%s', (_, sql, expected) => {
    expect(sql).toBe(expected);
  });

  it('records the servers as shown, replacing an earlier list', () => {
    expect(
      recordServersStatements('adsb', ['http://10.0.0.1:8123/adsb', "http://o'k:8123/adsb"]),
    ).toEqual([
      'TRUNCATE TABLE adsb.sortie_servers',
      "INSERT INTO adsb.sortie_servers VALUES ('http://10.0.0.1:8123/adsb', 0), ('http://o''k:8123/adsb', 1)",
    ]);
  });

  it.each([
    ['a name', () => deleteLoadsStatement('adsb', 'x; DROP TABLE y', ['1'])],
    ['a database', () => rowsPerLoadQuery('a b')],
    ['a load id that is not a number', () => deleteLoadsStatement('adsb', 't', ['1) OR (1'])],
    ['no load at all', () => deleteLoadsStatement('adsb', 't', [])],
    ['a negative id', () => removedMarkQuery('adsb', '-1')],
  ])('refuses %s that is not plain', (_, make) => {
    expect(make).toThrow();
  });

  it.each([
    [
      'Distributed(sortie_2shards, adsb, sortie_positions_local, cityHash64(hex))',
      'sortie_2shards',
    ],
    [
      "Distributed('sortie_2shards', 'adsb', 'sortie_positions_local', cityHash64(hex))",
      'sortie_2shards',
    ],
    [
      'MergeTree PARTITION BY toYYYYMMDD(time) ORDER BY (hex, time) SETTINGS index_granularity = 8192',
      null,
    ],
  ])('reads the cluster of %s', (engine, cluster) => {
    expect(clusterOfEngine(engine)).toBe(cluster);
  });

  it('reads tab-separated counts by load id', () => {
    expect(countsOfTsv('17\t3\n281474976710655\t12\n')).toEqual(
      new Map([
        ['17', 3],
        ['281474976710655', 12],
      ]),
    );
    expect(countsOfTsv('')).toEqual(new Map());
  });
});

describe('which loads are orphans', () => {
  const HOUR_S = 3600;
  const evidence = {
    rowsPerLoad: new Map([
      ['10', 100], // recorded: read by reports
      ['20', 200], // not recorded, silent 2 h: dead
      ['30', 300], // not recorded, heard from a minute ago: running
      ['40', 400], // not recorded, never heard from (a load by an earlier sortie)
      ['5', 50], // not recorded, silent exactly the grace: still running
    ]),
    recorded: new Set(['10', '99']),
    silenceS: new Map([
      ['10', 9 * HOUR_S],
      ['20', 2 * HOUR_S],
      ['30', 60],
      ['5', HOUR_S],
    ]),
    staleAfterS: HOUR_S,
  };

  it('takes the loads not recorded and silent beyond the grace, by id', () => {
    expect(orphansOf(evidence)).toEqual([
      { loadId: '20', rows: 200 },
      { loadId: '40', rows: 400 },
    ]);
  });

  it('leaves the loads heard from within the grace, and says so', () => {
    expect(runningLoads(evidence)).toEqual([
      { loadId: '30', rows: 300 },
      { loadId: '5', rows: 50 },
    ]);
  });

  it('a shorter grace takes the quieter running loads too', () => {
    expect(orphansOf({ ...evidence, staleAfterS: 59 }).map((o) => o.loadId)).toEqual([
      '5',
      '20',
      '30',
      '40',
    ]);
  });

  it('orders ids as numbers, beyond 2^53 too', () => {
    const big = {
      rowsPerLoad: new Map([
        ['18446744073709551615', 1],
        ['18446744073709551614', 1],
        ['9', 1],
      ]),
      recorded: new Set<string>(),
      silenceS: new Map<string, number>(),
      staleAfterS: 1,
    };
    expect(orphansOf(big).map((o) => o.loadId)).toEqual([
      '9',
      '18446744073709551614',
      '18446744073709551615',
    ]);
  });
});

describe('what a prune says', () => {
  const server = 'http://127.0.0.1:8123/adsb';
  it.each([
    [
      'nothing found',
      pruneLine(server, [], [], 30 * 60_000, false),
      'sortie: http://127.0.0.1:8123/adsb: no orphaned rows (not recorded, silent for over 30m)\n',
    ],
    [
      'loads removed',
      pruneLine(
        server,
        [
          { loadId: '1', rows: 1200 },
          { loadId: '2', rows: 34 },
        ],
        [],
        60 * 60_000,
        false,
      ),
      'sortie: http://127.0.0.1:8123/adsb: removed 2 orphaned loads, 1,234 rows (not recorded, silent for over 1h)\n',
    ],
    [
      'a dry run, with a running load left alone',
      pruneLine(server, [{ loadId: '1', rows: 1 }], [{ loadId: '3', rows: 5 }], 90_000, true),
      'sortie: http://127.0.0.1:8123/adsb: would remove 1 orphaned load, 1 row (not recorded, silent for over 90s); 1 load not recorded yet but heard from lately (5 rows): left alone\n',
    ],
  ])('%s', (_, line, expected) => {
    expect(line).toBe(expected);
  });
});
