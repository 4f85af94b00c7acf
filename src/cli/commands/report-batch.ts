/**
 * `sortie report` with several regions: each region's report made as a run with it alone would
 * make it (report-output.ts), put together under a summary in the format asked for.
 */
import {
  BATCH_SCHEMA,
  batchHtmlContent,
  batchVerdict,
  renderBatchCsv,
  renderBatchMarkdown,
  renderBatchText,
  type BatchRegion,
} from '../../report/render/report-batch.js';
import { windowText } from '../../report/periods.js';
import { below, round, sig } from '../../report/json.js';
import { outputStyle } from '../color.js';
import { emit } from '../common.js';
import { ExitCode, warningLine, type Io } from '../io.js';
import type { LoadedAnalysis } from '../run-analysis.js';
import type { ReportOptions } from './command-options.js';
import {
  regionHtmlInput,
  regionReportJson,
  renderRegionReport,
  type RegionReport,
} from './report-output.js';

const batchRegion = (r: RegionReport): BatchRegion => ({
  id: r.region.id,
  name: r.region.name,
  report: r.report,
  alert: r.alert,
});

/**
 * The warnings on stderr: one every region has, once; one only some have, with their ids (a
 * script reading any format sees each, and which region it concerns).
 */
function batchWarnings(reports: readonly RegionReport[]): string[] {
  const all = new Map<string, string[]>();
  for (const r of reports) {
    for (const w of r.report.warnings) all.set(w, [...(all.get(w) ?? []), r.region.id]);
  }
  return [...all].map(([w, ids]) =>
    ids.length === reports.length ? w : `${ids.join(', ')}: ${w}`,
  );
}

/** `sortie.batch/1`: a summary per region, then each region's `sortie.report/1` in full. */
export function batchJson(reports: readonly RegionReport[]) {
  const surging = reports.filter((r) => r.alert?.surge === true).map((r) => r.region.id);
  const alerted = reports.some((r) => r.alert !== null);
  return {
    schema: BATCH_SCHEMA,
    regions: reports.map((r) => {
      const s = r.report.summary;
      return {
        id: r.region.id,
        name: r.region.name,
        source: r.region.source,
        window: windowText(r.report.window, r.report.tz),
        // As in each report's summary: rounded, a p-value below the floor null beside its bound.
        missions: s.noCoverage ? null : s.missions,
        expected: s.expected === null ? null : round(s.expected, 4),
        ratio: s.ratio === null ? null : round(s.ratio, 2),
        pValue: sig(s.pValue),
        pValueBelow: below(s.pValue),
        verdict: batchVerdict(batchRegion(r)),
        surge: r.alert === null ? null : r.alert.surge,
        warnings: r.report.warnings.length,
      };
    }),
    alert: alerted ? { surge: surging.length > 0, regions: surging } : null,
    reports: reports.map(regionReportJson),
  };
}

async function batchHtml(reports: readonly RegionReport[]): Promise<string> {
  const { htmlDocument, reportHtmlContent } = await import('../../report/render/report-html.js');
  const contents = await Promise.all(
    reports.map(async (r) => reportHtmlContent(await regionHtmlInput(r))),
  );
  const regions = reports.map(batchRegion);
  return htmlDocument(
    `Surveillance missions in ${reports.length} regions`,
    batchWarnings(reports),
    batchHtmlContent(regions, contents),
  );
}

export async function writeBatchReport(
  reports: readonly RegionReport[],
  loaded: LoadedAnalysis,
  opts: ReportOptions,
  io: Io,
  setExit: (code: number) => void,
): Promise<void> {
  const onScreen = opts.format === 'table' && io.stdoutIsTTY && opts.out === undefined;
  if (!onScreen) for (const w of batchWarnings(reports)) io.stderr(warningLine(w));
  const regions = reports.map(batchRegion);
  const sections = (format: ReportOptions['format']): Promise<string[]> =>
    Promise.all(reports.map((r) => renderRegionReport(r, { ...opts, format }, io)));
  let text: string;
  if (opts.format === 'json') {
    text = JSON.stringify(batchJson(reports), null, 2) + '\n';
  } else if (opts.format === 'line') {
    text = (await sections('line')).join('');
  } else if (opts.format === 'csv') {
    const { reportCsvTable, warningLines } = await import('../../report/render/report-csv.js');
    text = renderBatchCsv(
      regions,
      reports.map((r) => reportCsvTable(r.report, r.sensitivity)),
      reports.map((r) => warningLines(r.report)),
    );
  } else if (opts.format === 'md') {
    text = renderBatchMarkdown(regions, await sections('md'));
  } else if (opts.format === 'html') {
    text = await batchHtml(reports);
  } else {
    const style = await outputStyle(opts, io);
    text = renderBatchText(regions, await sections('table'), style);
  }
  await emit(text, opts, io);
  if (opts.html !== undefined) await emit(await batchHtml(reports), { out: opts.html }, io);
  if (loaded.failures > 0) setExit(ExitCode.Failure);
  const alerts = reports.filter((r) => r.alert !== null);
  if (alerts.length > 0) {
    for (const r of alerts) io.stderr(`sortie: ${r.region.id}: ${r.alert?.text ?? ''}\n`);
    const surging = alerts.filter((r) => r.alert?.surge === true).map((r) => r.region.id);
    // The exit code says "some region surged"; which ones is said here and in every format.
    io.stderr(
      surging.length === 0
        ? `sortie: no surge in any of the ${reports.length} regions\n`
        : `sortie: surge in ${surging.length} of ${reports.length} regions: ${surging.join(', ')} (exit 3)\n`,
    );
    if (surging.length > 0) setExit(ExitCode.Surge);
  }
}
