import type { Analysis } from '../../analyze.js';
import { isoUtc } from '../periods.js';
import { inputJson } from '../json.js';
import { thousands } from './numbers.js';
import { textTable } from './text-table.js';

/** Surveillance aircraft among those an input carries, as `hex (type reg)`. */
function identifiedIn(analysis: Analysis, hexes: ReadonlySet<string>): string[] {
  return [...hexes]
    .filter((h) => analysis.identities.has(h))
    .sort()
    .map((h) => {
      const id = analysis.identities.get(h);
      return `${h} (${id?.type ?? '?'} ${id?.registration ?? '?'})`;
    });
}

/** `sortie inspect --format json`: schema sortie.inspect/1. */
export function inspectJson(analysis: Analysis) {
  const outliers = analysis.trackStats.outliers;
  const duplicates = analysis.trackStats.duplicates;
  return {
    schema: 'sortie.inspect/1',
    inputs: analysis.inputs.map((i, index) => ({
      ...inputJson(i),
      surveillanceAircraft: [...i.hexes].filter((h) => analysis.identities.has(h)).sort(),
      outliersDropped: outliers.get(index) ?? 0,
      duplicateReports: duplicates.get(index) ?? 0,
    })),
  };
}

/** `sortie inspect` for people: one block per input. */
export function renderInspectText(analysis: Analysis): string {
  const table = textTable(
    [
      { header: 'File' },
      { header: 'Format' },
      { header: 'Rows', align: 'right' },
      { header: 'Used', align: 'right' },
      { header: 'Skipped', align: 'right' },
      { header: 'From (UTC)' },
      { header: 'To (UTC)' },
      { header: 'Aircraft', align: 'right' },
    ],
    analysis.inputs.map((i) => [
      i.file,
      i.format ?? (i.error ? 'error' : 'empty'),
      thousands(i.rows),
      thousands(i.used),
      thousands(i.rows - i.used),
      i.fromMs === null ? '-' : isoUtc(i.fromMs).slice(0, 16).replace('T', ' '),
      i.toMs === null ? '-' : isoUtc(i.toMs).slice(0, 16).replace('T', ' '),
      thousands(i.aircraft),
    ]),
  );
  const notes: string[] = [];
  analysis.inputs.forEach((i, index) => {
    const lines: string[] = [];
    if (i.error)
      lines.push(`  error${i.error.line ? ` at line ${i.error.line}` : ''}: ${i.error.message}`);
    for (const [reason, s] of Object.entries(i.skipped).sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(
        `  skipped ${thousands(s.count)} × ${reason} (first at line ${s.firstLines.join(', ')})`,
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
    const ids = identifiedIn(analysis, i.hexes);
    if (ids.length > 0) lines.push(`  surveillance aircraft: ${ids.join(', ')}`);
    if (lines.length > 0)
      notes.push(
        `${i.file} (${i.format ?? 'unknown format'}${i.detectedBy ? `, detected by ${i.detectedBy}` : ''})`,
        ...lines,
      );
  });
  return `${table}\n${notes.length > 0 ? '\n' + notes.join('\n') + '\n' : ''}`;
}
