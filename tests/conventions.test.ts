import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exportCommand } from '../src/cli/commands/export.js';
import { fetchCommand } from '../src/cli/commands/fetch.js';
import { inspectCommand } from '../src/cli/commands/inspect.js';
import { missionsCommand } from '../src/cli/commands/missions.js';
import { regionsCommand } from '../src/cli/commands/regions.js';
import { reportCommand } from '../src/cli/commands/report.js';
import { REPEATABLE_OPTIONS } from '../src/cli/common.js';
import type { Io } from '../src/cli/io.js';
import { run } from '../src/cli/main.js';
import { runCli } from './helpers.js';

/** Runs the CLI in-process on standard input, noting whether it was ever opened. */
async function runOnStdin(argv: string[]) {
  let stdout = '';
  let stderr = '';
  let stdinOpened = false;
  const io: Io = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdoutIsTTY: false,
    env: {},
    stdin: () => {
      stdinOpened = true;
      return Readable.from([]);
    },
    writeFile: async () => undefined,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr, stdinOpened };
}

describe('CLI conventions', () => {
  it('sortie alone prints the help on standard error and exits 2', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: sortie \[options\] \[command\]/);
    expect(r.stderr).toContain('report [options] <inputs...>');
  });

  it('help asked for goes to standard output, exit 0', async () => {
    for (const argv of [['--help'], ['help'], ['help', 'report'], ['report', '--help']]) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.stdout, argv.join(' ')).toMatch(/^Usage: sortie/);
      expect(r.stderr, argv.join(' ')).toBe('');
    }
  });

  it.each([
    [
      ['report', '-', '--from', '2025-02-10', '--to', '2025-01-01'],
      /--from 2025-02-10 is not before --to 2025-01-01/,
    ],
    [['missions', '-', '--from', '2025-02-10', '--to', '2025-02-10'], /the window is empty/],
    [['export', '-', '--from', '2025-02-10T12:00Z', '--to', '2025-02-10'], /the window is empty/],
    [['report', '-', '--baseline', '2025-02-01/2025-01-01'], /ends before it starts/],
    [
      ['report', '-', '--baseline', '2024-01-01/2025-01-01', '--baseline-rate', '1/month'],
      /not both/,
    ],
    [['report', '-', '--region', 'atlantis'], /option '--region': unknown region "atlantis"/],
    [['report', '-', '--period', 'fortnight'], /fortnight/],
    [['missions', '-', '--color', 'sometimes'], /sometimes/],
    [
      ['report', '-', '--period', 'day', '--period', 'week'],
      /option '--period <unit>' given more than once/,
    ],
    [
      ['report', '-', '--from', '2025-01-01', '--from', '2025-01-02'],
      /option '--from <date>' given more than once/,
    ],
    [
      ['missions', '-', '--format', 'json', '--format', 'csv'],
      /option '-f, --format <format>' given more than once/,
    ],
    [
      ['inspect', '-', '-f', 'json', '--format=table'],
      /option '-f, --format <format>' given more than once/,
    ],
    [
      ['report', '-', '--gap', '1h', '--gap', '2h'],
      /option '--gap <duration>' given more than once/,
    ],
    [['export', '-', '--tz', 'UTC', '--tz', 'UTC'], /option '--tz <zone>' given more than once/],
    [['regions', '--format', 'json', '--format', 'json'], /given more than once/],
  ])('usage error %j: exit 2 before any input is read, one sortie: line', async (argv, message) => {
    const r = await runOnStdin(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stdinOpened).toBe(false);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^sortie: /);
    expect(lines[0]).toMatch(message);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^\(run sortie( \w+)? --help for usage\)$/),
    ]);
  });

  it('commander errors carry the same sortie: prefix', async () => {
    for (const argv of [['report', '-', '--bogus'], ['nonsense'], ['report']]) {
      const r = await runCli(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^sortie: /);
      expect(r.stderr).not.toMatch(/^error:/m);
    }
  });

  it('the options meant to repeat still repeat, and are exactly those the help calls repeatable', async () => {
    const io = { stdout: () => undefined } as unknown as Io;
    const said = new Set<string>();
    for (const cmd of [
      reportCommand(io, () => undefined),
      missionsCommand(io, () => undefined),
      inspectCommand(io, () => undefined),
      exportCommand(io, () => undefined),
      regionsCommand(io),
      fetchCommand(io, () => undefined),
    ]) {
      for (const o of cmd.options) if (/repeatable/.test(o.description)) said.add(o.long ?? '');
    }
    expect([...said].sort()).toEqual([...REPEATABLE_OPTIONS].sort());
    const r = await runCli([
      'inspect',
      'fixtures/demo',
      '--glob',
      'trace_full_ae01c7.json',
      '--glob',
      'trace_full_ae0949.json',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const files = (JSON.parse(r.stdout) as { inputs: { file: string }[] }).inputs.map(
      (i) => i.file,
    );
    expect(files.map((f) => f.split('/').pop())).toEqual([
      'trace_full_ae0949.json',
      'trace_full_ae01c7.json',
    ]);
  });
});
