import type { Registry } from '../../aircraft/registry.js';
import { StoredRegistry, type StoredEntries } from '../../aircraft/registry-snapshot.js';
import type { KeepSpec, SharedRuleBits } from '../../aircraft/watch.js';
import type { ArchiveSpec } from '../archive/read-archive.js';
import type { ByteRange } from '../fast/fast-csv.js';
import type { StolenPiece } from '../fast/range-pieces.js';
import type { ReaderOptions } from '../formats/format.js';
import type { MessagePort } from 'node:worker_threads';
import type { PostedResult } from '../source-result.js';
import type { CoastIndex } from '../../geo/coast.js';
import type { StationMeasures } from '../../missions/measure.js';

/** The first message every worker thread gets (its code loads before the registry is ready). */
export interface WorkerSetup {
  readonly kind: 'setup';
  readonly registry: PostedRegistry;
  /** The registry's first-pass bitmaps, as the main thread made them (KeepRules.shared). */
  readonly rules: SharedRuleBits;
  readonly forced: string | null;
  readonly reader: ReaderOptions | null;
}

/**
 * The registry as a thread is sent it: the entries of one stored as the build stores the bundled
 * table, as they are stored (parsed on the thread when asked for, like this thread's); any other
 * as its Map.
 */
export type PostedRegistry = Registry | { readonly stored: StoredEntries };

export function postedRegistry(registry: Registry): PostedRegistry {
  return registry instanceof StoredRegistry ? { stored: registry.entriesStored() } : registry;
}

export function receivedRegistry(posted: PostedRegistry): Registry {
  if (!('stored' in posted)) return posted;
  const registry = StoredRegistry.of(posted.stored);
  if (registry === null)
    throw new Error('the registry sent to a reading thread does not read back');
  return registry;
}

/** One file, or one byte range of a plain file, to read. */
export interface ReadTask {
  readonly kind: 'task';
  readonly id: number;
  readonly path: string;
  readonly name: string;
  readonly fileIndex: number;
  readonly spec: KeepSpec;
  /** The regions' bounding boxes when this read measures coverage (near each). */
  readonly coverageBoxes: readonly (readonly [number, number, number, number])[] | null;
  readonly range: ByteRange | null;
  /**
   * An archive read in place (a day tar, its parts, a globe_history day): whole, or a byte range of
   * a day tar (TarSpec.range).
   */
  readonly archive: ArchiveSpec | null;
}

/** The byte ranges of one input, each claimed from a counter the threads share (see WorkerReader). */
export interface ClaimGroup {
  /** Which group (the replies for pieces cut from its ranges name it). */
  readonly id: number;
  /** An Int32Array's buffer: its first element is the next task's index. */
  readonly counter: SharedArrayBuffer;
  readonly tasks: readonly ReadTask[];
  /**
   * The pieces of a plain file's ranges (range-pieces.ts), from which a thread with nothing left
   * to claim cuts what another has left, while a piece has at least `stealMinBytes` left.
   */
  readonly pieces: SharedArrayBuffer | null;
  readonly stealMinBytes: number;
}

/**
 * Groups of byte ranges to read, in order: the thread claims and reads one range after the other
 * until none of any group is left, then reads pieces cut from the others' while there are any
 * (ClaimGroup.pieces), then says so (claims-done).
 */
export interface ClaimTasks {
  readonly kind: 'claim';
  readonly groups: readonly ClaimGroup[];
}

export type TaskReply =
  | {
      readonly kind: 'progress';
      readonly id: number;
      readonly bytes: number;
      readonly lines: number;
    }
  | {
      readonly kind: 'done';
      readonly id: number;
      readonly result: PostedResult;
      /** A claimed task: the thread goes on claiming (it is not free yet). */
      readonly claimed?: true;
      /** A piece this thread cut from another's range (its task has the id STOLEN_TASK_ID). */
      readonly piece?: StolenReply;
    }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string }
  /** No task of a ClaimTasks was left to claim: the thread is free. */
  | { readonly kind: 'claims-done' };

/**
 * Once the inputs are read, a reading thread measures missions' times on station (see
 * station-measurer.ts): first it is told where to count the fixes it has measured, and each coast
 * it is to measure on, by its index.
 */
export interface MeasureSetup {
  readonly kind: 'measure-setup';
  /** An Int32Array's buffer: the thread adds the fixes of each track it has measured at `slot`. */
  readonly counter: SharedArrayBuffer;
  readonly slot: number;
  /** Where the thread posts its replies (MeasuredReply). */
  readonly replies: MessagePort;
}

export interface MeasureCoast {
  readonly kind: 'measure-coast';
  readonly id: number;
  readonly source: string;
  readonly coverage: readonly [number, number, number, number];
  readonly index: CoastIndex;
}

/**
 * A track to measure on the coast of that id (-1: none): its fixes' columns one after the other
 * (time in ms, latitude, longitude, input, line).
 */
export interface MeasureTrack {
  readonly kind: 'measure';
  readonly ticket: number;
  readonly coast: number;
  readonly track: Float64Array;
}

export type MeasureMessage = MeasureSetup | MeasureCoast | MeasureTrack;

export interface MeasuredReply {
  readonly kind: 'measured';
  readonly ticket: number;
  readonly measures: StationMeasures;
}

/** The task id of a piece a thread cut from another's range: the reply names its group and slot. */
export const STOLEN_TASK_ID = 0;

/** Which piece a reply is of: the group (ClaimGroup.id), and the piece (StolenPiece). */
export interface StolenReply extends StolenPiece {
  readonly group: number;
}

/** The task that reads `piece`, cut from one of the ranges of `model`'s file (or day tar). */
export function pieceTask(
  model: ReadTask,
  piece: StolenPiece,
  buffer: SharedArrayBuffer,
  id: number,
): ReadTask {
  const cut = { start: piece.start, end: piece.end, piece: { buffer, slot: piece.slot } };
  const archive = model.archive;
  if (archive?.kind === 'tar') {
    const ahead = archive.range?.piece?.claimAheadBytes;
    const tarCut = { ...cut, piece: { ...cut.piece, claimAheadBytes: ahead } };
    return { ...model, id, archive: { ...archive, range: tarCut } };
  }
  return { ...model, id, range: { ...(model.range as ByteRange), ...cut } };
}
