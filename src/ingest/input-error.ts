/** A problem with a whole input (unknown format, broken JSON, truncated stream); `line` when known. */
export class InputError extends Error {
  readonly line: number | null;
  constructor(message: string, line: number | null = null) {
    super(message);
    this.name = 'InputError';
    this.line = line;
  }
}
