import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferStore, PartsStore, type ByteStore } from '../src/ingest/archive/byte-store.js';
import { TarSkipKernel } from '../src/ingest/archive/tar-kernel.js';
import { TarWalker, type TarEntry } from '../src/ingest/archive/tar-walk.js';
import { HexBitmap } from '../src/ingest/fast/hex-bitmap.js';
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
  const kernel = TarSkipKernel.create(HexBitmap.of([...wanted].map((a) => hex(a))).bits);
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

/** A GNU-format 512-byte header (the bench generator's shape), `edit` applied before the checksum. */
function header(name: string, size: number, type = '0', edit?: (h: Buffer) => void): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 'utf8');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(size.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  h.write('14750000000\0', 136, 'latin1');
  h.write(type, 156, 'latin1');
  h.write('ustar  \0', 257, 'latin1');
  edit?.(h);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return h;
}

function member(h: Buffer, size: number): Buffer {
  return Buffer.concat([h, Buffer.alloc(Math.ceil(size / 512) * 512, 0x41)]);
}

const plain = (address: string, size = 700): Buffer =>
  member(header(`./traces/${address.slice(-2)}/trace_full_${address}.json`, size), size);

describe('tar kernel', () => {
  it('is available (WebAssembly SIMD): the walk of a day relies on it for speed', () => {
    expect(TarSkipKernel.create(new Uint8Array(1 << 21))).not.toBeNull();
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
    const one = TarSkipKernel.create(HexBitmap.of(['a00002']).bits) as TarSkipKernel;
    expect(walked(first, one)).toEqual(['./traces/02/trace_full_a00002.json']);
    one.release();
    const second = new Set([0xa00003]);
    const two = TarSkipKernel.create(HexBitmap.of(['a00003']).bits) as TarSkipKernel;
    expect(two).toBe(one);
    expect(walked(second, two)).toEqual(['./traces/03/trace_full_a00003.json']);
    two.release();
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
