/**
 * Worker threads for reading inputs (read-worker.ts), possibly started before the command's own
 * code has loaded: each thread loads its own copy of the reader's code, which took as long as this
 * thread's start-up, so starting them first lets the two run side by side.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Below this much input, starting reading threads costs more than it saves. */
export const WORKERS_FROM_BYTES = 32 << 20;

/** Commands that read inputs. */
const READING_COMMANDS = new Set(['report', 'missions', 'inspect', 'export']);

/** The worker script, built JavaScript even when the CLI runs from TypeScript sources (tests). */
function workerScript(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts')
    ? new URL('../../dist/src/cli/read-worker.js', here)
    : new URL('./read-worker.js', here);
}

interface Spare {
  readonly worker: Worker;
  /** It failed or stopped before it was used: not to be handed out. */
  broken: boolean;
}

const spares: Spare[] = [];

/** A reading thread: one started early when there is one, else a new one. */
export function readingThread(): Worker {
  for (let spare = spares.pop(); spare !== undefined; spare = spares.pop()) {
    if (spare.broken) continue;
    spare.worker.removeAllListeners();
    spare.worker.ref();
    return spare.worker;
  }
  return new Worker(workerScript());
}

/**
 * Starts the reading threads a command will want, when its command line names input files that
 * add up to enough bytes to be read on threads (directories and standard input are found out
 * later: their threads start then). They do not keep the process alive while unused.
 */
export function startReadingThreadsEarly(argv: readonly string[]): void {
  if (!READING_COMMANDS.has(argv[0] ?? '')) return;
  const at = argv.findIndex((a) => a === '--threads' || a.startsWith('--threads='));
  const option = at < 0 ? undefined : (argv[at] as string);
  const given =
    option === undefined
      ? null
      : Number(option.includes('=') ? option.slice(option.indexOf('=') + 1) : argv[at + 1]);
  if (given !== null && !(Number.isInteger(given) && given >= 2)) return;
  let bytes = 0;
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    try {
      const stat = statSync(arg);
      if (stat.isFile()) bytes += stat.size;
    } catch {
      // Not a file (an option's value, a name the reader reports on later).
    }
  }
  if (bytes < WORKERS_FROM_BYTES) return;
  // One per core, this thread included; at least one, for gzip files (read on threads only).
  const threads = Math.max(2, given ?? availableParallelism());
  for (let k = spares.length; k < threads - 1; k += 1) {
    const spare: Spare = { worker: new Worker(workerScript()), broken: false };
    spare.worker.unref();
    spare.worker.once('error', () => (spare.broken = true));
    spare.worker.once('exit', () => (spare.broken = true));
    spares.push(spare);
  }
}

/** How many threads started early are still unused. */
export function spareReadingThreads(): number {
  return spares.length;
}

/** Stops the threads started early that were not used. */
export async function stopSpareReadingThreads(): Promise<void> {
  await Promise.all(spares.splice(0).map((s) => s.worker.terminate()));
}
