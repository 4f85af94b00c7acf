import { Command, Option } from 'commander';
import type { InspectOptions, Parsed } from './command-options.js';
import { addColorOption } from '../color.js';
import { EXAMPLES, addExamples } from '../help-examples.js';
import { addInputOptions } from '../common.js';
import type { Io } from '../io.js';
import {
  formatHelp,
  formatNames,
  outputFiles,
  resolveFormat,
  withOutputLocks,
} from '../outputs.js';

export function inspectCommand(io: Io, setExit: (code: number) => void): Command {
  const cmd = new Command('inspect').description(
    'show how each input was read: format, rows used and skipped (with reasons and line numbers), time span, aircraft',
  );
  addInputOptions(cmd).addOption(
    new Option('-f, --format <format>', formatHelp('inspect')).choices(formatNames('inspect')),
  );
  addColorOption(cmd).action(async (inputs: string[], opts: Parsed<InspectOptions>) => {
    const format = resolveFormat('inspect', opts.format, opts.out);
    const outputs = outputFiles({ '--out': opts.out });
    const { inspectAction } = await import('./inspect-action.js');
    await withOutputLocks(io, outputs, () =>
      inspectAction(inputs, { ...opts, format }, io, setExit, outputs),
    );
  });
  return addExamples(cmd, EXAMPLES.inspect);
}
