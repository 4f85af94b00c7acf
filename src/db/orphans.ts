/**
 * Rows no report will ever read: positions of a load that is not recorded in sortie_inputs and
 * never will be. Two ways they arise: a load that failed after some batches were in (a server that
 * died, a client killed or cut off, an insert refused), and standard input found, once its rows
 * were sent, to hold content loaded before. They cost disk, not correctness (reports read only
 * recorded loads), and are removed with `ALTER TABLE ... DELETE WHERE load_id IN (...)`: a
 * mutation, which ClickHouse 18.16 and current releases both accept, run on the table that holds
 * the rows (on a cluster, each server's local table: 18.16 cannot ALTER through a Distributed one).
 *
 * Which loads are orphans: a load writes `started` to sortie_loads before its first row, and
 * `alive` every minute while it runs, with the server's clock. A load id with positions, absent
 * from sortie_inputs, whose last sign of life (or none at all: loads by sortie before these marks)
 * is older than the grace period, is an orphan. A load still running is heard from every minute,
 * so a grace of several minutes never takes it; one that is silent that long is stopped or dead.
 */
import { identifier, literal } from './sql.js';
import { INPUTS, LOADS, POSITIONS } from './schema.js';
import { formatDuration, thousands } from '../report/render/numbers.js';

/** How often a running load says it is alive. */
export const ALIVE_EVERY_MS = 60_000;
/** The default grace: a load silent this long (thirty missed signs of life) is taken for dead. */
export const DEFAULT_STALE_AFTER_MS = 30 * 60_000;

/** A load's id as SQL: ids are whole numbers, as the server wrote them. */
function loadIdSql(id: string): string {
  if (!/^\d{1,20}$/.test(id)) throw new Error(`not a load id: ${JSON.stringify(id)}`);
  return id;
}

/** Rows per load id in the positions table (through a Distributed table: every shard's). */
export function rowsPerLoadQuery(database: string): string {
  return `SELECT load_id, count() FROM ${identifier(database)}.${POSITIONS} GROUP BY load_id FORMAT TabSeparated`;
}

/** Rows of these loads only. */
export function rowsOfLoadsQuery(database: string, loadIds: readonly string[]): string {
  return `SELECT load_id, count() FROM ${identifier(database)}.${POSITIONS} WHERE load_id IN (${loadIds.map(loadIdSql).join(', ')}) GROUP BY load_id FORMAT TabSeparated`;
}

/** The loads sortie_inputs records: the ones reports read. */
export function recordedLoadsQuery(database: string): string {
  return `SELECT DISTINCT load_id FROM ${identifier(database)}.${INPUTS} FORMAT TabSeparated`;
}

/**
 * Each load's last sign of life in seconds before the server's now (the mark `removed` is not one),
 * so that no client's clock enters the rule.
 */
export function silenceQuery(database: string): string {
  return `SELECT load_id, toUInt32(now()) - toUInt32(max(seen_at)) FROM ${identifier(database)}.${LOADS} WHERE event != 'removed' GROUP BY load_id FORMAT TabSeparated`;
}

/** Whether this load was marked removed: a load that comes back after a long silence must not be recorded. */
export function removedMarkQuery(database: string, loadId: string): string {
  return `SELECT count() FROM ${identifier(database)}.${LOADS} WHERE load_id = ${loadIdSql(loadId)} AND event = 'removed'`;
}

/** The insert a load's mark goes in with (`seen_at` left to the server's clock). */
export function loadEventInsert(database: string): string {
  return `INSERT INTO ${identifier(database)}.${LOADS} (load_id, event, file) FORMAT TabSeparated`;
}

/** The mutation that removes these loads' rows from one table. */
export function deleteLoadsStatement(
  database: string,
  table: string,
  loadIds: readonly string[],
): string {
  if (loadIds.length === 0) throw new Error('no load to delete');
  return `ALTER TABLE ${identifier(database)}.${identifier(table)} DELETE WHERE load_id IN (${loadIds.map(loadIdSql).join(', ')})`;
}

/**
 * How many mutations of a table are still running: ALTER ... DELETE returns at once on every
 * version, and 18.16 has no setting that makes it wait, so the caller polls this to 0.
 */
export function pendingMutationsQuery(database: string, table: string): string {
  return `SELECT count() FROM system.mutations WHERE database = ${literal(database)} AND table = ${literal(identifier(table))} AND is_done = 0`;
}

/** The cluster a Distributed table's `engine_full` names (`Distributed(cluster, db, table, key)`). */
export function clusterOfEngine(engineFull: string): string | null {
  const m = /^Distributed\(\s*'?([A-Za-z0-9_.-]+)'?\s*,/.exec(engineFull.trim());
  return m === null ? null : (m[1] as string);
}

/** Tab-separated `load_id<TAB>number` lines as a map. */
export function countsOfTsv(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [id, n] = line.split('\t');
    out.set(loadIdSql(id as string), Number(n));
  }
  return out;
}

/** A load to remove, with its rows. */
export interface Orphan {
  readonly loadId: string;
  readonly rows: number;
}

export interface OrphanEvidence {
  /** Rows per load id in positions, read first: a load seen here has written its `started`. */
  readonly rowsPerLoad: ReadonlyMap<string, number>;
  /** Load ids sortie_inputs records, read after the rows. */
  readonly recorded: ReadonlySet<string>;
  /** Seconds since each load's last sign of life, by the server's clock, read after the rows. */
  readonly silenceS: ReadonlyMap<string, number>;
  readonly staleAfterS: number;
}

/**
 * The orphans, by load id. A load is one when it has rows, is not recorded, and has been silent
 * for longer than the grace (or never spoke: a load by an earlier sortie). The order of reads
 * matters: rows first, then records and signs of life, so a load that finishes or starts in
 * between is seen recorded or alive.
 */
export function orphansOf(e: OrphanEvidence): Orphan[] {
  const out: Orphan[] = [];
  for (const [loadId, rows] of e.rowsPerLoad) {
    if (e.recorded.has(loadId)) continue;
    const silence = e.silenceS.get(loadId);
    if (silence !== undefined && silence <= e.staleAfterS) continue;
    out.push({ loadId, rows });
  }
  return out.sort((a, b) => (BigInt(a.loadId) < BigInt(b.loadId) ? -1 : 1));
}

/** Loads not recorded and heard from within the grace: running, not touched, but worth a word. */
export function runningLoads(e: OrphanEvidence): Orphan[] {
  const orphans = new Set(orphansOf(e).map((o) => o.loadId));
  return [...e.rowsPerLoad]
    .filter(([id]) => !e.recorded.has(id) && !orphans.has(id))
    .map(([loadId, rows]) => ({ loadId, rows }));
}

const plural = (n: number, word: string): string => `${thousands(n)} ${word}${n === 1 ? '' : 's'}`;

/** The one line a prune says, `server` being how the server is shown (never a credential). */
export function pruneLine(
  server: string,
  orphans: readonly Orphan[],
  running: readonly Orphan[],
  staleAfterMs: number,
  dryRun: boolean,
): string {
  const rule = `not recorded, silent for over ${formatDuration(staleAfterMs)}`;
  const rows = orphans.reduce((n, o) => n + o.rows, 0);
  const head =
    orphans.length === 0
      ? `no orphaned rows (${rule})`
      : `${dryRun ? 'would remove' : 'removed'} ${plural(orphans.length, 'orphaned load')}, ${plural(rows, 'row')} (${rule})`;
  const runningRows = running.reduce((n, o) => n + o.rows, 0);
  const tail =
    running.length === 0
      ? ''
      : `; ${plural(running.length, 'load')} not recorded yet but heard from lately (${plural(runningRows, 'row')}): left alone`;
  return `sortie: ${server}: ${head}${tail}\n`;
}
