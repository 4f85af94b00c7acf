import { promises as fs, rmSync } from 'node:fs';
import path from 'node:path';
import { cleanUpOnSignal } from './signal-cleanup.js';
import { printable } from '../ingest/plausible.js';

/** Everything the CLI touches outside the process, so tests can run it in memory. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTTY: boolean;
  /** Standard output's width in characters, when it is a terminal. */
  readonly stdoutColumns?: number | undefined;
  /** Standard error is a terminal (the progress bar is drawn only then). */
  readonly stderrIsTTY?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The folder relative paths start from (the process's own when absent). */
  readonly cwd?: string;
  readonly stdin: () => AsyncIterable<Uint8Array>;
  readonly writeFile: (path: string, text: string) => Promise<void>;
  /**
   * `closed`: the reader of standard output or error has gone (`sortie … | head`), so the run
   * ends quietly with 0; `failed`: writing failed otherwise (a full disk), so it ends with 1.
   */
  readonly outputState?: () => OutputState;
  /**
   * Runs `cleanup` (wiping the progress line) if Ctrl-C interrupts the run, which then exits 130;
   * returns a function that unregisters it.
   */
  readonly onInterrupt?: (cleanup: () => void) => () => void;
  /**
   * Calls `stop` on the first Ctrl-C instead of ending the run, for work that must undo something
   * over the network first (a database load removing the rows it sent); a second Ctrl-C exits 130
   * at once. Returns a function that unregisters it.
   */
  readonly onInterruptRequest?: (stop: () => void) => () => void;
  /**
   * Locks the files a run writes for the whole run (see lock.ts) and returns the release; absent
   * in tests, whose outputs are captured rather than written.
   */
  readonly lockFiles?: (files: readonly string[]) => Promise<() => Promise<void>>;
}

export type OutputState = 'open' | 'closed' | 'failed';

let outputState: OutputState = 'open';
let guarded = false;

/**
 * A closed pipe downstream is not a failure: like rg, jq and xsv, the output stops there and the
 * run ends quietly with exit code 0 (node would print the unhandled EPIPE with a stack, exit 1).
 */
function guardOutput(): void {
  if (guarded) return;
  guarded = true;
  const onError = (err: NodeJS.ErrnoException): void => {
    if (outputState !== 'open') return;
    // The error can come after run() has returned its code and the launcher has set it.
    if (err.code === 'EPIPE') {
      outputState = 'closed';
      process.exitCode = 0;
      return;
    }
    outputState = 'failed';
    process.exitCode = 1;
    if (!process.stderr.destroyed) {
      process.stderr.write(`sortie: cannot write the output (${err.code ?? err.message})\n`);
    }
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', onError);
}

/** 128 + SIGINT (2): what a shell reports for a command ended by Ctrl-C. */
const INTERRUPTED_EXIT = 130;
const interruptCleanups = new Set<() => void>();
let interruptTrapped = false;

function onInterrupt(cleanup: () => void): () => void {
  if (!interruptTrapped) {
    interruptTrapped = true;
    process.on('SIGINT', () => {
      for (const c of interruptCleanups) c();
      // Reading threads may be busy: nothing else would end the run promptly.
      process.exit(INTERRUPTED_EXIT);
    });
  }
  interruptCleanups.add(cleanup);
  return () => interruptCleanups.delete(cleanup);
}

function onInterruptRequest(stop: () => void): () => void {
  let asked = false;
  const handler = (): void => {
    if (asked) process.exit(INTERRUPTED_EXIT);
    asked = true;
    stop();
  };
  process.on('SIGINT', handler);
  return () => process.removeListener('SIGINT', handler);
}

export const nodeIo: Io = {
  stdout: (text) => {
    guardOutput();
    if (outputState === 'open') process.stdout.write(text);
  },
  stderr: (text) => {
    guardOutput();
    if (outputState === 'open') process.stderr.write(text);
  },
  outputState: () => outputState,
  onInterrupt,
  onInterruptRequest,
  stdoutIsTTY: process.stdout.isTTY === true,
  stdoutColumns: process.stdout.isTTY === true ? process.stdout.columns : undefined,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
  stdin: () => process.stdin,
  writeFile: (file, text) => writeFileAtomic(file, text),
  lockFiles: async (files) => {
    const { LockError, lockFiles } = await import('./lock.js');
    try {
      return await lockFiles(files, (text) => nodeIo.stderr(text));
    } catch (err) {
      throw err instanceof LockError ? new UserError(err.message) : err;
    }
  },
};

/**
 * A temporary name's random part: Math.random, not node:crypto, which every run would load for it
 * (~6 ms) although only a run writing files needs a name; the file is created exclusively anyway.
 */
const tempSuffix = (): string =>
  Math.floor(Math.random() * 2 ** 32)
    .toString(16)
    .padStart(8, '0');

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
    `.${path.basename(target)}.${process.pid}-${tempSuffix()}.tmp`,
  );
  // A signal before the rename removes the temporary file (it may be renamed already).
  const forget = cleanUpOnSignal(() => rmSync(temp, { force: true }));
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
    forget();
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

/**
 * 3: `report --fail-on-surge` found a surge (it takes precedence over 1; errors are still
 * printed), or `fetch` ran to its end but the source lacks some days or hours.
 */
export const ExitCode = { Ok: 0, Failure: 1, Usage: 2, Surge: 3, Incomplete: 3 } as const;

/**
 * A warning as stderr prints it: one line whatever it quotes (a file name holding a line break, say).
 */
export function warningLine(warning: string): string {
  return `sortie: warning: ${printable(warning, 100_000)}\n`;
}
