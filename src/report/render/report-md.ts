import type { Analysis } from '../../analyze.js';
import type { CountReport } from '../build-report.js';
import { periodLabel } from '../periods.js';
import { formatByType, formatCi, formatNumber, formatP } from './numbers.js';
import { SURGE_P, describeWindow, inputsLine, summarySentence } from './report-text.js';

/** Escapes text for a Markdown table cell. */
export const mdCell = (s: string): string =>
  s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** `sortie report --format md`. */
export function renderReportMarkdown(
  report: CountReport,
  analysis: Analysis,
  regionName: string,
): string {
  const lines = [
    `# Surveillance missions over ${mdCell(regionName)}`,
    '',
    ...describeWindow(report, regionName).map((l) => `- ${mdCell(l.replace(/\s+/g, ' '))}`),
    '',
    summarySentence(report),
    '',
    '| Period | Missions | Aircraft-days | Expected | Ratio | p-value | 95% CI | Types |',
    '|---|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const p of report.periods) {
    const surge = p.pValue !== null && p.pValue < SURGE_P && p.missions > 0;
    const mark = (s: string): string => (surge ? `**${s}**` : s);
    lines.push(
      `| ${mark(periodLabel(p.startMs, report.unit, report.tz))} | ${mark(String(p.missions))} | ${p.aircraftDays} | ${formatNumber(p.expected, 3)} | ${formatNumber(p.ratio, 1)} | ${mark(formatP(p.pValue))} | ${formatCi(p.ci95)} | ${mdCell(formatByType(p.byType))} |`,
    );
  }
  const s = report.summary;
  lines.push(
    `| **Total** | **${s.missions}** | **${s.aircraftDays}** | ${formatNumber(s.expected, 3)} | ${formatNumber(s.ratio, 1)} | **${formatP(s.pValue)}** | ${formatCi(s.ci95)} | ${mdCell(formatByType(s.byType))} |`,
    '',
    `p-value: one-sided exact Poisson P(X ≥ n | expected). 95% CI: exact (Garwood) interval for the count. Bold periods: p < ${SURGE_P}. Aircraft-days: distinct aircraft and UTC dates with time in the region, a conservative floor.`,
    '',
    mdCell(inputsLine(analysis)),
    '',
  );
  return lines.join('\n');
}
