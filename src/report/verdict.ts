/**
 * What a reader takes away: the headline sentence, how exposure was measured, and the warnings
 * about conditions that change the verdict. Every output format prints these same sentences.
 */
import {
  beyondInputsMs,
  inputsSpanText,
  OUTAGE_RULE,
  utcSpanText,
  unjudgedMs,
  type Exposure,
} from '../coverage/outages.js';
import type { InputSummary } from '../ingest/collect.js';
import { SBS_LOCAL_TIME } from '../ingest/formats/sbs.js';
import { baselineRateUpperBound } from './baseline.js';
import { P_FLOOR, plural } from './render/numbers.js';
import { archiveWarnings } from './render/archive-lines.js';
import { highlightName } from './render/stats-text.js';
import { SURGE_P, type CountReport, type PeriodCount } from './build-report.js';
import { isoInZone, periodLabel, type Period } from './periods.js';

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

/** A share of the window or baseline outside any judged span that deserves a warning. */
const UNJUDGED_SHARE = 0.1;
/** The edges of the window the user gave (a window's others are drawn from the data). */
export interface WindowEdges {
  readonly from: boolean;
  readonly to: boolean;
}
const BOTH_EDGES: WindowEdges = { from: true, to: true };

/** With exports of the surveillance aircraft alone, a window is warned of this far past them. */
const WINDOW_OUTSIDE_MIN_DAYS = 7;

const NUMBER_WORDS = [
  'no',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
];

/** 14 → "14", 13.96 → "14", 3.5 → "3.5": days as a sentence says them. */
export function daysText(days: number): string {
  // Under a day, two significant digits: "1 in 0.042 days", not "1 in 0 days".
  if (days > 0 && days < 0.95) return String(Number(days.toPrecision(2)));
  const r = Math.round(days * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

/** The intervals a report counts, as its warnings name them: the window, and a measured baseline. */
export function countedIntervals(report: CountReport): (readonly [string, Period])[] {
  const b = report.baseline;
  return [
    ['window', report.window],
    ...(b?.source === 'data' ? [['baseline', { startMs: b.fromMs, endMs: b.toMs }] as const] : []),
  ];
}

/**
 * Files missing from a dated series of inputs holding only the surveillance aircraft, inside the
 * intervals counted: that time counts as observed and quiet, though it may never have been
 * collected (a month's extract lost). Null when none lies there.
 */
export function unjudgedGapsWarning(
  model: Exposure,
  intervals: readonly (readonly [string, Period])[],
): string | null {
  const hits = model.unjudgedGaps.flatMap((g) => {
    const names = intervals
      .filter(([, i]) => g.startMs < i.endMs && g.endMs > i.startMs)
      .map(([n]) => n);
    return names.length === 0 ? [] : [`${g.why}, in the ${names.join(' and the ')}`];
  });
  if (hits.length === 0) return null;
  const shown =
    hits.slice(0, 3).join('; ') + (hits.length > 3 ? `; and ${hits.length - 3} more` : '');
  return `A dated series of inputs holding only the surveillance aircraft has files missing: ${shown}. Nothing shows whether that time was collected, so it counts as observed with no mission; if it was not, the rate there is too low. Give the missing files, or leave that time out of the window and baseline.`;
}

/** A measured baseline of less exposure than this (days) is warned of as too short to say what is usual. */
const SHORT_BASELINE_DAYS = 7;

/** A rate per day as people say it: "about one a month", "about 2.5 a week", "about 3 a day". */
export function plainRate(ratePerDay: number): string {
  if (ratePerDay <= 0) return 'none';
  const units: ReadonlyArray<readonly [string, number]> = [
    ['day', 1],
    ['week', 7],
    ['month', 365.25 / 12],
    ['year', 365.25],
  ];
  for (const [unit, days] of units) {
    const n = ratePerDay * days;
    if (n < 0.95 && unit !== 'year') continue;
    const whole = Math.round(n);
    const near = Math.abs(n - whole) <= 0.1 * n;
    const said =
      near && whole <= 10
        ? (NUMBER_WORDS[whole] as string)
        : n < 10
          ? n.toFixed(1)
          : String(Math.round(n));
    return `about ${said} a ${unit}`;
  }
  return 'none';
}

/**
 * A p-value for a sentence: two decimals from 0.1, two significant digits from 0.001 (more when
 * two would land on the 0.01 a surge is called at, so that the side of it shows: 0.0096 and 0.014
 * both read "0.01" at one digit), one below, never 0.
 */
export function headlineP(p: number): string {
  if (!(p >= P_FLOOR) || !Number.isFinite(p)) return `< ${P_FLOOR.toExponential(0)}`;
  if (p >= 0.1) return p.toFixed(2);
  if (p >= 0.001) {
    let digits = 2;
    while (digits < 8 && p !== SURGE_P && Number(p.toPrecision(digits)) === SURGE_P) digits += 1;
    return p.toPrecision(digits);
  }
  const exp = Math.floor(Math.log10(p));
  const mant = Math.round(p / 10 ** exp);
  return mant >= 10 ? `1e${exp + 1}` : `${mant}e${exp}`;
}

/** "p = 1e-18", or "p < 1e-300" below the floor (never "p = < …"). */
export const headlinePText = (p: number): string =>
  p >= P_FLOOR ? `p = ${headlineP(p)}` : `p ${headlineP(p)}`;

/** A ratio as a sentence says it: 38, 2.1, or 1.2e+6 for an enormous one. */
export function ratioText(ratio: number): string {
  if (ratio >= 1e6) return ratio.toExponential(1);
  if (ratio >= 10) return String(Math.round(ratio));
  return ratio.toFixed(1);
}

/** "1 day", "14 days", "3.5 days". */
export function daysWithUnit(days: number): string {
  return `${daysText(days)} ${daysText(days) === '1' ? 'day' : 'days'}`;
}

/** The window's days, and its observed days when outages left some out. */
function spanText(calendarDays: number, observedDays: number, used: boolean): string {
  const cal = daysWithUnit(calendarDays);
  if (Math.abs(calendarDays - observedDays) < 0.05) return cal;
  return `${cal} (${daysText(observedDays)} observed${used ? '' : ', not used'})`;
}

/**
 * The sentence a journalist can quote, first in every human format:
 * "18 missions in 14 days, about 38 times the baseline of about one a month (12 in 361 days);
 * exact one-sided p = 1e-22."
 */
export function headline(report: CountReport): string {
  const s = report.summary;
  const used = report.exposure.mode === 'outages';
  const inWindow = spanText(s.calendarDays, s.observedDays, used);
  if (s.noCoverage) {
    return `No count for the window: the inputs show no receiver listening during its ${inWindow} (no coverage, not zero missions).`;
  }
  const count = `${s.missions === 0 ? 'No missions' : plural(s.missions, 'mission')} in ${inWindow}`;
  const b = report.baseline;
  if (b === null || s.expected === null) {
    return `${count}; no baseline was given, so there is no test.`;
  }
  const kind = report.midP ? 'mid-p' : 'exact';
  const p = s.pValue;
  const ratio = s.ratio;
  let against: string;
  if (b.source === 'data') {
    const days = report.baselineDays;
    const calendar = days?.calendar ?? (b.toMs - b.fromMs) / MS_PER_DAY;
    const observed = days?.observed ?? calendar;
    const observedClause =
      Math.abs(calendar - observed) < 0.05
        ? ''
        : `, ${daysText(observed)} of them observed${used ? '' : ' (not used)'}`;
    // No missions measure no rate of zero: say the bound, not "a baseline of none".
    against =
      b.missions === 0
        ? `no missions in the baseline's ${daysText(calendar)} days${observedClause} (a rate below ${plainRate(baselineRateUpperBound(b) ?? 0)}, one-sided 95% bound)`
        : `the baseline of ${plainRate(b.ratePerDay)} (${b.missions} in ${daysText(calendar)} days${observedClause})`;
  } else {
    against = `the stated rate of ${b.count}/${b.unit} (${s.expected.toFixed(2)} expected)`;
  }
  const times =
    ratio === null || s.missions === 0
      ? `against ${against}`
      : `about ${ratioText(ratio)} times ${against}`;
  const pText = p === null ? '' : `; ${kind} one-sided ${headlinePText(p)}`;
  return `${count}, ${times}${pText}.`;
}

/** The outages that left time out of exposure (others were wholly within time already out). */
function outagesFound(model: NonNullable<CountReport['exposure']['model']>) {
  return model.outages.filter((o) => o.unobservedMs > 0);
}

/** How exposure was measured, in a sentence or two, for the report's header. */
export function exposureSentence(report: CountReport): string {
  const { mode, model } = report.exposure;
  if (mode === 'calendar') {
    const found = model === null ? 0 : outagesFound(model).length;
    return `Exposure: calendar time (--exposure calendar)${found > 0 ? `; ${plural(found, 'outage')} found in the inputs not left out` : ''}.`;
  }
  if (model === null || !model.judged) {
    // Days no input holds (no day archive for them), in the window and any measured baseline.
    const s = report.summary;
    const b = report.baselineDays;
    const days = s.calendarDays - s.observedDays + (b === null ? 0 : b.calendar - b.observed);
    return days > 0
      ? `Exposure: calendar time less the ${daysWithUnit(days)} of the window${b === null ? '' : ' and baseline'} no input holds (no day archive for them; see the outages). ` +
          'No input carries other traffic near the region (only the surveillance aircraft themselves), so nothing else shows when receivers were down.'
      : 'Exposure: calendar time. No input carries other traffic near the region (only the surveillance ' +
          'aircraft themselves), so nothing shows when receivers were down.';
  }
  const listening = model.sources.filter((s) => s.listens).length;
  const n = outagesFound(model).length;
  return (
    `Exposure: calendar time less outages, judged from ${plural(listening, 'input')} carrying other traffic; ` +
    `${n === 0 ? 'no outage found' : `${plural(n, 'outage')} found`}.`
  );
}

/**
 * The outages left out of exposure that touch the window or a measured baseline, a line each:
 * source, from, to, why; then how many others the inputs show (they change no count here: a year
 * of day archives read for two weeks would list every missing day of the year).
 */
export function outageLines(report: CountReport): string[] {
  const model = report.exposure.model;
  if (model === null) return [];
  const tz = report.tz;
  const when = (ms: number): string => isoInZone(ms, tz).slice(0, 16).replace('T', ' ');
  const { window, baseline } = report;
  const counted: [number, number][] = [[window.startMs, window.endMs]];
  if (baseline?.source === 'data') counted.push([baseline.fromMs, baseline.toMs]);
  const found = outagesFound(model);
  const used = found.filter((o) => counted.some(([from, to]) => o.startMs < to && o.endMs > from));
  const lines = used.map((o) => {
    // Hours other inputs heard inside it count as observed: the length left out is said as such.
    const length =
      o.unobservedMs === o.endMs - o.startMs
        ? daysWithUnit(o.unobservedMs / MS_PER_DAY)
        : `${daysWithUnit(o.unobservedMs / MS_PER_DAY)} of it unobserved: other inputs heard the rest`;
    return `Outage: ${when(o.startMs)} to ${when(o.endMs)} ${tz} (${length}), ${o.source}: ${o.why}.`;
  });
  const others = found.length - used.length;
  if (others > 0) {
    const which =
      used.length > 0
        ? `${others === 1 ? 'One more outage lies' : `${others} more outages lie`}`
        : `${others === 1 ? 'The outage found lies' : `The ${others} outages found lie`}`;
    const where = `outside the window${baseline?.source === 'data' ? ' and the baseline' : ''}`;
    // With --exposure calendar no outage changes a count: nothing to say of these in particular.
    const effect =
      report.exposure.mode === 'calendar'
        ? ''
        : `: ${others === 1 ? 'it changes' : 'they change'} no count here`;
    lines.push(`${which} ${where}${effect} (all are in the JSON report's exposure.outages).`);
  }
  return lines;
}

/** The level --fail-on-surge holds p-values against, and whether it checks each period. */
export interface AlertLevel {
  readonly alpha: number;
  readonly checkPeriods: boolean;
}

/**
 * Where the choice of exposure changes what a reader or a script takes away: the window's p-value
 * on either side of 0.01 or of the --fail-on-surge level (the exit code), or a period marked (its
 * adjusted p below 0.01, or below the level when periods are checked) under one choice only.
 */
function exposureVerdictWarnings(
  report: CountReport,
  other: CountReport,
  alert: AlertLevel | null,
): string[] {
  const [byOutages, byCalendar] =
    report.exposure.mode === 'outages' ? [report, other] : [other, report];
  const warnings: string[] = [];
  const p = byOutages.summary.pValue;
  const q = byCalendar.summary.pValue;
  const sides = (l: number): boolean => p !== null && q !== null && p < l !== q < l;
  const alpha = alert?.alpha ?? null;
  if (sides(SURGE_P) || (alpha !== null && sides(alpha))) {
    const level = sides(SURGE_P)
      ? ''
      : ` (either side of the --fail-on-surge level ${alpha}: the exit code follows the choice)`;
    warnings.push(
      `The verdict depends on exposure: with the outages found left out ${headlinePText(p as number)}, counting calendar time ${headlinePText(q as number)}${level} (--exposure outages|calendar).`,
    );
  }
  const levels = [
    SURGE_P,
    ...(alert !== null && alert.checkPeriods && alert.alpha !== SURGE_P ? [alert.alpha] : []),
  ];
  const marked = (x: PeriodCount, l: number): boolean =>
    x.pAdjusted !== null && x.pAdjusted < l && x.missions > 0 && !x.noCoverage;
  const calendar = new Map(byCalendar.periods.map((x) => [x.startMs, x]));
  const name = highlightName(report);
  const flipped: string[] = [];
  for (const a of byOutages.periods) {
    const b = calendar.get(a.startMs);
    if (b === undefined || !levels.some((l) => marked(a, l) !== marked(b, l))) continue;
    const pText = (x: PeriodCount): string =>
      x.pAdjusted === null ? 'none' : headlineP(x.pAdjusted);
    flipped.push(
      `${periodLabel(a.startMs, report.unit, report.tz)}: ${name} ${pText(a)} with the outages found left out, ${pText(b)} counting calendar time`,
    );
  }
  if (flipped.length > 0) {
    const shown =
      flipped.slice(0, 4).join('; ') +
      (flipped.length > 4 ? `; and ${flipped.length - 4} more` : '');
    warnings.push(
      `Which periods stand out depends on exposure (marked below ${levels.join(' or ')}): ${shown} (--exposure outages|calendar).`,
    );
  }
  return warnings;
}

/**
 * Conditions that change the verdict a reader takes away, each a sentence. `calendarP` is the
 * window's p-value had exposure been the other choice (for the "depends on exposure" warning).
 */
export function verdictWarnings(
  report: CountReport,
  otherExposure: CountReport | null,
  /** Which edges of the window were given (--from, --to), not drawn from the data in whole periods. */
  windowGiven: WindowEdges = BOTH_EDGES,
  /** The --fail-on-surge level, and whether it checks the periods too, when given. */
  alert: AlertLevel | null = null,
): string[] {
  const warnings: string[] = [];
  if (otherExposure !== null)
    warnings.push(...exposureVerdictWarnings(report, otherExposure, alert));
  const model = report.exposure.model;
  // Inputs that hold no row at all (an empty download) say no more than inputs elsewhere.
  if (model !== null && !model.heardNearRegion) {
    warnings.push(
      model.sources.length > 0
        ? `No input has any report near the region (within ${model.marginDeg}° of its bounding box): the data may not cover it at all, so a count of zero says nothing.`
        : 'No input holds any row of flight data (empty files?): nothing was read, so a count of zero says nothing.',
    );
  }
  if (report.exposure.mode === 'outages' && model !== null && model.judged) {
    const parts = sharesOutside(report, (start, end) => beyondInputsMs(model, start, end));
    if (parts.length > 0) {
      warnings.push(
        `${parts.join(' and ')} lie outside the time any input holds (inputs carrying other traffic: ${inputsSpanText(model)}): nothing shows whether receivers were up then, so that time is left out of exposure, as an outage is (--exposure calendar counts it).`,
      );
    }
    const observed = sharesOutside(report, (start, end) => unjudgedMs(model, start, end));
    if (observed.length > 0) warnings.push(unjudgedText(observed));
  }
  if (model !== null && !model.judged && !model.dayArchives) {
    warnings.push(...outsideInputsSpan(report, model, windowGiven));
  }
  if (report.exposure.mode === 'outages' && model !== null) {
    const own = ownHeardWarning(report, model.heardOnlyTheirOwn);
    if (own !== null) warnings.push(own);
  }
  if (model !== null) {
    const gaps = unjudgedGapsWarning(model, countedIntervals(report));
    if (gaps !== null) warnings.push(gaps);
  }
  const b = report.baseline;
  if (b?.source === 'data' && b.exposureDays < SHORT_BASELINE_DAYS) {
    warnings.push(
      `The baseline holds ${daysText(b.exposureDays)} days of exposure (${plural(b.missions, 'mission')}): too short to say what is usual, so its rate (${plainRate(b.ratePerDay)}) is little more than a guess; the test allows for its uncertainty, but a baseline of weeks or months says more.`,
    );
  }
  const overlap = baselineOverlapWarning(report);
  if (overlap !== null) warnings.push(overlap);
  const d = report.dispersion;
  if (d !== null && d.clustered) {
    warnings.push(
      `Missions cluster: per ${d.unit}, the baseline's variance is ${d.index.toFixed(1)} times the Poisson value, so the p-values overstate the evidence${d.negativeBinomialPValue === null ? '' : ` (allowing for it, ${headlinePText(d.negativeBinomialPValue)})`}.`,
    );
  }
  if (report.summary.noCoverage) {
    warnings.push(
      'The whole window lies in receiver outages or outside the time any input holds: there is no count, not zero missions.',
    );
  }
  return warnings;
}

/**
 * A measured baseline that overlaps the window holds the window's own missions: the rate the
 * window is tested against is partly its own, which weakens the verdict, and the two-count test
 * cannot be made. Said beside the headline, not only in the methods text.
 */
function baselineOverlapWarning(report: CountReport): string | null {
  const { window, baseline, tz } = report;
  if (baseline === null || baseline.source !== 'data') return null;
  const from = Math.max(window.startMs, baseline.fromMs);
  const to = Math.min(window.endMs, baseline.toMs);
  if (!(to > from)) return null;
  const shared = report.missions.filter(
    (m) => m.firstEntry.timeMs >= from && m.firstEntry.timeMs < to,
  ).length;
  const date = (ms: number): string => isoInZone(ms, tz).slice(0, 10);
  const apart =
    baseline.fromMs < window.startMs
      ? ` A baseline that ends where the window begins (--baseline ${date(baseline.fromMs)}/${date(window.startMs)}) keeps them apart.`
      : '';
  const total = report.summary.missions;
  const counted =
    shared === 0
      ? 'no mission of the window falls there, but those days count in both'
      : shared === total
        ? `${total === 1 ? "the window's mission is" : `all ${total} of the window's missions are`} counted in the baseline too`
        : `${shared} of the window's ${total} missions ${shared === 1 ? 'is' : 'are'} counted in the baseline too`;
  return (
    `The baseline (${date(baseline.fromMs)} to ${date(baseline.toMs)}) overlaps the window by ${daysWithUnit((to - from) / MS_PER_DAY)}: ` +
    `${counted}, so the window is tested against a rate it helped set (the ratio and p-value understate the ` +
    `difference) and not as a second count.${apart}`
  );
}

/** The warning for time ("N of the window's M days", ...) that counts as observed unjudged. */
const unjudgedText = (shares: readonly string[]): string =>
  `${shares.join(' and ')} lie outside the time the inputs carrying other traffic cover, where only inputs of the surveillance aircraft hold rows: no outage can be seen there, so that time counts as observed.`;

/**
 * `compare`'s side: the warning when more than a tenth of its window (`name`) counts as observed
 * outside the time the inputs carrying other traffic cover, as `report` gives it; null otherwise.
 */
export function unjudgedWindowWarning(
  model: Exposure,
  name: string,
  window: Period,
): string | null {
  if (!model.judged) return null;
  const share = shareText(name, window, unjudgedMs(model, window.startMs, window.endMs));
  return share === null ? null : unjudgedText([share]);
}

/** "N of the window's M days" for `ms` of the interval, when more than a tenth of it; else null. */
function shareText(name: string, { startMs, endMs }: Period, ms: number): string | null {
  return ms > UNJUDGED_SHARE * (endMs - startMs)
    ? `${daysText(ms / MS_PER_DAY)} of the ${name}'s ${daysWithUnit((endMs - startMs) / MS_PER_DAY)}`
    : null;
}

/**
 * "N of the window's M days", and the same of a measured baseline, for each whose time `outside`
 * measures (in ms) is more than a tenth of it.
 */
function sharesOutside(
  report: CountReport,
  outside: (startMs: number, endMs: number) => number,
): string[] {
  return countedIntervals(report).flatMap(([name, interval]) => {
    const share = shareText(name, interval, outside(interval.startMs, interval.endMs));
    return share === null ? [] : [share];
  });
}

/**
 * With no input carrying other traffic, nothing shows when receivers were up: all calendar time
 * counts as observed. A measured baseline reaching before the first report near the region in any
 * input, or after the last, may count time the inputs do not hold at all (an export of the
 * surveillance aircraft over a shorter span) as watched and quiet: its rate is then too low, and
 * a surge too big; said when that is more than a tenth of it. A window that lies wholly outside
 * them has a count that says nothing; one given more than a tenth outside them has a rate too low
 * if they do not hold that time (a surge read as none), said too.
 */
function outsideInputsSpan(report: CountReport, model: Exposure, given: WindowEdges): string[] {
  const out: string[] = [];
  const { startMs, endMs } = report.window;
  // A window drawn from the data reaches past it only to whole periods: the note that exposure is
  // calendar time says what that means. Only an edge the user gave is judged.
  const w = outsideReportsWarning(model, 'window', startMs, endMs, given);
  if (w !== null) out.push(w);
  const b = report.baseline;
  if (b?.source === 'data') {
    const warned = outsideReportsWarning(model, 'baseline', b.fromMs, b.toMs);
    if (warned !== null) out.push(warned);
  }
  return out;
}

/**
 * With inputs of the surveillance aircraft alone (`model` not judged), the warning for an interval
 * (`name`: the window, the baseline, window A) more than a tenth outside the time of the inputs'
 * reports near the region, or wholly outside it: that time counts as observed though nothing
 * shows the inputs cover it. Null when it lies inside, or nothing was heard.
 */
export function outsideReportsWarning(
  model: Exposure,
  name: string,
  startMs: number,
  endMs: number,
  given: WindowEdges = BOTH_EDGES,
): string | null {
  const spans = model.sources.filter((s) => s.fromMs !== null && s.toMs !== null);
  if (spans.length === 0 || !(endMs > startMs)) return null;
  const fromMs = Math.min(...spans.map((s) => s.fromMs as number));
  const toMs = Math.max(...spans.map((s) => s.toMs as number));
  const span = utcSpanText(fromMs, toMs);
  const carry = 'they carry only the surveillance aircraft';
  const isWindow = name !== 'baseline';
  if (isWindow && ((given.to && endMs <= fromMs) || (given.from && startMs >= toMs))) {
    return `The ${name} lies outside the time of the inputs' reports near the region (${span}): ${carry}, so nothing shows the ${name} was watched at all, and its count says nothing.`;
  }
  const outside =
    (given.from ? Math.max(0, Math.min(endMs, fromMs) - startMs) : 0) +
    (given.to ? Math.max(0, endMs - Math.max(startMs, toMs)) : 0);
  if (outside <= UNJUDGED_SHARE * (endMs - startMs)) return null;
  // Exports of the aircraft end with their last flight: a window a few days past it is their
  // usual case; weeks past it, the inputs may simply not reach so far.
  if (isWindow && outside < WINDOW_OUTSIDE_MIN_DAYS * MS_PER_DAY) return null;
  const share = `${daysText(outside / MS_PER_DAY)} of the ${name}'s ${daysWithUnit((endMs - startMs) / MS_PER_DAY)} lie outside the time of the inputs' reports near the region (${span}): ${carry}, so nothing shows whether receivers were up then, and that time counts as observed`;
  return isWindow
    ? `${share}; if the inputs do not cover it, the ${name}'s rate is too low (missions flown then are not in them), and a window that ends with the data avoids it.`
    : `${share}; if the inputs do not cover it, the baseline's rate is too low and the window's ratio to it too high (a --baseline inside their span avoids it).`;
}

/**
 * Inputs that stopped part-way: their unread rows may hold missions that are not counted. A
 * registry given as an input holds no flight, so no mission was lost in it; but the aircraft it
 * lists were not used to identify any (it belongs with --aircraft-db, when that reads it), which
 * may be what is lost.
 */
export function inputWarnings(inputs: readonly InputSummary[]): string[] {
  const failed = inputs.filter((i) => i.error !== null);
  const cut = failed.filter((i) => i.error?.registry === undefined);
  const forAircraftDb = failed.filter((i) => i.error?.registry === 'aircraft-db');
  const notRead = failed.filter((i) => i.error?.registry === 'not-read');
  const listed = (some: readonly InputSummary[]): string =>
    some
      .slice(0, 3)
      .map((i) => i.file)
      .join(', ') + (some.length > 3 ? ` and ${some.length - 3} more` : '');
  const are = (some: readonly InputSummary[], one: string, many: string): string =>
    `${plural(some.length, 'input')} ${some.length === 1 ? one : many}`;
  const them = (some: readonly InputSummary[]): string => (some.length === 1 ? 'it' : 'them');
  return [
    ...(cut.length === 0
      ? []
      : [
          `${plural(cut.length, 'input')} could not be read in full (${listed(cut)}): missions in their unread rows are not counted.`,
        ]),
    ...(forAircraftDb.length === 0
      ? []
      : [
          `${are(forAircraftDb, 'is an aircraft registry', 'are aircraft registries')}, not flight data (${listed(forAircraftDb)}): no rows were read from ${them(forAircraftDb)}, and the aircraft ${forAircraftDb.length === 1 ? 'it lists' : 'they list'} were not used to identify surveillance aircraft; give a registry with --aircraft-db.`,
        ]),
    ...inputs.flatMap((i) =>
      i.notes
        .filter((n) => n.includes(SBS_LOCAL_TIME))
        .map(
          (n) =>
            `${i.file}: ${n}. Until it is, its missions are dated hours off, and one near a period's or the window's edge may be counted in the wrong one.`,
        ),
    ),
    ...(notRead.length === 0
      ? []
      : [
          `${are(notRead, 'is a registry file', 'are registry files')} sortie does not read (a tar1090-db shard, plane-alert-db's list of categories), not flight data (${listed(notRead)}): no rows were read from ${them(notRead)}.`,
        ]),
    ...archiveWarnings(inputs),
  ];
}

/**
 * Hours of the window or a measured baseline that count as observed only because surveillance
 * aircraft were heard in them (every listening input has an outage there, and no other traffic was
 * heard): such hours are observed because a mission was flown, so a rate over them is biased high.
 */
function ownHeardWarning(report: CountReport, hours: readonly number[]): string | null {
  const { window, baseline } = report;
  const spans: [string, number, number][] = [['window', window.startMs, window.endMs]];
  if (baseline?.source === 'data') spans.push(['baseline', baseline.fromMs, baseline.toMs]);
  const parts: string[] = [];
  let inHours = 0;
  for (const [name, startMs, endMs] of spans) {
    const mine = hours.filter((h) => h * MS_PER_HOUR >= startMs && h * MS_PER_HOUR < endMs);
    if (mine.length === 0) continue;
    const days = [
      ...new Set(mine.map((h) => new Date(h * MS_PER_HOUR).toISOString().slice(0, 10))),
    ];
    const named =
      days.length > 3
        ? `${days.slice(0, 3).join(', ')} and ${days.length - 3} more days`
        : days.join(', ');
    parts.push(`${plural(mine.length, 'hour')} of the ${name} (UTC ${named})`);
    if (name === 'window') {
      const set = new Set(mine);
      inHours = report.missions.filter((m) =>
        set.has(Math.floor(m.firstEntry.timeMs / MS_PER_HOUR)),
      ).length;
    }
  }
  if (parts.length === 0) return null;
  return (
    `${parts.join(' and ')} count as observed only because surveillance aircraft were heard in them: ` +
    `no input that shows coverage holds them (an outage, or a day no day archive holds), and no other traffic was heard. ` +
    `A rate over such hours is biased high (${plural(inHours, 'mission')} of the window entered the region in them); ` +
    `inputs with other traffic for those hours, or --exposure calendar, avoid it.`
  );
}

/** The rule's parameters, for the methods text. */
export function outageRuleText(): string {
  return (
    `An input (or a series of inputs of one format in one folder, or of one dated file series) speaks to ` +
    `coverage only when at least ${Math.round(OUTAGE_RULE.minOtherTrafficShare * 100)}% of its hours near the region ` +
    `hold reports of other traffic. For each such input, each hour of day (UTC) gets the share of its hours ` +
    `with a report of other traffic near the region, (heard + ${OUTAGE_RULE.priorHeard}) / (spanned + 1); the chance of a silence ` +
    `of other traffic between two hours with it is the product over its hours of (1 − share) (a surveillance aircraft heard ` +
    `inside it does not end it; the shares leave out the outages found, and silences are judged again until no more are). ` +
    `A silence is an outage when that chance is below ` +
    `${OUTAGE_RULE.alpha}, or below ${OUTAGE_RULE.alphaCut} when it also cuts aircraft off in mid-air: the last report before it and the ` +
    `first after it are of aircraft in flight (not on the ground, at or above ${OUTAGE_RULE.cutMinAltitudeFt} ft) that, flying on ` +
    `${OUTAGE_RULE.cutLookaheadMin} minutes at their speed and track, would have stayed within the area that input's reports span ` +
    `(inputs read by the big-CSV fast path give hours only and are judged on the first test). A file missing between ` +
    `the first and last of an hourly, daily or monthly series is an outage too, and so is a day no day archive ` +
    `holds (adsb.lol releases, globe_history days) between the first and last given or inside the window or ` +
    `baseline, but for the hours another input's rows span. So is time of the window or baseline that no input ` +
    `holds at all (before the first report near the region of any input or after the last, where no input speaking to coverage ` +
    `spans it and no day archive holds its day): nothing shows whether receivers were up then. An hour is left out of exposure ` +
    `only when no input heard anything near the region in it and every input that speaks to coverage and spans ` +
    `it shows an outage there. Resolution is the clock hour: shorter outages are not seen (the time counts as observed).`
  );
}
