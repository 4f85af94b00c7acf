import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEMO_REPORT } from '../scripts/demo-args.js';

/** One small input with a mission: each run below takes a second, not the demo's several. */
const TRACE = 'fixtures/demo/readsb/traces/c7/trace_full_ae01c7.json';

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built launcher (npm test builds first) with standard output going to a reader that
 * closes at once, as `| head -c 0` does: every write the CLI makes then meets a closed pipe.
 */
function runIntoClosedPipe(args: readonly string[]): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/sortie.js', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: '', stderr }));
  });
}

/** Runs a shell pipeline under bash's pipefail: its status is sortie's unless sortie exited 0. */
function pipeline(command: string): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', command], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const EVERY_OUTPUT: ReadonlyArray<readonly string[]> = [
  ...['table', 'json', 'csv', 'md'].map((f) => ['report', TRACE, '--format', f]),
  ...['table', 'json', 'csv', 'md'].map((f) => ['missions', TRACE, '--format', f]),
  ...['table', 'json'].map((f) => ['inspect', TRACE, '--format', f]),
  ...['geojson', 'kml'].map((f) => ['export', TRACE, '--format', f]),
  ...['table', 'json'].map((f) => ['regions', '--format', f]),
  ['--help'],
  ['report', '--help'],
  ['--version'],
];

describe('a closed standard output ends the run quietly with 0 (bin/sortie.js, built)', () => {
  it.each(EVERY_OUTPUT.map((args) => [args.join(' '), args] as const))(
    'sortie %s, into a closed pipe',
    async (_, args) => {
      const r = await runIntoClosedPipe(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    },
  );

  it.each([
    ['export fixtures/demo | head -1', 'export fixtures/demo', 'head -1'],
    ['report --format json | head -c 100', `${DEMO_REPORT.join(' ')} --format json`, 'head -c 100'],
  ])('%s (outputs far bigger than the pipe)', async (_, args, reader) => {
    const r = await pipeline(`node bin/sortie.js ${args} | ${reader}`);
    // Only the warnings the report carries (the demo's CBP drone, left out by default).
    expect(r.stderr).toMatch(/^(sortie: warning: [^\n]*\n)*$/);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
  });
});

/** OpenSky state vectors of one civil aircraft, for as long as anyone reads them. */
const HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact,hour';
const ROW =
  '1733852104,a12345,27.5,-111.5,200.00,199.78,0,TEST1,false,false,false,1174,9000,9100,1733852100.767,1733852101.637,1733850000';
const READ_FOREVER = [
  'report',
  '-',
  '--threads',
  '2',
  '--from',
  '2024-12-01',
  '--to',
  '2024-12-02',
];

describe('Ctrl-C (SIGINT) ends a run with 130, the progress line wiped', () => {
  it('SIGINT while reading standard input: exit 130, nothing on stderr', async () => {
    const child = spawn(process.execPath, ['bin/sortie.js', ...READ_FOREVER], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    const chunk = Buffer.from(`${ROW}\n`.repeat(10_000));
    let fed = 0;
    const feed = (): void => {
      while (child.stdin.writable) {
        fed += chunk.length;
        if (!child.stdin.write(chunk)) return;
      }
    };
    child.stdin.on('drain', feed);
    child.stdin.on('error', () => undefined);
    child.stdin.write(`${HEADER}\n`);
    feed();
    const ended = new Promise<number | null>((resolve) =>
      child.on('close', (code) => resolve(code)),
    );
    // Interrupted once it is well into reading.
    while (fed < 8 * chunk.length) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    expect(await ended).toBe(130);
    expect(stderr).toBe('');
  });

  // Typed at once, and later: the steps after the end of standard input may all be promises, and a
  // signal reaches its handler only when the event loop polls (a report was printed, then 130).
  it.each([0, 150, 300])(
    'Ctrl-C on a terminal %i ms into the run: the progress line is wiped before the exit (130), and no report',
    async (delayMs) => {
      // `script` gives the run a terminal, so the bar is drawn; ^C typed into it is a real Ctrl-C.
      const command = `(echo '${HEADER}'; yes '${ROW}') | node bin/sortie.js ${READ_FOREVER.join(' ')}`;
      const child = spawn('script', ['-qec', command, '/dev/null'], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let screen = '';
      let typed = false;
      child.stdout.on('data', (d: Buffer) => {
        screen += d.toString();
        if (!typed && screen.includes('sortie: [')) {
          typed = true;
          setTimeout(() => child.stdin.write('\u0003'), delayMs);
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(typed).toBe(true);
      expect(code).toBe(130);
      // The last progress line is followed by the terminal's echo of ^C, then wiped: \r, erase line.
      const afterBar = screen.slice(screen.lastIndexOf('sortie: ['));
      expect(afterBar.endsWith('\r\u001b[K')).toBe(true);
      expect(afterBar).not.toMatch(/Error|\n\s+at /);
    },
  );
});
