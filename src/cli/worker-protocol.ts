import type { Registry } from '../aircraft/registry.js';
import type { KeepSpec } from '../aircraft/watch.js';
import type { ByteRange } from '../ingest/fast/fast-csv.js';
import type { ReaderOptions } from '../ingest/formats/format.js';
import type { SourceResult } from '../ingest/source-result.js';

/** The first message every worker thread gets (its code loads before the registry is ready). */
export interface WorkerSetup {
  readonly kind: 'setup';
  readonly registry: Registry;
  readonly forced: string | null;
  readonly reader: ReaderOptions | null;
}

/** One file, or one byte range of a plain file, to read. */
export interface ReadTask {
  readonly kind: 'task';
  readonly id: number;
  readonly path: string;
  readonly name: string;
  readonly fileIndex: number;
  readonly spec: KeepSpec;
  /** The region's bounding box when this read measures coverage. */
  readonly coverageBbox: readonly [number, number, number, number] | null;
  readonly range: ByteRange | null;
  /**
   * A gzip file inflated on the main thread (on Node's thread pool): its bytes come as `chunk`
   * messages, so this thread only reads rows while inflating runs without waiting on it.
   */
  readonly piped: boolean;
}

/** Inflated bytes of a piped task, then its end (with the error that stopped inflating, if any). */
export type PipeMessage =
  | { readonly kind: 'chunk'; readonly id: number; readonly data: Uint8Array }
  | {
      readonly kind: 'end';
      readonly id: number;
      readonly error: { readonly code: string | null; readonly message: string } | null;
    };

export type TaskReply =
  /** A piped chunk was read; its buffer comes back for reuse once the fast path copies chunks. */
  | { readonly kind: 'taken'; readonly id: number; readonly buffer: ArrayBuffer | null }
  | {
      readonly kind: 'progress';
      readonly id: number;
      readonly bytes: number;
      readonly lines: number;
    }
  | { readonly kind: 'done'; readonly id: number; readonly result: SourceResult }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string };
