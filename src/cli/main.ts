import { Command, CommanderError } from 'commander';
import { identifyCommand } from './commands/identify.js';
import { fetchCommand } from './commands/fetch.js';
import { configCommand } from './commands/config.js';
import { dbCommand } from './commands/db.js';
import { DATA_COMMAND_NAMES, allConfigKeys, dataCommand } from './data-commands.js';
import { regionsCommand } from './commands/regions.js';
import { sqlCommand } from './commands/sql.js';
import { trinoCommand } from './commands/trino.js';
import { REPEATABLE_OPTIONS } from './common.js';
import { EXAMPLES, addExamples } from './help-examples.js';
import { rejectRepeatedOptions } from './repeated-options.js';
import { VERSION } from './version.js';
import { ExitCode, UsageError, UserError, nodeIo, type Io } from './io.js';
import { printable } from '../ingest/plausible.js';
import { stopSpareReadingThreads } from '../ingest/threads/reading-threads.js';

/**
 * Runs the CLI on `argv` (without node and script) and returns the exit code:
 * 0 success, 1 bad input or runtime error, 2 usage error. Nothing here calls process.exit.
 */
export async function run(argv: readonly string[], io: Io = nodeIo): Promise<number> {
  // Reading threads a big input wants were started by launch.ts, before this code loaded; those
  // left unused stop here.
  try {
    const code = await runCommand(argv, io);
    const output = io.outputState?.() ?? 'open';
    if (output === 'closed') return ExitCode.Ok;
    return output === 'failed' ? Math.max(code, ExitCode.Failure) : code;
  } finally {
    await stopSpareReadingThreads();
  }
}

async function runCommand(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const setExit = (code: number): void => {
    exitCode = Math.max(exitCode, code);
  };
  // One prefix for every error, commander's included (it writes "error: ").
  const output = {
    writeOut: (s: string) => io.stdout(s),
    writeErr: (s: string) => io.stderr(s),
    outputError: (s: string, write: (s: string) => void) =>
      write(
        s
          .replace(/^(error: )?/, 'sortie: ')
          .split('\n')
          .map((line) => printable(line))
          .join('\n'),
      ),
  };
  const program = new Command('sortie')
    .description('Count surveillance-aircraft missions over a region from public ADS-B exports.')
    .version(VERSION)
    .showHelpAfterError('(run sortie --help for usage)')
    .configureOutput(output)
    // A command's own usage line: the data commands declare their inputs optional to commander
    // (a config file may name them) but still show them as needed.
    .configureHelp({ subcommandTerm: (cmd) => `${cmd.name()} ${cmd.usage()}` })
    .exitOverride();
  // The command modules only define options; each imports its *-action module when it runs, so
  // that --help, --version and every command load only the code they use: module loading was
  // most of the start-up time, and start-up a third of a 1 GB report's.
  addExamples(program, EXAMPLES.sortie);
  // `sortie sql` writes the queries of one region's box: a second --region is refused there, not
  // silently taken in place of the first.
  const oneRegion = new Set([...REPEATABLE_OPTIONS].filter((o) => o !== '--region'));
  const prepare = (sub: Command): Command =>
    rejectRepeatedOptions(sub, sub.name() === 'sql' ? oneRegion : REPEATABLE_OPTIONS)
      .exitOverride()
      .configureOutput(output)
      .showHelpAfterError('(run sortie ' + sub.name() + ' --help for usage)');
  let keys: Set<string> | undefined;
  const configKeys = (): Set<string> => (keys ??= allConfigKeys());
  const commands: [string, () => Command][] = [
    ...DATA_COMMAND_NAMES.map((name): [string, () => Command] => [
      name,
      () => dataCommand(name, io, setExit, configKeys),
    ]),
    ['identify', () => identifyCommand(io)],
    ['regions', () => regionsCommand(io)],
    ['fetch', () => fetchCommand(io, setExit)],
    ['db', () => dbCommand(io, setExit, prepare)],
    ['sql', () => sqlCommand(io)],
    ['trino', () => trinoCommand(io, setExit)],
    ['config', () => configCommand(io, prepare)],
  ];
  // The command a run names is the only one built: the others' options took 5-10 ms of each
  // start. Without one (--help, `sortie help`, a name to suggest from), all are.
  const named = commands.filter(([name]) => name === argv[0]);
  for (const [, make] of named.length === 1 ? named : commands) program.addCommand(prepare(make()));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already printed its message, or the help: asked for (--help, `sortie
      // help`), exit 0; shown because no command was given, on standard error, exit 2.
      return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    if (err instanceof UsageError) {
      const sub = program.commands.find((c) => c.name() === argv[0]);
      io.stderr(`sortie: ${printable(err.message)}\n`);
      io.stderr(`(run sortie${sub === undefined ? '' : ` ${sub.name()}`} --help for usage)\n`);
      return ExitCode.Usage;
    }
    if (err instanceof UserError) {
      io.stderr(`sortie: ${printable(err.message)}\n`);
      return ExitCode.Failure;
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EPIPE') return ExitCode.Ok;
    io.stderr(
      `sortie: internal error: ${e.message ?? String(err)} (please report this with the command you ran)\n`,
    );
    if (io.env.SORTIE_DEBUG) io.stderr(`${e.stack ?? ''}\n`);
    return ExitCode.Failure;
  }
}
