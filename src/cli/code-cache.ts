/**
 * Loads the bundled CommonJS scripts (dist/bundle/*.cjs) with the V8 code cache the build writes
 * beside each, so that a run deserializes the compiled top-level code instead of parsing a 1.4 MB
 * script again. Node 20 has no module compile cache (`module.enableCompileCache` is 22.1+), but
 * `vm.Script` takes V8's cached data: on a day tar or a 1 GB OpenSky hour this saved 25–40 ms of
 * a 0.6–0.8 s report (docs/performance.md, "How the code is built for speed").
 *
 * V8 checks a cache against its own version and flags, the source by its length alone, and its data
 * not at all (damaged data stops the process in V8's deserializer). So each cache file starts with
 * digests of the script it was made from and of V8's data: a cache of another build, cut or
 * damaged is never handed to V8. A missing, stale or refused cache costs only the time it would
 * have saved.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

const MAGIC = Buffer.from('sortie-code-cache-v1\n', 'latin1');
const DIGEST_BYTES = 32;

/** What became of a script's cache when it was loaded (`bypassed`: source maps are on). */
export type CacheUse = 'used' | 'missing' | 'stale' | 'rejected' | 'bypassed';

export interface LoadedBundle {
  readonly exports: Record<string, unknown>;
  readonly cache: CacheUse;
}

/** The cache file of a bundled script. */
export function codeCacheFile(scriptFile: string): string {
  return `${scriptFile}.cache`;
}

function digest(bytes: string | Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}

/** The same wrapper Node's CommonJS loader puts around a module's source. */
function compile(scriptFile: string, source: string, cachedData?: Buffer): vm.Script {
  return new vm.Script(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    { filename: scriptFile, ...(cachedData === undefined ? {} : { cachedData }) },
  );
}

/** The V8 data in a cache file made from `source`, or why there is none. */
function cachedDataFor(scriptFile: string, source: string): Buffer | 'missing' | 'stale' {
  let file: Buffer;
  try {
    file = readFileSync(codeCacheFile(scriptFile));
  } catch {
    return 'missing';
  }
  const sourceAt = MAGIC.length;
  const dataAt = sourceAt + 2 * DIGEST_BYTES;
  if (file.length <= dataAt || !file.subarray(0, sourceAt).equals(MAGIC)) return 'stale';
  const data = file.subarray(dataAt);
  const fits =
    file.subarray(sourceAt, sourceAt + DIGEST_BYTES).equals(digest(source)) &&
    file.subarray(sourceAt + DIGEST_BYTES, dataAt).equals(digest(data));
  return fits ? data : 'stale';
}

/** Runs a bundled CommonJS script, with its code cache when one fits, and returns its exports. */
export function loadBundle(scriptFile: string): LoadedBundle {
  // Node maps stack traces back to the sources (--enable-source-maps, for SORTIE_DEBUG's traces)
  // only in code its own loader compiled, never in a vm.Script: the script is required then.
  if (process.sourceMapsEnabled) {
    return {
      exports: createRequire(scriptFile)(scriptFile) as Record<string, unknown>,
      cache: 'bypassed',
    };
  }
  const source = readFileSync(scriptFile, 'utf8');
  const data = cachedDataFor(scriptFile, source);
  const script = compile(scriptFile, source, typeof data === 'string' ? undefined : data);
  const cache: CacheUse =
    typeof data === 'string' ? data : script.cachedDataRejected === true ? 'rejected' : 'used';
  const wrapper = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {} as Record<string, unknown> };
  wrapper.call(
    module.exports,
    module.exports,
    createRequire(scriptFile),
    module,
    scriptFile,
    path.dirname(scriptFile),
  );
  return { exports: module.exports, cache };
}

/**
 * Writes a bundled script's code cache (the build does, after bundling): its compiled top-level
 * code. A cache written after running a command was measured too: no faster, since what costs is
 * parsing the whole script, not compiling the functions a run calls.
 */
export function writeCodeCache(scriptFile: string): void {
  const source = readFileSync(scriptFile, 'utf8');
  const data = compile(scriptFile, source).createCachedData();
  const file = codeCacheFile(scriptFile);
  writeFileSync(`${file}.part`, Buffer.concat([MAGIC, digest(source), digest(data), data]));
  renameSync(`${file}.part`, file);
}
