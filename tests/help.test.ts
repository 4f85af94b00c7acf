import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { compareCommand } from '../src/cli/commands/compare.js';
import { configCommand } from '../src/cli/commands/config.js';
import { dbCommand } from '../src/cli/commands/db.js';
import { exportCommand } from '../src/cli/commands/export.js';
import { fetchCommand } from '../src/cli/commands/fetch.js';
import { inspectCommand } from '../src/cli/commands/inspect.js';
import { missionsCommand } from '../src/cli/commands/missions.js';
import { regionsCommand } from '../src/cli/commands/regions.js';
import { identifyCommand } from '../src/cli/commands/identify.js';
import { reportCommand } from '../src/cli/commands/report.js';
import { sqlCommand } from '../src/cli/commands/sql.js';
import { trinoCommand } from '../src/cli/commands/trino.js';
import { EXAMPLES } from '../src/cli/help-examples.js';
import type { Io } from '../src/cli/io.js';
import { expectWarningsAlsoIn, runCli } from './helpers.js';

/** An example's words, as a shell would split them (double quotes only: the examples use no more). */
const words = (example: string): string[] =>
  [...example.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');

/** The command an example runs, with its action replaced: only its options are checked. */
function parsingOnly(name: string): Command {
  const io = {} as Io;
  const factories: Record<string, () => Command> = {
    report: () => reportCommand(io, () => undefined),
    missions: () => missionsCommand(io, () => undefined),
    inspect: () => inspectCommand(io, () => undefined),
    export: () => exportCommand(io, () => undefined),
    compare: () => compareCommand(io, () => undefined),
    regions: () => regionsCommand(io),
    identify: () => identifyCommand(io),
    config: () => configCommand(io, (cmd) => cmd),
    fetch: () => fetchCommand(io, () => undefined),
    db: () => dbCommand(io, () => undefined),
    sql: () => sqlCommand(io),
    trino: () => trinoCommand(io, () => undefined),
  };
  const make = factories[name];
  if (make === undefined) throw new Error(`no command ${name}`);
  const cmd = make();
  // `db` runs its subcommands: theirs are replaced too.
  for (const sub of cmd.commands) {
    sub
      .exitOverride()
      .configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
      .action(() => undefined);
  }
  return cmd
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
    .action(() => undefined);
}

describe('every --help ends with examples that work', () => {
  it.each([
    ['sortie', []],
    ['report', ['report']],
    ['missions', ['missions']],
    ['inspect', ['inspect']],
    ['export', ['export']],
    ['regions', ['regions']],
    ['identify', ['identify']],
    ['config', ['config']],
    ['fetch', ['fetch']],
    ['db', ['db']],
    ['sql', ['sql']],
  ] as const)('sortie %s --help', async (name, argv) => {
    const r = await runCli([...argv, '--help']);
    expect(r.code).toBe(0);
    const tail = r.stdout.slice(r.stdout.lastIndexOf('\nExamples:\n') + 1);
    const lines = tail.trimEnd().split('\n');
    expect(lines[0]).toBe('Examples:');
    expect(lines.length - 1).toBeGreaterThanOrEqual(2);
    expect(lines.length - 1).toBeLessThanOrEqual(3);
    expect(lines.slice(1)).toEqual(EXAMPLES[name].map((e) => `  $ ${e}`));
  });

  const all = [...new Set(Object.values(EXAMPLES).flat())];

  it('the parse check would catch a bad example', async () => {
    await expect(
      parsingOnly('report').parseAsync(['x.csv', '--period', 'year'], { from: 'user' }),
    ).rejects.toThrow(/year/);
  });
  it.each(all)('%s: its options parse', async (example) => {
    const [sortie, command, ...args] = words(example);
    expect(sortie).toBe('sortie');
    await expect(
      parsingOnly(command ?? '').parseAsync(args, { from: 'user' }),
    ).resolves.toBeDefined();
  });

  it.each(
    all.filter(
      (e) =>
        e.includes('fixtures/demo') ||
        e === 'sortie regions' ||
        /^sortie identify [A-F0-9 ]+$/.test(e),
    ),
  )('%s: runs on the demo data, exit 0', async (example) => {
    const r = await runCli(words(example).slice(1));
    expectWarningsAlsoIn(r.stderr, r.stdout);
    expect(r.code).toBe(0);
    expect(r.stdout.length + [...r.files.values()].join('').length).toBeGreaterThan(100);
  });
});
