/**
 * --db on the data commands: the inputs recorded in the database stand in for files, and their
 * positions come back through an InputReader, so the pipeline after reading is the file path's.
 */
import type { Registry } from '../aircraft/registry.js';
import type { InputSource } from '../ingest/collect.js';
import {
  dbInputReader,
  inputsQuery,
  storedInputsOf,
  storedSource,
  type StoredInputs,
} from '../db/db-reader.js';
import { DbUrlError, parseDbUrls, type DbServer } from '../db/server.js';
import type { InputReader } from '../read-inputs.js';
import { daysWithinSpan, type DayNotRead, type TrackSpan } from '../tracks/track-span.js';
import { clickHouseClient, DbFailure, type DbClient } from './clickhouse.js';
import { UsageError, UserError, type Io } from './io.js';

/** The servers a --db value names; a malformed one is a usage error (exit 2, nothing read). */
export function dbServers(text: string, io: Pick<Io, 'env'>): DbServer[] {
  try {
    return parseDbUrls(text, {
      SORTIE_DB_USER: io.env.SORTIE_DB_USER,
      SORTIE_DB_PASSWORD: io.env.SORTIE_DB_PASSWORD,
    });
  } catch (err) {
    if (err instanceof DbUrlError) throw new UsageError(err.message);
    throw err;
  }
}

/** The client of the first server --db names: queries go through it (a Distributed table spans the rest). */
export function dbClient(text: string, timeoutMs: number, io: Pick<Io, 'env'>): DbClient {
  const [server] = dbServers(text, io);
  return clickHouseClient(server as DbServer, { timeoutMs });
}

/** What a data command reads when --db is given. */
export interface DbInputs extends StoredInputs {
  readonly sources: InputSource[];
  /** Day archives loaded but left unread: their days lie outside the span given (daysWithinSpan). */
  readonly notRead: DayNotRead[];
  /** Positions outside `trackSpan` (when given) are not asked for: they make no sortie. */
  readonly reader: (registry: Registry, trackSpan: TrackSpan | null) => InputReader;
}

/** Reads the list of loaded inputs; their positions are read later, through `reader`. */
export async function dbInputs(
  client: DbClient,
  trackSpan: TrackSpan | null = null,
): Promise<DbInputs> {
  const stored = await asUserError(async () => {
    const lines: string[] = [];
    for await (const line of client.lines(inputsQuery(client.server.database))) lines.push(line);
    return storedInputsOf(lines);
  });
  if (stored.inputs.length === 0) {
    throw new UserError(
      `${client.server.shown}: no inputs loaded (sortie db load --db URL INPUTS...)`,
    );
  }
  // Day archives outside the span are left unread, as the file path leaves them.
  const { read, notRead } = daysWithinSpan(
    stored.inputs,
    (i) => ({ file: i.file, day: i.summary.archive?.day ?? null }),
    trackSpan,
  );
  return {
    ...stored,
    inputs: read,
    notRead,
    sources: read.map(storedSource),
    reader: (registry, trackSpan) => {
      const reader = dbInputReader({
        database: client.server.database,
        inputs: read,
        registry,
        query: (sql) => client.lines(sql),
        trackSpan,
      });
      return { read: (jobs, take) => asUserError(() => reader.read(jobs, take)) };
    },
  };
}

/** A database failure as the one-line error the CLI prints. */
export async function asUserError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof DbFailure) throw new UserError(err.message);
    throw err;
  }
}
