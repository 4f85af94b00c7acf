import { Chalk } from 'chalk';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEMO_REPORT } from '../scripts/demo-args.js';
import { chalkStyle, wantsColor, type ColorWhen } from '../src/cli/color.js';
import type { Io } from '../src/cli/io.js';
import { run } from '../src/cli/main.js';
import { runCli } from './helpers.js';

// eslint-disable-next-line no-control-regex -- ANSI escape sequences are what is stripped
const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');
const widths = (s: string): number[] => s.split('\n').map((l) => l.length);

/** Every text output that can be coloured, on the demo data (and one far from the region). */
const TEXT_OUTPUTS: ReadonlyArray<readonly [string, string[]]> = [
  ['report per day (the demo)', DEMO_REPORT],
  [
    'report per week, with --sensitivity',
    [
      'report',
      'fixtures/demo',
      '--period',
      'week',
      '--baseline',
      '2024-02-01/2025-01-27',
      '--sensitivity',
    ],
  ],
  [
    'report per month',
    ['report', 'fixtures/demo', '--period', 'month', '--baseline-rate', '1/month'],
  ],
  [
    'report over a receiver outage (dimmed periods)',
    [
      'report',
      'fixtures/demo',
      '--from',
      '2024-09-28',
      '--to',
      '2024-10-06',
      '--period',
      'day',
      '--baseline-rate',
      '1/month',
    ],
  ],
  ['missions with unidentified tracks', ['missions', 'fixtures/demo', '--include-unidentified']],
  ['inspect', ['inspect', 'fixtures/demo']],
  ['regions', ['regions']],
];

describe('colour never changes the text', () => {
  it.each(TEXT_OUTPUTS)('%s: --color always, stripped, is --color never', async (_, argv) => {
    const plain = await runCli([...argv, '--color', 'never']);
    const coloured = await runCli([...argv, '--color', 'always']);
    expect(plain.code).toBe(0);
    expect(coloured.code).toBe(0);
    expect(plain.stdout).not.toContain('\u001b');
    expect(coloured.stdout).toContain('\u001b[');
    expect(widths(stripAnsi(coloured.stdout))).toEqual(widths(plain.stdout));
    expect(stripAnsi(coloured.stdout)).toBe(plain.stdout);
  });

  it('the demo table is no wider in colour than without (issue 12: rows of 840–1,390 chars)', async () => {
    const coloured = stripAnsi((await runCli([...DEMO_REPORT, '--color', 'always'])).stdout);
    const table = coloured.split('\n').filter((l) => /^(Period|\d{4}-\d{2}-\d{2}|Total)/.test(l));
    expect(table).toHaveLength(16);
    // The widest, the Total row with every type by its plain name ("MQ-9 1, P-8 11, RC-135 4,
    // RQ-4/MQ-4C 1, U-2 1"), is 160 (with the Holm p and Obs. days columns).
    for (const line of table) expect(line.length).toBeLessThanOrEqual(160);
  });

  it('a chalk style paints each cell on its own, even when handed to map', () => {
    const style = chalkStyle(new Chalk({ level: 3 }));
    const cells = ['2025-01-28', '2'].map(style.surge);
    expect(cells.map(stripAnsi)).toEqual(['2025-01-28', '2']);
  });
});

describe('surge periods are marked in the text, not only in colour', () => {
  it('the rows with p < 0.01 carry *, and the footnote says so', async () => {
    const r = await runCli([...DEMO_REPORT, '--color', 'never']);
    const rows = r.stdout.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2}/.test(l));
    expect(rows).toHaveLength(14);
    for (const row of rows) {
      const p = Number(/\s(\d[.\d]*(?:e-?\d+)?)\s+\d+\.\d+–/.exec(row)?.[1]);
      expect(Number.isFinite(p), row).toBe(true);
      expect(/^\d{4}-\d{2}-\d{2} \*/.test(row), row).toBe(p < 0.01);
    }
    expect(rows.filter((row) => row.includes(' * '))).toHaveLength(4);
    // The mark follows the Holm-adjusted p-value, the number just before the interval.
    expect(r.stdout).toContain('periods with Holm p < 0.01 are marked *');
    expect(r.stdout).not.toContain('highlighted');
  });
});

/** Runs the CLI in-process with a chosen terminal and environment. */
async function runWith(argv: string[], env: Record<string, string>, stdoutIsTTY: boolean) {
  let stdout = '';
  const io: Io = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: () => undefined,
    stdoutIsTTY,
    env,
    stdin: () => Readable.from([]),
    writeFile: async () => undefined,
  };
  const code = await run(argv, io);
  return { code, coloured: stdout.includes('\u001b[') };
}

describe('when to colour: --color, FORCE_COLOR, NO_COLOR, a terminal (as ripgrep)', () => {
  const io = (env: Record<string, string>, stdoutIsTTY: boolean): Io => ({
    stdout: () => undefined,
    stderr: () => undefined,
    stdoutIsTTY,
    env,
    stdin: () => Readable.from([]),
    writeFile: async () => undefined,
  });
  it.each<[ColorWhen, Record<string, string>, boolean, boolean, boolean]>([
    // when, env, stdout is a terminal, --out to a file, colour?
    ['auto', {}, true, false, true],
    ['auto', {}, false, false, false],
    ['auto', {}, true, true, false],
    ['auto', { NO_COLOR: '1' }, true, false, false],
    ['auto', { NO_COLOR: '' }, true, false, true],
    ['auto', { TERM: 'dumb' }, true, false, false],
    ['auto', { FORCE_COLOR: '1' }, false, false, true],
    ['auto', { FORCE_COLOR: '3', NO_COLOR: '1' }, false, false, true],
    ['auto', { FORCE_COLOR: '0' }, true, false, false],
    ['auto', { FORCE_COLOR: 'false' }, true, false, false],
    ['always', { NO_COLOR: '1' }, false, false, true],
    ['always', { FORCE_COLOR: '0' }, false, true, true],
    ['never', { FORCE_COLOR: '1' }, true, false, false],
    ['never', {}, true, false, false],
  ])('--color %s with %j, terminal %s, to a file %s: colour %s', (when, env, tty, toFile, want) => {
    expect(wantsColor(when, io(env, tty), toFile)).toBe(want);
  });

  it('the CLI follows the same rules', async () => {
    expect((await runWith(['regions'], {}, true)).coloured).toBe(true);
    expect((await runWith(['regions'], {}, false)).coloured).toBe(false);
    expect((await runWith(['regions'], { NO_COLOR: '1' }, true)).coloured).toBe(false);
    expect((await runWith(['regions'], { FORCE_COLOR: '1' }, false)).coloured).toBe(true);
    expect(
      (await runWith(['regions', '--color', 'always'], { NO_COLOR: '1' }, false)).coloured,
    ).toBe(true);
    expect(
      (await runWith(['regions', '--color', 'never'], { FORCE_COLOR: '1' }, true)).coloured,
    ).toBe(false);
    expect(
      (await runWith(['regions', '--format', 'json', '--color', 'always'], {}, true)).coloured,
    ).toBe(false);
  });

  it('--color takes auto, always or never', async () => {
    const r = await runCli(['regions', '--color', 'sometimes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--color.*sometimes.*auto, always, never/);
  });
});
