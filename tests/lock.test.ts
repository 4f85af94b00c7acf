import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lockFiles, lockPathOf } from '../src/cli/lock.js';

const exec = promisify(execFile);

/** A pid that no process has now: one that ran and exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('output locks', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-lock-'));

  it('a second run on the same output is refused while the first holds it; released after', async () => {
    const out = path.join(dir, 'report.json');
    const notes: string[] = [];
    const release = await lockFiles([out], (t) => notes.push(t));
    const lock = lockPathOf(out);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: process.pid });
    await expect(lockFiles([out], (t) => notes.push(t))).rejects.toThrow(
      `${out} is being written by another sortie run (pid ${process.pid} on ${hostname()}`,
    );
    await release();
    expect(existsSync(lock)).toBe(false);
    const again = await lockFiles([out], (t) => notes.push(t));
    await again();
    expect(notes).toEqual([]);
  });

  it('a lock left by a run that is gone is taken over, with a note', async () => {
    const out = path.join(dir, 'stale.json');
    const pid = deadPid();
    writeFileSync(lockPathOf(out), JSON.stringify({ pid, host: hostname(), since: 'earlier' }));
    const notes: string[] = [];
    const release = await lockFiles([out], (t) => notes.push(t));
    expect(notes.join('')).toContain(`took over ${lockPathOf(out)}`);
    expect(notes.join('')).toContain(`(pid ${pid}, since earlier)`);
    await release();
  });

  it('when one of several outputs is locked, none stays locked by the refused run', async () => {
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.html');
    const holder = await lockFiles([b], () => undefined);
    await expect(lockFiles([a, b], () => undefined)).rejects.toThrow(/being written by another/);
    expect(existsSync(lockPathOf(a))).toBe(false);
    await holder();
  });

  it('the built CLI exits 1 naming the output and its holder, and writes nothing', async () => {
    const out = path.join(dir, 'cli.json');
    // This test's own process holds the lock: alive for the whole run of the CLI.
    writeFileSync(
      lockPathOf(out),
      JSON.stringify({ pid: process.pid, host: hostname(), since: '2025-02-10T06:00:00Z' }),
    );
    const r = await exec(process.execPath, [
      'bin/sortie.js',
      'inspect',
      'fixtures/demo/fr24',
      '--out',
      out,
    ]).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `sortie: ${out} is being written by another sortie run (pid ${process.pid}`,
    );
    expect(existsSync(out)).toBe(false);
    // Its own lock is not there to leave behind; the holder's stays.
    expect(JSON.parse(readFileSync(lockPathOf(out), 'utf8')).pid).toBe(process.pid);
  });

  it('the built CLI removes its lock when it has written the output', async () => {
    const out = path.join(dir, 'done.json');
    await exec(process.execPath, ['bin/sortie.js', 'inspect', 'fixtures/demo/fr24', '--out', out]);
    expect(JSON.parse(readFileSync(out, 'utf8')).schema).toBe('sortie.inspect/1');
    expect(existsSync(lockPathOf(out))).toBe(false);
  });

  it('a signal while the lock is held ends the run and removes its lock', async () => {
    const out = path.join(dir, 'signalled.json');
    // Standard input left open: the run waits, holding the lock, until the signal.
    const child = spawn(process.execPath, ['bin/sortie.js', 'inspect', '-', '--out', out, '-q'], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    for (let i = 0; i < 200 && !existsSync(lockPathOf(out)); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(existsSync(lockPathOf(out))).toBe(true);
    const ended = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    child.kill('SIGTERM');
    expect(await ended).toBe('SIGTERM');
    expect(existsSync(lockPathOf(out))).toBe(false);
  });
});
