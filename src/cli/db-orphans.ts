/**
 * Removing the rows of loads that will never be recorded (src/db/orphans.ts says which and why):
 * at once for a load of this run that failed or proved a duplicate, and by the grace rule for
 * loads that some client left behind. Rows are removed where they are stored: on one server its
 * positions table; on a cluster every server's local table (18.16 cannot ALTER through a
 * Distributed table), the servers being those `db init --cluster` recorded, or the ones given.
 */
import {
  ALIVE_EVERY_MS,
  countsOfTsv,
  deleteLoadsStatement,
  loadEventInsert,
  orphansOf,
  pendingMutationsQuery,
  recordedLoadsQuery,
  removedMarkQuery,
  rowsOfLoadsQuery,
  rowsPerLoadQuery,
  runningLoads,
  silenceQuery,
  type Orphan,
} from '../db/orphans.js';
import { tsvField } from '../db/rows.js';
import {
  clusterHostsQuery,
  POSITIONS,
  recordedServersQuery,
  type LoadEvent,
} from '../db/schema.js';
import { parseDbUrl, type DbServer } from '../db/server.js';
import { clickHouseClient, DbFailure, type DbClient } from './clickhouse.js';

/** Where a database's positions are, and how to write to its tables. */
export interface RowStore {
  /** The server loads and queries go through. */
  readonly client: DbClient;
  /** Settings every insert takes (through a Distributed table: wait for every shard). */
  readonly settings: Record<string, string>;
  /** The tables that hold the rows, each with its server: found when first needed. */
  readonly holders: () => Promise<readonly Holder[]>;
  readonly timeoutMs: number;
}

interface Holder {
  readonly client: DbClient;
  readonly table: string;
}

/** What the database's tables tell about where its rows are (db load reads them once). */
export interface StoreLayout {
  /** Whether its positions table is a Distributed one over a cluster's local tables. */
  readonly distributed: boolean;
  /** The cluster that table names, if it names one sortie reads. */
  readonly cluster: string | null;
  /** Whether `db init --cluster` recorded the cluster's servers. */
  readonly serversRecorded: boolean;
  /** The cluster's servers as given (else those recorded). */
  readonly servers: readonly DbServer[] | null;
}

/** The store behind `client`, laid out as `layout` says. */
export function rowStore(
  client: DbClient,
  settings: Record<string, string>,
  timeoutMs: number,
  layout: StoreLayout,
): RowStore {
  let found: Promise<readonly Holder[]> | null = null;
  const holders = async (): Promise<readonly Holder[]> => {
    if (!layout.distributed) return [{ client, table: POSITIONS }];
    const list = layout.servers ?? (await recordedServers(client, layout.serversRecorded));
    await checkEveryServer(client, layout.cluster, list.length);
    return list.map((s) => ({
      client: clickHouseClient(s, { timeoutMs }),
      table: `${POSITIONS}_local`,
    }));
  };
  return {
    client,
    settings,
    timeoutMs,
    holders: () => (found ??= holders()),
  };
}

/** Rows left on a server not in the list would stay: the list must name the whole cluster. */
async function checkEveryServer(
  client: DbClient,
  cluster: string | null,
  listed: number,
): Promise<void> {
  if (cluster === null) return;
  const servers = Number(await client.text(clusterHostsQuery(cluster)));
  if (servers !== listed) {
    throw new DbFailure(
      `${client.server.shown}: cluster ${cluster} has ${servers} servers and ${listed} ${listed === 1 ? 'is' : 'are'} known to remove rows from: give sortie db prune --db every server, comma-separated`,
    );
  }
}

/** The servers a cluster's `db init` recorded, logged into as `client` is. */
async function recordedServers(client: DbClient, recorded: boolean): Promise<DbServer[]> {
  const db = client.server.database;
  const shown = recorded
    ? (await client.text(recordedServersQuery(db))).split('\n').filter((l) => l !== '')
    : [];
  if (shown.length === 0) {
    throw new DbFailure(
      `${client.server.shown}: the cluster's servers are not recorded, and removing rows needs each one's local table: run sortie db init --cluster NAME again with every server (it keeps the data), or give them all to sortie db prune --db`,
    );
  }
  return shown.map((s) => ({
    ...parseDbUrl(s),
    user: client.server.user,
    password: client.server.password,
  }));
}

/** Writes one mark of these loads to sortie_loads. */
export async function markLoads(
  store: RowStore,
  loadIds: readonly string[],
  event: LoadEvent,
  file: string,
): Promise<void> {
  const lines = loadIds.map((id) => `${id}\t${event}\t${tsvField(file)}\n`).join('');
  await store.client.insert(
    loadEventInsert(store.client.server.database),
    Buffer.from(lines),
    store.settings,
  );
}

/** A running load's signs of life: `started` now, `alive` every minute until `stop`. */
export interface LifeSigns {
  stop(): void;
}

export async function startLoad(store: RowStore, loadId: string, file: string): Promise<LifeSigns> {
  await markLoads(store, [loadId], 'started', file);
  const timer = setInterval(() => {
    // A missed sign only brings the grace nearer; the load's own inserts report a dead server.
    markLoads(store, [loadId], 'alive', file).catch(() => undefined);
  }, ALIVE_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Whether a prune removed this load's rows while it was silent (it must not be recorded then). */
export async function wasRemoved(store: RowStore, loadId: string): Promise<boolean> {
  return (await store.client.text(removedMarkQuery(store.client.server.database, loadId))) !== '0';
}

/** Rows these loads have, through the store's own server. */
export async function rowsOfLoads(
  store: RowStore,
  loadIds: readonly string[],
): Promise<Map<string, number>> {
  return countsOfTsv(
    await store.client.text(rowsOfLoadsQuery(store.client.server.database, loadIds)),
  );
}

/** How often a removal's progress is asked. */
const POLL_MS = 100;

/**
 * Removes every row of these loads from every table that holds rows, marking them `removed`
 * first, and waits until each server has done so (or the store's timeout passes).
 */
export async function removeLoads(
  store: RowStore,
  loadIds: readonly string[],
  file: string,
): Promise<void> {
  if (loadIds.length === 0) return;
  const holders = await store.holders();
  await markLoads(store, loadIds, 'removed', file);
  for (const h of holders) {
    await h.client.text(deleteLoadsStatement(h.client.server.database, h.table, loadIds));
  }
  for (const h of holders) {
    const deadline = Date.now() + store.timeoutMs;
    const pending = pendingMutationsQuery(h.client.server.database, h.table);
    while ((await h.client.text(pending)) !== '0') {
      if (Date.now() > deadline) {
        throw new DbFailure(
          `${h.client.server.shown}: the removal of rows still runs after ${store.timeoutMs / 1000} s (the server goes on with it)`,
        );
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}

/** What a look for orphans found, and what was done. */
export interface Pruned {
  readonly orphans: readonly Orphan[];
  readonly running: readonly Orphan[];
}

/** Finds the loads the grace rule calls orphans and, unless `dryRun`, removes their rows. */
export async function pruneOrphans(
  store: RowStore,
  staleAfterMs: number,
  dryRun: boolean,
): Promise<Pruned> {
  const db = store.client.server.database;
  // Rows first, then records and signs of life (see orphansOf).
  const rowsPerLoad = countsOfTsv(await store.client.text(rowsPerLoadQuery(db)));
  const recorded = new Set(
    (await store.client.text(recordedLoadsQuery(db))).split('\n').filter((l) => l !== ''),
  );
  const silenceS = countsOfTsv(await store.client.text(silenceQuery(db)));
  const evidence = { rowsPerLoad, recorded, silenceS, staleAfterS: staleAfterMs / 1000 };
  const orphans = orphansOf(evidence);
  if (!dryRun && orphans.length > 0) {
    await removeLoads(
      store,
      orphans.map((o) => o.loadId),
      'prune',
    );
  }
  return { orphans, running: runningLoads(evidence) };
}
