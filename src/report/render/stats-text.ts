/**
 * The statistical sentences every format shares: which test, the rate ratio against a measured
 * baseline (also one without missions), the adjustment for the periods tested, and the footnote.
 */
import { baselineRateUpperBound, type Baseline } from '../baseline.js';
import { SURGE_P, type CountReport, type PeriodCount } from '../build-report.js';
import type { PAdjustment } from '../stats.js';
import { formatCi, formatNumber, formatP, pEquals } from './numbers.js';

const ADJUSTMENT_NAMES: Readonly<Record<PAdjustment, string>> = {
  none: 'unadjusted',
  holm: "Holm's method",
  bh: 'the Benjamini–Hochberg method',
};

/** True when the tables show an adjusted p-value column: an adjustment over several periods. */
export function showsAdjustedP(report: CountReport): boolean {
  return report.adjust !== 'none' && report.periodsTested > 1;
}

/** Header of the adjusted column: "Holm p", "BH p". */
export function adjustedHeader(report: CountReport): string {
  return report.adjust === 'bh' ? 'BH p' : 'Holm p';
}

/** A period's adjusted p-value cell. */
export const adjustedCell = (p: PeriodCount): string => formatP(p.pAdjusted);

/** The p-value that decides the highlight, as the footnote and legend name it: "Holm p", "p". */
export function highlightName(report: CountReport): string {
  return showsAdjustedP(report) ? adjustedHeader(report) : 'p';
}

/** Upper bound on the number of periods below SURGE_P by chance alone, unadjusted: N × α. */
export function chanceHighlights(report: CountReport): number {
  return report.periodsTested * SURGE_P;
}

const rateText = (perDay: number): string => `${perDay.toFixed(4)}/day`;

/** "below 0.2496/day (one-sided 95% upper bound)" for a measured baseline without missions. */
export function zeroBaselineBound(baseline: Baseline): string | null {
  if (baseline.source !== 'data' || baseline.missions > 0) return null;
  return `below ${rateText(baselineRateUpperBound(baseline) ?? 0)} (one-sided 95% upper bound)`;
}

/**
 * What the summary sentence says about the test, after the count and its interval: the expected
 * count and the one-sample p (stated rate, or a measured one overlapping the window), or the rate
 * ratio and conditional p against a measured baseline, with the one-sample p beside it.
 */
export function testSentence(report: CountReport): string {
  const s = report.summary;
  const b = report.baseline;
  if (b === null || s.expected === null) return '.';
  const kind = report.midP ? 'mid-p' : 'exact';
  const bound = zeroBaselineBound(b);
  if (b.source === 'data' && bound !== null) {
    const quiet = `The baseline had no missions in ${formatNumber(b.exposureDays, 1)} days`;
    if (report.test !== 'rate-ratio') {
      return (
        `. ${quiet}, so its rate is only known to be ${bound}; it overlaps the window, so the two are not ` +
        'compared as independent counts, and a rate of zero taken as known would make any mission impossible: no test is made.'
      );
    }
    if (s.missions === 0) {
      return `. Neither the window nor the baseline has any mission: there is nothing to compare. ${quiet}, so its rate is only known to be ${bound}.`;
    }
    const rr = report.rateRatio;
    const ratio =
      rr === null
        ? ''
        : `rate ratio at least ${rr.ci95[0].toFixed(2)} (exact 95% interval ${formatCi(rr.ci95)}, open above), `;
    return (
      `. ${quiet}: its rate is not known to be zero, only to be ${bound}, and a rate ` +
      'of zero taken as known would make any mission impossible. Against the baseline as a second Poisson ' +
      `count instead: ${ratio}one-sided ${kind} conditional ${pEquals(s.pValue)}.`
    );
  }
  const expected = `; expected ${s.expected.toFixed(2)} at the baseline rate`;
  if (report.test === 'rate-ratio') {
    const rr = report.rateRatio;
    const ratio =
      rr === null
        ? ''
        : `rate ratio ${formatNumber(rr.ratio, 1)}, exact 95% interval ${formatCi(rr.ci95)}, `;
    return (
      `${expected}. Against the measured baseline as a second Poisson count: ${ratio}one-sided ${kind} ` +
      `conditional ${pEquals(s.pValue)}, allowing for the baseline's own uncertainty (with its rate taken ` +
      `as known, one-sided ${kind} Poisson ${pEquals(report.knownRatePValue)}).`
    );
  }
  const oneSample = `${expected} (ratio ${formatNumber(s.ratio, 1)}), one-sided ${kind} Poisson ${pEquals(s.pValue)}`;
  return b.source === 'data'
    ? `${oneSample}. The window overlaps the baseline interval, so the two are not compared as independent counts.`
    : `${oneSample}.`;
}

/** The footnote's account of the p-value columns and of the highlight (`marked`: how it shows). */
export function pFootnote(report: CountReport, marked: string): string {
  const mid = report.midP;
  const p =
    report.test === 'rate-ratio'
      ? `one-sided ${mid ? 'mid-p' : 'exact'} conditional test of the period's count against the baseline's, ` +
        `${mid ? 'P(X > n) + ½ P(X = n)' : 'P(X >= n)'} for X binomial with their total and the period's share of the two exposures`
      : mid
        ? 'one-sided mid-p Poisson P(X > n | expected) + ½ P(X = n | expected)'
        : 'one-sided exact Poisson P(X >= n | expected)';
  const n = report.periodsTested;
  let highlight = `periods with p < ${SURGE_P} are ${marked}`;
  if (showsAdjustedP(report)) {
    const name = adjustedHeader(report);
    highlight =
      `${name}: the p-value adjusted by ${ADJUSTMENT_NAMES[report.adjust]} for the ${n} periods tested; ` +
      `periods with ${name} < ${SURGE_P} are ${marked}`;
  } else if (n > 1) {
    highlight +=
      `, unadjusted (--adjust none): of ${n} periods tested, up to ${formatNumber(chanceHighlights(report), 2)} ` +
      // Each format says "marked *" or "in bold" before this: stay neutral about how.
      'could fall below it by chance alone';
  }
  return `p-value: ${p}; ${highlight}`;
}
