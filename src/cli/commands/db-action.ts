/**
 * `sortie db init` and `sortie db load`. Loading reads each input with the file readers
 * (src/ingest/), keeping every row instead of the few a report needs (OpenSky state vectors from
 * their bytes, src/db/load-rows.ts), and streams them to ClickHouse in RowBinary batches while
 * reading (gzipped unless the server is on loopback); the input is recorded in sortie_inputs
 * (with its row accounting) only once all its rows are in, so a load cut short counts nothing and
 * the next load of the same file does it again. The rows such a load did send are removed: at once
 * when the server still answers, else by the next load or `sortie db prune` once the load has
 * been silent for the grace period (src/cli/db-orphans.ts); so are the rows of standard input
 * that proves, once sent, to be content loaded before.
 */
import { readerOptionsOf } from '../reader-flags.js';
import { createHash, randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { copyOfDay } from '../../ingest/archive/releases.js';
import {
  readInput,
  type InputFailure,
  type InputRead,
  type InputSource,
} from '../../ingest/collect.js';
import { formatByName } from '../../ingest/formats/index.js';
import { printable } from '../../ingest/plausible.js';
import { readIntoRowBinary } from '../../db/load-rows.js';
import { RowBinaryWriter, POSITION_COLUMNS, tsvField, unescapeTsv } from '../../db/rows.js';
import {
  clusterHostsQuery,
  createStatements,
  INPUTS,
  LOADS,
  POSITIONS,
  recordServersStatements,
  SERVERS,
} from '../../db/schema.js';
import { ALIVE_EVERY_MS, clusterOfEngine, pruneLine } from '../../db/orphans.js';
import { identifier, literal } from '../../db/sql.js';
import { companionsJson, evidenceJson, summaryJson } from '../../db/stored-input.js';
import { formatDuration, thousands } from '../../report/render/numbers.js';
import type { DbServer } from '../../db/server.js';
import { textTable } from '../../report/render/text-table.js';
import { ACCOUNT_COLUMNS, accountCells } from '../../report/render/inspect.js';
import { byCodeUnits } from '../../text-order.js';
import { clickHouseClient, type DbClient } from '../clickhouse.js';
import { asUserError as withDbErrors, dbServers } from '../db-connect.js';
import {
  pruneOrphans,
  removeLoads,
  rowsOfLoads,
  rowStore,
  startLoad,
  wasRemoved,
  type RowStore,
} from '../db-orphans.js';
import { DbFailure } from '../clickhouse.js';
import { expandInputs } from '../files.js';
import {
  changedSinceLoaded,
  loadedBefore,
  otherCopiesLoaded,
  storedCopies,
  storedFiles,
} from './db-day-copies.js';
import { UserError, type Io } from '../io.js';
import { recordsText } from '../../report/fix-sources.js';
import type { DbInitOptions, DbLoadOptions, DbPruneOptions } from './db-options.js';

/** A load's id: random, so that loads from several machines at once need no counter. */
const newLoadId = (): number => randomInt(1, 2 ** 48);

/**
 * Rows go to the server in batches of about this many bytes (before gzip): about 160,000 positions,
 * big enough for MergeTree, small enough that the last batch's wait at the end of a load is short
 * (48 MB made a 60 MB load wait a fifth of its time on the last insert).
 */
const BATCH_BYTES = 16 << 20;
/** Batches sent and not yet answered; reading waits while this many are out. */
const BATCHES_IN_FLIGHT = 2;

export async function dbInitAction(opts: DbInitOptions, io: Io): Promise<void> {
  const servers = dbServers(opts.db, io);
  const cluster = opts.cluster ?? null;
  if (cluster === null && servers.length > 1) {
    throw new UserError('--db names several servers: give --cluster NAME for them');
  }
  const clients = servers.map((s) => clickHouseClient(s, { timeoutMs: opts.dbTimeout }));
  await withDbErrors(async () => {
    if (cluster !== null) {
      const first = clients[0] as DbClient;
      const listed = Number(await first.text(clusterHostsQuery(cluster)));
      if (listed === 0) {
        throw new UserError(
          `${first.server.shown}: no cluster "${printable(cluster)}" in system.clusters`,
        );
      }
      if (listed !== clients.length) {
        throw new UserError(
          `cluster "${printable(cluster)}" has ${listed} servers and --db names ${clients.length}: give every server's HTTP URL, comma-separated (the tables are made on each; ON CLUSTER needs ZooKeeper)`,
        );
      }
    }
    for (const client of clients) {
      for (const sql of createStatements(client.server.database, cluster)) await client.text(sql);
      // Removing rows needs every server's local table: a load through one server finds them here.
      if (cluster !== null) {
        const shown = servers.map((s) => s.shown);
        for (const sql of recordServersStatements(client.server.database, shown)) {
          await client.text(sql);
        }
      }
      io.stderr(
        `sortie: ${client.server.shown}: tables ${POSITIONS}, ${INPUTS} and ${LOADS} ready${cluster === null ? '' : ` (local tables, and Distributed over cluster ${printable(cluster)}; the ${clients.length} servers recorded)`}\n`,
      );
    }
  });
}

/**
 * What identifies an input across loads: the real path, size and modification time of each of its
 * files (a split release's parts); a day folder by its path, and by its day when its traces gave
 * it (a folder of another name extracted into again holds another day); null for standard input,
 * known only by its content.
 */
async function inputKey(source: InputSource): Promise<string | null> {
  if (source.once === true) return null;
  const archive = source.archive;
  const parts =
    archive !== undefined && 'parts' in archive
      ? archive.parts.map((p) => p.path)
      : source.path === undefined
        ? []
        : [source.path];
  if (parts.length === 0) {
    const dated = archive?.kind === 'globe-history' && archive.dayFromTraces === true;
    return `folder:${path.resolve(source.name)}${dated ? `|${archive.day ?? ''}` : ''}`;
  }
  const keys: string[] = [];
  for (const p of parts) {
    const stat = await fs.stat(p);
    keys.push(`${await fs.realpath(p)}|${stat.size}|${Math.round(stat.mtimeMs)}`);
  }
  return keys.join(';');
}

interface Loaded {
  readonly file: string;
  readonly status: string;
  readonly summary: import('../../ingest/collect.js').InputSummary | null;
  readonly positions: number;
}

/** An input read whole whose rows a prune removed meanwhile (its load was silent too long). */
const REMOVED_BY_PRUNE = 'removed by a prune';

/** An input whose files (or, from standard input, content) a load already recorded. */
const alreadyLoaded = (file: string): Loaded => ({
  file,
  status: 'already loaded, skipped',
  summary: null,
  positions: 0,
});

export async function dbLoadAction(
  inputs: readonly string[],
  opts: DbLoadOptions,
  io: Io,
  setExit: (code: number) => void,
): Promise<void> {
  const servers = dbServers(opts.db, io);
  if (servers.length > 1) {
    throw new UserError(
      '--db: give one server to load through (on a cluster, its Distributed tables spread the rows)',
    );
  }
  const client = clickHouseClient(servers[0] as (typeof servers)[number], {
    timeoutMs: opts.dbTimeout,
  });
  const db = identifier(client.server.database);
  const forced = opts.inputFormat === undefined ? undefined : formatByName(opts.inputFormat);
  const reader = readerOptionsOf(opts, true);
  await withDbErrors(async () => {
    const store = await openStore(client, opts.dbTimeout);
    const settings = store.settings;
    warnShortGrace(opts.staleAfter, io);
    await pruneBeforeLoad(store, opts, io);
    const recorded = (
      await client.text(
        `SELECT DISTINCT input_key, file, kind FROM ${db}.${INPUTS} FORMAT TabSeparated`,
      )
    )
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const [key = '', file = '', kind = ''] = l.split('\t').map(unescapeTsv);
        return { key, file, kind };
      });
    const known = new Set(recorded.map((r) => r.key));
    // Copies of a day read together in this load are so by choice (oneCopyOfEachDay): only an
    // earlier load's are said.
    const stored = recorded.filter((r) => r.kind === 'input');
    const earlierCopies = storedCopies(stored);
    const earlierFiles = storedFiles(stored);
    const { sources, unreadable, passedOver, leftOut } = await expandInputs(
      inputs,
      io.stdin,
      opts.glob,
    );
    for (const u of unreadable)
      io.stderr(`sortie: ${printable(u.name)}: ${printable(u.message)}\n`);
    if (sources.length === 0 && passedOver.length === 0) {
      throw new UserError(`no input files found in ${inputs.join(', ')}`);
    }
    const results: Loaded[] = [];
    const startedMs = Date.now();
    let rowsLoaded = 0;
    // Files a folder held that are not flight data: inspect lists them; so does a report from the database.
    const notData = [
      ...passedOver.map((p) => ({ name: p.name, reason: p.reason, kind: 'passed-over' })),
      ...leftOut.map((l) => ({ name: l.file, reason: l.reason, kind: 'left-out' })),
    ];
    // Copies loaded before and left out now, said once (not again as the copy read's other copy).
    const said = new Set<string>();
    for (const l of leftOut) {
      const before = await loadedBefore(l.file, known, earlierFiles);
      if (before === null) continue;
      said.add(before);
      io.stderr(
        `sortie: warning: ${printable(l.file)} is left out (${printable(l.reason)}), but a load before this one put it into the database: it holds both copies of that day now (a report from it merges their fixes as duplicates)\n`,
      );
    }
    for (const p of notData) {
      const key = `${p.kind}:${path.resolve(p.name)}`;
      if (known.has(key)) continue;
      await recordInput(
        client,
        db,
        {
          key,
          loadId: newLoadId(),
          file: p.name,
          kind: p.kind,
          summary: JSON.stringify({ reason: p.reason }),
          evidence: '[]',
          companions: '{"flights":[],"flight":null}',
        },
        settings,
      );
    }
    for (const source of sources) {
      let key = await inputKey(source);
      if (key !== null && known.has(key)) {
        results.push(alreadyLoaded(source.name));
        continue;
      }
      // Said once its rows are in: a load cut short leaves the database as it was.
      const otherCopies = await otherCopiesLoaded(source, earlierCopies, said);
      const changed = key !== null && changedSinceLoaded(key, earlierFiles);
      const hash = key === null ? createHash('sha256') : null;
      const loadId = newLoadId();
      const life = await startLoad(store, String(loadId), source.name);
      // Ctrl-C stops the load where it is, so that it can remove the rows it sent before it exits.
      const interrupt = new AbortController();
      const release = io.onInterruptRequest?.(() => interrupt.abort()) ?? ((): void => undefined);
      let sent: Awaited<ReturnType<typeof loadSource>>;
      try {
        sent = await loadSource(client, db, hashed(source, hash), loadId, {
          forced,
          reader,
          settings,
          signal: interrupt.signal,
        });
      } catch (err) {
        life.stop();
        const interrupted = err instanceof Interrupted;
        await removeFailedLoad(store, String(loadId), source.name, interrupted, opts, io);
        if (interrupted) {
          io.stderr(`sortie: interrupted while loading ${printable(source.name)}\n`);
          setExit(INTERRUPTED_EXIT);
          return;
        }
        throw err;
      } finally {
        release();
      }
      life.stop();
      if (hash !== null) key = `sha256:${hash.digest('hex')}`;
      if (known.has(key as string)) {
        // Standard input is known only once read: its rows just sent are a second copy.
        await removeDuplicate(store, String(loadId), source.name, sent.positions, opts, io);
        results.push(alreadyLoaded(source.name));
        continue;
      }
      if (await wasRemoved(store, String(loadId))) {
        io.stderr(
          `sortie: ${printable(source.name)}: not recorded: its load was silent for longer than the grace and a prune removed its rows; load it again\n`,
        );
        setExit(1);
        results.push({
          file: source.name,
          status: REMOVED_BY_PRUNE,
          summary: null,
          positions: 0,
        });
        continue;
      }
      await recordInput(
        client,
        db,
        {
          key: key as string,
          loadId,
          file: source.name,
          kind: 'input',
          summary: summaryJson(sent.read.summary),
          evidence: evidenceJson(sent.read.evidence),
          companions: companionsJson(sent.read.companions),
        },
        settings,
      );
      known.add(key as string);
      if (changed) {
        io.stderr(
          `sortie: warning: ${printable(source.name)} was loaded before in another state (another size or modification time: downloaded again, or grown since): the database holds the rows of both now (a report from it merges their fixes as duplicates)\n`,
        );
      }
      for (const other of otherCopies) {
        io.stderr(
          `sortie: warning: ${printable(source.name)} is another copy of ${copyOfDay(source) ?? ''} than ${printable(other)}, which a load before this one put into the database: it holds both copies of that day now (a report from it merges their fixes as duplicates)\n`,
        );
      }
      rowsLoaded += sent.positions;
      const failed = sent.read.summary.error !== null;
      if (failed) {
        const e = sent.read.summary.error as InputFailure;
        // A registry holds no row to load; it is recorded, so that a report says what it was.
        const loadedPart =
          e.registry === undefined ? 'the rows read before it are loaded' : 'no rows to load';
        io.stderr(
          `sortie: ${printable(source.name)}${e.line === null ? '' : `:${e.line}`}: ${printable(e.message)} (${loadedPart})\n`,
        );
        setExit(1);
      }
      results.push({
        file: source.name,
        status: 'loaded',
        summary: sent.read.summary,
        positions: sent.positions,
      });
    }
    const seconds = (Date.now() - startedMs) / 1000;
    if (opts.quiet !== true) io.stdout(loadTable(results));
    const loaded = results.filter((r) => r.status === 'loaded').length;
    const unrecorded = results.filter((r) => r.status === REMOVED_BY_PRUNE).length;
    const skipped = results.length - loaded - unrecorded;
    io.stdout(
      `${loaded} input${loaded === 1 ? '' : 's'} loaded into ${client.server.shown}: ${thousands(rowsLoaded)} positions in ${seconds.toFixed(1)} s (${thousands(Math.round(rowsLoaded / Math.max(seconds, 1e-3)))} rows/s)${skipped > 0 ? `; ${skipped} already loaded, skipped` : ''}${unrecorded > 0 ? `; ${unrecorded} not recorded (removed by a prune)` : ''}\n`,
    );
    if (unreadable.length > 0) setExit(1);
  });
}

/**
 * The server's positions table, the tables a load writes, and the settings its inserts take;
 * a database made by an earlier `db init` without sortie_loads is told to run it again.
 */
async function openStore(
  client: DbClient,
  timeoutMs: number,
  servers: DbServer[] | null = null,
): Promise<RowStore> {
  // Each table's engine, and its full form (a Distributed table's names its cluster).
  const tables = new Map(
    (
      await client.text(
        `SELECT name, engine, engine_full FROM system.tables WHERE database = ${literal(client.server.database)} AND name IN (${literal(POSITIONS)}, ${literal(LOADS)}, ${literal(SERVERS)}) FORMAT TabSeparated`,
      )
    )
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const [name, engine, full] = l.split('\t') as [string, string, string];
        return [name, { engine, full: unescapeTsv(full) }] as const;
      }),
  );
  const positions = tables.get(POSITIONS);
  if (positions === undefined) {
    throw new UserError(
      `${client.server.shown}: no table ${POSITIONS}: run sortie db init --db URL first`,
    );
  }
  if (!tables.has(LOADS)) {
    throw new UserError(
      `${client.server.shown}: no table ${LOADS} (made by db init since loads mark their progress): run sortie db init again with the same --db (and --cluster): it adds it and keeps the data`,
    );
  }
  const engine = positions.engine;
  // Through a Distributed table, each insert returns once every shard has its rows.
  const settings: Record<string, string> =
    engine === 'Distributed' ? { insert_distributed_sync: '1' } : {};
  // Newer servers refuse an insert spanning over 100 days (partitions); 18.16 has no such limit
  // and no such setting, and refuses settings it does not know.
  const limited = await client.text(
    "SELECT count() FROM system.settings WHERE name = 'max_partitions_per_insert_block'",
  );
  if (limited === '1') settings['max_partitions_per_insert_block'] = '0';
  return rowStore(client, settings, timeoutMs, {
    cluster: engine === 'Distributed' ? clusterOfEngine(positions.full) : null,
    distributed: engine === 'Distributed',
    serversRecorded: tables.has(SERVERS),
    servers,
  });
}

/** A grace shorter than two signs of life may take a load that is still running. */
function warnShortGrace(staleAfterMs: number, io: Io): void {
  if (staleAfterMs >= 2 * ALIVE_EVERY_MS) return;
  io.stderr(
    `sortie: warning: --stale-after ${formatDuration(staleAfterMs)} is shorter than two signs of life of a running load (${formatDuration(ALIVE_EVERY_MS)} apart): a load still running elsewhere may lose its rows\n`,
  );
}

/**
 * Before a load, the rows earlier loads left behind (by the grace rule) are removed. Failing that
 * (a cluster whose servers are not recorded, a server down) is said and the load goes on: those
 * rows cost disk, never a wrong count.
 */
async function pruneBeforeLoad(store: RowStore, opts: DbLoadOptions, io: Io): Promise<void> {
  try {
    const pruned = await pruneOrphans(store, opts.staleAfter, false);
    if (pruned.orphans.length > 0 && opts.quiet !== true) {
      io.stderr(pruneLine(store.client.server.shown, pruned.orphans, [], opts.staleAfter, false));
    }
  } catch (err) {
    if (!(err instanceof DbFailure)) throw err;
    io.stderr(`sortie: orphaned rows not removed: ${err.message}\n`);
  }
}

/**
 * The rows a failed load sent, removed while the client still can. When the server cannot do it
 * (it is what failed), the load's silence lets a later load or prune remove them.
 */
async function removeFailedLoad(
  store: RowStore,
  loadId: string,
  file: string,
  interrupted: boolean,
  opts: { quiet?: boolean; staleAfter: number },
  io: Io,
): Promise<void> {
  try {
    const rows = (await rowsOfLoads(store, [loadId])).get(loadId) ?? 0;
    if (rows === 0) return;
    await removeLoads(store, [loadId], file);
    if (opts.quiet !== true) {
      io.stderr(
        `sortie: ${printable(file)}: removed the ${thousands(rows)} rows its ${interrupted ? 'interrupted' : 'failed'} load had sent (1 load)\n`,
      );
    }
  } catch (err) {
    if (!(err instanceof DbFailure)) throw err;
    io.stderr(
      `sortie: ${printable(file)}: the rows its ${interrupted ? 'interrupted' : 'failed'} load sent stay until a db load or db prune ${formatDuration(opts.staleAfter)} from now removes them (${err.message})\n`,
    );
  }
}

/** The rows of standard input that proved loaded before; failing that, a later prune's. */
async function removeDuplicate(
  store: RowStore,
  loadId: string,
  file: string,
  rows: number,
  opts: { quiet?: boolean; staleAfter: number },
  io: Io,
): Promise<void> {
  const what = `${printable(file)}: the same content as an input loaded before`;
  try {
    await removeLoads(store, [loadId], file);
    if (opts.quiet !== true) {
      io.stderr(`sortie: ${what}: removed the ${thousands(rows)} rows just sent (1 load)\n`);
    }
  } catch (err) {
    if (!(err instanceof DbFailure)) throw err;
    io.stderr(
      `sortie: ${what}: its ${thousands(rows)} rows just sent stay until a db load or db prune ${formatDuration(opts.staleAfter)} from now removes them (${err.message})\n`,
    );
  }
}

export async function dbPruneAction(opts: DbPruneOptions, io: Io): Promise<void> {
  const servers = dbServers(opts.db, io);
  const client = clickHouseClient(servers[0] as DbServer, { timeoutMs: opts.dbTimeout });
  await withDbErrors(async () => {
    const store = await openStore(client, opts.dbTimeout, servers.length > 1 ? servers : null);
    warnShortGrace(opts.staleAfter, io);
    const pruned = await pruneOrphans(store, opts.staleAfter, opts.dryRun === true);
    if (opts.quiet !== true || opts.dryRun === true) {
      io.stderr(
        pruneLine(
          client.server.shown,
          pruned.orphans,
          pruned.running,
          opts.staleAfter,
          opts.dryRun === true,
        ),
      );
    }
  });
}

function loadTable(results: readonly Loaded[]): string {
  const table = textTable(
    [...ACCOUNT_COLUMNS, { header: 'Loaded' }],
    results.map((r) =>
      r.summary === null
        ? [r.file, ...ACCOUNT_COLUMNS.slice(1).map(() => ''), r.status]
        : [...accountCells(r.summary), `${thousands(r.positions)} positions`],
    ),
  );
  const notes = results.flatMap(({ file, summary }) =>
    summary === null
      ? []
      : Object.entries(summary.skipped)
          .sort(([a], [b]) => byCodeUnits(a, b))
          .map(
            ([reason, s]) =>
              `${file}: skipped ${thousands(s.count)} × ${reason} (first at ${recordsText(summary, s.firstLines)})`,
          ),
  );
  return `${table}\n${notes.map((n) => `${n}\n`).join('')}`;
}

/** A source whose bytes also go through `hash` (standard input: known only by its content). */
function hashed(source: InputSource, hash: ReturnType<typeof createHash> | null): InputSource {
  if (hash === null) return source;
  return {
    ...source,
    async *open() {
      for await (const chunk of source.open()) {
        hash.update(chunk);
        yield chunk;
      }
    },
  };
}

interface LoadSettings {
  readonly forced: ReturnType<typeof formatByName> | undefined;
  readonly reader: Parameters<typeof readInput>[2]['reader'];
  readonly settings: Record<string, string>;
  /** Aborted by Ctrl-C: the load stops at its next chunk, or while it waits for one. */
  readonly signal: AbortSignal;
}

/** What a load stopped by Ctrl-C throws, once every batch it sent has been answered. */
class Interrupted extends Error {}

/** 128 + SIGINT, as a shell reports a command Ctrl-C ended. */
const INTERRUPTED_EXIT = 130;

/** The chunks of `source`, ending with Interrupted when `signal` aborts, even while one is awaited. */
async function* untilAborted(
  chunks: AsyncIterable<Uint8Array>,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  let stop = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    stop = (): void => reject(new Interrupted('interrupted'));
  });
  // Never left unhandled: the race below is what reads it.
  aborted.catch(() => undefined);
  if (signal.aborted) stop();
  signal.addEventListener('abort', stop, { once: true });
  const it = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await Promise.race([it.next(), aborted]);
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    signal.removeEventListener('abort', stop);
    void it.return?.();
  }
}

async function loadSource(
  client: DbClient,
  db: string,
  source: InputSource,
  loadId: number,
  how: LoadSettings,
): Promise<{ read: InputRead; positions: number }> {
  const statement = `INSERT INTO ${db}.${POSITIONS} (${POSITION_COLUMNS.join(', ')}) FORMAT RowBinary`;
  const writer = new RowBinaryWriter(BATCH_BYTES + (1 << 20));
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  const send = (): void => {
    if (writer.rows === 0) return;
    const body = writer.take();
    const sending: Promise<void> = client.insert(statement, body, how.settings).then(
      () => {
        inFlight.delete(sending);
      },
      (err: unknown) => {
        inFlight.delete(sending);
        failure ??= err;
      },
    );
    inFlight.add(sending);
  };
  // Reading waits while the server is behind: memory holds at most a few batches.
  const gate = async (): Promise<void> => {
    while (inFlight.size >= BATCHES_IN_FLIGHT) await Promise.race(inFlight);
    if (failure !== null) throw failure;
  };
  const gated: InputSource = {
    ...source,
    async *open() {
      for await (const chunk of untilAborted(source.open(), how.signal)) {
        await gate();
        yield chunk;
      }
    },
  };
  try {
    const { read, rows } = await readIntoRowBinary(
      gated,
      { forced: how.forced, reader: how.reader, path: 'bytes' },
      writer,
      loadId,
      () => {
        if (writer.bytes >= BATCH_BYTES) send();
      },
    );
    // A database failure or Ctrl-C met while reading stops the read (the reader takes it for the
    // file's error): it is the load's failure, not the file's.
    if (failure !== null) throw failure;
    if (how.signal.aborted) throw new Interrupted('interrupted');
    send();
    await Promise.all(inFlight);
    if (failure !== null) throw failure;
    return { read, positions: rows };
  } catch (err) {
    // Every batch answered before the caller removes what went in: none lands after the removal.
    await Promise.allSettled(inFlight);
    throw err;
  }
}

interface InputRow {
  readonly key: string;
  readonly loadId: number;
  readonly file: string;
  readonly kind: string;
  readonly summary: string;
  readonly evidence: string;
  readonly companions: string;
}

async function recordInput(
  client: DbClient,
  db: string,
  row: InputRow,
  settings: Record<string, string>,
): Promise<void> {
  let size = 0;
  let mtime = 0;
  const parts = row.key.split(';')[0]?.split('|') ?? [];
  if (parts.length === 3) {
    size = Number(parts[1]);
    mtime = Number(parts[2]);
  }
  const line = [
    row.key,
    String(row.loadId),
    row.file,
    String(size),
    String(mtime),
    String(Math.floor(Date.now() / 1000)),
    row.kind,
    row.summary,
    row.evidence,
    row.companions,
  ]
    .map(tsvField)
    .join('\t');
  await client.insert(
    `INSERT INTO ${db}.${INPUTS} (input_key, load_id, file, size_bytes, mtime_ms, loaded_at, kind, summary, evidence, companions) FORMAT TabSeparated`,
    Buffer.from(`${line}\n`),
    settings,
  );
}
