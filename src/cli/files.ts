import { closeSync, createReadStream, openSync, readSync, statSync, promises as fs } from 'node:fs';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import type { ArchivePart } from '../ingest/archive/byte-store.js';
import {
  chooseArchives,
  isTarName,
  wgetCopyOf,
  releaseOf,
  oneCopyOfEachDay,
  releaseFolderLeftOut,
  type LeftOut,
} from '../ingest/archive/releases.js';
import { TAIL_ALLOWED_BYTES } from '../ingest/archive/tar-header.js';
import path from 'node:path';
import type { InputSource } from '../ingest/collect.js';
import { notFlightDataByName } from '../ingest/file-names.js';
import { isGzip } from '../ingest/decode.js';
import { isTar } from '../ingest/containers.js';
import { dayFolderHolds } from '../ingest/archive/read-archive.js';
import { errnoText } from './errno.js';

/** An input the command line named that could not even be listed (missing path, loop, permission). */
export interface UnreadablePath {
  readonly name: string;
  readonly message: string;
}

/** A file a directory walk left out, and why (documentation, a readsb heatmap, ...). */
export interface PassedOver {
  readonly name: string;
  readonly reason: string;
}

/** Patterns with a `/` match the path below the walked directory; others match the file name. */
async function globMatcher(globs: readonly string[]): Promise<(below: string) => boolean> {
  // Loaded only for --glob: most runs never match a pattern.
  const { default: picomatch } = await import('picomatch');
  const byPath = globs.filter((g) => g.includes('/'));
  const byName = globs.filter((g) => !g.includes('/'));
  const pathMatch = byPath.length > 0 ? picomatch(byPath) : () => false;
  const nameMatch = byName.length > 0 ? picomatch(byName) : () => false;
  return (below) => pathMatch(below) || nameMatch(path.posix.basename(below));
}

/**
 * Expands command-line inputs into sources: files as given, directories recursively (sorted, hidden
 * entries skipped), `-` as standard input. Directory symlink cycles are followed once only. With
 * `globs`, files found inside directories are kept only when their path below the directory named on
 * the command line (or, for a pattern without `/`, their name) matches one of them. Files found in
 * directories whose name says they are not flight data (README, a readsb heatmap) are passed over,
 * with the reason; a file named on the command line is always read.
 */
export async function expandInputs(
  inputs: readonly string[],
  stdin: () => AsyncIterable<Uint8Array>,
  globs: readonly string[] = [],
  nowMs: number = Date.now(),
): Promise<{
  sources: InputSource[];
  unreadable: UnreadablePath[];
  passedOver: PassedOver[];
  leftOut: LeftOut[];
}> {
  const wanted = globs.length === 0 ? null : await globMatcher(globs);
  const sources: InputSource[] = [];
  const unreadable: UnreadablePath[] = [];
  const passedOver: PassedOver[] = [];
  const visitedDirs = new Set<string>();
  const foldersLeftOut: LeftOut[] = [];
  /** The day folders read, by their real path (a folder and its traces/ named, read once). */
  const dayHomes = new Set<string>();
  /** The day folders read, by their real path: where each one's source is in `sources`. */
  const daySources = new Map<string, number>();
  /**
   * A day folder met again under a name of an adsb.lol release (a link named after it, walked
   * after the folder's own name): the name dates it, as it would have had it come first.
   */
  const releaseNamed = (p: string, real: string): void => {
    const k = daySources.get(real);
    const source = k === undefined ? undefined : sources[k];
    const a = source?.archive;
    if (k === undefined || a?.kind !== 'globe-history' || a.releasePod !== undefined) return;
    // Only a folder its traces dated (or none did): a receiver's dated path stays its own feed.
    if (a.day !== null && a.dayFromTraces !== true) return;
    const release = releaseOf(path.basename(path.resolve(p)));
    if (release === null) return;
    const { dayFromTraces, ...rest } = a;
    void dayFromTraces;
    sources[k] = {
      ...(source as InputSource),
      archive: { ...rest, day: release.day, releasePod: release.pod },
    };
  };
  /** Each regular file's device and inode, by the name it was found under. */
  const identities = new Map<string, string>();
  /** The FIFOs, devices and sockets named, by device and inode. */
  const streams = new Set<string>();
  const fileSource = (file: string, size: number): InputSource => ({
    name: file,
    open: opener(file),
    path: file,
    size,
  });
  async function walk(p: string, root: string | null): Promise<void> {
    let stat;
    try {
      // As big integers: an inode number past 2^53 (NTFS, some network file systems) must not
      // make two files one.
      stat = await fs.stat(p, { bigint: true });
    } catch (err) {
      unreadable.push({ name: p, message: errnoText(err) });
      return;
    }
    if (!stat.isDirectory()) {
      const below = root === null ? null : path.relative(root, p).split(path.sep).join('/');
      if (below !== null && wanted !== null && !wanted(below)) return;
      if (!stat.isFile()) {
        // A FIFO, device or socket gives its bytes once: named on the command line it is read as
        // standard input is, one stream from its start (a look at its first bytes, or a read by
        // position, would take bytes a second open never gets back, and that open would wait
        // for a writer forever). Found in a folder it is passed over: nobody may ever write to it.
        if (below !== null) passedOver.push({ name: p, reason: NOT_REGULAR });
        else if (!streams.has(`${stat.dev}:${stat.ino}`)) {
          // Named twice (./f and f): read once, since the second open would wait for ever.
          streams.add(`${stat.dev}:${stat.ino}`);
          sources.push(streamSource(p));
        }
        return;
      }
      const reason = below === null ? null : notFlightDataByName(path.basename(p));
      if (reason === null) {
        sources.push(fileSource(p, Number(stat.size)));
        identities.set(p, `${stat.dev}:${stat.ino}`);
      } else passedOver.push({ name: p, reason });
      return;
    }
    const real = await fs.realpath(p);
    if (visitedDirs.has(real)) {
      releaseNamed(p, real);
      return;
    }
    visitedDirs.add(real);
    if (root !== null && path.basename(p) === 'internal_state') {
      passedOver.push({
        name: p,
        reason: "readsb's internal state (--write-globe-history keeps it there): not flight data",
      });
      return;
    }
    // A readsb day (a globe_history day, an adsb.lol release extracted): read by listing its
    // folders, never walked file by file. What else its folder holds (other downloads beside an
    // extracted release) is walked as any folder's files are.
    const day = await dayFolder(p, wanted === null);
    let besideDay = false;
    if (day !== null) {
      // By the name it was given and by its real one (a link named after a prod-0 release).
      const reason = releaseFolderLeftOut(path.resolve(day.home)) ?? releaseFolderLeftOut(day.real);
      const first = !dayHomes.has(day.real);
      dayHomes.add(day.real);
      if (reason !== null) {
        if (first) foldersLeftOut.push({ file: day.home, reason, day: day.day ?? undefined });
        return;
      }
      if (wanted === null) {
        if (first) {
          daySources.set(day.real, sources.length);
          sources.push(globeDaySource(day, nowMs));
        }
        if (day.named) return;
        besideDay = true;
      }
    }
    let entries;
    try {
      entries = await fs.readdir(p);
    } catch (err) {
      unreadable.push({ name: p, message: errnoText(err) });
      return;
    }
    for (const name of entries.sort()) {
      if (name.startsWith('.')) continue;
      if (besideDay && dayFolderHolds(name, await isDirectory(path.join(p, name)))) continue;
      await walk(path.join(p, name), root ?? p);
    }
  }
  for (const input of inputs) {
    if (input === '-') sources.push({ name: '-', open: stdin, once: true });
    else await walk(input, null);
  }
  // One canonical order, whatever the order on the command line or of the directory listing: the
  // same inputs always give the same report. A path named twice is read once, and so is a file
  // named two ways (`f` and `./f`, a link to it): under its plainest name (`f`), else the one
  // that sorts first.
  const seen = new Set<string>();
  const firstName = new Map<string, string>();
  const plainer = (a: string, b: string): boolean => {
    const [pa, pb] = [path.normalize(a) === a, path.normalize(b) === b];
    return pa !== pb ? pa : a < b;
  };
  for (const [name, identity] of identities) {
    const first = firstName.get(identity);
    if (first === undefined || plainer(name, first)) firstName.set(identity, name);
  }
  const sameFile: PassedOver[] = [];
  const files = sources.filter((src) => {
    const identity = identities.get(src.name);
    const first = identity === undefined ? src.name : (firstName.get(identity) as string);
    if (first !== src.name) {
      sameFile.push({ name: src.name, reason: `the same file as ${first}, read once` });
      return false;
    }
    return !seen.has(src.name) && seen.add(src.name);
  });
  const { archives, leftOut } = tarArchives(files);
  const zips = files.filter((f) => f.path !== undefined && /\.zip$/i.test(f.name));
  const unique = [
    ...files.filter((f) => !archives.taken.has(f.name) && !zips.includes(f)),
    ...archives.sources,
    ...zips.map(
      (f): InputSource => ({
        name: f.name,
        open: f.open,
        ...(f.size === undefined ? {} : { size: f.size }),
        archive: { kind: 'zip', parts: [{ path: f.path as string, size: f.size ?? 0 }], day: null },
      }),
    ),
  ];
  unique.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // A day's release tar and folders extracted from its release, given together: one copy is read
  // (a tar cut short beside a folder: both).
  const copies = oneCopyOfEachDay(unique);
  // A file named on the command line is read, though a folder walked holds it too.
  const named = new Set(sources.map((src) => src.name));
  const passed = [
    ...new Map(
      [...passedOver.filter((f) => !named.has(f.name)), ...sameFile].map((f) => [f.name, f]),
    ).values(),
  ];
  passed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    sources: copies.inputs,
    unreadable,
    passedOver: passed,
    // By file, as a database lists what its loads left out: one order whatever was chosen how.
    leftOut: [...leftOut, ...copies.leftOut, ...foldersLeftOut].sort((a, b) =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
    ),
  };
}

/** Why a FIFO, device or socket found in a folder is not read. */
export const NOT_REGULAR =
  'not a regular file (a FIFO, device or socket): name it on the command line to read it';

/** A FIFO, device or socket named on the command line: read once, from its start, as `-` is. */
function streamSource(file: string): InputSource {
  return { name: file, open: opener(file), once: true };
}

/** A file's bytes as a stream, in 1 MiB chunks. */
const opener = (file: string) => () => createReadStream(file, { highWaterMark: 1 << 20 });

/** readsb's folders of traces: the address's last two hex digits (`traces/c7/`). */
const TRACE_FOLDER = /^[0-9a-f]{2}$/i;

/** A readsb day folder found: the folder as named, its real path, and its UTC day. */
interface DayFolder {
  readonly home: string;
  readonly real: string;
  /** Its `traces/` folder was the path given. */
  readonly named: boolean;
  readonly day: string | null;
  /** The day is its first traces' (see GlobeDaySpec.dayFromTraces). */
  readonly dayFromTraces: boolean;
  /** Dated by an adsb.lol release's name, not by its path: the release's pod (GlobeDaySpec). */
  readonly releasePod: string | null;
}

const isDirectory = async (p: string): Promise<boolean> => {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
};

/**
 * A folder holding a readsb day, or null: `traces/` in it, as readsb's globe_history keeps a day
 * (`.../YYYY/MM/DD/traces/c7/trace_full_ae01c7.json`) and as an adsb.lol release extracts (`tar
 * -xf`: `./traces/c7/...`), or that `traces/` folder named itself. Outside a dated globe_history
 * path the folder must say it is a whole day: named after its release
 * (`v2025.02.03-planes-readsb-prod-0/`), a `heatmap/` beside `traces/` (readsb writes one for
 * each day), or all 256 of readsb's two-hex-digit folders in `traces/`. A folder of a few traces
 * kept in readsb's layout (days of one aircraft, say) is read file by file, as any folder. Its UTC
 * day is the path's (`YYYY/MM/DD`), else the release's, else the one its traces give.
 */
async function dayFolder(dir: string, dating: boolean): Promise<DayFolder | null> {
  const named = path.basename(path.resolve(dir)) === 'traces';
  const traces = named ? dir : path.join(dir, 'traces');
  // `x/traces` names x; `.` or `traces/.` inside it, its resolved parent.
  const home = !named
    ? dir
    : path.basename(dir) === 'traces'
      ? path.dirname(dir)
      : path.dirname(path.resolve(dir));
  if (!(await isDirectory(traces))) return null;
  let real: string;
  let names: string[];
  try {
    real = await fs.realpath(home);
    names = (await fs.readdir(traces)).sort();
  } catch {
    return null;
  }
  const found = (
    day: string | null,
    dayFromTraces = false,
    releasePod: string | null = null,
  ): DayFolder => ({ home, real, named, day, dayFromTraces, releasePod });
  // The path as given and as resolved: `.` inside 2025/02/03 is that day.
  const dated = globeHistoryDay(path.resolve(home)) ?? globeHistoryDay(real);
  if (dated !== null && !named) return found(dated);
  const folders: string[] = [];
  for (const name of names) {
    if (TRACE_FOLDER.test(name) && (await isDirectory(path.join(traces, name)))) {
      folders.push(name);
    }
  }
  if (folders.length === 0) return null;
  // The name that dates it names its pod too (a link's name, else the folder's own).
  const release =
    releaseOf(path.basename(path.resolve(home))) ?? releaseOf(path.basename(real)) ?? undefined;
  const wholeDay =
    dated !== null ||
    release !== undefined ||
    folders.length === 256 ||
    (await isDirectory(path.join(home, 'heatmap')));
  if (!wholeDay) return null;
  if (dated !== null) return found(dated);
  if (release !== undefined) return found(release.day, false, release.pod);
  // Dated only when it is read as a day (not with --glob, which walks it file by file).
  const day = dating ? await tracesDay(traces, folders) : null;
  return found(day, day !== null);
}

/** How many traces are opened to date a day folder whose name gives no day. */
const DATING_TRACES = 3;

/**
 * The UTC day the first traces of a day folder's first folders hold (readsb's `timestamp`: 00:00
 * UTC of the trace's day), when they agree; null otherwise (the folder is then read undated, each
 * trace by its own content).
 */
async function tracesDay(traces: string, folders: readonly string[]): Promise<string | null> {
  const days = new Set<number>();
  let dated = 0;
  for (const folder of folders) {
    if (dated === DATING_TRACES) break;
    let names: string[];
    try {
      names = (await fs.readdir(path.join(traces, folder))).filter((n) =>
        n.startsWith('trace_full_'),
      );
    } catch {
      continue;
    }
    const first = names.sort()[0];
    if (first === undefined) continue;
    const dayS = traceDayS(path.join(traces, folder, first));
    if (dayS === null) continue;
    days.add(dayS);
    dated += 1;
  }
  if (days.size !== 1) return null;
  return new Date((days.values().next().value as number) * 1000).toISOString().slice(0, 10);
}

/** A trace's fields before its points lie in this many of its first bytes (`timestamp` among them). */
const TRACE_HEAD_BYTES = 4096;

/** A trace file's `timestamp` (seconds; readsb's is 00:00 UTC of its day), or null. */
function traceDayS(file: string): number | null {
  try {
    // A FIFO would wait for a writer for ever when opened.
    if (!statSync(file).isFile()) return null;
    // Its first bytes, inflated as far as they go (the fields come before the points).
    const bytes = bytesAt(file, 0, TRACE_HEAD_BYTES);
    const head = isGzip(bytes)
      ? gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH })
      : bytes;
    const m = /"timestamp"\s*:\s*(\d+(?:\.\d+)?)/.exec(
      head.subarray(0, 4 * TRACE_HEAD_BYTES).toString('latin1'),
    );
    const s = m === null ? Number.NaN : Number(m[1]);
    return Number.isInteger(s) && s % 86_400 === 0 ? s : null;
  } catch {
    return null;
  }
}

/** The UTC day a globe_history day folder's path names (`.../YYYY/MM/DD`), or null. */
function globeHistoryDay(dir: string): string | null {
  const m = /(?:^|[\\/])(\d{4})[\\/](\d{2})[\\/](\d{2})[\\/]?$/.exec(dir);
  if (m === null) return null;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  // 2025/13/40 is no day.
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === day ? day : null;
}

/** readsb writes a day's traces until 00:55 UTC the next day (globe_index.c). */
const DAY_WRITTEN_UNTIL_MS = 86_400_000 + 55 * 60_000;

function globeDaySource(found: DayFolder, nowMs: number): InputSource {
  const { home: dir, day, dayFromTraces, releasePod: pod } = found;
  const startMs = day === null ? Number.NaN : Date.parse(`${day}T00:00:00Z`);
  const incomplete =
    nowMs < startMs + DAY_WRITTEN_UNTIL_MS
      ? `readsb writes a day's traces until about 00:55 UTC the next day, and this one was read at ${new Date(nowMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`
      : undefined;
  const name = dir.endsWith('/') || dir.endsWith(path.sep) ? dir : `${dir}/`;
  return {
    name,
    archive: {
      kind: 'globe-history',
      dir,
      day,
      ...(dayFromTraces ? { dayFromTraces } : {}),
      ...(pod === null ? {} : { releasePod: pod }),
      incomplete,
    },
    open: () => {
      throw new Error(`${name} is a folder`);
    },
  };
}

/** The first bytes of a file (fewer when it is shorter). */
function bytesAt(file: string, offset: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(length);
    const n = readSync(fd, buf, 0, length, Math.max(0, offset));
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The bytes of a tar's end looked at first (see endsWithEndMarker). */
const TAIL_FIRST_BYTES = 64 << 10;

/** A tar ends with two zero blocks (then zero padding): a copy cut short does not. */
function endsWithEndMarker(parts: readonly ArchivePart[]): boolean {
  const last = parts.at(-1);
  if (last === undefined || last.size < 1024) return false;
  try {
    // The end-of-archive blocks, and no more zeros than a record's padding before them: a copy
    // whose end was never written (zeros to its full size) is not complete. An intact tar's last
    // member ends within a record (10 KiB) of its end, so its last 64 KiB tell; only zeros there
    // ask for the rest of the window.
    const window = Math.min(last.size, TAIL_ALLOWED_BYTES + 1024);
    for (const span of window > TAIL_FIRST_BYTES ? [TAIL_FIRST_BYTES, window] : [window]) {
      const tail = bytesAt(last.path, last.size - span, span);
      for (let i = span - 1024; i < span; i += 1) if (tail[i] !== 0) return false;
      for (let i = span - 1025; i >= 0; i -= 1) if (tail[i] !== 0) return true;
    }
    return window < TAIL_ALLOWED_BYTES + 1024;
  } catch {
    return false;
  }
}

/**
 * Tar files (by name: `.tar`, `.tar.aa`, ...) put together as archives read in place: a split
 * release's parts as one source, one of a release's duplicate asset sets, one pod per adsb.lol day.
 * A gzip-compressed file named `.tar` is left to be read as a stream.
 */
function tarArchives(files: readonly InputSource[]): {
  archives: { sources: InputSource[]; taken: Set<string> };
  leftOut: LeftOut[];
} {
  const names = files.map((f) => f.name);
  const tars = files.filter((f) => {
    if (f.path === undefined || !isTarName(f.name)) return false;
    // wget's `x.tar.1` is another download of x.tar only when it begins as a tar does; otherwise
    // (a part of a set numbered by split -d, a compressed file) it is read by its content.
    if (/\.\d+$/.test(f.name)) {
      if (wgetCopyOf(f.name, names) === null) return false;
      try {
        return isTar(bytesAt(f.path, 0, 512));
      } catch {
        return false;
      }
    }
    if (/\.tar$/i.test(f.name) || /\.tar\.aa$/i.test(f.name)) {
      try {
        const head = bytesAt(f.path, 0, 2);
        if (head[0] === 0x1f && head[1] === 0x8b) return false;
      } catch {
        return false;
      }
    }
    return true;
  });
  const taken = new Set(tars.map((f) => f.name));
  if (tars.length === 0) return { archives: { sources: [], taken }, leftOut: [] };
  const parts = tars.map((f) => ({ path: f.path as string, size: f.size ?? 0 }));
  const { archives, leftOut } = chooseArchives(parts, endsWithEndMarker);
  const sources = archives.map(
    (a): InputSource => ({
      name: a.name,
      size: a.spec.parts.reduce((n, p) => n + p.size, 0),
      archive: a.spec,
      // Read as one stream when no reader can read it in place.
      open: async function* () {
        for (const p of a.spec.parts) yield* createReadStream(p.path, { highWaterMark: 1 << 20 });
      },
    }),
  );
  return { archives: { sources, taken }, leftOut };
}
