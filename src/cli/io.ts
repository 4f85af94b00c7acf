import { randomBytes } from 'node:crypto';
import { promises as fs, unlinkSync } from 'node:fs';
import path from 'node:path';

/** Everything the CLI touches outside the process, so tests can run it in memory. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTTY: boolean;
  /** Standard error is a terminal (the progress bar is drawn only then). */
  readonly stderrIsTTY?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: () => AsyncIterable<Uint8Array>;
  readonly writeFile: (path: string, text: string) => Promise<void>;
}

export const nodeIo: Io = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
  stdin: () => process.stdin,
  writeFile: (file, text) => writeFileAtomic(file, text),
};

/** Temporary files being written now, removed if a signal ends the process before the rename. */
const pending = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function onSignal(signal: NodeJS.Signals): void {
  for (const temp of pending) {
    try {
      unlinkSync(temp);
    } catch {
      // Already renamed or removed.
    }
  }
  pending.clear();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  // Die of the same signal, as the default handler would have.
  process.kill(process.pid, signal);
}

/**
 * Writes `text` to `file` through a temporary file in the same directory, flushed and then renamed
 * over it: a run cut short leaves the old file (or none), never half a file, and a signal (Ctrl-C)
 * removes the temporary file too. The temporary name starts with a dot, so a directory walk over
 * the folder skips it. A file that exists keeps its permissions; a symbolic link is written
 * through, to the file it names.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  let target = file;
  let mode: number | undefined;
  try {
    target = await fs.realpath(file);
    mode = (await fs.stat(target)).mode & 0o7777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  if (pending.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  pending.add(temp);
  try {
    const handle = await fs.open(temp, 'wx', mode ?? 0o666);
    try {
      await handle.writeFile(text, 'utf8');
      // The umask may have narrowed the mode given to open: the old file's permissions win.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  } finally {
    pending.delete(temp);
    if (pending.size === 0) for (const s of SIGNALS) process.removeListener(s, onSignal);
  }
}

/** A failure caused by the user's input or environment: printed as one line, exit code 1. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** A bad option value found after parsing (it depends on another option): printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Runs an option parser inside an action, turning its complaint into a UsageError naming the option. */
export function parseOption<T>(option: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError(`option '${option}': ${(err as Error).message}`);
  }
}

export const ExitCode = { Ok: 0, Failure: 1, Usage: 2 } as const;
