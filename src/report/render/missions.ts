import type { Mission } from '../../missions/types.js';
import { isoUtc } from '../periods.js';
import { traceLinks } from '../json.js';
import { toCsv } from './csv.js';
import { mdCell } from './report-md.js';
import { textTable } from './text-table.js';

const shortTime = (ms: number): string => isoUtc(ms).slice(0, 16).replace('T', ' ');
const where = (files: readonly string[], f: { fileIndex: number; line: number }): string =>
  `${files[f.fileIndex] ?? '#' + f.fileIndex}:${f.line}`;

/** `sortie missions` as a terminal table, one line per mission. */
export function renderMissionsText(missions: readonly Mission[], files: readonly string[]): string {
  if (missions.length === 0) return 'No missions.\n';
  const table = textTable(
    [
      { header: 'Mission' },
      { header: 'Type' },
      { header: 'Reg' },
      { header: 'Callsigns' },
      { header: 'First entry (UTC)' },
      { header: 'Last exit (UTC)' },
      { header: 'Min in', align: 'right' },
      { header: 'Max ft', align: 'right' },
      { header: 'Fixes', align: 'right' },
      { header: 'Files', align: 'right' },
      { header: 'Identified by' },
    ],
    missions.map((m) => [
      m.id,
      m.aircraft.type ?? '?',
      m.aircraft.registration ?? '?',
      m.callsigns.join(' ') || '-',
      shortTime(m.firstEntry.timeMs),
      shortTime(m.lastExit.timeMs),
      m.minutesInRegion.toFixed(0),
      m.maxAltitudeFt === null ? '-' : String(Math.round(m.maxAltitudeFt)),
      String(m.positions),
      String(m.sourceFiles.length),
      m.aircraft.identifiedBy,
    ]),
  );
  const evidence = missions.map(
    (m) =>
      `${m.id}: sortie ${shortTime(m.sortieStartMs)} (${m.startedBy}) to ${shortTime(m.sortieEndMs)} (${m.endedBy}); ` +
      `entry ${where(files, m.firstEntry)}, exit ${where(files, m.lastExit)}; ${traceLinks(m).adsbexchange}`,
  );
  return `${table}\n\nEvidence:\n${evidence.join('\n')}\n`;
}

const MISSION_CSV_HEADER = [
  'id',
  'hex',
  'registration',
  'type',
  'operator',
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
];

/** `sortie missions --format csv`. */
export function renderMissionsCsv(missions: readonly Mission[], files: readonly string[]): string {
  return toCsv(
    MISSION_CSV_HEADER,
    missions.map((m) => [
      m.id,
      m.aircraft.hex,
      m.aircraft.registration ?? '',
      m.aircraft.type ?? '',
      m.aircraft.operator ?? '',
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
      m.sourceFiles.map((i) => files[i] ?? `#${i}`).join(';'),
      where(files, m.firstEntry),
      where(files, m.lastExit),
      traceLinks(m).adsbexchange,
    ]),
  );
}

/** `sortie missions --format md`. */
export function renderMissionsMarkdown(
  missions: readonly Mission[],
  files: readonly string[],
): string {
  const lines = [
    '| Mission | Type | Registration | Callsigns | First entry (UTC) | Last exit (UTC) | Minutes in region | Evidence |',
    '|---|---|---|---|---|---|--:|---|',
  ];
  for (const m of missions) {
    lines.push(
      `| ${m.id} | ${mdCell(m.aircraft.type ?? '?')} | ${mdCell(m.aircraft.registration ?? '?')} | ${mdCell(m.callsigns.join(' '))} | ${shortTime(m.firstEntry.timeMs)} | ${shortTime(m.lastExit.timeMs)} | ${m.minutesInRegion.toFixed(0)} | ${mdCell(where(files, m.firstEntry))} [trace](${traceLinks(m).adsbexchange}) |`,
    );
  }
  return lines.join('\n') + '\n';
}
