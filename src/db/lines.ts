/**
 * Reading a ClickHouse answer line by line. ClickHouse streams a result as it makes it, so an error
 * met after the first block (a timeout, a server running out of memory) cannot change the HTTP
 * status any more: 18.16 appends it to the 200 body as a line beginning `Code: `. Every line is
 * checked, so such an answer is an error and never a short result.
 */
export class DbQueryError extends Error {
  /** ClickHouse's error code (193 is a wrong password, 159 a timeout), when it gave one. */
  readonly code: number | null;
  constructor(message: string, code: number | null) {
    super(message);
    this.name = 'DbQueryError';
    this.code = code;
  }
}

const ERROR_LINE = /^Code: (\d+)[.,] /;

/** The error a `Code: N, ...` (18.16) or `Code: N. DB::Exception...` (newer) text stands for. */
export function errorOfText(text: string): DbQueryError {
  const m = ERROR_LINE.exec(text);
  const code = m === null ? null : Number(m[1]);
  return new DbQueryError(shortError(text), code);
}

/** ClickHouse's error text shortened to what a user reads: no stack, no repeated type. */
export function shortError(text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return first
    .replace(/, e\.what\(\) = DB::Exception.*$/, '')
    .replace(/ \(version [^)]*\).*$/, '')
    .replace(/e\.displayText\(\) = /, '')
    .trim();
}

/** True for a line that is ClickHouse reporting an error in the middle of an answer. */
export function isErrorLine(line: string): boolean {
  return ERROR_LINE.test(line);
}

/**
 * The lines of a streamed body (without their `\n`); throws DbQueryError at a `Code: ` line, and
 * when the body ends in the middle of a line (a row cut short is never handed on).
 */
export async function* bodyLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of chunks) {
    rest += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl !== -1; nl = rest.indexOf('\n', start)) {
      const line = rest.slice(start, nl);
      start = nl + 1;
      if (line.startsWith('Code: ') && isErrorLine(line))
        throw errorOfText(rest.slice(nl - line.length));
      yield line;
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest !== '') {
    if (isErrorLine(rest)) throw errorOfText(rest);
    throw new DbQueryError('the answer ended in the middle of a row', null);
  }
}
