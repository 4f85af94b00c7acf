import type { CountReport } from '../build-report.js';
import { isoInZone } from '../periods.js';
import { toCsv } from './csv.js';

/** `sortie report --format csv`: one row per period, then a `total` row. */
export function renderReportCsv(report: CountReport): string {
  const header = [
    'period_start',
    'period_end',
    'missions',
    'aircraft_days',
    'expected',
    'ratio',
    'p_value',
    'ci95_low',
    'ci95_high',
    'by_type',
    'exposure_days',
    'covered_share',
  ];
  const typeText = (t: Readonly<Record<string, number>>): string =>
    Object.entries(t)
      .map(([k, n]) => `${k}:${n}`)
      .join(';');
  const row = (start: string, end: string, c: CountReport['summary']): unknown[] => [
    start,
    end,
    // A period without coverage has no count: empty, not 0.
    c.noCoverage ? '' : c.missions,
    c.noCoverage ? '' : c.aircraftDays,
    c.expected === null ? '' : Number(c.expected.toFixed(6)),
    c.ratio === null ? '' : Number(c.ratio.toFixed(4)),
    c.pValue === null ? '' : Number(c.pValue.toPrecision(3)),
    c.noCoverage ? '' : Number(c.ci95[0].toFixed(4)),
    c.noCoverage ? '' : Number(c.ci95[1].toFixed(4)),
    typeText(c.byType),
    Number(c.exposureDays.toFixed(6)),
    c.coverage === null ? '' : Number(c.coverage.toFixed(6)),
  ];
  const rows = report.periods.map((p) =>
    row(isoInZone(p.startMs, report.tz), isoInZone(p.endMs, report.tz), p),
  );
  rows.push(
    row(
      isoInZone(report.window.startMs, report.tz),
      isoInZone(report.window.endMs, report.tz),
      report.summary,
    ),
  );
  const last = rows[rows.length - 1];
  if (last) last.unshift('total');
  for (let i = 0; i < rows.length - 1; i += 1) rows[i]?.unshift('period');
  return toCsv(['row', ...header], rows);
}
