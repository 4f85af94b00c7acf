import type { Mission } from '../../missions/types.js';
import { summariseAircraft, type AircraftSummary } from '../aircraft-summary.js';
import { isoUtc } from '../periods.js';
import { mdCell } from './markup.js';
import { PLAIN, type Style } from './style.js';
import { textTable } from './text-table.js';

const shortTime = (ms: number): string => isoUtc(ms).slice(0, 16).replace('T', ' ');

/** Mission numbers as a compact list: 2, 3, 18. */
const numbers = (a: AircraftSummary): string => a.missionNumbers.join(', ');

/**
 * The window's missions per airframe, by plain name, for the text report: who flew, how often,
 * how long over the region, first and last seen. Nothing when there are no missions.
 */
export function renderAircraftText(missions: readonly Mission[], style: Style = PLAIN): string {
  const aircraft = summariseAircraft(missions);
  if (aircraft.length === 0) return '';
  const table = textTable(
    [
      { header: 'Aircraft' },
      { header: 'Address', dropOrder: 2 },
      { header: 'Missions', align: 'right' },
      { header: 'Hours in region', align: 'right' },
      { header: 'First seen (UTC)' },
      { header: 'Last seen (UTC)', dropOrder: 1 },
    ],
    aircraft.map((a) => [
      a.label,
      a.hex,
      String(a.missionNumbers.length),
      a.hoursInRegion.toFixed(1),
      shortTime(a.firstSeenMs),
      shortTime(a.lastSeenMs),
    ]),
    style,
  );
  return `${style.title(`Aircraft in the window (${aircraft.length}):`)}\n${table}\n`;
}

/** The same for the Markdown report, with the mission numbers (in order of first entry). */
export function renderAircraftMarkdown(missions: readonly Mission[]): string {
  const aircraft = summariseAircraft(missions);
  if (aircraft.length === 0) return '';
  return [
    `**Aircraft in the window (${aircraft.length})**`,
    '',
    '| Aircraft | Address | Missions | Mission numbers | Hours in region | First seen (UTC) | Last seen (UTC) |',
    '|---|---|--:|---|--:|---|---|',
    ...aircraft.map(
      (a) =>
        `| ${mdCell(a.label)} | ${a.hex} | ${a.missionNumbers.length} | ${numbers(a)} | ${a.hoursInRegion.toFixed(1)} | ${shortTime(a.firstSeenMs)} | ${shortTime(a.lastSeenMs)} |`,
    ),
    '',
    "Mission numbers count the window's missions in order of first entry into the region.",
    '',
  ].join('\n');
}
