/**
 * What `sortie report` does once the inputs are read: the window, the baseline, the counts and
 * their statistics, and the output in every format (imported while the inputs are read).
 */
import { measuredBaseline, statedBaseline, type Baseline } from '../../report/baseline.js';
import { coveredMs } from '../../coverage/coverage.js';
import { buildCountReport } from '../../report/build-report.js';
import { methodsSections, methodsText } from '../../report/methods.js';
import { DEFAULT_TRACK_PARAMS } from '../../tracks/types.js';
import { reportJson } from '../../report/json.js';
import { nextPeriodStart, periodStart } from '../../report/periods.js';
import { missionMixText } from '../../report/render/mission-mix.js';
import { PLAIN, renderReportText, type Style } from '../../report/render/report-text.js';
import {
  renderSensitivityMarkdown,
  renderSensitivityText,
} from '../../report/render/sensitivity.js';
import { sensitivityTable } from '../../sensitivity.js';
import { durationText, emit } from '../common.js';
import { UserError, type Io } from '../io.js';
import type { parseRate } from '../options.js';
import type { LoadedAnalysis } from '../run-analysis.js';
import type { ReportOptions } from './command-options.js';
import { VERSION } from '../version.js';

async function terminalStyle(io: Io, opts: { out?: string }): Promise<Style> {
  const color = io.stdoutIsTTY && opts.out === undefined && !io.env.NO_COLOR;
  if (!color) return PLAIN;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { header: c.bold, title: c.bold, surge: c.red.bold, dim: c.dim };
}

/** The options report-action parsed before reading. */
export interface ParsedReportOptions {
  readonly fromArg: number | undefined;
  readonly toArg: number | undefined;
  readonly baselineInterval: { fromMs: number; toMs: number } | undefined;
  readonly rate: ReturnType<typeof parseRate> | undefined;
}

export async function writeReport(
  loaded: LoadedAnalysis,
  opts: ReportOptions,
  io: Io,
  setExit: (code: number) => void,
  parsed: ParsedReportOptions,
): Promise<void> {
  const { analysis, region, failures } = loaded;
  const { fromArg, toArg, baselineInterval, rate } = parsed;
  const tz = opts.tz;
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
  const coverage = opts.coverage === 'on' ? analysis.coverage : null;
  let baseline: Baseline | null = null;
  if (baselineInterval) {
    const { fromMs, toMs } = baselineInterval;
    const exposureDays =
      coverage === null ? undefined : coveredMs(coverage, fromMs, toMs) / 86_400_000;
    if (exposureDays === 0) {
      throw new UserError(
        `the baseline ${opts.baseline} has no data in or near the region (no coverage): choose another interval, or give --coverage off`,
      );
    }
    baseline = measuredBaseline(analysis.missions, fromMs, toMs, exposureDays);
  } else if (rate) baseline = statedBaseline(rate.count, rate.unit);
  const report = buildCountReport(
    analysis.missions,
    { startMs, endMs },
    opts.period,
    tz,
    baseline,
    { coverage, midP: opts.midP === true },
  );
  const sensitivity = opts.sensitivity ? sensitivityTable(analysis, { startMs, endMs }) : null;
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
    maxSpeedKt: DEFAULT_TRACK_PARAMS.maxSpeedKt,
    coverage: opts.coverage,
    coverageMarginDeg: analysis.coverage.marginDeg,
    midP: opts.midP === true,
    inputFormat: opts.inputFormat ?? null,
    aircraftDb: opts.aircraftDb,
    aircraft: opts.aircraft ?? null,
    sourceTz: opts.sourceTz,
    map: Object.entries(opts.map).map(([field, column]) => `${field}=${column}`),
    units: Object.entries(opts.units).map(([field, unit]) => `${field}=${unit}`),
    delimiter: opts.delimiter ?? null,
    dateOrder: opts.dateOrder ?? null,
    glob: opts.glob,
    missionRule:
      'a sortie (ended by a landing or a reporting gap longer than gap) of an identified surveillance aircraft with at least minDwell inside the region, counted in the period of its first fix inside the region',
    sortieRule:
      'a sortie ends at a landing in ground reports, else at a landing inferred from a descent below 5,000 ft, at least 12 min of silence not over open water and a climb within 60 km, else at a reporting gap longer than gap; sorties of one aircraft under two addresses are joined when type, callsign and space-time continuity agree',
    territorialRule:
      'from first entry to last exit: entered-territorial if a fix is over land or within 12 NM - 2 km of it, undetermined within 2 km of the 12 NM line, else international; normal baselines (Mexico 1968 straight baselines not modelled)',
    coastline: analysis.options.coast?.source ?? null,
    sensitivity: opts.sensitivity === true,
  };
  const methods = methodsSections(report, analysis, {
    regionName: region.name,
    regionSource: region.source,
    regionBbox: region.bbox,
    gapMs: opts.gap,
    minDwellMs: opts.minDwell,
    maxSpeedKt: DEFAULT_TRACK_PARAMS.maxSpeedKt,
    aircraftDb: opts.aircraftDb,
  });
  let text: string;
  if (opts.format === 'json') {
    text =
      JSON.stringify(
        reportJson(
          report,
          analysis,
          { id: region.id, name: region.name },
          parameters,
          sensitivity,
          methodsText(methods),
        ),
        null,
        2,
      ) + '\n';
  } else if (opts.format === 'csv') {
    const { renderReportCsv } = await import('../../report/render/report-csv.js');
    text = renderReportCsv(report, sensitivity);
  } else if (opts.format === 'md') {
    const { renderReportMarkdown } = await import('../../report/render/report-md.js');
    text = renderReportMarkdown(report, analysis, region.name, methods);
    text += `
${missionMixText(report.missions)}`;
    if (sensitivity !== null)
      text += `
${renderSensitivityMarkdown(sensitivity)}`;
  } else {
    text = renderReportText(report, analysis, region.name, await terminalStyle(io, opts));
    text += `
${missionMixText(report.missions)}`;
    if (sensitivity !== null)
      text += `
${renderSensitivityText(sensitivity)}`;
  }
  await emit(text, opts, io);
  if (opts.chart !== undefined) {
    const { renderChartSvg } = await import('../../report/render/chart-svg.js');
    await emit(renderChartSvg(report, { regionName: region.name }), { out: opts.chart }, io);
  }
  if (opts.html !== undefined) {
    const [{ loadBasemap }, { renderReportHtml }] = await Promise.all([
      import('../basemap.js'),
      import('../../report/render/report-html.js'),
    ]);
    const basemap = await loadBasemap();
    const html = renderReportHtml({ report, analysis, region, methods, parameters, basemap });
    await emit(html, { out: opts.html }, io);
  }
  if (failures > 0) setExit(1);
}
