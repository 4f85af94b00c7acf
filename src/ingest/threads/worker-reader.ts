import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { Registry } from '../../aircraft/registry.js';
import { KeepRules } from '../../aircraft/watch.js';
import type { ArchiveSpec } from '../archive/read-archive.js';
import { joinArchiveRanges, splitsIntoRanges } from '../archive/archive-ranges.js';
import type { InputSource } from '../collect.js';
import { splittableHeader } from '../fast/fast-csv.js';
import { MAX_KERNEL_BOXES } from '../fast/opensky-kernel.js';
import type { InputFormat, ReaderOptions } from '../formats/format.js';
import type { StationMeasurer } from '../../missions/measure.js';
import { ThreadStationMeasurer, type StationMeasurerOptions } from './station-measurer.js';
import {
  joinRanges,
  readOneSource,
  revived,
  type PostedResult,
  type SourceResult,
} from '../source-result.js';
import type { InputReader, ReadJob } from '../../read-inputs.js';
import { readTask, type TaskSetup } from './read-task.js';
import { readingThread } from './reading-threads.js';
import {
  pieceTask,
  postedRegistry,
  STOLEN_TASK_ID,
  type ClaimTasks,
  type ReadTask,
  type StolenReply,
  type TaskReply,
  type WorkerSetup,
} from './worker-protocol.js';
import { MAX_PIECES, RangePieces } from '../fast/range-pieces.js';

/** How far reading has come, for the progress bar. */
export interface ReadProgress {
  readonly files: number;
  readonly filesDone: number;
  readonly bytes: number;
  readonly bytesDone: number;
  /** Rows of the files and ranges finished, and lines of those under way (fast path only). */
  readonly rows: number;
}

export interface WorkerReaderOptions {
  /** The registry, or its promise: the threads start loading their code meanwhile. */
  readonly registry: Registry | Promise<Registry>;
  readonly forced?: InputFormat | undefined;
  readonly reader?: ReaderOptions | undefined;
  /**
   * Threads reading, this one included (one per core is right: each reads as fast as a core can):
   * this thread reads files and byte ranges too, while the others start, so one fewer is started;
   * but gzip files are read on a thread of their own, started for them when none is free.
   */
  readonly threads: number;
  readonly onProgress?: ((progress: ReadProgress) => void) | undefined;
  /** Plain files at least this big are split into byte ranges (tests use small ones). */
  readonly splitMinBytes?: number;
  /** The smallest byte range a split file is cut into. */
  readonly rangeMinBytes?: number;
  /** Day tars at least this big are cut into byte ranges (tests use small ones). */
  readonly splitDayMinBytes?: number;
  /** How many byte ranges a day tar is cut into (one a thread unless given: tests cut more). */
  readonly dayRangeCount?: number;
  /** A thread takes half of what another has left of a range when it is at least this much. */
  readonly stealMinBytes?: number;
  /** How far ahead a day tar's range claims the members it walks (tests: small, to be cut from). */
  readonly claimAheadBytes?: number;
  /** When missions' times on station are measured on the threads (station-measurer.ts). */
  readonly measure?: StationMeasurerOptions;
}

/** Plain files at least this big are split into byte ranges read on several threads. */
const SPLIT_MIN_BYTES = 64 << 20;
/** The smallest byte range a split file is cut into. */
const RANGE_MIN_BYTES = 48 << 20;
/**
 * A thread with no range left takes half of what another has left when that is at least this
 * much: the piece then takes it ~8 ms or more, against a start and a join of a few ms each. From
 * 32 MiB the threads of the 1 GB hour still ended up to 20 ms apart (docs/performance.md).
 */
const STEAL_MIN_BYTES = 16 << 20;
const HEAD_BYTES = 64 << 10;

interface Part {
  readonly task: ReadTask;
  readonly bytes: number;
  result: SourceResult | null;
  progress: number;
  lines: number;
  /**
   * A gzip file: read on a worker thread. Inflating is done on the thread pool, but it goes on only
   * once the reading thread has picked up each inflated chunk: a worker's event loop does that
   * at once, where this thread has garbage collections of a bigger heap and reading of its own.
   */
  readonly gzip: boolean;
  /** The parts claimed together this one is one of (see RangeGroup). */
  readonly group: RangeGroup | null;
}

/**
 * Parts the threads claim from a counter they share: the byte ranges of an input (a big plain
 * file, a day tar), or whole day tars, one part each. Each thread takes the next as soon as it is
 * done with one: they finish together whatever each one's speed and start (this thread starts
 * later, with the region and coast to load, and reads slower), where ranges handed out by message
 * waited for this thread's own range to let its event loop turn (a reading thread idled ~20 ms of
 * a 1 GB hour so).
 */
interface RangeGroup {
  readonly id: number;
  /** Shared: the index of the next range to claim. */
  readonly counter: Int32Array;
  /** The parts, in the order they are claimed (an input's ranges: in the order they are joined). */
  readonly parts: readonly Part[];
  /**
   * The ranges as pieces a thread with nothing left to claim cuts from, and the pieces cut so far
   * that this thread knows of.
   */
  readonly pieces: RangePieces | null;
  readonly stolen: Part[];
}

interface JobState {
  readonly job: ReadJob;
  parts: Part[];
  result: SourceResult | null;
}

/**
 * Reads inputs on several threads (one `read` at a time; `close` when done): files spread over the
 * worker threads and this one, big plain files cut into line-aligned byte ranges. Results are
 * joined in file and range order, so they are the same as one thread's whatever thread finishes
 * first. Inputs without a path (standard input, in-memory sources) are read on this thread.
 */
export class WorkerReader implements InputReader {
  private readonly options: WorkerReaderOptions;
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private queue: Part[] = [];
  /** Byte ranges still being claimed (their parts are not in the queue). */
  private groups: RangeGroup[] = [];
  /** Ranges of the groups, by task id: a thread's replies name the range it claimed. */
  private readonly claimable = new Map<number, Part>();
  private readonly running = new Map<number, Part>();
  private nextId = 1;
  /** Day tars cut into byte ranges, and those whose ranges did not join up (read whole again). */
  readonly days = { cut: 0, readWhole: 0 };
  /** Byte ranges (of plain files and day tars) the other threads claimed and read. */
  rangesOnThreads = 0;
  /** Byte ranges of plain files this thread read (with no other thread, a big file's one range). */
  rangesHere = 0;
  /** Pieces a thread cut from another's range of a plain file and read (any thread). */
  piecesStolen = 0;
  /** Every group of this read with pieces to cut (the groups still claimable are `groups`). */
  private pieceGroups: RangeGroup[] = [];
  private failure: Error | null = null;
  private closing = false;
  private measurer: ThreadStationMeasurer | null = null;

  private readonly registry: Promise<Registry>;

  /** No reading thread besides this one: nothing to balance, nothing another thread could take. */
  private get oneThread(): boolean {
    return this.options.threads < 2;
  }

  /** Starts the threads at once; they get the registry when it is there. */
  constructor(options: WorkerReaderOptions) {
    this.options = options;
    this.registry = Promise.resolve(options.registry);
    this.registry.catch(() => undefined);
    this.startWorkers(options.threads - 1);
  }

  async read(
    jobs: readonly ReadJob[],
    take: (result: SourceResult, job: number) => void,
  ): Promise<void> {
    // Every thread has had its setup message (queued when the registry came) before any task.
    const registry = await this.registry;
    const here = {
      registry,
      rules: KeepRules.for(registry),
      forced: this.options.forced,
      reader: this.options.reader,
    };
    this.setupHere = here;
    const states: JobState[] = jobs.map((job) => ({
      job,
      parts: [],
      result: null,
    }));
    // Results go to `take` in job order, each as soon as those before it have gone.
    let next = 0;
    const hand = (): void => {
      for (let s = states[next]; s !== undefined && s.result !== null; s = states[next]) {
        next += 1;
        take(s.result, next - 1);
      }
    };
    const local: JobState[] = [];
    // Archives (a day tar each) are spread over the threads, claimed as below: a year of days on
    // every core. Fewer days than threads are each cut into byte ranges, read on every thread.
    const days = states.filter((s) => s.job.source.archive !== undefined).length;
    const cutDays = days < this.options.threads;
    for (const state of states) {
      const { archive } = state.job.source;
      if (archive !== undefined) state.parts = this.archiveParts(state.job, archive, cutDays);
      else if (state.job.source.path === undefined) local.push(state);
      else state.parts = this.plan(state.job);
    }
    // Whole days are claimed from a shared counter, as byte ranges are (the biggest first, as the
    // queue has them; days of one size in input order): a thread done with one takes the next at
    // once. Handed out by this thread, a thread's next day waited for this thread's next turn of
    // the event loop, which its own day's walk takes every 10 ms (on 365 day tars the other
    // thread idled a quarter of its time).
    const wholeDays = states
      .filter(
        (s) =>
          s.job.source.archive !== undefined && s.parts.length === 1 && s.parts[0]?.group === null,
      )
      .sort((a, b) => (b.parts[0] as Part).bytes - (a.parts[0] as Part).bytes);
    if (!this.oneThread && wholeDays.length > 1) {
      const grouped = claimed(wholeDays.map((s) => s.parts[0] as Part));
      wholeDays.forEach((s, k) => (s.parts = [grouped[k] as Part]));
    }
    const sizeOf = (s: JobState): number =>
      s.job.source.size ?? s.parts.reduce((m, p) => m + p.bytes, 0);
    const totalBytes = states.reduce((n, s) => n + sizeOf(s), 0);
    // Bytes read on this thread, for inputs without a known size (standard input) included.
    let localBytes = 0;
    const report = (): void => {
      if (this.options.onProgress === undefined) return;
      let bytesDone = localBytes;
      let rows = 0;
      let filesDone = 0;
      for (const s of states) {
        if (s.result !== null) {
          filesDone += 1;
          rows += s.result.summary.rows;
          if (s.parts.length > 0) bytesDone += sizeOf(s);
          continue;
        }
        for (const p of s.parts) {
          bytesDone += p.result === null ? p.progress : p.bytes;
          rows += p.result === null ? p.lines : p.result.summary.rows;
        }
      }
      this.options.onProgress({
        files: states.length,
        filesDone,
        bytes: totalBytes,
        bytesDone: Math.min(bytesDone, totalBytes),
        rows,
      });
    };
    this.tick = report;
    const parts = states.flatMap((s) => s.parts);
    this.groups = [...new Set(parts.flatMap((p) => (p.group === null ? [] : [p.group])))];
    this.pieceGroups = this.groups.filter((g) => g.pieces !== null);
    for (const p of parts) if (p.group !== null) this.claimable.set(p.task.id, p);
    // The biggest first, for the threads to end together; one thread reads in input order, each
    // result handed on as it is read (none held for the ones before it).
    const oneThread = this.oneThread;
    this.queue = parts
      .filter((p) => p.group === null)
      .sort((a, b) => (oneThread ? 0 : b.bytes - a.bytes) || a.task.id - b.task.id);
    const workersDone = this.drain(states, () => {
      try {
        hand();
      } catch (err) {
        this.fail(err instanceof Error ? err : new Error(String(err)));
      }
      report();
    });
    for (const state of local) {
      const source = countingSource(state.job.source, (n) => {
        localBytes += n;
        report();
      });
      state.result = await readOneSource(source, state.job.fileIndex, {
        forced: this.options.forced,
        reader: this.options.reader,
        rule: here.rules.rule(state.job.spec),
        coverageBoxes: state.job.coverageBoxes ?? undefined,
      });
      hand();
      report();
    }
    await workersDone;
    hand();
    report();
  }

  /**
   * Missions' times on station measured on the threads as well as this one, once the inputs are
   * read (null with no thread besides this one).
   */
  stationMeasurer(): StationMeasurer | null {
    if (this.workers.length === 0) return null;
    this.measurer = new ThreadStationMeasurer(this.workers, this.options.measure);
    return this.measurer;
  }

  /** Tracks the threads were given to measure. */
  get tracksMeasuredOnThreads(): number {
    return this.measurer?.tracksSent ?? 0;
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
    this.idle.length = 0;
  }

  private plan(job: ReadJob): Part[] {
    const path = job.source.path as string;
    const size = job.source.size ?? statSync(path).size;
    const whole = (): Part[] => [this.part(job, path, null, size)];
    // Byte ranges are read by the fast path's kernel alone, which holds so many regions' boxes.
    if ((job.coverageBoxes?.length ?? 0) > MAX_KERNEL_BOXES) return whole();
    let head: Buffer;
    try {
      head = readHead(path);
    } catch {
      // A path whose start cannot be read where it lies (a pipe, a socket, no permission): read
      // whole, as a stream, so that what it does is the input's own error, the others read on.
      return whole();
    }
    if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
      return this.oneThread ? whole() : [this.part(job, path, null, size, true)];
    }
    if (size < (this.options.splitMinBytes ?? SPLIT_MIN_BYTES)) return whole();
    const header = splittableHeader(head, this.options.forced, this.options.reader);
    if (header === null) return whole();
    // One thread reads the file as one range (by positioned reads into the kernel's memory, not a
    // stream's fresh buffers), taken in its turn among the inputs, whose results then go on in
    // order as they are read: no range for another thread to claim.
    if (this.oneThread) return [this.part(job, path, { start: 0, end: size, header }, size)];
    const ranges = fileRanges(
      size,
      this.options.threads,
      this.options.rangeMinBytes ?? RANGE_MIN_BYTES,
    );
    const pieces = RangePieces.of(ranges);
    return claimed(
      ranges.map(([start, end], slot) =>
        this.part(
          job,
          path,
          { start, end, header, piece: { buffer: pieces.buffer, slot } },
          end - start,
        ),
      ),
      pieces,
    );
  }

  private archivePart(job: ReadJob, archive: ArchiveSpec): Part {
    const path = archive.kind === 'globe-history' ? archive.dir : (archive.parts[0]?.path ?? '');
    const bytes =
      archive.kind === 'tar' && archive.range !== undefined
        ? archive.range.end - archive.range.start
        : (job.source.size ??
          (archive.kind === 'globe-history' ? 0 : archive.parts.reduce((n, p) => n + p.size, 0)));
    return this.part(job, path, null, bytes, false, archive);
  }

  /** An archive's parts: itself, or, when `cut` and it is a big day tar, its byte ranges. */
  private archiveParts(job: ReadJob, archive: ArchiveSpec, cut: boolean): Part[] {
    if (!cut || this.oneThread || !splitsIntoRanges(archive, this.options.splitDayMinBytes)) {
      return [this.archivePart(job, archive)];
    }
    const size = archive.parts.reduce((n, p) => n + p.size, 0);
    // One a thread (more cost more than they balance: on the 2.44 GB day with two threads, 2
    // ranges 0.525 s, 4 ranges 0.567 s, 14 of 256 MiB down to 64 MiB 0.574 s), on the tar's
    // 512-byte grid; a thread done with its own then cuts half of what another has left.
    const ranges = equalRanges(
      size,
      Math.min(this.options.dayRangeCount ?? this.options.threads, MAX_PIECES),
      512,
    );
    const pieces = RangePieces.of(ranges);
    this.days.cut += 1;
    return claimed(
      ranges.map(([start, end], slot) =>
        this.archivePart(job, {
          ...archive,
          range: {
            start,
            end,
            piece: { buffer: pieces.buffer, slot, claimAheadBytes: this.options.claimAheadBytes },
          },
        }),
      ),
      pieces,
    );
  }

  private part(
    job: ReadJob,
    path: string,
    range: ReadTask['range'],
    bytes: number,
    gzip = false,
    archive: ArchiveSpec | null = null,
  ): Part {
    const task: ReadTask = {
      kind: 'task',
      id: this.nextId++,
      path,
      name: job.source.name,
      fileIndex: job.fileIndex,
      spec: job.spec,
      coverageBoxes: job.coverageBoxes,
      range,
      archive,
    };
    return {
      task,
      bytes,
      result: null,
      progress: 0,
      lines: 0,
      gzip,
      group: null,
    };
  }

  /** Runs the queued parts on the workers until every file has its result. */
  private drain(states: JobState[], report: () => void): Promise<void> {
    const pending = (): boolean => states.some((s) => s.parts.length > 0 && s.result === null);
    const settle = (): void => {
      for (const s of states) {
        if (s.result !== null || s.parts.length === 0) continue;
        const parts = withPieces(s.parts);
        if (parts === null || parts.some((p) => p.result === null)) continue;
        const results = parts.map((p) => p.result as SourceResult);
        const { archive } = s.job.source;
        const joined =
          parts.length === 1
            ? results[0]!
            : archive !== undefined
              ? joinArchiveRanges(results, s.job.fileIndex)
              : joinRanges(results, s.job.fileIndex);
        if (joined !== null) {
          s.result = joined;
          // The ranges' fixes are in the file's store now (the first range's may be that store).
          if (parts.length > 1) {
            for (const r of results) if (r.positions !== joined.positions) r.positions.release();
          }
          continue;
        }
        for (const r of results) r.positions.release();
        if (archive !== undefined) {
          // The ranges' walks did not join up: the day is walked whole after all.
          this.days.readWhole += 1;
          s.parts = [this.archivePart(s.job, archive)];
        } else {
          // A quote in a range: the file is read whole after all.
          const path = s.job.source.path as string;
          s.parts = [this.part(s.job, path, null, s.job.source.size ?? statSync(path).size)];
        }
        this.queue.push(...s.parts);
      }
    };
    return new Promise<void>((resolve, reject) => {
      const pump = (): void => {
        if (this.failure !== null) {
          reject(this.failure);
          return;
        }
        settle();
        report();
        if (!pending()) {
          resolve();
          return;
        }
        // A gzip file waiting while every worker is busy gets one more (this thread does not read it).
        const gzipWaits =
          !this.oneThread && this.queue.some((p) => p.gzip) && this.idle.length === 0;
        this.startWorkers(
          Math.min(this.options.threads - 1 + (gzipWaits ? 1 : 0), this.options.threads),
        );
        for (;;) {
          const worker = this.idle.pop();
          if (worker === undefined) break;
          // A gzip file first: only a worker reads one, where this thread claims ranges too.
          const gzipAt = this.queue.findIndex((p) => p.gzip);
          if (gzipAt < 0 && this.openGroup() !== null) {
            // Every group still open, in order: a thread done with one claims from the next
            // without waiting for this one to hand it over.
            const claim: ClaimTasks = {
              kind: 'claim',
              groups: this.groups.map((g) => ({
                id: g.id,
                counter: g.counter.buffer as SharedArrayBuffer,
                tasks: g.parts.map((p) => p.task),
                pieces: g.pieces?.buffer ?? null,
                stealMinBytes: this.stealMinBytes(),
              })),
            };
            worker.postMessage(claim);
            continue;
          }
          const [part] = this.queue.splice(Math.max(0, gzipAt), 1);
          if (part === undefined) {
            this.idle.push(worker);
            break;
          }
          this.running.set(part.task.id, part);
          worker.postMessage(part.task);
        }
        this.readHere();
      };
      this.pump = pump;
      pump();
    });
  }

  private pump: () => void = () => undefined;
  /** Set while this thread reads a part. */
  private busyHere = false;
  private setupHere: (TaskSetup & { readonly registry: Registry }) | null = null;

  /**
   * Reads the next part here, when this thread is not reading one already: not a gzip file, unless
   * there is no worker to read it (one core).
   */
  private readHere(): void {
    if (this.busyHere || this.setupHere === null) return;
    const part = this.claimHere() ?? this.takeHere() ?? this.stealHere();
    if (part === null) return;
    this.busyHere = true;
    if (part.task.range !== null) this.rangesHere += 1;
    this.running.set(part.task.id, part);
    readTask(part.task, this.setupHere, (bytes, lines) => {
      part.progress = bytes;
      part.lines = lines;
      this.tick();
    })
      .then(
        (result) => {
          part.result = result;
        },
        (err: unknown) => this.fail(new Error(`reading ${part.task.name}: ${String(err)}`)),
      )
      .finally(() => {
        this.running.delete(part.task.id);
        this.claimable.delete(part.task.id);
        this.busyHere = false;
        // Through the event loop: a part read here runs on promises alone (a day tar's walk), and
        // the threads' replies wait for the loop; pumped at once, this thread took part after part
        // while the threads, done, waited unheard (20 day tars: one was read on a thread).
        setImmediate(() => this.pump());
      });
  }
  private tick: () => void = () => undefined;

  /** The first input whose ranges are not all claimed yet, or null (the others, still open, after it). */
  private openGroup(): RangeGroup | null {
    this.groups = this.groups.filter((g) => Atomics.load(g.counter, 0) < g.parts.length);
    return this.groups[0] ?? null;
  }

  /** The next range of an input for this thread, claimed as the other threads claim theirs. */
  private claimHere(): Part | null {
    for (let group = this.openGroup(); group !== null; group = this.openGroup()) {
      const part = group.parts[Atomics.add(group.counter, 0, 1)];
      if (part !== undefined) return part;
    }
    return null;
  }

  /**
   * Half of what another thread has left of a range, cut off for this thread to read, when some
   * range has enough left (a range read to its end has nothing left: see RangePieces.commit).
   */
  private stealHere(): Part | null {
    for (const group of this.pieceGroups) {
      const model = group.parts[0];
      if (group.pieces === null || model === undefined) continue;
      const cut = group.pieces.steal(this.stealMinBytes());
      if (cut === null) continue;
      this.piecesStolen += 1;
      const part = pieceOf(model, pieceTask(model.task, cut, group.pieces.buffer, this.nextId++));
      group.stolen.push(part);
      return part;
    }
    return null;
  }

  private stealMinBytes(): number {
    return this.options.stealMinBytes ?? STEAL_MIN_BYTES;
  }

  /** The next part of the queue this thread reads: not a gzip file, unless it is alone. */
  private takeHere(): Part | null {
    const at = this.queue.findIndex((p) => !p.gzip || this.oneThread);
    if (at < 0) return null;
    return (this.queue.splice(at, 1) as [Part])[0];
  }

  private startWorkers(wanted: number): void {
    while (this.workers.length < wanted) {
      const worker = readingThread();
      const sendSetup = (registry: Registry): void => {
        const setup: WorkerSetup = {
          kind: 'setup',
          registry: postedRegistry(registry),
          // Made here once (this thread needs them too), handed over rather than made again.
          rules: KeepRules.for(registry).shared(),
          forced: this.options.forced?.name ?? null,
          reader: this.options.reader ?? null,
        };
        worker.postMessage(setup);
      };
      // A thread started while reading (for a gzip file) gets its setup before its task.
      if (this.setupHere !== null) sendSetup(this.setupHere.registry);
      // A registry that failed to load is the command's error to report, once, not this thread's.
      else this.registry.then(sendSetup, () => undefined);
      worker.on('message', (reply: TaskReply) => this.onReply(worker, reply));
      worker.on('error', (err) => {
        this.measurer?.lost(worker);
        this.fail(err);
      });
      worker.on('exit', (code) => {
        this.measurer?.lost(worker);
        // Not handed out again (to measure, or to read).
        for (const list of [this.workers, this.idle]) {
          const k = list.indexOf(worker);
          if (k >= 0) list.splice(k, 1);
        }
        if (code !== 0 && !this.closing)
          this.fail(new Error(`a reading thread stopped (exit code ${code})`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  private onReply(worker: Worker, reply: TaskReply): void {
    if (reply.kind === 'claims-done') {
      this.idle.push(worker);
      this.pump();
      return;
    }
    if (reply.kind === 'done' && reply.piece !== undefined) {
      this.pieceRead(reply.piece, reply.result);
      return;
    }
    const part = this.running.get(reply.id) ?? this.claimable.get(reply.id);
    if (part === undefined) {
      // A piece cut from a range failed: there is no part of it here yet.
      if (reply.kind === 'failed')
        this.fail(new Error(`reading a piece of a file: ${reply.message}`));
      return;
    }
    if (reply.kind === 'progress') {
      part.progress = reply.bytes;
      part.lines = reply.lines;
      this.tick();
      return;
    }
    this.running.delete(reply.id);
    this.claimable.delete(reply.id);
    // A thread claiming ranges is free only when none is left (claims-done).
    if (reply.kind === 'failed' || reply.claimed !== true) this.idle.push(worker);
    else if (
      part.task.range !== null ||
      (part.task.archive?.kind === 'tar' && part.task.archive.range !== undefined)
    ) {
      this.rangesOnThreads += 1;
    }
    if (reply.kind === 'failed') {
      this.fail(new Error(`reading ${part.task.name}: ${reply.message}`));
      return;
    }
    part.result = revived(reply.result);
    this.pump();
  }

  /** A piece another thread cut from a range and read: joined with the file's ranges. */
  private pieceRead(piece: StolenReply, result: PostedResult): void {
    const group = this.pieceGroups.find((g) => g.id === piece.group);
    const model = group?.parts[0];
    if (group === undefined || group.pieces === null || model === undefined) return;
    this.piecesStolen += 1;
    this.rangesOnThreads += 1;
    const task = pieceTask(model.task, piece, group.pieces.buffer, STOLEN_TASK_ID);
    group.stolen.push({ ...pieceOf(model, task), result: revived(result) });
    this.pump();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.pump();
  }
}

/**
 * A file's parts with the pieces cut from its ranges, in file order; null while a piece some
 * thread cut is not known here yet (its reply is under way).
 */
function withPieces(parts: readonly Part[]): readonly Part[] | null {
  const group = parts[0]?.group;
  if (group === undefined || group === null || group.pieces === null) return parts;
  if (group.pieces.count() !== group.parts.length + group.stolen.length) return null;
  if (group.stolen.length === 0) return parts;
  return [...parts, ...group.stolen].sort((a, b) => taskStart(a.task) - taskStart(b.task));
}

/** Where a task's byte range (of a plain file or a day tar) starts. */
function taskStart(task: ReadTask): number {
  const archive = task.archive;
  return archive?.kind === 'tar' ? (archive.range?.start ?? 0) : (task.range?.start ?? 0);
}

/** The part of a piece cut from one of the ranges of `model`'s file, read by `task`, not yet read. */
function pieceOf(model: Part, task: ReadTask): Part {
  return { ...model, task, bytes: 0, result: null, progress: 0, lines: 0 };
}

/** Parts made a group the threads claim them from (see RangeGroup), in the order given. */
function claimed(ranges: readonly Part[], pieces: RangePieces | null = null): Part[] {
  const parts: Part[] = [];
  const group: RangeGroup = {
    id: (nextGroupId += 1),
    counter: new Int32Array(new SharedArrayBuffer(4)),
    parts,
    pieces,
    stolen: [],
  };
  for (const r of ranges) parts.push({ ...r, group });
  return parts;
}

let nextGroupId = 0;

/**
 * Byte ranges of a file of `size` bytes: one a thread, of equal size, none under `smallest` bytes
 * (a smaller file is cut into fewer); a thread that runs out takes half of what another has left
 * (range-pieces.ts), which evens out the threads' ends. Each range a thread starts costs it a start
 * of its own: its reader's code for the rows it builds (aircraft of the bundled table) warms up
 * again, at 12–29 µs a row against 2–3 once warm. One a thread against two, as before the halving
 * existed: the 1 GB hour with 64 such aircraft in the air 0.854 → 0.759 s (16 interleaved rounds,
 * faster in 15), the bench's own hour 0.568 → 0.564 s.
 */
export function fileRanges(size: number, threads: number, smallest: number): [number, number][] {
  // No more than the pieces that have a slot (RangePieces): beyond them, on 65 threads, a range's
  // end was lost and its rows read twice.
  const count = Math.min(threads, MAX_PIECES, Math.floor(size / Math.max(1, smallest)));
  return equalRanges(size, count, 1);
}

/**
 * `size` bytes cut into `count` ranges (at least one) of equal size, back to back, each start a
 * multiple of `grid` (the last range takes what is left; empty ones are dropped).
 */
export function equalRanges(size: number, count: number, grid: number): [number, number][] {
  const n = Math.max(1, Math.floor(count));
  const cut = (k: number): number => (k >= n ? size : Math.floor((size * k) / n / grid) * grid);
  const ranges: [number, number][] = [];
  for (let k = 0; k < n; k += 1) {
    if (cut(k + 1) > cut(k)) ranges.push([cut(k), cut(k + 1)]);
  }
  return ranges;
}

function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    return head.subarray(0, readSync(fd, head, 0, HEAD_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/** A source whose bytes are counted as they are read (progress of inputs read on this thread). */
function countingSource(source: InputSource, onBytes: (n: number) => void): InputSource {
  return {
    ...source,
    open: async function* () {
      for await (const chunk of source.open()) {
        onBytes(chunk.length);
        yield chunk;
      }
    },
  };
}
