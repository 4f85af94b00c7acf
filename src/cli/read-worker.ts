/**
 * A worker thread of the worker reader (worker-reader.ts): reads the files, or byte ranges of
 * files, it is sent, exactly as the main thread would, and sends back their results.
 */
import { parentPort } from 'node:worker_threads';
import { KeepRules } from '../aircraft/watch.js';
import { formatByName } from '../ingest/formats/index.js';
import { readTask, type TaskSetup } from './read-task.js';
import type { PipeMessage, ReadTask, TaskReply, WorkerSetup } from './worker-protocol.js';

let setup: TaskSetup;

function reply(message: TaskReply): void {
  parentPort?.postMessage(message);
}

/** The inflated bytes of the piped task under way, as they arrive. */
const pipe: { chunks: Uint8Array[]; end: PipeMessage | null; wake: (() => void) | null } = {
  chunks: [],
  end: null,
  wake: null,
};

async function* pipedBytes(task: ReadTask, linesRead: () => number): AsyncGenerator<Buffer> {
  for (;;) {
    const chunk = pipe.chunks.shift();
    if (chunk !== undefined) {
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      // Asked for the next chunk: the fast path has copied this one (only it reports lines; the
      // JSON reader keeps its chunks), so its buffer can go back to be filled again.
      if (linesRead() > 0) {
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
  if (task.piped) {
    // Chunks may arrive before the generator first runs: start the pipe empty here.
    pipe.chunks = [];
    pipe.end = null;
  }
  readTask(
    task,
    setup,
    (bytes, lines) => reply({ kind: 'progress', id: task.id, bytes, lines }),
    task.piped ? (lines) => pipedBytes(task, lines) : undefined,
  ).then(
    (result) => reply({ kind: 'done', id: task.id, result }),
    (err: unknown) => reply({ kind: 'failed', id: task.id, message: String(err) }),
  );
});
