/**
 * What bin/sortie.js runs: the CLI's bundle (dist/bundle/main.cjs, built from main.ts) loaded with
 * its code cache (code-cache.ts). Bundled on its own as dist/bundle/launch.cjs.
 */
import { fileURLToPath } from 'node:url';
import { loadBundle } from './code-cache.js';
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
