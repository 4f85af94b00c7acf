/**
 * Worker threads for reading inputs (read-worker.ts), possibly started before the command's own
 * code has loaded: each thread loads its own copy of the reader's code, which took as long as this
 * thread's start-up, so starting them first lets the two run side by side.
 */
import { Worker } from 'node:worker_threads';

/** Below this much input, starting reading threads costs more than it saves. */
export const WORKERS_FROM_BYTES = 32 << 20;

/** The worker script, built JavaScript even when the CLI runs from TypeScript sources (tests). */
function workerScript(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts')
    ? new URL('../../../dist/src/ingest/threads/read-worker.js', here)
    : new URL('./read-worker-launch.cjs', here);
}

interface Spare {
  readonly worker: Worker;
  /** It failed or stopped before it was used: not to be handed out. */
  broken: boolean;
}

// Shared through the global object: launch.ts starts them before the CLI's bundle, a second copy
// of this module, has loaded.
const SPARES_KEY = Symbol.for('sortie.spareReadingThreads');
const shared = globalThis as { [SPARES_KEY]?: Spare[] };
const spares: Spare[] = (shared[SPARES_KEY] ??= []);

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
 * Starts `threads - 1` reading threads ahead of need (this thread reads too), for a command whose
 * inputs are already known to be big. They do not keep the process alive while unused.
 */
export function startReadingThreadsEarly(threads: number): void {
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
