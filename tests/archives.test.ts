import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BufferStore,
  NeedMore,
  PartsStore,
  StreamStore,
} from '../src/ingest/archive/byte-store.js';
import { gunzipWhole, memberKind } from '../src/ingest/archive/members.js';
import { TarWalker, type TarEntry } from '../src/ingest/archive/tar-walk.js';
import { headerSize, plainTraceAddress } from '../src/ingest/archive/tar-header.js';
import { runCli } from './helpers.js';
import { fly, rng, stadium } from './sim.js';
import {
  c17,
  DAY_MS,
  dropBytes,
  rc135,
  splitFile,
  tarFolder,
  traceDocument,
  writeDayFolder,
  type TraceAircraft,
} from './archive-kit.js';

const DAY = Date.parse('2025-02-03T00:00:00Z');

type Members = Record<'entries' | 'read' | 'skipped' | 'notFlightData' | 'damaged', number>;
let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'sortie-archives-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function walkAll(bytes: Buffer): { entries: TarEntry[]; walker: TarWalker } {
  const walker = new TarWalker(new BufferStore(bytes));
  const entries: TarEntry[] = [];
  for (let e = walker.next(); e !== null; e = walker.next()) entries.push(e);
  return { entries, walker };
}

/**
 * Walks `bytes` arriving through `store` in pieces of `chunk` bytes, each step retried on NeedMore
 * as a stream's reader does; `onEntry` sees each entry while its body is still held.
 */
function walkArriving(
  walker: TarWalker,
  store: StreamStore,
  bytes: Buffer,
  chunk: number,
  onEntry: (e: TarEntry) => void = () => undefined,
): TarEntry[] {
  const entries: TarEntry[] = [];
  let fed = 0;
  for (;;) {
    let e: TarEntry | null;
    try {
      e = walker.next();
    } catch (err) {
      if (!(err instanceof NeedMore)) throw err;
      if (fed >= bytes.length) store.finish();
      else store.push(bytes.subarray(fed, (fed += chunk)));
      continue;
    }
    if (e === null) return entries;
    onEntry(e);
    entries.push(e);
  }
}

function makeDir(name: string): string {
  const dir = path.join(root, name);
  execFileSync('mkdir', ['-p', dir]);
  return dir;
}

/** The adsb.lol release of the day from `dayMs` flown by `aircraft` (civil traffic seeded by `seed`), into `dir`. */
function writeDayTar(
  dir: string,
  dayMs: number,
  aircraft: readonly TraceAircraft[],
  o: { civil: number; seed: number },
): void {
  const day = new Date(dayMs).toISOString().slice(0, 10);
  const folder = makeDir(`${path.basename(dir)}-${day}`);
  writeDayFolder(folder, dayMs, [...aircraft], o);
  tarFolder(folder, path.join(dir, `v${day.replaceAll('-', '.')}-planes-readsb-prod-0.tar`));
}

describe('tar walker', () => {
  it.each([
    ['gnu', 'GNU long names (L headers)'],
    ['posix', 'pax path records'],
    ['ustar', 'ustar prefix field'],
  ])('reads member names of --format=%s archives (%s)', (format) => {
    const dir = makeDir(`names-${format}`);
    const deep = `${'d'.repeat(60)}/${'e'.repeat(60)}`;
    const long = `${deep}/trace_full_ae01c7.json`;
    execFileSync('mkdir', ['-p', path.join(dir, 'src', deep)]);
    writeFileSync(path.join(dir, 'src', long), 'x'.repeat(700));
    writeFileSync(path.join(dir, 'src', 'short.txt'), 'hello');
    const out = path.join(dir, 'a.tar');
    execFileSync('tar', [`--format=${format}`, '-C', path.join(dir, 'src'), '-cf', out, '.']);
    const { entries, walker } = walkAll(readFileSync(out));
    const files = entries.filter((e) => e.type === '0').map((e) => [e.name, e.size]);
    // Names as stored, `./` and all: `tar -x` finds a member by that name only.
    expect(files.sort()).toEqual([
      [`./${long}`, 700],
      ['./short.txt', 5],
    ]);
    expect(walker.damage).toEqual({ resyncs: 0, bytesSkipped: 0, cut: 0, noEndMarker: false });
  });

  it('reads a size written in base-256 (GNU, for members over 8 GiB)', () => {
    const dir = makeDir('b256');
    writeFileSync(path.join(dir, 'f.bin'), 'abc');
    const out = path.join(dir, 'a.tar');
    execFileSync('tar', ['-C', dir, '-cf', out, 'f.bin']);
    const bytes = readFileSync(out);
    bytes.fill(0, 124, 136);
    bytes[124] = 0x80;
    bytes[135] = 3;
    bytes.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < 512; i += 1) sum += bytes[i] as number;
    bytes.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    const { entries } = walkAll(bytes);
    expect(entries.map((e) => [e.name, e.size])).toEqual([['f.bin', 3]]);
  });

  it('finds the next header at any byte offset after a gap, and says what it cost', () => {
    const dir = makeDir('gap');
    writeDayFolder(path.join(dir, 'day'), DAY, [rc135()], { civil: 40 });
    const out = path.join(dir, 'day.tar');
    tarFolder(path.join(dir, 'day'), out);
    const whole = walkAll(readFileSync(out)).entries;
    // 3,001 bytes dropped from the middle: every header after it is off the 512-byte grid.
    const bytes = readFileSync(out);
    const at = Math.floor(bytes.length / 2);
    const cut = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 3001)]);
    const { entries, walker } = walkAll(cut);
    expect(walker.damage.resyncs).toBe(1);
    expect(walker.damage.cut + walker.damage.bytesSkipped).toBeGreaterThan(0);
    // Every member is found whole but those the gap touched (header to the end of its body).
    const names = new Set(entries.filter((e) => e.present === e.size).map((e) => e.name));
    const lost = whole.filter((e) => !names.has(e.name));
    expect(lost.length).toBeGreaterThanOrEqual(1);
    for (const e of lost) {
      expect(e.bodyOffset - 512).toBeLessThan(at + 3001);
      expect(e.bodyOffset + e.size).toBeGreaterThan(at);
    }
  });

  it.each([
    ['one block', 512],
    ['smaller than a member', 1500],
    ['a few members', 16_384],
    ['the default (1 MiB)', undefined],
  ])(
    'walks split parts through a read window of %s exactly as the bytes in memory',
    (_, windowBytes) => {
      const dir = makeDir(`window-${windowBytes ?? 'default'}`);
      writeDayFolder(path.join(dir, 'day'), DAY, [rc135(), c17()], { civil: 60 });
      const out = path.join(dir, 'day.tar');
      tarFolder(path.join(dir, 'day'), out);
      // A gap off the block grid, then parts cut inside a member: resync and straddling together.
      dropBytes(out, Math.floor(readFileSync(out).length / 3), 2_777);
      const expected = walkAll(readFileSync(out));
      const parts = splitFile(out, 7_001).map((p) => ({ path: p, size: readFileSync(p).length }));
      const store = new PartsStore(parts, windowBytes);
      const walker = new TarWalker(store);
      const got: [TarEntry, string][] = [];
      for (let e = walker.next(); e !== null; e = walker.next()) {
        got.push([e, Buffer.from(store.read(e.bodyOffset, e.present)).toString('latin1')]);
      }
      store.close();
      const bytes = readFileSync(out);
      expect(got.map(([e]) => e)).toEqual(expected.entries);
      for (const [e, body] of got) {
        expect(body).toBe(
          bytes.subarray(e.bodyOffset, e.bodyOffset + e.present).toString('latin1'),
        );
      }
      expect(walker.damage).toEqual(expected.walker.damage);
      expect(walker.damage.resyncs).toBeGreaterThan(0);
    },
  );

  it.each([
    ['undamaged', 0],
    ['a gap off the block grid', 2_777],
  ])('passes over traces left out by their address (%s): the same members and damage', (_, gap) => {
    const dir = makeDir(`left-out-${gap}`);
    writeDayFolder(path.join(dir, 'day'), DAY, [rc135(), c17()], { civil: 60 });
    const out = path.join(dir, 'day.tar');
    tarFolder(path.join(dir, 'day'), out);
    if (gap > 0) dropBytes(out, Math.floor(readFileSync(out).length / 2), gap);
    const all = walkAll(readFileSync(out));
    const wanted = new Set([0xae01c7, 0xae1234]);
    const walker = new TarWalker(
      new BufferStore(readFileSync(out)),
      (address) => !wanted.has(address),
    );
    const got: TarEntry[] = [];
    for (let e = walker.next(); e !== null; e = walker.next()) got.push(e);
    // Passed over: exactly the whole traces whose name holds an address not wanted.
    const passed = all.entries.filter((e) => {
      const kind = memberKind(e.name, e.type);
      return (
        kind.kind === 'trace' &&
        !kind.hex.startsWith('~') &&
        !wanted.has(Number.parseInt(kind.hex, 16)) &&
        e.present === e.size
      );
    });
    expect(passed.length).toBeGreaterThan(50);
    expect(walker.leftOutCount).toBe(passed.length);
    expect(got).toEqual(all.entries.filter((e) => !passed.includes(e)));
    expect(walker.damage).toEqual(all.walker.damage);
    if (gap > 0) expect(walker.damage.resyncs).toBeGreaterThan(0);
  });

  it('passes over the same members on a stream arriving in small chunks (steps retried)', () => {
    const dir = makeDir('left-out-stream');
    writeDayFolder(path.join(dir, 'day'), DAY, [rc135(), c17()], { civil: 40 });
    const out = path.join(dir, 'day.tar');
    tarFolder(path.join(dir, 'day'), out);
    dropBytes(out, Math.floor(readFileSync(out).length / 3), 1_111);
    const bytes = readFileSync(out);
    const leftOut = (address: number): boolean => address !== 0xae01c7;
    const whole = new TarWalker(new BufferStore(bytes), leftOut);
    const expected: TarEntry[] = [];
    for (let e = whole.next(); e !== null; e = whole.next()) expected.push(e);
    const store = new StreamStore();
    const walker = new TarWalker(store, leftOut);
    expect(walkArriving(walker, store, bytes, 777)).toEqual(expected);
    expect(walker.leftOutCount).toBe(whole.leftOutCount);
    expect(walker.leftOutCount).toBeGreaterThan(30);
    expect(walker.damage).toEqual(whole.damage);
    expect(walker.damage.resyncs).toBeGreaterThan(0);
  });

  /** Random bytes: no run of zeros, no tar header inside. */
  const noise = (n: number, seed: number): Buffer => {
    const next = rng(seed);
    const bytes = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i += 1) bytes[i] = 1 + Math.floor(next() * 255);
    return bytes;
  };

  /** A tar of `a.bin` (20,000 bytes) then `b.bin` (3,000), as GNU tar writes it. */
  /** A ustar tar in a folder of its own of files of noise, in the order given. */
  function noiseTar(name: string, bodies: Record<string, Buffer>): string {
    const dir = makeDir(name);
    execFileSync('mkdir', ['-p', path.join(dir, 'src')]);
    for (const [file, bytes] of Object.entries(bodies)) {
      writeFileSync(path.join(dir, 'src', file), bytes);
    }
    const out = path.join(dir, 'noise.tar');
    const src = path.join(dir, 'src');
    execFileSync('tar', ['--format=ustar', '-C', src, '-cf', out, ...Object.keys(bodies)]);
    return out;
  }

  function lastTwoTar(name: string): { out: string; a: Buffer; b: Buffer } {
    const a = noise(20_000, 1);
    const b = noise(3_000, 2);
    return { out: noiseTar(name, { 'a.bin': a, 'b.bin': b }), a, b };
  }

  it.each([100, 511, 512, 3_584, 3_600, 4_096, 13_000])(
    'finds the last member after a gap of %i bytes in the one before it, whose stated end may fall on the end blocks',
    (gap) => {
      const { out, b } = lastTwoTar(`swallowed-${gap}`);
      dropBytes(out, 5_000, gap);
      const bytes = readFileSync(out);
      const { entries, walker } = walkAll(bytes);
      expect(entries.map((e) => e.name)).toEqual(['a.bin', 'b.bin']);
      const [first, second] = entries as [TarEntry, TarEntry];
      expect(first.present).toBeLessThanOrEqual(first.size);
      expect(second.present).toBe(3_000);
      expect(bytes.subarray(second.bodyOffset, second.bodyOffset + 3_000)).toEqual(b);
      // The gap is damage: the walk searched for the member after it.
      expect(walker.damage.resyncs).toBe(1);
      expect(walker.damage.cut).toBe(gap > 512 - (20_000 % 512) ? 1 : 0);
    },
  );

  /** A tar of four members of noise, `a.bin` 20,000 bytes first; their bytes by name. */
  function fourTar(name: string): { out: string; bodies: Record<string, Buffer> } {
    const bodies: Record<string, Buffer> = {
      'a.bin': noise(20_000, 1),
      'b.bin': noise(3_000, 2),
      'c.bin': noise(1_000, 3),
      'd.bin': noise(500, 4),
    };
    return { out: noiseTar(name, bodies), bodies };
  }

  it.each([
    ['b.bin', 512 + 3_072],
    ['b.bin and c.bin', 512 + 3_072 + 512 + 1_024],
  ])(
    'finds %s after a gap as long as they are, which brings the stated end onto the next header',
    (_, gap) => {
      const { out, bodies } = fourTar(`onto-header-${gap}`);
      dropBytes(out, 5_000, gap);
      const bytes = readFileSync(out);
      const walks = {
        memory: walkAll(bytes),
        stream: (() => {
          const store = new StreamStore();
          const walker = new TarWalker(store);
          return { entries: walkArriving(walker, store, bytes, 300), walker };
        })(),
      };
      for (const { entries, walker } of Object.values(walks)) {
        // Before, a.bin was read whole to its stated end, and the members in its body were lost
        // without a word: no resync, no member cut. Cut, it holds what is left of it and its
        // padding (20,480 bytes in all).
        expect(entries.map((e) => [e.name, e.present])).toEqual([
          ['a.bin', 20_480 - gap],
          ['b.bin', 3_000],
          ['c.bin', 1_000],
          ['d.bin', 500],
        ]);
        expect(walker.damage).toEqual({ resyncs: 1, bytesSkipped: 0, cut: 1, noEndMarker: false });
      }
      for (const e of walks.memory.entries.slice(1)) {
        const body = bytes.subarray(e.bodyOffset, e.bodyOffset + e.present);
        expect(body, e.name).toEqual(bodies[e.name]);
      }
    },
  );

  it('leaves an undamaged archive whole at its end blocks, also with a record of padding', () => {
    const { out, a, b } = lastTwoTar('clean-end');
    const { entries, walker } = walkAll(readFileSync(out));
    expect(entries.map((e) => [e.name, e.present])).toEqual([
      ['a.bin', a.length],
      ['b.bin', b.length],
    ]);
    expect(walker.damage).toEqual({ resyncs: 0, bytesSkipped: 0, cut: 0, noEndMarker: false });
  });

  it.each([
    ['last', ['a.bin', 'blob.bin']],
    // On the blocks of the member's body, the inner tar's headers lead to its own end blocks, not
    // to the header after the member: no gap brought them there.
    ['with a member after it', ['blob.bin', 'a.bin']],
  ])('reads a member holding a tar after other bytes (%s) as one member: no damage', (_, order) => {
    const dir = makeDir(`tar-at-offset-${order[0]}`);
    execFileSync('mkdir', ['-p', path.join(dir, 'inner'), path.join(dir, 'outer')]);
    writeFileSync(path.join(dir, 'inner', 'x.txt'), 'x'.repeat(3_000));
    const inner = path.join(dir, 'in.tar');
    execFileSync('tar', ['-C', path.join(dir, 'inner'), '-cf', inner, '.']);
    // A package, a zip storing a tar, a blob with a tar appended: tar data after other bytes
    // (here 1,024 of them: on the member's blocks).
    const blob = Buffer.concat([Buffer.from('!<arch>\n'.padEnd(1_024, ' ')), readFileSync(inner)]);
    writeFileSync(path.join(dir, 'outer', 'a.bin'), noise(20_000, 5));
    writeFileSync(path.join(dir, 'outer', 'blob.bin'), blob);
    const out = path.join(dir, 'outer.tar');
    execFileSync('tar', ['-C', path.join(dir, 'outer'), '-cf', out, ...order]);
    const { entries, walker } = walkAll(readFileSync(out));
    expect(entries.map((e) => [e.name, e.present])).toEqual(
      order.map((name) => [name, name === 'blob.bin' ? blob.length : 20_000]),
    );
    expect(walker.damage).toEqual({ resyncs: 0, bytesSkipped: 0, cut: 0, noEndMarker: false });
  });

  it.each([
    ['whole', (b: Buffer) => b],
    ['cut inside its last record', (b: Buffer) => b.subarray(0, b.length - 1)],
    ['with a newline after it', (b: Buffer) => Buffer.concat([b, Buffer.from('\n')])],
  ])('reads a tar whose last member is a tar as one member (%s): no damage', (_, change) => {
    const dir = makeDir(`nested-${_.replaceAll(' ', '-')}`);
    execFileSync('mkdir', ['-p', path.join(dir, 'inner'), path.join(dir, 'outer')]);
    writeFileSync(path.join(dir, 'inner', 'x.txt'), 'x'.repeat(3_000));
    writeFileSync(path.join(dir, 'inner', 'y.txt'), 'y'.repeat(700));
    execFileSync('tar', [
      '-C',
      path.join(dir, 'inner'),
      '-cf',
      path.join(dir, 'outer', 'in.tar'),
      '.',
    ]);
    writeFileSync(path.join(dir, 'outer', 'a.bin'), noise(20_000, 3));
    const out = path.join(dir, 'nested.tar');
    execFileSync('tar', ['-C', path.join(dir, 'outer'), '-cf', out, 'a.bin', 'in.tar']);
    const { entries, walker } = walkAll(change(readFileSync(out)));
    const inner = readFileSync(path.join(dir, 'outer', 'in.tar')).length;
    expect(entries.map((e) => [e.name, e.size, e.present])).toEqual([
      ['a.bin', 20_000, 20_000],
      ['in.tar', inner, inner],
    ]);
    expect(walker.damage).toEqual({ resyncs: 0, bytesSkipped: 0, cut: 0, noEndMarker: false });
  });

  it('searches only the end of a big last member for members a gap brought into it', () => {
    const dir = makeDir('big-last');
    execFileSync('mkdir', ['-p', path.join(dir, 'src')]);
    writeFileSync(path.join(dir, 'src', 'big.bin'), noise(24 << 20, 4));
    const out = path.join(dir, 'big.tar');
    execFileSync('tar', ['-C', path.join(dir, 'src'), '-cf', out, 'big.bin']);
    // One byte more: the end is no longer whole blocks, as after a gap.
    writeFileSync(out, Buffer.concat([readFileSync(out), Buffer.from('\n')]));
    const store = new PartsStore([{ path: out, size: readFileSync(out).length }]);
    const walker = new TarWalker(store);
    const entries: TarEntry[] = [];
    for (let e = walker.next(); e !== null; e = walker.next()) entries.push(e);
    store.close();
    expect(entries.map((e) => [e.name, e.present])).toEqual([['big.bin', 24 << 20]]);
    // Its last MiB looked at on its blocks, then its last 16 MiB searched, in 1 MiB windows:
    // never the whole 24 MiB body.
    expect(store.bytesRead).toBeLessThan(21 << 20);
  });

  it('never says a member holds more than its header states, wherever a gap falls', () => {
    const { out } = lastTwoTar('present-within-size');
    const bytes = readFileSync(out);
    for (let at = 0; at < bytes.length - 1_024; at += 997) {
      for (const gap of [1, 100, 600, 2_100]) {
        const damaged = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + gap)]);
        for (const e of walkAll(damaged).entries) {
          expect(e.present, `gap of ${gap} at ${at}: ${e.name}`).toBeLessThanOrEqual(e.size);
        }
      }
    }
  });

  it('finds the swallowed member on a stream too, arriving in small chunks', () => {
    const { out, b } = lastTwoTar('swallowed-stream');
    dropBytes(out, 5_000, 3_600);
    const bytes = readFileSync(out);
    const store = new StreamStore();
    const walker = new TarWalker(store);
    const got: [string, number, string][] = [];
    walkArriving(walker, store, bytes, 777, (e) =>
      got.push([
        e.name,
        e.present,
        Buffer.from(store.read(e.bodyOffset, e.present)).toString('hex'),
      ]),
    );
    expect(got.map(([name, present]) => [name, present])).toEqual([
      ['a.bin', 16_880],
      ['b.bin', 3_000],
    ]);
    expect(got[1]?.[2]).toBe(b.toString('hex'));
    expect(walker.damage).toEqual(walkAll(bytes).walker.damage);
  });

  it.each([
    ['zeros after the archive', 0, 3],
    // Two searches in one step (a bad block searched past to the member, then the search for the
    // header after it), each resumed on its own: 2.2 GB looked at when only the last was.
    ['junk after a bad block and a member', 1, 32],
  ])(
    "searches a stream's tail (%s) about once, however small the chunks it arrives in, and lets it go",
    (_, badBlock, times) => {
      const { out } = lastTwoTar(`tail-stream-${badBlock}`);
      const tail = 4 << 20;
      const archive = readFileSync(out);
      const bytes =
        badBlock === 0
          ? Buffer.concat([archive, Buffer.alloc(tail)])
          : Buffer.concat([Buffer.alloc(512, 0xff), archive.subarray(0, 1_024), noise(tail, 6)]);
      /** Counts the bytes handed out: what the walk looked at. */
      class CountingStore extends StreamStore {
        seen = 0;
        override read(offset: number, length: number): Uint8Array {
          const got = super.read(offset, length);
          this.seen += got.length;
          return got;
        }
      }
      const store = new CountingStore();
      const walker = new TarWalker(store);
      const names = walkArriving(walker, store, bytes, 4_096).map((e) => e.name);
      expect(names).toEqual(badBlock === 0 ? ['a.bin', 'b.bin'] : ['a.bin']);
      expect(walker.damage.bytesSkipped).toBeGreaterThan(tail - 20_000);
      // Each chunk searched about once; searched again from the start each time a step was tried
      // again, it was some 2 GB here (4 MiB arriving in 4 KiB pieces).
      expect(store.seen).toBeLessThan(times * bytes.length);
      // What was searched is let go: at most the padding a record may have after its end (1 MiB)
      // is held at once. The whole tail was (4 MiB, in a buffer of 8).
      expect(store.bytes.length).toBeLessThanOrEqual(2 << 20);
    },
  );

  it('says when the data ends early (no end-of-archive blocks), the last member cut', () => {
    const dir = makeDir('short');
    writeDayFolder(path.join(dir, 'day'), DAY, [rc135()], { civil: 5 });
    const out = path.join(dir, 'day.tar');
    tarFolder(path.join(dir, 'day'), out);
    const bytes = readFileSync(out);
    const { walker } = walkAll(bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect(walker.damage.noEndMarker).toBe(true);
  });

  it.each([
    ["a record's padding of zeros after the end blocks: whole", 10_240, 0],
    ['just under a megabyte of zeros after them: whole (any blocking factor)', (1 << 20) - 512, 0],
    ['its end never written (zeros past any padding): the zeros are lost data', 3 << 20, 1],
  ])('%s', (_name, zeros, damaged) => {
    const dir = makeDir(`zero-tail-${zeros}`);
    writeDayFolder(path.join(dir, 'day'), DAY, [rc135()], { civil: 5 });
    const out = path.join(dir, 'day.tar');
    tarFolder(path.join(dir, 'day'), out);
    const bytes = readFileSync(out);
    // The members and the end blocks as written, then the zeros.
    let end = bytes.length;
    while (end > 0 && bytes[end - 1] === 0) end -= 1;
    const body = bytes.subarray(0, Math.ceil(end / 512) * 512 + 1024);
    const { walker, entries } = walkAll(Buffer.concat([body, Buffer.alloc(zeros)]));
    expect(entries.length).toBe(walkAll(bytes).entries.length);
    expect(walker.damage.noEndMarker).toBe(false);
    expect(walker.damage.bytesSkipped > 0 ? 1 : 0).toBe(damaged);
    if (damaged) expect(walker.damage.bytesSkipped).toBe(zeros + 1024);
  });
});

describe('member names', () => {
  it.each([
    ['./traces/c7/trace_full_ae01c7.json', 'ae01c7'],
    ['traces/C7/trace_full_AE01C7.json', 'ae01c7'],
    ['trace_full_ae01c7.json', 'ae01c7'],
    ['2025/02/03/traces/7e/trace_full_~24cb7e.json', '~24cb7e'],
    ['traces/c7/xtrace_full_ae01c7.json', null],
    ['traces/c7/trace_full_ae01c7.json.gz', null],
    ['traces/c7/trace_full_ae01c.json', null],
    ['traces/c7/trace_full_ae01c77.json', null],
    ['traces/c7/trace_full_ae01g7.json', null],
    ['traces/c7/trace_full_ae01\u00127.json', null],
    ['traces/c7/trace_full_~~e01c7.json', null],
    ['traces/trace_full_ae01c7.json/README.txt', null],
  ])('%s names the trace of %s', (name, hex) => {
    const kind = memberKind(name);
    if (hex === null) expect(kind.kind).not.toBe('trace');
    else expect(kind).toEqual({ kind: 'trace', hex });
    // A header's name bytes give the same address, without the name made (`~` ones go by name).
    const block = Buffer.alloc(512);
    block.write(name, 0, 'utf8');
    block.write('0000644\0', 100, 'latin1');
    block.write('00000000012\0', 124, 'latin1');
    block[156] = 0x30;
    block.write('ustar  \0', 257, 'latin1');
    block.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of block) sum += b;
    block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    expect(headerSize(block)).toBe(10);
    const address = plainTraceAddress(block);
    if (hex === null || hex.startsWith('~')) expect(address).toBe(-1);
    else expect(address.toString(16).padStart(6, '0')).toBe(hex);
  });
});

describe('trace members decompressed', () => {
  const text = JSON.stringify({ icao: 'ae01c7', trace: Array.from({ length: 4000 }, (_, i) => i) });
  const gz = gzipSync(text);
  /** The gzip with its trailer's stated length (ISIZE, little-endian) set to `n`. */
  const stating = (n: number): Buffer => {
    const copy = Buffer.from(gz);
    copy.writeUInt32LE(n >>> 0, copy.length - 4);
    return copy;
  };
  it.each([
    ['its trailer stating its length', gz],
    ['two gzip members, the last stating its own length', Buffer.concat([gz, gzipSync('[1]')])],
    ['nothing', gzipSync('')],
    // Damaged: gzip checks the length too, so these fail as they fail in one piece.
    ['a trailer stating too little', stating(100)],
    ['a trailer stating 4 GiB - 1', stating(0xffffffff)],
    ['a cut member', gz.subarray(0, gz.length - 9)],
  ])('%s: the bytes gunzipSync gives, or its failure', (_, body) => {
    let expected: string | Error;
    try {
      expected = gunzipSync(body).toString('utf8');
    } catch (err) {
      expected = err as Error;
    }
    if (typeof expected === 'string') expect(gunzipWhole(body).toString('utf8')).toBe(expected);
    else expect(() => gunzipWhole(body)).toThrow(expected.message);
  });
  it('reads a member of many zlib pieces whole', () => {
    expect(gunzipWhole(Buffer.concat([gz, gzipSync('[1]')])).toString('utf8')).toBe(text + '[1]');
    expect(gunzipWhole(gz).toString('utf8')).toBe(text);
  });
  it('refuses a member that would decompress to more than any trace holds (a bomb), before holding it', () => {
    // 300 MiB of zeros in about 300 KB.
    const bomb = gzipSync(Buffer.alloc(300 << 20), { level: 1 });
    expect(bomb.length).toBeLessThan(2 << 20);
    expect(() => gunzipWhole(bomb)).toThrow(/Cannot create a Buffer larger than 268435456 bytes/);
  });
});

/** The missions of a `sortie missions --format json` run, without the names of their inputs. */
function missionsOf(stdout: string): unknown[] {
  const doc = JSON.parse(stdout) as { missions: Record<string, unknown>[] };
  return doc.missions.map((m) => ({
    aircraft: m.aircraft,
    sortieStart: m.sortieStart,
    sortieEnd: m.sortieEnd,
    firstEntry: m.firstEntry,
    lastExit: m.lastExit,
    minutesInRegion: m.minutesInRegion,
    positions: m.positions,
    pattern: m.pattern,
  }));
}

describe('adsb.lol day tars read in place', () => {
  let dayDir: string;
  let extracted: string;
  let parts: string[];

  beforeAll(() => {
    dayDir = makeDir('release');
    extracted = makeDir('extracted');
    writeDayFolder(extracted, DAY, [rc135(DAY + 10 * 3_600_000, 300), c17()], { civil: 300 });
    const tar = path.join(dayDir, 'v2025.02.03-planes-readsb-prod-0.tar');
    tarFolder(extracted, tar);
    parts = splitFile(tar, 400_000);
    rmSync(tar);
    // A gap in the middle of the second part.
    dropBytes(parts[1] as string, 100_000, 5_000);
  });

  it('calls a file of something else named .tar an error, naming it (exit 1), not an empty archive', async () => {
    const file = path.join(makeDir('not-a-tar'), 'noise.tar');
    // Bytes that hold no tar header anywhere (no 'ustar' and no valid checksum).
    writeFileSync(file, Buffer.from(Array.from({ length: 100_000 }, (_, k) => (k * 7919) % 251)));
    const r = await runCli(['inspect', '--format', 'json', file]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      `sortie: ${file}: not a tar archive: no tar header in its 100,000 bytes`,
    );
    expect(JSON.parse(r.stdout).inputs[0].error.message).toMatch(/^not a tar archive/);
  });

  it('reads a tar on standard input whose first bytes are missing (cat x.tar.ab | sortie -)', async () => {
    const dir = makeDir('stdin-no-head');
    writeDayFolder(path.join(dir, 'day'), DAY, [rc135()], { civil: 30 });
    const tar = path.join(dir, 'day.tar');
    tarFolder(path.join(dir, 'day'), tar);
    const whole = readFileSync(tar);
    // Cut inside a member's body, some 3 KB past a header: the stream begins with no header.
    const headerAt = whole.indexOf('ustar', 20_000, 'latin1') - 257;
    const cut = whole.subarray(headerAt + 3_000);
    const fromFile = await runCli(['inspect', '--format', 'json', tar]);
    const r = await runCli(['inspect', '--format', 'json', '-'], {}, cut);
    expect(r.code).toBe(1);
    const input = JSON.parse(r.stdout).inputs[0];
    expect(input.archive.damage.resyncs).toBe(1);
    expect(input.archive.members.entries).toBeGreaterThan(20);
    expect(input.archive.members.entries).toBeLessThan(
      JSON.parse(fromFile.stdout).inputs[0].archive.members.entries,
    );
    expect(r.stderr).toMatch(/^sortie: warning: - is damaged \(1 resync/m);
  });

  it('reads a trace member that begins with a byte-order mark, as the same file alone is read', async () => {
    const dir = makeDir('bom-trace');
    const day = path.join(dir, 'day');
    writeDayFolder(day, DAY, [rc135()], { civil: 3 });
    const trace = path.join(day, 'traces', 'c7', 'trace_full_ae01c7.json');
    writeFileSync(
      trace,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), gunzipSync(readFileSync(trace))]),
    );
    const tar = path.join(dir, 'bom.tar');
    tarFolder(day, tar);
    const inTar = JSON.parse((await runCli(['inspect', '--format', 'json', tar])).stdout).inputs[0];
    const alone = JSON.parse((await runCli(['inspect', '--format', 'json', trace])).stdout)
      .inputs[0];
    expect(inTar.archive.members.damaged).toBe(0);
    expect(alone.rows).toBeGreaterThan(100);
    expect(inTar.rows).toBe(alone.rows);
  });

  it('counts a registry packed among the data as not flight data, with a note, not as damage', async () => {
    const dir = makeDir('registry-member');
    const inside = path.join(dir, 'inside');
    execFileSync('mkdir', ['-p', inside]);
    writeFileSync(
      path.join(inside, 'plane-alert-mil.csv'),
      '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\n' +
        'AE01C7,64-14845,United States Air Force,Boeing RC-135V,R135,Mil,Rivet Joint,,,Military,\n',
    );
    execFileSync('cp', ['fixtures/formats/opensky-states/states_2025-02-05-20.csv', inside]);
    const tar = path.join(dir, 'packed.tar');
    tarFolder(inside, tar);
    const r = await runCli(['inspect', '--format', 'json', tar]);
    expect(r.code).toBe(0);
    const input = JSON.parse(r.stdout).inputs[0];
    // The folder and the registry.
    expect(input.archive.members).toMatchObject({ read: 1, notFlightData: 2, damaged: 0 });
    expect(input.notes.join('\n')).toMatch(
      /plane-alert-mil\.csv: not read \(a registry \(plane-alert-db CSV\), not flight data: give it with --aircraft-db\)/,
    );
  });

  it('reads a split, damaged day: inspect accounts for every member', async () => {
    const r = await runCli(['inspect', '--format', 'json', ...parts]);
    // Not read in full: exit 1, the damage said on stderr as in the JSON.
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^sortie: warning: .*prod-0\.tar is damaged \(1 resync/);
    const doc = JSON.parse(r.stdout) as {
      inputs: {
        file: string;
        archive: {
          members: Members;
          damage: Record<string, unknown>;
        };
      }[];
      warnings: string[];
    };
    expect(doc.inputs).toHaveLength(1);
    const input = doc.inputs[0]!;
    expect(input.file).toBe(path.join(dayDir, 'v2025.02.03-planes-readsb-prod-0.tar'));
    const m = input.archive.members;
    expect(m.read + m.skipped + m.notFlightData + m.damaged).toBe(m.entries);
    expect(m.read).toBe(2);
    expect(m.skipped).toBeGreaterThan(280);
    expect(input.archive.damage.resyncs).toBe(1);
    expect(doc.warnings.join(' ')).toMatch(/is damaged \(1 resync/);
  });

  it('gives the same missions as the same day extracted into a folder', async () => {
    const fromTar = await runCli(['missions', '--format', 'json', dayDir]);
    const intact = makeDir('intact');
    const tar = path.join(intact, 'v2025.02.03-planes-readsb-prod-0.tar');
    tarFolder(extracted, tar);
    const fromParts = await runCli(['missions', '--format', 'json', ...splitFile(tar, 300_000)]);
    const fromFolder = await runCli(['missions', '--format', 'json', extracted]);
    const folderMissions = missionsOf(fromFolder.stdout);
    expect(folderMissions).toHaveLength(1);
    expect(missionsOf(fromParts.stdout)).toEqual(folderMissions);
    // The gap cost civil members only: the same mission.
    expect(missionsOf(fromTar.stdout)).toEqual(folderMissions);
  });

  it('finds a trace that a gap as long as it brought inside the member before it: damage said, the same missions', async () => {
    const dir = makeDir('swallowed-trace');
    const day = path.join(dir, 'day');
    // An airliner's long day, in the member just before the RC-135's (the civil traces are below
    // ad0001: none sorts between adf0c7 and ae01c7, below the US military block at adf7c8).
    const airliner: TraceAircraft = {
      hex: 'adf0c7',
      type: 'B738',
      fixes: fly(stadium(300, 40), {
        kt: 450,
        minutes: 600,
        startMs: DAY + 3_600_000,
        hex: 'adf0c7',
        everyS: 2,
      }),
    };
    const written = writeDayFolder(day, DAY, [airliner, rc135(DAY + 10 * 3_600_000, 300)], {
      civil: 20,
    });
    const tar = path.join(dir, 'v2025.02.03-planes-readsb-prod-0.tar');
    execFileSync('tar', ['-C', day, '-cf', tar, ...written.sort()]);
    const entries = walkAll(readFileSync(tar)).entries;
    const k = entries.findIndex((e) => e.name.endsWith('trace_full_ae01c7.json'));
    const before = entries[k - 1] as TarEntry;
    const trace = entries[k] as TarEntry;
    const after = entries[k + 1] as TarEntry;
    expect(before.name).toMatch(/trace_full_adf0c7\.json$/);
    // The trace's header and body: the airliner's stated end is then the next member's header.
    const gap = after.bodyOffset - trace.bodyOffset;
    expect(before.size).toBeGreaterThan(gap + 1_000);
    const intact = await runCli(['missions', '--format', 'json', tar]);
    const intactInspect = JSON.parse((await runCli(['inspect', '--format', 'json', tar])).stdout);
    dropBytes(tar, before.bodyOffset + 500, gap);
    const r = await runCli(['inspect', '--format', 'json', tar]);
    // Before, the trace was lost without a word: exit 0, no damage, one member fewer.
    expect(r.code).toBe(1);
    const input = JSON.parse(r.stdout).inputs[0];
    expect(input.archive.members).toEqual({
      ...intactInspect.inputs[0].archive.members,
      skipped: intactInspect.inputs[0].archive.members.skipped - 1,
      damaged: 1,
    });
    expect(input.archive.damage).toMatchObject({ resyncs: 1, membersCut: 1, bytesSkipped: 0 });
    expect(input.archive.damage.examples).toEqual(['traces/c7/trace_full_adf0c7.json (cut short)']);
    const damaged = await runCli(['missions', '--format', 'json', tar]);
    expect(missionsOf(damaged.stdout)).toHaveLength(1);
    expect(missionsOf(damaged.stdout)).toEqual(missionsOf(intact.stdout));
  });

  it('reads a tar on standard input in order, the same missions', async () => {
    const intact = makeDir('stdin');
    const tar = path.join(intact, 'day.tar');
    tarFolder(extracted, tar);
    const r = await runCli(['missions', '--format', 'json', '-'], {}, readFileSync(tar));
    const fromFolder = await runCli(['missions', '--format', 'json', extracted]);
    expect(missionsOf(r.stdout)).toEqual(missionsOf(fromFolder.stdout));
  });
});

interface CitedFix {
  time: string;
  lat: number;
  lon: number;
  file: string;
  member: string | null;
  line: number;
}

/** Every fix a report's missions cite (evidence, closest approach, address changes). */
function citedFixes(stdout: string): CitedFix[] {
  const doc = JSON.parse(stdout) as {
    missions: {
      evidence: Record<string, CitedFix> & { hexChanges: { before: CitedFix; after: CitedFix }[] };
      territorial: { closestFix: CitedFix | null } | null;
    }[];
  };
  return doc.missions.flatMap((m) => [
    m.evidence.firstFix!,
    m.evidence.firstEntry!,
    m.evidence.lastExit!,
    m.evidence.lastFix!,
    ...(m.territorial?.closestFix ? [m.territorial.closestFix] : []),
    ...m.evidence.hexChanges.flatMap((c) => [c.before, c.after]),
  ]);
}

describe('fixes cited inside archives', () => {
  it('are named by member and trace point, as the extracted files are named by file and point', async () => {
    const src = makeDir('cite-src');
    writeDayFolder(src, DAY, [rc135(DAY + 10 * 3_600_000, 300), c17()], { civil: 200 });
    const dir = makeDir('cite');
    const tar = path.join(dir, 'v2025.02.03-planes-readsb-prod-0.tar');
    tarFolder(src, tar);
    const args = ['report', '--format', 'json', '--period', 'day'];
    const folderRun = await runCli([...args, src]);
    // Dated by its traces, the folder is the day, and the day before it is missing, as for the tar.
    expect(folderRun.stderr).toMatch(
      /^sortie: warning: No day archive for 2025-02-02, the day before/,
    );
    // The folder is read as the day it holds, its files named as members, as the tar's.
    const inFolder = citedFixes(folderRun.stdout);
    expect(inFolder.length).toBeGreaterThanOrEqual(5);
    expect(inFolder.every((f) => f.member !== null && path.resolve(f.file) === src)).toBe(true);
    const fromFolder = inFolder.map((f) => ({
      ...f,
      file: path.join(src, f.member as string),
      member: null,
    }));
    const partsRun = await runCli([...args, ...splitFile(tar, 150_000)]);
    expect(partsRun.stderr).toMatch(
      /^sortie: warning: No day archive for 2025-02-02, the day before/,
    );
    const fromParts = citedFixes(partsRun.stdout);
    // --watch selects one more trace, read before the RC-135's: its points keep their numbers.
    const order = execFileSync('tar', ['-tf', tar]).toString().split('\n');
    const rc135At = order.indexOf('./traces/c7/trace_full_ae01c7.json');
    const earlier = order
      .slice(0, rc135At)
      .find((n) => /trace_full_a[0-9a-f]{5}\.json$/.test(n) && !n.includes('ae1234'));
    expect(earlier).toBeDefined();
    const watch = path.join(dir, 'watch.txt');
    writeFileSync(watch, `${/([0-9a-f]{6})\.json$/.exec(earlier!)![1]}\n`);
    const widerRun = await runCli([...args, '--watch', watch, tar]);
    expect(widerRun.stderr).toContain(partsRun.stderr);
    const readOf = (stdout: string): number =>
      (JSON.parse(stdout) as { inputs: { archive: { members: Members } }[] }).inputs[0]!.archive
        .members.read;
    expect(readOf(widerRun.stdout)).toBe(readOf(partsRun.stdout) + 1);
    const wider = citedFixes(widerRun.stdout);
    const fromStdin = citedFixes((await runCli([...args, '-'], {}, readFileSync(tar))).stdout);
    for (const [how, fixes] of [
      ['parts', fromParts],
      ['wider selection', wider],
      ['stdin', fromStdin],
    ] as const) {
      expect(
        fixes.every((f) => f.member !== null),
        how,
      ).toBe(true);
      expect(
        fixes.map((f) => ({ ...f, file: path.join(src, f.member as string), member: null })),
        how,
      ).toEqual(fromFolder);
    }
    // The cited point is the trace's point of that number (from 1), as jq '.trace[line - 1]' finds it.
    for (const f of fromParts) {
      const doc = JSON.parse(
        gunzipSync(readFileSync(path.join(src, f.member as string))).toString(),
      ) as { timestamp: number; trace: number[][] };
      const point = doc.trace[f.line - 1]!;
      expect(doc.timestamp + point[0]!).toBe(Date.parse(f.time) / 1000);
      expect([point[1], point[2]].map((x) => Math.round(x! * 1e5) / 1e5)).toEqual([f.lat, f.lon]);
    }
    // Rows skipped inside an archive are placed by member too: inspect's text and JSON.
    const bad = makeDir('cite-bad');
    const points = Array.from({ length: 12 }, (_, i): unknown => [
      i * 20,
      26 + i / 1000,
      -110.5,
      30000,
    ]);
    points[5] = [100, 95, -110.5, 30000];
    points[9] = 'junk';
    execFileSync('mkdir', ['-p', path.join(bad, 'src/traces/c7')]);
    writeFileSync(
      path.join(bad, 'src/traces/c7/trace_full_ae01c7.json'),
      gzipSync(
        JSON.stringify({
          icao: 'ae01c7',
          t: 'R135',
          dbFlags: 1,
          timestamp: DAY / 1000,
          trace: points,
        }),
      ),
    );
    const badTar = path.join(bad, 'v2025.02.03-planes-readsb-prod-0.tar');
    tarFolder(path.join(bad, 'src'), badTar);
    const inspectText = await runCli(['inspect', badTar]);
    expect(inspectText.stdout).toContain(
      '  skipped 1 × bad position (first at ./traces/c7/trace_full_ae01c7.json:6)\n' +
        '  skipped 1 × malformed trace point (first at ./traces/c7/trace_full_ae01c7.json:10)\n',
    );
    const inspectJson = JSON.parse(
      (await runCli(['inspect', '--format', 'json', badTar])).stdout,
    ) as {
      inputs: { skippedFirstMembers: unknown }[];
    };
    expect(inspectJson.inputs[0]!.skippedFirstMembers).toEqual({
      'bad position': [{ member: './traces/c7/trace_full_ae01c7.json', line: 6 }],
      'malformed trace point': [{ member: './traces/c7/trace_full_ae01c7.json', line: 10 }],
    });
    // Text outputs name the member too.
    const csv = await runCli(['missions', '--format', 'csv', tar]);
    expect(csv.stdout).toContain(`${tar}:./traces/c7/trace_full_ae01c7.json:`);
  });
});

describe('fixes cited inside archives, identified late', () => {
  it('an aircraft identified by another input is cited by its own member and points', async () => {
    // ae5f01 flies without a type in the day tar, among C-17s read first; a trace of the next day,
    // given beside it, says it is an RC-135: its fixes in the tar are read again in a second pass.
    const src = makeDir('late-src');
    const late = 'ae5f01';
    const orbit = (startMs: number, minutes: number) =>
      fly(stadium(120, 15), { kt: 330, minutes, startMs, hex: late, everyS: 20 });
    const fixes = orbit(DAY + 10 * 3_600_000, 240);
    const c17s = ['ae1101', 'ae2202', 'ae3303', 'ae4404'].map((hex) => ({
      hex,
      type: 'C17',
      dbFlags: 1,
      fixes: fly(stadium(200, 20), { kt: 420, minutes: 90, startMs: DAY + 15 * 3_600_000, hex }),
    }));
    writeDayFolder(src, DAY, [...c17s, { hex: late, fixes }], { civil: 20 });
    const dir = makeDir('late');
    const tar = path.join(dir, 'v2025.02.03-planes-readsb-prod-0.tar');
    tarFolder(src, tar);
    const next = DAY + DAY_MS;
    const other = path.join(makeDir('late-other'), `trace_full_${late}.json`);
    const nextFixes = orbit(next + 10 * 3_600_000, 60);
    writeFileSync(
      other,
      JSON.stringify(traceDocument({ hex: late, type: 'R135', fixes: nextFixes }, next)),
    );
    for (const threads of ['1', '2']) {
      const r = await runCli([
        'report',
        '--format',
        'json',
        '--period',
        'day',
        '--threads',
        threads,
        tar,
        other,
      ]);
      const cited = citedFixes(r.stdout).filter((f) => f.member !== null);
      expect(cited.length, threads).toBeGreaterThanOrEqual(4);
      for (const f of cited) {
        expect(f.member, threads).toBe(`./traces/01/trace_full_${late}.json`);
        const doc = JSON.parse(gunzipSync(readFileSync(path.join(src, f.member!))).toString()) as {
          timestamp: number;
          trace: number[][];
        };
        const point = doc.trace[f.line - 1]!;
        expect(doc.timestamp + point[0]!, threads).toBe(Date.parse(f.time) / 1000);
      }
    }
  });
});

const kb = (bytes: number): string => `${Math.round(bytes / 1000)} kB`;

describe('one copy of each day', () => {
  it('reads one of duplicate asset sets and one pod per day, never mlatonly, and says so', async () => {
    const dir = makeDir('pods');
    const day = makeDir('pods-day');
    writeDayFolder(day, DAY, [rc135(DAY + 10 * 3_600_000, 240)], { civil: 50 });
    const prod = path.join(dir, 'v2025.02.03-planes-readsb-prod-0.tar');
    tarFolder(day, prod);
    // The same release also as split parts (adsb.lol has a few such), a staging copy cut short,
    // and the MLAT-only pod, whole.
    execFileSync('cp', [prod, `${prod}.tmp`]);
    const size = readFileSync(prod).length;
    splitFile(`${prod}.tmp`, Math.ceil(size / 3)).forEach((p, i) =>
      execFileSync('mv', [p, `${prod}.${String.fromCharCode(97, 97 + i)}`]),
    );
    rmSync(`${prod}.tmp`);
    const staging = path.join(dir, 'v2025.02.03-planes-readsb-staging-0.tar');
    writeFileSync(staging, readFileSync(prod).subarray(0, Math.floor(size * 0.6)));
    execFileSync('cp', [prod, path.join(dir, 'v2025.02.03-planes-readsb-mlatonly-0.tar')]);
    const r = await runCli(['inspect', '--format', 'json', dir]);
    const doc = JSON.parse(r.stdout) as {
      inputs: { file: string; archive: { choice: { why: string } } }[];
      archivesLeftOut: { file: string; reason: string }[];
    };
    expect(doc.inputs.map((i) => path.basename(i.file))).toEqual([
      'v2025.02.03-planes-readsb-prod-0.tar',
    ]);
    expect(doc.inputs[0]?.archive.choice.why).toMatch(
      /read of 2 asset sets of the release; prod-0 read for 2025-02-03: the largest complete copy of 2/,
    );
    // By file name, as a database lists them.
    const left = doc.archivesLeftOut.map((f) => [path.basename(f.file), f.reason.split(':')[0]]);
    expect(left).toEqual([
      ['v2025.02.03-planes-readsb-mlatonly-0.tar', 'MLAT-only pod (mlatonly-0)'],
      [
        'v2025.02.03-planes-readsb-prod-0.tar.aa…ac',
        `another asset set of the same release (3 parts, ${kb(size)})`,
      ],
      [
        'v2025.02.03-planes-readsb-staging-0.tar',
        `another pod's copy of 2025-02-03 (staging-0, ${kb(Math.floor(size * 0.6))}, incomplete)`,
      ],
    ]);
    // Said on standard error too, before any report.
    expect(r.stderr).toContain('v2025.02.03-planes-readsb-mlatonly-0.tar left out: MLAT-only pod');
    expect(r.stderr).toContain('prod-0 read for 2025-02-03');
  });

  /** A day's tar of `pod` in `dir`, and (with `folders`) the folder each pod's copy was extracted into. */
  function dayCopies(dir: string, pod: string, folders: readonly string[]): string {
    const day = `${dir}-day`;
    writeDayFolder(day, DAY, [rc135(DAY + 10 * 3_600_000, 240)], { civil: 50 });
    const tar = path.join(dir, `v2025.02.03-planes-readsb-${pod}.tar`);
    tarFolder(day, tar);
    for (const p of folders) {
      const folder = path.join(dir, `v2025.02.03-planes-readsb-${p}`);
      execFileSync('mkdir', ['-p', folder]);
      execFileSync('tar', ['-xf', tar, '-C', folder]);
    }
    return tar;
  }
  type CopiesDoc = {
    inputs: { file: string; rows: number; archive: { choice: { why: string } | null } }[];
    archivesLeftOut: { file: string; reason: string }[];
    missions: unknown[];
  };

  it("reads a release's whole tar, not the folders extracted beside it; a receiver's own day is read too", async () => {
    const dir = makeDir('copies');
    // A staging tar (the pod's copy downloaded) beside a prod folder and its own extraction.
    const tar = dayCopies(dir, 'staging-0', ['prod-0', 'staging-0']);
    // A receiver's globe_history holding the same UTC day: another feed, always read.
    const receiver = path.join(dir, 'globe_history/2025/02/03');
    writeDayFolder(receiver, DAY, [rc135(DAY + 10 * 3_600_000, 240)], { civil: 5, seed: 3 });
    const r = await runCli(['report', '--format', 'json', '--period', 'day', dir]);
    const doc = JSON.parse(r.stdout) as CopiesDoc;
    expect(doc.inputs.map((i) => path.relative(dir, i.file))).toEqual([
      'globe_history/2025/02/03',
      'v2025.02.03-planes-readsb-staging-0.tar',
    ]);
    const alone = JSON.parse(
      (await runCli(['report', '--format', 'json', '--period', 'day', tar])).stdout,
    ) as CopiesDoc;
    expect(doc.inputs[1]?.rows).toBe(alone.inputs[0]?.rows);
    expect(doc.inputs[1]?.archive.choice?.why).toBe(
      'read for 2025-02-03, not the extracted copies given with it',
    );
    // One sortie of one aircraft, whichever feeds saw it.
    expect(doc.missions).toHaveLength(1);
    const inspect = JSON.parse(
      (await runCli(['inspect', '--format', 'json', dir])).stdout,
    ) as CopiesDoc;
    expect(inspect.archivesLeftOut.map((f) => [path.basename(f.file), f.reason])).toEqual(
      ['prod-0', 'staging-0'].map((pod) => [
        `v2025.02.03-planes-readsb-${pod}`,
        `an extracted copy of 2025-02-03 (${pod}): v2025.02.03-planes-readsb-staging-0.tar is read; copies of one day are alternatives, not two feeds`,
      ]),
    );
    // Said on standard error before the report, as other copies of a day are.
    expect(r.stderr).toContain(
      'v2025.02.03-planes-readsb-prod-0/ left out: an extracted copy of 2025-02-03 (prod-0)',
    );
    expect(r.stderr).toContain(
      'v2025.02.03-planes-readsb-staging-0.tar: read for 2025-02-03, not the extracted copies given with it',
    );
  });

  it('knows an extracted copy by the name that dates it: given as folder/., or through a link named after the release', async () => {
    const dir = makeDir('copies-named');
    const tar = dayCopies(dir, 'prod-0', ['prod-0']);
    const folder = path.join(dir, 'v2025.02.03-planes-readsb-prod-0');
    const elsewhere = makeDir('copies-link');
    symlinkSync(folder, path.join(elsewhere, 'today'));
    symlinkSync(folder, path.join(elsewhere, 'v2025.02.03-planes-readsb-prod-0 (1)'));
    for (const named of [
      path.join(folder, '.'),
      path.join(folder, 'traces'),
      path.join(elsewhere, 'today'),
      path.join(elsewhere, 'v2025.02.03-planes-readsb-prod-0 (1)'),
    ]) {
      const doc = JSON.parse(
        (await runCli(['inspect', '--format', 'json', named, tar])).stdout,
      ) as CopiesDoc;
      expect(doc.inputs.map((i) => path.basename(i.file))).toEqual([
        'v2025.02.03-planes-readsb-prod-0.tar',
      ]);
      expect(doc.archivesLeftOut).toHaveLength(1);
    }
  });

  it('knows the copy when its folder is walked under another name before a link named after the release', async () => {
    const dir = makeDir('copies-order');
    const tar = dayCopies(dir, 'prod-0', []);
    // `extract/` sorts before the link: the walk meets the folder first by the name its traces date.
    execFileSync('mkdir', ['-p', path.join(dir, 'extract')]);
    execFileSync('tar', ['-xf', tar, '-C', path.join(dir, 'extract')]);
    symlinkSync('extract', path.join(dir, 'v2025.02.03-planes-readsb-prod-0'));
    const doc = JSON.parse(
      (await runCli(['inspect', '--format', 'json', dir])).stdout,
    ) as CopiesDoc;
    expect(doc.inputs.map((i) => path.basename(i.file))).toEqual([path.basename(tar)]);
    expect(doc.archivesLeftOut.map((f) => path.basename(f.file))).toEqual(['extract']);
    // A report whose span misses the day names neither copy, under any name.
    const link = makeDir('copies-order-link');
    symlinkSync(path.join(dir, 'extract'), path.join(link, 'today'));
    const later = ['--from', '2025-03-01', '--to', '2025-03-05'];
    const r = await runCli(['report', ...later, path.join(link, 'today'), tar]);
    expect(r.stderr).not.toContain('left out');
    expect(r.stderr).not.toContain('read for 2025-02-03');
  });

  it("never takes a receiver's dated day for a copy, though reached through a link named after a release", async () => {
    const dir = makeDir('copies-receiver');
    const day2 = DAY + DAY_MS;
    const receiver = path.join(dir, 'globe_history/2025/02/04');
    writeDayFolder(receiver, day2, [rc135(day2 + 10 * 3_600_000, 240)], { civil: 5 });
    const downloads = makeDir('copies-receiver-downloads');
    symlinkSync(receiver, path.join(downloads, 'v2025.02.03-planes-readsb-prod-0'));
    const other = makeDir('copies-receiver-day');
    writeDayFolder(other, day2, [rc135(day2 + 10 * 3_600_000, 240)], { civil: 20 });
    tarFolder(other, path.join(downloads, 'v2025.02.04-planes-readsb-prod-0.tar'));
    const doc = JSON.parse(
      (await runCli(['inspect', '--format', 'json', downloads])).stdout,
    ) as CopiesDoc;
    expect(doc.inputs.map((i) => path.basename(i.file))).toEqual([
      'v2025.02.03-planes-readsb-prod-0',
      'v2025.02.04-planes-readsb-prod-0.tar',
    ]);
    expect(doc.archivesLeftOut).toEqual([]);
  });

  it('reads a tar cut short beside the folder extracted from its whole copy, and says so', async () => {
    const dir = makeDir('copies-cut');
    const tar = dayCopies(dir, 'prod-0', ['prod-0']);
    writeFileSync(tar, readFileSync(tar).subarray(0, Math.floor(readFileSync(tar).length / 2)));
    const r = await runCli(['inspect', '--format', 'json', dir]);
    const doc = JSON.parse(r.stdout) as CopiesDoc;
    expect(doc.inputs.map((i) => path.basename(i.file))).toEqual([
      'v2025.02.03-planes-readsb-prod-0.tar',
      'v2025.02.03-planes-readsb-prod-0',
    ]);
    expect(doc.archivesLeftOut).toEqual([]);
    expect(doc.inputs[1]?.archive.choice?.why).toBe(
      'read beside v2025.02.03-planes-readsb-prod-0.tar, which does not end as a whole tar does: both copies of 2025-02-03 are read, their fixes merged as duplicates',
    );
    expect(r.stderr).toContain('which does not end as a whole tar does: both copies');
  });

  it('says so when a folder dated by its traces holds a release tar of its day beside them (tar -xf where it lies): both are read', async () => {
    const dir = makeDir('in-place');
    const tar = dayCopies(dir, 'prod-0', []);
    execFileSync('tar', ['-xf', tar, '-C', dir]);
    const r = await runCli(['inspect', '--format', 'json', dir]);
    const doc = JSON.parse(r.stdout) as {
      inputs: { file: string; archive: { kind: string; day: string; choice: { why: string } } }[];
      archivesLeftOut: unknown[];
    };
    expect(doc.inputs.map((i) => [path.basename(i.file), i.archive.kind, i.archive.day])).toEqual([
      [path.basename(dir), 'globe-history', '2025-02-03'],
      [path.basename(tar), 'tar', '2025-02-03'],
    ]);
    expect(doc.archivesLeftOut).toEqual([]);
    const why = `dated 2025-02-03 by its traces, and read beside ${path.basename(tar)}, which lies in it and holds that day: if the folder is that release extracted, both copies are read (their fixes merged as duplicates); extracted into a folder named after the release, only the tar would be`;
    expect(doc.inputs[0]?.archive.choice?.why).toBe(why);
    expect(r.stderr).toContain(`: ${why}`);
    // A tar of another day in it says nothing.
    const other = makeDir('in-place-other');
    dayCopies(other, 'prod-0', []);
    execFileSync('tar', ['-xf', path.join(other, path.basename(tar)), '-C', other]);
    execFileSync('mv', [
      path.join(other, path.basename(tar)),
      path.join(other, 'v2025.02.04-planes-readsb-prod-0.tar'),
    ]);
    const quiet = await runCli(['inspect', '--format', 'json', other]);
    expect(quiet.stderr).not.toContain('by its traces, and read beside');
    // Nor does a report whose span misses the day (the tar is not read then).
    const later = await runCli(['report', '--from', '2025-03-01', '--to', '2025-03-05', dir]);
    expect(later.stderr).not.toContain('by its traces, and read beside');
  });

  it.each([
    ['a browser', 'v2025.02.03-planes-readsb-prod-0 (1).tar'],
    ['a browser, a third time', 'v2025.02.03-planes-readsb-prod-0 (1) (1).tar'],
    ['Firefox', 'v2025.02.03-planes-readsb-prod-0(1).tar'],
    ['wget', 'v2025.02.03-planes-readsb-prod-0.tar.1'],
  ])(
    "reads a release downloaded again by %s (%s) as the release's day, and one of the two",
    async (who, name) => {
      const dir = makeDir(`downloads-twice-${who.replace(/\W/g, '')}`);
      const tar = dayCopies(dir, 'prod-0', []);
      const again = path.join(dir, name);
      execFileSync('cp', [tar, again]);
      const alone = JSON.parse((await runCli(['inspect', '--format', 'json', again])).stdout) as {
        inputs: { archive: { day: string | null } }[];
      };
      expect(alone.inputs[0]?.archive.day).toBe('2025-02-03');
      const doc = JSON.parse(
        (await runCli(['inspect', '--format', 'json', dir])).stdout,
      ) as CopiesDoc;
      expect(doc.inputs.map((i) => path.basename(i.file))).toEqual([path.basename(tar)]);
      expect(doc.archivesLeftOut.map((f) => [path.basename(f.file), f.reason])).toEqual([
        [
          path.basename(again),
          `another download of 2025-02-03 (prod-0, ${kb(readFileSync(tar).length)}): ${path.basename(tar)} is read`,
        ],
      ]);
    },
  );

  it("takes x.tar.N for wget's download only when it begins as a tar and no part is numbered beside it", async () => {
    const dir = makeDir('numbered');
    const tar = dayCopies(dir, 'prod-0', []);
    const whole = JSON.parse(
      (await runCli(['report', '--format', 'json', tar])).stdout,
    ) as CopiesDoc;
    // Parts numbered by split -d (.00, .01, ...): none is left out as another download (the
    // largest complete one, the last part, read alone); each is read by its content.
    const parts = path.join(dir, 'parts');
    execFileSync('mkdir', ['-p', parts]);
    const bytes = readFileSync(tar);
    const third = Math.ceil(bytes.length / 3 / 512) * 512;
    for (let k = 0; k * third < bytes.length; k += 1) {
      writeFileSync(
        path.join(parts, `${path.basename(tar)}.0${k}`),
        bytes.subarray(k * third, (k + 1) * third),
      );
    }
    const split = JSON.parse(
      (await runCli(['inspect', '--format', 'json', parts])).stdout,
    ) as CopiesDoc;
    expect(split.archivesLeftOut).toEqual([]);
    expect(split.inputs).toHaveLength(3);
    // A gzip-compressed copy named as wget would: read by its content, as a gzip stream.
    const gz = path.join(dir, 'gz');
    execFileSync('mkdir', ['-p', gz]);
    writeFileSync(path.join(gz, `${path.basename(tar)}.1`), gzipSync(bytes));
    const zipped = await runCli(['report', '--format', 'json', gz]);
    expect(zipped.code).toBe(0);
    const doc = JSON.parse(zipped.stdout) as CopiesDoc;
    expect(doc.inputs.map((i) => i.rows)).toEqual(whole.inputs.map((i) => i.rows));
    const ids = (d: CopiesDoc): unknown[] => d.missions.map((m) => (m as { id: string }).id);
    expect(ids(doc)).toEqual(ids(whole));
    expect(ids(doc)).toHaveLength(1);
  });

  it('of two downloads of one pod in two folders, reads the one named as adsb.lol names it, and names it by its path', async () => {
    const made = dayCopies(makeDir('downloads-folders-made'), 'prod-0', []);
    const dir = makeDir('downloads-folders');
    const tar = path.join(dir, 'bbbbbbbbbb', path.basename(made));
    const again = path.join(dir, 'a', 'v2025.02.03-planes-readsb-prod-0 (1).tar');
    const twin = path.join(dir, 'c', path.basename(made));
    for (const copy of [tar, again, twin]) {
      execFileSync('mkdir', ['-p', path.dirname(copy)]);
      execFileSync('cp', [made, copy]);
    }
    const doc = JSON.parse(
      (await runCli(['inspect', '--format', 'json', dir])).stdout,
    ) as CopiesDoc;
    expect(doc.inputs.map((i) => path.relative(dir, i.file))).toEqual([
      `bbbbbbbbbb/${path.basename(tar)}`,
    ]);
    expect(
      doc.archivesLeftOut.map((f) => [path.relative(dir, f.file), f.reason.split(': ').pop()]),
    ).toEqual([
      [path.relative(dir, again), `${path.basename(tar)} is read`],
      [path.relative(dir, twin), `${tar} is read`],
    ]);
  });

  it('of extracted copies of a day alone, reads the prod pod, then the first by name', async () => {
    const dir = makeDir('folder-copies');
    for (const pod of ['canary-0', 'staging-0', 'prod-0']) {
      const folder = path.join(dir, `v2025.02.03-planes-readsb-${pod}`);
      writeDayFolder(folder, DAY, [rc135(DAY + 10 * 3_600_000, 240)], { civil: 20 });
    }
    const r = await runCli(['inspect', '--format', 'json', dir]);
    const doc = JSON.parse(r.stdout) as {
      inputs: { file: string; archive: { kind: string; choice: { why: string } | null } }[];
      archivesLeftOut: { file: string; reason: string }[];
    };
    expect(doc.inputs.map((i) => [path.basename(i.file), i.archive.kind])).toEqual([
      ['v2025.02.03-planes-readsb-prod-0', 'globe-history'],
    ]);
    expect(doc.inputs[0]?.archive.choice?.why).toBe(
      'prod-0 read for 2025-02-03 of 3 extracted copies',
    );
    expect(doc.archivesLeftOut.map((f) => [path.basename(f.file), f.reason])).toEqual(
      ['canary-0', 'staging-0'].map((pod) => [
        `v2025.02.03-planes-readsb-${pod}`,
        `another extracted copy of 2025-02-03 (${pod}): v2025.02.03-planes-readsb-prod-0/ is read; copies of one day are alternatives, not two feeds`,
      ]),
    );
  });

  it.each([
    ['the first part missing', ['ab', 'ac'], null, /part \.aa of [^ ]+ is missing/],
    ['a part missing between two', ['aa', 'ac'], null, /part \.ab of [^ ]+ is missing/],
    [
      'a part short of the others',
      ['aa', 'ab', 'ac'],
      'ab',
      /part \.ab of [^ ]+ is [\d,]+ bytes, not the [\d,]+ of a split part/,
    ],
  ])(
    'says what a split day lacks (%s), and does not list the parts it reads as left out',
    async (_name, kept, shortened, lacks) => {
      const dir = makeDir(`parts-${kept.join('')}-${shortened ?? ''}`);
      const day = makeDir(`parts-day-${kept.join('')}-${shortened ?? ''}`);
      writeDayFolder(day, DAY, [rc135(DAY + 10 * 3_600_000, 240)], { civil: 50 });
      const prod = path.join(dir, 'v2025.02.03-planes-readsb-prod-0.tar');
      tarFolder(day, prod);
      const size = readFileSync(prod).length;
      splitFile(prod, Math.ceil(size / 3)).forEach((p, i) => {
        const part = String.fromCharCode(97, 97 + i);
        if (!kept.includes(part)) rmSync(p);
        else if (part === shortened) writeFileSync(p, readFileSync(p).subarray(0, 5000));
      });
      rmSync(prod);
      const r = await runCli(['inspect', '--format', 'json', dir]);
      const doc = JSON.parse(r.stdout) as {
        warnings: string[];
        inputs: { archive: { incomplete: string | null } }[];
        archivesLeftOut: unknown[];
      };
      expect(doc.archivesLeftOut).toEqual([]);
      expect(doc.inputs[0]?.archive.incomplete).toMatch(lacks);
      expect(doc.warnings.join('\n')).toMatch(lacks);
      expect(r.stderr).toMatch(lacks);
    },
  );
});

describe('days joined', () => {
  it('day tars read on reading threads give the report, accounting and warnings of one thread', async () => {
    const dir = makeDir('threads');
    const aircraft = [rc135(), c17(), rc135(DAY + 2 * DAY_MS + 3_600_000, 240)];
    for (const [k, dayMs] of [DAY, DAY + DAY_MS, DAY + 2 * DAY_MS].entries()) {
      writeDayTar(dir, dayMs, aircraft, { civil: 20, seed: k });
    }
    for (const cmd of ['report', 'inspect']) {
      const args = (threads: string) => [cmd, dir, '--format', 'json', '--threads', threads];
      const one = await runCli(args('1'));
      const three = await runCli(args('3'));
      expect(three.code).toBe(one.code);
      expect(three.stderr).toBe(one.stderr);
      expect(three.stdout).toBe(one.stdout);
      if (cmd === 'report') expect(missionsOf(one.stdout)).toHaveLength(2);
    }
  });

  it('warns when a day tar holds fixes of another day than its name says', async () => {
    const dir = makeDir('misnamed');
    writeDayTar(dir, DAY, [rc135()], { civil: 5, seed: 1 });
    const named = path.join(dir, 'v2025.02.10-planes-readsb-prod-0.tar');
    execFileSync('mv', [path.join(dir, 'v2025.02.03-planes-readsb-prod-0.tar'), named]);
    const r = await runCli(['inspect', '--format', 'json', dir]);
    expect(JSON.parse(r.stdout).warnings.join('\n')).toMatch(
      /v2025\.02\.10-planes-readsb-prod-0\.tar is named for 2025-02-10, but its fixes run from 2025-02-03 /,
    );
    expect(r.stderr).toMatch(/is named for 2025-02-10, but its fixes run from 2025-02-03/);
    // Named right, no such warning.
    const right = makeDir('named-right');
    writeDayTar(right, DAY, [rc135()], { civil: 5, seed: 1 });
    expect((await runCli(['inspect', '--format', 'json', right])).stdout).not.toMatch(
      /is named for/,
    );
  });

  it('a sortie across 00:00 UTC in two day tars is one mission', async () => {
    const dir = makeDir('midnight');
    const aircraft = [rc135()];
    for (const [k, dayMs] of [DAY, DAY + DAY_MS].entries()) {
      writeDayTar(dir, dayMs, aircraft, { civil: 20, seed: k });
    }
    const r = await runCli(['missions', '--format', 'json', dir]);
    const missions = missionsOf(r.stdout) as { firstEntry: string; lastExit: string }[];
    expect(missions).toHaveLength(1);
    expect(missions[0]?.firstEntry.slice(0, 13)).toBe('2025-02-03T21');
    expect(missions[0]?.lastExit.slice(0, 13)).toBe('2025-02-04T03');
    // Only the second day: the sortie is seen from midnight, and the report says the day is missing.
    const second = makeDir('midnight-second');
    execFileSync('cp', [path.join(dir, 'v2025.02.04-planes-readsb-prod-0.tar'), second]);
    const report = await runCli([
      'report',
      '--format',
      'json',
      '--from',
      '2025-02-04',
      '--to',
      '2025-02-06',
      '--period',
      'day',
      second,
    ]);
    const warnings = (JSON.parse(report.stdout) as { warnings: string[] }).warnings;
    expect(warnings).toEqual([
      'No day archive for 1 day of the window (2025-02-05): missions then are not counted, and the window edge is not covered; exposure leaves out the days no input holds (see the outages).',
      'No day archive for 2025-02-03, the day before the window: a sortie that crossed 00:00 UTC into the window is seen from midnight only, so it may be counted as starting in the window.',
    ]);
    for (const w of warnings) expect(report.stderr).toContain(`sortie: warning: ${w}`);
    // The day no input holds is an outage: the window's exposure is the one day given.
    const doc = JSON.parse(report.stdout) as {
      summary: { calendarDays: number; observedDays: number };
      exposure: { outages: { from: string; to: string; evidence: string }[] };
    };
    expect(doc.summary).toMatchObject({ calendarDays: 2, observedDays: 1 });
    expect(doc.exposure.outages.map((o) => [o.from, o.to, o.evidence])).toEqual([
      ['2025-02-05T00:00:00Z', '2025-02-06T00:00:00Z', 'missing-file'],
    ]);
    const md = await runCli([
      'report',
      '--format',
      'md',
      '--from',
      '2025-02-04',
      '--to',
      '2025-02-06',
      second,
    ]);
    expect(md.stdout).toContain(
      '> **Warning:** No day archive for 2025-02-03, the day before the window',
    );
  });
});

describe('a .tar.gz cut short', () => {
  it('accounts for its members up to the cut', async () => {
    const dir = makeDir('tgz-cut');
    writeDayTar(dir, DAY, [rc135()], { civil: 300, seed: 3 });
    const tar = path.join(dir, 'v2025.02.03-planes-readsb-prod-0.tar');
    const gz = gzipSync(readFileSync(tar), { level: 6 });
    const cut = path.join(dir, 'day-cut.tar.gz');
    writeFileSync(cut, gz.subarray(0, Math.floor((gz.length * 2) / 3)));
    rmSync(tar);
    const r = await runCli(['inspect', '--format', 'json', '--scan-all', cut]);
    expect(r.code).toBe(1);
    const [input] = JSON.parse(r.stdout).inputs as {
      rows: number;
      error: { message: string } | null;
      archive: {
        members: {
          entries: number;
          read: number;
          skipped: number;
          notFlightData: number;
          damaged: number;
        };
        damage: { membersCut: number; noEndMarker: boolean };
      } | null;
    }[];
    expect(input?.error).not.toBeNull();
    expect(input?.archive).not.toBeNull();
    const m = input!.archive!.members;
    expect(m.entries).toBeGreaterThan(100);
    expect(m.read + m.skipped + m.notFlightData + m.damaged).toBe(m.entries);
    expect(input!.archive!.damage.noEndMarker).toBe(true);
    expect(m.skipped + m.read).toBeGreaterThan(100);
  });
});

describe('a day archive holding no aircraft trace', () => {
  it('holds no time of its day: left out of exposure, and said', async () => {
    const dir = makeDir('traceless');
    for (const k of [0, 1, 3]) {
      const dayMs = DAY + k * DAY_MS;
      writeDayTar(dir, dayMs, [rc135(dayMs + 10 * 3_600_000, 240)], { civil: 5, seed: k });
    }
    // 2025-02-05 as adsb.lol has shipped days: folders, a heatmap and notes, no trace.
    const empty = makeDir('traceless-2025-02-05');
    mkdirSync(path.join(empty, 'traces', '00'), { recursive: true });
    mkdirSync(path.join(empty, 'heatmap'), { recursive: true });
    writeFileSync(path.join(empty, 'heatmap', '00.bin.ttf'), 'heatmap');
    writeFileSync(path.join(empty, 'README.txt'), 'globe_history day\n');
    tarFolder(empty, path.join(dir, 'v2025.02.05-planes-readsb-prod-0.tar'));
    const args = ['--from', '2025-02-04', '--to', '2025-02-07', '--period', 'day', dir];
    const r = await runCli(['report', '--format', 'json', ...args]);
    const doc = JSON.parse(r.stdout) as {
      warnings: string[];
      summary: { calendarDays: number; observedDays: number };
      exposure: { outages: { from: string; to: string; evidence: string; why: string }[] };
    };
    expect(doc.summary).toMatchObject({ calendarDays: 3, observedDays: 2 });
    const [outage] = doc.exposure.outages;
    expect(outage).toMatchObject({
      from: '2025-02-05T00:00:00Z',
      to: '2025-02-06T00:00:00Z',
      evidence: 'missing-file',
    });
    expect(outage?.why).toContain(
      'the archive given for 2025-02-05 holds no aircraft trace (folders, heatmaps or notes only)',
    );
    const warning =
      'No day archive for 1 day of the window (2025-02-05; the archive given for 2025-02-05 holds no aircraft trace (folders, heatmaps or notes only)): missions then are not counted; exposure leaves out the days no input holds (see the outages).';
    expect(doc.warnings).toContain(warning);
    expect(r.stderr).toContain(`sortie: warning: ${warning}`);
  });

  it('a day none holds is an outage, not a gap in a dated series counted as observed', async () => {
    const dir = makeDir('day-gap');
    for (const k of [0, 2]) {
      const dayMs = DAY + k * DAY_MS;
      writeDayTar(dir, dayMs, [rc135(dayMs + 10 * 3_600_000, 240)], { civil: 5, seed: k });
    }
    const r = await runCli([
      'report',
      '--format',
      'json',
      '--from',
      '2025-02-03',
      '--to',
      '2025-02-06',
      dir,
    ]);
    const doc = JSON.parse(r.stdout) as { warnings: string[]; summary: { observedDays: number } };
    expect(doc.summary.observedDays).toBe(2);
    expect(doc.warnings.join('\n')).not.toContain('A dated series');
  });
});

describe('day archives outside the span of fixes', () => {
  /** Day tars for days `first`..`last` (offsets from DAY) into `dir`: a mission on each day. */
  function dayTars(dir: string, first: number, last: number): void {
    for (let k = first; k <= last; k += 1) {
      const dayMs = DAY + k * DAY_MS;
      writeDayTar(dir, dayMs, [rc135(dayMs + 10 * 3_600_000, 240), c17()], { civil: 20, seed: k });
    }
  }
  // The window is the fifth day: fixes from 48 h before it are made into sorties (days 2 to 4 and
  // after), so the first two days are not read.
  const window = ['--from', '2025-02-07', '--to', '2025-02-08', '--period', 'day'];
  const warning =
    '2 day archives not read (2025-02-03 to 2025-02-04): their days lie outside the fixes made into sorties (48 hours around the window and any baseline); coverage and receiver outages are judged from the days read';

  it('a day archive with no surveillance aircraft is a quiet day, observed: zero, not no coverage', async () => {
    const dir = makeDir('span-quiet');
    dayTars(dir, 0, 1);
    writeDayTar(dir, DAY + 2 * DAY_MS, [], { civil: 20, seed: 2 });
    dayTars(dir, 3, 4);
    const r = await runCli([
      'report',
      dir,
      '--from',
      '2025-02-04',
      '--to',
      '2025-02-07',
      '--period',
      'day',
      '--format',
      'json',
    ]);
    const doc = JSON.parse(r.stdout) as {
      summary: { observedDays: number };
      periods: { missions: number | null }[];
      exposure: { outages: unknown[] };
    };
    expect(doc.exposure.outages).toEqual([]);
    expect(doc.summary.observedDays).toBe(3);
    expect(doc.periods.map((p) => p.missions)).toEqual([1, 0, 1]);
  });

  it('a baseline reaching before the days given counts only the days held', async () => {
    // Days 0 to 9, a mission each: a window of the last two days against a baseline of the month
    // before it, of which only days 0 to 7 have archives.
    const dir = makeDir('span-baseline');
    dayTars(dir, 0, 9);
    const r = await runCli([
      'report',
      dir,
      '--from',
      '2025-02-11',
      '--to',
      '2025-02-13',
      '--period',
      'day',
      '--baseline',
      '2025-01-12/2025-02-11',
      '--format',
      'json',
    ]);
    const doc = JSON.parse(r.stdout) as {
      summary: { missions: number; observedDays: number; rateRatio: { ratio: number } | null };
      baseline: { missions: number; calendarDays: number; observedDays: number };
      exposure: { outages: { from: string; to: string; evidence: string; why: string }[] };
    };
    // The 22 days before the first archive are no observation: 8 days of baseline, not 30.
    expect(doc.exposure.outages.map((o) => [o.from, o.to, o.evidence])).toEqual([
      ['2025-01-12T00:00:00Z', '2025-02-03T00:00:00Z', 'missing-file'],
    ]);
    expect(doc.exposure.outages[0]?.why).toMatch(/before the first day archive given/);
    expect(doc.summary.missions).toBe(2);
    expect(doc.summary.observedDays).toBe(2);
    expect(r.stdout).toContain('"observedDays": 8');
  });

  it('are not read: the report of the days within, said in every output', async () => {
    const all = makeDir('span-all');
    const within = makeDir('span-within');
    dayTars(all, 0, 4);
    dayTars(within, 2, 4);
    const json = (dir: string, threads: string) =>
      runCli(['report', '--format', 'json', '--threads', threads, ...window, dir]);
    const [fromAll, fromWithin, onThreads] = await Promise.all([
      json(all, '1'),
      json(within, '1'),
      json(all, '3'),
    ]);
    expect(fromAll.code).toBe(0);
    const doc = JSON.parse(fromAll.stdout) as Record<string, unknown> & {
      warnings: string[];
      inputs: { file: string }[];
      inputsNotRead: { file: string; day: string; reason: string }[];
    };
    expect(doc.warnings).toContain(warning);
    expect(fromAll.stderr).toContain(`sortie: warning: ${warning}`);
    expect(doc.inputsNotRead.map((n) => [path.basename(n.file), n.day])).toEqual([
      ['v2025.02.03-planes-readsb-prod-0.tar', '2025-02-03'],
      ['v2025.02.04-planes-readsb-prod-0.tar', '2025-02-04'],
    ]);
    expect(doc.inputs.map((i) => path.basename(i.file))).toEqual([
      'v2025.02.05-planes-readsb-prod-0.tar',
      'v2025.02.06-planes-readsb-prod-0.tar',
      'v2025.02.07-planes-readsb-prod-0.tar',
    ]);
    // Everything else is what the days within alone give (their folder's name aside).
    const same = (stdout: string): unknown => {
      const d = JSON.parse(stdout.replaceAll('span-within', 'span-all')) as Record<string, unknown>;
      const { warnings, inputsNotRead, methods, ...rest } = d as {
        warnings: string[];
        inputsNotRead: unknown;
        methods: string;
      };
      return {
        ...rest,
        warnings: warnings.filter((w) => w !== warning),
        methods: methods.replace(/; 2 day archives not read \([^)]*\)[^.]*/, ''),
        notRead: inputsNotRead,
      };
    };
    expect(same(fromAll.stdout)).toEqual({
      ...(same(fromWithin.stdout) as object),
      notRead: doc.inputsNotRead,
    });
    expect(missionsOf(fromAll.stdout)).toHaveLength(1);
    // Read on threads: the same.
    expect(onThreads.stdout).toBe(fromAll.stdout);
    expect(onThreads.stderr).toBe(fromAll.stderr);
    const text = await runCli(['report', ...window, all]);
    expect(text.stdout).toContain(
      '; 2 day archives not read (2025-02-03 to 2025-02-04): their days lie outside the fixes made into sorties.',
    );
    expect(text.stdout).toContain(`Warning: ${warning}`);
    for (const [format, shown] of [
      ['md', `> **Warning:** ${warning}`],
      ['csv', `# warning: ${warning}`],
      ['html', warning],
    ] as const) {
      const r = await runCli(['report', '--format', format, ...window, all]);
      expect(r.stdout, format).toContain(shown);
    }
    const missions = await runCli(['missions', '--format', 'json', ...window.slice(0, 4), all]);
    const listed = JSON.parse(missions.stdout) as { warnings: string[]; inputsNotRead: unknown[] };
    expect(listed.warnings).toContain(warning);
    expect(listed.inputsNotRead).toHaveLength(2);
    // With no window, every day is read.
    const inspect = await runCli(['inspect', '--format', 'json', all]);
    expect((JSON.parse(inspect.stdout) as { inputs: unknown[] }).inputs).toHaveLength(5);
  });

  it('all days left unread: a report of no missions that says so, never "no input files"', async () => {
    const dir = makeDir('span-none');
    dayTars(dir, 0, 4);
    const march = ['--from', '2025-03-01', '--to', '2025-03-08'];
    const r = await runCli(['report', '--format', 'json', ...march, dir]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      summary: { missions: number };
      noMissions: { daysNotRead: number };
      warnings: string[];
      inputs: unknown[];
      inputsNotRead: unknown[];
    };
    const text = await runCli(['report', ...march, dir]);
    expect(text.stdout).toContain(
      'No missions: no positions at all were read from the inputs (5 day archives not read: outside the fixes made into sorties).',
    );
    expect(doc.summary.missions).toBe(0);
    expect(doc.noMissions.daysNotRead).toBe(5);
    expect(doc.inputs).toEqual([]);
    expect(doc.inputsNotRead).toHaveLength(5);
    expect(
      doc.warnings.filter((w) => w.startsWith('No day archive for 7 days of the window')),
    ).toHaveLength(1);
    expect(doc.warnings.filter((w) => w.startsWith('5 day archives not read'))).toHaveLength(1);
    // Beside another input the window's missing days are still said.
    const csv = path.join(dir, 'other.csv');
    writeFileSync(csv, 'time,icao24,lat,lon\n1740787200,abc123,27.5,-111.2\n');
    const mixed = await runCli(['report', '--format', 'json', ...march, dir]);
    const warned = (JSON.parse(mixed.stdout) as { warnings: string[] }).warnings;
    expect(
      warned.filter((w) => w.startsWith('No day archive for 7 days of the window')),
    ).toHaveLength(1);
  });

  it('an output is never written over a day archive left unread', async () => {
    const dir = makeDir('span-protect');
    dayTars(dir, 0, 4);
    const target = path.join(dir, 'v2025.02.03-planes-readsb-prod-0.tar');
    const before = readFileSync(target);
    const r = await runCli([...['report', ...window, dir], '-o', target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('never writes over its inputs');
    expect(readFileSync(target).equals(before)).toBe(true);
  });

  it('sortie missions with --from or --to alone checks the days given, and ends', async () => {
    const dir = makeDir('span-open');
    dayTars(dir, 0, 2);
    execFileSync('rm', [path.join(dir, 'v2025.02.04-planes-readsb-prod-0.tar')]);
    const missing =
      'No day archive for 1 day of the window (2025-02-04): missions then are not counted.';
    for (const [bound, day] of [
      ['--from', '2025-02-03'],
      ['--to', '2025-02-06'],
    ] as const) {
      const r = await runCli(['missions', '--format', 'json', bound, day, dir]);
      expect(r.code, bound).toBe(0);
      const doc = JSON.parse(r.stdout) as { warnings: string[]; missions: unknown[] };
      expect(doc.missions, bound).toHaveLength(2);
      expect(doc.warnings, bound).toContain(missing);
      // The day before the window is asked for only when the window has a start.
      expect(doc.warnings.some((w) => w.includes('the day before the window'))).toBe(
        bound === '--from',
      );
    }
  });

  it('on a terminal a table says each warning once; piped, stderr says it too', async () => {
    const dir = makeDir('span-tty');
    dayTars(dir, 0, 4);
    for (const command of ['report', 'missions']) {
      const args = [command, ...window.slice(0, 4), dir];
      const screen = await runCli(args, { NO_COLOR: '1' }, Buffer.alloc(0), true);
      expect(screen.stdout, command).toContain(`Warning: ${warning}`);
      expect(screen.stderr, command).not.toContain(warning);
      const piped = await runCli(args);
      expect(piped.stdout, command).toContain(`Warning: ${warning}`);
      expect(piped.stderr, command).toContain(`sortie: warning: ${warning}`);
    }
  });

  it("other pods' copies are named on stderr only for the days read", async () => {
    const dir = makeDir('span-pods');
    dayTars(dir, 0, 4);
    for (const day of ['2025.02.03', '2025.02.07']) {
      execFileSync('cp', [
        path.join(dir, `v${day}-planes-readsb-prod-0.tar`),
        path.join(dir, `v${day}-planes-readsb-staging-0.tar`),
      ]);
    }
    // And each day extracted beside its tar, as a download folder holds them.
    for (const day of ['2025.02.03', '2025.02.07']) {
      const folder = path.join(dir, `v${day}-planes-readsb-prod-0`);
      execFileSync('mkdir', ['-p', folder]);
      execFileSync('tar', ['-xf', `${folder}.tar`, '-C', folder]);
    }
    const r = await runCli(['report', '--format', 'json', ...window, dir]);
    expect(r.stderr).toContain('v2025.02.07-planes-readsb-staging-0.tar left out');
    expect(r.stderr).toContain('v2025.02.07-planes-readsb-prod-0/ left out: an extracted copy');
    expect(r.stderr).not.toContain('v2025.02.03-planes-readsb-staging-0.tar');
    expect(r.stderr).not.toContain('v2025.02.03-planes-readsb-prod-0/');
  });

  it('a day left unread is still data beyond the span: a sortie reaching its edge is warned of', async () => {
    // Up since 1 February off California, then into the Gulf on 4 February: one sortie of 78 h.
    const start = Date.parse('2025-02-01T00:00:00Z');
    const from: [number, number] = [33.5, -118];
    const offshore = fly(stadium(60, 10), {
      kt: 300,
      minutes: 74 * 60,
      startMs: start,
      hex: 'ae01c7',
      center: from,
      everyS: 60,
    });
    const transit = fly(
      [
        { x: 0, y: 0 },
        { x: 6.8 * 111.2 * Math.cos((33.5 * Math.PI) / 180), y: -6 * 111.2 },
      ],
      {
        kt: 460,
        minutes: 120,
        startMs: start + 74 * 3_600_000,
        hex: 'ae01c7',
        center: from,
        loop: false,
        everyS: 60,
      },
    );
    const gulf = fly(stadium(60, 10), {
      kt: 300,
      minutes: 240,
      startMs: start + 76 * 3_600_000,
      hex: 'ae01c7',
      center: [27.5, -111.2],
      everyS: 60,
    });
    const longSortie: TraceAircraft = { ...rc135(), fixes: [...offshore, ...transit, ...gulf] };
    const tars = (name: string, days: number[]): string => {
      const dir = makeDir(name);
      for (const k of days)
        writeDayTar(dir, start + k * DAY_MS, [longSortie], { civil: 5, seed: k });
      return dir;
    };
    const report = async (dir: string) => {
      const r = await runCli([
        'report',
        '--format',
        'json',
        '--from',
        '2025-02-04',
        '--to',
        '2025-02-05',
        dir,
      ]);
      return JSON.parse(r.stdout) as {
        warnings: string[];
        inputsNotRead: { day: string }[];
        missions: { sortieStart: string }[];
      };
    };
    const cut = (w: string): boolean => w.includes('edge of the fixes read for sorties');
    // 1 February is given but not read: the sortie as read starts at the span's edge, with data
    // before it, so the report says it may have begun earlier.
    const withFirst = await report(tars('span-cut-all', [0, 1, 2, 3]));
    expect(withFirst.inputsNotRead.map((n) => n.day)).toEqual(['2025-02-01']);
    expect(withFirst.missions.map((m) => m.sortieStart)).toEqual(['2025-02-02T00:00:00Z']);
    expect(withFirst.warnings.filter(cut)).toHaveLength(1);
    // Without 1 February nothing lies beyond the span: no such warning.
    const without = await report(tars('span-cut-within', [1, 2, 3]));
    expect(without.inputsNotRead).toEqual([]);
    expect(without.missions.map((m) => m.sortieStart)).toEqual(['2025-02-02T00:00:00Z']);
    expect(without.warnings.filter(cut)).toEqual([]);
  });
});

describe('readsb globe_history trees', () => {
  it('dates a day folder whose path names no day (2025/13/40) by its traces', async () => {
    const history = makeDir('globe_history_bad_date');
    writeDayFolder(path.join(history, '2025', '13', '40'), DAY, [rc135()], { civil: 2 });
    const doc = JSON.parse((await runCli(['inspect', '--format', 'json', history])).stdout) as {
      inputs: { file: string; archive: { kind: string; day: string | null } }[];
    };
    expect(
      doc.inputs.map((i) => [path.relative(history, i.file), i.archive.kind, i.archive.day]),
    ).toEqual([['2025/13/40', 'globe-history', '2025-02-03']]);
    const missions = await runCli(['missions', '--format', 'json', history]);
    expect(missionsOf(missions.stdout)).toHaveLength(1);
  });

  it('reads an adsb.lol release extracted into a folder as the release itself: by listing, the same missions', async () => {
    const dir = makeDir('extracted');
    const aircraft = [rc135(), c17()];
    writeDayTar(dir, DAY, aircraft, { civil: 40, seed: 5 });
    const tar = path.join(dir, 'v2025.02.03-planes-readsb-prod-0.tar');
    const extracted = makeDir('extracted/v2025.02.03-planes-readsb-prod-0');
    execFileSync('tar', ['-xf', tar, '-C', extracted]);
    // A trace no selection wants, whose file cannot be opened: listed and skipped, never opened.
    execFileSync('mkdir', ['-p', path.join(extracted, 'traces/45')]);
    symlinkSync('/nonexistent/trace', path.join(extracted, 'traces/45/trace_full_a12345.json'));
    const read = async (input: string) =>
      JSON.parse(
        (await runCli(['report', '--format', 'json', '--period', 'day', input])).stdout,
      ) as {
        inputs: { file: string; archive: { kind: string; day: string | null; members: Members } }[];
        missions: Record<string, unknown>[];
      };
    const fromTar = await read(tar);
    const fromFolder = await read(extracted);
    expect(fromFolder.inputs).toHaveLength(1);
    const a = fromFolder.inputs[0]!.archive;
    expect([a.kind, a.day]).toEqual(['globe-history', '2025-02-03']);
    const t = fromTar.inputs[0]!.archive.members;
    // The same traces, and one more: the link (a trace's name, skipped by selection). The tar's
    // folder entries are members too, not flight data; a folder's folders are only listed.
    expect([a.members.read, a.members.skipped, a.members.damaged]).toEqual([
      t.read,
      t.skipped + 1,
      t.damaged,
    ]);
    expect(a.members.read).toBe(2);
    expect(a.members.entries).toBe(
      a.members.read + a.members.skipped + a.members.notFlightData + a.members.damaged,
    );
    const flights = (d: typeof fromTar) =>
      d.missions.map((m) => [m.id, m.firstEntry, m.lastExit, m.minutesInRegion, m.positions]);
    expect(flights(fromTar)).toHaveLength(1);
    expect(flights(fromFolder)).toEqual(flights(fromTar));
    // Its traces/ folder named alone is the same day.
    const traces = await read(path.join(extracted, 'traces'));
    expect(traces.inputs[0]!.archive.day).toBe('2025-02-03');
    expect(flights(traces)).toEqual(flights(fromTar));
    // Named with it, it is read once.
    const both = JSON.parse(
      (await runCli(['inspect', '--format', 'json', extracted, path.join(extracted, 'traces')]))
        .stdout,
    ) as { inputs: unknown[] };
    expect(both.inputs).toHaveLength(1);
  });

  it('reads a readsb day folder under any name, dated by its traces, and leaves out an MLAT-only release', async () => {
    const dir = makeDir('day-folders');
    writeDayFolder(path.join(dir, 'my-day'), DAY, [rc135()], { civil: 5 });
    const mlat = path.join(dir, 'v2025.02.03-planes-readsb-mlatonly-0');
    writeDayFolder(mlat, DAY, [rc135()], { civil: 5 });
    // traces/ without readsb's two-hex-digit folders: files read one by one, as any folder's.
    writeDayFolder(path.join(dir, 'other'), DAY, [], { civil: 1 });
    execFileSync('mv', [path.join(dir, 'other/traces'), path.join(dir, 'other/t')]);
    execFileSync('mkdir', ['-p', path.join(dir, 'other/traces')]);
    execFileSync('mv', [path.join(dir, 'other/t'), path.join(dir, 'other/traces/x')]);
    // A few traces in readsb's folders, no heatmap, no release name: not a whole day, read so too.
    writeDayFolder(path.join(dir, 'some'), DAY, [], { civil: 1 });
    rmSync(path.join(dir, 'some/heatmap'), { recursive: true });
    // A whole day's layout whose traces disagree on their day: read by listing, undated.
    const two = path.join(dir, 'two-days');
    for (const [hex, dayMs] of [
      ['a000aa', DAY],
      ['a000bb', DAY + DAY_MS],
    ] as const) {
      execFileSync('mkdir', [
        '-p',
        path.join(two, 'traces', hex.slice(-2)),
        path.join(two, 'heatmap'),
      ]);
      writeFileSync(
        path.join(two, 'traces', hex.slice(-2), `trace_full_${hex}.json`),
        gzipSync(JSON.stringify({ icao: hex, timestamp: dayMs / 1000, trace: [] })),
      );
    }
    const r = await runCli(['inspect', '--format', 'json', dir]);
    const doc = JSON.parse(r.stdout) as {
      inputs: { file: string; archive: { kind: string; day: string | null } | null }[];
      archivesLeftOut: { file: string; reason: string }[];
    };
    const rel = (f: string) => path.relative(dir, f);
    expect(
      doc.inputs.filter((i) => i.archive !== null).map((i) => [rel(i.file), i.archive?.day]),
    ).toEqual([
      ['my-day', '2025-02-03'],
      ['two-days', null],
    ]);
    const oneByOne = doc.inputs.filter((i) => i.archive === null).map((i) => rel(i.file));
    expect(oneByOne.length).toBeGreaterThan(0);
    expect(oneByOne.every((f) => /^(other\/traces\/x|some\/traces)\//.test(f))).toBe(true);
    expect(oneByOne.some((f) => f.startsWith('some/'))).toBe(true);
    const mlatOnly = [
      'v2025.02.03-planes-readsb-mlatonly-0',
      expect.stringMatching(/^MLAT-only pod \(mlatonly-0\): .*not for counting$/),
    ];
    expect(doc.archivesLeftOut.map((f) => [rel(f.file), f.reason])).toEqual([mlatOnly]);
    // Its traces/ folder named alone is left out too: nothing is left to read.
    const named = await runCli(['inspect', '--format', 'json', path.join(mlat, 'traces')]);
    expect(named.code).toBe(1);
    expect(named.stderr).toContain('MLAT-only pod (mlatonly-0)');
  });

  it('reads what lies beside an extracted release as inputs of their own: another day tar, split', async () => {
    const dir = makeDir('downloads');
    const aircraft = [rc135(DAY + 20 * 3_600_000, 480)];
    const next = DAY + DAY_MS;
    writeDayTar(dir, DAY, aircraft, { civil: 20, seed: 2 });
    writeDayTar(dir, next, aircraft, { civil: 20, seed: 3 });
    const tar = (dayMs: number) =>
      path.join(
        dir,
        `v${new Date(dayMs).toISOString().slice(0, 10).replaceAll('-', '.')}-planes-readsb-prod-0.tar`,
      );
    const whole = async (inputs: string[]) =>
      JSON.parse(
        (
          await runCli([
            'report',
            '--format',
            'json',
            '--period',
            'day',
            '--from',
            '2025-02-03',
            '--to',
            '2025-02-05',
            ...inputs,
          ])
        ).stdout,
      ) as {
        inputs: { file: string; archive: { kind: string; day: string | null } }[];
        missions: Record<string, unknown>[];
        warnings: string[];
        summary: { exposureDays: number };
      };
    const fromTars = await whole([tar(DAY), tar(next)]);
    // The first day extracted where it was downloaded, the second split into parts beside it.
    execFileSync('tar', ['-xf', tar(DAY), '-C', dir]);
    rmSync(tar(DAY));
    splitFile(tar(next), 20_000);
    rmSync(tar(next));
    const fromFolder = await whole([dir]);
    expect(
      fromFolder.inputs.map((i) => [path.relative(dir, i.file), i.archive.kind, i.archive.day]),
    ).toEqual([
      ['', 'globe-history', '2025-02-03'],
      [path.basename(tar(next)), 'tar', '2025-02-04'],
    ]);
    const flights = (d: typeof fromTars) =>
      d.missions.map((m) => [m.id, m.firstEntry, m.lastExit, m.minutesInRegion, m.positions]);
    expect(flights(fromTars)).toHaveLength(1);
    expect(flights(fromFolder)).toEqual(flights(fromTars));
    expect(fromFolder.warnings).toEqual(fromTars.warnings);
    expect(fromFolder.summary.exposureDays).toBe(fromTars.summary.exposureDays);
  });

  it('follows a linked traces/ folder, and takes a day from a path given as . or ..', async () => {
    const dir = makeDir('linked');
    const store = path.join(dir, 'store');
    writeDayFolder(store, DAY, [rc135()], { civil: 3 });
    const day = path.join(dir, '2025', '02', '03');
    execFileSync('mkdir', ['-p', day]);
    symlinkSync(path.join(store, 'traces'), path.join(day, 'traces'));
    // A loop inside: followed once.
    symlinkSync(path.join(store, 'traces'), path.join(store, 'traces', 'c7', 'loop'));
    const read = async (input: string) =>
      JSON.parse(
        (await runCli(['report', '--format', 'json', '--period', 'day', input])).stdout,
      ) as {
        inputs: { archive: { day: string | null; members: Members } }[];
        missions: Record<string, unknown>[];
      };
    const flights = (d: { missions: Record<string, unknown>[] }) =>
      d.missions.map((m) => [m.id, m.firstEntry, m.lastExit, m.minutesInRegion, m.positions]);
    const linked = await read(day);
    expect(linked.inputs[0]!.archive.day).toBe('2025-02-03');
    expect(linked.inputs[0]!.archive.members.read).toBe(1);
    expect(linked.missions).toHaveLength(1);
    const dotted = await read(`${day}/traces/..`);
    expect(dotted.inputs[0]!.archive.day).toBe('2025-02-03');
    expect(flights(dotted)).toEqual(flights(linked));
    // Its traces/ named as `traces/.` or `traces/c7/..`: the same day.
    for (const named of [`${day}/traces/.`, `${day}/traces/c7/..`]) {
      const traces = await read(named);
      expect(traces.inputs[0]!.archive.members.read, named).toBe(1);
      expect(flights(traces), named).toEqual(flights(linked));
    }
  });

  it('reads a folder of several days dated by its first traces, never leaving it unread, and says so', async () => {
    const dir = makeDir('merged');
    const week = DAY + 7 * DAY_MS;
    // One day extracted, then another over it: the civil traces (the same names) now say the second.
    writeDayFolder(dir, DAY, [rc135(DAY + 10 * 3_600_000, 240)], { civil: 30, seed: 4 });
    writeDayFolder(dir, week, [], { civil: 30, seed: 4 });
    const r = await runCli([
      'report',
      '--format',
      'json',
      '--from',
      '2025-02-03',
      '--to',
      '2025-02-04',
      dir,
    ]);
    const doc = JSON.parse(r.stdout) as {
      inputs: { archive: { day: string | null } }[];
      inputsNotRead: unknown[];
      summary: { missions: number };
      warnings: string[];
    };
    expect(doc.inputs.map((i) => i.archive.day)).toEqual(['2025-02-10']);
    expect(doc.inputsNotRead).toEqual([]);
    expect(doc.summary.missions).toBe(1);
    expect(doc.warnings.join('\n')).toMatch(
      /is dated 2025-02-10 by its first traces, but its fixes run from 2025-02-03 .* it holds more than that day/,
    );
  });

  it('takes what a day folder holds and no more, and is not stopped by a FIFO or a name', async () => {
    const dir = makeDir('holds');
    const rel = path.join(dir, 'v2025.02.03-planes-readsb-prod-0');
    writeDayFolder(rel, DAY, [rc135()], { civil: 5 });
    // A folder of sources beside the day's own: an input of its own, not the day's member.
    execFileSync('mkdir', ['-p', path.join(rel, 'sources')]);
    writeFileSync(
      path.join(rel, 'sources', 'states.csv'),
      'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact\n' +
        `${DAY / 1000 + 3600},ae01c7,26.1,-110.2,200,90,0,HOMER21 ,false,false,false,,9000,9100,${DAY / 1000 + 3600},${DAY / 1000 + 3600}\n`,
    );
    // Under another name, with a FIFO first in its first trace folder: dated by the traces after.
    const fifoDay = path.join(dir, 'plain');
    writeDayFolder(fifoDay, DAY, [rc135()], { civil: 5 });
    const first = readdirSync(path.join(fifoDay, 'traces')).sort()[0]!;
    execFileSync('mkfifo', [path.join(fifoDay, 'traces', first, 'trace_full_000000.json')]);
    // MLAT-only under a copied name, named with its traces/ too: left out, once.
    const mlat = path.join(dir, 'v2025.02.03-planes-readsb-mlatonly-0 (1)');
    writeDayFolder(mlat, DAY, [rc135()], { civil: 5 });
    const r = await runCli(['inspect', '--format', 'json', dir, path.join(mlat, 'traces')]);
    const doc = JSON.parse(r.stdout) as {
      inputs: { file: string; archive: { kind: string; day: string | null } | null }[];
      archivesLeftOut: { file: string }[];
    };
    const relOf = (f: string) => path.relative(dir, f);
    expect(doc.inputs.map((i) => [relOf(i.file), i.archive?.day ?? null])).toEqual([
      ['plain', '2025-02-03'],
      ['v2025.02.03-planes-readsb-prod-0', '2025-02-03'],
      ['v2025.02.03-planes-readsb-prod-0/sources/states.csv', null],
    ]);
    expect(doc.archivesLeftOut.map((f) => relOf(f.file))).toEqual([
      'v2025.02.03-planes-readsb-mlatonly-0 (1)',
    ]);
  });

  it('reads day folders by listing them: selected traces opened, the rest never', async () => {
    const history = makeDir('globe_history');
    const aircraft = [rc135()];
    for (const dayMs of [DAY, DAY + DAY_MS]) {
      const [y, m, d] = new Date(dayMs).toISOString().slice(0, 10).split('-') as [
        string,
        string,
        string,
      ];
      writeDayFolder(path.join(history, y, m, d), dayMs, aircraft, { civil: 30 });
    }
    makeDir('globe_history/internal_state/00');
    writeFileSync(path.join(history, 'internal_state', '00', 'blob'), 'state');
    // A trace no selection wants, whose file cannot be opened: listed and skipped, never opened.
    symlinkSync(
      '/nonexistent/trace',
      path.join(history, '2025/02/03/traces/45/trace_full_a12345.json'),
    );
    const r = await runCli(['inspect', '--format', 'json', history]);
    const doc = JSON.parse(r.stdout) as {
      inputs: {
        file: string;
        archive: { kind: string; day: string; members: Record<string, number> };
      }[];
      passedOver: { file: string; reason: string }[];
    };
    expect(
      doc.inputs.map((i) => [path.relative(history, i.file), i.archive.kind, i.archive.day]),
    ).toEqual([
      ['2025/02/03', 'globe-history', '2025-02-03'],
      ['2025/02/04', 'globe-history', '2025-02-04'],
    ]);
    const m = doc.inputs[0]!.archive.members;
    expect(m).toEqual({ entries: 37, read: 1, skipped: 32, notFlightData: 4, damaged: 0 });
    expect(doc.passedOver.map((f) => path.relative(history, f.file))).toEqual(['internal_state']);
    const missions = await runCli(['missions', '--format', 'json', history]);
    expect(missionsOf(missions.stdout)).toHaveLength(1);
  });

  it('leaves unread the day folders outside the span of fixes, as day tars', async () => {
    const history = makeDir('globe_history_span');
    for (let k = 0; k < 5; k += 1) {
      const dayMs = DAY + k * DAY_MS;
      const [y, m, d] = new Date(dayMs).toISOString().slice(0, 10).split('-') as [
        string,
        string,
        string,
      ];
      writeDayFolder(path.join(history, y, m, d), dayMs, [rc135(dayMs + 10 * 3_600_000, 240)], {
        civil: 5,
        seed: k,
      });
    }
    const r = await runCli([
      'report',
      '--format',
      'json',
      '--from',
      '2025-02-07',
      '--to',
      '2025-02-08',
      history,
    ]);
    const doc = JSON.parse(r.stdout) as {
      inputs: { file: string }[];
      inputsNotRead: { file: string; day: string }[];
      summary: { missions: number };
    };
    expect(doc.inputsNotRead.map((n) => [path.relative(history, n.file), n.day])).toEqual([
      ['2025/02/03', '2025-02-03'],
      ['2025/02/04', '2025-02-04'],
    ]);
    expect(doc.inputs.map((i) => path.relative(history, i.file))).toEqual([
      '2025/02/05',
      '2025/02/06',
      '2025/02/07',
    ]);
    expect(doc.summary.missions).toBe(1);
  });

  it('flags the current UTC day as possibly incomplete', async () => {
    const history = makeDir('globe_history_today');
    const today = new Date().toISOString().slice(0, 10);
    const dayMs = Date.parse(`${today}T00:00:00Z`);
    writeDayFolder(path.join(history, ...today.split('-')), dayMs, [rc135(dayMs, 30)]);
    const r = await runCli(['missions', '--format', 'json', history]);
    const warnings = (JSON.parse(r.stdout) as { warnings: string[] }).warnings;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /may be incomplete: readsb writes a day's traces until about 00:55 UTC the next day, and this one was read at /,
    );
    expect(r.stderr).toContain(`sortie: warning: ${warnings[0]}`);
  });
});

const OPENSKY_HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact,hour';

/** An hour of OpenSky state vectors: airliners over the Gulf every minute, and an RC-135 on station. */
function openskyHour(hourMs: number): string {
  const rows = [OPENSKY_HEADER];
  const hour = hourMs / 1000;
  for (let s = 0; s < 3600; s += 60) {
    const t = hour + s;
    rows.push(
      `${t},a1b2c3,27.5,${-111 + s / 3600},230,90,0,AMX401  ,false,false,false,1000,10000,10100,${t - 0.5},${t},${hour}`,
    );
    rows.push(
      `${t},ae01c7,26.5,${-110.8 + s / 7200},170,90,0,HOMER21 ,false,false,false,4401,9000,9100,${t - 0.5},${t},${hour}`,
    );
  }
  return rows.join('\n') + '\n';
}

interface ExposureJson {
  exposure: { outages: { from: string; to: string; evidence: string; why: string }[] };
}

/** The outages a JSON report of `input` over [from, to) lists: from, to and evidence. */
async function outagesOf(input: string, from: string, to: string): Promise<string[][]> {
  const r = await runCli(['report', '--format', 'json', '--from', from, '--to', to, input]);
  return (JSON.parse(r.stdout) as ExposureJson).exposure.outages.map((o) => [
    o.from,
    o.to,
    o.evidence,
  ]);
}

describe('OpenSky dataset tarballs and zip archives', () => {
  const HOURS = [14, 15, 17].map((h) => DAY + h * 3_600_000);
  const stamp = (ms: number): string => new Date(ms).toISOString().slice(0, 13).replace('T', '-');

  it('reads states_*.csv.tar in place; an hour missing from the series is an outage', async () => {
    const dir = makeDir('opensky-tars');
    for (const hourMs of HOURS) {
      const src = makeDir(`opensky-src-${hourMs}`);
      writeFileSync(
        path.join(src, `states_${stamp(hourMs)}.csv.gz`),
        gzipSync(openskyHour(hourMs)),
      );
      writeFileSync(path.join(src, 'README.txt'), 'OpenSky dataset\n');
      writeFileSync(path.join(src, 'LICENSE.txt'), 'licence\n');
      // Members named `./states_...` in two tars and `states_...` in the third: one series.
      const names = hourMs === HOURS[2] ? readdirSync(src).sort() : ['.'];
      execFileSync('tar', [
        '-C',
        src,
        '-cf',
        path.join(dir, `states_${stamp(hourMs)}.csv.tar`),
        ...names,
      ]);
    }
    const inspect = await runCli(['inspect', '--format', 'json', dir]);
    const inputs = (
      JSON.parse(inspect.stdout) as {
        inputs: { format: string; used: number; archive: { members: Record<string, number> } }[];
      }
    ).inputs;
    expect(inputs.map((i) => [i.format, i.used, i.archive.members])).toEqual(
      // The third tar has no entry for its folder `./`.
      HOURS.map((_, k) => [
        'opensky-states',
        120,
        {
          entries: k === 2 ? 3 : 4,
          read: 1,
          skipped: 0,
          notFlightData: k === 2 ? 2 : 3,
          damaged: 0,
        },
      ]),
    );
    expect(await outagesOf(dir, '2025-02-03T14:00', '2025-02-03T18:00')).toEqual([
      ['2025-02-03T16:00:00Z', '2025-02-03T17:00:00Z', 'missing-file'],
    ]);
  });

  /** Three days of hourly OpenSky dataset tars, the second day's missing, in a folder of `name`. */
  function seriesLackingDay2(name: string): string {
    const src = makeDir(`${name}-src`);
    const dir = makeDir(`${name}/series`);
    for (let h = 0; h < 72; h += 1) {
      if (h >= 24 && h < 48) continue;
      const hourMs = DAY + h * 3_600_000;
      const file = `states_${stamp(hourMs)}.csv`;
      writeFileSync(path.join(src, `${file}.gz`), gzipSync(openskyHour(hourMs)));
      execFileSync('tar', ['-C', src, '-cf', path.join(dir, `${file}.tar`), `${file}.gz`]);
    }
    return dir;
  }

  it('a day of hourly files missing is one outage, said by its files (not also as a silence)', async () => {
    const dir = seriesLackingDay2('opensky-day-gap');
    expect(await outagesOf(dir, '2025-02-03', '2025-02-06')).toEqual([
      ['2025-02-04T00:00:00Z', '2025-02-05T00:00:00Z', 'missing-file'],
    ]);
  });

  it('warns when hours of an outage count as observed only through the surveillance aircraft heard in them', async () => {
    const series = seriesLackingDay2('opensky-own');
    // The RC-135 alone, three hours of the day the series lacks (a per-flight export, say).
    const own = [30, 31, 32].flatMap((h) =>
      openskyHour(DAY + h * 3_600_000)
        .trim()
        .split('\n')
        .filter((line) => line.includes(',ae01c7,')),
    );
    const flight = path.join(makeDir('opensky-own/flight'), 'rc135.csv');
    writeFileSync(flight, [OPENSKY_HEADER, ...own].join('\n') + '\n');
    const args = ['--from', '2025-02-03', '--to', '2025-02-06', '--baseline-rate', '1/month'];
    const r = await runCli(['report', '--format', 'json', ...args, series, flight]);
    const warned = (JSON.parse(r.stdout) as { warnings: string[] }).warnings.join('\n');
    expect(warned).toMatch(
      // Hours 30-32, and 29: the first row's position is dated half a second before 30:00.
      /4 hours of the window \(UTC 2025-02-04\) count as observed only because surveillance aircraft were heard in them/,
    );
    expect(r.stderr).toMatch(/count as observed only because surveillance aircraft/);
    // With the series whole, no such hours.
    const whole = await runCli(['report', '--format', 'json', ...args, series]);
    expect(whole.stdout).not.toMatch(/observed only because/);
  });

  it('hourly files inside one archive feed the series by their names (a tar, and a zip)', async () => {
    const src = makeDir('opensky-one-src');
    for (const hourMs of HOURS) {
      writeFileSync(
        path.join(src, `states_${stamp(hourMs)}.csv.gz`),
        gzipSync(openskyHour(hourMs)),
      );
    }
    writeFileSync(path.join(src, 'README.txt'), 'OpenSky dataset\n');
    const dir = makeDir('opensky-one');
    execFileSync('tar', ['-C', src, '-cf', path.join(dir, 'opensky.tar'), '.']);
    execFileSync('zip', ['-q', '-r', path.join(dir, 'opensky.zip'), '.'], { cwd: src });
    for (const file of ['opensky.tar', 'opensky.zip']) {
      const r = await runCli([
        'report',
        '--format',
        'json',
        '--from',
        '2025-02-03T14:00',
        '--to',
        '2025-02-03T18:00',
        path.join(dir, file),
      ]);
      const outages = (JSON.parse(r.stdout) as ExposureJson).exposure.outages;
      expect(
        outages.map((o) => [o.from, o.to, o.evidence]),
        file,
      ).toEqual([['2025-02-03T16:00:00Z', '2025-02-03T17:00:00Z', 'missing-file']]);
      // A cited fix is the line of its hourly member, counted as in the member alone.
      const fixes = citedFixes(
        (await runCli(['missions', '--format', 'json', path.join(dir, file)])).stdout,
      );
      expect(fixes.length, file).toBeGreaterThan(0);
      for (const f of fixes) {
        const member = (f.member ?? '').replace(/^\.\//, '');
        expect(member, file).toMatch(/^states_2025-02-03-\d\d\.csv\.gz$/);
        const text = gunzipSync(readFileSync(path.join(src, member))).toString();
        const row = text.split('\n')[f.line - 1]!.split(',');
        const at = (x: string | undefined): number => Math.round(Number(x) * 1e5) / 1e5;
        expect([row[1], at(row[2]), at(row[3])], file).toEqual(['ae01c7', f.lat, f.lon]);
      }
    }
  });

  it('reads a zip of readsb traces with the same selection and accounting', async () => {
    const src = makeDir('zip-traces');
    writeDayFolder(src, DAY, [rc135(DAY + 10 * 3_600_000, 240)], { civil: 25 });
    const zip = path.join(makeDir('zip-out'), 'day.zip');
    execFileSync('zip', ['-q', '-r', zip, '.'], { cwd: src });
    const inspect = await runCli(['inspect', '--format', 'json', zip]);
    const m = (JSON.parse(inspect.stdout) as { inputs: { archive: { members: Members } }[] })
      .inputs[0]!.archive.members;
    expect(m.read).toBe(1);
    expect(m.read + m.skipped + m.notFlightData + m.damaged).toBe(m.entries);
    const fromZip = await runCli(['missions', '--format', 'json', zip]);
    const fromFolder = await runCli(['missions', '--format', 'json', src]);
    expect(missionsOf(fromZip.stdout)).toEqual(missionsOf(fromFolder.stdout));
    expect(missionsOf(fromZip.stdout)).toHaveLength(1);
  });

  it('reads a zip cut short before its directory from its local headers, up to the cut', async () => {
    const src = makeDir('zip-cut-src');
    writeDayFolder(src, DAY, [rc135(DAY + 10 * 3_600_000, 240)], { civil: 25 });
    const zip = path.join(makeDir('zip-cut'), 'day.zip');
    execFileSync('zip', ['-q', '-r', zip, '.'], { cwd: src });
    const whole = readFileSync(zip);
    const cut = path.join(makeDir('zip-cut-out'), 'day.zip');
    // Cut before the central directory, inside a member's data.
    const directory = whole.lastIndexOf(Buffer.from('PK\u0001\u0002', 'latin1'), whole.length);
    const firstDirectory = whole.indexOf(Buffer.from('PK\u0001\u0002', 'latin1'));
    expect(directory).toBeGreaterThan(0);
    writeFileSync(cut, whole.subarray(0, Math.floor(firstDirectory * 0.8)));
    const r = await runCli(['inspect', '--format', 'json', '--scan-all', cut]);
    expect(r.code).toBe(1);
    const [input] = JSON.parse(r.stdout).inputs as {
      error: unknown;
      archive: { members: Members; damage: { membersCut: number; noEndMarker: boolean } };
    }[];
    const m = input!.archive.members;
    expect(m.entries).toBeGreaterThan(10);
    expect(m.read + m.skipped + m.notFlightData + m.damaged).toBe(m.entries);
    expect(input!.archive.damage.noEndMarker).toBe(true);
    // The member the cut went through is cut, unless the selection passed it over unread.
    expect(input!.archive.damage.membersCut).toBeLessThanOrEqual(1);
    // Nothing of a zip whose first bytes are no member.
    const junk = path.join(makeDir('zip-junk'), 'junk.zip');
    writeFileSync(junk, Buffer.alloc(4096, 7));
    expect((await runCli(['inspect', junk])).stderr).toContain('not a readable zip archive');
    // A tar, or a gzip stream, named .zip: said what it is.
    const tarred = path.join(makeDir('zip-tar'), 'day.zip');
    execFileSync('tar', ['-cf', tarred, '-C', 'fixtures/formats/sbs', 'readsb-utc.txt']);
    expect((await runCli(['inspect', tarred])).stderr).toContain(
      'not a readable zip archive: it is a tar archive (rename it .tar and sortie reads it in place)',
    );
    const gzipped = path.join(makeDir('zip-gz'), 'states.zip');
    writeFileSync(gzipped, gzipSync('time,icao24\n'));
    expect((await runCli(['inspect', gzipped])).stderr).toContain(
      'not a readable zip archive: it is gzip-compressed',
    );
  });

  it('names the formats of a zip of mixed exports, and calls it mixed in the table', async () => {
    const src = makeDir('zip-mixed-src');
    execFileSync('cp', ['fixtures/formats/opensky-states/states_2025-02-05-20.csv', src]);
    execFileSync('cp', ['fixtures/formats/sbs/original-dump1090.txt', src]);
    const zip = path.join(makeDir('zip-mixed'), 'mixed.zip');
    execFileSync('zip', ['-q', zip, 'states_2025-02-05-20.csv', 'original-dump1090.txt'], {
      cwd: src,
    });
    const json = JSON.parse((await runCli(['inspect', '--format', 'json', zip])).stdout);
    expect(json.inputs[0].archive.formats).toEqual(['opensky-states', 'sbs']);
    const text = (await runCli(['inspect', zip])).stdout;
    expect(text).toMatch(/mixed\.zip +mixed /);
    expect(text).toContain('mixed.zip (members of opensky-states, sbs)');
  });

  it('counts a member whose bytes do not match its CRC-32 as damaged, and reads none of its rows', async () => {
    const src = makeDir('zip-crc-src');
    const text = openskyHour(HOURS[0] as number);
    writeFileSync(path.join(src, 'states.csv'), text);
    const zip = path.join(makeDir('zip-crc'), 'hour.zip');
    // Stored (no compression): damaged bytes would otherwise be read as rows of garbage.
    execFileSync('zip', ['-q', '-0', zip, 'states.csv'], { cwd: src });
    const bytes = readFileSync(zip);
    const at = bytes.indexOf(text.slice(2000, 2040));
    bytes.fill(0x41, at, at + 64);
    writeFileSync(zip, bytes);
    const r = await runCli(['inspect', '--format', 'json', zip]);
    expect(r.code).toBe(1);
    const input = JSON.parse(r.stdout).inputs[0];
    expect(input.rows).toBe(0);
    expect(input.archive.members).toMatchObject({ read: 0, damaged: 1 });
    expect(input.archive.damage.examples).toEqual([
      'states.csv (unreadable: its bytes do not match its CRC-32)',
    ]);
  });
});
