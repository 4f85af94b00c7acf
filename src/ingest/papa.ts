import { createRequire } from 'node:module';

type Papa = typeof import('papaparse');
let loaded: Papa | null = null;

/**
 * papaparse, loaded at its first use (synchronously: it is a CommonJS module). Quoted CSV records
 * and registries are rare; loading it anyway took a fifth of a reading thread's start-up.
 */
export function papaparse(): Papa {
  loaded ??= createRequire(import.meta.url)('papaparse') as Papa;
  return loaded;
}
