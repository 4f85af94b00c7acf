/**
 * One adsb.lol day read by several threads: the tar cut into byte ranges, each walked from the
 * first header after its start, and the ranges' reads joined. Whatever the cuts, the result is
 * the one thread's read of the whole day, damaged days included; where a range starts on
 * something that only looks like a header (a tar inside a member), the join refuses and the day
 * is read whole.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRegistry } from '../src/aircraft/registry.js';
import { KeepRules } from '../src/aircraft/watch.js';
import { coverageCollector } from '../src/coverage/coverage.js';
import { joinArchiveRanges, splitsIntoRanges } from '../src/ingest/archive/archive-ranges.js';
import { BufferStore, PartsStore, WINDOW_BYTES } from '../src/ingest/archive/byte-store.js';
import type { TarSpec } from '../src/ingest/archive/read-archive.js';
import { TarSkipKernel } from '../src/ingest/archive/tar-kernel.js';
import {
  TarWalker,
  type TarDamage,
  type TarEntry,
  type WalkRange,
} from '../src/ingest/archive/tar-walk.js';
import { RangePieces } from '../src/ingest/fast/range-pieces.js';
import { HexBitmap } from '../src/ingest/fast/hex-bitmap.js';
import type { InputSource } from '../src/ingest/collect.js';
import { readOneSource } from '../src/ingest/source-result.js';
import { equalRanges, WorkerReader } from '../src/ingest/threads/worker-reader.js';
import { readInputs, type InputsRead } from '../src/read-inputs.js';
import {
  c17,
  dropBytes,
  rc135,
  splitFile,
  tarFolder,
  traceDocument,
  writeDayFolder,
  type TraceAircraft,
} from './archive-kit.js';
import { fly, rng, stadium } from './sim.js';

const DAY = Date.parse('2025-02-03T00:00:00Z');
const root = mkdtempSync(path.join(tmpdir(), 'sortie-archive-ranges-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const registry = parseRegistry(
  '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\nAE01C7,64-14845,USAF,Boeing RC-135V,R135,Mil,SIGINT,,,Oxcart,\n',
  'test',
);

// The RC-135 from 10:00 UTC for five hours, and a C-17 of the military block.
const aircraft: TraceAircraft[] = [rc135(DAY + 10 * 3_600_000, 300), c17()];

/**
 * A second aircraft over the Gulf at the RC-135's very times (their coverage edges tie across a
 * cut between them), whose trace, after the RC-135's, holds points no row can be made of: skipped
 * rows in a later range, their record numbers shifted by the records before.
 */
const TWIN = 'ae01f2';
function twinTrace(): Buffer {
  const twin: TraceAircraft = {
    hex: TWIN,
    type: 'C17',
    dbFlags: 1,
    fixes: fly(stadium(80, 10), {
      kt: 330,
      minutes: 300,
      startMs: DAY + 10 * 3_600_000,
      hex: TWIN,
      everyS: 20,
      center: [26.2, -110.4],
    }),
  };
  const doc = traceDocument(twin, DAY) as { trace: unknown[] };
  doc.trace.splice(40, 0, [1, null, -110, 20000, 300, 90, 0, 0, null]);
  doc.trace.splice(90, 0, ['x', 26, -110, 20000, 300, 90, 0, 0, null]);
  doc.trace.splice(150, 0, 7);
  return gzipSync(JSON.stringify(doc), { level: 9 });
}

/**
 * What the day holds besides its traces: a tar inside it, another kind of data, or a 4 MB member
 * before most traces (a walk going on past its range's end goes that far past it: more than the
 * kernel's window and its offset in memory).
 */
type Extra = 'nested tar' | 'other data' | 'big member';

/**
 * The day's tar in `name`, damaged by `damage` (a gap off the block grid, a cut end, 64 KiB of
 * zeros written over data from a block on).
 */
function dayTar(
  name: string,
  damage: 'none' | 'gap' | 'cut end' | 'zeros',
  extra?: Extra,
  format: 'gnu' | 'v7' = 'gnu',
): string {
  const dir = path.join(root, name);
  const folder = path.join(dir, 'folder');
  writeDayFolder(folder, DAY, aircraft, { civil: 160, seed: 3 });
  mkdirSync(path.join(folder, 'traces', TWIN.slice(-2)), { recursive: true });
  writeFileSync(
    path.join(folder, 'traces', TWIN.slice(-2), `trace_full_${TWIN}.json`),
    twinTrace(),
  );
  // Seven traces that will not decompress, in folders across the day: more than the examples kept.
  for (let k = 0; k < 7; k += 1) {
    const hex = (0xae2000 + k * 37).toString(16);
    mkdirSync(path.join(folder, 'traces', hex.slice(-2)), { recursive: true });
    writeFileSync(
      path.join(folder, 'traces', hex.slice(-2), `trace_full_${hex}.json`),
      Buffer.concat([gzipSync('{"icao":').subarray(0, 20), Buffer.from('not gzip at all')]),
    );
  }
  if (extra === 'other data') {
    mkdirSync(path.join(folder, 'm'));
    writeFileSync(
      path.join(folder, 'm', 'states.csv'),
      'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact\n' +
        `${DAY / 1000 + 3600},ae01c7,26.1,-110.2,200,90,0,HOMER21 ,false,false,false,,9000,9100,${DAY / 1000 + 3600},${DAY / 1000 + 3600}\n`,
    );
  }
  if (extra === 'big member') {
    mkdirSync(path.join(folder, 'traces', '00'), { recursive: true });
    const big = Buffer.alloc(4_000_000);
    for (let i = 0; i < big.length; i += 1) big[i] = 97 + (i % 23);
    writeFileSync(path.join(folder, 'traces', '00', 'big.bin'), big);
  }
  if (extra === 'nested tar') {
    // An uncompressed tar as a member: its headers are valid headers inside the day's bytes.
    const inner = path.join(dir, 'inner');
    writeDayFolder(inner, DAY, [], { civil: 40, seed: 9 });
    // Not read as data (readsb's internal state), so only its headers can make a range go wrong.
    mkdirSync(path.join(folder, 'zz', 'internal_state'), { recursive: true });
    tarFolder(inner, path.join(folder, 'zz', 'internal_state', 'nested.tar'));
  }
  const tar = path.join(dir, 'v2025.02.03-planes-readsb-prod-0.tar');
  // In name order: the traces by folder (the address's last two digits), the RC-135's (c7) within
  // the first 80 %.
  execFileSync('tar', [`--format=${format}`, '--sort=name', '-C', folder, '-cf', tar, '.']);
  const size = statSync(tar).size;
  if (damage === 'gap') dropBytes(tar, Math.floor(size * 0.45), 2_777);
  if (damage === 'cut end') truncateSync(tar, Math.floor(size * 0.95) + 123);
  if (damage === 'zeros') {
    const bytes = readFileSync(tar);
    const at = Math.floor((size * 0.5) / 512) * 512;
    bytes.fill(0, at, at + 65_536);
    writeFileSync(tar, bytes);
  }
  return tar;
}

interface Walked {
  entries: TarEntry[];
  damage: TarDamage;
  leftOut: number;
  startedAt: number | null;
  stoppedAt: number | null;
}

const WANTED = [0xae01c7, 0xae1234];

/** A walker of `range` (the whole when undefined), over the bytes in memory or the tar kernel. */
function walker(
  bytes: Buffer,
  file: string,
  range: WalkRange | undefined,
  via: string,
): { walker: TarWalker; close: () => void } {
  const leftOut = via === 'memory' ? undefined : (address: number) => !WANTED.includes(address);
  if (via !== 'kernel') {
    return { walker: new TarWalker(new BufferStore(bytes), leftOut, null, range), close: () => {} };
  }
  const bits = new HexBitmap();
  for (const a of WANTED) bits.add(a);
  const kernel = TarSkipKernel.create(bits);
  const store = new PartsStore([{ path: file, size: bytes.length }], WINDOW_BYTES, kernel?.window);
  return {
    walker: new TarWalker(store, leftOut, kernel, range),
    close: () => {
      store.close();
      kernel?.release();
    },
  };
}

/** What a walker found, once done. */
const walked = (w: TarWalker, entries: TarEntry[]): Walked => ({
  entries,
  damage: w.damage,
  leftOut: w.leftOutCount,
  startedAt: w.startedAt,
  stoppedAt: w.stoppedAt,
});

/** A walk of `range` (the whole when null), by the bytes in memory or through the tar kernel. */
function walk(
  bytes: Buffer,
  file: string,
  range: { start: number; end: number } | null,
  via: string,
): Walked {
  const { walker: w, close } = walker(bytes, file, range ?? undefined, via);
  const entries: TarEntry[] = [];
  for (let e = w.next(); e !== null; e = w.next()) entries.push(e);
  close();
  return walked(w, entries);
}

/** Walks, in byte order, and checks them against the whole walk as the join does. */
function expectWholeWalk(walks: readonly Walked[], whole: Walked): void {
  expect(walks[0]?.startedAt).toBe(0);
  expect(walks.at(-1)?.stoppedAt).toBeNull();
  for (let k = 1; k < walks.length; k += 1) {
    expect(walks[k]?.startedAt).toBe(walks[k - 1]?.stoppedAt);
  }
  expect(walks.flatMap((w) => w.entries)).toEqual(whole.entries);
  expect(walks.reduce((n, w) => n + w.leftOut, 0)).toBe(whole.leftOut);
  const sum = (key: 'resyncs' | 'bytesSkipped' | 'cut'): number =>
    walks.reduce((n, w) => n + w.damage[key], 0);
  expect({
    resyncs: sum('resyncs'),
    bytesSkipped: sum('bytesSkipped'),
    cut: sum('cut'),
    noEndMarker: walks.some((w) => w.damage.noEndMarker),
  }).toEqual(whole.damage);
}

describe('a day cut into ranges', () => {
  it.each([
    [2_441_533_440, 2],
    [2_441_533_440, 8],
    [300_000_000, 3],
    [1_000, 4],
    [1_000, 1],
  ])('%d bytes in %d: equal, back to back, starting on the 512-byte grid', (size, count) => {
    const ranges = equalRanges(size, count, 512);
    expect(ranges[0]?.[0]).toBe(0);
    expect(ranges.at(-1)?.[1]).toBe(size);
    for (const [k, [start, end]] of ranges.entries()) {
      expect(start % 512).toBe(0);
      expect(end).toBeGreaterThan(start);
      if (k > 0) expect(start).toBe(ranges[k - 1]?.[1]);
      // Equal but for the grid (and the last, which takes what is left).
      expect(Math.abs(end - start - size / count)).toBeLessThan(1024);
    }
    expect(ranges.length).toBe(size >= 512 * count ? count : ranges.length);
  });
});

/**
 * Days walked in ranges: each tar format, damage and way of walking (v7 has no ustar magic: no
 * range after the first finds a header, the first walks it all, far past its end, and the kernel
 * passes over nothing there).
 */
const WALK_CASES = [
  ['gnu', 'none', 'memory'],
  ['gnu', 'none', 'left out by name'],
  ['gnu', 'none', 'kernel'],
  ['gnu', 'gap', 'memory'],
  ['gnu', 'gap', 'kernel'],
  ['gnu', 'cut end', 'left out by name'],
  ['gnu', 'cut end', 'kernel'],
  ['gnu', 'zeros', 'memory'],
  ['gnu', 'zeros', 'kernel'],
  ['v7', 'none', 'kernel'],
  ['v7', 'cut end', 'kernel'],
] as const;

/** The case's day tar, its bytes, and its whole walk. */
function walkedDay(
  prefix: string,
  format: 'gnu' | 'v7',
  damage: 'none' | 'gap' | 'cut end' | 'zeros',
  via: string,
): { file: string; bytes: Buffer; whole: Walked } {
  const file = dayTar(
    `${prefix}-${format}-${damage}-${via}`.replaceAll(' ', '-'),
    damage,
    format === 'v7' ? 'big member' : undefined,
    format,
  );
  const bytes = readFileSync(file);
  return { file, bytes, whole: walk(bytes, file, null, via) };
}

describe('a tar walked in byte ranges', () => {
  it.each(WALK_CASES)(
    '%s tar, damage %s, walked %s: the ranges start where the one before stopped, and add up to the whole walk',
    (format, damage, via) => {
      const { file, bytes, whole } = walkedDay('walk', format, damage, via);
      expect(whole.entries.length).toBeGreaterThan(via === 'memory' ? 160 : 4);
      const next = rng(11);
      for (let trial = 0; trial < 25; trial += 1) {
        // 1 to 5 cuts anywhere: in headers, bodies, the gap, the end blocks.
        const cuts = Array.from({ length: 1 + Math.floor(next() * 5) }, () =>
          Math.floor(next() * bytes.length),
        ).sort((a, b) => a - b);
        const bounds = [0, ...cuts, bytes.length];
        const ranges = bounds.slice(1).map((end, k) => ({ start: bounds[k] as number, end }));
        expectWholeWalk(
          ranges.map((r) => walk(bytes, file, r, via)),
          whole,
        );
      }
      if (damage !== 'none') expect(whole.damage.resyncs + whole.damage.cut).toBeGreaterThan(0);
      if (damage === 'cut end') expect(whole.damage.noEndMarker).toBe(true);
    },
  );

  it.each(WALK_CASES)(
    '%s tar, damage %s, walked %s: pieces cut off the ranges while they are walked add up to the whole walk',
    (format, damage, via) => {
      const { file, bytes, whole } = walkedDay('steal', format, damage, via);
      const next = rng(29);
      let cuts = 0;
      for (let trial = 0; trial < 12; trial += 1) {
        // Walkers taking turns at random, as threads do, and now and then one more cutting half
        // of what one has left past what it has claimed (a few KiB ahead).
        const ranges = equalRanges(bytes.length, 1 + Math.floor(next() * 3), 512);
        const pieces = RangePieces.of(ranges);
        const claimAheadBytes = 512 * (1 + Math.floor(next() * 16));
        const open = ranges.map(([start, end], slot) => ({
          start,
          ...walker(
            bytes,
            file,
            { start, end, piece: { buffer: pieces.buffer, slot, claimAheadBytes } },
            via,
          ),
          entries: [] as TarEntry[],
          done: false,
        }));
        for (let live = open; live.length > 0; live = open.filter((o) => !o.done)) {
          const turn = live[Math.floor(next() * live.length)] as (typeof open)[number];
          if (next() < 0.05) {
            const cut = pieces.steal(1);
            if (cut !== null) {
              cuts += 1;
              const piece = { buffer: pieces.buffer, slot: cut.slot, claimAheadBytes };
              open.push({
                start: cut.start,
                ...walker(bytes, file, { start: cut.start, end: cut.end, piece }, via),
                entries: [],
                done: false,
              });
            }
            continue;
          }
          const e = turn.walker.next();
          if (e === null) turn.done = true;
          else turn.entries.push(e);
        }
        for (const o of open) o.close();
        // Nothing is left to cut once every walk has ended.
        expect(pieces.steal(1)).toBeNull();
        const inOrder = [...open].sort((a, b) => a.start - b.start);
        expectWholeWalk(
          inOrder.map((o) => walked(o.walker, o.entries)),
          whole,
        );
      }
      expect(cuts).toBeGreaterThan(3);
    },
  );
});

function tarSource(file: string): InputSource & { archive: TarSpec } {
  const parts = splitFile(file, 150_000).map((p) => ({ path: p, size: statSync(p).size }));
  return {
    name: file,
    size: parts.reduce((n, p) => n + p.size, 0),
    archive: { kind: 'tar', parts, day: '2025-02-03' },
    open: async function* () {
      for (const p of parts) yield readFileSync(p.path);
    },
  };
}

const BOX = [-115.2, 22.8, -105.6, 32.0] as const;

/**
 * A gzip OpenSky file read with the day: only a reading thread reads gzip files, so it waits for
 * one to be free again once the day's ranges are all claimed.
 */
function gzipSource(): InputSource {
  const file = path.join(root, 'states.csv.gz');
  const t = DAY / 1000 + 7200;
  writeFileSync(
    file,
    gzipSync(
      'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact\n' +
        `${t},a12345,40.1,-90.2,200,90,0,TEST1 ,false,false,false,,9000,9100,${t},${t}\n`,
    ),
  );
  return {
    name: file,
    path: file,
    size: statSync(file).size,
    open: async function* () {
      yield readFileSync(file);
    },
  };
}

/** The day read by `reader` (one thread when undefined), with its coverage near the Gulf. */
async function readDay(
  source: InputSource,
  reader?: WorkerReader,
  more: InputSource[] = [],
  close = true,
) {
  const coverage = coverageCollector(BOX);
  let read: InputsRead;
  try {
    read = await readInputs([source, ...more], { registry }, [coverage], reader);
  } finally {
    if (close) await reader?.close();
  }
  return {
    inputs: read.inputs.map((i) => ({ ...i, hexes: [...i.hexes].sort() })),
    positions: read.positions.toArray(),
    identities: [...read.identities],
    coverage: coverage.result(),
  };
}

describe('a day read by several threads, in byte ranges', () => {
  it.each(['none', 'gap', 'cut end', 'zeros'] as const)(
    'damage %s: the accounting, fixes, record numbers and coverage of one thread',
    async (damage) => {
      const source = tarSource(dayTar(`threads-${damage}`.replaceAll(' ', '-'), damage));
      expect(splitsIntoRanges(source.archive)).toBe(false);
      expect(splitsIntoRanges(source.archive, 1)).toBe(true);
      const gz = gzipSource();
      const alone = await readDay(source);
      expect(alone.positions.length).toBeGreaterThan(500);
      expect(alone.coverage.hours.length).toBeGreaterThan(0);
      const input = alone.inputs[0];
      const archive = input?.archive;
      expect(archive?.readMembers?.names.length).toBe(3);
      expect(archive?.walked).toBeUndefined();
      // The twin's unusable points, and the traces that will not decompress (five named).
      expect(Object.keys(input?.skipped ?? {}).sort()).toEqual([
        'bad position',
        'bad time',
        'malformed trace point',
      ]);
      // The zeros lie over one of them (and the members around it).
      expect(archive?.damage.unreadable).toBe(damage === 'zeros' ? 6 : 7);
      expect(archive?.damage.examples).toHaveLength(5);
      // One range a thread, as by default, and many more (cut anywhere in the day).
      let onThreads = 0;
      // The last: a thread done with its range cuts half of what the other has left (a few KiB
      // past what it has claimed), again and again.
      for (const [count, steal] of [
        [2, false],
        [7, false],
        [23, false],
        // More than RangePieces has slots for: 64 of them (beyond, a range's end was lost).
        [100, false],
        [2, true],
      ] as const) {
        const reader = new WorkerReader({
          registry,
          threads: 2,
          splitDayMinBytes: 1,
          dayRangeCount: count,
          ...(steal ? { stealMinBytes: 1, claimAheadBytes: 4096 } : {}),
        });
        // A gzip file first (only the reading thread reads one): it is up when the ranges are.
        expect((await readDay(gz, reader, [], false)).inputs[0]?.used).toBe(1);
        const threaded = await readDay(source, reader, [], false);
        // A thread that claimed ranges is free again once none is left: the gzip file read next
        // waits for it (a thread that never said so would keep it waiting: the test times out).
        await readDay(gz, reader, [], false);
        await reader.close();
        expect(threaded).toEqual(alone);
        // Read in ranges and joined.
        expect(reader.days.cut).toBeGreaterThanOrEqual(1);
        expect(reader.days.readWhole).toBe(0);
        onThreads += reader.rangesOnThreads;
      }
      // Some on the other thread (which of two ranges it gets to first is up to the threads).
      expect(onThreads).toBeGreaterThan(0);
    },
  );

  it('refuses to join ranges that read another kind of data (its format, FR24 companions): the day is read whole', async () => {
    const source = tarSource(dayTar('other-data', 'none', 'other data'));
    const alone = await readDay(source);
    expect(alone.inputs[0]?.archive?.members.read).toBe(4);
    const reader = new WorkerReader({
      registry,
      threads: 2,
      splitDayMinBytes: 1,
      dayRangeCount: 9,
    });
    expect(await readDay(source, reader)).toEqual(alone);
    expect(reader.days.cut).toBeGreaterThanOrEqual(1);
    expect(reader.days.readWhole).toBe(reader.days.cut);
  });

  it('refuses to join ranges that do not join up (a tar inside a member): the day is read whole', async () => {
    const file = dayTar('nested', 'none', 'nested tar');
    const source = tarSource(file);
    const whole = walk(readFileSync(file), file, null, 'memory');
    const nested = whole.entries.find((e) => e.name.endsWith('nested.tar'));
    expect(nested).toBeDefined();
    const rule = KeepRules.for(registry).rule({ kind: 'first', once: false });
    const readRanges = async (cut: number) =>
      Promise.all(
        [
          { start: 0, end: cut },
          { start: cut, end: source.size as number },
        ].map((range) =>
          readOneSource({ ...source, archive: { ...source.archive, range } }, 0, { rule }),
        ),
      );
    // Cut inside the nested tar: the second range starts on one of its headers.
    const inside = await readRanges((nested?.bodyOffset as number) + 1_000);
    expect(inside[1]?.summary.archive?.walked?.startedAt).not.toBe(
      inside[0]?.summary.archive?.walked?.stoppedAt,
    );
    expect(joinArchiveRanges(inside, 0)).toBeNull();
    // Cut elsewhere, the same ranges join.
    const outside = await readRanges(Math.floor((nested?.bodyOffset as number) / 2));
    expect(joinArchiveRanges(outside, 0)).not.toBeNull();
    // Threads cutting the day where they will: the result of one thread, whole read or joined.
    const alone = await readDay(source);
    // Cut into this many ranges, the day has a cut inside the nested tar, or none.
    const from = nested?.bodyOffset as number;
    const cutsInside = (count: number): boolean =>
      equalRanges(source.size as number, count, 512).some(
        ([start]) => start > from + 512 && start < from + (nested?.size as number),
      );
    const counts = Array.from({ length: 60 }, (_, k) => 2 + k);
    const cutInside = counts.find(cutsInside);
    const cutElsewhere = counts.find((n) => !cutsInside(n));
    expect(cutInside).toBeDefined();
    expect(cutElsewhere).toBeDefined();
    for (const [count, readWhole] of [
      [cutInside as number, 1],
      [cutElsewhere as number, 0],
    ] as const) {
      const reader = new WorkerReader({
        registry,
        threads: 2,
        splitDayMinBytes: 1,
        dayRangeCount: count,
      });
      expect(await readDay(source, reader)).toEqual(alone);
      expect(reader.days.cut).toBeGreaterThanOrEqual(1);
      expect(reader.days.readWhole).toBe(readWhole);
    }
  });
});
