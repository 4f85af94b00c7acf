/**
 * The reading threads' script in the bundle (dist/bundle/read-worker.js): the worker's code
 * (read-worker.ts, bundled as read-worker.cjs) loaded with its code cache, as src/cli/launch.ts
 * loads the CLI's.
 */
import { fileURLToPath } from 'node:url';
import { loadBundle } from './code-cache.js';

loadBundle(fileURLToPath(new URL('./read-worker.cjs', import.meta.url)));
