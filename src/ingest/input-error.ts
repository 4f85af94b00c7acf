/** A problem with a whole input (unknown format, broken JSON, truncated stream); `line` when known. */
export class InputError extends Error {
  readonly line: number | null;
  constructor(message: string, line: number | null = null) {
    super(message);
    this.name = 'InputError';
    this.line = line;
  }
}

/** An input of no format sortie knows (text, JSON or binary): its name may still say what it is. */
export class UnknownFormat extends InputError {
  constructor(message: string, line: number | null = null) {
    super(message, line);
    this.name = 'UnknownFormat';
  }
}

/**
 * An input recognised as something other than flight data that sits beside it (a readsb
 * receiver.json, a heatmap): nothing is read from it, and that is no error. The message says what it is.
 */
export class NotFlightData extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'NotFlightData';
  }
}
