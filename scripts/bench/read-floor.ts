/**
 * The floor under any Node reader of a split tar, run as its own process by the archive section
 * of `npm run bench`: Node's start-up, then the parts read as one stream in 1 MiB windows by
 * sortie's own PartsStore (`read`), or read and walked header to header with nothing else done
 * (`walk`: each header's size field, the next header past the body). No checksum, selection,
 * gunzip or report: what sortie report does on top of `walk` is what it can still save.
 *
 * Usage: node dist/scripts/bench/read-floor.js read|walk PART...
 */
import { statSync } from 'node:fs';
import { PartsStore, WINDOW_BYTES } from '../../src/ingest/archive/byte-store.js';
import { BLOCK, paddedSize } from '../../src/ingest/archive/tar-header.js';

const [mode, ...paths] = process.argv.slice(2);
const store = new PartsStore(paths.map((path) => ({ path, size: statSync(path).size })));

/** The octal size field of the header at `at` of the store's buffer (no checksum: the floor). */
function sizeField(bytes: Uint8Array, at: number): number {
  let size = 0;
  for (let i = at + 124; i < at + 136; i += 1) {
    const c = bytes[i] as number;
    if (c < 0x30 || c > 0x37) break;
    size = size * 8 + (c - 0x30);
  }
  return size;
}

let members = 0;
if (mode === 'read') {
  for (let at = 0; at < store.size; at += WINDOW_BYTES) store.read(at, WINDOW_BYTES);
} else if (mode === 'walk') {
  for (let pos = 0; pos + BLOCK <= store.size; ) {
    const at = store.locate(pos, BLOCK);
    if (at < 0 || store.bytes[at] === 0) break;
    members += 1;
    pos += BLOCK + paddedSize(sizeField(store.bytes, at));
  }
} else {
  throw new Error(`usage: read-floor read|walk PART... (not ${String(mode)})`);
}
store.close();
process.stdout.write(JSON.stringify({ mode, bytesRead: store.bytesRead, members }) + '\n');
