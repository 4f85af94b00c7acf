import { mkdtempSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createReadStream } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { parseRegistry } from '../src/aircraft/registry.js';
import { coverageCollector } from '../src/coverage/coverage.js';
import { fileRanges, WorkerReader } from '../src/ingest/threads/worker-reader.js';
import { progressLine } from '../src/cli/progress.js';
import {
  readingThread,
  spareReadingThreads,
  startReadingThreadsEarly,
  stopSpareReadingThreads,
} from '../src/ingest/threads/reading-threads.js';
import type { InputSource } from '../src/ingest/collect.js';
import { inProcessReader, readAll, readInputs, type InputsRead } from '../src/read-inputs.js';
import { runCli } from './helpers.js';
import { earlyReadingThreads } from '../src/cli/early-threads.js';
import { SPLIT_DAY_MIN_BYTES } from '../src/ingest/archive/releases.js';

const HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact';
const T0 = 1738580400; // 2025-02-03T11:00:00Z

/** OpenSky rows every 10 s: aircraft circling a point for `minutes`, one row per aircraft per step. */
function openskyRows(
  flights: { hex: string; lat: number; lon: number; minutes: number; startMin?: number }[],
): string[] {
  const rows: string[] = [];
  for (let s = 0; s < 6 * 60; s += 1) {
    for (const f of flights) {
      const m = s / 6 - (f.startMin ?? 0);
      if (m < 0 || m >= f.minutes) continue;
      const t = T0 + s * 10;
      const a = (2 * Math.PI * s) / 90;
      const lat = f.lat + 0.3 * Math.sin(a);
      const lon = f.lon + 0.3 * Math.cos(a);
      rows.push(
        `${t},${f.hex},${lat},${lon},200.5,${(s * 4) % 360},0,TEST${f.hex.slice(-2)}  ,false,false,false,,9144,9200.1,${t - 0.5}.25,${t - 0.2}`,
      );
    }
  }
  return rows;
}

const dir = mkdtempSync(path.join(tmpdir(), 'sortie-parallel-'));

/**
 * A plain OpenSky file of an hour: the RC-135V circling the Gulf, and `count` other aircraft far
 * from it (addresses from `firstAddress`, `step` apart).
 */
function bigStatesFile(
  name: string,
  count: number,
  firstAddress: number,
  step: number,
): InputSource {
  const file = path.join(dir, name);
  const many = Array.from({ length: count }, (_, i) => ({
    hex: (firstAddress + i * step).toString(16),
    lat: -40 + (i % 80),
    lon: -170 + (i % 300),
    minutes: 60,
  }));
  writeFileSync(
    file,
    [HEADER, ...openskyRows([{ hex: 'ae01c7', ...GULF, minutes: 50 }, ...many])].join('\n') + '\n',
  );
  const size = statSync(file).size;
  return { name: file, path: file, size, open: () => createReadStream(file) };
}

/** A registry of the RC-135V alone. */
const rc135 = () =>
  parseRegistry(
    '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\nAE01C7,64-14845,USAF,Boeing RC-135V,R135,Mil,SIGINT,,,Oxcart,\n',
    'test',
  );

/** What two reads of the same inputs must have alike. */
const strip = (r: InputsRead) => ({
  inputs: r.inputs.map((i) => ({ ...i, hexes: [...i.hexes], fast: undefined })),
  positions: r.positions.toArray(),
  identities: [...r.identities],
});

// ae01c7 (RC-135V) is in the bundled registry; a7f00d is not, and is identified only by the
// readsb trace that carries its type (Q4), whose own points are far away: its Gulf fixes are only
// in the CSV files, read before the trace identifies it, so they come from the second pass.
const GULF = { lat: 27.2, lon: -111.2 };
const civil = Array.from({ length: 40 }, (_, i) => ({
  hex: (0x400000 + i * 7919).toString(16),
  lat: -30 + i,
  lon: 10 + i,
  minutes: 60,
}));
writeFileSync(
  path.join(dir, 'a-states.csv'),
  [HEADER, ...openskyRows([{ hex: 'ae01c7', ...GULF, minutes: 40 }, ...civil])].join('\n') + '\n',
);
writeFileSync(
  path.join(dir, 'b-states.csv.gz'),
  gzipSync(
    [
      HEADER,
      ...openskyRows([{ hex: 'a7f00d', ...GULF, minutes: 35, startMin: 10 }, ...civil]),
    ].join('\n') + '\n',
  ),
);
writeFileSync(
  path.join(dir, 'c-trace_full_a7f00d.json'),
  JSON.stringify({
    icao: 'a7f00d',
    t: 'Q4',
    r: 'TEST-1',
    timestamp: T0 - 7200,
    trace: [
      [0, 39.1, -121.4, 'ground', 0, 0, 0, null, null],
      [30, 39.11, -121.41, 500, 150, 0, 0, null, null],
    ],
  }),
);

function missionsOf(stdout: string): { id: string; identifiedBy: string; positions: number }[] {
  const j = JSON.parse(stdout) as {
    missions: { id: string; aircraft: { identifiedBy: string }; positions: number }[];
  };
  return j.missions.map((m) => ({
    id: m.id,
    identifiedBy: m.aircraft.identifiedBy,
    positions: m.positions,
  }));
}

describe('reading on worker threads', () => {
  it('gives the same report as one thread, with the second pass for an aircraft identified late', async () => {
    const one = await runCli(['report', dir, '--format', 'json', '--threads', '1']);
    const two = await runCli(['report', dir, '--format', 'json', '--threads', '2']);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const missions = missionsOf(one.stdout);
    expect(missions.map((m) => m.identifiedBy).sort()).toEqual([
      'database:plane-alert-db',
      'type:Q4',
    ]);
    // All 35 minutes of the Q4's Gulf fixes (every 10 s) are there: they come from the second
    // pass over the CSV. (Its two trace points, hours before, make a sortie of their own.)
    expect(missions.find((m) => m.identifiedBy === 'type:Q4')?.positions).toBe(35 * 6);
  });

  it('counts the same whatever the order of the inputs', async () => {
    const files = ['c-trace_full_a7f00d.json', 'b-states.csv.gz', 'a-states.csv'].map((f) =>
      path.join(dir, f),
    );
    const forward = await runCli(['report', ...[...files].reverse(), '--format', 'json']);
    const backward = await runCli(['report', ...files, '--format', 'json', '--threads', '2']);
    const summary = (s: string): unknown => (JSON.parse(s) as { summary: unknown }).summary;
    expect(summary(backward.stdout)).toEqual(summary(forward.stdout));
    expect(missionsOf(backward.stdout)).toEqual(missionsOf(forward.stdout));
  });

  it('splits a big plain file into byte ranges and joins them into what one thread reads', async () => {
    const source = bigStatesFile('big.csv', 400, 0x500000, 31);
    expect(source.size).toBeGreaterThan(1_000_000);
    const registry = rc135();
    let progressCalls = 0;
    const reader = new WorkerReader({
      registry,
      threads: 2,
      splitMinBytes: 1,
      rangeMinBytes: 100_000,
      onProgress: () => (progressCalls += 1),
    });
    // The Gulf of California's box and one far from it (two regions of one run): coverage near
    // each comes back from the threads as from one, and as a read for that region alone finds.
    const bbox = [-115.2, 22.8, -105.6, 32.0] as const;
    const far = [-40, -30, 10, 20] as const;
    const both = () => [coverageCollector(bbox), coverageCollector(far)];
    const coverageOf = { parallel: both(), alone: both(), gulfOnly: coverageCollector(bbox) };
    let parallel: InputsRead;
    try {
      // A gzip file first (only a reading thread reads one): the thread is up when the ranges are.
      const gz = path.join(dir, 'b-states.csv.gz');
      const gzSource: InputSource = {
        name: gz,
        path: gz,
        size: statSync(gz).size,
        open: () => createReadStream(gz),
      };
      await readInputs([gzSource], { registry }, [], reader);
      parallel = await readInputs([source], { registry }, coverageOf.parallel, reader);
    } finally {
      await reader.close();
    }
    // The other thread claimed ranges of its own.
    expect(reader.rangesOnThreads).toBeGreaterThan(0);
    const alone = await readInputs([source], { registry }, coverageOf.alone);
    await readInputs([source], { registry }, [coverageOf.gulfOnly]);
    for (const k of [0, 1]) {
      expect(coverageOf.parallel[k]!.result()).toEqual(coverageOf.alone[k]!.result());
      expect(coverageOf.alone[k]!.result().hours.length).toBeGreaterThan(0);
    }
    expect(coverageOf.alone[0]!.result()).toEqual(coverageOf.gulfOnly.result());
    expect(coverageOf.alone[1]!.result().bbox).toEqual([-41, -31, 11, 21]);
    expect(strip(parallel)).toEqual(strip(alone));
    expect(parallel.inputs[0]!.fast!.lines).toBe(alone.inputs[0]!.fast!.lines);
    expect(parallel.positions.length).toBe(50 * 6);
    expect(progressCalls).toBeGreaterThan(0);
  });

  it('a thread with no range left reads half of what another has left, and the pieces join into what one thread reads', async () => {
    const source = bigStatesFile('stolen.csv', 300, 0x600000, 37);
    const size = source.size as number;
    const registry = rc135();
    const box = [-115.2, 22.8, -105.6, 32.0] as const;
    let parallel: InputsRead;
    let stolen = 0;
    // Several runs, each thread given time to load its code before the read: this thread reads
    // the file's 16 MB in some tens of ms once its code is warm, a reading thread starts in 0.1 to
    // 0.5 s (more on a busy machine), and cuts a piece only if it is up while this one reads.
    for (let run = 0; run < 5; run += 1) {
      const coverage = { parallel: coverageCollector(box), alone: coverageCollector(box) };
      // One range for the whole file: the other thread has nothing to claim, only to cut.
      const reader = new WorkerReader({
        registry,
        threads: 2,
        splitMinBytes: 1,
        rangeMinBytes: size,
        stealMinBytes: 64 << 10,
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      try {
        parallel = await readInputs([source], { registry }, [coverage.parallel], reader);
      } finally {
        await reader.close();
      }
      stolen += reader.piecesStolen;
      const alone = await readInputs([source], { registry }, [coverage.alone]);
      expect(strip(parallel)).toEqual(strip(alone));
      expect(parallel.inputs[0]!.fast!.lines).toBe(alone.inputs[0]!.fast!.lines);
      expect(coverage.parallel.result()).toEqual(coverage.alone.result());
    }
    expect(stolen).toBeGreaterThan(0);
  });
});

describe('a big plain file cut into byte ranges', () => {
  it.each([
    [1_090_000_000, 2, 48 << 20, 2],
    [1_090_000_000, 8, 48 << 20, 8],
    [150_000_000, 8, 48 << 20, 2],
    [70_000_000, 2, 48 << 20, 1],
    [1_500_000, 2, 100_000, 2],
    [1_500_000, 3, 100_000, 3],
    // No more ranges than RangePieces has slots for (on 66 threads a range's rows were read twice).
    [4_000_000_000, 100, 48 << 20, 64],
  ])(
    '%d bytes, %d threads, ranges of at least %d: %d equal ones, back to back',
    (size, threads, min, n) => {
      const ranges = fileRanges(size, threads, min);
      expect(ranges).toHaveLength(n);
      expect(ranges[0]?.[0]).toBe(0);
      expect(ranges.at(-1)?.[1]).toBe(size);
      for (const [k, [start, end]] of ranges.entries()) {
        if (k > 0) expect(start).toBe(ranges[k - 1]?.[1]);
        expect(Math.abs(end - start - size / n)).toBeLessThanOrEqual(1);
        if (n > 1) expect(end - start).toBeGreaterThanOrEqual(min);
      }
    },
  );
});

describe('every format on worker threads', () => {
  it.each([
    ['fixtures/multisource', []],
    ['fixtures/demo', ['--from', '2025-01-27', '--to', '2025-02-10', '--period', 'day']],
    // FR24 bulk positions get their address from the flights file read on another thread.
    ['fixtures/formats', ['--glob', '*', '--source-tz', 'America/Hermosillo']],
  ])('%s: the same report, coverage and accounting as on one thread', async (input, extra) => {
    const args = (cmd: string, threads: string) => [
      cmd,
      input,
      ...extra,
      '--format',
      'json',
      '--threads',
      threads,
    ];
    for (const cmd of ['report', 'inspect']) {
      const one = await runCli(args(cmd, '1'));
      const three = await runCli(args(cmd, '3'));
      expect(three.code).toBe(one.code);
      expect(three.stderr).toBe(one.stderr);
      expect(three.stdout).toBe(one.stdout);
    }
  });
});

describe('gzip inputs read on reading threads', () => {
  it('read the same as on one thread: CSV, JSON, and a truncated file with its error', async () => {
    const gz = mkdtempSync(path.join(tmpdir(), 'sortie-gz-'));
    const csv = [HEADER, ...openskyRows([{ hex: 'ae01c7', ...GULF, minutes: 60 }, ...civil])];
    const whole = gzipSync(csv.join('\n') + '\n');
    writeFileSync(path.join(gz, 'a.csv.gz'), whole);
    writeFileSync(path.join(gz, 'b.csv.gz'), whole.subarray(0, Math.floor(whole.length * 0.6)));
    writeFileSync(
      path.join(gz, 'c.json.gz'),
      gzipSync(
        JSON.stringify({
          icao: 'ae01c7',
          t: 'R135',
          timestamp: T0,
          // Big enough to come in several inflated chunks, which the JSON reader keeps.
          trace: Array.from({ length: 100_000 }, (_, i) => [
            i,
            27 + i * 1e-6,
            -111,
            30000,
            400,
            90,
          ]),
        }),
      ),
    );
    const one = await runCli(['inspect', gz, '--format', 'json', '--threads', '1']);
    const two = await runCli(['inspect', gz, '--format', 'json', '--threads', '2']);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
    expect(two.code).toBe(1);
    expect(one.stderr).toMatch(/b\.csv\.gz: corrupt or truncated gzip data/);
    const inputs = (JSON.parse(two.stdout) as { inputs: { rows: number; error: unknown }[] })
      .inputs;
    expect(inputs.map((i) => i.rows > 0)).toEqual([true, true, true]);
  });
});

describe('--threads and --quiet', () => {
  it('takes a whole number of threads, and refuses anything else as a usage error', async () => {
    const ok = await runCli(['inspect', dir, '--threads', '3', '--quiet', '--format', 'json']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe('');
    const bad = await runCli(['inspect', dir, '--threads', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--threads.*"0" is not a whole number from 1 to 256/);
  });
});

describe('progress bar', () => {
  it('shows files, bytes, rows per second and the time left', () => {
    const line = progressLine(
      { files: 4, filesDone: 1, bytes: 2e9, bytesDone: 5e8, rows: 2e6 },
      2000,
    );
    expect(line).toBe(
      'sortie: [######------------------]  25%  1/4 files  500.0/2000 MB  1.0 M rows/s  ETA 0:06',
    );
  });
});

describe('reading threads started early', () => {
  it('start for big input files named on the command line, are handed out, the rest stopped', async () => {
    const big = path.join(mkdtempSync(path.join(tmpdir(), 'sortie-early-')), 'big.csv');
    // A sparse file: 40 MB on the command line, nothing written.
    writeFileSync(big, '');
    truncateSync(big, 40 << 20);
    startReadingThreadsEarly(earlyReadingThreads(['report', big, '--threads', '3']));
    expect(spareReadingThreads()).toBe(2);
    const taken = readingThread();
    expect(spareReadingThreads()).toBe(1);
    await taken.terminate();
    await stopSpareReadingThreads();
    expect(spareReadingThreads()).toBe(0);
    // Small inputs, one thread, a command that reads nothing: none started.
    for (const argv of [
      ['report', 'fixtures/demo/opensky'],
      ['report', big, '--threads', '1'],
      ['report', big, '--threads=1'],
      ['regions', big],
    ]) {
      startReadingThreadsEarly(earlyReadingThreads(argv));
      expect(spareReadingThreads()).toBe(0);
    }
  });

  it("started by one copy of the module (the launcher's) are handed out by another (the CLI bundle's)", async () => {
    // bin/sortie.js starts them from launch.cjs, before main.cjs, which has a copy of its own of
    // this module, has loaded: the two share the spares through the global object.
    startReadingThreadsEarly(2);
    vi.resetModules();
    const copy = await import('../src/ingest/threads/reading-threads.js');
    expect(copy.readingThread).not.toBe(readingThread);
    expect(copy.spareReadingThreads()).toBe(1);
    const taken = copy.readingThread();
    expect(spareReadingThreads()).toBe(0);
    await taken.terminate();
  });

  it('are not started for the parts of one small day tar (read on this thread), but are for two days or a big one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-early-tar-'));
    const sparse = (name: string): string => {
      const file = path.join(dir, name);
      writeFileSync(file, '');
      truncateSync(file, 40 << 20);
      return file;
    };
    const day3 = [
      sparse('v2025.02.03-planes-readsb-prod-0.tar.aa'),
      sparse('v2025.02.03-planes-readsb-prod-0.tar.ab'),
    ];
    const day4 = sparse('v2025.02.04-planes-readsb-prod-0.tar');
    expect(earlyReadingThreads(['report', ...day3])).toBe(0);
    expect(earlyReadingThreads(['report', day4])).toBe(0);
    expect(earlyReadingThreads(['report', ...day3, '--threads', '2'])).toBe(2);
    expect(earlyReadingThreads(['report', ...day3, day4])).toBeGreaterThanOrEqual(2);
    // A day big enough to be cut into byte ranges is read on every thread; another big tar is not.
    const bigDay = path.join(dir, 'v2025.02.05-planes-readsb-prod-0.tar');
    const bigOther = path.join(dir, 'states_2025-02-05-11.csv.tar');
    for (const file of [bigDay, bigOther]) {
      writeFileSync(file, '');
      truncateSync(file, SPLIT_DAY_MIN_BYTES);
    }
    expect(earlyReadingThreads(['report', bigDay])).toBeGreaterThanOrEqual(2);
    expect(earlyReadingThreads(['report', bigOther])).toBe(0);
  });
});

describe('one reading thread', () => {
  it.each([1, 2])(
    'an input whose start cannot be read in place (a socket) is its own error; the others are read (%i threads)',
    async (threads) => {
      const source = bigStatesFile(`with-socket-${threads}.csv`, 200, 0x500000, 41);
      const sock = path.join(dir, `sock-${threads}.csv`);
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(sock, resolve));
      const registry = rc135();
      const reader = new WorkerReader({ registry, threads, splitMinBytes: 1 });
      let read: InputsRead;
      try {
        const socket: InputSource = {
          name: sock,
          path: sock,
          size: 0,
          open: () => createReadStream(sock),
        };
        read = await readInputs([source, socket], { registry }, [], reader);
      } finally {
        await reader.close();
        server.close();
      }
      const alone = await readInputs([source], { registry }, []);
      expect(read.inputs[0]!.rows).toBe(alone.inputs[0]!.rows);
      expect(read.positions.length).toBe(alone.positions.length);
      expect(read.inputs[1]!.error?.message).toMatch(/ENXIO|no such device/);
    },
  );

  it('reads a big plain file as one byte range, by positioned reads, starting no worker', async () => {
    const source = bigStatesFile('one-range.csv', 400, 0x500000, 37);
    const registry = rc135();
    const alone = await readInputs([source], { registry }, []);
    const reader = new WorkerReader({ registry, threads: 1, splitMinBytes: 1 });
    let one: InputsRead;
    try {
      one = await readInputs([source], { registry }, [], reader);
      expect((reader as unknown as { workers: unknown[] }).workers).toHaveLength(0);
    } finally {
      await reader.close();
    }
    // Read as a byte range (its bytes straight into the kernel's memory), not as a stream.
    expect(reader.rangesHere).toBe(1);
    expect(strip(one)).toEqual(strip(alone));
    expect(one.inputs[0]!.fast!.lines).toBe(alone.inputs[0]!.fast!.lines);
    expect(one.positions.length).toBe(50 * 6);
  });

  it('reads a gzip file on this thread, starting no worker', async () => {
    const dir1 = mkdtempSync(path.join(tmpdir(), 'sortie-one-'));
    const file = path.join(dir1, 'a.csv.gz');
    writeFileSync(
      file,
      gzipSync(
        [HEADER, ...openskyRows([{ hex: 'ae01c7', ...GULF, minutes: 30 }])].join('\n') + '\n',
      ),
    );
    const source: InputSource = {
      name: file,
      path: file,
      size: statSync(file).size,
      open: () => createReadStream(file),
    };
    const registry = parseRegistry(
      '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\nAE01C7,64-14845,USAF,Boeing RC-135V,R135,Mil,SIGINT,,,Oxcart,\n',
      'test',
    );
    const bbox = [-115.2, 22.8, -105.6, 32.0] as const;
    const reader = new WorkerReader({ registry, threads: 1 });
    let one: InputsRead;
    try {
      one = await readInputs([source], { registry }, [coverageCollector(bbox)], reader);
      expect((reader as unknown as { workers: unknown[] }).workers).toHaveLength(0);
    } finally {
      await reader.close();
    }
    const alone = await readInputs([source], { registry }, [coverageCollector(bbox)]);
    expect(one.positions.toArray()).toEqual(alone.positions.toArray());
    expect(one.positions.length).toBe(30 * 6);
    expect(one.inputs[0]!.rows).toBe(alone.inputs[0]!.rows);
  });
});

describe('results handed in input order', () => {
  it('hands each input to the reader of the run in input order, whatever thread read it', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'sortie-order-'));
    // A long file first and short ones after: the short ones are read first, handed after it.
    const minutes = [60, 5, 30, 1, 20];
    const sources: InputSource[] = minutes.map((m, k) => {
      const file = path.join(folder, `day-${k}.csv`);
      writeFileSync(
        file,
        [HEADER, ...openskyRows([{ hex: 'ae01c7', ...GULF, minutes: m, startMin: 0 }])].join('\n') +
          '\n',
      );
      return {
        name: file,
        path: file,
        size: statSync(file).size,
        open: () => createReadStream(file),
      };
    });
    // One in memory (no path): read on this thread, between the others.
    const text = [HEADER, ...openskyRows([{ hex: 'ae01c7', ...GULF, minutes: 3 }])].join('\n');
    sources.splice(2, 0, {
      name: 'memory.csv',
      open: async function* () {
        yield Buffer.from(text + '\n');
      },
    });
    const registry = parseRegistry(
      '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\nAE01C7,64-14845,USAF,Boeing RC-135V,R135,Mil,SIGINT,,,Oxcart,\n',
      'test',
    );
    const jobs = sources.map((source, fileIndex) => ({
      source,
      fileIndex,
      spec: { kind: 'first' as const, once: false },
      coverageBoxes: null,
    }));
    const reader = new WorkerReader({ registry, threads: 3 });
    const handed: [number, number, number][] = [];
    try {
      await reader.read(jobs, (result, k) => {
        handed.push([k, result.summary.rows, result.positions.length]);
        // The reader of the run may let each store go at once (a year of days is not held twice).
        result.positions.release();
      });
    } finally {
      await reader.close();
    }
    const alone = await readAll(inProcessReader({ registry }), jobs);
    expect(handed).toEqual(alone.map((r, k) => [k, r.summary.rows, r.positions.length]));
    expect(handed.map(([, rows]) => rows)).toEqual([60, 5, 3, 30, 1, 20].map((m) => m * 6));
  });
});
