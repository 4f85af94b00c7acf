import { isAscii } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCacheFile, WARM_UP_ENV, writeCodeCache } from '../src/cli/code-cache.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sortie-code-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CommonJS script like the bundle's: it requires a built-in and exports what it was given. */
function script(name: string, answer: number): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    `const path = require('node:path');
exports.answer = () => ${answer};
exports.where = () => [path.basename(__filename), __dirname, this === exports, module.exports === exports];
`,
  );
  return file;
}

const LOADER = new URL('../dist/src/cli/code-cache.js', import.meta.url).href;

/**
 * Loads a script as the launcher does, in a node process of its own: in this one V8 would find the
 * script already compiled (by writeCodeCache) and never read the cache.
 */
function loadInChild(file: string, nodeFlags: string[] = []) {
  const r = spawnSync(
    process.execPath,
    [
      ...nodeFlags,
      '--input-type=module',
      '-e',
      `import { loadBundle } from ${JSON.stringify(LOADER)};
const { cache, exports } = loadBundle(${JSON.stringify(file)});
console.log(JSON.stringify({ cache, answer: exports.answer(), where: exports.where() }));`,
    ],
    { encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { cache: string; answer: number; where: unknown[] };
}

describe('bundled scripts run with the code cache the build writes', () => {
  it('uses a cache written from the same script, with the wrapper a CommonJS module has', () => {
    const file = script('a.cjs', 42);
    writeCodeCache(file);
    expect(loadInChild(file)).toEqual({
      cache: 'used',
      answer: 42,
      where: ['a.cjs', dir, true, true],
    });
  });

  it('reads UTF-8 text, and a last line that is a comment without a newline', () => {
    const file = path.join(dir, 'utf8.cjs');
    writeFileSync(
      file,
      "exports.answer = () => 'Zürich, Ñuñoa'.length;\nexports.where = () => [__filename.length > 0]; // no newline",
    );
    expect(loadInChild(file)).toEqual({ cache: 'missing', answer: 13, where: [true] });
    writeCodeCache(file);
    expect(loadInChild(file)).toEqual({ cache: 'used', answer: 13, where: [true] });
  });

  it('runs without a cache', () => {
    expect(loadInChild(script('b.cjs', 7))).toMatchObject({ cache: 'missing', answer: 7 });
  });

  it('never uses the cache of another script of the same length (V8 checks only the length)', () => {
    const file = script('c.cjs', 1);
    writeCodeCache(file);
    const before = readFileSync(file, 'utf8');
    script('c.cjs', 2);
    expect(readFileSync(file, 'utf8')).toHaveLength(before.length);
    expect(loadInChild(file)).toMatchObject({ cache: 'stale', answer: 2 });
  });

  it('never hands V8 damaged data (its deserializer would stop the process), nor a cut file', () => {
    const file = script('d.cjs', 3);
    writeCodeCache(file);
    const cache = readFileSync(codeCacheFile(file));
    const damaged = Buffer.from(cache);
    damaged.fill(0x55, cache.length - 64);
    for (const [what, bytes] of [
      ['damaged at its end', damaged],
      ['cut', cache.subarray(0, cache.length - 100)],
      ['cut in its header', cache.subarray(0, 20)],
      ['another file', Buffer.from('{"not":"a cache"}')],
    ] as const) {
      writeFileSync(codeCacheFile(file), bytes);
      expect(loadInChild(file), what).toMatchObject({ cache: 'stale', answer: 3 });
    }
  });

  it('leaves the cache aside when source maps are on, so that stack traces name the sources', () => {
    const file = script('f.cjs', 5);
    writeCodeCache(file);
    expect(loadInChild(file, ['--enable-source-maps'])).toEqual({
      cache: 'bypassed',
      answer: 5,
      where: ['f.cjs', dir, true, true],
    });
  });

  it('runs the script when V8 refuses the cache (another node version or flags)', () => {
    const file = script('e.cjs', 4);
    writeCodeCache(file);
    expect(loadInChild(file, ['--no-opt'])).toMatchObject({ cache: 'rejected', answer: 4 });
    expect(loadInChild(file)).toMatchObject({ cache: 'used', answer: 4 });
  });
});

describe("the build's warm-up runs", () => {
  /** A script with a function big enough that its bytecode shows in the cache's size. */
  function scriptWithWork(name: string): string {
    const file = path.join(dir, name);
    const steps = Array.from({ length: 400 }, (_, k) => `  total += (n * ${k + 1}) % ${k + 7};`);
    writeFileSync(
      file,
      `exports.work = function (n) {\n  let total = 0;\n${steps.join('\n')}\n  return total;\n};\n`,
    );
    return file;
  }

  /** Node code that loads `file` as the launcher does and calls its function `work`. */
  const loadAndWork = (file: string): string =>
    `import { loadBundle } from ${JSON.stringify(LOADER)};
const { cache, exports } = loadBundle(${JSON.stringify(file)});
console.log(cache, exports.work(3));`;

  it('write the cache again at exit, with the functions the run compiled, and it fits', () => {
    const file = scriptWithWork('w.cjs');
    writeCodeCache(file);
    const topLevelOnly = readFileSync(codeCacheFile(file)).length;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', loadAndWork(file)], {
      encoding: 'utf8',
      env: { ...process.env, [WARM_UP_ENV]: '1' },
    });
    expect(run.stdout, run.stderr).toMatch(/^used \d+\n$/);
    // The function's bytecode is in it now: V8 would otherwise compile it when first called.
    expect(readFileSync(codeCacheFile(file)).length).toBeGreaterThan(topLevelOnly + 2000);
    const again = spawnSync(process.execPath, ['--input-type=module', '-e', loadAndWork(file)], {
      encoding: 'utf8',
    });
    expect(again.stdout).toBe(run.stdout);
  });

  it('never harm the run when the cache cannot be written (a bundle installed read-only)', () => {
    const sub = mkdtempSync(path.join(dir, 'gone-'));
    const file = path.join(sub, 'g.cjs');
    writeFileSync(file, readFileSync(scriptWithWork('g-src.cjs')));
    writeCodeCache(file);
    // The folder is gone by the time the run ends and writes its cache.
    const code = `${loadAndWork(file)}
import { rmSync } from 'node:fs';
rmSync(${JSON.stringify(sub)}, { recursive: true, force: true });`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      encoding: 'utf8',
      env: { ...process.env, [WARM_UP_ENV]: '1' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^used \d+\n$/);
  });

  it('write it from a reading thread too, which is stopped rather than exits', () => {
    const file = scriptWithWork('t.cjs');
    writeCodeCache(file);
    const topLevelOnly = readFileSync(codeCacheFile(file)).length;
    const main = `import { Worker } from 'node:worker_threads';
// Kept alive (as a reading thread is, by its port) until it is stopped.
const worker = new Worker(${JSON.stringify(`${loadAndWork(file)}\nsetInterval(() => {}, 1000);`)}, { eval: true });
worker.on('error', (e) => { console.error(e); process.exit(1); });
setTimeout(() => worker.terminate(), 500);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', main], {
      encoding: 'utf8',
      env: { ...process.env, [WARM_UP_ENV]: '1' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(codeCacheFile(file)).length).toBeGreaterThan(topLevelOnly + 2000);
    const again = spawnSync(process.execPath, ['--input-type=module', '-e', loadAndWork(file)], {
      encoding: 'utf8',
    });
    expect(again.stdout, again.stderr).toMatch(/^used \d+\n$/);
  });
});

describe('the built bundle', () => {
  const bundle = fileURLToPath(new URL('../dist/bundle/', import.meta.url));

  it('is strict ASCII code, imports nothing dynamically (a script run by vm.Script cannot), and each cache fits', () => {
    for (const name of ['main.cjs', 'read-worker.cjs']) {
      const bytes = readFileSync(path.join(bundle, name));
      // ASCII, so that a run decodes it as one byte a character (scripts/bundle.ts).
      expect(isAscii(bytes), name).toBe(true);
      const source = bytes.toString('utf8');
      // A directive only as the very first statement: the code was written as (strict) ES modules.
      expect(source.startsWith("'use strict';\n"), name).toBe(true);
      expect(source, name).not.toMatch(/(^|[^\w$.])import\s*\(/);
    }
    // In a plain node process, as bin/sortie.js runs them (the test runner's own flags may differ).
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { loadBundle } from ${JSON.stringify(LOADER)};
for (const name of ['main.cjs', 'read-worker.cjs'])
  console.log(name, loadBundle(${JSON.stringify(bundle)} + name).cache);`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.stdout).toBe('main.cjs used\nread-worker.cjs used\n');
  });

  it('has launchers that hold only their own few modules (they run without a code cache)', () => {
    // launch.cjs starts the reading threads before the CLI's bundle loads: an import that drags
    // in a reader (as archive-ranges.ts once did: 250 KB) would be compiled on every run. Six: the
    // launcher, the cache's loader and its check value, the early threads and their rule's helper.
    for (const name of ['launch.cjs', 'read-worker-launch.cjs']) {
      const modules = [
        ...readFileSync(path.join(bundle, name), 'utf8').matchAll(/^\/\/ (dist\/src\/\S+)$/gm),
      ].map((m) => m[1]);
      expect(
        new Set(modules).size,
        `${name}: ${[...new Set(modules)].join(', ')}`,
      ).toBeLessThanOrEqual(6);
    }
  });
});

describe('what a run loads before it reads', () => {
  it('loads neither node:crypto nor node:child_process, on the main thread or a reading thread (each ~5 ms of every start)', () => {
    // Written by each thread: at exit (this one), or every few ms (a reading thread is stopped).
    const preload = path.join(dir, 'builtins.cjs');
    writeFileSync(
      preload,
      `const { isMainThread } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const say = () => writeSync(2, (isMainThread ? 'main' : 'thread') + ' loaded ' + process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join(' ') + '\\n');
if (isMainThread) process.on('exit', say); else setInterval(say, 5).unref();
`,
    );
    const trace = 'fixtures/demo/readsb/traces/c7/trace_full_ae01c7.json';
    const r = spawnSync(
      process.execPath,
      [
        '-r',
        preload,
        'bin/sortie.js',
        'report',
        trace,
        '--threads',
        '2',
        '--format',
        'json',
        '--quiet',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const lists = (who: string): string[][] =>
      r.stderr
        .split('\n')
        .filter((l) => l.startsWith(`${who} loaded `))
        .map((l) => l.slice(who.length + 8).split(' '));
    const main = lists('main');
    const thread = lists('thread');
    expect(main).toHaveLength(1);
    expect(thread.length).toBeGreaterThan(0);
    for (const loaded of [main[0] ?? [], thread.at(-1) ?? []]) {
      // The same list names what a run does load: the check would not pass by reading nothing.
      expect(loaded).toContain('zlib');
      expect(loaded).not.toContain('crypto');
      expect(loaded).not.toContain('child_process');
    }
  });
});
