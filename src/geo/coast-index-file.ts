/**
 * A coast's index (coast.ts's CoastIndex) as the build stores it for each bundled coast area, so
 * that a run loads its arrays instead of building them from the GeoJSON layers (parsing them took
 * 3 ms, the index 12-14 ms, on the main thread while it reads its share of the inputs).
 *
 * Layout: a 32-byte magic line, the check value (checksum.ts) of what the index was built from
 * (the layers' bytes and the coverage box), that of the payload; then the payload: six array
 * lengths, a byte-order mark, and the arrays, each at a multiple of 8 bytes. A file whose check
 * values do not fit (other layers, another build, damage) is not used: the caller builds the index
 * as before.
 */
import { CHECK_VALUE_BYTES, checkValue } from '../checksum.js';
import { coastIndexArrays, type Buckets, type CoastIndex } from './coast-shapes.js';

/** Where the build writes each bundled area's index (`<id>.bin`), from the package's root. */
export const COAST_INDEX_DIR = 'dist/bundle/coast';

const MAGIC = Buffer.from('sortie-coast-index-v2\n'.padEnd(32, ' '), 'latin1');
const DIGEST_BYTES = CHECK_VALUE_BYTES;
const PAYLOAD_AT = MAGIC.length + 2 * DIGEST_BYTES;
/** Six lengths and the byte-order mark (u32 each), padded to 8 bytes. */
const LENGTHS_BYTES = 32;
const BYTE_ORDER = 0x01020304;

/** What an index is built from: the layer files' bytes, in the area's order, and its coverage. */
export function coastSourceDigest(
  files: readonly Uint8Array[],
  coverage: readonly [number, number, number, number],
): Buffer {
  const box = Buffer.from(new Float64Array(coverage).buffer);
  // Each file's length first, so that no two lists of files run together into the same bytes.
  const lengths = Buffer.from(new Float64Array(files.map((f) => f.length)).buffer);
  return checkValue([box, lengths, ...files]);
}

const padded = (bytes: number): number => Math.ceil(bytes / 8) * 8;

/** The file's bytes for `index`, built from what `sourceDigest` names. */
export function encodeCoastIndex(index: CoastIndex, sourceDigest: Uint8Array): Buffer {
  const arrays = coastIndexArrays(index);
  const lengths = new Uint32Array(LENGTHS_BYTES / 4);
  arrays.forEach((a, k) => (lengths[k] = a.length));
  lengths[arrays.length] = BYTE_ORDER;
  const payload = Buffer.alloc(
    LENGTHS_BYTES + arrays.reduce((n, a) => n + padded(a.byteLength), 0),
  );
  payload.set(new Uint8Array(lengths.buffer), 0);
  let at = LENGTHS_BYTES;
  for (const a of arrays) {
    payload.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += padded(a.byteLength);
  }
  return Buffer.concat([MAGIC, sourceDigest, checkValue([payload]), payload]);
}

/**
 * The index stored in `file` (a whole file's bytes) when it was built from what `sourceDigest`
 * names and is whole; else null. The arrays are views of the file's bytes, not copies.
 */
export function decodeCoastIndex(file: Uint8Array, sourceDigest: Uint8Array): CoastIndex | null {
  if (file.length < PAYLOAD_AT + LENGTHS_BYTES) return null;
  // Typed arrays need their element size's alignment: a buffer from a pool may not have it.
  const bytes = file.byteOffset % 8 === 0 ? file : new Uint8Array(file);
  const at = (from: number, to: number): Buffer =>
    Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from);
  if (!at(0, MAGIC.length).equals(MAGIC)) return null;
  if (!at(MAGIC.length, MAGIC.length + DIGEST_BYTES).equals(sourceDigest)) return null;
  const payload = at(PAYLOAD_AT, bytes.length);
  if (!at(MAGIC.length + DIGEST_BYTES, PAYLOAD_AT).equals(checkValue([payload]))) return null;
  const lengths = new Uint32Array(bytes.buffer, bytes.byteOffset + PAYLOAD_AT, LENGTHS_BYTES / 4);
  if (lengths[6] !== BYTE_ORDER) return null;
  let offset = bytes.byteOffset + PAYLOAD_AT + LENGTHS_BYTES;
  const end = bytes.byteOffset + bytes.length;
  const take = <T extends Float64Array | Int32Array>(
    View: new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T,
    length: number,
    elementBytes: number,
  ): T | null => {
    if (offset + length * elementBytes > end) return null;
    const view = new View(bytes.buffer, offset, length);
    offset += padded(length * elementBytes);
    return view;
  };
  const shoreSegments = take(Float64Array, lengths[0] as number, 8);
  const shoreStart = take(Int32Array, lengths[1] as number, 4);
  const shoreItems = take(Int32Array, lengths[2] as number, 4);
  const landEdges = take(Float64Array, lengths[3] as number, 8);
  const bandStart = take(Int32Array, lengths[4] as number, 4);
  const bandItems = take(Int32Array, lengths[5] as number, 4);
  if (
    shoreSegments === null ||
    shoreStart === null ||
    shoreItems === null ||
    landEdges === null ||
    bandStart === null ||
    bandItems === null ||
    offset !== end
  ) {
    return null;
  }
  const buckets = (start: Int32Array, items: Int32Array): Buckets => ({ start, items });
  return {
    shoreSegments,
    shoreCells: buckets(shoreStart, shoreItems),
    landEdges,
    landBands: buckets(bandStart, bandItems),
  };
}
