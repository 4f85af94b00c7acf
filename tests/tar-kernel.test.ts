import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferStore, PartsStore, type ByteStore } from '../src/ingest/archive/byte-store.js';
import { TarSkipKernel } from '../src/ingest/archive/tar-kernel.js';
import { TarWalker, type TarEntry } from '../src/ingest/archive/tar-walk.js';
import { headerSize, isZeroBlock, plainTraceAddress } from '../src/ingest/archive/tar-header.js';
import { HexBitmap } from '../src/ingest/fast/hex-bitmap.js';
import { mulberry32 } from '../src/seeded-random.js';
import { header } from '../scripts/bench/synthetic-adsblol.js';
import { fly, stadium } from './sim.js';
import { dropBytes, splitFile, tarFolder, writeDayFolder } from './archive-kit.js';

// The kernel decides sooner, never otherwise: every walk here is compared with the JavaScript
// walker alone on the same bytes (entries, damage, members passed over).

const DAY = Date.parse('2025-02-03T00:00:00Z');
let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'sortie-tar-kernel-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

interface Walked {
  readonly entries: TarEntry[];
  readonly damage: TarWalker['damage'];
  readonly leftOut: number;
}

/** Members the kernels made by `kernelFor` passed over, since the last reset. */
let byKernel = 0;

function walk(store: ByteStore, wanted: ReadonlySet<number>, kernel: TarSkipKernel | null): Walked {
  const walker = new TarWalker(store, (address) => !wanted.has(address), kernel);
  const entries: TarEntry[] = [];
  for (let e = walker.next(); e !== null; e = walker.next()) entries.push(e);
  return { entries, damage: { ...walker.damage }, leftOut: walker.leftOutCount };
}

function kernelFor(wanted: ReadonlySet<number>): TarSkipKernel {
  const kernel = TarSkipKernel.create(HexBitmap.of([...wanted].map((a) => hex(a))));
  if (kernel === null) throw new Error('WebAssembly is not available');
  const skip = kernel.skip.bind(kernel);
  kernel.skip = (from, held) => {
    const done = skip(from, held);
    byKernel += done.passed;
    return done;
  };
  return kernel;
}

const hex = (address: number): string => address.toString(16).padStart(6, '0');

/** The same walk through split parts read into the kernel's window, and through memory alone. */
function compare(
  file: string,
  wanted: ReadonlySet<number>,
  o: { partBytes?: number | undefined; windowBytes?: number | undefined } = {},
): Walked {
  const expected = walk(new BufferStore(readFileSync(file)), wanted, null);
  const parts = (o.partBytes === undefined ? [file] : splitFile(file, o.partBytes)).map((p) => ({
    path: p,
    size: readFileSync(p).length,
  }));
  const kernel = kernelFor(wanted);
  const store = new PartsStore(parts, o.windowBytes, kernel.window);
  let got: Walked;
  try {
    got = walk(store, wanted, kernel);
  } finally {
    store.close();
  }
  expect(got).toEqual(expected);
  return got;
}

function member(h: Buffer, size: number): Buffer {
  return Buffer.concat([h, Buffer.alloc(Math.ceil(size / 512) * 512, 0x41)]);
}

const plain = (address: string, size = 700): Buffer =>
  member(header(`./traces/${address.slice(-2)}/trace_full_${address}.json`, size), size);

describe('tar kernel', () => {
  it('is available (WebAssembly SIMD): the walk of a day relies on it for speed', () => {
    expect(TarSkipKernel.create(new HexBitmap())).not.toBeNull();
  });

  it.each([
    ['whole, one part', 0, undefined, undefined],
    ['a gap off the block grid', 2_777, undefined, undefined],
    ['split parts, 4 KiB windows', 0, 7_001, 4_096],
    ['a gap, split parts, 4 KiB windows', 1_111, 7_001, 4_096],
    ['a gap, 1 KiB windows (two blocks)', 3_333, undefined, 1_024],
  ])('walks a generated day as the walker alone does (%s)', (_, gap, partBytes, windowBytes) => {
    const dir = path.join(root, `day-${gap}-${partBytes ?? 0}-${windowBytes ?? 0}`);
    const rc135 = {
      hex: 'ae01c7',
      type: 'R135',
      dbFlags: 1,
      callsign: 'HOMER21',
      fixes: fly(stadium(120, 15), {
        kt: 330,
        minutes: 120,
        startMs: DAY + 3_600_000,
        hex: 'ae01c7',
        everyS: 20,
      }),
    };
    writeDayFolder(path.join(dir, 'day'), DAY, [rc135], { civil: 120 });
    const out = path.join(dir, 'day.tar');
    tarFolder(path.join(dir, 'day'), out);
    if (gap > 0) dropBytes(out, Math.floor(readFileSync(out).length / 2), gap);
    byKernel = 0;
    const got = compare(out, new Set([0xae01c7]), { partBytes, windowBytes });
    expect(got.leftOut).toBeGreaterThan(60);
    // In 1 MiB windows nearly all by the kernel: the walker only at window edges and around what
    // it cannot settle (a window of two blocks never holds a member and the header after it).
    if (windowBytes === undefined) expect(byKernel).toBeGreaterThan(got.leftOut * 0.9);
    if (windowBytes === 4_096) expect(byKernel).toBeGreaterThan(0);
    expect(got.entries.some((e) => e.name.endsWith('trace_full_ae01c7.json'))).toBe(true);
    if (gap > 0) expect(got.damage.resyncs).toBeGreaterThan(0);
  });

  it('leaves to the walker a trace a gap as long as the next one brought onto the header after it', () => {
    const dir = path.join(root, 'onto-header');
    execFileSync('mkdir', ['-p', dir]);
    const file = path.join(dir, 'day.tar');
    const traces = [
      plain('a00001', 20_000),
      plain('ae01c7', 3_000),
      plain('a00003'),
      plain('a00004'),
    ];
    writeFileSync(file, Buffer.concat([...traces, Buffer.alloc(1024)]));
    // The wanted trace's whole length dropped from the body before it: that body's stated end is
    // now a00003's header, and ae01c7 lies inside it, on its blocks.
    dropBytes(file, 5_000, (traces[1] as Buffer).length);
    byKernel = 0;
    const got = compare(file, new Set([0xae01c7]));
    expect(got.entries.map((e) => [e.name, e.present])).toEqual([
      ['./traces/01/trace_full_a00001.json', 20_480 - 3_584],
      ['./traces/c7/trace_full_ae01c7.json', 3_000],
    ]);
    expect(got.damage).toEqual({ resyncs: 1, bytesSkipped: 0, cut: 1, noEndMarker: false });
    expect(got.leftOut).toBe(2);
    expect(byKernel).toBe(1);
  });

  /** `pieces` laid end to end with the end blocks, as a day's file (and a record's padding). */
  function tarOf(name: string, pieces: readonly Buffer[]): string {
    const dir = path.join(root, 'made');
    execFileSync('mkdir', ['-p', dir]);
    const file = path.join(dir, `${name}.tar`);
    const bytes = Buffer.concat([...pieces, Buffer.alloc(1024)]);
    writeFileSync(
      file,
      Buffer.concat([bytes, Buffer.alloc((10_240 - (bytes.length % 10_240)) % 10_240)]),
    );
    return file;
  }

  it.each([
    // The whole of the body and the member after it lost: the body begins with a header.
    ['from its first block', 4_000, 1_500],
    // A body of one block: the member inside it is one block too (an empty file).
    ['in a body of one block', 400, 0],
  ])('finds the members a gap brought onto a body %s', (_, firstSize, swallowedSize) => {
    // The first member's body and what followed it lost, up to the members that now lie in its
    // stated body: a00003 (wanted) and a00004, or a00003 alone in a body of one block.
    const swallowed =
      swallowedSize === 0
        ? [plain('a00003', 0)]
        : [plain('a00003', swallowedSize), plain('a00004', 1_500)];
    expect(swallowed.reduce((n, m) => n + m.length, 0)).toBe(Math.ceil(firstSize / 512) * 512);
    const file = tarOf(`onto-body-${firstSize}`, [
      plain('a00001', firstSize).subarray(0, 512),
      ...swallowed,
      plain('a00005', 700),
    ]);
    const got = compare(file, new Set([0xa00003]));
    expect(got.entries.map((e) => [e.name.slice(-11), e.present])).toEqual([
      ['a00001.json', 0],
      ['a00003.json', swallowedSize],
    ]);
    expect(got.damage).toEqual({ resyncs: 1, bytesSkipped: 0, cut: 1, noEndMarker: false });
  });

  it('finds the members a gap swallowed past a tar inside the member before them', () => {
    // The member: a block of its own, then a whole tar (one file, end blocks), then 9,000 bytes.
    const inner = Buffer.concat([member(header('x.txt', 700), 700), Buffer.alloc(1024)]);
    const body = Buffer.concat([Buffer.alloc(512, 0x5a), inner, Buffer.alloc(9_000, 0x5b)]);
    const host = member(header('./blob.bin', body.length), body.length)
      .fill(0, 512)
      .fill(body, 512, 512 + body.length);
    const swallowed = [plain('a00003', 1_500), plain('a00004', 700)];
    const length = swallowed.reduce((n, m) => n + m.length, 0);
    // Bytes of the member's end dropped, as long as the two members after it: the member's stated
    // end is then a00005's header, and the two lie on its blocks, after the tar inside it.
    const gapAt = 512 + 512 + inner.length + 100;
    const damaged = Buffer.concat([
      host.subarray(0, gapAt),
      host.subarray(gapAt + length),
      ...swallowed,
      plain('a00005', 100),
    ]);
    const got = compare(tarOf('past-inner-tar', [damaged]), new Set([0xa00003]));
    expect(got.entries.map((e) => [e.name, e.present])).toEqual([
      ['./blob.bin', host.length - 512 - length],
      ['./traces/03/trace_full_a00003.json', 1_500],
    ]);
    expect(got.damage).toEqual({ resyncs: 1, bytesSkipped: 0, cut: 1, noEndMarker: false });
  });

  it.each([
    ['day.tar.ab', 0],
    ['day.bin', 1],
  ])(
    'reads a member named %s holding a tar without its end blocks, ending where the member does: cut %i times',
    (name, cut) => {
      // A piece of a tar cut on a member's end, as `split` cuts one in ~17, packed in a tar: tar data
      // without end blocks that leads to the header after it, as the members a gap swallowed do. A
      // member named as a tar is left whole; one not so named reads as damage (the rule's limit).
      const piece = Buffer.concat([Buffer.alloc(1_024, 0x5a), plain('a00003', 1_500)]);
      const file = tarOf(`piece-${name}`, [
        member(header(name, piece.length), piece.length).fill(piece, 512),
        plain('a00005', 100),
      ]);
      const got = compare(file, new Set([0xa00003]));
      expect(got.damage.cut).toBe(cut);
      expect(got.entries.map((e) => e.name)).toEqual(
        cut === 0 ? [name] : [name, './traces/03/trace_full_a00003.json'],
      );
    },
  );

  it('reads a tar of members of 0.3 to 1.5 MB once, looking at their blocks (none skipped twice)', () => {
    for (const size of [300_000, 700_000, 1_048_576, 1_500_000]) {
      const file = tarOf(
        `sized-${size}`,
        Array.from({ length: 24 }, (_, k) => member(header(`./m${k}.bin`, size), size)),
      );
      const bytes = readFileSync(file).length;
      const store = new PartsStore([{ path: file, size: bytes }]);
      try {
        expect(walk(store, new Set(), null).entries).toHaveLength(24);
        // Each body's blocks looked at (its last MiB less a block): every byte of a member under a
        // MiB read, once. Looked at after the header that follows it, a window's edge read them
        // back into another window: 1.16 to 2.98 times the file.
        const looked = Math.min(size, (1 << 20) - 512) / (size + 512);
        expect(store.bytesRead / bytes, `${size}`).toBeLessThan(looked + 0.05);
      } finally {
        store.close();
      }
    }
  });

  it('reads no more of a big member than its last MiB, when a header follows it', () => {
    const big = 24 << 20;
    const file = tarOf('big-then-one', [
      member(header('./big.bin', big), big),
      plain('a00005', 100),
    ]);
    const store = new PartsStore([{ path: file, size: readFileSync(file).length }]);
    try {
      const walked = walk(store, new Set(), null);
      expect(walked.entries.map((e) => [e.name, e.present])).toEqual([['./big.bin', big]]);
      expect(walked.leftOut).toBe(1);
      // A window at the start, the last MiB of the body, and a window at the header after it.
      expect(store.bytesRead).toBeLessThan(4 << 20);
    } finally {
      store.close();
    }
  });

  it('is used again after release, with the next selection', () => {
    const dir = path.join(root, 'again');
    execFileSync('mkdir', ['-p', dir]);
    const file = path.join(dir, 'day.tar');
    const addresses = ['a00001', 'a00002', 'a00003', 'a00004'];
    writeFileSync(file, Buffer.concat([...addresses.map((a) => plain(a)), Buffer.alloc(1024)]));
    const parts = [{ path: file, size: readFileSync(file).length }];
    const walked = (wanted: ReadonlySet<number>, kernel: TarSkipKernel): string[] => {
      const store = new PartsStore(parts, undefined, kernel.window);
      try {
        return walk(store, wanted, kernel).entries.map((e) => e.name);
      } finally {
        store.close();
      }
    };
    const first = new Set([0xa00002]);
    const one = TarSkipKernel.create(HexBitmap.of(['a00002'])) as TarSkipKernel;
    expect(walked(first, one)).toEqual(['./traces/02/trace_full_a00002.json']);
    one.release();
    const second = new Set([0xa00003]);
    const two = TarSkipKernel.create(HexBitmap.of(['a00003'])) as TarSkipKernel;
    expect(two).toBe(one);
    expect(walked(second, two)).toEqual(['./traces/03/trace_full_a00003.json']);
    two.release();
  });

  it('used again with another bitmap, reads only the blocks that bitmap marks', () => {
    // Every bit of every block set first; then a bitmap of one address in another block: the
    // traces of the first one's blocks are passed over, the stale bits there never read.
    const all = new HexBitmap();
    all.addRange(0, 0xffffff);
    const traces = Buffer.concat(
      Array.from({ length: 40 }, (_, k) => plain((0xa00001 + k).toString(16))),
    );
    const first = TarSkipKernel.create(all) as TarSkipKernel;
    first.window.set(traces);
    // Every member wanted: the kernel stops at the first, passing over none.
    expect(first.skip(0, traces.length)).toEqual({ to: 0, passed: 0 });
    first.release();
    const again = TarSkipKernel.create(HexBitmap.of(['3c0000'])) as TarSkipKernel;
    try {
      expect(again).toBe(first);
      again.window.set(traces);
      expect(again.skip(0, traces.length).passed).toBe(39);
    } finally {
      again.release();
    }
  });

  it('passes over nothing when it holds no bytes, or fewer than none (a walk past a range end)', () => {
    const kernel = TarSkipKernel.create(HexBitmap.of(['ae01c7'])) as TarSkipKernel;
    try {
      // Left-out traces filling the window: with all of it held, they are passed over.
      const traces = Buffer.concat(
        Array.from({ length: 40 }, (_, k) => plain((0xa00001 + k).toString(16))),
      );
      kernel.window.set(traces);
      expect(kernel.skip(0, traces.length).passed).toBe(39);
      // No bytes held, or a negative count (a window offset past a range's end): none passed.
      for (const held of [0, 511, -1, -3_000_000, -(2 ** 31)]) {
        expect(kernel.skip(0, held)).toEqual({ to: 0, passed: 0 });
      }
    } finally {
      kernel.release();
    }
  });

  // Each row: a member among plain left-out traces, which the kernel must hand to the walker.
  const odd: [string, Buffer][] = [
    ['a wanted trace', plain('ae01c7')],
    ['an upper-case address', plain('A1B2C3')],
    ['a wanted upper-case address', plain('AE01C7')],
    ['a ~ (non-ICAO) address', member(header('./traces/c3/trace_full_~a1b2c3.json', 600), 600)],
    ['a trace at the root', member(header('trace_full_a1b2c4.json', 600), 600)],
    ['a name not after a slash', member(header('./traces/c3/xtrace_full_a1b2c5.json', 600), 600)],
    ['five hex digits', member(header('./traces/c3/trace_full_a1b2c.json', 600), 600)],
    ['a non-hex digit', member(header('./traces/c3/trace_full_a1b2g6.json', 600), 600)],
    ['.jsonx', member(header('./traces/c3/trace_full_a1b2c7.jsonx', 600), 600)],
    ['.jsox', member(header('./traces/c3/trace_full_a1b2c7.jsox', 600), 600)],
    ['.JSON', member(header('./traces/c3/trace_full_a1b2c7.JSON', 600), 600)],
    [
      'a name of 100 bytes with no NUL',
      member(header(`${'d'.repeat(77)}/trace_full_a1b2c8.json`, 600), 600),
    ],
    ['a name of 99 bytes', member(header(`${'d'.repeat(76)}/trace_full_a1b2c8.json`, 600), 600)],
    ['a folder', header('./traces/c8/', 0, '5')],
    ['a symlink', header('./traces/c9/trace_full_a1b2c9.json', 0, '2')],
    ['a contiguous file (7)', member(header('./traces/ca/trace_full_a1b2ca.json', 900, '7'), 900)],
    ['an empty body', member(header('./traces/cb/trace_full_a1b2cb.json', 0), 0)],
    ['a body of exactly one block', member(header('./traces/cc/trace_full_a1b2cc.json', 512), 512)],
    [
      'a GNU long name before',
      Buffer.concat([
        member(header('././@LongLink', 40, 'L'), 40).fill(0x61, 512, 552),
        plain('a1b2cd'),
      ]),
    ],
    [
      'a ustar prefix',
      member(
        header('trace_full_a1b2ce.json', 600, '0', (h) => {
          h.write('ustar\x0000', 257, 'latin1');
          h.write('deep/traces/ce', 345, 'latin1');
        }),
        600,
      ),
    ],
    [
      'a size with leading spaces',
      member(
        header('./traces/cf/trace_full_a1b2cf.json', 700, '0', (h) =>
          h.write('      1274\0', 124, 'latin1'),
        ),
        700,
      ),
    ],
    [
      'a base-256 size',
      member(
        header('./traces/d0/trace_full_a1b2d0.json', 700, '0', (h) => {
          h.fill(0, 124, 136);
          h[124] = 0x80;
          h.writeUInt32BE(700, 132);
        }),
        700,
      ),
    ],
    [
      'a size not octal',
      member(
        header('./traces/d1/trace_full_a1b2d1.json', 700, '0', (h) =>
          h.write('0000000128\0', 124, 'latin1'),
        ),
        700,
      ),
    ],
    [
      'a bad checksum',
      (() => {
        const m = plain('a1b2d2');
        m.writeUInt8((m[20] as number) ^ 1, 20);
        return m;
      })(),
    ],
    ['a zero block', Buffer.alloc(512)],
    ['random bytes (a gap)', Buffer.alloc(777, 0x5a)],
  ];

  it.each(odd)('leaves %s to the walker, and passes over the traces around it', (label, odd) => {
    const dir = path.join(root, 'odd');
    execFileSync('mkdir', ['-p', dir]);
    const file = path.join(dir, `${label.replace(/\W+/g, '-')}.tar`);
    const before = ['a00001', 'a00002', 'a00003'].map((a) => plain(a, 300 + 512 * 3));
    const after = ['a00004', 'a00005'].map((a) => plain(a, 100));
    writeFileSync(file, Buffer.concat([...before, odd, ...after, Buffer.alloc(1024)]));
    for (const windowBytes of [undefined, 1_024, 1_536]) {
      byKernel = 0;
      const got = compare(file, new Set([0xae01c7]), { windowBytes });
      expect(got.leftOut).toBeGreaterThanOrEqual(3);
      if (windowBytes === undefined) expect(byKernel).toBeGreaterThanOrEqual(2);
    }
  });
});

/** Seeded random values for the property tests below. */
function randomness(seed: number): {
  readonly int: (n: number) => number;
  readonly pick: <T>(xs: readonly T[]) => T;
} {
  const random = mulberry32(seed);
  const int = (n: number): number => Math.floor(random() * n);
  return { int, pick: (xs) => xs[int(xs.length)] as (typeof xs)[number] };
}

/**
 * A header of random shape: most of them a plain trace's, right or with one thing wrong (name,
 * number, type, magic, checksum, a byte), the rest with anything wrong.
 */
function randomHeader({ int, pick }: ReturnType<typeof randomness>): Buffer {
  const odds = int(5); // 0-1: plain, 2-3: one thing changed, 4: anything changed
  const change = odds < 2 ? -1 : odds < 4 ? int(8) : 99;
  const changes = (k: number): boolean => change === k || (change === 99 && int(2) === 0);
  const hex = (): string => (0xa00000 + int(0x100000)).toString(16);
  const digits = changes(0)
    ? pick([
        hex().slice(1),
        `${hex()}${int(10)}`,
        `${hex()}ab`,
        hex().toUpperCase(),
        `${hex().slice(1)}${pick([...'gG~:/'])}`,
        'ae01c7',
        'a1b2c3',
        'AE01C7',
      ])
    : hex();
  const folder = changes(1)
    ? pick(['', '/', 'x', './traces/c7\\', 'e'.repeat(int(90)), './traces/c7/x'])
    : './traces/c7/';
  const base = changes(1)
    ? pick(['trace_fulx_', 'Trace_full_', 'xrace_full_', 'trace_full', 'trace_full_'])
    : 'trace_full_';
  const ext = changes(2) ? pick(['.jsoN', '.jso', '.jsonx', '.jsox', 'xjson', '.JSON']) : '.json';
  let name = `${folder}${base}${digits}${ext}`;
  // Names about the field's 100 bytes: with and without a NUL after them.
  if (changes(2))
    name = `${'b'.repeat(Math.max(0, pick([98, 99, 100, 101]) - name.length))}${name}`;
  const size = changes(3)
    ? pick([0, 1, 511, 512, 513, int(6_000), 0o77777777, 2 ** 30, 2 ** 31 + 5])
    : pick([0, 1, 511, 512, 513, 700, 2_000, int(6_000)]);
  const octal = size.toString(8);
  const sizeField = changes(3)
    ? pick([
        octal.padStart(12, '0'),
        `${' '.repeat(int(5))}${octal}${pick(['\0', ' ', ''])}`,
        `${octal}8`,
        `${octal}9`,
        `9${octal}`,
        '  ',
      ])
    : `${octal.padStart(11, '0')}\0`;
  const h = Buffer.alloc(512);
  Buffer.from(name, 'latin1').copy(h, 0, 0, Math.min(100, name.length));
  h.write('0000644\0', 100, 'latin1');
  Buffer.from(sizeField.slice(0, 12), 'latin1').copy(h, 124);
  h.write('14750000000\0', 136, 'latin1');
  h[156] = changes(4) ? pick([0, 0x37, 0x35, 0x4c, 0x78, 0x32, 0x31]) : 0x30;
  const magic = changes(5) ? pick(['ustar\x0000', '\0\0\0\0\0\0\0\0', 'ustaR  \0']) : 'ustar  \0';
  h.write(magic, 257, 'latin1');
  if (changes(6)) {
    const at = pick([124, 148, 345 + int(150), int(512)]);
    h[at] = pick([0x80, 0xff, 0x61, 0x2f, int(256)]);
  }
  if (!changes(7)) {
    h.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    const o = (n: number): string => n.toString(8);
    const field =
      change === 7 || change === 99
        ? pick([
            `${o(sum).padStart(7, '0')}\0`,
            `  ${o(sum)} `,
            o(sum).padStart(8, '0'),
            `${o(sum + pick([1, -1, 8, 256]))}\0`,
          ])
        : `${o(sum).padStart(6, '0')}\0 `;
    Buffer.from(field.slice(0, 8), 'latin1').copy(h, 148);
  }
  if (change === 99 && int(20) === 0) h.fill(0);
  return h;
}

describe('tar kernel, seeded properties', () => {
  it('passes a header over exactly when the walker would, but for base-256 and huge numbers (20,000 headers before valid ones)', () => {
    const r = randomness(20_251_205);
    const wanted = new Set([0xae01c7, 0xa1b2c3]);
    const kernel = kernelFor(wanted);
    const w = kernel.window;
    // A valid header (no trace) on every block: a body's end computed wrongly lands on one. They
    // are v7 headers, without the ustar magic: a body's blocks with the magic are left to the
    // walker (a member a gap swallowed may lie there), and some are made so below.
    const carpet = Buffer.alloc(40_960);
    for (let at = 0; at < carpet.length; at += 512) {
      header(`carpet/${at}`, 700, '0', (h) => h.fill(0, 257, 265)).copy(carpet, at);
    }
    let passes = 0;
    for (let t = 0; t < 20_000; t += 1) {
      const from = r.int(8) * 512;
      const held = from + r.pick([512, 1_024, 2_048, 4_096, 8_192, 16_384]) + r.int(3) * 100;
      carpet.copy(w, 0);
      randomHeader(r).copy(w, from);
      const size = headerSize(w, from);
      const end = from + 512 + Math.ceil(size / 512) * 512;
      // Half the time another random header where this one's body ends.
      if (size >= 0 && end + 512 <= carpet.length && r.int(2) === 0) randomHeader(r).copy(w, end);
      // One time in eight, the magic on one of the body's blocks.
      const bodyBlocks = size > 0 ? Math.ceil(size / 512) : 0;
      const magicAt = bodyBlocks > 0 && r.int(8) === 0 ? from + 512 * (1 + r.int(bodyBlocks)) : -1;
      if (magicAt >= 0 && magicAt + 512 <= w.length) w.write('ustar', magicAt + 257, 'latin1');
      const address = size >= 0 && !isZeroBlock(w, from) ? plainTraceAddress(w, from) : -1;
      // What the walker passes over, less what the kernel leaves it on purpose: base-256 numbers
      // and sizes of 2^30 or more.
      const plainNumbers = (at: number): boolean =>
        ((w[at + 124] as number) & 0x80) === 0 &&
        ((w[at + 148] as number) & 0x80) === 0 &&
        headerSize(w, at) < 2 ** 30;
      const expected =
        address >= 0 &&
        !wanted.has(address) &&
        end + 512 <= held &&
        headerSize(w, end) >= 0 &&
        !isZeroBlock(w, end) &&
        plainNumbers(from) &&
        plainNumbers(end) &&
        magicAt < 0;
      const got = kernel.skip(from, held);
      if (expected) {
        passes += 1;
        expect(got.passed, `case ${t}`).toBeGreaterThanOrEqual(1);
        expect(got.to, `case ${t}`).toBeGreaterThanOrEqual(end);
      } else expect(got, `case ${t}`).toEqual({ to: from, passed: 0 });
    }
    // Enough of them passed over for the test to mean something.
    expect(passes).toBeGreaterThan(1_000);
  });

  it('walks 150 random damaged archives as the walker alone does, through random windows and parts', () => {
    const r = randomness(42);
    const dir = path.join(root, 'random');
    execFileSync('mkdir', ['-p', dir]);
    const wanted = new Set([0xae01c7, 0xa1b2c3]);
    let byKernelAll = 0;
    for (let t = 0; t < 150; t += 1) {
      const pieces: Buffer[] = [];
      for (let m = 0; m < 20 + r.int(60); m += 1) {
        const kind = r.int(10);
        const size = r.pick([0, 100, 511, 512, 700, 1_500, r.int(5_000)]);
        if (kind < 6) {
          const address = r.pick(['ae01c7', 'a1b2c3', (0xa00000 + r.int(0x10000)).toString(16)]);
          pieces.push(plain(address, size));
        } else if (kind === 6) pieces.push(member(header(`./other/${m}.txt`, size), size));
        else if (kind === 7) pieces.push(header(`./traces/${m}/`, 0, '5'));
        else if (kind === 8) {
          const long = `./${'l'.repeat(120)}/trace_full_a0b0c0.json`;
          pieces.push(member(header('././@LongLink', long.length, 'L'), long.length));
          Buffer.from(long).copy(pieces[pieces.length - 1] as Buffer, 512);
          pieces.push(member(header(long.slice(0, 99), size), size));
        } else pieces.push(member(randomHeader(r), size));
      }
      pieces.push(Buffer.alloc(1_024));
      let bytes = Buffer.concat(pieces);
      // A gap in a body as long as the pieces after it, one time in three: the body's stated end
      // lands on the header after them.
      if (r.int(3) === 0) {
        const i = r.int(pieces.length - 2);
        const starts = pieces.map((_, k) => pieces.slice(0, k).reduce((n, p) => n + p.length, 0));
        const j = i + 2 + r.int(Math.min(3, pieces.length - 2 - i));
        const length = (starts[j] as number) - (starts[i + 1] as number);
        const bodyBytes = (pieces[i] as Buffer).length - 512;
        if (bodyBytes > 0) {
          const at = (starts[i] as number) + 512 + r.int(bodyBytes);
          bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + length)]);
        }
      }
      // Damage: flipped bytes, a gap off the block grid, junk put in, the end cut off.
      for (let d = r.int(4); d > 0; d -= 1) {
        const at = r.int(bytes.length);
        const how = r.int(4);
        if (how === 0) bytes[at] = r.int(256);
        else if (how === 1)
          bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + r.int(3_000))]);
        else if (how === 2)
          bytes = Buffer.concat([
            bytes.subarray(0, at),
            Buffer.alloc(1 + r.int(900), r.int(256)),
            bytes.subarray(at),
          ]);
        else bytes = bytes.subarray(0, Math.max(512, at));
      }
      const file = path.join(dir, `${t}.tar`);
      writeFileSync(file, bytes);
      byKernel = 0;
      compare(file, wanted, {
        windowBytes: r.pick([undefined, 512, 1_024, 1_536, 4_096, 8_192]),
        partBytes: r.pick([undefined, undefined, 700 + r.int(5_000)]),
      });
      byKernelAll += byKernel;
    }
    expect(byKernelAll).toBeGreaterThan(100);
  });
});

describe('a header stating an absurd size (its checksum right)', () => {
  const EIGHT_GIB = 8 * 2 ** 30 - 1;
  it.each([
    ['a GNU long name of 8 GiB', header('././@LongLink', EIGHT_GIB, 'L')],
    ['a pax record of 8 GiB', header('./PaxHeaders/x', EIGHT_GIB, 'x')],
    ['a trace of 8 GiB', header('./traces/00/trace_full_a00000.json', EIGHT_GIB)],
  ])('%s: the members after it are found, the header counted as damage', (_name, bad) => {
    const before = ['a00001', 'a00002'].map((a) => plain(a));
    const after = ['a00004', 'ae01c7', 'a00005'].map((a) => plain(a));
    const bytes = Buffer.concat([...before, bad, ...after, Buffer.alloc(1024)]);
    for (const kernel of [null, kernelFor(new Set([0xae01c7]))]) {
      const got = walk(new BufferStore(bytes), new Set([0xae01c7]), kernel);
      expect(got.entries.map((e) => e.name)).toContain('./traces/c7/trace_full_ae01c7.json');
      expect(got.damage.resyncs).toBe(1);
      expect(got.damage.noEndMarker).toBe(false);
      expect(got.leftOut).toBe(4);
    }
  });
});
