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
 * On a cluster each server gets the same tables as `*_local` and a Distributed table by the
 * plain name over them (18.16 has no ON CLUSTER without ZooKeeper), positions sharded by address.
 */
import { identifier, literal } from './sql.js';

export const POSITIONS = 'sortie_positions';
export const INPUTS = 'sortie_inputs';

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
  ];
}

/** How many servers the cluster `name` lists (each must be given to `db init`). */
export function clusterHostsQuery(cluster: string): string {
  return `SELECT count() FROM system.clusters WHERE cluster = ${literal(cluster)}`;
}
