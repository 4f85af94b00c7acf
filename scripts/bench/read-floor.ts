/**
 * The floor under any Node reader of a split tar, run as its own process by the archive section
 * of `npm run bench`: Node's start-up, then the parts read as one stream in 1 MiB windows, as
 * sortie's PartsStore reads them (`read`), or read and walked header to header with nothing else
 * done (`walk`: each header's size field, the next header past the body). No checksum, selection,
 * gunzip or report: what sortie report does on top of `walk` is what it can still save.
 *
 * Usage: node dist/scripts/bench/read-floor.js read|walk PART...
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

const WINDOW_BYTES = 1 << 20;
const BLOCK = 512;

const [mode, ...parts] = process.argv.slice(2);
const sizes = parts.map((p) => statSync(p).size);
const total = sizes.reduce((a, b) => a + b, 0);
const fds = parts.map((p) => openSync(p, 'r'));
const window = Buffer.allocUnsafe(WINDOW_BYTES);

/** Reads stream bytes [offset, offset + n) across the parts into the window; how many there were. */
function fill(offset: number, n: number): number {
  let done = 0;
  let partStart = 0;
  for (let k = 0; k < parts.length && done < n; k += 1) {
    const size = sizes[k] as number;
    const inPart = offset + done - partStart;
    if (inPart < size) {
      const want = Math.min(n - done, size - inPart);
      const got = readSync(fds[k] as number, window, done, want, inPart);
      done += got;
      if (got < want) break;
    }
    partStart += size;
  }
  return done;
}

/** The octal size field of the header at `at`. */
function sizeField(at: number): number {
  let size = 0;
  for (let i = at + 124; i < at + 136; i += 1) {
    const c = window[i] as number;
    if (c < 0x30 || c > 0x37) break;
    size = size * 8 + (c - 0x30);
  }
  return size;
}

let members = 0;
let bytesRead = 0;
if (mode === 'read') {
  for (let at = 0; at < total; at += WINDOW_BYTES) bytesRead += fill(at, WINDOW_BYTES);
} else if (mode === 'walk') {
  let windowStart = 0;
  let held = 0;
  let pos = 0;
  while (pos + BLOCK <= total) {
    if (pos < windowStart || pos + BLOCK > windowStart + held) {
      windowStart = pos;
      held = fill(pos, Math.min(WINDOW_BYTES, total - pos));
      bytesRead += held;
    }
    const at = pos - windowStart;
    if (window[at] === 0) break;
    members += 1;
    pos += BLOCK + Math.ceil(sizeField(at) / BLOCK) * BLOCK;
  }
} else {
  throw new Error(`usage: read-floor read|walk PART... (not ${String(mode)})`);
}
for (const fd of fds) closeSync(fd);
process.stdout.write(JSON.stringify({ mode, bytesRead, members }) + '\n');
