import { Command, Option } from 'commander';
import type { ExportOptions, Parsed } from './command-options.js';
import { DEFAULT_SPLIT_GAP_MS } from '../../export/tracks.js';
import { EXAMPLES, addExamples } from '../help-examples.js';
import { addInputOptions, durationText } from '../common.js';
import type { Io } from '../io.js';
import {
  formatHelp,
  formatNames,
  outputFiles,
  resolveFormat,
  withOutputLocks,
} from '../outputs.js';
import { parseDuration, parseZone } from '../options.js';

export function exportCommand(io: Io, setExit: (code: number) => void): Command {
  const cmd = new Command('export').description(
    "write the region and every mission's track as GeoJSON (RFC 7946) or KML (Google Earth)",
  );
  addInputOptions(cmd)
    .option('--tz <zone>', 'time zone for --from/--to dates', parseZone, 'UTC')
    .option('--from <date>', 'only missions first entering the region at or after this')
    .option('--to <date>', 'only missions first entering the region before this')
    .addOption(
      new Option(
        '--split-gap <duration>',
        'do not draw a track across a gap between fixes longer than this',
      )
        .argParser(parseDuration)
        .default(DEFAULT_SPLIT_GAP_MS, durationText(DEFAULT_SPLIT_GAP_MS)),
    )
    .addOption(
      new Option('-f, --format <format>', formatHelp('export')).choices(formatNames('export')),
    )
    .action(async (inputs: string[], opts: Parsed<ExportOptions>) => {
      const format = resolveFormat('export', opts.format, opts.out);
      const outputs = outputFiles({ '--out': opts.out });
      const { exportAction } = await import('./export-action.js');
      await withOutputLocks(io, outputs, () =>
        exportAction(inputs, { ...opts, format }, io, setExit, outputs),
      );
    });
  return addExamples(cmd, EXAMPLES.export);
}
