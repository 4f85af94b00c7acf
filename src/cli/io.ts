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
