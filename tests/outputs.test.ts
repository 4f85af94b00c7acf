import { execFile } from 'node:child_process';
import {
  copyFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const exec = promisify(execFile);

/** A small OpenSky export (one aircraft, five positions) copied where each test may write. */
const FIXTURE = 'fixtures/formats/opensky-states/states_2025-02-05-20.csv';
const tmp = mkdtempSync(path.join(tmpdir(), 'sortie-outputs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh folder holding a copy of the fixture as data.csv. */
function workdir(): { dir: string; data: string } {
  const dir = mkdtempSync(path.join(tmp, 'w-'));
  const data = path.join(dir, 'data.csv');
  copyFileSync(FIXTURE, data);
  return { dir, data };
}

const REPORT = ['report', FIXTURE, '--period', 'day', '--baseline-rate', '1/month'];

/** Runs the built launcher as a user would, in `cwd`. */
async function sortie(args: string[], cwd = process.cwd()) {
  const bin = path.resolve('bin/sortie.js');
  try {
    const r = await exec(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The single-line usage error every refusal gives: exit 2, nothing written, nothing on stdout. */
function expectRefused(
  r: { code: number; stdout: string; stderr: string; files?: Map<string, string> },
  message: RegExp,
) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  // One line, then the usage hint every usage error ends with.
  expect(r.stderr).toMatch(/^sortie: [^\n]+\n\(run sortie \w+ --help for usage\)\n$/);
  expect(r.stderr).toMatch(message);
  if (r.files) expect([...r.files.keys()]).toEqual([]);
}

describe('--out takes the format from the file name when --format is not given', () => {
  it('export --out x.kml writes KML; .geojson and .json write GeoJSON', async () => {
    const kml = await runCli(['export', FIXTURE, '--out', 'x.kml']);
    expect(kml.code).toBe(0);
    expect(kml.files.get('x.kml')).toMatch(/^<\?xml[^>]*>\s*<kml /);
    for (const name of ['x.geojson', 'x.json', 'X.GEOJSON']) {
      const r = await runCli(['export', FIXTURE, '--out', name]);
      expect(r.code, name).toBe(0);
      expect(JSON.parse(r.files.get(name)!).type, name).toBe('FeatureCollection');
    }
  });

  it('report --out r.json writes JSON, r.csv CSV, r.md Markdown, r.txt the table', async () => {
    const json = await runCli([...REPORT, '--out', 'r.json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.files.get('r.json')!).schema).toBe('sortie.report/1');
    const csv = (await runCli([...REPORT, '--out', 'r.csv'])).files.get('r.csv')!;
    expect(csv.split('\n').find((l) => !l.startsWith('#'))).toMatch(
      /^row,period_start,period_end,missions,/,
    );
    const md = (await runCli([...REPORT, '--out', 'r.md'])).files.get('r.md')!;
    expect(md).toMatch(/^(<!-- warning: [^\n]* -->\n)*# /);
    expect(md).toMatch(/^\|.*\|$/m);
    const table = (await runCli([...REPORT, '--out', 'r.txt'])).files.get('r.txt')!;
    expect(table).toBe((await runCli(REPORT)).stdout);
  });

  it('report --out r.html writes the HTML report and --out r.svg the chart, as --html and --chart do', async () => {
    const both = await runCli([...REPORT, '--html', 'a.html', '--chart', 'a.svg']);
    const html = await runCli([...REPORT, '--out', 'r.html']);
    expect(html.code).toBe(0);
    expect(html.files.get('r.html')).toBe(both.files.get('a.html'));
    expect(html.files.get('r.html')).toMatch(/^<!doctype html>/i);
    const svg = await runCli([...REPORT, '--out', 'r.svg']);
    expect(svg.files.get('r.svg')).toBe(both.files.get('a.svg'));
    // Without a file the format is asked for by name.
    expect((await runCli([...REPORT, '--format', 'svg'])).stdout).toBe(both.files.get('a.svg'));
  });

  it('missions, inspect and regions do the same with the formats they have', async () => {
    const m = await runCli(['missions', FIXTURE, '--out', 'm.csv']);
    expect(m.code).toBe(0);
    expect(m.files.get('m.csv')!.split('\n')[0]).toMatch(/^id,hex,registration,type,/);
    const i = await runCli(['inspect', FIXTURE, '--out', 'i.json']);
    expect(JSON.parse(i.files.get('i.json')!).schema).toBe('sortie.inspect/1');
    const g = await runCli(['regions', '--out', 'g.json']);
    expect(JSON.parse(g.files.get('g.json')!).schema).toBe('sortie.regions/1');
  });

  it('a name without a known extension keeps the default format; - is standard output', async () => {
    const r = await runCli([...REPORT, '--out', 'report.out']);
    expect(r.files.get('report.out')).toBe((await runCli(REPORT)).stdout);
    const e = await runCli(['export', FIXTURE, '--out', 'tracks']);
    expect(JSON.parse(e.files.get('tracks')!).type).toBe('FeatureCollection');
    const dash = await runCli([...REPORT, '--out', '-', '--format', 'json']);
    expect(JSON.parse(dash.stdout).schema).toBe('sortie.report/1');
  });

  it('--format still decides when it agrees with the name or the name says nothing', async () => {
    const r = await runCli([...REPORT, '--format', 'json', '--out', 'r.json']);
    expect(JSON.parse(r.files.get('r.json')!).schema).toBe('sortie.report/1');
    const k = await runCli(['export', FIXTURE, '--format', 'kml', '--out', 'tracks.dat']);
    expect(k.files.get('tracks.dat')).toMatch(/<kml /);
  });
});

describe('--out refuses what it cannot honour (exit 2, one line, nothing written)', () => {
  it.each([
    [['report', '--format', 'json', '--out', 'r.csv'], /--format json.*r\.csv.*csv/],
    [['export', '--format', 'geojson', '--out', 'x.kml'], /--format geojson.*x\.kml.*kml/],
    [['missions', '--format', 'table', '--out', 'm.md'], /--format table.*m\.md/],
    [['inspect', '--format', 'json', '--out', 'i.txt'], /--format json.*i\.txt/],
  ])('a --format that contradicts the extension: %j', async (argv, message) => {
    const [command, ...rest] = argv as string[];
    expectRefused(await runCli([command!, FIXTURE, ...rest]), message as RegExp);
  });

  it.each([
    [['export', '--out', 'x.csv'], /export.*\.csv/],
    [['inspect', '--out', 'i.md'], /inspect.*\.md/],
    [['missions', '--out', 'm.kml'], /missions.*\.kml/],
    [['report', '--out', 'r.geojson'], /report.*\.geojson/],
  ])('an extension the command has no format for: %j', async (argv, message) => {
    const [command, ...rest] = argv as string[];
    expectRefused(await runCli([command!, FIXTURE, ...rest]), message as RegExp);
  });

  it('regions too, and before anything is read', async () => {
    expectRefused(await runCli(['regions', '--out', 'g.csv']), /regions.*\.csv/);
    expectRefused(
      await runCli(['report', 'no/such/input.csv', '--format', 'md', '--out', 'r.json']),
      /--format md/,
    );
  });

  it('--chart and --html refuse a name that says another format', async () => {
    expectRefused(await runCli([...REPORT, '--chart', 'c.html']), /--chart.*c\.html/);
    expectRefused(await runCli([...REPORT, '--html', 'r.json']), /--html.*r\.json/);
    // An SVG in a file named .png would open as a broken picture.
    expectRefused(await runCli([...REPORT, '--chart', 'c.png']), /--chart writes svg, not \.png/);
    const ok = await runCli([...REPORT, '--chart', 'chart', '--html', 'page.htm']);
    expect(ok.code).toBe(0);
    expect([...ok.files.keys()].sort()).toEqual(['chart', 'page.htm']);
  });

  it('two outputs to one file', async () => {
    expectRefused(
      await runCli([...REPORT, '--chart', 'same.svg', '--out', 'same.svg']),
      /--out and --chart.*same\.svg/,
    );
  });
});

describe('no output overwrites an input', () => {
  it('report x.csv --out x.csv keeps the data (the built launcher, on disk)', async () => {
    const { dir, data } = workdir();
    const before = readFileSync(data, 'utf8');
    const r = await sortie(['report', 'data.csv', '--out', 'data.csv'], dir);
    expectRefused(r, /--out data\.csv is the input data\.csv/);
    expect(readFileSync(data, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['data.csv']);
  });

  it('the same file by another name: absolute path, ./, a symlink, a hard link', async () => {
    const { dir, data } = workdir();
    symlinkSync(data, path.join(dir, 'link.csv'));
    linkSync(data, path.join(dir, 'hard.csv'));
    for (const out of [data, path.join(dir, '.', 'data.csv'), path.join(dir, 'link.csv')]) {
      expectRefused(await runCli(['missions', data, '--out', out]), /is the input/);
    }
    expectRefused(
      await runCli(['report', path.join(dir, 'link.csv'), '--out', path.join(dir, 'hard.csv')]),
      /is the input/,
    );
  });

  it('inputs found inside a directory given as input, for --out, --chart and --html', async () => {
    const { dir, data } = workdir();
    mkdirSync(path.join(dir, 'sub'));
    // Found by the walk whatever their names: detection reads the content.
    const dat = path.join(dir, 'sub', 'more.dat');
    const bare = path.join(dir, 'sub', 'export');
    copyFileSync(data, dat);
    copyFileSync(data, bare);
    const args = ['report', dir, '--period', 'day', '--baseline-rate', '1/month'];
    expectRefused(await runCli([...args, '--out', dat]), /--out .*more\.dat is the input/);
    expectRefused(await runCli([...args, '--chart', bare]), /--chart .*export is the input/);
    expectRefused(await runCli([...args, '--html', bare]), /--html .*export is the input/);
    // A new file in the folder is no input (yet): written.
    const fresh = path.join(dir, 'sub', 'new.txt');
    expect((await runCli([...args, '--out', fresh])).files.has(fresh)).toBe(true);
  });

  it('nor a registry given with --aircraft-db', async () => {
    const { dir } = workdir();
    const db = path.join(dir, 'db.csv');
    writeFileSync(db, readFileSync('fixtures/formats/registries/aircraftDatabase.csv'));
    expectRefused(
      await runCli(['missions', FIXTURE, '--aircraft-db', db, '--out', db]),
      /--out .*db\.csv is the input/,
    );
  });
});

describe('writing goes through a temporary file renamed into place', () => {
  it('replaces an existing file whole, keeps its permissions, leaves nothing beside it', async () => {
    const { dir } = workdir();
    const out = path.join(dir, 'r.json');
    writeFileSync(out, 'x'.repeat(100_000), { mode: 0o640 });
    const r = await sortie(
      [...REPORT.map((a) => (a === FIXTURE ? path.resolve(a) : a)), '--out', out],
      dir,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).schema).toBe('sortie.report/1');
    expect(readdirSync(dir).sort()).toEqual(['data.csv', 'r.json']);
    expect(statSync(out).mode & 0o777).toBe(0o640);
  });
});
