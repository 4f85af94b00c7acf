/**
 * What bin/sortie.js runs: the CLI's bundle (dist/bundle/main.cjs, built from main.ts) loaded with
 * its code cache (code-cache.ts). Bundled on its own as dist/bundle/launch.cjs.
 */
import { fileURLToPath } from 'node:url';
import { loadBundle } from './code-cache.js';
import type { Io } from './io.js';

type Run = (argv: readonly string[], io?: Io) => Promise<number>;

/** Runs the CLI (main.ts's `run`, from the bundle beside this file) on `argv`; its exit code. */
export function launch(argv: readonly string[]): Promise<number> {
  const { exports } = loadBundle(fileURLToPath(new URL('./main.cjs', import.meta.url)));
  return (exports.run as Run)(argv);
}
