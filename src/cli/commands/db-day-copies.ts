/**
 * Copies of one adsb.lol day across loads. A load reads one copy of each day among the inputs it
 * is given (releases.ts oneCopyOfEachDay), but a database keeps what every load put in it: a day's
 * extracted folder loaded once and its tar loaded later (or one pod, then another) leave both
 * copies' rows in it. Nothing is removed (the rows are an earlier load's, and either copy may be
 * the one wanted); the load says so, whichever came first.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { InputSource } from '../../ingest/collect.js';
import { copyOfDay, releaseOf } from '../../ingest/archive/releases.js';

/** An input a load recorded: its key (db-action.ts inputKey) and the name it was read under. */
export interface StoredKey {
  readonly key: string;
  readonly file: string;
}

/** A stored input as a copy of an adsb.lol day. */
export interface StoredCopy {
  readonly key: string;
  readonly day: string;
  /** The real path of each of its files (a split release's parts), or of the folder. */
  readonly paths: readonly string[];
  /** How a message names it: the name it was loaded under, a folder with a trailing `/`. */
  readonly shown: string;
}

const FOLDER = 'folder:';

/** The real path of `p`, or `p` itself when it is gone. */
async function realOrSame(p: string): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch {
    return p;
  }
}

/**
 * The copy of an adsb.lol day a stored input is, or null. A folder's key is its path (with its
 * day when its traces gave it: such a folder is no release's copy), a file's the real path, size
 * and time of each of its parts. The day is the release's that names it: the name it was loaded
 * under (a link's, say), else its path's, else its real path's, as a load dates a folder.
 */
export async function copyOfStored({ key, file }: StoredKey): Promise<StoredCopy | null> {
  const folder = key.startsWith(FOLDER);
  let given: string[];
  if (folder) {
    const rest = key.slice(FOLDER.length);
    if (rest.includes('|')) return null;
    given = [rest];
  } else {
    given = key.split(';').map((part) => part.split('|')[0] ?? '');
    if (!given.every(path.isAbsolute)) return null;
  }
  const paths = await Promise.all(given.map(realOrSame));
  const day =
    releaseOf(file)?.day ??
    releaseOf(given[0] as string)?.day ??
    releaseOf(paths[0] as string)?.day ??
    null;
  if (day === null) return null;
  return { key, day, paths, shown: folder ? `${file.replace(/[\\/]+$/, '')}/` : file };
}

/** The stored inputs that are copies of adsb.lol days. */
export async function storedCopies(stored: readonly StoredKey[]): Promise<StoredCopy[]> {
  const copies = await Promise.all(stored.map(copyOfStored));
  return copies.filter((c) => c !== null);
}

/**
 * Other copies of the day `source` holds among those loads before this one stored, as messages
 * name them: none when `source` is no release's copy. The same file or folder (by its real path:
 * a tar downloaded again, a folder reached by a link) is not another copy; nor is one in `said`
 * (keys a warning already named: a copy loaded before, left out now).
 */
export async function otherCopiesLoaded(
  source: InputSource,
  copies: readonly StoredCopy[],
  said: ReadonlySet<string>,
): Promise<string[]> {
  const day = copyOfDay(source);
  if (day === null) return [];
  const archive = source.archive;
  const own = new Set(
    await Promise.all(
      archive?.kind === 'tar'
        ? archive.parts.map((p) => realOrSame(p.path))
        : [realOrSame(path.resolve(source.name))],
    ),
  );
  return copies
    .filter((c) => c.day === day && !said.has(c.key) && !c.paths.some((p) => own.has(p)))
    .map((c) => c.shown)
    .sort();
}

/** Folder inputs loaded, by their real path and the day their traces gave (see inputKey). */
export type LoadedFolders = Map<string, string>;

/** Where a folder's key puts it in LoadedFolders, or null for any other key. */
async function folderSpot(key: string): Promise<string | null> {
  if (!key.startsWith(FOLDER)) return null;
  const [dir = '', ...day] = key.slice(FOLDER.length).split('|');
  return [await realOrSame(dir), ...day].join('|');
}

/** Records folder inputs' keys (those of earlier loads, then each this load records). */
export async function addLoadedFolders(into: LoadedFolders, keys: Iterable<string>): Promise<void> {
  for (const key of keys) {
    const spot = await folderSpot(key);
    if (spot !== null && !into.has(spot)) into.set(spot, key);
  }
}

/**
 * The key of a load of the folder `key` names under another path to it (a link, `.`), or null:
 * the same folder is already loaded, as its own key would say.
 */
export async function sameFolderLoaded(key: string, loaded: LoadedFolders): Promise<string | null> {
  const spot = await folderSpot(key);
  return spot === null ? null : (loaded.get(spot) ?? null);
}

/**
 * The key by which an earlier load recorded an input left out now (another copy of its day or
 * release is read), or null: a folder's key, or a file's (see db-action.ts inputKey); a split set
 * (named `x.tar.aa…ac`) by its first part's, which its key starts with.
 */
export async function loadedBefore(
  file: string,
  known: ReadonlySet<string>,
): Promise<string | null> {
  const folder = `${FOLDER}${path.resolve(file)}`;
  const reals: string[] = [];
  for (const name of new Set([file, file.replace(/…[a-z]{2}$/, '')])) {
    try {
      reals.push(await fs.realpath(name));
    } catch {
      // No such path (a set's name).
    }
  }
  for (const k of known) {
    if (k === folder || k.startsWith(`${folder}|`)) return k;
    if (reals.some((real) => k.startsWith(`${real}|`))) return k;
  }
  return null;
}
