/**
 * The members of a zip archive, from its central directory (at the end of the file), each read by
 * a positioned read of its local header and data: stored, or deflated (zlib's raw inflate).
 * Zip64 sizes and offsets are read from the extra field; other compression methods, encrypted
 * members and bytes that do not match their CRC-32 are damage.
 */
import { Readable } from 'node:stream';
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';
import { storeChunks, type ByteStore } from './byte-store.js';

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  /** General purpose flags: bit 0 set, the member is encrypted. */
  readonly flags: number;
  /** The CRC-32 of its bytes, which they are checked against once decompressed. */
  readonly crc32: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
  readonly folder: boolean;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end record (22 bytes) plus the longest comment. */
const TAIL_BYTES = 22 + 0xffff;

export class ZipError extends Error {}

/** The message of a zip with no end record: most often a download cut short. */
export const NO_END_RECORD = 'no zip end record (the archive is cut short)';

const u64 = (b: Buffer, at: number): number => Number(b.readBigUInt64LE(at));

/** The central directory's entries, in their order. */
export function zipEntries(store: ByteStore): ZipEntry[] {
  const size = store.size ?? 0;
  const tailFrom = Math.max(0, size - TAIL_BYTES);
  const tail = Buffer.from(store.read(tailFrom, size - tailFrom));
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i -= 1) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipError(NO_END_RECORD);
  let count = tail.readUInt16LE(at + 10);
  let dirSize = tail.readUInt32LE(at + 12);
  let dirOffset = tail.readUInt32LE(at + 16);
  if (at >= 20 && tail.readUInt32LE(at - 20) === ZIP64_LOCATOR) {
    const eocd64 = Buffer.from(store.read(u64(tail, at - 20 + 8), 56));
    if (eocd64.length === 56 && eocd64.readUInt32LE(0) === ZIP64_EOCD) {
      count = u64(eocd64, 32);
      dirSize = u64(eocd64, 40);
      dirOffset = u64(eocd64, 48);
    }
  }
  const dir = Buffer.from(store.read(dirOffset, dirSize));
  if (dir.length < dirSize) throw new ZipError('central directory cut short');
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let k = 0; k < count; k += 1) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) {
      throw new ZipError(`central directory entry ${k + 1} is damaged`);
    }
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    const name = dir.toString('utf8', p + 46, p + 46 + nameLength);
    let compressedSize = dir.readUInt32LE(p + 20);
    let size = dir.readUInt32LE(p + 24);
    let localHeaderOffset = dir.readUInt32LE(p + 42);
    // Zip64: the fields set to 0xffffffff are in the extra field, in this order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = dir.readUInt16LE(e);
      const length = dir.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = u64(dir, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(dir, q);
          q += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(dir, q);
      }
      e += 4 + length;
    }
    entries.push({
      name,
      method: dir.readUInt16LE(p + 10),
      flags: dir.readUInt16LE(p + 8),
      crc32: dir.readUInt32LE(p + 16),
      compressedSize,
      size,
      localHeaderOffset,
      folder: name.endsWith('/'),
    });
    p = extraEnd + commentLength;
  }
  return entries;
}

/** Bit 3 of the flags: sizes and CRC-32 follow the data, not in the local header. */
const DATA_DESCRIPTOR = 0x8;

/**
 * A zip cut short (a download stopped before its central directory): its members read from their
 * local headers, one after the other from the start, up to the first that is cut, holds no sizes
 * (they follow its data) or is no local header. The last member found may lie past the end of the
 * data: reading it says it was cut. Empty when the first bytes are no local header.
 */
export function localEntries(store: ByteStore): ZipEntry[] {
  const size = store.size ?? 0;
  const entries: ZipEntry[] = [];
  for (let at = 0; at + 30 <= size; ) {
    const local = Buffer.from(store.read(at, 30));
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) break;
    const flags = local.readUInt16LE(6);
    const nameLength = local.readUInt16LE(26);
    const extraLength = local.readUInt16LE(28);
    const name = Buffer.from(store.read(at + 30, nameLength)).toString('utf8');
    const compressedSize = local.readUInt32LE(18);
    if ((flags & DATA_DESCRIPTOR) !== 0 || compressedSize === 0xffffffff) break;
    entries.push({
      name,
      method: local.readUInt16LE(8),
      flags,
      crc32: local.readUInt32LE(14),
      compressedSize,
      size: local.readUInt32LE(22),
      localHeaderOffset: at,
      folder: name.endsWith('/'),
    });
    at += 30 + nameLength + extraLength + compressedSize;
  }
  return entries;
}

/** The message a member whose data ends before its stated size gets. */
export const DATA_CUT_SHORT = 'data cut short';

/**
 * Where a member's data starts (after its local header), once the member is known readable: not
 * encrypted, stored or deflated.
 */
function dataOffset(store: ByteStore, entry: ZipEntry): number {
  const local = Buffer.from(store.read(entry.localHeaderOffset, 30));
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) {
    throw new ZipError('local header missing');
  }
  if ((entry.flags & 1) !== 0) throw new ZipError('encrypted');
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ZipError(`compression method ${entry.method} (only stored and deflate are read)`);
  }
  return entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
}

/** Damaged bytes may still inflate (or be stored): they would be read as rows of garbage. */
const NOT_ITS_CRC = 'its bytes do not match its CRC-32';

/** A member's bytes, decompressed. */
export function zipEntryBytes(store: ByteStore, entry: ZipEntry): Buffer {
  const dataAt = dataOffset(store, entry);
  const data = Buffer.from(store.read(dataAt, entry.compressedSize));
  if (data.length < entry.compressedSize) throw new ZipError(DATA_CUT_SHORT);
  const bytes = entry.method === 0 ? data : inflateRawSync(data);
  if (bytes.length !== entry.size || crc32(bytes) !== entry.crc32) throw new ZipError(NOT_ITS_CRC);
  return bytes;
}

const CHUNK_BYTES = 1 << 20;

/**
 * A member's bytes, decompressed, as chunks of about a MiB: a big member (a zipped OpenSky hour of
 * 1 GB) read whole took its size several times over in memory. Its CRC-32 and size are checked at
 * its end, where a ZipError says what was wrong (readZip makes a pass for that check alone before
 * any row is read).
 */
export async function* zipEntryChunks(
  store: ByteStore,
  entry: ZipEntry,
  chunkBytes: number = CHUNK_BYTES,
): AsyncGenerator<Buffer> {
  const dataAt = dataOffset(store, entry);
  const compressed = function* (): Generator<Buffer> {
    let read = 0;
    for (const chunk of storeChunks(store, dataAt, entry.compressedSize, chunkBytes)) {
      read += chunk.length;
      yield chunk;
    }
    if (read < entry.compressedSize) throw new ZipError(DATA_CUT_SHORT);
  };
  let crc = 0;
  let size = 0;
  const counted = (chunk: Buffer): Buffer => {
    crc = crc32(chunk, crc);
    size += chunk.length;
    return chunk;
  };
  if (entry.method === 0) {
    for (const chunk of compressed()) yield counted(chunk);
  } else {
    const source = Readable.from(compressed(), { objectMode: false });
    const inflate = createInflateRaw({ chunkSize: chunkBytes });
    source.on('error', (err) => inflate.destroy(err));
    source.pipe(inflate);
    try {
      for await (const chunk of inflate) yield counted(chunk as Buffer);
    } catch (err) {
      throw err instanceof ZipError ? err : new ZipError((err as Error).message);
    } finally {
      source.destroy();
      inflate.destroy();
    }
  }
  if (size !== entry.size || crc >>> 0 !== entry.crc32) throw new ZipError(NOT_ITS_CRC);
}
