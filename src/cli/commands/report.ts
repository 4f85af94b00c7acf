import { Chalk } from 'chalk';
import { Command, Option } from 'commander';
import { measuredBaseline, statedBaseline, type Baseline } from '../../report/baseline.js';
import { buildCountReport } from '../../report/build-report.js';
import { reportJson } from '../../report/json.js';
import { nextPeriodStart, periodStart, type PeriodUnit } from '../../report/periods.js';
import { renderReportCsv } from '../../report/render/report-csv.js';
import { renderReportMarkdown } from '../../report/render/report-md.js';
import { PLAIN, renderReportText, type Style } from '../../report/render/report-text.js';
import { addInputOptions, durationText, emit, runAnalysis, type InputOptions } from '../common.js';
import { UsageError, UserError, parseOption, type Io } from '../io.js';
import { parseInstant, parseInterval, parsePeriod, parseRate, parseZone } from '../options.js';

interface ReportOptions extends InputOptions {
  period: PeriodUnit;
  tz: string;
  from?: string;
  to?: string;
  baseline?: string;
  baselineRate?: string;
  format: 'table' | 'json' | 'csv' | 'md';
}

export const VERSION = '0.1.0';

function terminalStyle(io: Io, opts: { out?: string }): Style {
  const color = io.stdoutIsTTY && opts.out === undefined && !io.env.NO_COLOR;
  if (!color) return PLAIN;
  const c = new Chalk({ level: 1 });
  return { header: c.bold, title: c.bold, surge: c.red.bold, dim: c.dim };
}

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
      new Option('-f, --format <format>', 'output format')
        .choices(['table', 'json', 'csv', 'md'])
        .default('table'),
    )
    .action(async (inputs: string[], opts: ReportOptions) => {
      if (opts.baseline !== undefined && opts.baselineRate !== undefined) {
        throw new UsageError('give either --baseline or --baseline-rate, not both');
      }
      const tz = opts.tz;
      const { from, to, baseline: interval, baselineRate } = opts;
      const fromArg =
        from === undefined ? undefined : parseOption('--from', () => parseInstant(from, tz));
      const toArg = to === undefined ? undefined : parseOption('--to', () => parseInstant(to, tz));
      const baselineInterval =
        interval === undefined
          ? undefined
          : parseOption('--baseline', () => parseInterval(interval, tz));
      const rate =
        baselineRate === undefined
          ? undefined
          : parseOption('--baseline-rate', () => parseRate(baselineRate));
      const { analysis, region, failures } = await runAnalysis(inputs, opts, io);
      const span = analysis.span;
      if ((fromArg === undefined || toArg === undefined) && span === null) {
        throw new UserError(
          'no positions were read, so the window cannot default to the data; give --from and --to',
        );
      }
      const startMs = fromArg ?? periodStart(span?.fromMs ?? 0, opts.period, tz);
      const endMs =
        toArg ?? nextPeriodStart(periodStart(span?.toMs ?? 0, opts.period, tz), opts.period, tz);
      if (endMs <= startMs) throw new UserError('the window ends before it starts (--from/--to)');
      let baseline: Baseline | null = null;
      if (baselineInterval)
        baseline = measuredBaseline(
          analysis.missions,
          baselineInterval.fromMs,
          baselineInterval.toMs,
        );
      else if (rate) baseline = statedBaseline(rate.count, rate.unit);
      const report = buildCountReport(
        analysis.missions,
        { startMs, endMs },
        opts.period,
        tz,
        baseline,
      );
      const parameters = {
        version: VERSION,
        region: region.id,
        regionSource: region.source,
        period: opts.period,
        tz,
        from: opts.from ?? null,
        to: opts.to ?? null,
        baseline: opts.baseline ?? null,
        baselineRate: opts.baselineRate ?? null,
        gap: durationText(opts.gap),
        minDwell: durationText(opts.minDwell),
        maxSpeedKt: 1200,
        inputFormat: opts.inputFormat ?? null,
        aircraftDb: opts.aircraftDb,
        aircraft: opts.aircraft ?? null,
        sourceTz: opts.sourceTz,
        map: Object.entries(opts.map).map(([field, column]) => `${field}=${column}`),
        units: Object.entries(opts.units).map(([field, unit]) => `${field}=${unit}`),
        glob: opts.glob,
        missionRule:
          'a sortie (ended by a landing or a reporting gap longer than gap) of an identified surveillance aircraft with at least minDwell inside the region, counted in the period of its first fix inside the region',
      };
      let text: string;
      if (opts.format === 'json') {
        text =
          JSON.stringify(
            reportJson(report, analysis, { id: region.id, name: region.name }, parameters),
            null,
            2,
          ) + '\n';
      } else if (opts.format === 'csv') text = renderReportCsv(report);
      else if (opts.format === 'md') text = renderReportMarkdown(report, analysis, region.name);
      else text = renderReportText(report, analysis, region.name, terminalStyle(io, opts));
      await emit(text, opts, io);
      if (failures > 0) setExit(1);
    });
  return cmd;
}
