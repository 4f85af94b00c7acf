/**
 * A worker thread of the worker reader (worker-reader.ts): reads the files, or byte ranges of
 * files, it is sent, exactly as the main thread would, and sends back their results.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { KeepRules } from '../aircraft/watch.js';
import type { InputFormat, ReaderOptions } from '../ingest/formats/format.js';
import { formatByName } from '../ingest/formats/index.js';
import { readOneSource } from '../ingest/source-result.js';
import type { PipeMessage, ReadTask, TaskReply, WorkerSetup } from './worker-protocol.js';

const PROGRESS_EVERY_MS = 100;
let setup: { rules: KeepRules; forced: InputFormat | undefined; reader: ReaderOptions | undefined };

function reply(message: TaskReply): void {
  parentPort?.postMessage(message);
}

const CHUNK_BYTES = 1 << 20;
/**
 * The buffers byte ranges are read into, the same for every range of this thread (a thread reads
 * one task at a time): fresh megabyte buffers per range would fragment the heap, and the process
 * would keep growing over a 10 GB file.
 */
const READ_BUFFERS = [0, 1, 2].map(() => Buffer.allocUnsafe(CHUNK_BYTES));

/**
 * A byte range's bytes from `from` on, read into three buffers taken in turn, one read ahead of
 * the reader: the fast path copies each chunk before it asks for the next and holds at most two
 * at a time, so no chunk is allocated per read (a 10 GB file would otherwise leave gigabytes to
 * the garbage collector), and the next read runs while this chunk is scanned.
 */
async function* rangeBytes(path: string, from: number): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  const buffers = READ_BUFFERS;
  let position = from;
  let ahead: Promise<Buffer> | null = null;
  const readInto = async (buf: Buffer): Promise<Buffer> => {
    const { bytesRead } = await file.read(buf, 0, CHUNK_BYTES, position);
    position += bytesRead;
    return buf.subarray(0, bytesRead);
  };
  try {
    ahead = readInto(buffers[0] as Buffer);
    for (let turn = 1; ; turn = (turn + 1) % 3) {
      const chunk = await ahead;
      if (chunk.length === 0) return;
      ahead = readInto(buffers[turn] as Buffer);
      yield chunk;
    }
  } finally {
    // A read may still be under way when the reader stops early.
    await ahead?.catch(() => undefined);
    await file.close();
  }
}

/** Lines read by the task under way (the fast path reports them), for the progress bar. */
let linesRead = 0;

/** The file's bytes from `from` on, counted for the progress bar as they are read. */
async function* bytesOf(task: ReadTask, from: number): AsyncGenerator<Buffer> {
  let read = 0;
  let last = Date.now();
  const chunks =
    task.range === null
      ? createReadStream(task.path, { highWaterMark: CHUNK_BYTES })
      : rangeBytes(task.path, from);
  for await (const chunk of chunks) {
    const buf = chunk as Buffer;
    read += buf.length;
    const now = Date.now();
    if (now - last >= PROGRESS_EVERY_MS) {
      reply({ kind: 'progress', id: task.id, bytes: read, lines: linesRead });
      last = now;
    }
    yield buf;
  }
}

/** The inflated bytes of the piped task under way, as they arrive. */
const pipe: { chunks: Uint8Array[]; end: PipeMessage | null; wake: (() => void) | null } = {
  chunks: [],
  end: null,
  wake: null,
};

async function* pipedBytes(task: ReadTask): AsyncGenerator<Buffer> {
  for (;;) {
    const chunk = pipe.chunks.shift();
    if (chunk !== undefined) {
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      // Asked for the next chunk: the fast path has copied this one (only it reports lines; the
      // JSON reader keeps its chunks), so its buffer can go back to be filled again.
      if (linesRead > 0) {
        const buffer = chunk.buffer as ArrayBuffer;
        parentPort?.postMessage({ kind: 'taken', id: task.id, buffer } satisfies TaskReply, [
          buffer,
        ]);
      } else {
        reply({ kind: 'taken', id: task.id, buffer: null });
      }
      continue;
    }
    const end = pipe.end;
    if (end !== null && end.kind === 'end') {
      if (end.error === null) return;
      // As the stream's own error: the accounting describes it the same way (corrupt gzip...).
      throw Object.assign(new Error(end.error.message), { code: end.error.code ?? undefined });
    }
    await new Promise<void>((resolve) => (pipe.wake = resolve));
  }
}

parentPort?.on('message', (message: WorkerSetup | ReadTask | PipeMessage) => {
  if (message.kind === 'chunk' || message.kind === 'end') {
    if (message.kind === 'chunk') pipe.chunks.push(message.data);
    else pipe.end = message;
    pipe.wake?.();
    pipe.wake = null;
    return;
  }
  if (message.kind === 'setup') {
    setup = {
      rules: KeepRules.for(message.registry),
      forced: message.forced === null ? undefined : formatByName(message.forced),
      reader: message.reader ?? undefined,
    };
    return;
  }
  const task = message;
  const from = task.range === null ? 0 : Math.max(0, task.range.start - 1);
  if (task.piped) {
    // Chunks may arrive before the generator first runs: start the pipe empty here.
    pipe.chunks = [];
    pipe.end = null;
  }
  const bytes = task.piped ? pipedBytes(task) : bytesOf(task, from);
  linesRead = 0;
  readOneSource({ name: task.name, open: () => bytes }, task.fileIndex, {
    forced: setup.forced,
    reader: setup.reader,
    rule: setup.rules.rule(task.spec),
    coverageBbox: task.coverageBbox ?? undefined,
    fast: {
      range: task.range ?? undefined,
      onLines: (lines) => {
        linesRead = lines;
      },
    },
  })
    // A range stops reading at its end: close the file there.
    .finally(() => bytes.return(undefined))
    .then(
      (result) => reply({ kind: 'done', id: task.id, result }),
      (err: unknown) => reply({ kind: 'failed', id: task.id, message: String(err) }),
    );
});
