import { existsSync } from 'node:fs';

/**
 * Third-party sample files (see their SOURCES.md), kept outside the repository in ../shared beside
 * the clone: CI lays it there, a clone from a public host has none. Only the suite under
 * tests/realdata/ (`npm run test:realdata`) reads them; `npm test` never does.
 */
export const REALDATA = new URL('../../../shared/realdata/', import.meta.url).pathname;

/** Throws, naming the folder, when the samples are not there: the suite fails, it never skips. */
export function requireRealdata(dir: string = REALDATA): void {
  if (!existsSync(`${dir}SOURCES.md`)) {
    throw new Error(
      `npm run test:realdata needs the third-party samples at ${dir} (the shared/ folder beside the clone), and they are missing; npm test runs without them`,
    );
  }
}
