/**
 * The reading threads' script in the bundle (dist/bundle/read-worker-launch.cjs): the thread's code
 * (src/ingest/threads/read-worker.ts, bundled as read-worker.cjs) loaded with its code cache, as
 * launch.ts loads the CLI's. In src/cli with the other launcher: the code cache reads process.
 */
import { fileURLToPath } from 'node:url';
import { loadBundle } from './code-cache.js';

loadBundle(fileURLToPath(new URL('./read-worker.cjs', import.meta.url)));
