/** An archive input's members, damage and choice: lines for `inspect`, its JSON, and warnings. */
import type { ArchiveSummary } from '../../ingest/archive/members.js';
import type { InputSummary } from '../../ingest/collect.js';
import { plural, thousands } from './numbers.js';

const baseName = (file: string): string =>
  file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);

/** The damage found, as a phrase (empty when none). */
export function damageText(a: ArchiveSummary): string {
  const d = a.damage;
  const parts: string[] = [];
  if (d.resyncs > 0)
    parts.push(`${plural(d.resyncs, 'resync')} (${plural(d.bytesSkipped, 'byte')} skipped)`);
  else if (d.bytesSkipped > 0) parts.push(`${plural(d.bytesSkipped, 'byte')} skipped`);
  if (d.cut > 0) parts.push(`${plural(d.cut, 'member')} cut short`);
  if (d.unreadable > 0) parts.push(`${plural(d.unreadable, 'member')} unreadable`);
  if (d.noEndMarker) parts.push('no end-of-archive marker (the data ends early)');
  return parts.join(', ');
}

/** Indented lines under an archive input in `inspect`. */
export function archiveLines(a: ArchiveSummary): string[] {
  const m = a.members;
  const what =
    a.kind === 'globe-history'
      ? 'readsb day folder (a globe_history day, or a release extracted)'
      : `${a.kind}${a.parts.length > 1 ? `, ${a.parts.length} parts (${a.parts.map(baseName).join(', ')})` : ''}`;
  const lines = [
    `  archive: ${what}${a.day === null ? '' : `, day ${a.day} (UTC)`}`,
    `  members: ${thousands(m.entries)} found = ${thousands(m.read)} read + ${thousands(m.skipped)} skipped by selection + ${thousands(m.notFlightData)} not flight data + ${thousands(m.damaged)} damaged`,
  ];
  const damage = damageText(a);
  if (damage !== '') {
    lines.push(
      `  damage: ${damage}${a.damage.examples.length > 0 ? `; e.g. ${a.damage.examples.join(', ')}` : ''}`,
    );
  }
  if (a.incomplete !== undefined) lines.push(`  possibly incomplete: ${a.incomplete}`);
  if (a.choice !== undefined) {
    lines.push(`  chosen: ${a.choice.why}`);
    for (const f of a.choice.leftOut) lines.push(`  left out: ${f.file}: ${f.reason}`);
  }
  return lines;
}

/** The `archive` object of an input in JSON (null for inputs that are not archives). */
export function archiveJson(a: ArchiveSummary | undefined) {
  if (a === undefined) return null;
  return {
    kind: a.kind,
    parts: a.parts,
    day: a.day,
    members: { ...a.members },
    damage: {
      resyncs: a.damage.resyncs,
      bytesSkipped: a.damage.bytesSkipped,
      membersCut: a.damage.cut,
      membersUnreadable: a.damage.unreadable,
      membersReadInPart: a.damage.readInPart ?? 0,
      noEndMarker: a.damage.noEndMarker,
      examples: a.damage.examples,
    },
    incomplete: a.incomplete ?? null,
    formats: a.formats ?? [],
    choice: a.choice === undefined ? null : { why: a.choice.why, leftOut: a.choice.leftOut },
  };
}

/** Archives damaged or possibly incomplete: members lost may hold missions not counted. */
export function archiveWarnings(inputs: readonly InputSummary[]): string[] {
  const out: string[] = [];
  for (const i of inputs) {
    const a = i.archive;
    if (a === undefined) continue;
    const damage = damageText(a);
    if (damage !== '') out.push(`${i.file} is damaged (${damage}): ${lossText(a)}.`);
    if (a.incomplete !== undefined) out.push(`${i.file} may be incomplete: ${a.incomplete}.`);
    const elsewhere = dayElsewhere(i);
    if (elsewhere !== null) out.push(elsewhere);
  }
  return out;
}

/** What a damaged archive's reader lost, and what of it was read before the damage showed. */
function lossText(a: ArchiveSummary): string {
  const inPart = Math.min(a.damage.readInPart ?? 0, a.members.damaged);
  const lost = a.members.damaged - inPart;
  const parts: string[] = [];
  if (lost > 0) parts.push(`${plural(lost, 'member')} lost`);
  if (inPart > 0) {
    parts.push(
      `${plural(inPart, 'member')} read only up to the damage (${inPart === 1 ? 'its' : 'their'} rows before it are kept)`,
    );
  }
  const said = parts.join(' and ');
  const missing =
    a.damage.bytesSkipped === 0
      ? said
      : `${said === '' ? 'members' : `${said}, and others`} may be missing in the bytes skipped`;
  return `${missing === '' ? 'no member lost' : missing}; missions in what is lost are not counted`;
}

const HOUR_MS = 3_600_000;

/**
 * A day archive whose fixes lie outside the day its name holds (a release misnamed or mislabelled):
 * the days held, and so the days missing, are judged by the name. An hour's slack either side.
 */
function dayElsewhere(i: InputSummary): string | null {
  const day = i.archive?.day ?? null;
  if (day === null || i.fromMs === null || i.toMs === null) return null;
  const startMs = Date.parse(`${day}T00:00:00Z`);
  if (i.fromMs >= startMs - HOUR_MS && i.toMs < startMs + 25 * HOUR_MS) return null;
  const at = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  if (i.archive?.dayFromTraces === true) {
    return `${i.file} is dated ${day} by its first traces, but its fixes run from ${at(i.fromMs)} to ${at(i.toMs)} UTC: it holds more than that day, which is taken for the days held and missing; name it after its release, or keep one day a folder.`;
  }
  return `${i.file} is named for ${day}, but its fixes run from ${at(i.fromMs)} to ${at(i.toMs)} UTC: the day it holds is taken from its name (for the days held and missing); check its name.`;
}
