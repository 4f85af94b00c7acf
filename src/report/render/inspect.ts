import {
  countDecision,
  DEFAULT_SELECTION,
  type OperatorSelection,
} from '../../aircraft/selection.js';
import { aircraftLabel } from '../../aircraft/plain-names.js';
import { inputWarnings } from '../verdict.js';
import type { Analysis } from '../../analyze.js';
import { isoUtc } from '../periods.js';
import { hexlessTrackJson, inputJson } from '../json.js';
import { thousands } from './numbers.js';
import { PLAIN, type Style } from './style.js';
import { textTable, type Column } from './text-table.js';
import type { InputSummary } from '../../ingest/collect.js';
import { recordsText } from '../fix-sources.js';
import { byCodeUnits } from '../../text-order.js';
import { badTimeForms } from '../../ingest/formats/time-forms.js';
import { remarkLines, sharedRemarks } from './inspect-groups.js';
import { archiveLines } from './archive-lines.js';

/**
 * The surveillance aircraft an input holds, split into those whose missions count under the
 * selection and those identified but left out (a NOAA P-3, a Coast Guard helicopter), with why.
 */
function identifiedIn(
  analysis: Analysis,
  hexes: Iterable<string>,
  selection: OperatorSelection,
): { counted: string[]; notCounted: { hex: string; text: string; reason: string }[] } {
  const counted: string[] = [];
  const notCounted: { hex: string; text: string; reason: string }[] = [];
  for (const h of [...hexes].sort()) {
    const id = analysis.identities.get(h);
    if (id === undefined) continue;
    const decision = countDecision(id, selection);
    if (decision.counts) counted.push(`${h} (${aircraftLabel(id)})`);
    else
      notCounted.push({
        hex: h,
        text: `${h} (${aircraftLabel(id)}; ${id.operatorClass})`,
        reason: decision.reason,
      });
  }
  return { counted, notCounted };
}

/** A file a directory walk left out by its name, and why. */
export interface PassedOverFile {
  readonly name: string;
  readonly reason: string;
}

/** `sortie inspect --format json`: schema sortie.inspect/1. */
export function inspectJson(
  analysis: Analysis,
  passedOver: readonly PassedOverFile[] = [],
  leftOut: readonly { readonly file: string; readonly reason: string }[] = [],
  selection: OperatorSelection = DEFAULT_SELECTION,
) {
  const outliers = analysis.trackStats.outliers;
  const duplicates = analysis.trackStats.duplicates;
  const files = analysis.inputs.map((i) => i.file);
  return {
    schema: 'sortie.inspect/1',
    warnings: inputWarnings(analysis.inputs),
    inputs: analysis.inputs.map((i, index) => ({
      ...inputJson(i),
      surveillanceAircraft: [...i.hexes].filter((h) => analysis.identities.has(h)).sort(),
      // Identified, but of a class (or country, or address) the selection leaves out.
      notCounted: identifiedIn(analysis, i.hexes, selection).notCounted.map(({ hex, reason }) => ({
        hex,
        reason,
      })),
      outliersDropped: outliers.get(index) ?? 0,
      duplicateReports: duplicates.get(index) ?? 0,
    })),
    tracksWithoutAddress: analysis.hexlessTracks.map((t) => hexlessTrackJson(t, files)),
    passedOver: passedOver.map((f) => ({ file: f.name, reason: f.reason })),
    archivesLeftOut: leftOut.map((f) => ({ file: f.file, reason: f.reason })),
  };
}

const shortTime = (ms: number): string => isoUtc(ms).slice(0, 16).replace('T', ' ');

/** Inputs whose positions carry no address, as a table: tied to an airframe, or why not. */
export function renderHexlessTracks(
  analysis: Analysis,
  onlyUnidentified: boolean,
  style: Style = PLAIN,
): string {
  const tracks = analysis.hexlessTracks.filter((t) => !onlyUnidentified || t.hex === null);
  if (tracks.length === 0) return '';
  const table = textTable(
    [
      { header: 'File' },
      { header: 'Callsign' },
      { header: 'From (UTC)' },
      { header: 'To (UTC)' },
      { header: 'Fixes', align: 'right' },
      { header: 'Address' },
      { header: 'Why' },
    ],
    tracks.map((t) => [
      `${analysis.inputs[t.fileIndex]?.file ?? `#${t.fileIndex}`}${t.member === null ? '' : `:${t.member}`}`,
      t.callsigns.join(' ') || '-',
      shortTime(t.fromMs),
      shortTime(t.toMs),
      thousands(t.positions),
      t.hex ?? 'unidentified',
      t.reason,
    ]),
    style,
  );
  const title = onlyUnidentified
    ? 'Unidentified tracks (no ICAO address; never counted as missions):'
    : 'Tracks without an ICAO address in their input:';
  return `${style.title(title)}\n${table}\n`;
}

/** The columns of an input's accounting, in `inspect`'s table and `db load`'s. */
export const ACCOUNT_COLUMNS: readonly Column[] = [
  { header: 'File' },
  { header: 'Format' },
  { header: 'Rows', align: 'right' },
  { header: 'Used', align: 'right' },
  { header: 'Skipped', align: 'right' },
  { header: 'From (UTC)' },
  { header: 'To (UTC)' },
  { header: 'Aircraft', align: 'right' },
];

/** The formats of an archive whose members are of more than one (a list to print), else null. */
function mixedFormats(i: InputSummary): string | null {
  const formats = i.archive?.formats ?? [];
  return formats.length > 1 ? formats.join(', ') : null;
}

/** One input's cells under ACCOUNT_COLUMNS. */
export function accountCells(i: InputSummary): string[] {
  return [
    i.file,
    mixedFormats(i) === null ? (i.format ?? (i.error ? 'error' : 'empty')) : 'mixed',
    thousands(i.rows),
    thousands(i.used),
    thousands(i.rows - i.used),
    i.fromMs === null ? '-' : isoUtc(i.fromMs).slice(0, 16).replace('T', ' '),
    i.toMs === null ? '-' : isoUtc(i.toMs).slice(0, 16).replace('T', ' '),
    thousands(i.aircraft),
  ];
}

/**
 * `sortie inspect` for people: a table and a block per input read as data; remarks several inputs
 * share, and the files that are not flight data, once each with a count.
 */
export function renderInspectText(
  analysis: Analysis,
  passedOver: readonly PassedOverFile[] = [],
  style: Style = PLAIN,
  leftOut: readonly { readonly file: string; readonly reason: string }[] = [],
  selection: OperatorSelection = DEFAULT_SELECTION,
): string {
  const data = analysis.inputs.filter((i) => !i.notFlightData);
  const remarks = data.flatMap((i) => i.notes.map((text) => ({ file: i.file, text })));
  const shared = sharedRemarks(remarks);
  const table = textTable(ACCOUNT_COLUMNS, data.map(accountCells), style);
  const notes: string[] = [];
  analysis.inputs.forEach((i, index) => {
    if (i.notFlightData) return;
    const lines: string[] = i.archive === undefined ? [] : archiveLines(i.archive);
    if (i.error)
      lines.push(`  error${i.error.line ? ` at line ${i.error.line}` : ''}: ${i.error.message}`);
    for (const [reason, s] of Object.entries(i.skipped).sort(([a], [b]) => byCodeUnits(a, b))) {
      // A bad time says which forms would have been read.
      // (Of one format: the members of a mixed archive each read their own.)
      const forms =
        reason === 'bad time'
          ? `; ${badTimeForms(mixedFormats(i) === null ? i.format : null)}`
          : '';
      lines.push(
        `  skipped ${thousands(s.count)} × ${reason} (first at ${recordsText(i, s.firstLines)}${forms})`,
      );
    }
    const out = analysis.trackStats.outliers.get(index);
    if (out)
      lines.push(`  ${out} fix${out === 1 ? '' : 'es'} dropped as speed outliers (> 1,200 kt)`);
    const dup = analysis.trackStats.duplicates.get(index);
    if (dup)
      lines.push(
        `  ${dup} report${dup === 1 ? '' : 's'} folded into the same fix from another report`,
      );
    const otherUses = Object.entries(i.usedAs)
      .filter(([what]) => what !== 'position')
      .sort(([a], [b]) => byCodeUnits(a, b));
    if (otherUses.length > 0) {
      lines.push(
        `  used as ${otherUses.map(([what, n]) => `${what} × ${thousands(n)}`).join(', ')}${i.usedAs.position ? `, position × ${thousands(i.usedAs.position)}` : ''}`,
      );
    }
    for (const note of i.notes) if (!shared.has(note)) lines.push(`  note: ${note}`);
    const ids = identifiedIn(analysis, i.hexes, selection);
    if (ids.counted.length > 0) lines.push(`  surveillance aircraft: ${ids.counted.join(', ')}`);
    if (ids.notCounted.length > 0) {
      const classes = [...selection.classes].join(',');
      lines.push(
        `  identified, not counted (--operators ${classes}${selection.countries === null ? '' : ` --country ${[...selection.countries].join(',')}`}): ${ids.notCounted.map((n) => n.text).join(', ')}`,
      );
    }
    notes.push(
      style.title(
        mixedFormats(i) !== null
          ? `${i.file} (members of ${mixedFormats(i)})`
          : `${i.file} (${i.format ?? 'unknown format'}${i.detectedBy ? `; ${i.detectedBy}` : ''})`,
      ),
      ...lines,
    );
  });
  const hexless = renderHexlessTracks(analysis, false, style);
  const sharedNotes = remarkLines(remarks.filter((r) => shared.has(r.text)));
  const others = remarkLines(
    [
      ...analysis.inputs.flatMap((i) =>
        i.notFlightData ? [{ file: i.file, text: i.notFlightData }] : [],
      ),
      ...passedOver.map((f) => ({ file: f.name, text: f.reason })),
    ].sort((a, b) => byCodeUnits(a.file, b.file)),
  );
  const section = (title: string, lines: readonly string[]): string =>
    lines.length === 0 ? '' : `\n${title}\n${lines.join('\n')}\n`;
  return (
    `${table}\n${notes.length > 0 ? '\n' + notes.join('\n') + '\n' : ''}` +
    section('Notes on several files:', sharedNotes) +
    section('Not flight data (not read):', others) +
    section(
      'Archives left out (another copy of the same release or day is read):',
      leftOut.map((f) => `  ${f.file}: ${f.reason}`),
    ) +
    `${hexless ? '\n' + hexless : ''}`
  );
}
