import type { Analysis } from '../../analyze.js';
import { windowOverlapsBaseline, type Comparison, type CountReport } from '../build-report.js';
import { coverageWarning } from '../coverage-check.js';
import { durationDays, isoInZone, periodLabel } from '../periods.js';
import {
  bar,
  formatByType,
  formatCi,
  formatCoverage,
  formatNumber,
  formatP,
  thousands,
} from './numbers.js';
import { textTable } from './text-table.js';
import { byCodeUnits } from '../../text-order.js';

/** Styling hooks, so the same layout serves the terminal (chalk) and plain text. */
export interface Style {
  readonly header: (s: string) => string;
  readonly title: (s: string) => string;
  readonly surge: (s: string) => string;
  readonly dim: (s: string) => string;
}

export const PLAIN: Style = { header: (s) => s, title: (s) => s, surge: (s) => s, dim: (s) => s };

/** Significance level at which a period is marked as a surge. */
export const SURGE_P = 0.01;

const dateOf = (ms: number, tz: string): string => isoInZone(ms, tz).slice(0, 10);

/** The header lines shared by the text and Markdown reports. */
export function describeWindow(report: CountReport, regionName: string): string[] {
  const { window, tz, baseline, unit, coverage, summary } = report;
  const covered = coverage === null ? '' : `, ${formatNumber(summary.exposureDays, 1)} with data`;
  const lines = [
    `Region:   ${regionName}`,
    `Window:   ${dateOf(window.startMs, tz)} to ${dateOf(window.endMs, tz)} (${tz}, ${formatNumber(durationDays(window), 1)} days${covered}, end exclusive), per ${unit}`,
  ];
  if (baseline === null)
    lines.push('Baseline: none (give --baseline FROM/TO or --baseline-rate N/unit)');
  else if (baseline.source === 'data') {
    const days = (baseline.toMs - baseline.fromMs) / 86_400_000;
    const withData =
      coverage === null ? '' : `, ${formatNumber(baseline.exposureDays, 1)} with data`;
    lines.push(
      `Baseline: ${baseline.missions} missions in ${dateOf(baseline.fromMs, tz)} to ${dateOf(baseline.toMs, tz)} (${formatNumber(days, 1)} days${withData}) = ${baseline.ratePerDay.toFixed(4)}/day, measured from the data`,
    );
  } else {
    lines.push(
      `Baseline: ${baseline.count}/${baseline.unit} as stated = ${baseline.ratePerDay.toFixed(4)}/day`,
    );
  }
  return lines;
}

export function summarySentence(report: CountReport): string {
  const s = report.summary;
  if (s.noCoverage) {
    return 'No input has any data in or near the region in the window: no coverage, so no count (not zero missions).';
  }
  const base =
    `${s.missions} mission${s.missions === 1 ? '' : 's'} (${s.aircraftDays} aircraft-day${s.aircraftDays === 1 ? '' : 's'}) in the window; ` +
    `exact 95% interval ${formatCi(s.ci95)}`;
  if (s.expected === null) return `${base}.`;
  const kind = report.midP ? 'mid-p' : 'exact';
  const oneSample = `${base}; expected ${s.expected.toFixed(2)} at the baseline rate (ratio ${formatNumber(s.ratio, 1)}), one-sided ${kind} Poisson p = ${formatP(s.pValue)}`;
  const rr = report.rateRatio;
  const twoSample =
    rr === null
      ? windowOverlapsBaseline(report.window, report.baseline)
        ? '. The window overlaps the baseline interval, so the two are not compared as independent counts.'
        : '.'
      : `. Against the measured baseline as a second Poisson count: rate ratio ${formatNumber(rr.ratio, 1)}, exact 95% interval ${formatCi(rr.ci95)}, ${report.midP ? 'mid-p' : 'exact'} conditional p = ${formatP(rr.pValue)}.`;
  return oneSample + twoSample + clusteringNote(report);
}

/** The clustering note, when the baseline's missions vary more than Poisson counts would. */
export function clusteringNote(report: CountReport): string {
  const d = report.dispersion;
  if (d === null || !d.clustered) return '';
  const nb =
    d.negativeBinomialPValue === null
      ? ''
      : ` Allowing for that (negative binomial, variance ${d.index.toFixed(1)} × mean), p = ${formatP(d.negativeBinomialPValue)}.`;
  return ` Missions cluster: per ${d.unit}, the baseline's variance is ${d.index.toFixed(1)} times the Poisson value (dispersion test p = ${formatP(d.pValue)}), so these p-values overstate the evidence.${nb}`;
}

/** What the p-value and interval columns are, for the footnote. */
export function testFootnote(report: CountReport): string {
  const p = report.midP
    ? 'one-sided mid-p Poisson P(X > n | expected) + ½ P(X = n | expected)'
    : 'one-sided exact Poisson P(X >= n | expected)';
  const coverage =
    report.coverage === null
      ? ''
      : `; Cover: share of hours with any data in or near the region (expected counts use covered time)`;
  return `p-value: ${p}; 95% CI: exact (Garwood) interval for the count; periods with p < ${SURGE_P} are highlighted${coverage}.`;
}

/** `sortie report` as a terminal table. */
export function renderReportText(
  report: CountReport,
  analysis: Analysis,
  regionName: string,
  style: Style = PLAIN,
): string {
  const max = Math.max(0, ...report.periods.map((p) => p.missions));
  const cells = (label: string, c: Comparison, barText: string): string[] => [
    label,
    c.noCoverage ? 'no coverage' : String(c.missions),
    barText,
    c.noCoverage ? '-' : String(c.aircraftDays),
    formatNumber(c.expected, 3),
    formatNumber(c.ratio, 1),
    formatP(c.pValue),
    c.noCoverage ? '-' : formatCi(c.ci95),
    ...(report.coverage === null ? [] : [formatCoverage(c.coverage)]),
    formatByType(c.byType),
  ];
  const rows = report.periods.map((p) => {
    const row = cells(periodLabel(p.startMs, report.unit, report.tz), p, bar(p.missions, max));
    const surge = p.pValue !== null && p.pValue < SURGE_P && p.missions > 0;
    if (p.noCoverage) return row.map(style.dim);
    return surge ? row.map(style.surge) : row;
  });
  rows.push(cells('Total', report.summary, '').map(style.title));
  const table = textTable(
    [
      { header: 'Period' },
      { header: 'Missions', align: 'right' },
      { header: '' },
      { header: 'Acft-days', align: 'right' },
      { header: 'Expected', align: 'right' },
      { header: 'Ratio', align: 'right' },
      { header: 'p-value', align: 'right' },
      { header: '95% CI', align: 'right' },
      ...(report.coverage === null ? [] : [{ header: 'Cover', align: 'right' as const }]),
      { header: 'Types' },
    ],
    rows,
    style,
  );
  return (
    [
      style.title(`sortie report: surveillance missions over ${regionName}`),
      ...describeWindow(report, regionName).map(style.dim),
      '',
      table,
      '',
      summarySentence(report),
      style.dim(testFootnote(report)),
      ...[coverageWarning(report) ?? []].flat().map(style.surge),
      style.dim(inputsLine(analysis)),
    ].join('\n') + '\n'
  );
}

/** One line of accounting: files, rows, used, skipped by reason. */
export function inputsLine(analysis: Analysis): string {
  // Files recognised as not flight data (readsb sidecars) are listed by inspect, not counted here.
  const files = analysis.inputs.filter((i) => !i.notFlightData).length;
  let rows = 0;
  let used = 0;
  const skipped = new Map<string, number>();
  for (const i of analysis.inputs) {
    rows += i.rows;
    used += i.used;
    for (const [reason, s] of Object.entries(i.skipped))
      skipped.set(reason, (skipped.get(reason) ?? 0) + s.count);
  }
  const failed = analysis.inputs.filter((i) => i.error !== null).length;
  const skippedText = [...skipped]
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([r, n]) => `${thousands(n)} ${r}`)
    .join(', ');
  return (
    `Inputs: ${files} file${files === 1 ? '' : 's'}, ${thousands(rows)} rows: ${thousands(used)} used, ${thousands(rows - used)} skipped` +
    (skippedText ? ` (${skippedText})` : '') +
    (failed > 0 ? `; ${failed} file${failed === 1 ? '' : 's'} could not be read in full` : '') +
    `. ${analysis.identities.size} surveillance aircraft identified, ${analysis.sorties} sorties.`
  );
}
