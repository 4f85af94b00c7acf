import {
  aircraftLabel,
  airframeTypeName,
  shortOperator,
  typeTally,
} from '../aircraft/plain-names.js';

import { archiveJson } from './render/archive-lines.js';
import { fixSources, memberPlaces, type FixSources } from './fix-sources.js';
import type { HexlessTrack } from '../aircraft/attribute-hexless.js';
import type { Analysis } from '../analyze.js';
import type { DayNotRead } from '../tracks/track-span.js';
import type { InputSummary, SkipStat } from '../ingest/collect.js';
import type { FixRef, HexChangeRef, Mission, MissionTerritorial } from '../missions/types.js';
import type { Sensitivity } from '../sensitivity.js';
import type { SurgeAlert } from './alert.js';
import { missionMix } from './render/mission-mix.js';
import { whyNoMissions } from './render/no-missions.js';
import { P_FLOOR, belowPFloor } from './render/numbers.js';
import { sensitivityJson } from './render/sensitivity.js';
import { DAYS_PER_UNIT, baselineRateUpperBound } from './baseline.js';
import { SURGE_P, type CountReport, type Comparison } from './build-report.js';
import { exposureSentence, headline } from './verdict.js';
import { OUTAGE_RULE } from '../coverage/outages.js';
import { isoInZone, isoUtc } from './periods.js';
import { byCodeUnits } from '../text-order.js';

/** Values that describe the run, echoed into every machine-readable output. */
export type Parameters = Readonly<
  Record<string, string | number | boolean | null | readonly string[]>
>;

export const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/**
 * An expected count: 4 decimals, and 4 significant digits below 0.1, so that a small one is not
 * written 0 beside a finite ratio (1 mission against 0.0000014 expected).
 */
export const expectedJson = (x: number): number =>
  x !== 0 && Math.abs(x) < 0.1 ? Number(x.toPrecision(4)) : round(x, 4);

/** p-values keep 3 significant digits however small they are, down to P_FLOOR. */
export const sig = (x: number | null): number | null =>
  x === null || belowPFloor(x) ? null : Number(x.toPrecision(3));

/** Beside a p-value that `sig` made null: the bound it is below, so null is not read as "no test". */
export const below = (x: number | null): number | null => (belowPFloor(x) ? P_FLOOR : null);

function fixJson(f: FixRef, sources: FixSources) {
  const at = sources.locate(f);
  return {
    time: isoUtc(f.timeMs),
    lat: round(f.lat, 5),
    lon: round(f.lon, 5),
    file: at.file,
    member: at.member,
    line: at.line,
  };
}

function territorialJson(t: MissionTerritorial, sources: FixSources) {
  return {
    verdict: t.verdict,
    closestKm: t.closestKm === null ? null : round(t.closestKm, 1),
    closestNm: t.closestNm === null ? null : round(t.closestNm, 1),
    minutesWithin12Nm: round(t.minutesWithin12Nm, 1),
    minutesUnobserved: round(t.minutesUnobserved, 1),
    fixesNotCovered: t.fixesNotCovered,
    closestFix: t.closestFix === null ? null : fixJson(t.closestFix, sources),
  };
}

function hexChangeJson(c: HexChangeRef, sources: FixSources) {
  return {
    fromHex: c.fromHex,
    toHex: c.toHex,
    gapSeconds: Math.round(c.gapMs / 1000),
    distanceKm: round(c.distanceKm, 1),
    impliedSpeedKt: Math.round(c.impliedSpeedKt),
    callsign: c.callsign,
    type: c.type,
    transitions: c.transitions,
    before: fixJson(c.before, sources),
    after: fixJson(c.after, sources),
  };
}

/** The public trace viewers, opened at the mission's first entry. */
export function traceLinks(m: Mission): { adsbexchange: string; adsbLol: string } {
  const date = isoUtc(m.firstEntry.timeMs).slice(0, 10);
  const query = `?icao=${m.aircraft.hex}&showTrace=${date}&timestamp=${Math.floor(m.firstEntry.timeMs / 1000)}`;
  return {
    adsbexchange: `https://globe.adsbexchange.com/${query}`,
    adsbLol: `https://globe.adsb.lol/${query}`,
  };
}

/** MISSION as the JSON contract defines it, plus an `evidence` object. */
export function missionJson(m: Mission, sources: FixSources) {
  return {
    id: m.id,
    aircraft: {
      hex: m.aircraft.hex,
      registration: m.aircraft.registration,
      type: m.aircraft.type,
      operator: m.aircraft.operator,
      operatorClass: m.aircraft.operatorClass,
      country: m.aircraft.country,
      description: m.aircraft.description,
      // Plain names for people; the codes above stay for scripts.
      typeName: airframeTypeName(m.aircraft.type, m.aircraft.description),
      operatorShort: shortOperator(m.aircraft.operator),
      label: aircraftLabel(m.aircraft),
      callsigns: m.callsigns,
      identifiedBy: m.aircraft.identifiedBy,
      watchedBy: m.aircraft.watchedBy,
    },
    sortieStart: isoUtc(m.sortieStartMs),
    sortieEnd: isoUtc(m.sortieEndMs),
    firstEntry: isoUtc(m.firstEntry.timeMs),
    lastExit: isoUtc(m.lastExit.timeMs),
    minutesInRegion: round(m.minutesInRegion, 1),
    maxAltitudeFt: m.maxAltitudeFt === null ? null : Math.round(m.maxAltitudeFt),
    positions: m.positions,
    sources: m.sourceFiles.map((i) => sources.files[i] ?? `#${i}`),
    pattern: m.pattern,
    territorial: m.territorial === null ? null : territorialJson(m.territorial, sources),
    evidence: {
      startedBy: m.startedBy,
      endedBy: m.endedBy,
      firstFix: fixJson(m.firstFix, sources),
      firstEntry: fixJson(m.firstEntry, sources),
      lastExit: fixJson(m.lastExit, sources),
      lastFix: fixJson(m.lastFix, sources),
      duplicateReports: m.duplicateReports,
      utcDatesInRegion: m.utcDatesInRegion,
      links: traceLinks(m),
      patternMetrics: m.patternMetrics,
      hexChanges: m.hexChanges.map((c) => hexChangeJson(c, sources)),
    },
  };
}

export function inputJson(i: InputSummary) {
  const skipped = Object.entries(i.skipped).sort(([a], [b]) => byCodeUnits(a, b));
  const byReason = <T>(value: (s: SkipStat) => T) =>
    Object.fromEntries(skipped.map(([reason, s]) => [reason, value(s)]));
  return {
    file: i.file,
    format: i.format,
    detectedBy: i.detectedBy,
    rows: i.rows,
    used: i.used,
    skipped: byReason((s) => s.count),
    skippedFirstLines: byReason((s) => s.firstLines),
    // Inside an archive the lines above are record numbers across the members read: these name
    // the member and its line (or trace point).
    skippedFirstMembers:
      i.archive?.readMembers === undefined ? null : byReason((s) => memberPlaces(i, s.firstLines)),
    from: i.fromMs === null ? null : isoUtc(i.fromMs),
    to: i.toMs === null ? null : isoUtc(i.toMs),
    aircraft: i.aircraft,
    error: i.error,
    notFlightData: i.notFlightData ?? null,
    usedAs: Object.fromEntries(Object.entries(i.usedAs).sort(([a], [b]) => byCodeUnits(a, b))),
    notes: i.notes,
    archive: archiveJson(i.archive),
  };
}

/** An input's positions without an address: the airframe they were tied to, or why none. */
export function hexlessTrackJson(t: HexlessTrack, files: readonly string[]) {
  return {
    file: files[t.fileIndex] ?? `#${t.fileIndex}`,
    member: t.member,
    callsigns: t.callsigns,
    from: isoUtc(t.fromMs),
    to: isoUtc(t.toMs),
    positions: t.positions,
    hex: t.hex,
    reason: t.reason,
  };
}

function comparisonJson(c: Comparison) {
  return {
    // A period without coverage has no count: null, not 0.
    missions: c.noCoverage ? null : c.missions,
    aircraftDays: c.noCoverage ? null : c.aircraftDays,
    expected: c.expected === null ? null : expectedJson(c.expected),
    ratio: c.ratio === null ? null : round(c.ratio, 2),
    pValue: sig(c.pValue),
    pValueBelow: below(c.pValue),
    ci95: c.noCoverage ? null : ([round(c.ci95[0], 2), round(c.ci95[1], 2)] as const),
    byType: c.byType,
    byTypeName: typeTally(c.byType),
    calendarDays: round(c.calendarDays, 4),
    observedDays: round(c.observedDays, 4),
    exposureDays: round(c.exposureDays, 4),
    coverage: c.coverage === null ? null : round(c.coverage, 4),
  };
}

/** The test behind every p-value of the report, in words (null without a baseline). */
export function testText(report: CountReport): string | null {
  if (report.test === null) return null;
  const exact = report.midP ? 'mid-p' : 'exact';
  return report.test === 'rate-ratio'
    ? `${exact} conditional test of each count against the measured baseline's (binomial given their sum), one-sided`
    : `${exact} one-sample Poisson test against the baseline rate taken as known, one-sided`;
}

/** The test, the adjustment and the thresholds behind every p-value of the report. */
function statisticsJson(report: CountReport) {
  return {
    test: testText(report),
    testKind: report.test,
    adjustment: report.adjust,
    periodsTested: report.periodsTested,
    highlightBelow: SURGE_P,
    highlightUses:
      report.adjust === 'none' || report.periodsTested <= 1 ? 'pValue' : 'pValueAdjusted',
    // At most this many periods fall below the threshold by chance alone, unadjusted.
    chanceHighlightsUnadjusted: round(report.periodsTested * SURGE_P, 4),
    pValueFloor: P_FLOOR,
  };
}

function dispersionJson(report: CountReport) {
  const d = report.dispersion;
  if (d === null) return null;
  return {
    unit: d.unit,
    periods: d.periods,
    missions: d.missions,
    index: round(d.index, 3),
    pValue: sig(d.pValue),
    draws: d.draws,
    clustered: d.clustered,
    negativeBinomialPValue: sig(d.negativeBinomialPValue),
    negativeBinomialPValueBelow: below(d.negativeBinomialPValue),
    test: 'exposure-weighted Pearson dispersion index; Monte Carlo conditional (multinomial) test, one-sided, fixed seed',
  };
}

function exposureJson(report: CountReport, files: readonly string[]) {
  const { mode, model } = report.exposure;
  return {
    mode,
    judged: model?.judged ?? false,
    note: exposureSentence(report),
    rule: { ...OUTAGE_RULE, hourOfDay: 'UTC', resolution: 'clock hour' },
    marginDeg: model?.marginDeg ?? null,
    bbox: model === null ? null : model.bbox.map((x) => round(x, 4)),
    window: {
      calendarDays: round(report.summary.calendarDays, 4),
      observedDays: round(report.summary.observedDays, 4),
      used: mode === 'outages' ? 'observedDays' : 'calendarDays',
    },
    baseline:
      report.baselineDays === null
        ? null
        : {
            calendarDays: round(report.baselineDays.calendar, 4),
            observedDays: round(report.baselineDays.observed, 4),
          },
    periodsWithoutCoverage: report.periods.filter((p) => p.noCoverage).length,
    sources: (model?.sources ?? []).map((s) => ({
      source: s.label,
      format: s.format,
      files: s.fileIndexes.map((i) => files[i] ?? `#${i}`),
      otherTrafficShare: round(s.otherTrafficShare, 4),
      listens: s.listens,
      from: s.fromMs === null ? null : isoUtc(s.fromMs),
      to: s.toMs === null ? null : isoUtc(s.toMs),
      hoursHeard: s.hoursHeard,
    })),
    outages: (model?.outages ?? []).map((o) => ({
      source: o.source,
      from: isoUtc(o.startMs),
      to: isoUtc(o.endMs),
      evidence: o.evidence,
      why: o.why,
      log10Chance: o.log10Chance === null ? null : round(o.log10Chance, 2),
      unobservedHours: round(o.unobservedMs / 3_600_000, 2),
    })),
  };
}

/** `sortie report --format json`: schema sortie.report/1. */
/** --fail-on-surge's outcome (null without it): the exit code is 3 exactly when `surge` is true. */
function alertJson(alert: SurgeAlert, tz: string) {
  return {
    alpha: alert.alpha,
    surge: alert.surge,
    window: { pValue: sig(alert.window.pValue), surge: alert.window.surge },
    periodsChecked: alert.periodsChecked,
    periods: alert.periods.map((p) => ({
      start: isoInZone(p.startMs, tz),
      label: p.label,
      missions: p.missions,
      expected: p.expected === null ? null : expectedJson(p.expected),
      pValueAdjusted: sig(p.pAdjusted),
    })),
    undecided: alert.undecided,
    text: alert.text,
  };
}

export function reportJson(
  report: CountReport,
  analysis: Analysis,
  region: { id: string; name: string },
  parameters: Parameters,
  sensitivity: Sensitivity | null = null,
  methods: string | null = null,
  alert: SurgeAlert | null = null,
) {
  const sources = fixSources(analysis.inputs);
  const { files } = sources;
  const { tz, baseline } = report;
  const ratePerPeriod = baseline === null ? null : baseline.ratePerDay * DAYS_PER_UNIT[report.unit];
  return {
    schema: 'sortie.report/1',
    headline: headline(report),
    warnings: report.warnings,
    alert: alert === null ? null : alertJson(alert, tz),

    operators: report.operators ?? null,
    region,
    period: report.unit,
    tz,
    window: { from: isoInZone(report.window.startMs, tz), to: isoInZone(report.window.endMs, tz) },
    baseline:
      baseline === null
        ? null
        : {
            source: baseline.source,
            from: baseline.source === 'data' ? isoInZone(baseline.fromMs, tz) : null,
            to: baseline.source === 'data' ? isoInZone(baseline.toMs, tz) : null,
            missions: baseline.source === 'data' ? baseline.missions : null,
            stated: baseline.source === 'stated' ? `${baseline.count}/${baseline.unit}` : null,
            ratePerDay: round(baseline.ratePerDay, 6),
            exposureDays: baseline.source === 'data' ? round(baseline.exposureDays, 4) : null,
            // Measured: one-sided 95% upper bound on the rate (3.0 / exposure with no missions).
            ratePerDayUpper95:
              baseline.source === 'data' ? round(baselineRateUpperBound(baseline) ?? 0, 6) : null,
            ratePerPeriod: ratePerPeriod === null ? null : round(ratePerPeriod, 4),
            // The missions the measured rate is made of, as the window's are listed.
            missionIds:
              baseline.source === 'data'
                ? analysis.missions
                    .filter(
                      (m) =>
                        m.firstEntry.timeMs >= baseline.fromMs &&
                        m.firstEntry.timeMs < baseline.toMs,
                    )
                    .map((m) => m.id)
                : null,
          },
    summary: {
      ...comparisonJson(report.summary),
      // With the rate-ratio test: the one-sample p-value, the measured rate taken as known.
      knownRatePValue: sig(report.knownRatePValue),
      knownRatePValueBelow: below(report.knownRatePValue),
      ...missionMix(report.missions),
      rateRatio:
        report.rateRatio === null
          ? null
          : {
              ratio: report.rateRatio.ratio === null ? null : round(report.rateRatio.ratio, 2),
              // JSON has no Infinity: with no baseline events the ratio and the interval's upper
              // end are unbounded, written as null with these flags.
              ratioUnbounded: report.rateRatio.ratio === null && report.summary.missions > 0,
              ci95: report.rateRatio.ci95.map((x) => (Number.isFinite(x) ? round(x, 2) : null)),
              ci95UpperUnbounded: !Number.isFinite(report.rateRatio.ci95[1]),
              pValue: sig(report.rateRatio.pValue),
              pValueBelow: below(report.rateRatio.pValue),
              test: `${report.midP ? 'mid-p' : 'exact'} conditional (binomial) test of two Poisson rates, one-sided`,
              windowDays: round(report.rateRatio.windowDays, 4),
              baselineDays: round(report.rateRatio.baselineDays, 4),
            },
      dispersion: dispersionJson(report),
    },
    noMissions:
      report.summary.missions > 0
        ? null
        : whyNoMissions(
            analysis,
            report.window,
            region.name,
            'in the window',
            report.summary.noCoverage ? 'No coverage' : 'No missions',
          ).json,
    statistics: statisticsJson(report),
    exposure: exposureJson(report, files),
    periods: report.periods.map((p) => ({
      start: isoInZone(p.startMs, tz),
      end: isoInZone(p.endMs, tz),
      ...comparisonJson(p),
      pValueAdjusted: sig(p.pAdjusted),
      pValueAdjustedBelow: below(p.pAdjusted),
    })),
    sensitivity: sensitivity === null ? null : sensitivityJson(sensitivity),
    missions: report.missions.map((m) => missionJson(m, sources)),
    inputs: analysis.inputs.map(inputJson),
    inputsNotRead: analysis.notRead.map(notReadJson),
    parameters,
    methods,
  };
}

/** A day archive not read: its day lies outside `parameters.sortieFixes`. */
export function notReadJson(n: DayNotRead): { file: string; day: string; reason: string } {
  return { file: n.file, day: n.day, reason: NOT_READ_REASON };
}

const NOT_READ_REASON = 'its UTC day lies outside the span of fixes made into sorties';
