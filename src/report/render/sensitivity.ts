import type { Sensitivity, SensitivityCell } from '../../sensitivity.js';
import { formatDuration } from './numbers.js';
import { PLAIN, type Style } from './style.js';
import { textTable } from './text-table.js';

const HEADING = 'Sensitivity: missions in the window by --gap (rows) and --min-dwell (columns)';
const DEFINITIONS =
  '--gap: a reporting gap longer than this ends a sortie when no landing explains it; --min-dwell: time inside the region a sortie needs to count.';

function cellAt(s: Sensitivity, gapMs: number, minDwellMs: number): SensitivityCell | undefined {
  return s.cells.find((c) => c.gapMs === gapMs && c.minDwellMs === minDwellMs);
}

/** The note under the table: where the report's own parameters are, and what the two mean. */
function note(s: Sensitivity, marker: string): string {
  if (s.cells.some((c) => c.current))
    return `${marker}: the parameters of this report. ${DEFINITIONS}`;
  const own = `--gap ${formatDuration(s.currentGapMs)}, --min-dwell ${formatDuration(s.currentMinDwellMs)}`;
  return `The parameters of this report (${own}) are not in the table. ${DEFINITIONS}`;
}

const cellText = (c: SensitivityCell | undefined): string =>
  c === undefined ? '-' : c.current ? `[${c.missions}]` : String(c.missions);

/** The sensitivity table for the terminal, under the report. */
export function renderSensitivityText(s: Sensitivity, style: Style = PLAIN): string {
  const table = textTable(
    [
      { header: '--gap' },
      ...s.minDwellsMs.map((d) => ({
        header: `min-dwell ${formatDuration(d)}`,
        align: 'right' as const,
      })),
    ],
    s.gapsMs.map((g) => [
      formatDuration(g),
      ...s.minDwellsMs.map((d) => {
        const cell = cellAt(s, g, d);
        return cell?.current ? style.title(cellText(cell)) : cellText(cell);
      }),
    ]),
    style,
  );
  return `${style.title(HEADING)}\n\n${table}\n\n${style.dim(note(s, '[n]'))}\n`;
}

/** The sensitivity table as a Markdown section. */
export function renderSensitivityMarkdown(s: Sensitivity): string {
  const lines = [
    `## ${HEADING}`,
    '',
    `| --gap | ${s.minDwellsMs.map((d) => `min-dwell ${formatDuration(d)}`).join(' | ')} |`,
    `|---|${s.minDwellsMs.map(() => '--:').join('|')}|`,
    ...s.gapsMs.map(
      (g) =>
        `| ${formatDuration(g)} | ${s.minDwellsMs.map((d) => cellText(cellAt(s, g, d)).replace(/^\[(\d+)\]$/, '**$1**')).join(' | ')} |`,
    ),
    '',
    note(s, 'Bold'),
    '',
  ];
  return lines.join('\n');
}

/** `sensitivity` in the JSON report. */
export function sensitivityJson(s: Sensitivity) {
  return {
    gaps: s.gapsMs.map(formatDuration),
    minDwells: s.minDwellsMs.map(formatDuration),
    cells: s.cells.map((c) => ({
      gap: formatDuration(c.gapMs),
      minDwell: formatDuration(c.minDwellMs),
      missions: c.missions,
      aircraftDays: c.aircraftDays,
      current: c.current,
    })),
  };
}
