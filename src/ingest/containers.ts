/**
 * Archives, compressed streams and other files sortie cannot read, known by their first bytes
 * (whatever their name): said as what they are and what to do, rather than read as text. gzip is
 * not among them: it is read (decode.ts).
 */
import { MAGIC_OFFSET, trustedHeader } from './archive/tar-header.js';

interface Container {
  /** True when the file starts (or, for tar, has at offset 257) this signature. */
  readonly test: (head: Buffer) => boolean;
  /** What the file is and what to do with it, for the file's name as given (`once`: read once). */
  readonly say: (name: string, once: boolean) => string;
}

const startsWith =
  (...bytes: number[]) =>
  (head: Buffer): boolean =>
    head.length >= bytes.length && bytes.every((b, i) => head[i] === b);

/**
 * A shell word for the name in a suggested command: quoted when it holds anything unusual; FILE
 * for standard input (the user saved it from somewhere).
 */
export function shellWord(name: string): string {
  if (name === '-') return 'FILE';
  return /^[\w./+-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
}

const TAR_NAME = /\.(tar(\.\w+)?|tgz|tbz2?|txz|tzst)$/i;

/** tar names its members in 512-byte headers; POSIX and GNU tar write `ustar` at offset 257. */
export function isTar(head: Buffer): boolean {
  return head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar';
}

/**
 * A tar header anywhere in `bytes`, the ustar magic and a checksum that holds (what a damaged
 * tar's resync trusts): binary data holding one is a tar whose first bytes are missing.
 */
export function tarHeaderWithin(bytes: Buffer): boolean {
  for (let i = bytes.indexOf('ustar', MAGIC_OFFSET, 'latin1'); i >= 0; ) {
    if (trustedHeader(bytes, i - MAGIC_OFFSET)) return true;
    i = bytes.indexOf('ustar', i + 1, 'latin1');
  }
  return false;
}

/**
 * A compressed stream: the decompressor's command. A tar compressed other than by gzip is read
 * once decompressed (sortie reads plain and gzip tars in place).
 */
const compressed =
  (what: string, command: string) =>
  (name: string): string =>
    TAR_NAME.test(name)
      ? `${what} tar archive: decompress it first (${command} ${shellWord(name)}); sortie reads the .tar in place`
      : `${what} file: decompress it first (${command} ${shellWord(name)})`;

const CONTAINERS: readonly Container[] = [
  {
    test: startsWith(0x50, 0x4b, 0x03, 0x04),
    say: (name, once) =>
      /\.xlsx$/i.test(name)
        ? 'an Excel workbook: save the sheet as CSV first'
        : /\.ods$/i.test(name)
          ? 'an OpenDocument spreadsheet: save the sheet as CSV first'
          : name === '-' || once
            ? `a zip archive ${name === '-' ? 'on standard input' : 'from a FIFO or device'}: save it as a file named .zip and give that (sortie reads zip files in place, from their end)`
            : /\.zip$/i.test(name)
              ? // Named .zip and still here: a member of another archive, read as a stream.
                'a zip archive inside another archive: extract it, then give it (sortie reads a zip file in place, not a zip inside an archive)'
              : `a zip archive not named .zip: rename it (mv ${shellWord(name)} ${shellWord(name.replace(/(\.[^./\\]*)?$/, '.zip'))}) and sortie reads it in place`,
  },
  // An empty zip archive has only its end record.
  {
    test: startsWith(0x50, 0x4b, 0x05, 0x06),
    say: () => 'an empty zip archive',
  },
  {
    test: startsWith(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00),
    say: compressed('an xz-compressed', 'xz -dk'),
  },
  {
    test: (h) => startsWith(0x42, 0x5a, 0x68)(h) && (h[3] ?? 0) >= 0x31 && (h[3] ?? 0) <= 0x39,
    say: compressed('a bzip2-compressed', 'bunzip2 -k'),
  },
  { test: startsWith(0x28, 0xb5, 0x2f, 0xfd), say: compressed('a zstd-compressed', 'zstd -d') },
  { test: startsWith(0x04, 0x22, 0x4d, 0x18), say: compressed('an lz4-compressed', 'lz4 -d') },
  {
    test: startsWith(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c),
    say: (name) =>
      `a 7z archive: sortie does not read inside archives; extract it first (7z x ${shellWord(name)}) and give the folder`,
  },
  {
    test: startsWith(0x52, 0x61, 0x72, 0x21, 0x1a, 0x07),
    say: (name) =>
      `a RAR archive: sortie does not read inside archives; extract it first (unrar x ${shellWord(name)}) and give the folder`,
  },
  {
    test: startsWith(0x50, 0x41, 0x52, 0x31),
    say: (name) =>
      `a Parquet file: sortie reads CSV; convert it first (e.g. duckdb -c "COPY (FROM '${name === '-' ? 'FILE' : name}') TO 'out.csv'")`,
  },
  {
    test: (h) => h.toString('latin1', 0, 16) === 'SQLite format 3\u0000',
    say: () => 'an SQLite database: export the table of positions as CSV first',
  },
  {
    test: startsWith(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1),
    say: () => 'an Excel 97-2003 workbook (or another OLE document): save the sheet as CSV first',
  },
];

/**
 * What a file is and what to do, when its first bytes (after gunzip) show an archive, a compressed
 * stream, or another kind of file sortie cannot read; null otherwise. `name` is the input as given.
 */
export function containerProblem(head: Buffer, name: string, once = false): string | null {
  for (const c of CONTAINERS) if (c.test(head)) return c.say(name, once);
  return null;
}

/** Control bytes other than tab, line feed, carriage return, form feed and escape; NUL among them. */
function isControl(b: number): boolean {
  return b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b;
}

/**
 * True when the first bytes (after gunzip and UTF-16 decoding) are not text: more than one control
 * byte in twenty (random bytes have one in ten). Real text has a few at most (FR24 pads some
 * quoted fields with NULs), which rows then skip; binary formats are detected before this.
 */
export function looksBinary(head: Buffer): boolean {
  const n = Math.min(head.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i += 1) if (isControl(head[i] as number)) control += 1;
  return control * 20 > n;
}

/** The first bytes in hex, for an error about binary data: `0b 30 55 7a ...`. */
export function firstBytes(head: Buffer, count = 8): string {
  return [...head.subarray(0, count)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
