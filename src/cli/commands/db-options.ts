/** The options of `sortie db` and of --db on the data commands. */
import { Option } from 'commander';
import type { ReaderFlags } from '../reader-flags.js';
import { parseDuration } from '../options.js';
import { formatDuration } from '../../report/render/numbers.js';
import { DEFAULT_STALE_AFTER_MS } from '../../db/orphans.js';

/** How long a request to the database may go without an answer or a byte of one. */
export const DEFAULT_DB_TIMEOUT_MS = 5 * 60_000;

export function dbTimeoutOption(): Option {
  return new Option(
    '--db-timeout <duration>',
    'give up a database request that has no answer (or no further bytes) for this long',
  )
    .argParser(parseDuration)
    .default(DEFAULT_DB_TIMEOUT_MS, formatDuration(DEFAULT_DB_TIMEOUT_MS));
}

/** The grace after which a load not recorded and not heard from is taken for dead. */
export function staleAfterOption(): Option {
  return new Option(
    '--stale-after <duration>',
    'remove the rows of loads not recorded and not heard from for this long (a running load says it is alive every minute)',
  )
    .argParser(parseDuration)
    .default(DEFAULT_STALE_AFTER_MS, formatDuration(DEFAULT_STALE_AFTER_MS));
}

export interface DbInitOptions {
  db: string;
  cluster?: string;
  dbTimeout: number;
}

export interface DbLoadOptions extends ReaderFlags {
  db: string;
  dbTimeout: number;
  staleAfter: number;
  quiet?: boolean;
}

export interface DbPruneOptions {
  db: string;
  dbTimeout: number;
  staleAfter: number;
  dryRun?: boolean;
  quiet?: boolean;
}
