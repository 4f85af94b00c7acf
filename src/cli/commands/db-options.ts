/** The options of `sortie db` and of --db on the data commands. */
import { Option } from 'commander';
import type { ReaderFlags } from '../reader-flags.js';
import { parseDuration } from '../options.js';
import { formatDuration } from '../../report/render/numbers.js';

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

export interface DbInitOptions {
  db: string;
  cluster?: string;
  dbTimeout: number;
}

export interface DbLoadOptions extends ReaderFlags {
  db: string;
  dbTimeout: number;
  quiet?: boolean;
}
