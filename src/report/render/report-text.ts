import { operatorsLine } from '../operators.js';
import type { Analysis } from '../../analyze.js';
import { isSurge, type Comparison, type CountReport, type PeriodCount } from '../build-report.js';
import { exposureSentence, headline, outageLines } from '../verdict.js';
import { durationDays, isoInZone, isoUtc, periodLabel } from '../periods.js';
import {
  bar,
  formatByType,
  formatCi,
  formatObservedDays,
  formatNumber,
  formatP,
  pEquals,
  thousands,
} from './numbers.js';
import { whyNoMissions } from './no-missions.js';
import { leavesTimeOut } from '../../coverage/outages.js';
import { rowsAccount } from '../no-missions.js';
import { PLAIN, paintCells, type Style } from './style.js';
import {
  adjustedCell,
  adjustedHeader,
  pFootnote,
  showsAdjustedP,
  testSentence,
  zeroBaselineBound,
} from './stats-text.js';
import { textTable } from './text-table.js';
import { byCodeUnits } from '../../text-order.js';
import { notReadText } from '../archive-days.js';

/** Significance level at which a period is marked as a surge (defined with the report). */
export { SURGE_P } from '../build-report.js';

/** Follows a surge period's label in the terminal table: visible without colour too. */
export const SURGE_MARK = '*';

/** A window's edge: its date, and its time of day when it is not the day's start (a window of hours). */
const dateOf = (ms: number, tz: string): string => {
  const iso = isoInZone(ms, tz);
  const time = iso.slice(11, 16);
  return time === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
};

/** The header lines shared by the text and Markdown reports. */
export function describeWindow(report: CountReport, regionName: string): string[] {
  const { window, tz, baseline, unit, summary } = report;
  const judged = showsObservedDays(report);
  const covered = judged ? `, ${formatNumber(summary.observedDays, 1)} less outages` : '';
  const lines = [
    `Region:   ${regionName}`,
    `Window:   ${dateOf(window.startMs, tz)} to ${dateOf(window.endMs, tz)} (${tz}, ${formatNumber(durationDays(window), 1)} days${covered}, end exclusive), per ${unit}`,
  ];
  if (baseline === null)
    lines.push('Baseline: none (give --baseline FROM/TO or --baseline-rate N/unit)');
  else if (baseline.source === 'data') {
    const days = (baseline.toMs - baseline.fromMs) / 86_400_000;
    // No missions measure no rate of zero: only an upper bound.
    const bound = zeroBaselineBound(baseline);
    const rate = bound === null ? `${baseline.ratePerDay.toFixed(4)}/day` : `a rate ${bound}`;
    const withData = judged
      ? `, ${formatNumber(report.baselineDays?.observed ?? days, 1)} less outages`
      : '';
    lines.push(
      `Baseline: ${baseline.missions} missions in ${dateOf(baseline.fromMs, tz)} to ${dateOf(baseline.toMs, tz)} (${formatNumber(days, 1)} days${withData}) = ${rate}, measured from the data`,
    );
  } else {
    lines.push(
      `Baseline: ${baseline.count}/${baseline.unit} as stated = ${baseline.ratePerDay.toFixed(4)}/day`,
    );
  }
  lines.push(exposureSentence(report), ...outageLines(report));
  return lines;
}

export function summarySentence(report: CountReport): string {
  const s = report.summary;
  if (s.noCoverage) {
    return 'The whole window lies in receiver outages or outside the time any input holds: no coverage, so no count (not zero missions).';
  }
  const base =
    `${s.missions} mission${s.missions === 1 ? '' : 's'} (${s.aircraftDays} aircraft-day${s.aircraftDays === 1 ? '' : 's'}) in the window; ` +
    `exact 95% interval ${formatCi(s.ci95)}`;
  return base + testSentence(report) + clusteringNote(report);
}

/** The clustering note, when the baseline's missions vary more than Poisson counts would. */
export function clusteringNote(report: CountReport): string {
  const d = report.dispersion;
  if (d === null || !d.clustered) return '';
  const nb =
    d.negativeBinomialPValue === null
      ? ''
      : ` Allowing for that (negative binomial, variance ${d.index.toFixed(1)} × mean), ${pEquals(d.negativeBinomialPValue)}.`;
  return ` Missions cluster: per ${d.unit}, the baseline's variance is ${d.index.toFixed(1)} times the Poisson value (dispersion test ${pEquals(d.pValue)}), so these p-values overstate the evidence.${nb}`;
}

/**
 * What the p-value and interval columns are, for the footnote; `marked` says how each output shows
 * a surge period (`marked *`, `in bold`).
 */
export function testFootnote(report: CountReport, marked: string): string {
  const coverage = !showsObservedDays(report)
    ? ''
    : `; Obs. days: the period's days less the outages found (${report.exposure.mode === 'outages' ? 'expected counts use them' : 'not used: --exposure calendar'})`;
  return `${pFootnote(report, marked)}; 95% CI: exact (Garwood) interval for the count${coverage}.`;
}

/** The table shows each period's observed days when outages could be found at all. */
export function showsObservedDays(report: CountReport): boolean {
  const model = report.exposure.model;
  return model !== null && leavesTimeOut(model);
}

/** `sortie report` as a terminal table. */
export function renderReportText(
  report: CountReport,
  analysis: Analysis,
  regionName: string,
  style: Style = PLAIN,
): string {
  const max = Math.max(0, ...report.periods.map((p) => p.missions));
  const adjusted = showsAdjustedP(report);
  const cells = (label: string, c: Comparison, barText: string, p?: PeriodCount): string[] => [
    label,
    c.noCoverage ? 'no coverage' : String(c.missions),
    barText,
    c.noCoverage ? '-' : String(c.aircraftDays),
    formatNumber(c.expected, 3),
    formatNumber(c.ratio, 1),
    formatP(c.pValue),
    ...(adjusted ? [p === undefined ? '' : adjustedCell(p)] : []),
    c.noCoverage ? '-' : formatCi(c.ci95),
    ...(showsObservedDays(report) ? [formatObservedDays(c)] : []),
    formatByType(c.byType),
  ];
  const rows = report.periods.map((p) => {
    const surge = isSurge(p);
    const label = periodLabel(p.startMs, report.unit, report.tz);
    const row = cells(surge ? `${label} ${SURGE_MARK}` : label, p, bar(p.missions, max), p);
    if (p.noCoverage) return paintCells(row, style.dim);
    return surge ? paintCells(row, style.surge) : row;
  });
  rows.push(paintCells(cells('Total', report.summary, ''), style.title));
  const table = textTable(
    [
      { header: 'Period' },
      { header: 'Missions', align: 'right' },
      { header: '', dropOrder: 4, name: 'bars' },
      { header: 'Acft-days', align: 'right' },
      { header: 'Expected', align: 'right', dropOrder: 6 },
      { header: 'Ratio', align: 'right', dropOrder: 5 },
      { header: 'p-value', align: 'right' },
      ...(adjusted ? [{ header: adjustedHeader(report), align: 'right' as const }] : []),
      { header: '95% CI', align: 'right', dropOrder: 3 },
      ...(showsObservedDays(report)
        ? [{ header: 'Obs. days', align: 'right' as const, dropOrder: 1 }]
        : []),
      { header: 'Types', dropOrder: 2 },
    ],
    rows,
    style,
  );
  return (
    [
      style.title(`sortie report: surveillance missions over ${regionName}`),
      headline(report),
      ...paintCells(
        report.warnings.map((w) => `Warning: ${w}`),
        style.surge,
      ),
      ...paintCells(describeWindow(report, regionName), style.dim),
      '',
      table,
      '',
      summarySentence(report),
      ...noMissionsLines(report, analysis, regionName),
      style.dim(testFootnote(report, `marked ${SURGE_MARK}`)),
      style.dim(inputsLine(analysis)),
      ...(report.operators === undefined ? [] : [style.dim(operatorsLine(report.operators))]),
    ].join('\n') + '\n'
  );
}

/** Why the window has no mission, when it has none (also in the Markdown report). */
export function noMissionsLines(
  report: CountReport,
  analysis: Analysis,
  regionName: string,
): string[] {
  if (report.summary.missions > 0) return [];
  // Without coverage the report counts nothing, so "no missions" would claim too much.
  const lead = report.summary.noCoverage ? 'No coverage' : 'No missions';
  return [whyNoMissions(analysis, report.window, regionName, 'in the window', lead).text];
}

/** One line of accounting: files, rows, used, skipped by reason. */
export function inputsLine(analysis: Analysis): string {
  // Files recognised as not flight data (readsb sidecars) are listed by inspect, not counted here.
  const files = analysis.inputs.filter((i) => !i.notFlightData).length;
  const { rows, used, skipped } = rowsAccount(analysis.inputs);
  const failed = analysis.inputs.filter(
    (i) => i.error !== null && i.error.registry === undefined,
  ).length;
  const registries = analysis.inputs.filter((i) => i.error?.registry !== undefined).length;
  const skippedText = [...skipped]
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([r, n]) => `${thousands(n)} ${r}`)
    .join(', ');
  return (
    `Inputs: ${files} file${files === 1 ? '' : 's'}, ${thousands(rows)} rows: ${thousands(used)} used, ${thousands(rows - used)} skipped` +
    (skippedText ? ` (${skippedText})` : '') +
    (failed > 0 ? `; ${failed} file${failed === 1 ? '' : 's'} could not be read in full` : '') +
    (registries > 0
      ? `; ${registries} ${registries === 1 ? 'is a registry file' : 'are registry files'}, not flight data`
      : '') +
    notReadNote(analysis) +
    `. ${analysis.identities.size} surveillance aircraft identified, ${analysis.sorties} sorties${sortieFixesNote(analysis)}.`
  );
}

/** Day archives given but left unread, their days outside the fixes made into sorties. */
function notReadNote(analysis: Analysis): string {
  const text = notReadText(analysis.notRead);
  return text === null ? '' : `; ${text}`;
}

/** The dates of the fixes sorties were made of, when a window bounds them (UTC). */
function sortieFixesNote(analysis: Analysis): string {
  const span = analysis.options.trackSpan ?? null;
  if (span === null) return '';
  const day = (ms: number): string => isoUtc(ms).slice(0, 10);
  const from = Number.isFinite(span.fromMs) ? `from ${day(span.fromMs)}` : null;
  const to = Number.isFinite(span.toMs) ? `to ${day(span.toMs)}` : null;
  return ` (of the fixes ${[from, to].filter((t) => t !== null).join(' ')})`;
}
