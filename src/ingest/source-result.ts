import { NO_ROW_EVIDENCE } from '../aircraft/identify.js';
import type { KeepRule } from '../aircraft/watch.js';
import type { MemberSelection } from './archive/members.js';
import {
  coverageCollector,
  type CoverageCollector,
  type CoveredHours,
} from '../coverage/coverage.js';
import {
  mergeEvidence,
  noCounts,
  readInput,
  type AircraftEvidence,
  type IngestOptions,
  type InputRead,
  type InputSource,
  type InputSummary,
  type SkipStat,
} from './collect.js';
import type { FastCsvOptions } from './fast/fast-csv.js';
import type { Box } from './fast/opensky-kernel.js';
import { addressHex } from './fast/hex-bitmap.js';
import { unionSorted } from './fast/hex-set.js';
import { repeatIndexes } from './fast/repeats-kernel.js';
import { FixStore, plainArrays, type PlainFixStore } from './fix-store.js';
import { REPEATED_POSITION } from './position-time.js';
import { evidencePosition, FIRST_LINES_KEPT, type Position } from './types.js';

/**
 * What reading one input gives (see InputRead), with the coverage hours its positions showed: the
 * unit a reading thread sends back.
 */
export interface SourceResult extends InputRead {
  /**
   * Hours with positions near each region, in the order of `coverageBoxes` (null when the read
   * measured none: second passes).
   */
  readonly coverage: readonly CoveredHours[] | null;
}

/** A SourceResult as a worker thread posts it: the store as typed arrays (see FixStore.plain). */
export type PostedResult = Omit<SourceResult, 'positions'> & { readonly positions: PlainFixStore };

export function postable(result: SourceResult): PostedResult {
  return { ...result, positions: result.positions.plain() };
}

/**
 * The memory a worker thread hands over with a posted result rather than have it copied twice
 * (into the message, then out of it on the main thread; 2-3 MB of fresh memory each time for a
 * big file's range): the store's columns and the kernel's lists of the range, each made for the
 * result alone. Only an array that is its whole buffer is moved, and a buffer once.
 */
export function transferList(posted: PostedResult): ArrayBuffer[] {
  const arrays: (ArrayBufferView | undefined)[] = [
    ...plainArrays(posted.positions),
    posted.summary.bulkAddresses,
    posted.summary.fast?.datedEnds?.packed,
  ];
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) {
    if (a === undefined || !(a.buffer instanceof ArrayBuffer)) continue;
    if (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) buffers.add(a.buffer);
  }
  return [...buffers];
}

export function revived(posted: PostedResult): SourceResult {
  return { ...posted, positions: FixStore.revive(posted.positions) };
}

/** How one source is read: which fixes to keep, and the region boxes whose coverage it measures. */
export interface ReadOneOptions extends Pick<IngestOptions, 'forced' | 'reader'> {
  readonly rule: KeepRule;
  /**
   * The regions' bounding boxes: coverage is measured near each, in the same read (a run over
   * several regions reads its inputs once).
   */
  readonly coverageBoxes?: readonly Box[] | undefined;
  /** A byte range to read, and where the fast path reports the lines read. */
  readonly fast?: Pick<FastCsvOptions, 'range' | 'readRange' | 'onLines'> | undefined;
}

/** Reads one source as the `fileIndex`-th input of a run. */
export async function readOneSource(
  source: InputSource,
  fileIndex: number,
  options: ReadOneOptions,
): Promise<SourceResult> {
  const { coverageBoxes, rule } = options;
  const collectors = (coverageBoxes ?? []).map((box) => coverageCollector(box));
  const measured = coverageBoxes !== undefined && collectors.length > 0;
  const read = await readInput(source, fileIndex, {
    forced: options.forced,
    reader: options.reader,
    members: memberSelection(rule, options.reader?.scanAll === true),
    keep: rule.keep,
    // The rules decide a position without evidence (type, registration, flags) by its address
    // alone (byEvidence keeps the first answer per address): a rule that looked at a position's
    // time or place could not be asked this way.
    keepAircraft: (hex) => rule.keep(evidencePosition(hex, NO_ROW_EVIDENCE)),
    candidate: rule.candidate,
    onPosition: !measured
      ? undefined
      : collectors.length === 1
        ? (collectors[0] as CoverageCollector).add
        : (p, candidate) => {
            for (const c of collectors) c.add(p, candidate);
          },
    coverage: measured ? collectors : undefined,
    fast: {
      ...options.fast,
      watch: rule.watch,
      candidates: rule.candidates,
      coverageBoxes: measured ? collectors.map((c) => c.bbox) : undefined,
      onCoveredHour: !measured
        ? undefined
        : (hour, other, box) => collectors[box]?.addHour(hour, other),
    },
  });
  if (!measured) return { ...read, coverage: null };
  const coverage = collectors.map((collector) => {
    const found = collector.withEdges();
    // The fast path counts most reports without building them: their hours, but no edge fixes.
    return read.summary.fast === undefined
      ? found
      : { hours: found.hours, otherTrafficHours: found.otherTrafficHours };
  });
  return { ...read, coverage };
}

/**
 * Which archived traces to decompress: those of the addresses the rule may keep; with --scan-all
 * the others too when their header (type, flags) may identify the aircraft.
 */
export function memberSelection(rule: KeepRule, scanAll: boolean): MemberSelection {
  return {
    wants: (hex) => rule.members.hasHex(hex),
    get addresses() {
      return rule.members;
    },
    scanAll,
    matters: (hex, evidence) => {
      const p = evidencePosition(hex, evidence);
      return rule.keep(p) || rule.candidate(p);
    },
  };
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

/** A range's first dated position of an aircraft that repeats the aircraft's last in the ranges before. */
interface RepeatAcross {
  /** Its line, counted from the range's start. */
  readonly line: number;
  readonly hex: string;
  /** It became a position handed on (kept, and counted as evidence), not only counted. */
  readonly built: boolean;
}

/**
 * Numbers by 24-bit address, in typed arrays (open addressing): the last dated position of each
 * aircraft of every range of a big file, where a Map of numbers costs several times as much.
 */
class ByAddress {
  private keys = new Int32Array(1 << 15).fill(-1);
  private values = new Float64Array(1 << 15);
  private shift = 32 - 15;
  private count = 0;

  /** The slot of an address: where it is, or the empty slot where it would go. */
  private slot(addr: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    let i = Math.imul(addr, 0x9e3779b1) >>> this.shift;
    for (let k = keys[i] as number; k !== -1 && k !== addr; k = keys[i] as number) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /** Sets the number of an address; returns the one it had (NaN when none). */
  swap(addr: number, value: number): number {
    let i = this.slot(addr);
    let had = Number.NaN;
    if (this.keys[i] === addr) had = this.values[i] as number;
    else {
      // Kept at most half full: probes stay short.
      if (2 * (this.count + 1) > this.keys.length) {
        this.grow();
        i = this.slot(addr);
      }
      this.count += 1;
      this.keys[i] = addr;
    }
    this.values[i] = value;
    return had;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Int32Array(2 * keys.length).fill(-1);
    this.values = new Float64Array(2 * keys.length);
    this.shift -= 1;
    for (let j = 0; j < keys.length; j += 1) {
      const addr = keys[j] as number;
      if (addr === -1) continue;
      const i = this.slot(addr);
      this.keys[i] = addr;
      this.values[i] = values[j] as number;
    }
  }
}

/**
 * The rows that repeat a position across range boundaries, per range: each range was read with
 * no memory of the ranges before, so its first dated position of each aircraft was taken as new.
 */
function repeatsAcross(parts: readonly SourceResult[]): RepeatAcross[][] {
  const packs = parts.map((part) => part.summary.fast?.datedEnds?.packed);
  const repeat = (p: Float64Array, i: number): RepeatAcross => {
    const line = p[i + 2] as number;
    return { line: Math.floor(line / 2), hex: addressHex(p[i] as number), built: line % 2 === 1 };
  };
  // In WebAssembly where there is one: this loop runs once per file, before V8 optimises it.
  const indexes = repeatIndexes(packs);
  if (indexes !== null) {
    return packs.map((p, k) =>
      p === undefined
        ? []
        : Array.from(indexes[k] ?? [], (j) => repeat(p, 4 * j)).sort((a, b) => a.line - b.line),
    );
  }
  const last = new ByAddress();
  return packs.map((p) => {
    const found: RepeatAcross[] = [];
    if (p === undefined) return found;
    for (let i = 0; i < p.length; i += 4) {
      // The aircraft's last dated position in the ranges before (none before the first range).
      const before = last.swap(p[i] as number, p[i + 3] as number);
      if (before === p[i + 1]) found.push(repeat(p, i));
    }
    return found.sort((a, b) => a.line - b.line);
  });
}

/**
 * Adds what a range of an input read (`range`, its skipped rows `skipped`, their first lines
 * numbered from the range's start: shifted by `offset`) to the input's joined summary, the ranges
 * taken in order: skipped rows (the first few kept), time span, addresses.
 */
export function addRangeCounts(
  into: InputSummary,
  range: InputSummary,
  skipped: Readonly<Record<string, SkipStat>>,
  offset: number,
): void {
  for (const [reason, stat] of Object.entries(skipped)) {
    const to: SkipStat = (into.skipped[reason] ??= { count: 0, firstLines: [] });
    to.count += stat.count;
    for (const line of stat.firstLines) {
      if (to.firstLines.length < FIRST_LINES_KEPT) to.firstLines.push(line + offset);
    }
  }
  if (range.fromMs !== null && (into.fromMs === null || range.fromMs < into.fromMs))
    into.fromMs = range.fromMs;
  if (range.toMs !== null && (into.toMs === null || range.toMs > into.toMs)) into.toMs = range.toMs;
  for (const hex of range.hexes) into.hexes.add(hex);
}

/**
 * Joins the results of the byte ranges of one file, in order, into the file's result: line
 * numbers shifted by the lines of the ranges before, first skipped lines re-taken in order, and
 * the positions that repeat one of the range before skipped (see repeatsAcross). Null when a range
 * met a quote (a quoted field may span a range boundary): read the file whole then. The result's
 * store may be the first range's own, the others' fixes appended to it: a caller that releases the
 * ranges' stores leaves that one, and the parts are not to be joined twice.
 */
export function joinRanges(parts: readonly SourceResult[], fileIndex: number): SourceResult | null {
  const first = parts[0];
  if (first === undefined) return null;
  // Quotes, and lines too long (dropped where the chunks fall), are read exactly only whole.
  const irregular = (f: InputSummary['fast']): boolean =>
    f === undefined || f.quotedLines > 0 || (f.longLines ?? 0) > 0;
  if (parts.some((p) => irregular(p.summary.fast))) return null;
  const summary: InputSummary = {
    ...first.summary,
    ...noCounts(),
    error: null,
    fast: { lines: 0, generalRows: 0, quotedLines: 0 },
  };
  delete summary.bulkAddresses;
  // The first range's store becomes the file's when its fixes are all of this input (its lines
  // count from the file's start, and no range before it has repeats to drop): the others are
  // appended to it, not every range's copied into a new store.
  let positions: FixStore | null = null;
  const waiting: Position[] = [];
  const evidence = new Map<string, AircraftEvidence>();
  const bulk: Uint32Array[] = [];
  // Per region box, the hours the ranges found near it.
  let found: { hours: Set<number>; other: Set<number> }[] | null = null;
  let offset = 0;
  const across = repeatsAcross(parts);
  // Every range's fixes may join the file's store: room for them all at once.
  const total = parts.reduce((n, part) => n + part.positions.length, 0);
  for (const [k, part] of parts.entries()) {
    const s = part.summary;
    const fast = s.fast as NonNullable<InputSummary['fast']>;
    const repeats = across[k] ?? [];
    summary.rows += s.rows;
    summary.used += s.used - repeats.length;
    for (const [what, n] of Object.entries(s.usedAs)) {
      const left = n - (what === 'position' ? repeats.length : 0);
      if (left > 0) summary.usedAs[what] = (summary.usedAs[what] ?? 0) + left;
    }
    for (const note of s.notes) if (!summary.notes.includes(note)) summary.notes.push(note);
    const skipped = { ...s.skipped };
    if (repeats.length > 0) {
      const had = skipped[REPEATED_POSITION] ?? { count: 0, firstLines: [] };
      skipped[REPEATED_POSITION] = {
        count: had.count + repeats.length,
        firstLines: [...had.firstLines, ...repeats.map((r) => r.line)].sort((a, b) => a - b),
      };
    }
    addRangeCounts(summary, s, skipped, offset);
    if (s.bulkAddresses !== undefined) bulk.push(s.bulkAddresses);
    const gone = new Set(repeats.filter((r) => r.built).map((r) => r.line));
    const from = part.positions;
    if (k === 0 && gone.size === 0 && from.onlyOfInput(fileIndex)) {
      positions = from.reserve(total);
    } else {
      positions ??= new FixStore().reserve(total);
      positions.append(
        from,
        { fileIndex, lineOffset: offset },
        gone.size === 0 ? null : (i) => !gone.has(from.lineAt(i)),
      );
    }
    for (const p of relocate(part.waiting, fileIndex, offset)) waiting.push(p);
    mergeEvidence(evidence, part.evidence);
    for (const r of repeats) {
      const e = r.built ? evidence.get(r.hex) : undefined;
      if (e === undefined) continue;
      e.positions -= 1;
      if (e.positions === 0) evidence.delete(r.hex);
    }
    if (part.coverage !== null) {
      found ??= part.coverage.map(() => ({ hours: new Set<number>(), other: new Set<number>() }));
      for (const [box, covered] of part.coverage.entries()) {
        const into = found[box];
        if (into === undefined) continue;
        for (const h of covered.hours) into.hours.add(h);
        for (const h of covered.otherTrafficHours) into.other.add(h);
      }
    }
    const stats = summary.fast as NonNullable<InputSummary['fast']>;
    stats.lines += fast.lines;
    stats.generalRows += fast.generalRows;
    for (const key of ['recordRows', 'fixRows', 'kernelFixRows', 'columnFixRows'] as const) {
      const n = fast[key];
      if (n !== undefined) stats[key] = (stats[key] ?? 0) + n;
    }
    if (s.error !== null) {
      // Reading stops at a fault: what the ranges after it read is not part of the input read.
      summary.error = {
        ...s.error,
        line: s.error.line === null ? null : s.error.line + offset,
      };
      break;
    }
    offset += fast.lines;
  }
  if (bulk.length > 0) summary.bulkAddresses = unionSorted(bulk);
  summary.aircraft = summary.hexes.size;
  const sorted = (set: Set<number>): number[] => [...set].sort((a, b) => a - b);
  return {
    summary,
    positions: (positions ?? new FixStore()).trim(),
    waiting,
    evidence,
    // Byte ranges of an OpenSky file: no companions to give.
    companions: first.companions,
    coverage:
      found === null
        ? null
        : found.map((f) => ({ hours: sorted(f.hours), otherTrafficHours: sorted(f.other) })),
  };
}
