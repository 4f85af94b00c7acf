import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../scripts/chromium.js';
import { DEMO_REPORT } from '../scripts/demo-args.js';
import { runCli } from './helpers.js';

/** Colours the renderers use, to find in the rendered pixels. */
const RGB = {
  sea: [0xcf, 0xe2, 0xf3],
  land: [0xf4, 0xf1, 0xea],
  p8: [0x1f, 0x77, 0xb4],
  r135: [0xd6, 0x27, 0x28],
  bar: [0x4a, 0x6f, 0xa5],
  surge: [0xc0, 0x39, 0x2b],
} as const;
type Color = keyof typeof RGB;

/**
 * The few browser APIs used inside page.evaluate, typed here so the project keeps Node's types
 * only (adding the DOM library would hide browser globals misused in src/).
 */
interface BrowserGlobals {
  Image: new () => { src: string; width: number; height: number; decode(): Promise<void> };
  document: {
    createElement(tag: 'canvas'): {
      width: number;
      height: number;
      getContext(kind: '2d'): {
        drawImage(img: unknown, x: number, y: number): void;
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
      } | null;
    };
  };
  DOMParser: new () => {
    parseFromString(
      text: string,
      type: string,
    ): {
      getElementsByTagName(tag: string): { length: number };
      documentElement: { namespaceURI: string | null; nodeName: string };
    };
  };
}

/**
 * Decodes a PNG in the browser (no image library needed in Node) and counts the pixels close to
 * each colour (within `tolerance` per channel, so anti-aliased edges and 85% opacity still count).
 */
async function pixelCounts(page: Page, png: Buffer, tolerance = 40) {
  return page.evaluate(
    async ({ b64, rgb, tolerance }) => {
      const { Image, document } = globalThis as unknown as BrowserGlobals;
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d');
      if (ctx === null) throw new Error('no 2d context');
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, img.width, img.height).data;
      const counts: Record<string, number> = {};
      for (const k of Object.keys(rgb)) counts[k] = 0;
      let white = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
        if (r > 250 && g > 250 && b > 250) white += 1;
        for (const [k, [cr, cg, cb]] of Object.entries(rgb)) {
          if (
            Math.abs(r - cr) <= tolerance &&
            Math.abs(g - cg) <= tolerance &&
            Math.abs(b - cb) <= tolerance
          ) {
            counts[k] = (counts[k] ?? 0) + 1;
          }
        }
      }
      return {
        width: img.width,
        height: img.height,
        white,
        counts: counts as Record<Color, number>,
      };
    },
    { b64: png.toString('base64'), rgb: RGB, tolerance },
  );
}

describe('the HTML report in headless Chromium (closed network)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-html-'));
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let scratch: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    // The surge as simulated, the CBP drone included (--operators all): 18 missions.
    const r = await runCli([
      ...DEMO_REPORT,
      '--operators',
      'all',
      '--html',
      'report.html',
      '--chart',
      'chart.svg',
    ]);
    expect(r.code).toBe(0);
    writeFileSync(path.join(dir, 'report.html'), r.files.get('report.html') ?? '');
    writeFileSync(path.join(dir, 'chart.svg'), r.files.get('chart.svg') ?? '');
    browser = await launchChromium({ width: 1000, height: 900 });
    page = await browser.context.newPage();
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(pathToFileURL(path.join(dir, 'report.html')).href);
    scratch = await browser.context.newPage();
    // The first launch on a fresh clone inflates the packaged browser (~5 s) before starting it.
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders to PNG with the summary, chart, map and both tables laid out', async () => {
    const png = await page.screenshot({ fullPage: true, path: path.join(dir, 'report.png') });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(readFileSync(path.join(dir, 'report.png')).length).toBe(png.length);
    const whole = await pixelCounts(scratch, png);
    expect(whole.width).toBe(1000);
    expect(whole.height).toBeGreaterThan(3000);
    for (const [selector, minW, minH] of [
      ['#summary .summary', 600, 40],
      ['#chart svg', 790, 400],
      ['#map svg', 750, 700],
      ['#periods table', 800, 300],
      ['#missions table', 800, 600],
      ['#methods', 800, 400],
    ] as const) {
      const box = await page.locator(selector).boundingBox();
      expect(box, selector).not.toBeNull();
      expect(box?.width, selector).toBeGreaterThan(minW);
      expect(box?.height, selector).toBeGreaterThan(minH);
    }
    expect(await page.locator('#summary .summary').innerText()).toMatch(
      /^18 missions \(16 aircraft-days\)/,
    );
    expect(await page.locator('#periods tbody tr').count()).toBe(15);
    expect(await page.locator('#periods tbody tr.surge').count()).toBe(4);
    expect(await page.locator('#missions tbody tr.mission').count()).toBe(18);
    expect(await page.locator('#missions a[href^="https://globe.adsbexchange.com/"]').count()).toBe(
      18,
    );
    expect(await page.locator('#methods').innerText()).toContain('about 43% did');
  });

  it('draws the chart: blue bars, four red surge bars, the baseline line and band', async () => {
    expect(await page.locator('#chart .bars rect').count()).toBe(14);
    expect(await page.locator('#chart .baseline rect').count()).toBe(14);
    const px = await pixelCounts(scratch, await page.locator('#chart svg').screenshot(), 12);
    expect(px.counts.bar).toBeGreaterThan(10 * 1000);
    expect(px.counts.surge).toBeGreaterThan(4 * 2000);
  });

  it('draws the map: sea, land and the tracks in their type colours, not a blank box', async () => {
    expect(await page.locator('#map .tracks path').count()).toBe(18);
    const px = await pixelCounts(scratch, await page.locator('#map svg').screenshot(), 25);
    const area = px.width * px.height;
    expect(px.counts.sea / area).toBeGreaterThan(0.2);
    expect(px.counts.land / area).toBeGreaterThan(0.2);
    expect(px.counts.p8).toBeGreaterThan(500);
    expect(px.counts.r135).toBeGreaterThan(300);
    expect(px.white / area).toBeLessThan(0.05);
  });

  it('tells the story per aircraft: a table, a timeline and numbered tracks that agree', async () => {
    // Ten airframes flew the 18 missions; each row names one in plain words.
    const rows = page.locator('#aircraft tbody tr');
    expect(await rows.count()).toBe(10);
    expect(await rows.nth(8).innerText()).toMatch(
      /RC-135V Rivet Joint\s+USAF\s+64-14845\s+ae01c7\s+2\s+11\s+12\s+8\.0/,
    );
    expect(await page.locator('#aircraft').innerText()).not.toMatch(/\bR135\b|\bP8\b|\bQ9\b/);
    const timeline = page.locator('#timeline svg');
    expect((await timeline.boundingBox())?.height).toBeGreaterThan(200);
    expect(await page.locator('#timeline .mission-mark').count()).toBe(18);
    expect(await page.locator('#timeline .rows text').count()).toBe(10);
    // Every track carries its number, 1 to 18, as in the missions table's first column.
    const numbers = await page.locator('#map .track-number text').allTextContents();
    expect(numbers.map(Number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 18 }, (_, i) => i + 1),
    );
    expect(await page.locator('#missions tr.mission td:first-child').allInnerTexts()).toEqual(
      Array.from({ length: 18 }, (_, i) => String(i + 1)),
    );
    expect(await page.locator('#missions tr.mission').first().innerText()).toMatch(
      /P-8A Poseidon · USN · PELT51[\s\S]*racetrack\s+entered-territorial \(0\.0 NM\)/,
    );
    // Place names inside the map, a scale bar, and a legend in plain words.
    const places = await page.locator('#map .places text').allTextContents();
    expect(places).toEqual(expect.arrayContaining(['La Paz', 'Guaymas', 'Sonora']));
    expect(places).not.toContain('Stockholm');
    expect(await page.locator('#map .scale-bar').textContent()).toMatch(
      /^[\s\S]*\d+ km \(\d+ NM\)/,
    );
    expect(await page.locator('#map .legend').textContent()).toContain('RQ-4 Global Hawk');
  });

  it('draws land under a custom region far from Mexico, and wraps a long title', async () => {
    // An RC-135V (ae01c7, in the bundled table) flying ovals east of Gotland for three hours.
    const start = Date.parse('2025-02-08T12:00:00Z');
    const lines = ['timestamp_utc,icao,callsign,latitude,longitude,altitude_ft'];
    for (let k = 0; k < 180; k += 1) {
      const a = (k / 30) * 2 * Math.PI;
      const t = new Date(start + k * 60_000).toISOString();
      lines.push(
        `${t},ae01c7,JAKE11,${(56.8 + 0.6 * Math.sin(a)).toFixed(4)},${(19.8 + 1.6 * Math.cos(a)).toFixed(4)},33000`,
      );
    }
    const csv = path.join(dir, 'baltic.csv');
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const name =
      'Central Baltic Sea east of Gotland and west of the Latvian and Lithuanian coasts (a test box drawn by hand)';
    const region = path.join(dir, 'baltic.geojson');
    writeFileSync(
      region,
      JSON.stringify({
        type: 'Feature',
        properties: { name },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [18.8, 55.5],
              [21, 55.5],
              [21, 58.2],
              [18.8, 58.2],
              [18.8, 55.5],
            ],
          ],
        },
      }),
    );
    const r = await runCli([
      'report',
      csv,
      '--region',
      region,
      '--from',
      '2025-02-07',
      '--to',
      '2025-02-10',
      '--baseline-rate',
      '1/month',
      '--html',
      'baltic.html',
    ]);
    expect(r.code).toBe(0);
    const html = r.files.get('baltic.html') ?? '';
    expect(html).toContain('Natural Earth 1:50m via world-atlas');
    writeFileSync(path.join(dir, 'baltic.html'), html);
    const baltic = await browser.context.newPage();
    await baltic.goto(pathToFileURL(path.join(dir, 'baltic.html')).href);
    const map = await pixelCounts(scratch, await baltic.locator('#map svg').screenshot(), 25);
    const area = map.width * map.height;
    expect(map.counts.land / area).toBeGreaterThan(0.15);
    expect(map.counts.sea / area).toBeGreaterThan(0.3);
    expect(map.counts.r135).toBeGreaterThan(50);
    expect(await baltic.locator('#map .places text').allTextContents()).toEqual(
      expect.arrayContaining(['Gotland', 'Liepāja']),
    );
    expect(await baltic.locator('#map .track-number text').allTextContents()).toEqual(['1']);
    // The chart's title wraps inside the chart rather than running off its right edge.
    const chart = await baltic.locator('#chart svg').boundingBox();
    const titles = baltic.locator('#chart svg text[font-weight="bold"]');
    expect(await titles.count()).toBe(2);
    for (let i = 0; i < 2; i += 1) {
      const box = await titles.nth(i).boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThan((chart?.x ?? 0) + (chart?.width ?? 0));
    }
    await baltic.close();
  });

  it('asked for nothing over the network (CSP default-src none; only the file itself)', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
  });

  it('the standalone chart and the KML parse as XML in the browser', async () => {
    const kml = (
      await runCli([
        'export',
        'fixtures/demo',
        '--format',
        'kml',
        '--from',
        '2025-02-03',
        '--to',
        '2025-02-05',
      ])
    ).stdout;
    const svg = readFileSync(path.join(dir, 'chart.svg'), 'utf8');
    const parsed = await scratch.evaluate(
      ({ kml, svg }) => {
        const { DOMParser } = globalThis as unknown as BrowserGlobals;
        const parse = (text: string, type: string) => new DOMParser().parseFromString(text, type);
        const k = parse(kml, 'application/xml');
        const s = parse(svg, 'image/svg+xml');
        return {
          kmlErrors: k.getElementsByTagName('parsererror').length,
          placemarks: k.getElementsByTagName('Placemark').length,
          root: k.documentElement.namespaceURI,
          svgErrors: s.getElementsByTagName('parsererror').length,
          svgRoot: s.documentElement.nodeName,
        };
      },
      { kml, svg },
    );
    expect(parsed).toEqual({
      kmlErrors: 0,
      placemarks: 4,
      root: 'http://www.opengis.net/kml/2.2',
      svgErrors: 0,
      svgRoot: 'svg',
    });
  });
});
