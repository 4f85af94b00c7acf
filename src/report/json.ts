import type { HexlessTrack } from '../aircraft/attribute-hexless.js';
import type { Analysis } from '../analyze.js';
import type { InputSummary } from '../ingest/collect.js';
import type { FixRef, Mission } from '../missions/types.js';
import { DAYS_PER_UNIT } from './baseline.js';
import type { CountReport, Comparison } from './build-report.js';
import { isoInZone, isoUtc } from './periods.js';

/** Values that describe the run, echoed into every machine-readable output. */
export type Parameters = Readonly<
  Record<string, string | number | boolean | null | readonly string[]>
>;

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** p-values keep 3 significant digits however small they are. */
const sig = (x: number | null): number | null => (x === null ? null : Number(x.toPrecision(3)));

function fixJson(f: FixRef, files: readonly string[]) {
  return {
    time: isoUtc(f.timeMs),
    lat: round(f.lat, 5),
    lon: round(f.lon, 5),
    file: files[f.fileIndex] ?? null,
    line: f.line,
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
export function missionJson(m: Mission, files: readonly string[]) {
  return {
    id: m.id,
    aircraft: {
      hex: m.aircraft.hex,
      registration: m.aircraft.registration,
      type: m.aircraft.type,
      operator: m.aircraft.operator,
      description: m.aircraft.description,
      callsigns: m.callsigns,
      identifiedBy: m.aircraft.identifiedBy,
    },
    sortieStart: isoUtc(m.sortieStartMs),
    sortieEnd: isoUtc(m.sortieEndMs),
    firstEntry: isoUtc(m.firstEntry.timeMs),
    lastExit: isoUtc(m.lastExit.timeMs),
    minutesInRegion: round(m.minutesInRegion, 1),
    maxAltitudeFt: m.maxAltitudeFt === null ? null : Math.round(m.maxAltitudeFt),
    positions: m.positions,
    sources: m.sourceFiles.map((i) => files[i] ?? `#${i}`),
    evidence: {
      startedBy: m.startedBy,
      endedBy: m.endedBy,
      firstFix: fixJson(m.firstFix, files),
      firstEntry: fixJson(m.firstEntry, files),
      lastExit: fixJson(m.lastExit, files),
      lastFix: fixJson(m.lastFix, files),
      duplicateReports: m.duplicateReports,
      utcDatesInRegion: m.utcDatesInRegion,
      links: traceLinks(m),
    },
  };
}

export function inputJson(i: InputSummary) {
  return {
    file: i.file,
    format: i.format,
    detectedBy: i.detectedBy,
    rows: i.rows,
    used: i.used,
    skipped: Object.fromEntries(
      Object.entries(i.skipped)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([reason, s]) => [reason, s.count]),
    ),
    skippedFirstLines: Object.fromEntries(
      Object.entries(i.skipped)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([reason, s]) => [reason, s.firstLines]),
    ),
    from: i.fromMs === null ? null : isoUtc(i.fromMs),
    to: i.toMs === null ? null : isoUtc(i.toMs),
    aircraft: i.aircraft,
    error: i.error,
    usedAs: Object.fromEntries(Object.entries(i.usedAs).sort(([a], [b]) => a.localeCompare(b))),
    notes: i.notes,
  };
}

/** An input's positions without an address: the airframe they were tied to, or why none. */
export function hexlessTrackJson(t: HexlessTrack, files: readonly string[]) {
  return {
    file: files[t.fileIndex] ?? `#${t.fileIndex}`,
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
    missions: c.missions,
    aircraftDays: c.aircraftDays,
    expected: c.expected === null ? null : round(c.expected, 4),
    ratio: c.ratio === null ? null : round(c.ratio, 2),
    pValue: sig(c.pValue),
    ci95: [round(c.ci95[0], 2), round(c.ci95[1], 2)] as const,
    byType: c.byType,
  };
}

/** `sortie report --format json`: schema sortie.report/1. */
export function reportJson(
  report: CountReport,
  analysis: Analysis,
  region: { id: string; name: string },
  parameters: Parameters,
) {
  const files = analysis.inputs.map((i) => i.file);
  const { tz, baseline } = report;
  const ratePerPeriod = baseline === null ? null : baseline.ratePerDay * DAYS_PER_UNIT[report.unit];
  return {
    schema: 'sortie.report/1',
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
            ratePerPeriod: ratePerPeriod === null ? null : round(ratePerPeriod, 4),
          },
    summary: {
      ...comparisonJson(report.summary),
      rateRatio:
        report.rateRatio === null
          ? null
          : {
              ratio: report.rateRatio.ratio === null ? null : round(report.rateRatio.ratio, 2),
              ci95: report.rateRatio.ci95.map((x) => (Number.isFinite(x) ? round(x, 2) : null)),
              pValue: sig(report.rateRatio.pValue),
              test: 'exact conditional (binomial) test of two Poisson rates, one-sided',
            },
    },
    periods: report.periods.map((p) => ({
      start: isoInZone(p.startMs, tz),
      end: isoInZone(p.endMs, tz),
      ...comparisonJson(p),
    })),
    missions: report.missions.map((m) => missionJson(m, files)),
    inputs: analysis.inputs.map(inputJson),
    parameters,
  };
}
