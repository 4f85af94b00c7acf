/**
 * Bundles the compiled CLI (dist/src) into dist/bundle, the code bin/sortie.js runs: the launcher's
 * entry (main.js) and the reading threads' (read-worker.js), their shared code split into chunks
 * that load only when a command needs them.
 *
 * Why: loading some hundred ES modules one by one (resolving, reading, linking each) took about
 * 85 ms of every run on the main thread and as long again on each reading thread, a tenth of a
 * 1 GB report; a few bundled chunks load in a fraction of that. Run by `npm run build`, after tsc.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outdir = path.join(root, 'dist/bundle');

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    main: path.join(root, 'dist/src/cli/main.js'),
    'read-worker': path.join(root, 'dist/src/ingest/threads/read-worker.js'),
  },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  // One flat directory: code finds the worker script and the data directory from its own URL.
  chunkNames: 'chunk-[hash]',
  sourcemap: 'linked',
  // CommonJS dependencies (commander) call require(), which ES modules lack.
  banner: {
    js: "import { createRequire as sortieRequire } from 'node:module'; const require = sortieRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
