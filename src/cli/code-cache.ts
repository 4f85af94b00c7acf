/**
 * Loads the bundled CommonJS scripts (dist/bundle/*.cjs) with the V8 code cache the build writes
 * beside each, so that a run deserializes the compiled top-level code instead of parsing a 1.4 MB
 * script again. Node 20 has no module compile cache (`module.enableCompileCache` is 22.1+), but
 * `vm.Script` takes V8's cached data: on a day tar or a 1 GB OpenSky hour this saved 25–40 ms of
 * a 0.6–0.8 s report (docs/performance.md, "How the code is built for speed").
 *
 * V8 checks a cache against its own version and flags, the source by its length alone, and its data
 * not at all (damaged data stops the process in V8's deserializer). So each cache file starts with
 * check values (checksum.ts) of the script it was made from and of V8's data: a cache of another
 * build, cut or damaged is never handed to V8. A missing, stale or refused cache costs only the
 * time it would have saved.
 */
import { isAscii } from 'node:buffer';
import {
  closeSync,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { isMainThread, threadId } from 'node:worker_threads';
import { CHECK_VALUE_BYTES, checkValue } from '../checksum.js';

const MAGIC = Buffer.from('sortie-code-cache-v2\n', 'latin1');
const DIGEST_BYTES = CHECK_VALUE_BYTES;

/**
 * Set in the build's warm-up runs (scripts/bundle.ts): the cache is written again after the run,
 * with the functions the run compiled (see writeCodeCache).
 */
export const WARM_UP_ENV = 'SORTIE_CODE_CACHE_WARM_UP';
/** A reading thread is stopped, never exits: in a warm-up it writes its cache this often (ms). */
const WARM_UP_SAVE_EVERY_MS = 20;

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

function digest(bytes: Buffer): Buffer {
  return checkValue([bytes]);
}

/** The same wrapper Node's CommonJS loader puts around a module's source. */
const WRAPPER_START = '(function (exports, require, module, __filename, __dirname) {';
const WRAPPER_END = '\n})';

/** Compiles a script's text, `wrapped` (readScript), as a function of the module's five names. */
function compile(scriptFile: string, wrapped: string, cachedData?: Buffer): vm.Script {
  return new vm.Script(wrapped, {
    filename: scriptFile,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
}

/**
 * A bundled script's text inside the wrapper (one string, read in place: the text joined to the
 * wrapper afterwards was a second string that V8 copied flat again, 1.6 MB of fresh memory), and
 * the digest of the script's bytes. The build leaves the bundles ASCII (scripts/bundle.ts), which
 * decodes as one byte a character: 0.3 ms for the CLI's 1.4 MB, where UTF-8 text with one
 * character beyond ASCII became a two-byte string in 5–6 ms. The digest is of the bytes read, not
 * of the text encoded again (0.8 against 1.6–2.8 ms).
 */
function readScript(scriptFile: string): { wrapped: string; sourceDigest: Buffer } {
  const fd = openSync(scriptFile, 'r');
  let bytes: Buffer;
  let body: Buffer;
  try {
    const size = fstatSync(fd).size;
    bytes = Buffer.allocUnsafeSlow(WRAPPER_START.length + size + WRAPPER_END.length);
    bytes.write(WRAPPER_START, 0, 'latin1');
    body = bytes.subarray(WRAPPER_START.length, WRAPPER_START.length + size);
    for (let at = 0; at < size; ) {
      const n = readSync(fd, body, at, size - at, null);
      if (n === 0) throw new Error(`${scriptFile} was cut while it was read`);
      at += n;
    }
    bytes.write(WRAPPER_END, WRAPPER_START.length + size, 'latin1');
  } finally {
    closeSync(fd);
  }
  const wrapped = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  return { wrapped, sourceDigest: digest(body) };
}

/** The V8 data in a cache file made from a script whose bytes have `sourceDigest`, or why there is none. */
function cachedDataFor(scriptFile: string, sourceDigest: Buffer): Buffer | 'missing' | 'stale' {
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
    file.subarray(sourceAt, sourceAt + DIGEST_BYTES).equals(sourceDigest) &&
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
  const { wrapped, sourceDigest } = readScript(scriptFile);
  const data = cachedDataFor(scriptFile, sourceDigest);
  const script = compile(scriptFile, wrapped, typeof data === 'string' ? undefined : data);
  const cache: CacheUse =
    typeof data === 'string' ? data : script.cachedDataRejected === true ? 'rejected' : 'used';
  const wrapper = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
    filename: string,
    dirname: string,
  ) => void;
  if (process.env[WARM_UP_ENV] !== undefined) saveAfterRun(scriptFile, sourceDigest, script);
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
 * code. The build then runs a few commands with WARM_UP_ENV set (scripts/bundle.ts), each loading
 * the cache the one before wrote and writing it again with the functions it compiled: V8 compiles
 * a function's bytecode when it is first called, and a cache made after running holds the
 * functions a report calls (measured: 7–25 ms less on each report, docs/performance.md).
 */
export function writeCodeCache(scriptFile: string): void {
  const { wrapped, sourceDigest } = readScript(scriptFile);
  writeCacheFile(scriptFile, sourceDigest, compile(scriptFile, wrapped).createCachedData());
}

function writeCacheFile(scriptFile: string, sourceDigest: Buffer, data: Buffer): void {
  const file = codeCacheFile(scriptFile);
  // Reading threads of one warm-up write the same file: each through a name of its own.
  const part = `${file}.${process.pid}-${threadId}.part`;
  writeFileSync(part, Buffer.concat([MAGIC, sourceDigest, digest(data), data]));
  renameSync(part, file);
}

/** In a warm-up run: writes the script's cache at exit (and, for a reading thread, as it goes). */
function saveAfterRun(scriptFile: string, sourceDigest: Buffer, script: vm.Script): void {
  const save = (): void => {
    try {
      writeCacheFile(scriptFile, sourceDigest, script.createCachedData());
    } catch {
      // A bundle that cannot be written (installed read-only): the run itself goes on unharmed.
    }
  };
  process.on('exit', save);
  if (!isMainThread) setInterval(save, WARM_UP_SAVE_EVERY_MS).unref();
}
