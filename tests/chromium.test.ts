import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEBIAN_CHROMIUM, findChromium } from '../scripts/chromium.js';

const saved = process.env.SORTIE_CHROMIUM;
afterEach(() => {
  if (saved === undefined) delete process.env.SORTIE_CHROMIUM;
  else process.env.SORTIE_CHROMIUM = saved;
});

describe('the browser tests find a Chromium with nothing installed by hand', () => {
  it('takes Debian’s when present, else the one shipped in the devDependency', async () => {
    delete process.env.SORTIE_CHROMIUM;
    const found = await findChromium();
    if (existsSync(DEBIAN_CHROMIUM)) {
      expect(found).toEqual({ path: DEBIAN_CHROMIUM, from: 'debian' });
    } else {
      expect(found.from).toBe('package');
      expect(found.path).toMatch(/node_modules\/\.cache\/sortie-chromium-[\d.]+\/chromium$/);
      // Whole and executable: it was renamed into place only once fully inflated.
      expect(statSync(found.path).mode & 0o111).not.toBe(0);
      expect(statSync(found.path).size).toBeGreaterThan(50_000_000);
    }
    const version = execFileSync(found.path, ['--version'], { encoding: 'utf8' });
    expect(version).toMatch(/Chrom(e|ium)[^\d]*\d+\./);
  }, 120_000);

  it('inflates once: a second look returns the same file without writing it again', async () => {
    delete process.env.SORTIE_CHROMIUM;
    const first = await findChromium();
    const before = statSync(first.path).mtimeMs;
    const again = await Promise.all([findChromium(), findChromium()]);
    expect(again.map((f) => f.path)).toEqual([first.path, first.path]);
    expect(statSync(first.path).mtimeMs).toBe(before);
  }, 120_000);

  it('SORTIE_CHROMIUM wins, and naming a missing file is an error, not a silent fallback', async () => {
    process.env.SORTIE_CHROMIUM = process.execPath;
    expect(await findChromium()).toEqual({ path: process.execPath, from: 'SORTIE_CHROMIUM' });
    process.env.SORTIE_CHROMIUM = '/nonexistent/chromium';
    await expect(findChromium()).rejects.toThrow(/SORTIE_CHROMIUM names \/nonexistent\/chromium/);
  });
});
