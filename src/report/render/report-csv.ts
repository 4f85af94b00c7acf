import { testText } from '../json.js';
import { operatorsLine } from '../operators.js';
import { headline } from '../verdict.js';
import type { Sensitivity } from '../../sensitivity.js';
import type { CountReport } from '../build-report.js';
import { isoInZone } from '../periods.js';
import { toCsv } from './csv.js';
import { P_FLOOR, belowPFloor, formatDuration } from './numbers.js';

/** A p-value cell: 3 significant digits, or "<1e-300" below the floor (never 0). */
function csvP(p: number | null): number | string {
  if (p === null) return '';
  return belowPFloor(p) ? `<${P_FLOOR.toExponential(0)}` : Number(p.toPrecision(3));
}

/**
 * `sortie report --format csv`: one row per period, then a `total` row; with a sensitivity table,
 * one `sensitivity` row per --gap × --min-dwell pair (window totals) in three more columns.
 */
export function renderReportCsv(
  report: CountReport,
  sensitivity: Sensitivity | null = null,
): string {
  const { header, rows } = reportCsvTable(report, sensitivity);
  return warningLines(report) + toCsv(header, rows);
}

/** The report's CSV rows under their header (what renderReportCsv writes after its warnings). */
export function reportCsvTable(
  report: CountReport,
  sensitivity: Sensitivity | null = null,
): { header: string[]; rows: unknown[][] } {
  const header = [
    'period_start',
    'period_end',
    'missions',
    'aircraft_days',
    'expected',
    'ratio',
    'p_value',
    'p_value_adjusted',
    'ci95_low',
    'ci95_high',
    'by_type',
    'exposure_days',
    'covered_share',
    'calendar_days',
    'observed_days',
  ];
  const typeText = (t: Readonly<Record<string, number>>): string =>
    Object.entries(t)
      .map(([k, n]) => `${k}:${n}`)
      .join(';');
  const row = (
    start: string,
    end: string,
    c: CountReport['summary'],
    adjusted: number | null,
  ): unknown[] => [
    start,
    end,
    // A period without coverage has no count: empty, not 0.
    c.noCoverage ? '' : c.missions,
    c.noCoverage ? '' : c.aircraftDays,
    c.expected === null ? '' : Number(c.expected.toFixed(6)),
    c.ratio === null ? '' : Number(c.ratio.toFixed(4)),
    csvP(c.pValue),
    csvP(adjusted),
    c.noCoverage ? '' : Number(c.ci95[0].toFixed(4)),
    c.noCoverage ? '' : Number(c.ci95[1].toFixed(4)),
    typeText(c.byType),
    Number(c.exposureDays.toFixed(6)),
    c.coverage === null ? '' : Number(c.coverage.toFixed(6)),
    Number(c.calendarDays.toFixed(6)),
    Number(c.observedDays.toFixed(6)),
  ];
  const rows = report.periods.map((p) =>
    row(isoInZone(p.startMs, report.tz), isoInZone(p.endMs, report.tz), p, p.pAdjusted),
  );
  rows.push(
    row(
      isoInZone(report.window.startMs, report.tz),
      isoInZone(report.window.endMs, report.tz),
      report.summary,
      // The window's p-value is one test, not one of the periods' family.
      null,
    ),
  );
  const last = rows[rows.length - 1];
  if (last) last.unshift('total');
  for (let i = 0; i < rows.length - 1; i += 1) rows[i]?.unshift('period');
  if (sensitivity === null) return { header: ['row', ...header], rows };
  const from = isoInZone(report.window.startMs, report.tz);
  const to = isoInZone(report.window.endMs, report.tz);
  for (const r of rows) r.push('', '', '');
  for (const c of sensitivity.cells) {
    rows.push([
      'sensitivity',
      from,
      to,
      c.missions,
      c.aircraftDays,
      ...Array<string>(header.length - 4).fill(''),
    ]);
    rows[rows.length - 1]?.push(formatDuration(c.gapMs), formatDuration(c.minDwellMs), c.current);
  }
  return { header: ['row', ...header, 'gap', 'min_dwell', 'current'], rows };
}

/**
 * Conditions that change the verdict, as leading `# warning:` lines: a script that reads the file
 * must skip them on purpose (e.g. comment: '#'), so it cannot miss them.
 */
export function warningLines(report: CountReport): string {
  const operators = report.operators === undefined ? '' : `# ${operatorsLine(report.operators)}\n`;
  // The sentence to quote and the test behind the p-values, so the file stands on its own.
  const test = testText(report);
  return (
    report.warnings.map((w) => `# warning: ${w.replace(/[\r\n]+/g, ' ')}\n`).join('') +
    `# headline: ${headline(report)}\n` +
    (test === null ? '' : `# test: ${test}\n`) +
    operators
  );
}
