import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../scripts/chromium.js';
import { runCli } from './helpers.js';

/**
 * Strings from inputs (callsigns, file names) reach HTML, SVG, KML, CSV, Markdown and the terminal.
 * None of them may run as markup, formulas or terminal escapes.
 */
const HOSTILE_CALLSIGNS = [
  '<script>alert(1)</script>',
  '=HYPERLINK("http://x")',
  'A|B\u001b[31mRED',
];

function hostileExport(callsign: string): string {
  const header =
    'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact';
  const rows = Array.from({ length: 40 }, (_, k) => {
    const t = 1738600000 + k * 60;
    const lat = 26.5 + 0.2 * Math.sin(k / 6);
    const lon = -110.5 + 0.2 * Math.cos(k / 6);
    // Quoted as RFC 4180 asks, so commas and quotes survive inside the field.
    return `${t},ae01c7,${lat.toFixed(5)},${lon.toFixed(5)},180,90,0,"${callsign.replace(/"/g, '""')}",false,false,false,,7620,7620,${t},${t}`;
  });
  return [header, ...rows].join('\n') + '\n';
}

const dir = mkdtempSync(path.join(tmpdir(), 'sortie-safety-'));
const files = HOSTILE_CALLSIGNS.map((c, i) => {
  const file = path.join(dir, `hostile-${i}.csv`);
  writeFileSync(file, hostileExport(c));
  return file;
});
const WINDOW = [
  '--from',
  '2025-02-03',
  '--to',
  '2025-02-04',
  '--period',
  'day',
  '--baseline-rate',
  '1/month',
];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('strings from inputs are inert in every output', () => {
  it('the HTML report shows <script>alert(1)</script> as text, in a real browser', async () => {
    const r = await runCli(['report', files[0]!, ...WINDOW, '--html', 'r.html']);
    expect(r.code).toBe(0);
    const html = r.files.get('r.html')!;
    expect(html).not.toMatch(/<script/i);
    const file = path.join(dir, 'r.html');
    writeFileSync(file, html);
    const browser = await launchChromium({ width: 1000, height: 800 });
    try {
      const page = await browser.context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(pathToFileURL(file).href);
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.locator('body').innerText()).toContain('<SCRIPT>ALERT(1)</SCRIPT>');
      expect(dialogs).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('SVG chart and KML escape it too', async () => {
    const r = await runCli(['report', files[0]!, ...WINDOW, '--chart', 'c.svg']);
    expect(r.files.get('c.svg')).not.toMatch(/<script/i);
    const kml = await runCli(['export', files[0]!, '--format', 'kml']);
    expect(kml.code).toBe(0);
    expect(kml.stdout).not.toMatch(/<script/i);
    expect(kml.stdout).toContain('&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt;');
  });

  it('CSV neutralises cells a spreadsheet would run as formulas', async () => {
    const r = await runCli(['missions', files[1]!, '--format', 'csv']);
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n')[1]!;
    expect(row).toContain(`"'=HYPERLINK(""HTTP://X"")"`);
    expect(row).not.toMatch(/,=HYPERLINK/);
  });

  it('Markdown keeps table cells whole and the terminal gets no escape sequences', async () => {
    const md = await runCli(['missions', files[2]!, '--format', 'md']);
    expect(md.stdout).toContain('A\\|B');
    const text = await runCli(['missions', files[2]!]);
    // eslint-disable-next-line no-control-regex -- the ESC byte is what must not get through
    expect(text.stdout).not.toMatch(/\u001b/);
  });

  it('file names with line breaks still give one-line messages', async () => {
    const odd = path.join(dir, 'bad\nname.csv');
    writeFileSync(odd, 'a,b\n1,2\n');
    const r = await runCli(['inspect', odd]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^sortie: .*bad\?name\.csv:1: not a known format/);
  });
});
