// The report's code (periods, statistics, renderers) is imported while the inputs are read
// (report-output.ts); the renderers of the other formats, of --chart and of --html only where they
// are used.
import { UsageError, parseOption, type Io } from '../io.js';
import { parseInterval, windowOption } from '../dates.js';
import { parseRate } from '../options.js';
import type { OutputFile } from '../outputs.js';
import { runAnalysis } from '../run-analysis.js';
import type { ReportOptions } from './command-options.js';

export async function reportAction(
  inputs: string[],
  opts: ReportOptions,
  io: Io,
  setExit: (code: number) => void,
  outputs: readonly OutputFile[] = [],
): Promise<void> {
  if (opts.baseline !== undefined && opts.baselineRate !== undefined) {
    throw new UsageError('give either --baseline or --baseline-rate, not both');
  }
  const tz = opts.tz;
  const { baseline: interval, baselineRate } = opts;
  const window = windowOption(opts);
  const fromArg = Number.isFinite(window.fromMs) ? window.fromMs : undefined;
  const toArg = Number.isFinite(window.toMs) ? window.toMs : undefined;
  const baselineInterval =
    interval === undefined
      ? undefined
      : parseOption('--baseline', () => parseInterval(interval, tz));
  const rate =
    baselineRate === undefined
      ? undefined
      : parseOption('--baseline-rate', () => parseRate(baselineRate));
  if (opts.failOnSurge !== undefined && interval === undefined && baselineRate === undefined) {
    throw new UsageError(
      '--fail-on-surge needs a baseline to test against: give --baseline FROM/TO or --baseline-rate N/unit',
    );
  }
  if (opts.coverage !== undefined && opts.exposure !== undefined) {
    throw new UsageError('give --exposure, not --coverage (which it replaces)');
  }
  let exposure = opts.exposure ?? 'outages';
  if (opts.coverage !== undefined) {
    exposure = opts.coverage === 'on' ? 'outages' : 'calendar';
    io.stderr(
      `sortie: note: --coverage is replaced by --exposure and will be removed in the next release; --coverage ${opts.coverage} is read as --exposure ${exposure}\n`,
    );
  }
  // The report's own code loads while the inputs are read: this thread often waits then.
  const output = import('./report-output.js');
  output.catch(() => undefined);
  const loaded = await runAnalysis(inputs, opts, io, outputs);
  const { writeReport } = await output;
  await writeReport(loaded, opts, io, setExit, {
    fromArg,
    toArg,
    baselineInterval,
    rate,
    exposure,
  });
}
