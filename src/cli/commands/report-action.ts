// The report's code (periods, statistics, renderers) is imported while the inputs are read
// (report-output.ts); the renderers of the other formats, of --chart and of --html only where they
// are used.
import { UsageError, parseOption, type Io } from '../io.js';
import { parseInstant, parseInterval } from '../dates.js';
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
  // The report's own code loads while the inputs are read: this thread often waits then.
  const output = import('./report-output.js');
  output.catch(() => undefined);
  const loaded = await runAnalysis(inputs, opts, io, outputs);
  const { writeReport } = await output;
  await writeReport(loaded, opts, io, setExit, { fromArg, toArg, baselineInterval, rate });
}
