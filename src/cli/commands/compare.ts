import { Command, Option } from 'commander';
import type { CompareOptions, Parsed } from './command-options.js';
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
import { parseZone } from '../options.js';

export function compareCommand(io: Io, setExit: (code: number) => void): Command {
  const cmd = new Command('compare')
    .description(
      'compare the mission rates of two windows of the same inputs, or of two sets of inputs, with an exact test',
    )
    .argument('<a>', 'window A as FROM/TO, or the inputs of A (a file or folder)')
    .argument('<b>', 'window B as FROM/TO, or the inputs of B')
    .argument('[inputs...]', 'with two windows: the inputs to read (once) for both');
  addInputOptions(cmd, { inputsArgument: false })
    .option('--tz <zone>', 'IANA time zone for the windows and dates', parseZone, 'UTC')
    .option(
      '--window-a <from/to>',
      "with two sets of inputs: A's window (default: the span of A's data, whole days)",
    )
    .option('--window-b <from/to>', "with two sets of inputs: B's window (default: B's data span)")
    .addOption(
      new Option(
        '--exposure <mode>',
        'time the rates use: outages = calendar time less the receiver outages the inputs show (default), calendar = all of it',
      )
        .choices(['outages', 'calendar'])
        .default('outages'),
    )
    .addOption(
      new Option('-f, --format <format>', formatHelp('compare')).choices(formatNames('compare')),
    );
  addColorOption(cmd).action(
    async (a: string, b: string, inputs: string[], opts: Parsed<CompareOptions>) => {
      const format = resolveFormat('compare', opts.format, opts.out);
      const outputs = outputFiles({ '--out': opts.out });
      const { compareAction } = await import('./compare-action.js');
      await withOutputLocks(io, outputs, () =>
        compareAction(a, b, inputs, { ...opts, format }, io, setExit, outputs),
      );
    },
  );
  return addExamples(cmd, EXAMPLES.compare);
}
