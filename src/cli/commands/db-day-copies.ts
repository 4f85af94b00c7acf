/**
 * What earlier loads put into the database that an input loaded now repeats. A load reads one copy
 * of each adsb.lol day among the inputs it is given (releases.ts oneCopyOfEachDay), but a database
 * keeps what every load put in it: a day's extracted folder loaded once and its tar loaded later
 * (or one pod, then another), or a file loaded again after it changed (a new download over it),
 * leave both copies' rows in it. Nothing is removed (the rows are an earlier load's, and either may
 * be the one wanted); the load says so. Stored inputs are known by their keys (db-action.ts
 * inputKey) as recorded then: a folder by the path it was given as, a file by the real path, size
 * and time of each of its parts.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { InputSource } from '../../ingest/collect.js';
import { copyOfDay, releaseOf } from '../../ingest/archive/releases.js';

/** An input a load recorded: its key and the name it was read under. */
export interface StoredKey {
  readonly key: string;
  readonly file: string;
}

/** A stored input as a copy of an adsb.lol day. */
export interface StoredCopy {
  readonly key: string;
  readonly day: string;
  /** Its files' real paths (a split release's parts), or the folder's path, as recorded. */
  readonly paths: readonly string[];
  /** How a message names it: its path as recorded (a folder's with a trailing `/`). */
  readonly shown: string;
}

const FOLDER = 'folder:';

/** The real paths of a file key's parts (`real|size|time;…`), or null for any other key. */
function fileKeyPaths(key: string): string[] | null {
  if (key.startsWith(FOLDER)) return null;
  const paths = key.split(';').map((part) => part.split('|')[0] ?? '');
  return paths.every(path.isAbsolute) ? paths : null;
}

/**
 * The copy of an adsb.lol day a stored input is, or null. The day is the release's that names it:
 * the name it was loaded under (a link's, say), else its recorded path's. A folder dated by its
 * traces (its key ends with that day) is no release's copy.
 */
export function copyOfStored({ key, file }: StoredKey): StoredCopy | null {
  let paths: string[];
  let shown: string;
  if (key.startsWith(FOLDER)) {
    const dir = key.slice(FOLDER.length);
    if (dir.includes('|')) return null;
    paths = [dir];
    shown = `${dir}/`;
  } else {
    const files = fileKeyPaths(key);
    if (files === null) return null;
    paths = files;
    const first = files[0] as string;
    shown = files.length > 1 ? `${first}…${(files.at(-1) as string).slice(-2)}` : first;
  }
  const day = releaseOf(file)?.day ?? releaseOf(paths[0] as string)?.day ?? null;
  return day === null ? null : { key, day, paths, shown };
}

/** The stored inputs that are copies of adsb.lol days. */
export function storedCopies(stored: readonly StoredKey[]): StoredCopy[] {
  return stored.map(copyOfStored).filter((c) => c !== null);
}

/** The real path of `p`, or `p` itself when it is gone. */
async function realOrSame(p: string): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch {
    return p;
  }
}

/**
 * Other copies of the day `source` holds among those loads before this one stored, as messages
 * name them: none when `source` is no release's copy. The same file (by its real path: the key
 * of a file in another state, which changedSinceLoaded says) or folder (by its path or real path)
 * is not another copy; nor is one in `said` (keys a warning already named: a copy loaded before,
 * left out now).
 */
export async function otherCopiesLoaded(
  source: InputSource,
  copies: readonly StoredCopy[],
  said: ReadonlySet<string>,
): Promise<string[]> {
  const day = copyOfDay(source);
  if (day === null) return [];
  const archive = source.archive;
  const own = new Set<string>();
  if (archive?.kind === 'tar') {
    for (const p of archive.parts) own.add(await realOrSame(p.path));
  } else {
    const dir = path.resolve(source.name);
    own.add(dir).add(await realOrSame(dir));
  }
  const shown = copies
    .filter((c) => c.day === day && !said.has(c.key) && !c.paths.some((p) => own.has(p)))
    .map((c) => c.shown);
  return [...new Set(shown)].sort();
}

/**
 * The files of stored inputs by real path: each path's keys (a file's, a split set's). Built once
 * a load, so that each input loaded looks its paths up.
 */
export function storedFiles(stored: readonly StoredKey[]): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const { key } of stored) {
    for (const p of fileKeyPaths(key) ?? []) byPath.set(p, [...(byPath.get(p) ?? []), key]);
  }
  return byPath;
}

/**
 * Whether a file input (its key now, `real|size|time;…`) was loaded before in another state: a
 * stored key names one of its real paths with another size or time (a download again over it, a
 * log grown since). The keys differ, so the load reads it again, and the database then holds the
 * rows of both states.
 */
export function changedSinceLoaded(key: string, files: ReadonlyMap<string, string[]>): boolean {
  for (const p of fileKeyPaths(key) ?? []) {
    if ((files.get(p) ?? []).some((k) => k !== key)) return true;
  }
  return false;
}

/**
 * The key by which an earlier load recorded an input left out now (another copy of its day or
 * release is read), or null: a folder's key (its path, with the day its traces gave), or a file's
 * by any of its real paths (`files`, storedFiles); a split set (named `x.tar.aa…ac`) by its first
 * part's.
 */
export async function loadedBefore(
  file: string,
  known: ReadonlySet<string>,
  files: ReadonlyMap<string, string[]>,
): Promise<string | null> {
  const folder = `${FOLDER}${path.resolve(file)}`;
  for (const k of known) if (k === folder || k.startsWith(`${folder}|`)) return k;
  for (const name of new Set([file, file.replace(/…[a-z]{2}$/, '')])) {
    try {
      const stored = files.get(await fs.realpath(name));
      if (stored !== undefined) return stored[0] as string;
    } catch {
      // No such path (a set's name).
    }
  }
  return null;
}
