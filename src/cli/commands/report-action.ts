// The report's code (periods, statistics, renderers) is imported while the inputs are read
// (report-output.ts); the renderers of the other formats, of --chart and of --html only where they
// are used.
import { ExitCode, UsageError, parseOption, type Io } from '../io.js';
import { expandInputs } from '../files.js';
import { regionSpecs } from '../common.js';
import { ALL_FEATURES } from '../region-specs.js';
import {
  optionsKey,
  recordRun,
  stampInputs,
  unchangedSince,
  type InputStamp,
} from '../since-last.js';
import { parseInterval, windowOption } from '../dates.js';
import { parseRate } from '../options.js';
import type { OutputFile } from '../outputs.js';
import { runAnalysis } from '../run-analysis.js';
import { trackSpanOf } from '../../tracks/track-span.js';
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
  const specs = regionSpecs(opts);
  if (specs.length > 1 || specs.some((s) => s.endsWith(`#${ALL_FEATURES}`))) {
    // One chart is one region's; the HTML report has a chart per region.
    if (opts.chart !== undefined || opts.format === 'svg') {
      throw new UsageError(
        `${opts.chart !== undefined ? '--chart' : '--format svg'} draws one region's chart; with several regions, --html (or --format html) has a chart for each`,
      );
    }
  }
  const since = opts.sinceLast === undefined ? null : await sinceLastRun(inputs, opts, io, outputs);
  if (since?.unchanged === true) return;
  // The report's own code loads while the inputs are read: this thread often waits then.
  const output = import('./report-output.js');
  output.catch(() => undefined);
  // Fixes far from the window and the baseline make no mission counted in them: not made into
  // sorties (and not asked of a database). A stated rate has no interval of its own.
  const trackSpan = trackSpanOf([
    { startMs: fromArg, endMs: toArg },
    ...(baselineInterval === undefined
      ? []
      : [{ startMs: baselineInterval.fromMs, endMs: baselineInterval.toMs }]),
  ]);
  const loaded = await runAnalysis(inputs, opts, io, outputs, trackSpan);
  const { composeRegionReport, writeReport } = await output;
  let code = 0;
  const trackExit = (c: number): void => {
    code = Math.max(code, c);
    setExit(c);
  };
  const parsed = { fromArg, toArg, baselineInterval, rate, exposure };
  // Each region's report as a run with it alone would make it, from the one read of the inputs.
  const reports = loaded.regions.map((r) => composeRegionReport(r, loaded, opts, parsed));
  if (reports.length > 1) {
    const { writeBatchReport } = await import('./report-batch.js');
    await writeBatchReport(reports, loaded, opts, io, trackExit);
  } else {
    await writeReport(reports[0] as (typeof reports)[number], loaded, opts, io, trackExit);
  }
  // A run that could not read everything is not recorded: the next one tries again.
  if (since !== null && code !== ExitCode.Failure && loaded.failures === 0) {
    await recordRun(opts.sinceLast as string, since.stamps, since.key, since.written);
  }
}

/** --since-last: stamps the inputs, and says so and stops when nothing changed since the last run. */
async function sinceLastRun(
  inputs: readonly string[],
  opts: ReportOptions,
  io: Io,
  outputs: readonly OutputFile[],
): Promise<{ unchanged: boolean; stamps: InputStamp[]; key: string; written: string[] }> {
  const stateFile = opts.sinceLast as string;
  const { sources } = await expandInputs(inputs, io.stdin, opts.glob);
  const stamps = await stampInputs(sources);
  const key = optionsKey(inputs, opts);
  const written = outputs.filter((o) => o.option !== '--since-last').map((o) => o.file);
  const { state, why } = await unchangedSince(stateFile, stamps, key, written);
  if (state !== null) {
    io.stderr(
      `sortie: no new or changed inputs since the last run (recorded in ${stateFile} at ${state.recordedAt}): nothing read, ${written.length > 0 ? 'outputs left as they are' : 'no report written'}\n`,
    );
    return { unchanged: true, stamps, key, written };
  }
  io.stderr(`sortie: note: --since-last: reading (${why})\n`);
  return { unchanged: false, stamps, key, written };
}
