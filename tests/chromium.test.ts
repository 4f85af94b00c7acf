import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEBIAN_CHROMIUM, findChromium, packagedChromium } from '../scripts/chromium.js';

const saved = process.env.SORTIE_CHROMIUM;
afterEach(() => {
  if (saved === undefined) delete process.env.SORTIE_CHROMIUM;
  else process.env.SORTIE_CHROMIUM = saved;
});

describe('the browser tests find a Chromium with nothing installed by hand', () => {
  it('the devDependency ships a Chromium that inflates whole and runs here', async () => {
    const binary = await packagedChromium();
    expect(binary).toMatch(/node_modules\/\.cache\/sortie-chromium-[\d.]+\/chromium$/);
    // Whole and executable: it was renamed into place only once fully inflated.
    expect(statSync(binary).mode & 0o111).not.toBe(0);
    expect(statSync(binary).size).toBeGreaterThan(50_000_000);
    const version = execFileSync(binary, ['--version'], { encoding: 'utf8' });
    expect(version).toMatch(/^Chromium \d+\./);
  }, 120_000);

  it('takes Debian’s when present, else the one shipped in the devDependency', async () => {
    delete process.env.SORTIE_CHROMIUM;
    const found = await findChromium();
    expect(found).toEqual(
      existsSync(DEBIAN_CHROMIUM)
        ? { path: DEBIAN_CHROMIUM, from: 'debian' }
        : { path: await packagedChromium(), from: 'package' },
    );
  }, 120_000);

  it('inflates once: a second look returns the same file without writing it again', async () => {
    const first = await packagedChromium();
    const before = statSync(first).mtimeMs;
    const again = await Promise.all([packagedChromium(), packagedChromium()]);
    expect(again).toEqual([first, first]);
    expect(statSync(first).mtimeMs).toBe(before);
  }, 120_000);

  it('SORTIE_CHROMIUM wins, and naming a missing file is an error, not a silent fallback', async () => {
    process.env.SORTIE_CHROMIUM = process.execPath;
    expect(await findChromium()).toEqual({ path: process.execPath, from: 'SORTIE_CHROMIUM' });
    process.env.SORTIE_CHROMIUM = '/nonexistent/chromium';
    await expect(findChromium()).rejects.toThrow(/SORTIE_CHROMIUM names \/nonexistent\/chromium/);
  });
});
