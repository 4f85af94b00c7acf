import { Command, Option } from 'commander';
import type { RegionsOptions, Parsed } from './command-options.js';
import { addColorOption } from '../color.js';
import { EXAMPLES, addExamples } from '../help-examples.js';
import type { Io } from '../io.js';
import { formatHelp, formatNames, outputFiles, resolveFormat } from '../outputs.js';

export function regionsCommand(io: Io): Command {
  const cmd = new Command('regions')
    .description('list the built-in regions')
    .addOption(
      new Option('-f, --format <format>', formatHelp('regions')).choices(formatNames('regions')),
    )
    .option('-o, --out <file>', 'write the output to a file instead of standard output');
  addColorOption(cmd).action(async (opts: Parsed<RegionsOptions>) => {
    const format = resolveFormat('regions', opts.format, opts.out);
    outputFiles({ '--out': opts.out });
    const { regionsAction } = await import('./regions-action.js');
    await regionsAction({ ...opts, format }, io);
  });
  return addExamples(cmd, EXAMPLES.regions);
}
