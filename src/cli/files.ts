import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { InputSource } from '../ingest/collect.js';

/** An input the command line named that could not even be listed (missing path, loop, permission). */
export interface UnreadablePath {
  readonly name: string;
  readonly message: string;
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENOTDIR: 'not a directory',
};

/** Files found while walking a directory that are documentation, never flight data. */
const DOCUMENT_EXTENSIONS = new Set([
  '.md',
  '.markdown',
  '.pdf',
  '.png',
  '.jpg',
  '.jpeg',
  '.html',
  '.htm',
]);

/** README, LICENSE and the like sit beside data in export folders; they are not inputs. */
function isDocumentFile(name: string): boolean {
  if (DOCUMENT_EXTENSIONS.has(path.extname(name).toLowerCase())) return true;
  return /^(readme|licen[cs]e|copying|notice|sources|authors)(\.[a-z]+)?$/i.test(name);
}

function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return (e.code && ERRNO_TEXT[e.code]) ?? e.message;
}

/**
 * Expands command-line inputs into sources: files as given, directories recursively (sorted, hidden
 * entries skipped), `-` as standard input. Directory symlink cycles are followed once only.
 */
export async function expandInputs(
  inputs: readonly string[],
  stdin: () => AsyncIterable<Uint8Array>,
): Promise<{ sources: InputSource[]; unreadable: UnreadablePath[] }> {
  const sources: InputSource[] = [];
  const unreadable: UnreadablePath[] = [];
  const visitedDirs = new Set<string>();
  const fileSource = (file: string, size: number): InputSource => ({
    name: file,
    open: () => createReadStream(file, { highWaterMark: 1 << 20 }),
    path: file,
    size,
  });
  async function walk(p: string): Promise<void> {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch (err) {
      unreadable.push({ name: p, message: errnoText(err) });
      return;
    }
    if (!stat.isDirectory()) {
      sources.push(fileSource(p, stat.size));
      return;
    }
    const real = await fs.realpath(p);
    if (visitedDirs.has(real)) return;
    visitedDirs.add(real);
    let entries;
    try {
      entries = await fs.readdir(p);
    } catch (err) {
      unreadable.push({ name: p, message: errnoText(err) });
      return;
    }
    for (const name of entries.sort()) {
      if (name.startsWith('.') || isDocumentFile(name)) continue;
      await walk(path.join(p, name));
    }
  }
  for (const input of inputs) {
    if (input === '-') sources.push({ name: '-', open: stdin, once: true });
    else await walk(input);
  }
  return { sources, unreadable };
}
