/**
 * A worker thread of the worker reader (worker-reader.ts): reads the files, or byte ranges of
 * files, it is sent, exactly as the main thread would, and sends back their results; once the
 * inputs are read, measures the missions' times on station it is sent (station-measurer.ts).
 */
import { parentPort } from 'node:worker_threads';
import { KeepRules } from '../../aircraft/watch.js';
import { formatByName } from '../formats/index.js';
import { postable, transferList } from '../source-result.js';
import { readTask, type TaskSetup } from './read-task.js';
import {
  pieceTask,
  receivedRegistry,
  STOLEN_TASK_ID,
  type ClaimTasks,
  type MeasureMessage,
  type ReadTask,
  type StolenReply,
  type TaskReply,
  type WorkerSetup,
} from './worker-protocol.js';
import { RangePieces } from '../fast/range-pieces.js';
import { StationMeasuring } from './station-measurer.js';

let setup: TaskSetup;

function reply(message: TaskReply): void {
  parentPort?.postMessage(message);
}

/** Replies with a read's result, its own memory handed over (transferList), not copied. */
function replyDone(message: Extract<TaskReply, { kind: 'done' }>): void {
  parentPort?.postMessage(message, transferList(message.result));
}

const progress =
  (task: ReadTask) =>
  (bytes: number, lines: number): void =>
    reply({ kind: 'progress', id: task.id, bytes, lines });

/**
 * Reads the tasks it claims from each group's shared counter, one after the other, group after
 * group, until none is left.
 */
async function claimTasks(message: ClaimTasks): Promise<void> {
  for (const group of message.groups) {
    const counter = new Int32Array(group.counter);
    for (;;) {
      const task = group.tasks[Atomics.add(counter, 0, 1)];
      if (task === undefined) break;
      if (!(await readClaimed(task))) return;
    }
  }
  // Nothing left to claim: the rest of the others' ranges, half of what one has left at a time.
  for (const group of message.groups) {
    const model = group.tasks[0];
    if (group.pieces === null || model === undefined) continue;
    const pieces = new RangePieces(group.pieces);
    for (let cut = pieces.steal(group.stealMinBytes); cut !== null; ) {
      const task = pieceTask(model, cut, group.pieces, STOLEN_TASK_ID);
      if (!(await readClaimed(task, { ...cut, group: group.id }))) return;
      cut = pieces.steal(group.stealMinBytes);
    }
  }
  reply({ kind: 'claims-done' });
}

/** Reads a claimed task (or a piece cut from one) and replies; false when it failed. */
async function readClaimed(task: ReadTask, piece?: StolenReply): Promise<boolean> {
  try {
    const result = await readTask(task, setup, progress(task));
    replyDone({
      kind: 'done',
      id: task.id,
      result: postable(result),
      claimed: true,
      ...(piece === undefined ? {} : { piece }),
    });
    return true;
  } catch (err) {
    reply({ kind: 'failed', id: task.id, message: String(err) });
    return false;
  }
}

const measuring = new StationMeasuring();

parentPort?.on('message', (message: WorkerSetup | ReadTask | ClaimTasks | MeasureMessage) => {
  if (message.kind === 'measure') {
    measuring.measure(message);
    return;
  }
  if (message.kind === 'measure-setup') {
    measuring.setup(message);
    return;
  }
  if (message.kind === 'measure-coast') {
    measuring.addCoast(message);
    return;
  }
  if (message.kind === 'setup') {
    setup = {
      rules: KeepRules.for(receivedRegistry(message.registry), message.rules),
      forced: message.forced === null ? undefined : formatByName(message.forced),
      reader: message.reader ?? undefined,
    };
    return;
  }
  if (message.kind === 'claim') {
    void claimTasks(message);
    return;
  }
  const task = message;
  readTask(task, setup, progress(task)).then(
    (result) => replyDone({ kind: 'done', id: task.id, result: postable(result) }),
    (err: unknown) => reply({ kind: 'failed', id: task.id, message: String(err) }),
  );
});
