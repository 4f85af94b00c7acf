import {
  ingest,
  type AircraftEvidence,
  type IngestOptions,
  type InputSource,
  type InputSummary,
  type SkipStat,
} from './collect.js';
import { PackedHexSet, unionSorted } from './fast/hex-set.js';
import type { Position } from './types.js';

/** What reading one input gives: its accounting, the positions kept, and its aircraft evidence. */
export interface SourceResult {
  readonly summary: InputSummary;
  readonly positions: Position[];
  readonly evidence: ReadonlyMap<string, AircraftEvidence>;
}

const FIRST_LINES_KEPT = 5;

/** Reads one source as `ingest` reads its `fileIndex`-th input. */
export async function readOneSource(
  source: InputSource,
  fileIndex: number,
  options: IngestOptions,
): Promise<SourceResult> {
  const r = await ingest([source], options);
  const summary = r.inputs[0] as InputSummary;
  return { summary, positions: relocate(r.positions, fileIndex, 0), evidence: r.aircraft };
}

/** Positions read as another file index or line offset (byte ranges count lines from their start). */
export function relocate(positions: Position[], fileIndex: number, lineOffset: number): Position[] {
  if (lineOffset === 0 && positions.every((p) => p.source.fileIndex === fileIndex))
    return positions;
  return positions.map((p) => ({
    ...p,
    source: { fileIndex, line: p.source.line + lineOffset },
  }));
}

/** Adds `from` (read later) into `into`, as if one reader had seen both in that order. */
export function mergeEvidence(
  into: Map<string, AircraftEvidence>,
  from: ReadonlyMap<string, AircraftEvidence>,
): void {
  for (const [hex, e] of from) {
    const have = into.get(hex);
    if (have === undefined) {
      into.set(hex, { ...e });
      continue;
    }
    have.positions += e.positions;
    have.typeCode ??= e.typeCode;
    have.registration ??= e.registration;
    if (e.dbFlags !== null) have.dbFlags = (have.dbFlags ?? 0) | e.dbFlags;
  }
}

/**
 * Joins the results of the byte ranges of one file, in order, into the file's result: line
 * numbers shifted by the lines of the ranges before, first skipped lines re-taken in order. Null
 * when a range met a quote (a quoted field may span a range boundary): read the file whole then.
 */
export function joinRanges(parts: readonly SourceResult[], fileIndex: number): SourceResult | null {
  const first = parts[0];
  if (first === undefined) return null;
  if (parts.some((p) => p.summary.fast === undefined || p.summary.fast.quotedLines > 0))
    return null;
  const summary: InputSummary = {
    ...first.summary,
    rows: 0,
    used: 0,
    skipped: {},
    fromMs: null,
    toMs: null,
    error: null,
    fast: { lines: 0, generalRows: 0, quotedLines: 0 },
  };
  const positions: Position[] = [];
  const evidence = new Map<string, AircraftEvidence>();
  const hexes: Uint32Array[] = [];
  let offset = 0;
  for (const part of parts) {
    const s = part.summary;
    const fast = s.fast as NonNullable<InputSummary['fast']>;
    summary.rows += s.rows;
    summary.used += s.used;
    for (const [reason, stat] of Object.entries(s.skipped)) {
      const into: SkipStat = (summary.skipped[reason] ??= { count: 0, firstLines: [] });
      into.count += stat.count;
      for (const line of stat.firstLines) {
        if (into.firstLines.length < FIRST_LINES_KEPT) into.firstLines.push(line + offset);
      }
    }
    if (s.fromMs !== null && (summary.fromMs === null || s.fromMs < summary.fromMs))
      summary.fromMs = s.fromMs;
    if (s.toMs !== null && (summary.toMs === null || s.toMs > summary.toMs)) summary.toMs = s.toMs;
    hexes.push(packed(s.hexes));
    positions.push(...relocate(part.positions, fileIndex, offset));
    mergeEvidence(evidence, part.evidence);
    const stats = summary.fast as NonNullable<InputSummary['fast']>;
    stats.lines += fast.lines;
    stats.generalRows += fast.generalRows;
    if (s.error !== null) {
      // Reading stops at a fault: what the ranges after it read is not part of the input read.
      summary.error = {
        message: s.error.message,
        line: s.error.line === null ? null : s.error.line + offset,
      };
      break;
    }
    offset += fast.lines;
  }
  summary.hexes = new PackedHexSet(unionSorted(hexes));
  summary.aircraft = summary.hexes.size;
  return { summary, positions, evidence };
}

function packed(set: ReadonlySet<string>): Uint32Array {
  if (set instanceof PackedHexSet) return set.addresses;
  return Uint32Array.from([...set].map((h) => Number.parseInt(h, 16))).sort();
}

/** A SourceResult as structured-clone data (class instances lose their prototype on the way). */
export interface SourceResultData {
  readonly summary: Omit<InputSummary, 'hexes'> & { readonly hexes: Uint32Array };
  readonly positions: Position[];
  readonly evidence: ReadonlyMap<string, AircraftEvidence>;
}

export function toData(r: SourceResult): SourceResultData {
  return { ...r, summary: { ...r.summary, hexes: packed(r.summary.hexes) } };
}

export function fromData(d: SourceResultData): SourceResult {
  return { ...d, summary: { ...d.summary, hexes: new PackedHexSet(d.summary.hexes) } };
}
