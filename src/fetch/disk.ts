/** The disk edge of fetching: free space where the files will go. */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Bytes free to an unprivileged user in `dir`, or in its nearest existing parent when it is not
 * made yet; null when the file system does not tell.
 */
export async function freeBytesAt(dir: string): Promise<number | null> {
  let at = path.resolve(dir);
  for (;;) {
    try {
      const s = await fs.statfs(at);
      return s.bavail * s.bsize;
    } catch (err) {
      const parent = path.dirname(at);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === at) return null;
      at = parent;
    }
  }
}
