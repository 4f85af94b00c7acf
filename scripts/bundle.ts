/**
 * Bundles the compiled CLI (dist/src) into dist/bundle, the code bin/sortie.js runs: the CLI
 * (main.cjs) and the reading threads' code (read-worker.cjs), each one CommonJS script with a V8
 * code cache beside it (main.cjs.cache, read-worker.cjs.cache), and the two small scripts that
 * load them with it (launch.cjs, read-worker-launch.cjs; src/cli/code-cache.ts).
 *
 * Why: loading some hundred ES modules one by one (resolving, reading, linking each) took about
 * 85 ms of every run on the main thread and as long again on each reading thread; bundled chunks
 * took that down to ~0.1 s, and one script whose compiled code is cached takes 25–40 ms less again
 * (docs/performance.md). Run by `npm run build`, after tsc.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { WARM_UP_ENV, writeCodeCache } from '../src/cli/code-cache.js';
import {
  encodeRegistrySnapshot,
  REGISTRY_SNAPSHOT_NAME,
} from '../src/aircraft/registry-snapshot.js';
import { registryLists } from '../src/aircraft/watch.js';
import { BUNDLED_REGISTRY_FILE, parseBundledRegistry } from '../src/cli/context.js';
import { COAST_AREAS, coastLayerFiles } from '../src/geo/coast-areas.js';
import {
  COAST_INDEX_DIR,
  coastSourceDigest,
  encodeCoastIndex,
} from '../src/geo/coast-index-file.js';
import { coastIndex } from '../src/geo/coast.js';
import { writeSyntheticDay } from './bench/synthetic-adsblol.js';
import { DEMO_REPORT } from './demo-args.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outdir = path.join(root, 'dist/bundle');

rmSync(outdir, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  outdir,
  sourcemap: 'linked',
  logLevel: 'warning',
} as const;

// The code itself: one CommonJS script per thread, so that V8 caches its compiled code whole (an
// ES module graph cannot take a code cache in Node 20). Nothing in it is imported dynamically
// (tests/code-cache.test.ts checks), which a script run by vm.Script could not do.
// Code finds the worker script and the data directory from its own URL. The banner comes before
// esbuild's own "use strict", which then is no directive: it says it again (ES modules, as the
// code was written, are strict).
const commonJs = {
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  define: { 'import.meta.url': 'sortieScriptUrl' },
  banner: {
    js: "'use strict';\nconst sortieScriptUrl = require('node:url').pathToFileURL(__filename).href;",
  },
} as const;

/**
 * commander requires node:child_process at its top for subcommands run as executables, which sortie
 * has none of: loading it (with net, dgram and the rest) cost every run ~5 ms before a line of its
 * own ran. commander's require gets a stand-in that loads the module on first use instead.
 */
const lazyChildProcess: Plugin = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'lazy-builtin' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents:
        "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

await build({
  ...common,
  ...commonJs,
  // Without its spaces and with shorter syntax (names kept, and the source maps): 1.0 MB for the
  // CLI where it was 1.6, which each run reads, digests and copies into a string before V8 takes
  // its cache (6-7 ms less at each start on this machine).
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [lazyChildProcess],
  entryPoints: {
    main: path.join(root, 'dist/src/cli/main.js'),
    'read-worker': path.join(root, 'dist/src/ingest/threads/read-worker.js'),
  },
});

// Their loaders, which bin/sortie.js and the reading threads start from: CommonJS too, as Node
// starts a CommonJS script ~5 ms sooner than an ES module (its ES module loader is never set up).
await build({
  ...common,
  ...commonJs,
  entryPoints: {
    launch: path.join(root, 'dist/src/cli/launch.js'),
    'read-worker-launch': path.join(root, 'dist/src/cli/launch-reading-thread.js'),
  },
});

// ASCII only, so that a run reads each script as one byte a character (code-cache.ts).
for (const script of ['main.cjs', 'read-worker.cjs']) {
  const file = path.join(outdir, script);
  writeFileSync(file, asciiOnly(readFileSync(file, 'utf8'), script));
}

// Each bundled coast area's index, which a run loads rather than builds (coast-index-file.ts).
mkdirSync(path.join(root, COAST_INDEX_DIR), { recursive: true });
for (const area of COAST_AREAS) {
  const files = coastLayerFiles(area);
  const bytes = files.map((f) => readFileSync(path.join(root, 'data', f)));
  // The files are the shores, then the land (coastLayerFiles).
  const docs = bytes.map((b) => JSON.parse(b.toString('utf8')) as unknown);
  const shores = docs.slice(0, area.shores.length);
  const index = coastIndex({ shores, land: docs.slice(shores.length) }, area.coverage);
  writeFileSync(
    path.join(root, COAST_INDEX_DIR, `${area.id}.bin`),
    encodeCoastIndex(index, coastSourceDigest(bytes, area.coverage)),
  );
}

// The bundled table's snapshot, beside the bundle whose runs load it rather than parse the table
// (registry-snapshot.ts).
{
  const table = readFileSync(path.join(root, 'data', BUNDLED_REGISTRY_FILE));
  const registry = parseBundledRegistry(table);
  writeFileSync(
    path.join(outdir, REGISTRY_SNAPSHOT_NAME),
    encodeRegistrySnapshot(registry, registryLists(registry), table),
  );
}

// Written last: build-if-stale.mjs takes these as the build's outputs.
for (const script of ['main.cjs', 'read-worker.cjs']) writeCodeCache(path.join(outdir, script));

// Then written again by a few runs of the CLI on the bundled fixtures and a small day tar, so that
// they hold the functions a report calls (code-cache.ts): the general readers and the mission
// stage (the demo), the OpenSky kernel's reader on a reading thread, a day tar's walk. Whatever
// fails here leaves the cache written before it, which is never wrong, only slower: the build
// goes on with a warning.
try {
  warmUp();
} catch (err) {
  console.warn(`bundle: the code caches were not warmed up (${(err as Error).message})`);
}
// A reading thread stopped while it wrote its cache leaves its part file behind.
for (const name of readdirSync(outdir)) {
  if (name.endsWith('.part')) rmSync(path.join(outdir, name), { force: true });
}

function warmUp(): void {
  const scratch = mkdtempSync(path.join(tmpdir(), 'sortie-warm-up-'));
  try {
    const dayTar = path.join(scratch, 'v2025.02.03-planes-readsb-prod-0.tar');
    writeSyntheticDay(dayTar, {
      members: 400,
      military: 20,
      missions: 2,
      dayStartS: Date.UTC(2025, 1, 3) / 1000,
    });
    // The same day as a split release's parts too (adsb.lol splits days above 2 GB).
    const bytes = readFileSync(dayTar);
    const parts = ['aa', 'ab'].map((suffix, k) => {
      const part = `${dayTar}.${suffix}`;
      const half = Math.ceil(bytes.length / 2);
      writeFileSync(part, bytes.subarray(k * half, (k + 1) * half));
      return part;
    });
    const fixture = (name: string): string => path.join(root, 'fixtures', name);
    const demo = DEMO_REPORT.map((a) => (a === 'fixtures/demo' ? fixture('demo') : a));
    const runs: string[][] = [
      [...demo, '--format', 'json'],
      demo,
      ['report', fixture('formats/opensky-states'), '--threads', '2', '--format', 'json'],
      ['report', ...parts, '--period', 'day', '--format', 'json'],
      ['report', dayTar, '--period', 'day', '--threads', '2'],
    ];
    // Plain runs, as users start them: node flags (NODE_OPTIONS) would make V8 refuse the cache
    // in every other run, and no configuration file or other setting of this shell applies.
    const env: NodeJS.ProcessEnv = { [WARM_UP_ENV]: '1' };
    for (const [key, value] of Object.entries(process.env)) {
      if (key !== 'NODE_OPTIONS' && !key.startsWith('SORTIE_')) env[key] = value;
    }
    for (const args of runs) {
      const run = spawnSync(
        process.execPath,
        [path.join(root, 'bin/sortie.js'), ...args, '--quiet', '--no-config'],
        { cwd: scratch, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 },
      );
      if (run.status === 0) continue;
      const why = run.error?.message ?? run.status ?? run.signal;
      console.warn(`bundle: warm-up run \`sortie ${args.join(' ')}\` failed (${why})`);
      console.warn((run.stderr?.toString() ?? '').trim().split('\n').slice(-3).join('\n'));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * `code` with every character beyond ASCII written as its \u escape. esbuild escapes those of
 * strings and names, but leaves comments and regular expressions (`[ée]`) as written, where the
 * escape means the same character. One after a backslash would not: the build stops there.
 */
function asciiOnly(code: string, name: string): string {
  return code.replace(/[\u0080-\uffff]/g, (c, at: number) => {
    if (code[at - 1] === '\\') throw new Error(`${name}: "\\${c}" cannot be escaped`);
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
