/**
 * What bin/sortie.js runs: the CLI's bundle (dist/bundle/main.cjs, built from main.ts) loaded with
 * its code cache (code-cache.ts). Bundled on its own as dist/bundle/launch.cjs.
 */
import { fileURLToPath } from 'node:url';
import { loadBundle, WARM_UP_ENV } from './code-cache.js';
import type { Io } from './io.js';
import { earlyReadingThreads } from './early-threads.js';
import { startReadingThreadsEarly } from '../ingest/threads/reading-threads.js';

type Run = (argv: readonly string[], io?: Io) => Promise<number>;

/** Runs the CLI (main.ts's `run`, from the bundle beside this file) on `argv`; its exit code. */
export function launch(argv: readonly string[]): Promise<number> {
  // The reading threads a big input will want start first: each loads its own code while this
  // thread loads the CLI's (main.ts hands them out through reading-threads.ts's shared spares).
  startReadingThreadsEarly(earlyReadingThreads(argv));
  const { exports } = loadBundle(fileURLToPath(new URL('./main.cjs', import.meta.url)));
  return (exports.run as Run)(argv);
}

/**
 * Ends the process with `code` once what it wrote has left it. Left to end by itself, Node first
 * waits for the reading threads to stop and frees their heaps and this one's: 10–20 ms of a 0.6 s
 * report (docs/performance.md). The exit waits one turn of the event loop, so that an output error
 * reported late (a closed pipe: exit 0; another: 1, see io.ts) sets the code first; output still
 * queued (a slow pipe where writes are not synchronous) and a build's warm-up runs, whose reading
 * threads save their code caches as they go, end by themselves as before.
 */
export function exitWhenWritten(code: number): void {
  process.exitCode = code;
  if (process.env[WARM_UP_ENV] !== undefined) return;
  setImmediate(() => {
    if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
  });
}
