/**
 * Reading one task (a file, or a byte range of a plain file) from disk, the same on a worker thread
 * (read-worker.ts) and on the main thread (worker-reader.ts reads tasks there too).
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import type { KeepRules } from '../../aircraft/watch.js';
import type { InputFormat, ReaderOptions } from '../formats/format.js';
import { acquireWindow } from '../fast/wasm-module.js';
import { readOneSource, type SourceResult } from '../source-result.js';
import type { ReadTask } from './worker-protocol.js';

const CHUNK_BYTES = 1 << 20;
const PROGRESS_EVERY_MS = 100;

/**
 * The buffer the first chunk of a byte range is read into, the same for every range of this thread
 * (a thread reads one task at a time); the rest of a range is read straight into the fast path's
 * memory.
 */
let readBuffer: Buffer | null = null;

/**
 * A byte range's file, read from `from` on synchronously, on this thread: with a reading thread
 * per core no core is left idle for reads ahead on the thread pool, which only took turns with the
 * scanning, at the cost of switching between them.
 */
class RangeFile {
  private readonly fd: number;
  private position: number;
  private readonly onBytes: (n: number) => void;

  constructor(path: string, from: number, onBytes: (n: number) => void) {
    this.fd = openSync(path, 'r');
    this.position = from;
    this.onBytes = onBytes;
  }

  /** Reads the next bytes into `into`; returns how many (0 at the end of the file). */
  readonly read = (into: Uint8Array): number => {
    const n = readSync(this.fd, into, 0, into.length, this.position);
    this.position += n;
    if (n > 0) this.onBytes(n);
    return n;
  };

  /** The next bytes as chunks (the fast path reads the rest with `read`). */
  async *chunks(): AsyncGenerator<Buffer> {
    const buf = (readBuffer ??= acquireWindow(CHUNK_BYTES));
    for (;;) {
      const n = this.read(buf);
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** How this thread reads: the keep rules of the run's registry, the forced format, reader options. */
export interface TaskSetup {
  readonly rules: KeepRules;
  readonly forced: InputFormat | undefined;
  readonly reader: ReaderOptions | undefined;
}

/** How far a task has come: bytes read, and lines (fast path only). */
type TaskProgress = (bytes: number, lines: number) => void;

/** Reads one task from disk, reporting progress at most every 100 ms. */
export async function readTask(
  task: ReadTask,
  setup: TaskSetup,
  onProgress: TaskProgress,
): Promise<SourceResult> {
  let lines = 0;
  let read = 0;
  let last = Date.now();
  const counted = (n: number): void => {
    read += n;
    const now = Date.now();
    if (now - last >= PROGRESS_EVERY_MS) {
      onProgress(read, lines);
      last = now;
    }
  };
  const file =
    task.range === null
      ? null
      : new RangeFile(task.path, Math.max(0, task.range.start - 1), counted);
  async function* whole(): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(task.path, { highWaterMark: CHUNK_BYTES })) {
      counted((chunk as Buffer).length);
      yield chunk as Buffer;
    }
  }
  const bytes = file === null ? whole() : file.chunks();
  // An archive reads its parts (or folder) itself, by positioned reads.
  const source =
    task.archive === null
      ? { name: task.name, open: () => bytes }
      : { name: task.name, open: () => bytes, archive: task.archive };
  try {
    return await readOneSource(source, task.fileIndex, {
      forced: setup.forced,
      reader: setup.reader,
      rule: setup.rules.rule(task.spec),
      coverageBoxes: task.coverageBoxes ?? undefined,
      fast: {
        range: task.range ?? undefined,
        readRange: file?.read,
        onLines: (n) => {
          lines = n;
        },
      },
    });
  } finally {
    // A range stops reading at its end: close the file there.
    await bytes.return(undefined);
    file?.close();
  }
}
