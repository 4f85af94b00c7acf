import { Command, Option } from 'commander';
import type { InspectOptions } from './command-options.js';
import { addColorOption } from '../color.js';
import { EXAMPLES, addExamples } from '../help-examples.js';
import { addInputOptions } from '../common.js';
import type { Io } from '../io.js';

export function inspectCommand(io: Io, setExit: (code: number) => void): Command {
  const cmd = new Command('inspect').description(
    'show how each input was read: format, rows used and skipped (with reasons and line numbers), time span, aircraft',
  );
  addInputOptions(cmd).addOption(
    new Option('-f, --format <format>', 'output format')
      .choices(['table', 'json'])
      .default('table'),
  );
  addColorOption(cmd).action(async (inputs: string[], opts: InspectOptions) => {
    const { inspectAction } = await import('./inspect-action.js');
    await inspectAction(inputs, opts, io, setExit);
  });
  return addExamples(cmd, EXAMPLES.inspect);
}
