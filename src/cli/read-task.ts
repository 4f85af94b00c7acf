/**
 * Reading one task (a file, or a byte range of a plain file) from disk, the same on a worker thread
 * (read-worker.ts) and on the main thread (worker-reader.ts reads tasks there too).
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import type { KeepRules } from '../aircraft/watch.js';
import type { InputFormat, ReaderOptions } from '../ingest/formats/format.js';
import { readOneSource, type SourceResult } from '../ingest/source-result.js';
import type { ReadTask } from './worker-protocol.js';

const CHUNK_BYTES = 1 << 20;
const PROGRESS_EVERY_MS = 100;

/**
 * The buffer byte ranges are read into, the same for every range of this thread (a thread reads
 * one task at a time): fresh megabyte buffers per read would leave gigabytes to the garbage
 * collector over a 10 GB file, and the process would keep growing.
 */
let readBuffer: Buffer | null = null;

/**
 * A byte range's bytes from `from` on, read into one buffer again and again (the fast path copies
 * each chunk before it asks for the next). Read synchronously, on this thread: with a reading
 * thread per core no core is left idle for reads ahead on the thread pool, which only took turns
 * with the scanning, at the cost of switching between them.
 */
async function* rangeBytes(path: string, from: number): AsyncGenerator<Buffer> {
  const fd = openSync(path, 'r');
  const buf = (readBuffer ??= Buffer.allocUnsafe(CHUNK_BYTES));
  let position = from;
  try {
    for (;;) {
      const bytesRead = readSync(fd, buf, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    closeSync(fd);
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
  const from = task.range === null ? 0 : Math.max(0, task.range.start - 1);
  async function* counted(): AsyncGenerator<Buffer> {
    const chunks =
      task.range === null
        ? createReadStream(task.path, { highWaterMark: CHUNK_BYTES })
        : rangeBytes(task.path, from);
    for await (const chunk of chunks) {
      const buf = chunk as Buffer;
      read += buf.length;
      const now = Date.now();
      if (now - last >= PROGRESS_EVERY_MS) {
        onProgress(read, lines);
        last = now;
      }
      yield buf;
    }
  }
  const bytes = counted();
  try {
    return await readOneSource({ name: task.name, open: () => bytes }, task.fileIndex, {
      forced: setup.forced,
      reader: setup.reader,
      rule: setup.rules.rule(task.spec),
      coverageBbox: task.coverageBbox ?? undefined,
      fast: {
        range: task.range ?? undefined,
        onLines: (n) => {
          lines = n;
        },
      },
    });
  } finally {
    // A range stops reading at its end: close the file there.
    await bytes.return(undefined);
  }
}
