/**
 * Check values of the files the build writes beside the code and every run reads back (the code
 * caches, the registry snapshot, the coast indexes): zlib's CRC-32 of the bytes, then their
 * length, 8 bytes in all. They catch a file cut short, damaged, or left over from another build,
 * as gzip's and zip's own CRC-32 do; none of these files is a defence against one made to deceive
 * (whoever can write them can write the code beside them). SHA-256 did the same work but loaded
 * node:crypto at every start, about 6 ms on each thread here, where zlib is loaded anyway.
 */
import { crc32 } from 'node:zlib';

export const CHECK_VALUE_BYTES = 8;

/** The check value of `parts` read one after the other. */
export function checkValue(parts: readonly Uint8Array[]): Buffer {
  let crc = 0;
  let length = 0;
  for (const p of parts) {
    crc = crc32(p, crc);
    length += p.length;
  }
  const value = Buffer.alloc(CHECK_VALUE_BYTES);
  value.writeUInt32LE(crc, 0);
  value.writeUInt32LE(length % 2 ** 32, 4);
  return value;
}
