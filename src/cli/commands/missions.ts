import { Command, Option } from 'commander';
import type { MissionsOptions, Parsed } from './command-options.js';
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

export function missionsCommand(io: Io, setExit: (code: number) => void): Command {
  const cmd = new Command('missions').description('list every mission with its evidence');
  addInputOptions(cmd)
    .option('--tz <zone>', 'time zone for --from/--to dates', parseZone, 'UTC')
    .option('--from <date>', 'only missions first entering the region at or after this')
    .option('--to <date>', 'only missions first entering the region before this')
    .addOption(
      new Option('-f, --format <format>', formatHelp('missions')).choices(formatNames('missions')),
    )
    .option(
      '--include-unidentified',
      'also list tracks without an ICAO address that could not be tied to an airframe (table, md, json; never counted)',
    );
  addColorOption(cmd).action(async (inputs: string[], opts: Parsed<MissionsOptions>) => {
    const format = resolveFormat('missions', opts.format, opts.out);
    const outputs = outputFiles({ '--out': opts.out });
    const { missionsAction } = await import('./missions-action.js');
    await withOutputLocks(io, outputs, () =>
      missionsAction(inputs, { ...opts, format }, io, setExit, outputs),
    );
  });
  return addExamples(cmd, EXAMPLES.missions);
}
