/**
 * A worker thread of the worker reader (worker-reader.ts): reads the files, or byte ranges of
 * files, it is sent, exactly as the main thread would, and sends back their results.
 */
import { parentPort } from 'node:worker_threads';
import { KeepRules } from '../../aircraft/watch.js';
import { formatByName } from '../formats/index.js';
import { postable } from '../source-result.js';
import { readTask, type TaskSetup } from './read-task.js';
import type { ReadTask, TaskReply, WorkerSetup } from './worker-protocol.js';

let setup: TaskSetup;

function reply(message: TaskReply): void {
  parentPort?.postMessage(message);
}

parentPort?.on('message', (message: WorkerSetup | ReadTask) => {
  if (message.kind === 'setup') {
    setup = {
      rules: KeepRules.for(message.registry),
      forced: message.forced === null ? undefined : formatByName(message.forced),
      reader: message.reader ?? undefined,
    };
    return;
  }
  const task = message;
  readTask(task, setup, (bytes, lines) =>
    reply({ kind: 'progress', id: task.id, bytes, lines }),
  ).then(
    (result) => reply({ kind: 'done', id: task.id, result: postable(result) }),
    (err: unknown) => reply({ kind: 'failed', id: task.id, message: String(err) }),
  );
});
