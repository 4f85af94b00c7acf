/**
 * One adsb.lol day read by several threads at once: its tar cut into byte ranges, each walked on
 * its own from the first header found after its start (TarSpec.range), and the ranges' reads
 * joined into the read of the whole day. The join checks that every range started where the walk
 * of the one before it stopped; where one did not (a header-like block inside a member, damage
 * across a cut), the caller reads the day whole instead, so the result never depends on the cut.
 */
import { mergeEvidence, noCounts, type AircraftEvidence, type InputSummary } from '../collect.js';
import type { CoveredHours, EdgeFix } from '../../coverage/coverage.js';
import { FixStore } from '../fix-store.js';
import { addRangeCounts, relocate, type SourceResult } from '../source-result.js';
import type { Position } from '../types.js';
import { EXAMPLES_KEPT, type ArchiveSummary } from './members.js';
import type { ArchiveSpec, TarSpec } from './read-archive.js';
import { SPLIT_DAY_MIN_BYTES } from './releases.js';

/** The archive is an adsb.lol day tar big enough (`minBytes`) to be read by several threads. */
export function splitsIntoRanges(
  spec: ArchiveSpec,
  minBytes: number = SPLIT_DAY_MIN_BYTES,
): spec is TarSpec {
  if (spec.kind !== 'tar' || spec.day === null || spec.range !== undefined) return false;
  return spec.parts.reduce((n, p) => n + p.size, 0) >= minBytes;
}

/** The hours of the ranges joined: per hour the earliest first fix and the latest last fix. */
function joinCoverage(parts: readonly (readonly CoveredHours[])[]): CoveredHours[] {
  const boxes = parts[0]?.length ?? 0;
  const out: CoveredHours[] = [];
  for (let box = 0; box < boxes; box += 1) {
    const hours = new Set<number>();
    const other = new Set<number>();
    const edges = new Map<number, { first: EdgeFix; last: EdgeFix }>();
    let known = true;
    const extent = [Infinity, Infinity, -Infinity, -Infinity];
    for (const part of parts) {
      const c = part[box];
      if (c === undefined) continue;
      for (const h of c.otherTrafficHours) other.add(h);
      if (c.hours.length > 0 && (c.edges === undefined || c.extent === undefined)) known = false;
      for (const [i, h] of c.hours.entries()) {
        hours.add(h);
        const e = c.edges?.[i];
        if (e === undefined) continue;
        const had = edges.get(h);
        // As one collector adds them in reading order: an earlier first, a last at or after.
        if (had === undefined) edges.set(h, { first: e.first, last: e.last });
        else {
          if (e.first.timeMs < had.first.timeMs) had.first = e.first;
          if (e.last.timeMs >= had.last.timeMs) had.last = e.last;
        }
      }
      if (c.extent !== undefined) {
        extent[0] = Math.min(extent[0] as number, c.extent[0]);
        extent[1] = Math.min(extent[1] as number, c.extent[1]);
        extent[2] = Math.max(extent[2] as number, c.extent[2]);
        extent[3] = Math.max(extent[3] as number, c.extent[3]);
      }
    }
    const all = [...hours].sort((a, b) => a - b);
    out.push({
      hours: all,
      otherTrafficHours: [...other].sort((a, b) => a - b),
      ...(known && all.length > 0
        ? {
            edges: all.map((h) => edges.get(h) as { first: EdgeFix; last: EdgeFix }),
            extent: extent as unknown as readonly [number, number, number, number],
          }
        : {}),
    });
  }
  return out;
}

/** The ranges' archive summaries as one: counts added, lists joined in order. */
function joinArchiveSummaries(archives: readonly ArchiveSummary[]): ArchiveSummary {
  const first = archives[0] as ArchiveSummary;
  const members = { entries: 0, read: 0, skipped: 0, notFlightData: 0, damaged: 0 };
  const damage = { ...first.damage, resyncs: 0, bytesSkipped: 0, cut: 0, unreadable: 0 };
  damage.examples = [];
  const stampedMembers: string[] = [];
  const readMembers =
    first.readMembers === undefined
      ? undefined
      : { names: [] as string[], recordsBefore: [] as number[] };
  let records = 0;
  for (const a of archives) {
    for (const key of Object.keys(members) as (keyof typeof members)[])
      members[key] += a.members[key];
    damage.resyncs += a.damage.resyncs;
    damage.bytesSkipped += a.damage.bytesSkipped;
    damage.cut += a.damage.cut;
    damage.unreadable += a.damage.unreadable;
    if (a.damage.readInPart !== undefined)
      damage.readInPart = (damage.readInPart ?? 0) + a.damage.readInPart;
    damage.noEndMarker ||= a.damage.noEndMarker;
    for (const e of a.damage.examples)
      if (damage.examples.length < EXAMPLES_KEPT) damage.examples.push(e);
    stampedMembers.push(...a.stampedMembers);
    if (readMembers !== undefined && a.readMembers !== undefined) {
      readMembers.names.push(...a.readMembers.names);
      for (const r of a.readMembers.recordsBefore) readMembers.recordsBefore.push(r + records);
    }
    records += a.walked?.records ?? 0;
  }
  const formats = [...new Set(archives.flatMap((a) => a.formats ?? []))];
  const joined: ArchiveSummary = {
    ...first,
    members,
    damage,
    stampedMembers,
    readMembers,
    formats: formats.length > 0 ? formats : undefined,
  };
  delete joined.walked;
  return joined;
}

/**
 * The reads of a day's byte ranges, in order, joined into the read of the whole day: record
 * numbers shifted by the records of the ranges before, counts added, lists joined. Null when the
 * ranges' walks do not join up (a range started elsewhere than where the one before stopped), or a
 * range read something only a whole read gives exactly (an error, a member of another kind of data
 * than traces: its format, counts in bulk and FR24 companions depend on what came before): read the
 * day whole then.
 */
export function joinArchiveRanges(
  parts: readonly SourceResult[],
  fileIndex: number,
): SourceResult | null {
  const first = parts[0];
  if (first === undefined) return null;
  const walks = parts.map((p) => p.summary.archive?.walked);
  for (const [k, p] of parts.entries()) {
    const s = p.summary;
    // Only traces read (no CSV's counts in bulk, no FR24 companions, one format): else read whole.
    const walk = walks[k];
    if (s.error !== null || walk === undefined || walk.otherData > 0) return null;
    const before = walks[k - 1];
    if (before !== undefined && before.stoppedAt !== walks[k]?.startedAt) return null;
  }
  // The first range starts at the archive's start; the last stops at its end.
  if (walks[0]?.startedAt !== 0 || walks[walks.length - 1]?.stoppedAt !== null) return null;
  // The traces' format, said by the ranges that read a trace.
  const said = parts.find((p) => p.summary.format !== null)?.summary ?? first.summary;
  const summary: InputSummary = {
    ...first.summary,
    format: said.format,
    detectedBy: said.detectedBy,
    ...noCounts(),
    archive: joinArchiveSummaries(parts.map((p) => p.summary.archive as ArchiveSummary)),
  };
  const positions = new FixStore();
  const waiting: Position[] = [];
  const evidence = new Map<string, AircraftEvidence>();
  let offset = 0;
  for (const [k, part] of parts.entries()) {
    const s = part.summary;
    summary.rows += s.rows;
    summary.used += s.used;
    for (const [what, n] of Object.entries(s.usedAs))
      summary.usedAs[what] = (summary.usedAs[what] ?? 0) + n;
    addRangeCounts(summary, s, s.skipped, offset);
    for (const note of s.notes) if (!summary.notes.includes(note)) summary.notes.push(note);
    positions.append(part.positions, { fileIndex, lineOffset: offset });
    for (const p of relocate(part.waiting, fileIndex, offset)) waiting.push(p);
    mergeEvidence(evidence, part.evidence);
    offset += walks[k]?.records ?? 0;
  }
  summary.aircraft = summary.hexes.size;
  const coverages = parts.map((p) => p.coverage);
  const coverage = coverages.every((c) => c !== null)
    ? joinCoverage(coverages as (readonly CoveredHours[])[])
    : null;
  // Traces give no companions (only FR24 files do).
  return {
    summary,
    positions: positions.trim(),
    waiting,
    evidence,
    companions: first.companions,
    coverage,
  };
}
