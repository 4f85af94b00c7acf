import { Command, Option } from 'commander';
import { EXAMPLES, addExamples } from '../help-examples.js';
import type { Io } from '../io.js';

/**
 * `sortie config --print [COMMAND [ARGS...]]`: the parameters COMMAND would run with, the config
 * file and the flags merged, each with where it came from. Arguments after COMMAND are its own
 * (inputs, flags, --config), parsed and checked exactly as the command itself would.
 */
export function configCommand(io: Io, prepare: (cmd: Command) => Command): Command {
  const cmd = new Command('config')
    .description(
      'show the parameters a command would run with: from the config file (sortie.config.json or --config), flags and defaults',
    )
    .argument('[command]', 'report, missions, inspect, export or compare', 'report')
    .argument('[args...]', "the command's own inputs and flags, to see them merged with the file")
    .option('--print', 'print the merged parameters and where each came from')
    .option(
      '--config <file>',
      'the config file (default: sortie.config.json here, if there is one)',
    )
    .addOption(
      new Option('-f, --format <format>', 'text (default) or json').choices(['text', 'json']),
    )
    .allowUnknownOption()
    .helpOption('-h, --help', 'display help for command')
    .action(
      async (
        command: string,
        args: string[],
        opts: { print?: boolean; config?: string; format?: 'text' | 'json' },
      ) => {
        const { configAction } = await import('./config-action.js');
        await configAction(command, args, opts, io, prepare);
      },
    );
  return addExamples(cmd, EXAMPLES.config);
}
