/**
 * Reading an archive in place: a tar (one file, a split release's parts, or a stream), through the
 * member reader's selection and accounting.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { InputFormat, ReadContext } from '../formats/format.js';
import type { RowResult } from '../types.js';
import {
  NeedMore,
  PartsStore,
  storeChunks,
  STREAMED_MEMBER_BYTES,
  StreamStore,
  type ArchivePart,
  type ByteStore,
  WINDOW_BYTES,
} from './byte-store.js';
import {
  emptySummary,
  MemberReader,
  memberKind,
  type ArchiveChoice,
  type ArchiveSummary,
  type MemberSelection,
  type ReadData,
} from './members.js';
import { TarSkipKernel } from './tar-kernel.js';
import { TarWalker, type WalkRange } from './tar-walk.js';
import {
  DATA_CUT_SHORT,
  localEntries,
  NO_END_RECORD,
  zipEntries,
  zipEntryBytes,
  zipEntryChunks,
  ZipError,
} from './zip.js';
import { InputError } from '../input-error.js';
import { isTar } from '../containers.js';
import { isGzip } from '../decode.js';
import type { TraceTaking } from '../fix-rows.js';

/** An archive named on the command line (or found in a folder), to be read in place. */
export type ArchiveSpec = TarSpec | GlobeDaySpec | ZipSpec;

/** A zip archive: its central directory says what it holds. */
export interface ZipSpec {
  readonly kind: 'zip';
  readonly parts: readonly [ArchivePart];
  readonly day: null;
  /** Members at least this big are read as a stream (STREAMED_MEMBER_BYTES unless given: tests). */
  readonly streamFromBytes?: number;
}

export interface TarSpec {
  readonly kind: 'tar';
  readonly parts: readonly ArchivePart[];
  /** The UTC day it holds (YYYY-MM-DD), when its name says. */
  readonly day: string | null;
  readonly choice?: ArchiveChoice | undefined;
  /** Why it is known to lack data before it is read (a split part missing). */
  readonly incomplete?: string | undefined;
  /**
   * An adsb.lol day release that ends as a whole tar does (end-of-archive blocks, no split part
   * missing), as chooseArchives found: a folder extracted from the day is then left out.
   */
  readonly complete?: boolean;
  /** Only the members whose headers lie in this byte range (one thread's share of the day). */
  readonly range?: WalkRange | undefined;
  /** Members at least this big are read as a stream (STREAMED_MEMBER_BYTES unless given: tests). */
  readonly streamFromBytes?: number;
}

/**
 * A readsb day folder: `traces/xx/trace_full_<hex>.json`, in a readsb/tar1090 globe_history tree
 * (`YYYY/MM/DD/`) or an adsb.lol release extracted.
 */
export interface GlobeDaySpec {
  readonly kind: 'globe-history';
  readonly dir: string;
  /** The UTC day its path, release name or first traces give; null: each trace dated by its own. */
  readonly day: string | null;
  /**
   * The day was read from its first traces: a folder of several days would be dated by a few of
   * them, so the day never leaves the folder unread, and a report says when its fixes lie outside.
   */
  readonly dayFromTraces?: boolean;
  /** Why the day may still be growing (readsb writes it until about 00:55 UTC the next day). */
  readonly incomplete?: string | undefined;
  /** Why this folder is read among others holding the same day (releases.ts oneCopyOfEachDay). */
  readonly choice?: ArchiveChoice | undefined;
  /**
   * The pod of the adsb.lol release whose name dates the folder (a release extracted), absent for
   * a folder dated by its path (a receiver's own globe_history) or by its traces.
   */
  readonly releasePod?: string;
}

/** How an archive is read: which traces to decompress, the format reader, who hears the format. */
export interface ArchiveReading {
  readonly selection: MemberSelection | undefined;
  readonly readData: ReadData;
  readonly onFormat: (format: InputFormat, detectedBy: string) => void;
  /** How the selected traces' rows are taken without a position each, where the input says. */
  readonly traces?: TraceTaking | undefined;
  /** The UTC day a stream's name holds (an adsb.lol release's), for readTarStream. */
  readonly day?: string | null;
}

/** How long reading an archive's files runs before it lets the event loop turn (ms). */
const EVENT_LOOP_TURN_MS = 10;

/**
 * A wait that lets the event loop turn when the last one was more than EVENT_LOOP_TURN_MS ago:
 * reading files in place runs on promises alone, and a reading thread's reply waits for a turn
 * (and the thread, for its next day).
 */
function eventLoopTurns(): () => Promise<void> | null {
  let lastMs = performance.now();
  return () => {
    if (performance.now() - lastMs <= EVENT_LOOP_TURN_MS) return null;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        lastMs = performance.now();
        resolve();
      }),
    );
  };
}

/** The member reader of one archive's reading: its selection, format reader and accounting. */
function memberReader(
  summary: ArchiveSummary,
  ctx: ReadContext,
  sink: (row: RowResult, line: number) => void,
  reading: ArchiveReading,
): MemberReader {
  return new MemberReader(
    summary,
    ctx,
    sink,
    reading.selection,
    reading.readData,
    reading.onFormat,
    reading.traces,
  );
}

/** Reads an archive in place: a tar by positioned reads, a globe_history day by listing. */
export async function readArchive(
  spec: ArchiveSpec,
  ctx: ReadContext,
  sink: (row: RowResult, line: number) => void,
  reading: ArchiveReading,
): Promise<ArchiveSummary> {
  if (spec.kind === 'tar') return readTarFiles(spec, ctx, sink, reading);
  if (spec.kind === 'zip') return readZip(spec, ctx, sink, reading);
  return readGlobeDay(spec, ctx, sink, reading);
}

/** What a file named .zip is when its first bytes say another archive, or null. */
function notZipText(store: PartsStore): string | null {
  const head = Buffer.from(store.read(0, 512));
  if (isTar(head)) return 'it is a tar archive (rename it .tar and sortie reads it in place)';
  if (isGzip(head)) return 'it is gzip-compressed (rename it .gz, or .tar.gz for a tar)';
  return null;
}

/** A zip member that could not be read: cut short (its data ends early), or unreadable. */
function zipDamage(reader: MemberReader, name: string, err: unknown): void {
  const message = (err as Error).message;
  if (message === DATA_CUT_SHORT) reader.damaged(name, 'cut');
  else reader.damaged(name, 'unreadable', message);
}

/**
 * Reads a zip by its central directory: members not selected are never read. One cut short before
 * its directory is read from its members' local headers, up to the cut.
 */
async function readZip(
  spec: ZipSpec,
  ctx: ReadContext,
  sink: (row: RowResult, line: number) => void,
  reading: ArchiveReading,
): Promise<ArchiveSummary> {
  const summary = emptySummary('zip', [spec.parts[0].path]);
  const reader = memberReader(summary, ctx, sink, reading);
  const store = new PartsStore(spec.parts);
  try {
    let entries;
    try {
      entries = zipEntries(store);
    } catch (err) {
      if (!(err instanceof ZipError)) throw err;
      // Cut short before its directory: the members before the cut, from their local headers.
      entries = err.message === NO_END_RECORD ? localEntries(store) : [];
      if (entries.length === 0) {
        throw new InputError(`not a readable zip archive: ${notZipText(store) ?? err.message}`);
      }
      summary.damage.noEndMarker = true;
    }
    const turn = eventLoopTurns();
    for (const entry of entries) {
      const wait = turn();
      if (wait !== null) await wait;
      if (!reader.wants(entry.name, entry.folder ? '5' : '0', false)) continue;
      if (entry.size >= (spec.streamFromBytes ?? STREAMED_MEMBER_BYTES)) {
        // Checked before any row is read, as a member read whole is: a pass that only inflates.
        try {
          for await (const chunk of zipEntryChunks(store, entry)) void chunk;
        } catch (err) {
          zipDamage(reader, entry.name, err);
          continue;
        }
        await reader.take(entry.name, '0', zipEntryChunks(store, entry));
        continue;
      }
      let body: Buffer;
      try {
        body = zipEntryBytes(store, entry);
      } catch (err) {
        zipDamage(reader, entry.name, err);
        continue;
      }
      await reader.take(entry.name, '0', body);
    }
  } finally {
    store.close();
  }
  return summary;
}

/** The folders of a readsb day: its traces, its heatmap and its ACAS records. */
const DAY_FOLDERS = new Set(['traces', 'heatmap', 'acas']);

/**
 * Whether an entry of a day folder's top level belongs to the day: its folders (`traces/`,
 * `heatmap/`, `acas/`), and files that are documents (README, licences). Anything else there
 * (other downloads beside an extracted release, a folder of sources) is an input of its own,
 * walked as any folder's files are.
 */
export function dayFolderHolds(name: string, isDirectory: boolean): boolean {
  return isDirectory ? DAY_FOLDERS.has(name) : memberKind(name).kind === 'not-data';
}

/**
 * Reads a readsb day folder: its folders listed, trace names tested, and only the selected files
 * opened (a receiver's year is some 100 million files: none is opened or even stat'ed unless its
 * name is selected). Of its top level, only what belongs to the day (`dayFolderHolds`). A folder
 * linked to is followed, once.
 */
async function readGlobeDay(
  spec: GlobeDaySpec,
  ctx: ReadContext,
  sink: (row: RowResult, line: number) => void,
  reading: ArchiveReading,
): Promise<ArchiveSummary> {
  const summary: ArchiveSummary = {
    ...emptySummary('globe-history', [spec.dir]),
    day: spec.day,
    ...(spec.dayFromTraces === true ? { dayFromTraces: true } : {}),
    incomplete: spec.incomplete,
    choice: spec.choice,
  };
  const reader = memberReader(summary, ctx, sink, reading);
  const turn = eventLoopTurns();
  const visited = new Set<string>();
  const visit = async (rel: string): Promise<void> => {
    const dir = path.join(spec.dir, rel);
    try {
      const real = realpathSync(dir);
      if (visited.has(real)) return;
      visited.add(real);
    } catch {
      return;
    }
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      if (rel === '') throw err;
      // A folder that cannot be listed is damage of the day, not the end of it.
      summary.members.entries += 1;
      reader.damaged(`${rel}/`, 'unreadable', (err as NodeJS.ErrnoException).code ?? 'unlistable');
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const wait = turn();
      if (wait !== null) await wait;
      if (e.name.startsWith('.')) continue;
      const name = rel === '' ? e.name : `${rel}/${e.name}`;
      const link = linkTarget(spec.dir, name, e);
      if (rel === '' && !dayFolderHolds(e.name, e.isDirectory() || link === 'folder')) continue;
      if (e.isDirectory() || link === 'folder') {
        await visit(name);
        continue;
      }
      if (!reader.wants(name, e.isFile() || link === 'file' ? '0' : 'other', false)) continue;
      let body: Buffer;
      try {
        body = readFileSync(path.join(spec.dir, name));
      } catch {
        reader.damaged(name, 'unreadable');
        continue;
      }
      await reader.take(name, '0', body);
    }
  };
  await visit('');
  return summary;
}

/** Reads a tar from files by positioned reads: bodies not selected are never read. */
export async function readTarFiles(
  spec: TarSpec,
  ctx: ReadContext,
  sink: (row: RowResult, line: number) => void,
  reading: ArchiveReading,
): Promise<ArchiveSummary> {
  const summary: ArchiveSummary = {
    ...emptySummary(
      'tar',
      spec.parts.map((p) => p.path),
    ),
    day: spec.day,
    choice: spec.choice,
    incomplete: spec.incomplete,
  };
  const reader = memberReader(summary, ctx, sink, reading);
  // Windows read into the kernel's memory, where it passes over the members left out.
  const wanted = reader.wantedAddresses();
  const kernel = wanted === undefined ? null : TarSkipKernel.create(wanted);
  const store = new PartsStore(spec.parts, WINDOW_BYTES, kernel?.window);
  try {
    await walk(store, null, reader, kernel, spec.range, spec.streamFromBytes);
  } finally {
    store.close();
    kernel?.release();
  }
  return summary;
}

/**
 * Reads a tar from a stream (standard input, a FIFO), in order, holding only what a member needs.
 * A stream named as an adsb.lol release holds that release's day (`reading.day`), as the file
 * read in place would.
 */
export async function readTarStream(
  chunks: AsyncIterable<Uint8Array>,
  ctx: ReadContext,
  sink: (row: RowResult, line: number) => void,
  reading: ArchiveReading,
): Promise<ArchiveSummary> {
  const summary = {
    ...emptySummary('tar', [ctx.fileName]),
    day: reading.day ?? null,
  };
  const store = new StreamStore();
  const it = chunks[Symbol.asyncIterator]();
  const more = async (): Promise<void> => {
    const next = await it.next();
    if (next.done) store.finish();
    else store.push(next.value);
  };
  try {
    await walk(store, more, memberReader(summary, ctx, sink, reading));
    // What follows the archive's end is read (and dropped) too: the stream is used up.
    while (store.size === null) {
      await more();
      store.release(store.end);
    }
  } finally {
    await it.return?.(undefined);
  }
  return summary;
}

/**
 * What a symbolic link in a day folder points to: a folder (read as if it were here), a file (or
 * what cannot be told: a broken link then reads as unreadable, as before), or another kind (a FIFO,
 * device or socket: not flight data, since reading it would wait for a writer that may never
 * come); null for an entry that is no link.
 */
function linkTarget(
  dir: string,
  name: string,
  e: { isSymbolicLink(): boolean },
): 'folder' | 'file' | 'other' | null {
  if (!e.isSymbolicLink()) return null;
  try {
    const target = statSync(path.join(dir, name));
    return target.isDirectory() ? 'folder' : target.isFile() ? 'file' : 'other';
  } catch {
    return 'file';
  }
}

async function walk(
  store: ByteStore,
  more: (() => Promise<void>) | null,
  reader: MemberReader,
  kernel: TarSkipKernel | null = null,
  range?: WalkRange,
  streamFromBytes: number = STREAMED_MEMBER_BYTES,
): Promise<void> {
  const wanted = reader.wantedAddresses();
  const leftOut = wanted === undefined ? undefined : (address: number) => !wanted.has(address);
  const walker = new TarWalker(store, leftOut, kernel, range);
  /** A store read, with a stream's missing bytes waited for. */
  const retried = async <T>(step: () => T): Promise<T> => {
    for (;;) {
      try {
        return step();
      } catch (err) {
        if (!(err instanceof NeedMore) || more === null) throw err;
        await more();
      }
    }
  };
  // Files need no waiting: the walk stays synchronous (an await per member was a tenth of it).
  const nextEntry = more === null ? () => walker.next() : () => retried(() => walker.next());
  const turn = more === null ? eventLoopTurns() : () => null;
  for (;;) {
    const step = nextEntry();
    const entry = step instanceof Promise ? await step : step;
    if (entry === null) break;
    const wait = turn();
    if (wait !== null) await wait;
    // A member cut short (a gap, the data's end) is read up to the cut.
    const cut = entry.present < entry.size;
    if (!reader.wants(entry.name, entry.type, cut)) continue;
    // A big member of a file (an OpenSky hour's .csv.gz of ~500 MB) is read a MiB at a time.
    if (more === null && entry.present >= streamFromBytes) {
      const { bodyOffset, present } = entry;
      const chunks = async function* (): AsyncGenerator<Buffer> {
        yield* storeChunks(store, bodyOffset, present);
      };
      await reader.take(entry.name, entry.type, chunks(), cut);
      continue;
    }
    const copy = (): Buffer => Buffer.from(store.read(entry.bodyOffset, entry.present));
    const body = more === null ? copy() : await retried(copy);
    await reader.take(entry.name, entry.type, body, cut);
  }
  reader.leftOut(walker.leftOutCount);
  const d = reader.summary.damage;
  d.resyncs = walker.damage.resyncs;
  d.bytesSkipped = walker.damage.bytesSkipped;
  d.cut = walker.damage.cut;
  d.noEndMarker = walker.damage.noEndMarker;
  if (range !== undefined) {
    reader.summary.walked = {
      startedAt: walker.startedAt,
      stoppedAt: walker.stoppedAt,
      records: reader.recordsRead,
      otherData: reader.otherDataRead,
    };
  }
}
