import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = new URL('../scripts/build-if-stale.mjs', import.meta.url).pathname;
const PKG = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
};

/** The files the build writes last, which the script takes as its outputs. */
const BUNDLE_FILES = [
  'launch.cjs',
  'read-worker-launch.cjs',
  'main.cjs.cache',
  'read-worker.cjs.cache',
];

/**
 * A project laid out like this one, whose `build` only counts its runs and writes the bundle, so
 * the script's decision is seen through what it really runs.
 */
const root = mkdtempSync(path.join(tmpdir(), 'sortie-stale-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(path.join(root, 'src'));
mkdirSync(path.join(root, 'scripts'));
copyFileSync(SCRIPT, path.join(root, 'scripts', 'build-if-stale.mjs'));
writeFileSync(path.join(root, 'src', 'main.ts'), 'export {};\n');
writeFileSync(
  path.join(root, 'fake-build.mjs'),
  `import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
appendFileSync('builds.log', 'built\\n');
mkdirSync('dist/bundle', { recursive: true });
for (const f of ${JSON.stringify(BUNDLE_FILES)}) writeFileSync('dist/bundle/' + f, '');
`,
);
writeFileSync(
  path.join(root, 'package.json'),
  JSON.stringify({ name: 'stale-check', private: true, scripts: { build: 'node fake-build.mjs' } }),
);
// The build's own tool, as npm ci leaves it (its absence is tested below).
mkdirSync(path.join(root, 'node_modules', 'typescript'), { recursive: true });
writeFileSync(path.join(root, 'node_modules', 'typescript', 'package.json'), '{}\n');
for (const f of ['package-lock.json', 'tsconfig.json', 'tsconfig.build.json']) {
  writeFileSync(path.join(root, f), '{}\n');
}

const builds = () =>
  existsSync(path.join(root, 'builds.log'))
    ? readFileSync(path.join(root, 'builds.log'), 'utf8').split('\n').filter(Boolean).length
    : 0;
const run = () => execFileSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: root });
/** Moves a file's modification time `s` seconds from now (mtimes, not sleeps). */
const age = (file: string, s: number) => {
  const t = new Date(Date.now() + s * 1000);
  utimesSync(path.join(root, file), t, t);
};

// Each case spawns node and npm: slow on a busy machine.
describe(
  'prepare, pretest and demo build only when the bundle is older than its sources',
  { timeout: 120_000 },
  () => {
    it('builds when there is no bundle, then not again while nothing changed', () => {
      run();
      expect(builds()).toBe(1);
      for (const f of BUNDLE_FILES) age('dist/bundle/' + f, 5);
      expect(run().toString()).toMatch(/up to date/);
      expect(builds()).toBe(1);
    });

    it('builds again when a source, a config or the lockfile is newer than the bundle', () => {
      for (const changed of ['src/main.ts', 'package-lock.json', 'tsconfig.build.json']) {
        const before = builds();
        age(changed, 60);
        run();
        expect(builds(), changed).toBe(before + 1);
        age(changed, -60);
      }
    });

    it('builds again when one bundle file is missing (a failed build removes dist/bundle)', () => {
      for (const f of BUNDLE_FILES) {
        rmSync(path.join(root, 'dist/bundle', f));
        const before = builds();
        run();
        expect(builds(), f).toBe(before + 1);
        for (const g of BUNDLE_FILES) age('dist/bundle/' + g, 5);
      }
    });

    it('says what to do, and fails, when the devDependencies are missing (npm link in a fresh clone)', () => {
      rmSync(path.join(root, 'dist'), { recursive: true });
      rmSync(path.join(root, 'node_modules'), { recursive: true });
      const before = builds();
      const r = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        'sortie: building needs the devDependencies, which are not installed: run npm ci (or npm install) first, then npm link\n',
      );
      expect(builds()).toBe(before);
    });

    it('is what prepare, pretest and demo run, so bin works right after npm ci and npm link', () => {
      expect(PKG.scripts.prepare).toBe('node scripts/build-if-stale.mjs');
      expect(PKG.scripts.pretest).toBe('node scripts/build-if-stale.mjs');
      expect(PKG.scripts.demo).toMatch(
        /^node scripts\/build-if-stale\.mjs && node bin\/sortie\.js /,
      );
    });
  },
);
