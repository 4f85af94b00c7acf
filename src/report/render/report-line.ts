/**
 * `--format line`: the report in one line, for cron mail, chat and logs: region, window, count,
 * expected, ratio and p, then the surge outcome when --fail-on-surge asked for one.
 */
import type { SurgeAlert } from '../alert.js';
import type { CountReport } from '../build-report.js';
import { windowText } from '../periods.js';
import { headlinePText, ratioText } from '../verdict.js';

export function renderReportLine(
  report: CountReport,
  regionId: string,
  alert: SurgeAlert | null,
): string {
  const s = report.summary;
  const head = `${regionId} ${windowText(report.window, report.tz)}`;
  const parts: string[] = [];
  if (s.noCoverage) parts.push('no coverage (no count)');
  else {
    parts.push(`${s.missions} mission${s.missions === 1 ? '' : 's'}`);
    if (s.expected !== null) parts.push(`${s.expected.toFixed(2)} expected`);
    if (s.ratio !== null && s.missions > 0) parts.push(`ratio ${ratioText(s.ratio)}`);
    if (s.pValue !== null)
      parts.push(`${report.midP ? 'mid-p' : 'p'} ${headlinePText(s.pValue).slice(2)}`);
  }
  if (alert !== null) {
    parts.push(
      alert.undecided !== null
        ? 'surge undecided'
        : alert.surge
          ? `SURGE at ${alert.alpha}`
          : `no surge at ${alert.alpha}`,
    );
  }
  if (report.warnings.length > 0)
    parts.push(`${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}`);
  return `${head}: ${parts.join(', ')}\n`;
}
