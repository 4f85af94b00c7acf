import {
  aircraftLabel,
  airframeTypeName,
  airframeVariant,
  shortOperator,
} from '../../aircraft/plain-names.js';
import type { Mission } from '../../missions/types.js';
import { countAircraftDays } from '../build-report.js';
import { isoUtc } from '../periods.js';
import { whereText as where, type FixSources } from '../fix-sources.js';
import { traceLinks } from '../json.js';
import { toCsv } from './csv.js';
import { mdCell } from './report-md.js';
import { PLAIN, type Style } from './style.js';
import { textTable } from './text-table.js';

const shortTime = (ms: number): string => isoUtc(ms).slice(0, 16).replace('T', ' ');

/** `USN US`: the operator as forces are known, and its country. */
export function operatorCell(m: Mission): string {
  const country = m.aircraft.country === null ? '' : ` ${m.aircraft.country}`;
  return `${shortOperator(m.aircraft.operator) ?? '-'}${country}`;
}

/** `international (20.5 NM)`: the verdict and the closest approach to land. */
export function airspaceText(m: Mission): string {
  const t = m.territorial;
  if (t === null) return '-';
  return t.closestNm === null ? t.verdict : `${t.verdict} (${t.closestNm.toFixed(1)} NM)`;
}

/** The pattern and territorial evidence of a mission, and any address change, as text lines. */
export function missionDetailLines(m: Mission, sources: FixSources): string[] {
  const pm = m.patternMetrics;
  const lines = [
    `pattern ${m.pattern}: ${Math.abs(pm.turns)} net turns ${pm.turns < 0 ? 'anticlockwise' : 'clockwise'} (${Math.round(pm.turnConsistency * 100)}% of turning that way), ` +
      `${pm.lengthKm} x ${pm.widthKm} km, ${pm.pathKm} km flown, straightness ${pm.straightness}, revisits ${pm.revisits}`,
  ];
  const t = m.territorial;
  if (t !== null) {
    const closest =
      t.closestKm === null || t.closestNm === null || t.closestFix === null
        ? 'no fix covered by the coastline data'
        : `closest to land ${t.closestNm.toFixed(1)} NM (${t.closestKm.toFixed(1)} km) at ${where(sources, t.closestFix)} ${shortTime(t.closestFix.timeMs)}`;
    lines.push(
      `airspace ${t.verdict}: ${closest}; ${t.minutesWithin12Nm.toFixed(0)} min within 12 NM; ` +
        `${t.minutesUnobserved.toFixed(0)} min unobserved (steps over 5 min)` +
        (t.fixesNotCovered > 0 ? `; ${t.fixesNotCovered} fixes outside the coastline data` : ''),
    );
  }
  for (const c of m.hexChanges) {
    lines.push(
      `address change ${c.fromHex} -> ${c.toHex}: ${where(sources, c.before)} ${shortTime(c.before.timeMs)} to ` +
        `${where(sources, c.after)} ${shortTime(c.after.timeMs)}, ${Math.round(c.gapMs / 1000)} s, ` +
        `${c.distanceKm.toFixed(1)} km (${Math.round(c.impliedSpeedKt)} kt), callsign ${c.callsign}, type ${c.type}` +
        (c.transitions > 1 ? `, ${c.transitions} transitions (reported under both)` : ''),
    );
  }
  return lines;
}

/** `sortie missions` as a terminal table, one line per mission. */
export function renderMissionsText(
  missions: readonly Mission[],
  sources: FixSources,
  style: Style = PLAIN,
  whyNone = 'No missions.',
  tz = 'UTC',
): string {
  if (missions.length === 0) return `${whyNone}\n`;
  const table = textTable(
    [
      { header: 'Mission' },
      { header: 'Type' },
      { header: 'Operator' },
      { header: 'Reg', dropOrder: 8 },
      { header: 'Callsigns', dropOrder: 5 },
      { header: 'First entry (UTC)' },
      { header: 'Last exit (UTC)', dropOrder: 4 },
      { header: 'Min in', align: 'right' },
      { header: 'Max ft', align: 'right', dropOrder: 3 },
      { header: 'Fixes', align: 'right', dropOrder: 2 },
      { header: 'Files', align: 'right', dropOrder: 1 },
      { header: 'Pattern', dropOrder: 6 },
      { header: 'Airspace', dropOrder: 7 },
    ],
    missions.map((m) => [
      m.id,
      airframeVariant(m.aircraft.type, m.aircraft.description),
      operatorCell(m),
      m.aircraft.registration ?? '?',
      m.callsigns.join(' ') || '-',
      shortTime(m.firstEntry.timeMs),
      shortTime(m.lastExit.timeMs),
      m.minutesInRegion.toFixed(0),
      m.maxAltitudeFt === null ? '-' : String(Math.round(m.maxAltitudeFt)),
      String(m.positions),
      String(m.sourceFiles.length),
      m.pattern,
      airspaceText(m),
    ]),
    style,
  );
  const evidence = missions.flatMap((m) => [
    `${m.id}: ${aircraftLabel(m.aircraft)} (${m.aircraft.type ?? 'no type'}, ${m.aircraft.hex}), identified by ${m.aircraft.identifiedBy}`,
    `  sortie ${shortTime(m.sortieStartMs)} (${m.startedBy}) to ${shortTime(m.sortieEndMs)} (${m.endedBy}); ` +
      `entry ${where(sources, m.firstEntry)}, exit ${where(sources, m.lastExit)}; ${traceLinks(m).adsbexchange}`,
    ...missionDetailLines(m, sources).map((l) => `  ${l}`),
  ]);
  return `${table}\n\n${floorLine(missions, tz)}\n\n${style.title('Evidence:')}\n${evidence.join('\n')}\n`;
}

/** The count and its conservative floor: distinct aircraft and dates (in `tz`) of first entry. */
function floorLine(missions: readonly Mission[], tz: string): string {
  const days = countAircraftDays(missions, tz);
  const dates = tz === 'UTC' ? 'UTC dates' : `dates (${tz})`;
  return `${missions.length} mission${missions.length === 1 ? '' : 's'}, ${days} aircraft-day${days === 1 ? '' : 's'} (distinct aircraft and ${dates} of first entry into the region, the conservative floor).`;
}

const MISSION_CSV_HEADER = [
  'id',
  'hex',
  'registration',
  'type',
  'operator',
  'operator_class',
  'country',
  'watched_by',
  'callsigns',
  'identified_by',
  'sortie_start',
  'sortie_end',
  'started_by',
  'ended_by',
  'first_entry',
  'last_exit',
  'minutes_in_region',
  'max_altitude_ft',
  'positions',
  'duplicate_reports',
  'sources',
  'first_entry_source',
  'last_exit_source',
  'trace_link',
  'pattern',
  'territorial',
  'closest_nm',
  'minutes_within_12nm',
  'minutes_unobserved',
  'hex_changes',
  'utc_dates_in_region',
  'type_name',
];

/** `sortie missions --format csv`. */
export function renderMissionsCsv(missions: readonly Mission[], sources: FixSources): string {
  return toCsv(
    MISSION_CSV_HEADER,
    missions.map((m) => [
      m.id,
      m.aircraft.hex,
      m.aircraft.registration ?? '',
      m.aircraft.type ?? '',
      m.aircraft.operator ?? '',
      m.aircraft.operatorClass,
      m.aircraft.country ?? '',
      m.aircraft.watchedBy ?? '',
      m.callsigns.join(' '),
      m.aircraft.identifiedBy,
      isoUtc(m.sortieStartMs),
      isoUtc(m.sortieEndMs),
      m.startedBy,
      m.endedBy,
      isoUtc(m.firstEntry.timeMs),
      isoUtc(m.lastExit.timeMs),
      Number(m.minutesInRegion.toFixed(1)),
      m.maxAltitudeFt === null ? '' : Math.round(m.maxAltitudeFt),
      m.positions,
      m.duplicateReports,
      m.sourceFiles.map((i) => sources.files[i] ?? `#${i}`).join(';'),
      where(sources, m.firstEntry),
      where(sources, m.lastExit),
      traceLinks(m).adsbexchange,
      m.pattern,
      m.territorial?.verdict ?? '',
      m.territorial?.closestNm == null ? '' : Number(m.territorial.closestNm.toFixed(1)),
      m.territorial === null ? '' : Number(m.territorial.minutesWithin12Nm.toFixed(1)),
      m.territorial === null ? '' : Number(m.territorial.minutesUnobserved.toFixed(1)),
      m.hexChanges.map((c) => `${c.fromHex}>${c.toHex}@${isoUtc(c.after.timeMs)}`).join(';'),
      m.utcDatesInRegion.join(';'),
      airframeTypeName(m.aircraft.type, m.aircraft.description),
    ]),
  );
}

/** `sortie missions --format md`. */
export function renderMissionsMarkdown(
  missions: readonly Mission[],
  sources: FixSources,
  whyNone = 'No missions.',
  tz = 'UTC',
): string {
  const lines = [
    '| Mission | Aircraft | Operator | Registration | Callsigns | First entry (UTC) | Last exit (UTC) | Minutes in region | Pattern | Airspace | Evidence |',
    '|---|---|---|---|---|---|---|--:|---|---|---|',
  ];
  for (const m of missions) {
    lines.push(
      `| ${m.id} | ${mdCell(airframeTypeName(m.aircraft.type, m.aircraft.description))} | ${mdCell(operatorCell(m))} | ${mdCell(m.aircraft.registration ?? '?')} | ${mdCell(m.callsigns.join(' '))} | ${shortTime(m.firstEntry.timeMs)} | ${shortTime(m.lastExit.timeMs)} | ${m.minutesInRegion.toFixed(0)} | ${m.pattern} | ${mdCell(airspaceText(m))} | ${mdCell(where(sources, m.firstEntry))} [trace](${traceLinks(m).adsbexchange}) |`,
    );
  }
  lines.push('', missions.length === 0 ? whyNone : floorLine(missions, tz));
  const details = missions.flatMap((m) =>
    missionDetailLines(m, sources).map((l) => `- ${m.id}: ${mdCell(l)}`),
  );
  if (details.length > 0) lines.push('', ...details);
  return lines.join('\n') + '\n';
}
