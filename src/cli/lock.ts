/**
 * One run at a time per output: two cron runs writing the same report would interleave (each
 * output is written atomically, but a report.json from one run beside a report.html from the other
 * is a pair that never existed). Each output file gets a lock `.NAME.lock` beside it, made with
 * O_EXCL and holding the owner's pid; a lock whose process is gone is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { errnoText } from './errno.js';
import { cleanUpOnSignal } from './signal-cleanup.js';

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

/** A file that could not be locked: the caller reports it as a user's error (exit 1). */
export class LockError extends Error {}

export function lockPathOf(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerOf(lock: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(lock, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number'
      ? { pid: owner.pid, host: String(owner.host ?? ''), since: String(owner.since ?? '') }
      : null;
  } catch {
    return null;
  }
}

/**
 * Takes one lock, or says who holds it; a stale lock (its process gone) is taken over. Synchronous
 * on purpose: the lock file is created and recorded in `held` within one turn of the event loop,
 * so a signal (handled only between turns) always finds it there to remove.
 */
function takeLock(file: string, held: string[], note: (text: string) => void): void {
  const lock = lockPathOf(file);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      held.push(lock);
      try {
        writeSync(fd, JSON.stringify(me) + '\n');
      } finally {
        closeSync(fd);
      }
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new LockError(`${file}: cannot lock it for writing (${errnoText(err)} on ${lock})`);
      }
    }
    const owner = ownerOf(lock);
    // Another host's pid says nothing here: its lock stands until it is removed by hand.
    if (owner !== null && (owner.host !== me.host || alive(owner.pid))) {
      throw new LockError(
        `${file} is being written by another sortie run (pid ${owner.pid} on ${owner.host}, since ${owner.since}); not starting a second one (remove ${lock} if that run is gone)`,
      );
    }
    note(
      `sortie: note: took over ${lock}, left by a run that ended without removing it${owner === null ? '' : ` (pid ${owner.pid}, since ${owner.since})`}\n`,
    );
    rmSync(lock, { force: true });
  }
  throw new LockError(`${file}: another run took its lock at the same moment; try again`);
}

/**
 * Locks every output file (sorted, so two runs with overlapping outputs cannot each hold one the
 * other wants) and returns the release, which also runs if the process is interrupted.
 */
export async function lockFiles(
  files: readonly string[],
  note: (text: string) => void,
): Promise<() => Promise<void>> {
  const held: string[] = [];
  const releaseNow = (): void => {
    for (const lock of held.splice(0)) {
      try {
        unlinkSync(lock);
      } catch {
        // Already gone.
      }
    }
  };
  const onExit = (): void => releaseNow();
  // Both are in place before the first lock file exists: a normal exit (process.exit included)
  // and a signal each remove whatever is held at that moment.
  process.on('exit', onExit);
  const forget = cleanUpOnSignal(releaseNow);
  try {
    for (const file of [...new Set(files.map((f) => path.resolve(f)))].sort()) {
      takeLock(file, held, note);
    }
  } catch (err) {
    process.removeListener('exit', onExit);
    forget();
    releaseNow();
    throw err;
  }
  return async () => {
    process.removeListener('exit', onExit);
    forget();
    releaseNow();
  };
}
