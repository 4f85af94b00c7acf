import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs, NOT_REGULAR } from '../src/cli/files.js';
import { rc135, tarFolder, writeDayFolder } from './archive-kit.js';

const DAY = Date.parse('2025-02-03T00:00:00Z');
const RELEASE = 'v2025.02.03-planes-readsb-prod-0.tar';

interface Ended {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built launcher (npm test builds first) on `args`; killed after `timeoutMs` (a hang). */
function sortie(args: readonly string[], timeoutMs = 20_000): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/sortie.js', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A writer into the FIFO at `fifo` of the file's bytes (`cat file > fifo`, as a user would). */
function feed(file: string, fifo: string): void {
  const child = spawn('sh', ['-c', 'cat "$1" > "$2"', 'feed', file, fifo], { stdio: 'ignore' });
  child.on('error', () => undefined);
}

function missions(stdout: string): (string | number)[][] {
  const report = JSON.parse(stdout) as {
    missions: {
      aircraft: { hex: string };
      firstEntry: string;
      lastExit: string;
      positions: number;
    }[];
  };
  return report.missions.map((m) => [m.aircraft.hex, m.firstEntry, m.lastExit, m.positions]);
}

describe('FIFOs, devices and sockets among the inputs', () => {
  let dir: string;
  let day: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sortie-fifo-'));
    const traces = path.join(dir, 'traces-day');
    mkdirSync(traces);
    writeDayFolder(traces, DAY, [rc135(DAY + 15 * 3_600_000)], { civil: 20 });
    day = path.join(dir, 'day.tar');
    tarFolder(traces, day);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a FIFO named like a day tar once, from its start, as the same tar in a file', async () => {
    const fifo = path.join(dir, 'named', RELEASE);
    mkdirSync(path.dirname(fifo));
    execFileSync('mkfifo', [fifo]);
    const regular = path.join(dir, 'regular', RELEASE);
    mkdirSync(path.dirname(regular));
    copyFileSync(day, regular);
    feed(day, fifo);
    const fromFifo = await sortie(['report', fifo, '--format', 'json', '--quiet']);
    expect(fromFifo.code).toBe(0);
    const fromFile = await sortie(['report', regular, '--format', 'json', '--quiet']);
    expect(fromFile.code).toBe(0);
    const found = missions(fromFifo.stdout);
    expect(found).toHaveLength(1);
    expect(found[0]?.[0]).toBe('ae01c7');
    // The whole report, its inputs' accounting and the release's day (its warning about the day
    // before) included, is the file's.
    const named = (text: string, dir: string): string => text.split(dir).join('<dir>');
    expect(named(fromFifo.stdout, path.dirname(fifo))).toBe(
      named(fromFile.stdout, path.dirname(regular)),
    );
    expect(fromFifo.stderr).toContain('No day archive for 2025-02-02, the day before the window');
    expect(named(fromFifo.stderr, path.dirname(fifo))).toBe(
      named(fromFile.stderr, path.dirname(regular)),
    );
  });

  it('passes over a FIFO found in a folder, with the reason, and reads the rest', async () => {
    const folder = path.join(dir, 'walked');
    mkdirSync(folder);
    copyFileSync(day, path.join(folder, RELEASE));
    const fifo = path.join(folder, 'waiting.csv');
    execFileSync('mkfifo', [fifo]);
    const found = await expandInputs([folder], () => Readable.from([]));
    expect(found.passedOver).toEqual([{ name: fifo, reason: NOT_REGULAR }]);
    expect(found.sources.map((s) => s.name)).toEqual([path.join(folder, RELEASE)]);
    // Nobody writes to it: a run that opened it would wait for ever.
    const run = await sortie(['inspect', folder]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${fifo}: ${NOT_REGULAR}`);
  });

  it('reads a FIFO named twice, in two spellings, once; one named and found in a folder is read', async () => {
    const folder = path.join(dir, 'twice');
    mkdirSync(folder);
    const fifo = path.join(folder, 'f.csv');
    execFileSync('mkfifo', [fifo]);
    // The same FIFO by another name: relative to here.
    const other = path.relative(process.cwd(), fifo);
    expect(other).not.toBe(fifo);
    const found = await expandInputs([fifo, other], () => Readable.from([]));
    expect(found.sources.map((x) => x.name)).toEqual([fifo]);
    const both = await expandInputs([folder, fifo], () => Readable.from([]));
    expect(both.sources.map((x) => x.name)).toEqual([fifo]);
    expect(both.passedOver).toEqual([]);
  });

  it('advises saving a zip that comes through a FIFO as a file', async () => {
    const fifo = path.join(dir, 'archive.zip');
    execFileSync('mkfifo', [fifo]);
    // A zip's first bytes are what names it.
    const zipped = path.join(dir, 'one.zip');
    writeFileSync(
      zipped,
      Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(60, 7)]),
    );
    feed(zipped, fifo);
    const run = await sortie(['inspect', fifo]);
    expect(run.stdout + run.stderr).toContain(
      'a zip archive from a FIFO or device: save it as a file named .zip and give that',
    );
  });

  it('counts a link to a FIFO in a readsb day folder as not flight data, without opening it', async () => {
    const day = path.join(dir, 'globe', '2025', '02', '03');
    mkdirSync(day, { recursive: true });
    writeDayFolder(day, DAY, [rc135(DAY + 15 * 3_600_000)]);
    const fifo = path.join(dir, 'nobody-writes');
    execFileSync('mkfifo', [fifo]);
    symlinkSync(fifo, path.join(day, 'traces', 'c7', 'trace_full_ae0000.json'));
    const run = await sortie(['inspect', day, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const [input] = JSON.parse(run.stdout).inputs as {
      archive: { members: { read: number; notFlightData: number } };
    }[];
    expect(input?.archive.members.read).toBeGreaterThan(0);
    expect(input?.archive.members.notFlightData).toBeGreaterThan(0);
  });

  it('takes a FIFO named on the command line as a stream read once, never by position', async () => {
    const fifo = path.join(dir, 'listed.tar');
    execFileSync('mkfifo', [fifo]);
    const { sources, passedOver } = await expandInputs([fifo], () => Readable.from([]));
    expect(passedOver).toEqual([]);
    expect(sources).toHaveLength(1);
    const [source] = sources;
    expect(source?.name).toBe(fifo);
    expect(source?.once).toBe(true);
    expect(source?.path).toBeUndefined();
    expect(source?.archive).toBeUndefined();
  });
});
