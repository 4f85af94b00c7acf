/**
 * What `sortie report` does once the inputs are read: the window, the baseline, the counts and
 * their statistics, and the output in every format (imported while the inputs are read).
 */
import { measuredBaseline, statedBaseline, type Baseline } from '../../report/baseline.js';
import { findOutages } from '../../coverage/outages.js';
import {
  buildCountReport,
  unobservedDays,
  type CountReport,
  type ExposureChoice,
} from '../../report/build-report.js';
import { countedIntervals, inputWarnings, verdictWarnings } from '../../report/verdict.js';
import { DEFAULT_SURGE_ALPHA, surgeAlert } from '../../report/alert.js';
import { dayArchiveWarnings, notReadWarning } from '../../report/archive-days.js';
import { methodsSections, methodsText } from '../../report/methods.js';
import { DEFAULT_TRACK_PARAMS } from '../../tracks/types.js';
import { reportJson } from '../../report/json.js';
import { operatorAccount, operatorsWarning } from '../../report/operators.js';
import { cutSortieMissions, cutSortiesWarning } from '../../report/cut-sorties.js';
import type { TrackSpan } from '../../tracks/track-span.js';
import { isoUtc, nextPeriodStart, periodStart } from '../../report/periods.js';
import { missionMixText } from '../../report/render/mission-mix.js';
import { renderAircraftText } from '../../report/render/aircraft-table.js';
import { renderReportText } from '../../report/render/report-text.js';
import { noPositionText } from '../../report/render/no-missions.js';
import { rowsAccount } from '../../report/no-missions.js';
import {
  renderSensitivityMarkdown,
  renderSensitivityText,
} from '../../report/render/sensitivity.js';
import { sensitivityTable } from '../../sensitivity.js';
import { outputStyle } from '../color.js';
import { durationText, emit } from '../common.js';
import { ExitCode, UserError, warningLine, type Io } from '../io.js';
import type { parseRate } from '../options.js';
import type { LoadedAnalysis, RegionAnalysis } from '../run-analysis.js';
import type { Analysis } from '../../analyze.js';
import type { Region } from '../../geo/region.js';
import { builtinOfRegion } from '../../geo/builtin-regions.js';
import type { SurgeAlert } from '../../report/alert.js';
import type { Parameters } from '../../report/json.js';
import type { MethodsSection } from '../../report/methods.js';
import type { HtmlReportInput } from '../../report/render/report-html.js';
import type { Sensitivity } from '../../sensitivity.js';
import type { ReportOptions } from './command-options.js';
import { dataWarnings } from '../../report/data-warnings.js';
import { VERSION } from '../version.js';

/** The options report-action parsed before reading. */
export interface ParsedReportOptions {
  readonly fromArg: number | undefined;
  readonly toArg: number | undefined;
  readonly baselineInterval: { fromMs: number; toMs: number } | undefined;
  readonly rate: ReturnType<typeof parseRate> | undefined;
  /** --exposure, or what the old --coverage flag asked for. */
  readonly exposure: ExposureChoice['mode'];
}

/** One region's report, everything every format is made from. */
export interface RegionReport {
  readonly region: Region;
  readonly analysis: Analysis;
  readonly report: CountReport;
  readonly alert: SurgeAlert | null;
  readonly sensitivity: Sensitivity | null;
  readonly parameters: Parameters;
  readonly methods: MethodsSection[];
}

/** Writes the report of a run with one region (report-batch.ts writes one with several). */
export async function writeReport(
  one: RegionReport,
  loaded: LoadedAnalysis,
  opts: ReportOptions,
  io: Io,
  setExit: (code: number) => void,
): Promise<void> {
  const { report, alert } = one;
  // Warnings go to stderr too, so a script reading any format sees them; a table on the terminal
  // already shows them on the same screen.
  const onScreen = opts.format === 'table' && io.stdoutIsTTY && opts.out === undefined;
  if (!onScreen) for (const w of report.warnings) io.stderr(warningLine(w));
  await emit(await renderRegionReport(one, opts, io), opts, io);
  if (opts.chart !== undefined) await emit(await regionChartSvg(one), { out: opts.chart }, io);
  if (opts.html !== undefined) await emit(await regionReportHtml(one), { out: opts.html }, io);
  if (loaded.failures > 0) setExit(ExitCode.Failure);
  if (alert !== null) {
    // The outcome is why the exit code is what it is: said on stderr whatever the format.
    io.stderr(`sortie: ${alert.text}${alert.surge ? ' (exit 3)' : ''}\n`);
    if (alert.surge) setExit(ExitCode.Surge);
  }
}

/** The window, the baseline, the counts and their statistics for one region of the run. */
export function composeRegionReport(
  { analysis, region, territorialUnavailable }: RegionAnalysis,
  loaded: LoadedAnalysis,
  opts: ReportOptions,
  parsed: ParsedReportOptions,
): RegionReport {
  const { fromArg, toArg, baselineInterval, rate } = parsed;
  const tz = opts.tz;
  const span = analysis.span;
  if ((fromArg === undefined || toArg === undefined) && span === null) {
    throw new UserError(
      `no positions were read from the inputs${noPositionText(rowsAccount(analysis.inputs))}, so the window cannot default to the data; give --from and --to`,
    );
  }
  const startMs = fromArg ?? periodStart(span?.fromMs ?? 0, opts.period, tz);
  const endMs =
    toArg ?? nextPeriodStart(periodStart(span?.toMs ?? 0, opts.period, tz), opts.period, tz);
  if (endMs <= startMs) throw new UserError('the window ends before it starts (--from/--to)');
  const model = findOutages(analysis.coverage, analysis.inputs, {
    daysNotRead: analysis.notRead,
    counted: [
      { startMs, endMs },
      ...(baselineInterval
        ? [{ startMs: baselineInterval.fromMs, endMs: baselineInterval.toMs }]
        : []),
    ],
  });
  const reportWith = (mode: ExposureChoice['mode']): CountReport => {
    const exposure: ExposureChoice = { mode, model };
    let baseline: Baseline | null = null;
    if (baselineInterval) {
      const { fromMs, toMs } = baselineInterval;
      const exposureDays =
        mode === 'calendar'
          ? undefined
          : (toMs - fromMs) / 86_400_000 - unobservedDays(exposure, fromMs, toMs);
      if (exposureDays !== undefined && exposureDays <= 1e-9) {
        throw new UserError(
          `the baseline ${opts.baseline} lies wholly in outages (receivers down, or days no input holds): there is nothing to measure a rate from; choose another interval (--exposure calendar would count that time as observed)`,
        );
      }
      baseline = measuredBaseline(analysis.missions, fromMs, toMs, exposureDays);
    } else if (rate) baseline = statedBaseline(rate.count, rate.unit);
    return buildCountReport(analysis.missions, { startMs, endMs }, opts.period, tz, baseline, {
      exposure,
      midP: opts.midP === true,
      adjust: opts.adjust,
    });
  };
  const mode = parsed.exposure;
  const chosen = reportWith(mode);
  let other: CountReport | null = null;
  if (model.outages.length > 0) {
    try {
      other = reportWith(mode === 'outages' ? 'calendar' : 'outages');
    } catch {
      // The other exposure has no baseline at all: nothing to compare the verdict with.
    }
  }
  const operators = operatorAccount(
    analysis,
    { startMs, endMs },
    baselineInterval === undefined
      ? null
      : { startMs: baselineInterval.fromMs, endMs: baselineInterval.toMs },
  );
  const operatorsWarned = operatorsWarning(operators);
  const notReadWarned = notReadWarning(analysis.notRead);
  const intervals = countedIntervals(chosen);
  const cutWarned = cutSortiesWarning(
    cutSortieMissions(
      analysis,
      intervals.map(([, i]) => i),
    ),
  );
  const report: CountReport = {
    ...chosen,
    warnings: [
      ...inputWarnings(analysis.inputs),
      ...(territorialUnavailable === null ? [] : [territorialUnavailable]),
      ...(operatorsWarned === null ? [] : [operatorsWarned]),
      ...dataWarnings(analysis, intervals, opts.aircraft),
      ...(cutWarned === null ? [] : [cutWarned]),
      ...dayArchiveWarnings(
        analysis.inputs,
        startMs,
        endMs,
        analysis.notRead,
        parsed.exposure === 'outages',
      ),
      ...(notReadWarned === null ? [] : [notReadWarned]),
      ...verdictWarnings(
        chosen,
        other,
        { from: opts.from !== undefined, to: opts.to !== undefined },
        opts.failOnSurge === undefined
          ? null
          : {
              alpha: opts.failOnSurge === true ? DEFAULT_SURGE_ALPHA : opts.failOnSurge,
              checkPeriods: opts.periodGiven === true,
            },
      ),
    ],
    operators,
  };
  const alert =
    opts.failOnSurge === undefined
      ? null
      : surgeAlert(
          report,
          opts.failOnSurge === true ? DEFAULT_SURGE_ALPHA : opts.failOnSurge,
          opts.periodGiven === true,
        );
  const sensitivity = opts.sensitivity ? sensitivityTable(analysis, { startMs, endMs }, tz) : null;
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
    exposure: parsed.exposure,
    coverageMarginDeg: analysis.coverage.marginDeg,
    midP: opts.midP === true,
    adjust: opts.adjust,
    inputFormat: opts.inputFormat ?? null,
    aircraftDb: opts.aircraftDb,
    watch: opts.watch,
    operators: [...loaded.selection.classes],
    country: loaded.selection.countries === null ? null : [...loaded.selection.countries],
    exclude: [...loaded.selection.exclude].map((h) => h.toUpperCase()),
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
    sortieFixes: sortieFixesOf(analysis.options.trackSpan ?? null),
    territorialRule:
      'from first entry to last exit: entered-territorial if a fix is over land or within 12 NM - 2 km of it, undetermined within 2 km of the 12 NM line, else international; normal baselines (Mexico 1968 straight baselines not modelled)',
    coastline: analysis.options.coast?.source ?? null,
    sensitivity: opts.sensitivity === true,
    failOnSurge:
      opts.failOnSurge === undefined
        ? null
        : opts.failOnSurge === true
          ? DEFAULT_SURGE_ALPHA
          : opts.failOnSurge,
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
  return { region, analysis, report, alert, sensitivity, parameters, methods };
}

export async function regionChartSvg({ report, region }: RegionReport): Promise<string> {
  const { renderChartSvg } = await import('../../report/render/chart-svg.js');
  return renderChartSvg(report, { regionName: region.name });
}

/** The HTML report's parts for one region (the basemap loaded for its box). */
export async function regionHtmlInput(r: RegionReport): Promise<HtmlReportInput> {
  const [{ loadBasemap }, { mapExtent }] = await Promise.all([
    import('../basemap.js'),
    import('../../report/render/map-svg.js'),
  ]);
  const { report, analysis, region, methods, parameters } = r;
  const basemap = await loadBasemap(mapExtent(region.bbox), builtinOfRegion(region));
  return { report, analysis, region, methods, parameters, basemap };
}

async function regionReportHtml(r: RegionReport): Promise<string> {
  const { renderReportHtml } = await import('../../report/render/report-html.js');
  return renderReportHtml(await regionHtmlInput(r));
}

/** The report as `sortie.report/1` JSON (an object, for a batch to hold). */
export function regionReportJson(r: RegionReport): ReturnType<typeof reportJson> {
  const { report, analysis, region, parameters, sensitivity, methods, alert } = r;
  return reportJson(
    report,
    analysis,
    { id: region.id, name: region.name },
    parameters,
    sensitivity,
    methodsText(methods),
    alert,
  );
}

/** One region's report in `opts.format`. */
export async function renderRegionReport(
  r: RegionReport,
  opts: ReportOptions,
  io: Io,
): Promise<string> {
  const { report, analysis, region, sensitivity, methods, alert } = r;
  let text: string;
  if (opts.format === 'json') {
    text = JSON.stringify(regionReportJson(r), null, 2) + '\n';
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
  } else if (opts.format === 'html') {
    text = await regionReportHtml(r);
  } else if (opts.format === 'svg') {
    text = await regionChartSvg(r);
  } else if (opts.format === 'line') {
    const { renderReportLine } = await import('../../report/render/report-line.js');
    text = renderReportLine(report, region.id, alert);
  } else {
    const style = await outputStyle(opts, io);
    text = renderReportText(report, analysis, region.name, style);
    text += `
${missionMixText(report.missions)}`;
    const aircraft = renderAircraftText(report.missions, style);
    if (aircraft !== '')
      text += `
${aircraft}`;
    if (sensitivity !== null)
      text += `
${renderSensitivityText(sensitivity, style)}`;
  }
  return text;
}

/**
 * The span of fixes made into sorties as an ISO 8601 interval (`..` for an open side, as ISO
 * 8601-2 writes it), or null when every fix is.
 */
function sortieFixesOf(span: TrackSpan | null): string | null {
  if (span === null) return null;
  const at = (ms: number): string => (Number.isFinite(ms) ? isoUtc(ms) : '..');
  return `${at(span.fromMs)}/${at(span.toMs)}`;
}
