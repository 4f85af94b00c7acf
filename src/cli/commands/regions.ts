import { Command, Option } from 'commander';
import type { RegionsOptions } from './command-options.js';
import { addColorOption } from '../color.js';
import { EXAMPLES, addExamples } from '../help-examples.js';
import type { Io } from '../io.js';

export function regionsCommand(io: Io): Command {
  const cmd = new Command('regions')
    .description('list the built-in regions')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['table', 'json'])
        .default('table'),
    )
    .option('-o, --out <file>', 'write the output to a file instead of standard output');
  addColorOption(cmd).action(async (opts: RegionsOptions) => {
    const { regionsAction } = await import('./regions-action.js');
    await regionsAction(opts, io);
  });
  return addExamples(cmd, EXAMPLES.regions);
}
