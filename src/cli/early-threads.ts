import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { SPLIT_DAY_MIN_BYTES, releaseDay, tarReleaseName } from '../ingest/archive/releases.js';
import { WORKERS_FROM_BYTES } from '../ingest/threads/reading-threads.js';

/** Commands that read inputs. */
const READING_COMMANDS = new Set(['report', 'missions', 'inspect', 'export']);

/**
 * How many reading threads a command line will want, judged before its command's code has loaded:
 * when it names input files that add up to enough bytes to be read on threads, one per core (this
 * thread included; at least two, for gzip files, read on threads only); else 0. Directories and
 * standard input are found out later: their threads start then.
 */
export function earlyReadingThreads(argv: readonly string[]): number {
  if (!READING_COMMANDS.has(argv[0] ?? '')) return 0;
  const at = argv.findIndex((a) => a === '--threads' || a.startsWith('--threads='));
  const option = at < 0 ? undefined : (argv[at] as string);
  const given =
    option === undefined
      ? null
      : Number(option.includes('=') ? option.slice(option.indexOf('=') + 1) : argv[at + 1]);
  if (given !== null && !(Number.isInteger(given) && given >= 2)) return 0;
  let bytes = 0;
  const files: string[] = [];
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    try {
      const stat = statSync(arg);
      if (stat.isFile()) {
        bytes += stat.size;
        files.push(arg);
      }
    } catch {
      // Not a file (an option's value, a name the reader reports on later).
    }
  }
  if (bytes < WORKERS_FROM_BYTES) return 0;
  // The parts of one tar are read on this thread (see run-analysis.ts), unless --threads says or
  // it is an adsb.lol day big enough to be cut into byte ranges read on every thread.
  const releases = new Set(files.map(tarReleaseName));
  const oneTar = releases.size === 1 && !releases.has(null);
  const cutDay =
    files.every((f) => releaseDay(path.basename(f)) !== null) && bytes >= SPLIT_DAY_MIN_BYTES;
  if (given === null && oneTar && !cutDay) return 0;
  return Math.max(2, given ?? availableParallelism());
}
