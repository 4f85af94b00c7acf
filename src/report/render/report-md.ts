import { operatorsLine } from '../operators.js';
import type { Analysis } from '../../analyze.js';
import { isSurge, type CountReport } from '../build-report.js';
import type { MethodsSection } from '../methods.js';
import { periodLabel } from '../periods.js';
import { formatByType, formatCi, formatNumber, formatObservedDays, formatP } from './numbers.js';
import { headline } from '../verdict.js';
import { renderAircraftMarkdown } from './aircraft-table.js';
import { mdCell } from './markup.js';
import { adjustedCell, adjustedHeader, showsAdjustedP } from './stats-text.js';
import {
  describeWindow,
  inputsLine,
  showsObservedDays,
  noMissionsLines,
  summarySentence,
  testFootnote,
} from './report-text.js';

export { mdCell } from './markup.js';

/** `sortie report --format md`. */
export function renderReportMarkdown(
  report: CountReport,
  analysis: Analysis,
  regionName: string,
  methods: readonly MethodsSection[] = [],
): string {
  const cover = showsObservedDays(report);
  const adjusted = showsAdjustedP(report);
  const lines = [
    ...report.warnings.map((w) => `<!-- warning: ${w.replace(/--/g, '- -')} -->`),
    `# Surveillance missions over ${mdCell(regionName)}`,
    '',
    `**${headline(report)}**`,
    '',
    ...report.warnings.flatMap((w) => [`> **Warning:** ${w}`, '']),
    ...describeWindow(report, regionName).map((l) => `- ${mdCell(l.replace(/\s+/g, ' '))}`),
    '',
    summarySentence(report),
    ...noMissionsLines(report, analysis, regionName).flatMap((line) => ['', line]),
    '',
    `| Period | Missions | Aircraft-days | Expected | Ratio | p-value |${adjusted ? ` ${adjustedHeader(report)} |` : ''} 95% CI |${cover ? ' Obs. days |' : ''} Types |`,
    `|---|--:|--:|--:|--:|--:|${adjusted ? '--:|' : ''}--:|${cover ? '--:|' : ''}---|`,
  ];
  const coverCell = (c: { observedDays: number }): string =>
    cover ? ` ${formatObservedDays(c)} |` : '';
  for (const p of report.periods) {
    const surge = isSurge(p);
    const mark = (s: string): string => (surge ? `**${s}**` : s);
    const adjustedText = adjusted ? ` ${mark(adjustedCell(p))} |` : '';
    lines.push(
      `| ${mark(periodLabel(p.startMs, report.unit, report.tz))} | ${mark(p.noCoverage ? 'no coverage' : String(p.missions))} | ${p.noCoverage ? '-' : p.aircraftDays} | ${formatNumber(p.expected, 3)} | ${formatNumber(p.ratio, 1)} | ${mark(formatP(p.pValue))} |${adjustedText} ${p.noCoverage ? '-' : formatCi(p.ci95)} |${coverCell(p)} ${mdCell(formatByType(p.byType))} |`,
    );
  }
  const s = report.summary;
  lines.push(
    `| **Total** | **${s.noCoverage ? 'no coverage' : s.missions}** | **${s.aircraftDays}** | ${formatNumber(s.expected, 3)} | ${formatNumber(s.ratio, 1)} | **${formatP(s.pValue)}** |${adjusted ? '  |' : ''} ${s.noCoverage ? '-' : formatCi(s.ci95)} |${coverCell(s)} ${mdCell(formatByType(s.byType))} |`,
    '',
    `${testFootnote(report, 'in bold').replace('>=', '≥')} Aircraft-days: distinct aircraft and dates of first entry into the region, a conservative floor.`,
    '',
    mdCell(inputsLine(analysis)),
    '',
    ...(report.operators === undefined ? [] : [mdCell(operatorsLine(report.operators)), '']),
  );
  const aircraft = renderAircraftMarkdown(report.missions);
  if (aircraft !== '') lines.push(aircraft);
  if (methods.length > 0) {
    lines.push('## Methods and caveats', '');
    for (const m of methods) lines.push(`**${m.title}.** ${m.text}`, '');
  }
  return lines.join('\n');
}
