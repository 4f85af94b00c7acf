import { Command, Option } from 'commander';
import type { IdentifyOptions, Parsed } from './command-options.js';
import { addColorOption } from '../color.js';
import { addRegistryOptions } from '../common.js';
import { EXAMPLES, addExamples } from '../help-examples.js';
import type { Io } from '../io.js';
import { parseHexOption } from '../options.js';
import { formatHelp, formatNames, outputFiles, resolveFormat } from '../outputs.js';

export function identifyCommand(io: Io): Command {
  const cmd = new Command('identify')
    .description(
      'what sortie knows of ICAO addresses (registration, type, operator, class, country, source row, address block) and whether and why their missions would count',
    )
    .argument(
      '<hexes...>',
      '24-bit ICAO addresses, e.g. AE01C7',
      (v: string, prev: string[] = []) => [...prev, parseHexOption(v)],
    );
  addRegistryOptions(cmd)
    .addOption(
      new Option('-f, --format <format>', formatHelp('identify')).choices(formatNames('identify')),
    )
    .option('-o, --out <file>', 'write the output to a file instead of standard output');
  addColorOption(cmd).action(async (hexes: string[], opts: Parsed<IdentifyOptions>) => {
    const format = resolveFormat('identify', opts.format, opts.out);
    const outputs = outputFiles({ '--out': opts.out });
    const { identifyAction } = await import('./identify-action.js');
    await identifyAction(hexes, { ...opts, format }, io, outputs);
  });
  return addExamples(cmd, EXAMPLES.identify);
}
