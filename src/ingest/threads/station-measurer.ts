/**
 * Missions' times on station measured on the reading threads, idle once the inputs are read, while
 * this thread builds the next sorties (a year of history is some 20 million fixes to measure; the
 * territorial check and the flight pattern were most of the work after reading).
 */
import {
  MessageChannel,
  receiveMessageOnPort,
  type MessagePort,
  type Worker,
} from 'node:worker_threads';
import { coastFromIndex, type Coast } from '../../geo/coast.js';
import {
  MEASURE_HERE,
  measureTrack,
  TRACK_COLUMNS,
  type StationMeasurer,
  type StationMeasures,
  type StationTrack,
} from '../../missions/measure.js';
import type { MeasureCoast, MeasuredReply, MeasureSetup, MeasureTrack } from './worker-protocol.js';

export interface StationMeasurerOptions {
  /**
   * Fixes measured on this thread before any other is asked: a run with a few missions measures
   * them here, and wakes no thread for them.
   */
  readonly hereFirstFixes?: number;
  /**
   * A thread is given a track while fewer fixes than this wait for it; otherwise the track is
   * measured here. Each side stays busy to the end, and neither waits long for the other then.
   */
  readonly backlogFixes?: number;
}

const HERE_FIRST_FIXES = 50_000;
const BACKLOG_FIXES = 20_000;

/** A track sent to a thread: its columns (kept to measure it here should the thread fail). */
interface Asked {
  readonly track: StationTrack;
  readonly coast: Coast | null;
  readonly done: (measures: StationMeasures) => void;
}

interface Helper {
  readonly worker: Worker;
  /** Where its replies come, read as tracks are asked for (no turn of the event loop needed). */
  port: MessagePort | null;
  /** Its slot in the counter of fixes measured. */
  readonly slot: number;
  /** Fixes sent to it so far. */
  sent: number;
  readonly coasts: Set<number>;
  readonly asked: Map<number, Asked>;
  lost: boolean;
}

export class ThreadStationMeasurer implements StationMeasurer {
  private readonly helpers: Helper[];
  /** Fixes each thread has measured (Int32 per thread, added by the thread). */
  private readonly measured: Int32Array;
  private readonly hereFirstFixes: number;
  private readonly backlogFixes: number;
  private readonly coastIds = new Map<Coast, number>();
  private measuredHere = 0;
  private nextTicket = 1;
  private waiting = 0;
  /** Set while `settled` waits. */
  private wake: (() => void) | null = null;
  private fail: ((err: unknown) => void) | null = null;
  /** Tracks of a thread lost, to measure here. */
  private readonly lostAsked: Asked[] = [];

  constructor(workers: readonly Worker[], options: StationMeasurerOptions = {}) {
    this.measured = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, workers.length)));
    this.helpers = workers.map((worker, slot) => ({
      worker,
      port: null,
      slot,
      sent: 0,
      coasts: new Set<number>(),
      asked: new Map<number, Asked>(),
      lost: false,
    }));
    this.hereFirstFixes = options.hereFirstFixes ?? HERE_FIRST_FIXES;
    this.backlogFixes = options.backlogFixes ?? BACKLOG_FIXES;
  }

  /** How many tracks were sent to threads (those of a thread lost since measured here too). */
  get tracksSent(): number {
    return this.nextTicket - 1;
  }

  measure(
    track: StationTrack,
    coast: Coast | null,
    done: (measures: StationMeasures) => void,
  ): void {
    this.drain();
    const helper = this.measuredHere >= this.hereFirstFixes ? this.leastBusy() : null;
    if (helper !== null) {
      this.send(helper, track, coast, done);
      return;
    }
    this.measuredHere += track.length / TRACK_COLUMNS;
    MEASURE_HERE.measure(track, coast, done);
  }

  settled(): Promise<void> {
    const ended = new Promise<void>((resolve, reject) => {
      this.wake = resolve;
      this.fail = reject;
    });
    // The last replies come as events; the ports keep the process alive until they have.
    for (const h of this.helpers) {
      if (h.port === null) continue;
      h.port.on('message', (reply: MeasuredReply) => {
        this.received(h, reply);
        this.step();
      });
      h.port.on('messageerror', () => this.lost(h.worker));
      h.port.ref();
    }
    this.step();
    return ended.finally(() => {
      for (const h of this.helpers) h.port?.close();
    });
  }

  /**
   * A thread failed or stopped: what it was asked is measured here, at the next track asked for or
   * while `settled` waits (an error there is the run's, not thrown into the thread's event).
   */
  lost(worker: Worker): void {
    const helper = this.helpers.find((h) => h.worker === worker);
    if (helper === undefined || helper.lost) return;
    helper.lost = true;
    this.lostAsked.push(...helper.asked.values());
    helper.asked.clear();
    if (this.wake !== null) setImmediate(() => this.step());
  }

  /** While `settled` waits: what has come in, and whether every measure is in. */
  private step(): void {
    if (this.wake === null) return;
    try {
      this.drain();
    } catch (err) {
      const fail = this.fail;
      this.wake = null;
      this.fail = null;
      fail?.(err);
      return;
    }
    if (this.waiting > 0) return;
    const wake = this.wake;
    this.wake = null;
    this.fail = null;
    wake();
  }

  /** The replies that have come, and the tracks of a thread lost measured here. */
  private drain(): void {
    for (const h of this.helpers) {
      if (h.port === null) continue;
      for (let m = receiveMessageOnPort(h.port); m !== undefined; m = receiveMessageOnPort(h.port))
        this.received(h, m.message as MeasuredReply);
    }
    for (let a = this.lostAsked.shift(); a !== undefined; a = this.lostAsked.shift()) {
      this.handOver(a, measureTrack(a.track, a.coast));
    }
  }

  private received(helper: Helper, reply: MeasuredReply): void {
    const asked = helper.asked.get(reply.ticket);
    if (asked === undefined) return;
    helper.asked.delete(reply.ticket);
    this.handOver(asked, reply.measures);
  }

  private handOver(asked: Asked, measures: StationMeasures): void {
    this.waiting -= 1;
    asked.done(measures);
  }

  /** The thread with the fewest fixes waiting, if fewer than the backlog allows. */
  private leastBusy(): Helper | null {
    let best: Helper | null = null;
    let bestBacklog = this.backlogFixes;
    for (const h of this.helpers) {
      if (h.lost) continue;
      const backlog = h.sent - Atomics.load(this.measured, h.slot);
      if (backlog < bestBacklog) {
        best = h;
        bestBacklog = backlog;
      }
    }
    return best;
  }

  private send(
    helper: Helper,
    track: StationTrack,
    coast: Coast | null,
    done: (measures: StationMeasures) => void,
  ): void {
    if (helper.port === null) {
      const { port1, port2 } = new MessageChannel();
      port1.unref();
      helper.port = port1;
      const setup: MeasureSetup = {
        kind: 'measure-setup',
        counter: this.measured.buffer as SharedArrayBuffer,
        slot: helper.slot,
        replies: port2,
      };
      helper.worker.postMessage(setup, [port2]);
    }
    const coastId = coast === null ? -1 : this.coastId(coast);
    if (coast !== null && !helper.coasts.has(coastId)) {
      const message: MeasureCoast = {
        kind: 'measure-coast',
        id: coastId,
        source: coast.source,
        coverage: [...coast.coverage] as [number, number, number, number],
        index: coast.index(),
      };
      helper.worker.postMessage(message);
      helper.coasts.add(coastId);
    }
    const message: MeasureTrack = {
      kind: 'measure',
      ticket: this.nextTicket++,
      coast: coastId,
      track,
    };
    helper.asked.set(message.ticket, { track, coast, done });
    helper.sent += track.length / TRACK_COLUMNS;
    this.waiting += 1;
    // Copied into the message: the columns stay here until the reply.
    helper.worker.postMessage(message);
  }

  private coastId(coast: Coast): number {
    let id = this.coastIds.get(coast);
    if (id === undefined) this.coastIds.set(coast, (id = this.coastIds.size));
    return id;
  }
}

/** What a reading thread keeps to measure tracks: its counter, where it replies, its coasts. */
export class StationMeasuring {
  private counter: Int32Array | null = null;
  private slot = 0;
  private replies: MessagePort | null = null;
  private readonly coasts = new Map<number, Coast>();

  setup(message: MeasureSetup): void {
    this.counter = new Int32Array(message.counter);
    this.slot = message.slot;
    this.replies = message.replies;
  }

  addCoast(message: MeasureCoast): void {
    const { source, coverage, index } = message;
    this.coasts.set(message.id, coastFromIndex(index, { source, coverage }));
  }

  /** Measures a track and replies. */
  measure(message: MeasureTrack): void {
    const coast = message.coast < 0 ? null : (this.coasts.get(message.coast) ?? null);
    if (message.coast >= 0 && coast === null) throw new Error('a track to measure on no coast');
    const reply: MeasuredReply = {
      kind: 'measured',
      ticket: message.ticket,
      measures: measureTrack(message.track, coast),
    };
    this.replies?.postMessage(reply);
    if (this.counter !== null) {
      Atomics.add(this.counter, this.slot, message.track.length / TRACK_COLUMNS);
    }
  }
}
