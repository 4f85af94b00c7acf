#!/usr/bin/env node
/**
 * Runs `npm run build` unless the bundle is newer than every file it is built from, so `npm test`
 * right after `npm ci` (whose prepare step has just built) or a second `npm run demo` does not
 * build twice. Plain JavaScript: it must run before anything is compiled. It is also the prepare
 * step, so bin/sortie.js works right after `npm install`, `npm ci` or `npm link`.
 *
 * Built from: src/ and scripts/ (TypeScript), the tsconfigs, package.json and the lockfile.
 * Built: dist/bundle/launch.cjs, read-worker-launch.cjs and the code caches, written last by the build (the
 * bundle step removes dist/bundle first, so a failed build leaves it missing, never looking fresh).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INPUT_DIRS = ['src', 'scripts'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
const OUTPUTS = [
  'dist/bundle/launch.cjs',
  'dist/bundle/read-worker-launch.cjs',
  'dist/bundle/main.cjs.cache',
  'dist/bundle/read-worker.cjs.cache',
];

/** The newest modification time under `dir`, in milliseconds. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function mtime(file) {
  try {
    return statSync(path.join(root, file)).mtimeMs;
  } catch {
    return null;
  }
}

const inputs = Math.max(
  ...INPUT_DIRS.map((d) => newest(path.join(root, d))),
  ...INPUT_FILES.map((f) => mtime(f) ?? 0),
);
const outputs = OUTPUTS.map(mtime);
const fresh = outputs.every((t) => t !== null && t > inputs);

if (fresh) {
  console.log('sortie: build is up to date (dist/bundle is newer than src/, scripts/ and configs)');
} else if (!existsSync(path.join(root, 'node_modules', 'typescript', 'package.json'))) {
  // `npm link` in a fresh clone runs prepare before (and without) installing the devDependencies.
  console.error(
    'sortie: building needs the devDependencies, which are not installed: run npm ci (or npm install) first, then npm link',
  );
  process.exitCode = 1;
} else {
  const r = spawnSync('npm', ['run', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  process.exitCode = r.status ?? 1;
}
