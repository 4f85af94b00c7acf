/**
 * The tables `sortie db init` makes. Only SQL that ClickHouse 18.16 (Debian's package) and current
 * releases both accept: DateTime (seconds) beside a millisecond column, plain String, no codecs.
 *
 * - sortie_positions: every position any input gave, in sortie's normalized form, with its load
 *   and its place in that input (`seq`, the order the reader gave it; `line`, what messages cite).
 *   Partitioned by UTC day, sorted by address then time: "these aircraft, this time" reads a few
 *   granules of each day, and a box is checked on what that leaves.
 * - sortie_inputs: one row per input loaded: what identifies the file (path, size, mtime), the
 *   load it was given (a random number: a string per row would be most of every scan), and what reading it told that is not in its positions (the row accounting,
 *   the aircraft evidence, FR24 companions). A load is visible only once its row is here, so a
 *   load cut short leaves nothing that counts.
 *
 * - sortie_loads: a load's signs of life, written before its first row and every minute while it
 *   runs (`seen_at` is the server's clock), and the mark `removed` once its rows are removed. Rows
 *   of a load neither recorded in sortie_inputs nor heard from lately are orphans (a load that
 *   failed or was killed) and are removed (src/db/orphans.ts).
 * - sortie_servers (cluster only, a plain table on each server): every server `db init` was given,
 *   as origin and database without credentials. Removing rows needs each shard's local table
 *   (18.16 cannot ALTER through a Distributed table), so a load through one server finds the rest
 *   here.
 *
 * On a cluster each server gets the same tables as `*_local` and a Distributed table by the
 * plain name over them (18.16 has no ON CLUSTER without ZooKeeper), positions sharded by address.
 */
import { identifier, literal } from './sql.js';

export const POSITIONS = 'sortie_positions';
export const INPUTS = 'sortie_inputs';
export const LOADS = 'sortie_loads';
export const SERVERS = 'sortie_servers';

/** What a row of sortie_loads says about its load. */
export type LoadEvent = 'started' | 'alive' | 'removed';

const POSITIONS_BODY = `(
    load_id UInt64,
    seq UInt64,
    line UInt64,
    time DateTime,
    time_ms Int64,
    hex String,
    callsign Nullable(String),
    lat Float64,
    lon Float64,
    altitude_ft Nullable(Float64),
    on_ground UInt8,
    gs_kt Nullable(Float64),
    track_deg Nullable(Float64),
    type_code Nullable(String),
    registration Nullable(String),
    db_flags Nullable(Int32),
    military UInt8,
    squawk Nullable(String),
    new_leg Nullable(UInt8)
)
ENGINE = MergeTree
PARTITION BY toYYYYMMDD(time)
ORDER BY (hex, time)`;

const INPUTS_BODY = `(
    input_key String,
    load_id UInt64,
    file String,
    size_bytes UInt64,
    mtime_ms Int64,
    loaded_at DateTime,
    kind String,
    summary String,
    evidence String,
    companions String
)
ENGINE = MergeTree
ORDER BY (input_key, load_id)`;

const LOADS_BODY = `(
    load_id UInt64,
    seen_at DateTime DEFAULT now(),
    event String,
    file String
)
ENGINE = MergeTree
ORDER BY (load_id, seen_at)`;

const SERVERS_BODY = `(
    server String,
    position UInt32
)
ENGINE = MergeTree
ORDER BY position`;

/** The statements that make the tables on one server (one statement per request). */
export function createStatements(database: string, cluster: string | null): string[] {
  const db = identifier(database);
  const make = (name: string, body: string, shardKey: string): string[] =>
    cluster === null
      ? [`CREATE TABLE IF NOT EXISTS ${db}.${name} ${body}`]
      : [
          `CREATE TABLE IF NOT EXISTS ${db}.${name}_local ${body}`,
          `CREATE TABLE IF NOT EXISTS ${db}.${name} AS ${db}.${name}_local ENGINE = Distributed(${identifier(cluster)}, ${db}, ${name}_local, ${shardKey})`,
        ];
  return [
    ...make(POSITIONS, POSITIONS_BODY, 'cityHash64(hex)'),
    ...make(INPUTS, INPUTS_BODY, 'cityHash64(input_key)'),
    ...make(LOADS, LOADS_BODY, 'load_id'),
    ...(cluster === null ? [] : [`CREATE TABLE IF NOT EXISTS ${db}.${SERVERS} ${SERVERS_BODY}`]),
  ];
}

/**
 * The statements that record a cluster's servers (as `shown`: origin and database, never a
 * credential) on one of them, replacing what an earlier `db init` recorded.
 */
export function recordServersStatements(database: string, shown: readonly string[]): string[] {
  const db = identifier(database);
  const rows = shown.map((s, i) => `(${literal(s)}, ${i})`).join(', ');
  return [`TRUNCATE TABLE ${db}.${SERVERS}`, `INSERT INTO ${db}.${SERVERS} VALUES ${rows}`];
}

/** The servers a cluster's `db init` recorded, in the order it was given them. */
export function recordedServersQuery(database: string): string {
  return `SELECT server FROM ${identifier(database)}.${SERVERS} ORDER BY position FORMAT TabSeparated`;
}

/** How many servers the cluster `name` lists (each must be given to `db init`). */
export function clusterHostsQuery(cluster: string): string {
  return `SELECT count() FROM system.clusters WHERE cluster = ${literal(cluster)}`;
}
