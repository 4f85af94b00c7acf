import type { Analysis } from '../analyze.js';
import { DAYS_PER_UNIT } from './baseline.js';
import type { CountReport } from './build-report.js';
import { coverageWarning } from './coverage-check.js';
import { DISPERSION_ALPHA } from './dispersion.js';
import { durationDays, isoInZone } from './periods.js';
import { formatP, thousands } from './render/numbers.js';
import { SURGE_P, inputsLine } from './render/report-text.js';

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
const plural = (n: number, word: string): string => `${thousands(n)} ${word}${n === 1 ? '' : 's'}`;

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
      `aircraft were identified in the inputs.`,
  };
}

function coverageSection(report: CountReport): MethodsSection {
  const { coverage, summary, periods } = report;
  if (coverage === null) {
    return {
      title: 'Coverage',
      text:
        'Coverage correction was off (--coverage off): every hour of the window and of the baseline counts ' +
        'as observed, so time without any data reads as time without missions.',
    };
  }
  const windowHours = durationDays(report.window) * 24;
  const coveredHours = summary.exposureDays * 24;
  const empty = periods.filter((p) => p.noCoverage).length;
  const emptyText =
    empty === 0
      ? 'Every period had data.'
      : `${plural(empty, 'period')} had no data at all and ${empty === 1 ? 'is' : 'are'} reported as "no coverage", not as zero missions.`;
  return {
    title: 'Coverage',
    text:
      `An hour counts as covered when any input has any report, from any aircraft, within ${coverage.marginDeg}° ` +
      `of the region's bounding box (W, S, E, N ${bboxText(coverage.bbox)}). ` +
      `${thousands(Math.round(coveredHours))} of the window's ${thousands(Math.round(windowHours))} hours ` +
      `were covered (${((100 * coveredHours) / Math.max(windowHours, 1e-9)).toFixed(1)}%). ${emptyText} ` +
      `Expected counts, and a baseline rate measured from the data, use covered time only. Coverage is ` +
      `inferred from the data themselves: an hour without any traffic counts as uncovered even if receivers ` +
      `were up, and one report makes a whole hour covered even where reception over the water was patchy.` +
      (coverageWarning(report) === null ? '' : ` ${coverageWarning(report)}`),
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
  const covered =
    report.coverage === null ? '' : `, ${days(baseline.exposureDays)} of them with data`;
  const overlaps = baseline.fromMs < window.endMs && window.startMs < baseline.toMs;
  return {
    title: 'Baseline',
    text:
      `Measured from the same inputs with the same mission definition: ${plural(baseline.missions, 'mission')} ` +
      `first entering the region from ${dateOf(baseline.fromMs, tz)} to ${dateOf(baseline.toMs, tz)} ` +
      `(${days(calendar)}${covered}), a rate of ${baseline.ratePerDay.toFixed(4)}/day (${perPeriod} per ${unit}).` +
      (overlaps
        ? ' The window overlaps the baseline interval, so the two counts are not independent: the ' +
          'rate-ratio test is not made, and the one-sample tests compare the window with a rate it helped set.'
        : ''),
  };
}

function statisticsSection(report: CountReport): MethodsSection {
  if (report.baseline === null) {
    return {
      title: 'Statistics',
      text: '95% intervals for counts are exact (Garwood 1936).',
    };
  }
  const test = report.midP
    ? 'a one-sided mid-p Poisson test, P(X > n) + ½ P(X = n), less conservative than the exact P(X ≥ n)'
    : 'a one-sided exact Poisson test, P(X ≥ n)';
  const twoSample =
    report.baseline.source === 'data'
      ? ' The window is also compared with the baseline as two Poisson counts with their exposures, by the ' +
        `exact conditional test (binomial given the total, as R's poisson.test${report.midP ? ', here with its mid-p value' : ''}) ` +
        "with the Clopper–Pearson interval mapped to the rate ratio; unlike the one-sample test it allows for the baseline's own noise."
      : '';
  return {
    title: 'Statistics',
    text:
      `Each period's count, and the window's total, is compared with its expected count (baseline rate × ` +
      `exposure) by ${test}; periods with p < ${SURGE_P} are marked. 95% intervals for counts are exact ` +
      `(Garwood 1936)${report.midP ? ' and stay exact with --mid-p' : ''}.${twoSample} The Poisson model assumes ` +
      `missions independent of each other at a constant rate.`,
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
    `index; Monte Carlo conditional test with ${thousands(dispersion.draws)} draws, one-sided p = ${formatP(dispersion.pValue)}).`;
  const nb = dispersion.negativeBinomialPValue;
  const sensitivity =
    nb === null
      ? ''
      : ` With a negative binomial of the same mean and ${dispersion.index.toFixed(2)} times the variance, the ` +
        `window's p-value would be ${formatP(nb)} instead of ${formatP(summary.pValue)}.`;
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
      `window and the baseline is assumed beyond what the hourly coverage measure corrects.`,
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
