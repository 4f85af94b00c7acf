import { spawn } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/cli/io.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'sortie-atomic-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const fresh = () => mkdtempSync(path.join(tmp, 'd-'));

describe('writeFileAtomic (how --out, --chart and --html write)', () => {
  it('writes a new file and leaves nothing else in the folder', async () => {
    const dir = fresh();
    await writeFileAtomic(path.join(dir, 'r.json'), '{"a":1}\n');
    expect(readFileSync(path.join(dir, 'r.json'), 'utf8')).toBe('{"a":1}\n');
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  it('replaces a longer file whole and keeps its permissions', async () => {
    const dir = fresh();
    const file = path.join(dir, 'r.txt');
    writeFileSync(file, 'old '.repeat(10_000), { mode: 0o600 });
    await writeFileAtomic(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['r.txt']);
  });

  it('writes through a symbolic link to the file it names, keeping the link', async () => {
    const dir = fresh();
    mkdirSync(path.join(dir, 'real'));
    const target = path.join(dir, 'real', 'report.md');
    writeFileSync(target, 'old');
    symlinkSync(target, path.join(dir, 'latest.md'));
    await writeFileAtomic(path.join(dir, 'latest.md'), '# new\n');
    expect(lstatSync(path.join(dir, 'latest.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('# new\n');
    expect(readdirSync(path.join(dir, 'real'))).toEqual(['report.md']);
  });

  it('fails without a trace when the rename cannot happen (a directory in the way)', async () => {
    const dir = fresh();
    mkdirSync(path.join(dir, 'taken'));
    writeFileSync(path.join(dir, 'taken', 'keep'), 'k');
    await expect(writeFileAtomic(path.join(dir, 'taken'), 'x')).rejects.toMatchObject({
      code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/),
    });
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(path.join(dir, 'taken'))).toEqual(['keep']);
  });

  it('fails with ENOENT, creating nothing, when the folder does not exist', async () => {
    const dir = fresh();
    await expect(writeFileAtomic(path.join(dir, 'no', 'r.json'), 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('interrupted by Ctrl-C (SIGINT) mid-write: the old file stays whole, the temporary file goes, the process dies of the signal', async () => {
    const dir = fresh();
    const file = path.join(dir, 'missions.kml');
    writeFileSync(file, 'OLD CONTENT\n');
    // A child writes 64 MiB through the built module and, as soon as the temporary file exists
    // (the write goes on in 512 KiB chunks), sends itself SIGINT as a terminal would.
    const io = path.resolve('dist/src/cli/io.js');
    const script = `
      import { readdirSync } from 'node:fs';
      import { writeFileAtomic } from ${JSON.stringify(io)};
      const dir = ${JSON.stringify(dir)};
      const poll = setInterval(() => {
        if (readdirSync(dir).some((f) => f.endsWith('.tmp'))) {
          clearInterval(poll);
          process.kill(process.pid, 'SIGINT');
        }
      }, 0);
      await writeFileAtomic(${JSON.stringify(file)}, 'x'.repeat(64 << 20));
      clearInterval(poll);
      console.log('finished');
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('exit', (c, s) => resolve([c, s])),
    );
    expect(out).toBe('');
    expect(signal).toBe('SIGINT');
    expect(code).toBeNull();
    expect(readFileSync(file, 'utf8')).toBe('OLD CONTENT\n');
    expect(readdirSync(dir)).toEqual(['missions.kml']);
  }, 60_000);
});
