/**
 * Headless Chromium driven by playwright-core, for the HTML report tests and the README
 * screenshots. Never a browser downloaded at run time: the executable is, in this order,
 *  1. SORTIE_CHROMIUM, when set (it must then exist);
 *  2. Debian's package at /usr/bin/chromium (`apt-get install chromium`), when present;
 *  3. the headless Chromium shipped inside the `@sparticuz/chromium` devDependency (Linux x86-64),
 *     inflated once from its Brotli file into node_modules/.cache (a temporary file renamed into
 *     place, so a run cut short never leaves half a browser behind).
 * The flags keep it off the network entirely.
 */
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where Debian puts Chromium. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The registry package whose files carry a Chromium binary (see package.json). */
const PACKAGE = '@sparticuz/chromium';

/** Flags for a closed network: no background requests, updates, sync or QUIC probes. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--font-render-hinting=none',
] as const;

/** Which Chromium runs and where it came from. */
export interface ChromiumFound {
  path: string;
  from: 'SORTIE_CHROMIUM' | 'debian' | 'package';
}

/** The package's root folder and version, or null when it is not installed. */
function packageRoot(): { root: string; version: string } | null {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(PACKAGE);
  } catch {
    return null;
  }
  // The entry point sits in <root>/build/<flavour>/; walk up to the package.json naming it.
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === PACKAGE && pkg.version) return { root: dir, version: pkg.version };
  }
  return null;
}

/**
 * The package's Chromium, inflated into node_modules/.cache/sortie-chromium-<version>/ on first
 * use. Concurrent callers (test files run in parallel) each write their own temporary file and
 * rename it; the rename is atomic, so every caller sees either nothing or the whole binary.
 */
export async function packagedChromium(): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `${PACKAGE} ships Chromium for Linux x86-64 only (this is ${process.platform} ${process.arch}): install Chromium and set SORTIE_CHROMIUM`,
    );
  }
  const pkg = packageRoot();
  if (!pkg) {
    throw new Error(
      `no Chromium: ${DEBIAN_CHROMIUM} is absent and ${PACKAGE} is not installed (run npm ci), or set SORTIE_CHROMIUM`,
    );
  }
  const packed = path.join(pkg.root, 'bin', 'chromium.br');
  if (!existsSync(packed)) throw new Error(`${PACKAGE} ${pkg.version} has no ${packed}`);
  // node_modules/@sparticuz/chromium → node_modules/.cache/sortie-chromium-<version>
  const cache = path.join(pkg.root, '..', '..', '.cache', `sortie-chromium-${pkg.version}`);
  const binary = path.join(cache, 'chromium');
  if (existsSync(binary)) return binary;
  mkdirSync(cache, { recursive: true });
  const partial = `${binary}.${process.pid}.${Math.random().toString(36).slice(2)}.partial`;
  try {
    await pipeline(
      createReadStream(packed),
      createBrotliDecompress(),
      createWriteStream(partial, { mode: 0o755 }),
    );
    renameSync(partial, binary);
  } finally {
    rmSync(partial, { force: true });
  }
  return binary;
}

/** Finds the Chromium to run (see the top of this file for the order). */
export async function findChromium(): Promise<ChromiumFound> {
  const chosen = process.env.SORTIE_CHROMIUM;
  if (chosen) {
    if (!existsSync(chosen))
      throw new Error(`SORTIE_CHROMIUM names ${chosen}, which does not exist`);
    return { path: chosen, from: 'SORTIE_CHROMIUM' };
  }
  if (existsSync(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM, from: 'debian' };
  return { path: await packagedChromium(), from: 'package' };
}

/** A browser context in a fresh profile directory; `close` also removes the profile. */
export async function launchChromium(viewport: {
  width: number;
  height: number;
}): Promise<{ context: BrowserContext; close: () => Promise<void>; found: ChromiumFound }> {
  const found = await findChromium();
  const profile = mkdtempSync(path.join(tmpdir(), 'sortie-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: found.path,
      headless: true,
      args: [...CHROMIUM_FLAGS],
      viewport,
      deviceScaleFactor: 1,
      offline: true,
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  return {
    context,
    found,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
