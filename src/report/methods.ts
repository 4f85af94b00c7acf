import type { Analysis } from '../analyze.js';
import { DAYS_PER_UNIT, baselineRateUpperBound } from './baseline.js';
import { SURGE_P, type CountReport } from './build-report.js';
import { exposureSentence, outageLines, outageRuleText } from './verdict.js';
import { DISPERSION_ALPHA } from './dispersion.js';
import { durationDays, isoInZone, isoUtc } from './periods.js';
import { P_FLOOR, formatP, pEquals, plural, thousands } from './render/numbers.js';
import { inputsLine } from './render/report-text.js';
import { SORTIE_REACH_MS } from '../tracks/track-span.js';

/** The parameters in force that the methods text must state, beside the report itself. */
export interface MethodsContext {
  readonly regionName: string;
  readonly regionSource: string;
  readonly regionBbox: readonly [number, number, number, number];
  readonly gapMs: number;
  readonly minDwellMs: number;
  readonly maxSpeedKt: number;
  /** Extra registries given with --aircraft-db. */
  readonly aircraftDb: readonly string[];
}

/** One paragraph of the methods text: a short title and its sentences. */
export interface MethodsSection {
  readonly title: string;
  readonly text: string;
}

/** Share of military aircraft broadcasting ADS-B in the OpenSky Network's 2017 report. */
export const MILITARY_ADSB_SHARE = 0.429;

const dateOf = (ms: number, tz: string): string => isoInZone(ms, tz).slice(0, 10);
function duration(ms: number): string {
  if (ms % 3_600_000 === 0) return plural(ms / 3_600_000, 'hour');
  if (ms % 60_000 === 0) return plural(ms / 60_000, 'minute');
  return plural(ms / 1000, 'second');
}

const days = (d: number): string => `${d.toFixed(1)} days`;
const bboxText = (b: readonly number[]): string => b.map((x) => x.toFixed(2)).join(', ');

function windowSection(report: CountReport, ctx: MethodsContext): MethodsSection {
  const { window, tz, unit } = report;
  return {
    title: 'Window and region',
    text:
      `Missions were counted per ${unit} from ${dateOf(window.startMs, tz)} to ${dateOf(window.endMs, tz)} ` +
      `(${tz}, ${days(durationDays(window))}, end exclusive) over the ${ctx.regionName}; the region is ` +
      `${ctx.regionSource}, bounding box W, S, E, N ${bboxText(ctx.regionBbox)}. ` +
      `A different window gives a different count: state the window with the number.`,
  };
}

/** Which fixes sorties were built from, when a window (and a baseline) bound them. */
function sortieFixesText(analysis: Analysis): string {
  const span = analysis.options.trackSpan ?? null;
  if (span === null) return '';
  const at = (ms: number): string => isoUtc(ms).slice(0, 16).replace('T', ' ');
  const from = Number.isFinite(span.fromMs) ? at(span.fromMs) : null;
  const to = Number.isFinite(span.toMs) ? at(span.toMs) : null;
  const which =
    from !== null && to !== null
      ? `between ${from} and ${to} UTC`
      : from !== null
        ? `from ${from} UTC on`
        : `before ${to ?? ''} UTC`;
  return (
    ` Sorties were built from the fixes ${which} ` +
    `(${duration(SORTIE_REACH_MS)} beyond the window and the baseline): a sortie that began earlier or ` +
    `went on later is cut there, and the report warns when a mission it counts may be such a sortie.`
  );
}

function missionSection(ctx: MethodsContext, analysis: Analysis): MethodsSection {
  const registries = ['the bundled table derived from plane-alert-db', ...ctx.aircraftDb].join(
    ', ',
  );
  return {
    title: 'Mission definition',
    text:
      `A mission is one sortie of one identified surveillance aircraft with at least ${duration(ctx.minDwellMs)} ` +
      `inside the region, measured along the track. A sortie ends at a landing or at a gap in reports longer ` +
      `than ${duration(ctx.gapMs)}. Each position is dated when it was measured, not when it was reported ` +
      `(OpenSky's lastposupdate, aircraft.json's seen_pos), and a row that writes its aircraft's last position ` +
      `again (OpenSky re-sends an aircraft's last state for minutes after losing it) is that fix again; reports ` +
      `of the same fix from several sources (within 2 s and 500 m) count once; a fix implying more than ${thousands(ctx.maxSpeedKt)} kt from both neighbours is dropped. Each ` +
      `mission is counted once, in the period of its first fix inside the region. Aircraft were identified by ` +
      `address from ${registries}, by ISR-only ICAO type designators, and by types flown for ISR together ` +
      `with a military address or flag; callsigns were not used. ${thousands(analysis.identities.size)} surveillance ` +
      `aircraft were identified in the inputs.${sortieFixesText(analysis)}`,
  };
}

function coverageSection(report: CountReport): MethodsSection {
  const { summary, periods, exposure } = report;
  const empty = periods.filter((p) => p.noCoverage).length;
  const emptyText =
    empty === 0
      ? ''
      : ` ${plural(empty, 'period')} lay wholly in outages and ${empty === 1 ? 'is' : 'are'} reported as "no coverage", not as zero missions.`;
  const used =
    exposure.mode === 'outages'
      ? `Expected counts, and a baseline rate measured from the data, use calendar time less the outages found: the window's ${days(summary.calendarDays)} less outages is ${days(summary.observedDays)}.`
      : `Expected counts, and a baseline rate measured from the data, use calendar time (--exposure calendar); less the outages found the window's ${days(summary.calendarDays)} would be ${days(summary.observedDays)}.`;
  const near =
    exposure.model === null
      ? ''
      : ` "Near the region" is within ${exposure.model.marginDeg}° of its bounding box (W, S, E, N ${bboxText(exposure.model.bbox)}).`;
  const outages = outageLines(report);
  return {
    title: 'Exposure',
    text:
      `${exposureSentence(report)} ${used}${emptyText} ${outageRuleText()}${near}` +
      (outages.length === 0 ? '' : ` ${outages.join(' ')}`),
  };
}

function baselineSection(report: CountReport): MethodsSection {
  const { baseline, tz, unit, window } = report;
  if (baseline === null) {
    return {
      title: 'Baseline',
      text: 'No baseline was given, so counts are reported without a test.',
    };
  }
  const perPeriod = (baseline.ratePerDay * DAYS_PER_UNIT[unit]).toFixed(3);
  if (baseline.source === 'stated') {
    return {
      title: 'Baseline',
      text:
        `A stated rate of ${baseline.count}/${baseline.unit} (${baseline.ratePerDay.toFixed(4)}/day, ${perPeriod} per ` +
        `${unit}; a month is 365.25/12 days), not measured from these inputs. Its own uncertainty is unknown ` +
        `and not allowed for.`,
    };
  }
  const calendar = (baseline.toMs - baseline.fromMs) / 86_400_000;
  const observed = report.baselineDays?.observed ?? calendar;
  const covered =
    Math.abs(observed - calendar) < 1e-9
      ? ''
      : `, ${days(observed)} of them less outages${report.exposure.mode === 'outages' ? '' : ' (not used: --exposure calendar)'}`;
  const overlaps = baseline.fromMs < window.endMs && window.startMs < baseline.toMs;
  const bound = baselineRateUpperBound(baseline) ?? 0;
  // No missions measure no rate of zero: only its upper bound is known.
  const rate =
    baseline.missions === 0
      ? `so a rate not known to be zero, only to be below ${bound.toFixed(4)}/day (${(bound * DAYS_PER_UNIT[unit]).toFixed(3)} per ${unit}; one-sided 95% upper bound)`
      : `a rate of ${baseline.ratePerDay.toFixed(4)}/day (${perPeriod} per ${unit})`;
  return {
    title: 'Baseline',
    text:
      `Measured from the same inputs with the same mission definition: ${plural(baseline.missions, 'mission')} ` +
      `first entering the region from ${dateOf(baseline.fromMs, tz)} to ${dateOf(baseline.toMs, tz)} ` +
      `(${days(calendar)}${covered}), ${rate}.` +
      (overlaps
        ? ' The window overlaps the baseline interval, so the two counts are not independent: the ' +
          'rate-ratio test is not made, and the one-sample tests compare the window with a rate it helped set.'
        : ''),
  };
}

const ADJUSTMENT_TEXT = {
  holm:
    "adjusted by Holm's step-down method (--adjust holm, the default): the chance of any false " +
    'highlight among them is at most 1%, however the periods depend on each other',
  bh:
    'adjusted by the Benjamini–Hochberg method (--adjust bh): the expected share of false highlights ' +
    'among those highlighted is at most 1% (for independent or positively dependent tests)',
  none: 'not adjusted (--adjust none): read a highlighted period as one of that many looks',
} as const;

function statisticsSection(report: CountReport): MethodsSection {
  const { baseline, midP, periodsTested: n } = report;
  if (baseline === null) {
    return {
      title: 'Statistics',
      text: '95% intervals for counts are exact (Garwood 1936).',
    };
  }
  let test: string;
  if (report.test === 'rate-ratio' && baseline.source === 'data') {
    test =
      "Each period's count, and the window's total, is compared with the baseline's count as two Poisson " +
      "counts with their exposures, by the exact conditional test: given their sum, the period's count is " +
      "binomial with the period's share of the two exposures (as R's poisson.test with two counts)" +
      (midP
        ? ', here with its one-sided mid-p value, P(X > n) + ½ P(X = n)'
        : ', one-sided, P(X ≥ n)') +
      '; the rate ratio gets the Clopper–Pearson interval mapped to the ratio. This test is used rather ' +
      `than a one-sample Poisson test against the measured rate because that rate is itself a count of ` +
      `${plural(baseline.missions, 'mission')}: the one-sample test takes it as known, which overstates the ` +
      'evidence, the more so the fewer missions the baseline has, and with none it would make any ' +
      'mission impossible.' +
      (baseline.missions > 0
        ? " The window's one-sample p-value, the rate taken as known, is reported beside it for comparison."
        : '');
    if (baseline.missions === 0) {
      const bound = baselineRateUpperBound(baseline) ?? 0;
      test +=
        ` The baseline had no missions: its rate is not known to be zero, only to be below ${bound.toFixed(4)}/day ` +
        `(one-sided 95% upper bound, −ln 0.05 = 3.0 missions over ${days(baseline.exposureDays)}); the rate ` +
        'ratio is then unbounded above, and only its lower 95% limit is a number.';
    }
  } else {
    test =
      "Each period's count, and the window's total, is compared with its expected count (baseline rate × " +
      'exposure), the rate taken as known, by ' +
      (midP
        ? 'a one-sided mid-p Poisson test, P(X > n) + ½ P(X = n), less conservative than the exact P(X ≥ n).'
        : 'a one-sided exact Poisson test, P(X ≥ n).');
    if (baseline.source === 'data' && baseline.missions === 0) {
      test +=
        ' Against a measured rate of zero that would make any mission impossible, so no test is made.';
    }
  }
  const multiplicity =
    n > 1
      ? ` ${thousands(n)} periods were tested: even at the baseline rate up to ${(n * SURGE_P).toFixed(2)} of them ` +
        `(${thousands(n)} × ${SURGE_P}; fewer with small discrete counts) would fall below p < ${SURGE_P} by chance alone. ` +
        `Their p-values are ${ADJUSTMENT_TEXT[report.adjust]}; periods are highlighted when the ` +
        `${report.adjust === 'none' ? '' : 'adjusted '}p-value is below ${SURGE_P}. The window's own p-value is a single test and is not adjusted.`
      : ` One period was tested, so there is nothing to adjust; it is highlighted when p < ${SURGE_P}.`;
  return {
    title: 'Statistics',
    text:
      `${test}${multiplicity} The window's p-value assumes the window was chosen before the data were seen: a ` +
      'window drawn around a surge already noticed overstates its significance, since among all the windows ' +
      'one could have drawn some look extreme by chance, and nothing here corrects for that choice. 95% ' +
      `intervals for counts are exact (Garwood 1936)${midP ? ' and stay exact with --mid-p' : ''}. ` +
      `p-values below ${P_FLOOR.toExponential(0)} are reported as < ${P_FLOOR.toExponential(0)}. The Poisson ` +
      'model assumes missions independent of each other at a constant rate.',
  };
}

function clusteringSection(report: CountReport): MethodsSection {
  const { baseline, dispersion, unit, summary } = report;
  if (baseline === null) return { title: 'Clustering', text: 'Not checked (no baseline).' };
  if (baseline.source === 'stated') {
    return {
      title: 'Clustering',
      text:
        'A stated baseline gives no period-by-period counts to check; if missions come in bursts the Poisson ' +
        'p-values overstate the evidence.',
    };
  }
  if (dispersion === null) {
    return {
      title: 'Clustering',
      text: `Not checked: the baseline has too few ${unit}s with data, or no missions.`,
    };
  }
  const measured =
    `Missions per ${unit} in the baseline (${plural(dispersion.periods, unit)} with data) vary ` +
    `${dispersion.index.toFixed(2)} times as much as Poisson counts would (exposure-weighted dispersion ` +
    `index; Monte Carlo conditional test with ${thousands(dispersion.draws)} draws, one-sided ${pEquals(dispersion.pValue)}).`;
  const nb = dispersion.negativeBinomialPValue;
  // The negative binomial widens the one-sample test, so it is set beside that test's p-value.
  const poissonP = report.test === 'rate-ratio' ? report.knownRatePValue : summary.pValue;
  const sensitivity =
    nb === null
      ? ''
      : ` With a negative binomial of the same mean and ${dispersion.index.toFixed(2)} times the variance, the ` +
        `window's p-value would be ${formatP(nb)} instead of ${formatP(poissonP)} (Poisson, the rate taken as known).`;
  const verdict = dispersion.clustered
    ? ` That is clustering (p < ${DISPERSION_ALPHA}): the Poisson p-values overstate the evidence.`
    : ` No evidence of clustering at this scale (p ≥ ${DISPERSION_ALPHA}); bursts longer than a ${unit} are not measured.`;
  return { title: 'Clustering', text: measured + verdict + sensitivity };
}

function caveatsSection(ctx: MethodsContext): MethodsSection {
  return {
    title: 'Caveats',
    text:
      `Counts are lower bounds. Not every military aircraft broadcasts ADS-B: about ${Math.round(MILITARY_ADSB_SHARE * 100)}% ` +
      `did in the OpenSky Network's 2017 study (Schäfer et al., OpenSky Report 2017), and transponders can be ` +
      `switched off or change address. Receiver coverage over water is patchy: a mission flown in a coverage hole ` +
      `is missed, and a hole longer than ${duration(ctx.gapMs)} splits one sortie into two. Equal coverage in the ` +
      `window and the baseline is assumed beyond the receiver outages the inputs show.`,
  };
}

/**
 * The methods and caveats text, generated from the parameters actually used: window, region,
 * mission definition, coverage, baseline, tests and intervals, clustering, caveats and data.
 */
export function methodsSections(
  report: CountReport,
  analysis: Analysis,
  ctx: MethodsContext,
): MethodsSection[] {
  return [
    windowSection(report, ctx),
    missionSection(ctx, analysis),
    coverageSection(report),
    baselineSection(report),
    statisticsSection(report),
    clusteringSection(report),
    caveatsSection(ctx),
    { title: 'Data', text: inputsLine(analysis).replace(/^Inputs: /, 'Inputs read: ') },
  ];
}

/** The methods text as plain paragraphs ("Title. Text."), blank-line separated (JSON `methods`). */
export function methodsText(sections: readonly MethodsSection[]): string {
  return sections.map((s) => `${s.title}. ${s.text}`).join('\n\n');
}
