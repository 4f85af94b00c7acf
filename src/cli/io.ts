import { promises as fs } from 'node:fs';

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
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
  stdin: () => process.stdin,
  writeFile: (path, text) => fs.writeFile(path, text, 'utf8'),
};

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
