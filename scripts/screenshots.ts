/**
 * screenshots: regenerates the pictures in docs/ from the demo data: the SVG charts (as written by
 * `sortie report --chart`) and PNG screenshots of the HTML report (`--html`) rendered by Debian's
 * Chromium (scripts/chromium.ts). Deterministic inputs; the PNGs depend on the installed fonts.
 *
 * Usage: npm run docs:screenshots   (builds, then node dist/scripts/screenshots.js)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Readable } from 'node:stream';
import { run } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { launchChromium } from './chromium.js';
import { DEMO_REPORT } from './demo-args.js';

const DOCS = 'docs';
const DAY = DEMO_REPORT;
const WEEK = ['report', 'fixtures/demo', '--period', 'week', '--baseline-rate', '1/month'];

/** Runs the CLI in-process and returns the files it wrote. */
async function sortie(argv: string[]): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const io: Io = {
    stdout: () => undefined,
    stderr: (t) => process.stderr.write(t),
    stdoutIsTTY: false,
    env: {},
    stdin: () => Readable.from([]),
    writeFile: async (p, text) => {
      files.set(p, text);
    },
  };
  const code = await run(argv, io);
  if (code !== 0) throw new Error(`sortie ${argv.join(' ')} exited ${code}`);
  return files;
}

async function main(): Promise<void> {
  mkdirSync(DOCS, { recursive: true });
  const day = await sortie([...DAY, '--chart', 'chart.svg', '--html', 'report.html']);
  const week = await sortie([...WEEK, '--chart', 'chart.svg']);
  writeFileSync(path.join(DOCS, 'chart-demo-day.svg'), day.get('chart.svg') ?? '');
  writeFileSync(path.join(DOCS, 'chart-demo-week.svg'), week.get('chart.svg') ?? '');
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-docs-'));
  const browser = await launchChromium({ width: 1000, height: 900 });
  try {
    const page = await browser.context.newPage();
    const htmlFile = path.join(dir, 'report.html');
    writeFileSync(htmlFile, day.get('report.html') ?? '');
    await page.goto(pathToFileURL(htmlFile).href);
    const top = await page.locator('#map').boundingBox();
    const tables = await page.locator('#periods').boundingBox();
    const missions = await page.locator('#missions').boundingBox();
    if (top === null || tables === null || missions === null) throw new Error('report incomplete');
    await page.screenshot({
      path: path.join(DOCS, 'report-demo.png'),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1000, height: Math.ceil(top.y + top.height + 16) },
    });
    await page.screenshot({
      path: path.join(DOCS, 'report-demo-tables.png'),
      fullPage: true,
      clip: { x: 0, y: Math.floor(tables.y - 8), width: 1000, height: 1100 },
    });
    // The chart alone, as Chromium draws it, for viewers that do not show SVG.
    const chartFile = path.join(dir, 'chart.svg');
    writeFileSync(chartFile, week.get('chart.svg') ?? '');
    await page.setViewportSize({ width: 800, height: 420 });
    await page.goto(pathToFileURL(chartFile).href);
    await page.screenshot({ path: path.join(DOCS, 'chart-demo-week.png') });
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`wrote charts and screenshots to ${DOCS}/\n`);
}

await main();
