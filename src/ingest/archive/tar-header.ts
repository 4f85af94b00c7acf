/**
 * One 512-byte tar header, as GNU tar (adsb.lol's releases), POSIX ustar and pax write it. Only
 * what reading members needs: name, size, type, and whether the block is a header at all.
 */

export const BLOCK = 512;

/** Where `ustar` sits in a POSIX or GNU header: a resync looks for it at any byte offset. */
export const MAGIC_OFFSET = 257;

/**
 * What a tar may hold after its end-of-archive blocks: zeros to the end of its record (10,240
 * bytes by default; less than this much with any blocking factor in use). More, and the end was never
 * written (a download into a file made at its full size first, say): what was there is lost.
 */
export const TAIL_ALLOWED_BYTES = 1 << 20;

/** A 32-bit view of the last buffer a header came from: blocks on a 4-byte boundary are summed by words. */
let words: { buffer: ArrayBufferLike; view: Uint32Array } | null = null;

function wordsOf(buffer: ArrayBufferLike): Uint32Array {
  if (words === null || words.buffer !== buffer) {
    words = { buffer, view: new Uint32Array(buffer, 0, buffer.byteLength >>> 2) };
  }
  return words.view;
}

/**
 * The header's checksum: its bytes summed with the checksum field (148-155) read as spaces
 * (8 × 0x20). A store's window keeps a walk's headers on a 4-byte boundary, so a word's four bytes
 * are added at once (two 16-bit lanes: 128 words cannot overflow them); a header found at any
 * offset after a resync is summed byte by byte.
 */
function checksumOf(block: Uint8Array, at: number): number {
  if (((block.byteOffset + at) & 3) === 0) {
    const w = wordsOf(block.buffer);
    const first = (block.byteOffset + at) >>> 2;
    let lanes = 0;
    for (let i = first; i < first + 37; i += 1) {
      const v = w[i] as number;
      lanes += (v & 0x00ff00ff) + ((v >>> 8) & 0x00ff00ff);
    }
    for (let i = first + 39; i < first + BLOCK / 4; i += 1) {
      const v = w[i] as number;
      lanes += (v & 0x00ff00ff) + ((v >>> 8) & 0x00ff00ff);
    }
    return (lanes & 0xffff) + (lanes >>> 16) + 8 * 0x20;
  }
  let sum = 8 * 0x20;
  for (let i = at; i < at + 148; i += 1) sum += block[i] as number;
  for (let i = at + 156; i < at + BLOCK; i += 1) sum += block[i] as number;
  return sum;
}

/** An octal field (NUL or space terminated), or a GNU base-256 number (first byte's top bit set). */
function numberField(block: Uint8Array, from: number, length: number): number | null {
  const first = block[from] as number;
  if ((first & 0x80) !== 0) {
    // Base-256, big-endian, the flag bit dropped; sizes over 8 GiB (and any size GNU tar chose).
    let value = first & 0x7f;
    for (let i = from + 1; i < from + length; i += 1) value = value * 256 + (block[i] as number);
    return value;
  }
  let value = 0;
  let digits = 0;
  let i = from;
  while (i < from + length && block[i] === 0x20) i += 1;
  for (; i < from + length; i += 1) {
    const b = block[i] as number;
    if (b === 0 || b === 0x20) break;
    if (b < 0x30 || b > 0x37) return null;
    value = value * 8 + (b - 0x30);
    digits += 1;
  }
  return digits === 0 ? 0 : value;
}

function text(block: Uint8Array, from: number, length: number): string {
  let end = from;
  while (end < from + length && block[end] !== 0) end += 1;
  // A store's buffers are Buffers already: decode in place, no view made per header.
  const bytes =
    block instanceof Buffer ? block : Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  return bytes.toString('utf8', from, end);
}

/** True for a block of zeros: the end-of-archive marker (two of them, then padding). */
export function isZeroBlock(block: Uint8Array, at = 0): boolean {
  for (let i = at; i < at + BLOCK; i += 1) if (block[i] !== 0) return false;
  return true;
}

/** True when `block[at + 257 ..]` reads `ustar` (POSIX `ustar\0`, GNU `ustar  `). */
export function hasMagicAt(block: Uint8Array, at: number): boolean {
  return (
    block[at] === 0x75 &&
    block[at + 1] === 0x73 &&
    block[at + 2] === 0x74 &&
    block[at + 3] === 0x61 &&
    block[at + 4] === 0x72
  );
}

/*
 * The functions below read the header at `block[at ..]`: a walk reads them where its store holds
 * them, with no view made per header.
 */

/**
 * A block a resync trusts as a header: the ustar magic and a checksum that holds (a v7 header,
 * without the magic, is read where a walk expects one, never searched for).
 */
export function trustedHeader(block: Uint8Array, at = 0): boolean {
  return (
    at + BLOCK <= block.length && hasMagicAt(block, at + MAGIC_OFFSET) && headerSize(block, at) >= 0
  );
}

/**
 * The size a valid header states, or -1 when the block is no valid header (its checksum does not
 * match, or its size is not a number). A header without the ustar magic (old v7 tar) is accepted
 * when its checksum matches; a resync, though, only trusts headers with the magic. No name is made:
 * a day's walk asks this of ~300,000 headers and needs the name of few of them.
 */
export function headerSize(block: Uint8Array, at = 0): number {
  if (block.length < at + BLOCK) return -1;
  const stored = numberField(block, at + 148, 8);
  if (stored === null || stored !== checksumOf(block, at)) return -1;
  return numberField(block, at + 124, 12) ?? -1;
}

/** The type flag of a valid header: '0' file, '5' folder, 'L' GNU long name, ... ('\0' read as '0'). */
export function headerType(block: Uint8Array, at = 0): string {
  const typeByte = block[at + 156] as number;
  return typeByte === 0 ? '0' : String.fromCharCode(typeByte);
}

/** The name a valid header stores (prefix joined), before any GNU long name or pax path replaces it. */
export function headerName(block: Uint8Array, at = 0): string {
  const name = text(block, at, 100);
  // POSIX ustar keeps a path's leading folders in a prefix field (GNU tar uses it for other things).
  if (hasMagicAt(block, at + MAGIC_OFFSET) && block[at + MAGIC_OFFSET + 5] === 0) {
    const prefix = text(block, at + 345, 155);
    if (prefix !== '') return `${prefix}/${name}`;
  }
  return name;
}

const TRACE_BASE = Buffer.from('trace_full_', 'latin1');
const JSON_END = Buffer.from('.json', 'latin1');
/** `trace_full_` + 6 hex digits + `.json`. */
const TRACE_BASE_LENGTH = TRACE_BASE.length + 6 + JSON_END.length;

/**
 * The 24-bit ICAO address of a regular file named `[.../]trace_full_<6 hex digits>.json` in a
 * valid header's own name field, read from its bytes; -1 for any other member, or when the name
 * may be longer than its field shows (a ustar prefix). The same names as `memberKind` finds a trace
 * in, but without a string made: a member a selection leaves out is passed over on this alone. A
 * `~` (non-ICAO) address gives -1 too: those members go the way of every other name.
 */
export function plainTraceAddress(block: Uint8Array, at = 0): number {
  const typeByte = block[at + 156] as number;
  if (typeByte !== 0 && typeByte !== 0x30 && typeByte !== 0x37) return -1;
  if (
    hasMagicAt(block, at + MAGIC_OFFSET) &&
    block[at + MAGIC_OFFSET + 5] === 0 &&
    block[at + 345] !== 0
  ) {
    return -1;
  }
  let end = at;
  while (end < at + 100 && block[end] !== 0) end += 1;
  const base = end - TRACE_BASE_LENGTH;
  if (base < at || (base > at && block[base - 1] !== 0x2f)) return -1;
  for (let i = 0; i < TRACE_BASE.length; i += 1) {
    if (block[base + i] !== TRACE_BASE[i]) return -1;
  }
  const ext = end - JSON_END.length;
  for (let i = 0; i < JSON_END.length; i += 1) if (block[ext + i] !== JSON_END[i]) return -1;
  let address = 0;
  for (let i = base + TRACE_BASE.length; i < ext; i += 1) {
    const c = block[i] as number;
    let digit: number;
    if (c >= 0x30 && c <= 0x39) digit = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) digit = c - 0x57;
    else if (c >= 0x41 && c <= 0x46) digit = c - 0x37;
    else return -1;
    address = (address << 4) | digit;
  }
  return address;
}

/** Bytes a body takes in the archive: its size rounded up to whole blocks. */
export function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

/** The path a pax extended header (`x`) sets, from its `len key=value\n` records, or null. */
export function paxPath(body: Uint8Array): string | null {
  const records = Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8');
  let found: string | null = null;
  let at = 0;
  while (at < records.length) {
    const space = records.indexOf(' ', at);
    if (space < 0) break;
    const length = Number.parseInt(records.slice(at, space), 10);
    if (!(length > 0)) break;
    const record = records.slice(space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0 && record.slice(0, eq) === 'path') found = record.slice(eq + 1);
    at += length;
  }
  return found;
}
