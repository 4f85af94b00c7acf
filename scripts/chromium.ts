/**
 * Debian's Chromium, driven headless by playwright-core, for the HTML report test and the README
 * screenshots. Never a downloaded browser: the executable is the system one (`apt-get install
 * chromium`; .ci/run installs it), and the flags keep it off the network entirely.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where Debian puts Chromium; SORTIE_CHROMIUM overrides it. */
export const CHROMIUM_PATH = process.env.SORTIE_CHROMIUM ?? '/usr/bin/chromium';

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

/** A browser context in a fresh profile directory; `close` also removes the profile. */
export async function launchChromium(viewport: {
  width: number;
  height: number;
}): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium; .ci/run does) or set SORTIE_CHROMIUM`,
    );
  }
  const profile = mkdtempSync(path.join(tmpdir(), 'sortie-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    viewport,
    deviceScaleFactor: 1,
    offline: true,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
