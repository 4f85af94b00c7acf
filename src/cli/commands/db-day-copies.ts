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

/** A file's or a folder's input key (db-action.ts inputKey) names its copy of a day so. */
interface KeyedCopy {
  readonly day: string;
  /** The real path of each of its files (a split release's parts), or the folder's path. */
  readonly paths: readonly string[];
  /** How a message names it: the folder with a trailing `/`, a split set as `x.tar.aa…ac`. */
  readonly shown: string;
}

const FOLDER = 'folder:';

/**
 * The copy of an adsb.lol day an input key stands for, or null. A folder's key is its path (and
 * its day when its traces gave it: such a folder is not a release's copy, db-action.ts inputKey),
 * a file's the real path, size and time of each of its parts; both name the release.
 */
export function copyOfKey(key: string): KeyedCopy | null {
  if (key.startsWith(FOLDER)) {
    const rest = key.slice(FOLDER.length);
    if (rest.includes('|')) return null;
    const day = releaseOf(rest)?.day ?? null;
    return day === null ? null : { day, paths: [rest], shown: `${rest}${path.sep}` };
  }
  const paths = key.split(';').map((part) => part.split('|')[0] ?? '');
  if (!paths.every(path.isAbsolute)) return null;
  const first = paths[0] as string;
  const day = releaseOf(first)?.day ?? null;
  if (day === null) return null;
  const shown = paths.length > 1 ? `${first}…${(paths.at(-1) as string).slice(-2)}` : first;
  return { day, paths, shown };
}

/**
 * Other copies of the day `source` holds that loads before this one put into the database, as
 * messages name them: none when `source` is no release's copy. The same file or folder loaded
 * before in another state (a tar downloaded again) is not another copy.
 */
export async function otherCopiesLoaded(
  source: InputSource,
  loadedKeys: Iterable<string>,
): Promise<string[]> {
  const day = copyOfDay(source);
  if (day === null) return [];
  const archive = source.archive;
  const own = new Set<string>();
  if (archive?.kind === 'tar') {
    for (const p of archive.parts) own.add(await fs.realpath(p.path));
  } else {
    own.add(path.resolve(source.name));
  }
  const others: string[] = [];
  for (const key of loadedKeys) {
    const copy = copyOfKey(key);
    if (copy === null || copy.day !== day || copy.paths.some((p) => own.has(p))) continue;
    others.push(copy.shown);
  }
  return others.sort();
}

/**
 * Whether an input left out now (another copy of its day or release is read) was loaded by an
 * earlier load: a folder's key, or a file's (see db-action.ts inputKey); a split set (named
 * `x.tar.aa…ac`) by its first part's, which its key starts with.
 */
export async function loadedBefore(file: string, known: ReadonlySet<string>): Promise<boolean> {
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
    if (k === folder || k.startsWith(`${folder}|`)) return true;
    if (reals.some((real) => k.startsWith(`${real}|`))) return true;
  }
  return false;
}
