import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { run } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { nearestKey } from '../src/cli/config-file.js';
import { allConfigKeys } from '../src/cli/data-commands.js';
import { runCli } from './helpers.js';

const DEMO = path.resolve('fixtures/demo');
const dir = mkdtempSync(path.join(tmpdir(), 'sortie-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** Writes a config file into the test folder (or `sub` under it) and returns its path. */
function config(content: unknown, sub = ''): string {
  const folder = path.join(dir, sub);
  const file = path.join(folder, `c${++files}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** Runs the CLI with `cwd` as its current folder (where sortie.config.json is looked for). */
async function runIn(cwd: string, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdoutIsTTY: false,
    env: {},
    cwd,
    stdin: () => Readable.from([Buffer.alloc(0)]),
    writeFile: async () => undefined,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

const WINDOW = { from: '2025-01-27', to: '2025-02-10' };

describe('a config file gives the same results as the same flags', () => {
  it.each([
    [
      'report',
      { ...WINDOW, period: 'day', baseline: '2024-02-01/2025-01-27', gap: '2h', format: 'json' },
      [
        '--from',
        '2025-01-27',
        '--to',
        '2025-02-10',
        '--period',
        'day',
        '--baseline',
        '2024-02-01/2025-01-27',
        '--gap',
        '2h',
        '--format',
        'json',
      ],
    ],
    [
      'report',
      {
        baselineRate: '1/month',
        operators: ['military-isr', 'law-enforcement'],
        exclude: ['AE4BD7'],
        minDwell: '30m',
        adjust: 'bh',
        midP: true,
        failOnSurge: 0.05,
        format: 'json',
      },
      [
        '--baseline-rate',
        '1/month',
        '--operators',
        'military-isr,law-enforcement',
        '--exclude',
        'AE4BD7',
        '--min-dwell',
        '30m',
        '--adjust',
        'bh',
        '--mid-p',
        '--fail-on-surge',
        '0.05',
        '--format',
        'json',
      ],
    ],
    [
      'missions',
      { ...WINDOW, tz: 'America/Hermosillo', format: 'json' },
      [
        '--from',
        '2025-01-27',
        '--to',
        '2025-02-10',
        '--tz',
        'America/Hermosillo',
        '--format',
        'json',
      ],
    ],
    [
      'export',
      { ...WINDOW, splitGap: '1h', format: 'geojson' },
      ['--from', '2025-01-27', '--to', '2025-02-10', '--split-gap', '1h', '--format', 'geojson'],
    ],
    ['inspect', { format: 'json', glob: ['**/*.csv'] }, ['--format', 'json', '--glob', '**/*.csv']],
  ])('%s %j', async (command, file, flags) => {
    const byFlags = await runCli([command, DEMO, ...flags, '--quiet']);
    const byFile = await runCli([
      command,
      '--config',
      config({ inputs: DEMO, ...file }),
      '--quiet',
    ]);
    expect(byFlags.code).toBeLessThanOrEqual(3);
    expect(byFile.code).toBe(byFlags.code);
    expect(byFile.stdout.length).toBeGreaterThan(100);
    expect(byFile.stdout).toBe(byFlags.stdout);
    expect(byFile.stderr).toBe(byFlags.stderr);
  });

  it('fixtures/config/weekly.config.json (shown in docs/automation.md) is the flags it says', async () => {
    const byFile = await runCli(['report', '--config', 'fixtures/config/weekly.config.json']);
    const byFlags = await runCli(
      (
        'report fixtures/demo --from 2025-01-27 --to 2025-02-10 --period day --baseline ' +
        '2024-02-01/2025-01-27 --operators military-isr,law-enforcement --fail-on-surge 0.01 ' +
        '--format line'
      ).split(' '),
    );
    expect(byFlags.code).toBe(3);
    expect(byFile).toEqual(byFlags);
  });

  it('compare: two windows on the command line, the inputs from the file', async () => {
    const windows = ['2025-01-27/2025-02-10', '2024-01-27/2024-02-10'];
    const byFlags = await runCli(['compare', ...windows, DEMO, '--format', 'json', '--quiet']);
    const file = config({ inputs: DEMO, exposure: 'calendar', format: 'json' });
    const byFile = await runCli([
      'compare',
      ...windows,
      '--config',
      file,
      '--exposure',
      'outages',
      '--quiet',
    ]);
    expect(byFile.code).toBe(0);
    expect(byFile.stdout).toBe(byFlags.stdout);
  });
});

describe('flags and the file together', () => {
  it('a flag overrides the file, and a list flag replaces the list rather than adding to it', async () => {
    const file = config({
      inputs: DEMO,
      ...WINDOW,
      period: 'day',
      exclude: 'AE4BD7',
      format: 'json',
    });
    const r = await runCli([
      'report',
      '--config',
      file,
      '--period',
      'week',
      '--exclude',
      'AE01C7',
      '--quiet',
    ]);
    const flags = await runCli([
      'report',
      DEMO,
      '--from',
      WINDOW.from,
      '--to',
      WINDOW.to,
      '--period',
      'week',
      '--exclude',
      'AE01C7',
      '--format',
      'json',
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).periods.length).toBe(2);
    expect(r.stdout).toBe(flags.stdout);
  });

  it("--baseline-rate replaces the file's baseline, and --baseline its baselineRate (one parameter, two ways)", async () => {
    const measured = config({
      inputs: DEMO,
      ...WINDOW,
      baseline: '2024-02-01/2025-01-27',
      format: 'json',
    });
    const r = await runCli([
      'report',
      '--config',
      measured,
      '--baseline-rate',
      '1/month',
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).baseline).toMatchObject({ source: 'stated' });
    const stated = config({ inputs: DEMO, ...WINDOW, baselineRate: '1/month', format: 'json' });
    const back = await runCli([
      'report',
      '--config',
      stated,
      '--baseline',
      '2024-02-01/2025-01-27',
      '--quiet',
    ]);
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout).baseline).toMatchObject({ source: 'data' });
    // Both in the file stay a usage error.
    const both = config({
      inputs: DEMO,
      ...WINDOW,
      baseline: '2024-02-01/2025-01-27',
      baselineRate: '1/month',
    });
    expect((await runCli(['report', '--config', both, '--quiet'])).code).toBe(2);
  });

  it("a command's own section overrides the top level for that command only", async () => {
    const file = config({
      inputs: DEMO,
      format: 'json',
      export: { format: 'kml', splitGap: '1h' },
      missions: { includeUnidentified: true },
    });
    const exported = await runCli(['export', '--config', file, '--quiet']);
    expect(exported.stdout).toBe(
      (await runCli(['export', DEMO, '--format', 'kml', '--split-gap', '1h', '--quiet'])).stdout,
    );
    const inspected = await runCli(['inspect', '--config', file, '--quiet']);
    expect(JSON.parse(inspected.stdout).schema).toMatch(/^sortie\.inspect\//);
  });

  it.each([
    [{ report: { splitGap: '1h' } }, /unknown key "splitGap" in "report"/],
    [{ export: { prriod: 'day' } }, /unknown key "prriod" in "export"/],
    [{ export: 'kml' }, /"export" must be an object of export's own keys, not a string/],
  ])('a section is checked too: %j', async (content, message) => {
    const r = await runCli(['report', '/nonexistent/input.csv', '--config', config(content)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('inputs on the command line replace the inputs of the file', async () => {
    const file = config({ inputs: '/nonexistent/exports', format: 'json' });
    const r = await runCli(['inspect', DEMO, '--config', file, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe((await runCli(['inspect', DEMO, '--format', 'json', '--quiet'])).stdout);
  });

  it("relative paths in the file are relative to the file's folder", async () => {
    const sub = path.join(dir, 'sub');
    mkdirSync(sub, { recursive: true });
    const file = path.join(sub, 'weekly.json');
    const relative = path.relative(sub, DEMO);
    writeFileSync(
      file,
      JSON.stringify({ inputs: relative, out: 'r.json', region: 'gulf-of-california' }),
    );
    const r = await runCli(['config', '--print', 'report', '--config', file, '--format', 'json']);
    const value = (key: string): unknown =>
      JSON.parse(r.stdout).parameters.find((p: { key: string }) => p.key === key).value;
    // Below the current folder: written as the same flag would be; elsewhere: the whole path.
    expect(value('inputs')).toEqual([path.relative('.', DEMO)]);
    expect(value('out')).toBe(path.join(sub, 'r.json'));
    // A built-in region's name is not a path.
    expect(value('region')).toEqual(['gulf-of-california']);
    const read = await runCli([
      'inspect',
      '--config',
      file,
      '--format',
      'json',
      '--quiet',
      '--out',
      '-',
    ]);
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout).inputs.length).toBeGreaterThan(1);
  });

  it('sortie.config.json in the current folder is read, said on stderr, and --no-config ignores it', async () => {
    const here = mkdtempSync(path.join(dir, 'cwd-'));
    writeFileSync(
      path.join(here, 'sortie.config.json'),
      JSON.stringify({ inputs: DEMO, format: 'json' }),
    );
    const r = await runIn(here, ['inspect']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'sortie: parameters from sortie.config.json (--no-config to ignore it)',
    );
    expect(JSON.parse(r.stdout).schema).toMatch(/^sortie\.inspect\//);
    const none = await runIn(here, ['inspect', '--no-config']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("missing required argument 'inputs'");
  });
});

describe('mistakes in the file are usage errors (exit 2) before anything is read', () => {
  it.each([
    [{ perod: 'day' }, /c\d+\.json: unknown key "perod" \(did you mean "period"\?\)/],
    [{ 'min-dwell': '5m' }, /unknown key "min-dwell" \(did you mean "minDwell"\?\)/],
    [{ colour: 'never', inputs: DEMO }, /unknown key "colour" \(did you mean "color"\?\)/],
    [{ zzzzzz: 1 }, /unknown key "zzzzzz"; the keys/],
    [{ gap: 2 }, /"gap": "2" is not a duration/],
    [{ gap: true }, /"gap" must be a string, not a boolean/],
    [{ midP: 'yes' }, /"midP" must be true or false, not a string/],
    [{ watch: [1, 2] }, /"watch" must be an array of strings, not an array/],
    [{ period: 'fortnight' }, /"period": "fortnight" is not a period/],
    [{ adjust: 'bonferroni' }, /"adjust": .*holm/],
    [{ inputs: 42 }, /"inputs" must be a file or folder, or an array of them, not a number/],
    [{ tz: 'Mars/Olympus' }, /"tz": "Mars\/Olympus" is not an IANA time zone/],
    ['{\n  "period": "day",\n}', /c\d+\.json:3: not valid JSON/],
    ['[1, 2]', /a config file is one JSON object/],
  ])('%j', async (content, message) => {
    // A missing input would be exit 1 if anything were read: 2 says the file was refused first.
    const file = config(content);
    const r = await runCli(['report', '/nonexistent/input.csv', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n')[0]).toContain(file);
    expect(r.stdout).toBe('');
  });

  it('a missing config file is a usage error', async () => {
    const r = await runCli(['report', DEMO, '--config', path.join(dir, 'missing.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /missing\.json: cannot read the config file \(no such file or directory\)/,
    );
  });

  it('a key of another command is allowed (one file serves them all) and --print says it is unused', async () => {
    const file = config({ inputs: DEMO, period: 'day', splitGap: '1h' });
    const r = await runCli(['config', '--print', 'missions', '--config', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "Not used by missions: period, splitGap (other commands' parameters)",
    );
  });

  it('suggests keys by their spelling', () => {
    const keys = allConfigKeys();
    expect(nearestKey('baseline-rate', keys)).toBe('baselineRate');
    expect(nearestKey('aircraftdb', keys)).toBe('aircraftDb');
    expect(nearestKey('input', keys)).toBe('inputs');
    expect(nearestKey('qqqqqqqqq', keys)).toBeUndefined();
  });
});

describe('sortie config --print', () => {
  it('shows every parameter with where it came from: file, flag or default', async () => {
    const file = config({
      inputs: DEMO,
      ...WINDOW,
      period: 'day',
      gap: '2h',
      operators: ['military-isr', 'law-enforcement'],
    });
    const r = await runCli(['config', '--print', '--config', file, 'report', '--period', 'week']);
    expect(r.code).toBe(0);
    const rows = new Map(
      r.stdout
        .split('\n')
        .slice(1)
        .filter((l) => l.startsWith('  '))
        .map((l) => l.trim().split(/\s{2,}/))
        .map(([key, value, source]) => [key, { value, source }]),
    );
    expect(r.stdout.split('\n')[0]).toBe(`sortie report: parameters (config file: ${file})`);
    expect(rows.get('inputs')).toEqual({ value: DEMO, source: 'file' });
    expect(rows.get('period')).toEqual({ value: 'week', source: 'flag' });
    expect(rows.get('from')).toEqual({ value: '2025-01-27', source: 'file' });
    expect(rows.get('gap')).toEqual({ value: '2h', source: 'file' });
    expect(rows.get('minDwell')).toEqual({ value: '10m', source: 'default' });
    expect(rows.get('operators')).toEqual({
      value: 'military-isr,law-enforcement',
      source: 'file',
    });
    expect(rows.get('adjust')).toEqual({ value: 'holm', source: 'default' });
    expect(rows.has('config')).toBe(false);
  });

  it('--format json for scripts', async () => {
    const file = config({ inputs: DEMO, minDwell: '30m' });
    const r = await runCli(['config', '--print', 'export', '--config', file, '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ schema: 'sortie.config/1', command: 'export', file });
    const byKey = Object.fromEntries(json.parameters.map((p: { key: string }) => [p.key, p]));
    expect(byKey.minDwell).toEqual({ key: 'minDwell', value: '30m', source: 'file' });
    expect(byKey.splitGap.source).toBe('default');
  });

  it('checks the file as the command would', async () => {
    const r = await runCli(['config', '--print', '--config', config({ perod: 'day' })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown key "perod"/);
    const none = await runCli(['config']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/needs --print/);
  });
});
