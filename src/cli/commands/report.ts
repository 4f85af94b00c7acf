import { Command, Option } from 'commander';
import type { ReportOptions, Parsed } from './command-options.js';
import type { PeriodUnit } from '../../report/periods.js';
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
import { parseAlpha, parsePeriod, parseZone } from '../options.js';

export function reportCommand(io: Io, setExit: (code: number) => void): Command {
  const cmd = new Command('report').description(
    'count missions per period in a window and compare them with a baseline',
  );
  addInputOptions(cmd)
    .option(
      '--period <unit>',
      'day, week (ISO, from Monday) or month',
      parsePeriod,
      'week' as PeriodUnit,
    )
    .option('--tz <zone>', 'IANA time zone for periods and dates', parseZone, 'UTC')
    .option(
      '--from <date>',
      'window start, inclusive (YYYY-MM-DD or ISO instant; default: start of the data)',
    )
    .option('--to <date>', 'window end, exclusive (default: end of the data)')
    .option('--baseline <from/to>', 'measure the baseline rate from the missions in this interval')
    .option('--baseline-rate <n/unit>', 'a stated baseline rate, e.g. 1/month')
    .addOption(
      new Option(
        '--exposure <mode>',
        'time the expected counts use: outages = calendar time less the receiver outages the inputs show (default), calendar = all of it',
      ).choices(['outages', 'calendar']),
    )
    .addOption(
      new Option('--coverage <on|off>', 'replaced by --exposure (on = outages, off = calendar)')
        .choices(['on', 'off'])
        .hideHelp(),
    )
    .option('--mid-p', 'report mid-p values, P(X > n) + ½P(X = n), instead of P(X >= n)')
    .addOption(
      new Option(
        '--adjust <method>',
        'adjust per-period p-values for the number of periods tested: holm (family-wise), bh (false discovery rate) or none',
      )
        .choices(['holm', 'bh', 'none'])
        .default('holm'),
    )
    .option('--chart <file.svg>', 'also write an SVG chart of missions per period')
    .option('--html <file.html>', 'also write a self-contained HTML report (chart, map, table)')
    .addOption(
      new Option('-f, --format <format>', formatHelp('report')).choices(formatNames('report')),
    )
    .option(
      '--fail-on-surge [alpha]',
      'exit 3 when the window (and, with --period, any period after --adjust) is above the baseline at this significance level (default 0.01)',
      parseAlpha,
    )
    .option(
      '--since-last <statefile>',
      'record what this run read; when the next finds the same inputs and options (and its outputs still there), it reads nothing and says so',
    )
    .option(
      '--sensitivity',
      "add the window's total missions for --gap 30m..8h x --min-dwell 1m, 10m, 30m",
    );
  addColorOption(cmd).action(
    async (inputs: string[], opts: Parsed<ReportOptions>, self: Command) => {
      // Refusals about the files to write come before anything is read.
      const format = resolveFormat('report', opts.format, opts.out);
      const outputs = outputFiles({
        '--out': opts.out,
        '--chart': opts.chart,
        '--html': opts.html,
        // Not an output, but written by the run: never an input, and locked like the outputs.
        '--since-last': opts.sinceLast,
      });
      const { reportAction } = await import('./report-action.js');
      // Given: on the command line or in the config file, not the default.
      const periodGiven = self.getOptionValueSource('period') !== 'default';
      await withOutputLocks(io, outputs, () =>
        reportAction(inputs, { ...opts, format, periodGiven }, io, setExit, outputs),
      );
    },
  );
  return addExamples(cmd, EXAMPLES.report);
}
