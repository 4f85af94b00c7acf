/**
 * What is already on disk for a file to fetch, and what is left to download. A download goes to
 * `<name>.part` and is renamed to `<name>` only once whole, so a file under its final name is
 * complete unless something else put it there.
 */
import type { RemoteFile } from './remote-file.js';

/** The suffix of a download in progress. */
export const PART_SUFFIX = '.part';

/** Sizes found on disk: the final file and the `.part` file (null when absent). */
export interface LocalSizes {
  readonly finalBytes: number | null;
  readonly partBytes: number | null;
}

export type LocalState =
  /** The final file is there, of the listed size. */
  | 'complete'
  /** A `.part` file holds the first bytes; the download resumes after them. */
  | 'partial'
  | 'absent'
  /** A file of another size has the final name: left alone, never overwritten. */
  | 'in the way';

export interface FileOnDisk {
  readonly state: LocalState;
  /** Bytes already here (the final file, or the `.part` file when it is not longer than the listing). */
  readonly haveBytes: number;
  /** Bytes still to download. */
  readonly needBytes: number;
}

export function fileOnDisk(file: RemoteFile, local: LocalSizes): FileOnDisk {
  if (local.finalBytes !== null) {
    return local.finalBytes === file.bytes
      ? { state: 'complete', haveBytes: file.bytes, needBytes: 0 }
      : { state: 'in the way', haveBytes: 0, needBytes: 0 };
  }
  // A .part longer than the listing is of another upload: the download starts again.
  const part = local.partBytes !== null && local.partBytes <= file.bytes ? local.partBytes : 0;
  return {
    state: part > 0 ? 'partial' : 'absent',
    haveBytes: part,
    needBytes: file.bytes - part,
  };
}
