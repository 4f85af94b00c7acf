/**
 * The surge alert for unattended runs (`--fail-on-surge`): is the window, or any period in it,
 * above the baseline at a stated significance level? The exit code follows it, so a cron job can
 * act without reading the report.
 */
import { SURGE_P, type CountReport } from './build-report.js';
import { periodLabel } from './periods.js';
import { headlinePText } from './verdict.js';

/** The level used when --fail-on-surge is given without one: the level the report marks at. */
export const DEFAULT_SURGE_ALPHA = SURGE_P;

export interface SurgePeriod {
  readonly label: string;
  readonly startMs: number;
  readonly missions: number;
  readonly expected: number | null;
  readonly pAdjusted: number;
}

export interface SurgeAlert {
  /** The significance level the p-values are held against. */
  readonly alpha: number;
  /** True when the window or a checked period is above the baseline at `alpha`. */
  readonly surge: boolean;
  /** The window's own test: its p-value and whether it is below `alpha`. */
  readonly window: { readonly pValue: number | null; readonly surge: boolean };
  /** Whether periods were checked too (only when the user asked for a period length). */
  readonly periodsChecked: boolean;
  /** Periods whose adjusted p-value is below `alpha`, with at least one mission. */
  readonly periods: readonly SurgePeriod[];
  /** Why no decision could be made on the window, when none could (no coverage). */
  readonly undecided: string | null;
  /** One sentence saying the outcome. */
  readonly text: string;
}

/**
 * Holds the report's p-values against `alpha`. The window counts as a surge when its one-sided
 * p-value (P(X ≥ n), or mid-p with --mid-p) is below alpha; with `checkPeriods`, so does any period
 * whose p-value, adjusted for the number of periods tested (--adjust), is below alpha. A period or
 * window with no missions is never a surge.
 */
export function surgeAlert(report: CountReport, alpha: number, checkPeriods: boolean): SurgeAlert {
  const s = report.summary;
  const undecided = s.noCoverage
    ? 'the inputs show no receiver listening during the window (no coverage), so there is no count to test'
    : s.pValue === null
      ? 'there is no baseline to test against'
      : null;
  const windowSurge = undecided === null && s.pValue !== null && s.pValue < alpha && s.missions > 0;
  const periods: SurgePeriod[] = checkPeriods
    ? report.periods.flatMap((p) =>
        p.pAdjusted !== null && p.pAdjusted < alpha && p.missions > 0 && !p.noCoverage
          ? [
              {
                label: periodLabel(p.startMs, report.unit, report.tz),
                startMs: p.startMs,
                missions: p.missions,
                expected: p.expected,
                pAdjusted: p.pAdjusted,
              },
            ]
          : [],
      )
    : [];
  const surge = windowSurge || periods.length > 0;
  return {
    alpha,
    surge,
    window: { pValue: s.pValue, surge: windowSurge },
    periodsChecked: checkPeriods,
    periods,
    undecided,
    text: alertText(report, alpha, windowSurge, periods, undecided, checkPeriods),
  };
}

function alertText(
  report: CountReport,
  alpha: number,
  windowSurge: boolean,
  periods: readonly SurgePeriod[],
  undecided: string | null,
  checkPeriods: boolean,
): string {
  const s = report.summary;
  const expected = s.expected === null ? '' : ` against ${s.expected.toFixed(2)} expected`;
  const p = s.pValue === null ? '' : `, ${headlinePText(s.pValue)}`;
  const parts: string[] = [];
  if (undecided !== null) parts.push(`no surge decision for the window: ${undecided}`);
  else
    parts.push(
      `${windowSurge ? 'surge' : 'no surge'} in the window: ${s.missions} mission${s.missions === 1 ? '' : 's'}${expected}${p} (${windowSurge ? 'below' : 'not below'} ${alpha})`,
    );
  if (checkPeriods) {
    const adjust = report.periods.length > 1 ? adjustPhrase(report) : '';
    parts.push(
      periods.length === 0
        ? `no ${report.unit} above the baseline at ${alpha}${adjust}`
        : `${periods.length} ${report.unit}${periods.length === 1 ? '' : 's'} above the baseline at ${alpha}${adjust}: ${periods
            .map((q) => `${q.label} (${q.missions}, adjusted ${headlinePText(q.pAdjusted)})`)
            .join(', ')}`,
    );
  }
  return parts.join('; ');
}

function adjustPhrase(report: CountReport): string {
  if (report.adjust === 'holm') return " after Holm's adjustment for the periods tested";
  if (report.adjust === 'bh')
    return ' after the Benjamini–Hochberg adjustment for the periods tested';
  return ' (not adjusted for the periods tested: --adjust none)';
}
