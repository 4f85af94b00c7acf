/**
 * How a download continues after the server's answer to a (possibly ranged) GET, and how long it
 * waits before trying again. Pure: the status and two headers in, a decision out.
 */

export type Decision =
  /** 206 for the bytes asked: append the body to the `.part` file. */
  | { readonly kind: 'append' }
  /** 200, the whole file: write the body over the `.part` file from its start. */
  | { readonly kind: 'restart' }
  /** 404 or 410: the source does not have the file. */
  | { readonly kind: 'missing' }
  /** The server's file is not the size the listing gives: no download can complete it. */
  | { readonly kind: 'mismatch'; readonly serverBytes: number }
  /** 416 although bytes remain: the `.part` file is of something else; start from byte 0. */
  | { readonly kind: 'start over' }
  /** A transient failure (5xx, 429, 408): wait and ask again. */
  | { readonly kind: 'retry'; readonly reason: string }
  /** Any other answer: this file fails. */
  | { readonly kind: 'fail'; readonly reason: string };

export interface Answer {
  readonly status: number;
  readonly contentRange: string | null;
  readonly contentLength: string | null;
}

/** The total of a Content-Range `bytes a-b/total` (or with `*` for the range, as 416 answers give); null when absent. */
export function rangeTotal(contentRange: string | null): number | null {
  const m = /^\s*bytes\s+(?:\d+-\d+|\*)\/(\d+)\s*$/i.exec(contentRange ?? '');
  return m === null ? null : Number(m[1]);
}

/** The first byte of `bytes a-b/total`; null when absent. */
function rangeStart(contentRange: string | null): number | null {
  const m = /^\s*bytes\s+(\d+)-\d+\//i.exec(contentRange ?? '');
  return m === null ? null : Number(m[1]);
}

const length = (text: string | null): number | null =>
  text !== null && /^\s*\d+\s*$/.test(text) ? Number(text) : null;

/**
 * The decision for an answer to a GET that asked for bytes `fromByte`… of a file the listing
 * gives as `expectedBytes` long (`fromByte` 0: no Range header was sent).
 */
export function decide(answer: Answer, expectedBytes: number, fromByte: number): Decision {
  const { status } = answer;
  if (status === 206) {
    const total = rangeTotal(answer.contentRange);
    if (total !== null && total !== expectedBytes) return { kind: 'mismatch', serverBytes: total };
    if (rangeStart(answer.contentRange) !== fromByte) {
      return {
        kind: 'fail',
        reason: `asked for bytes from ${fromByte}, got ${answer.contentRange ?? 'no Content-Range'}`,
      };
    }
    return { kind: 'append' };
  }
  if (status === 200) {
    const total = length(answer.contentLength);
    if (total !== null && total !== expectedBytes) return { kind: 'mismatch', serverBytes: total };
    return { kind: 'restart' };
  }
  if (status === 416) {
    const total = rangeTotal(answer.contentRange);
    if (total !== null && total !== expectedBytes) return { kind: 'mismatch', serverBytes: total };
    return { kind: 'start over' };
  }
  if (status === 404 || status === 410) return { kind: 'missing' };
  if (status >= 500 || status === 429 || status === 408) {
    return { kind: 'retry', reason: `HTTP ${status}` };
  }
  return { kind: 'fail', reason: `HTTP ${status}` };
}

/** The wait before retry number `attempt` (1, 2, …): doubling from `baseMs`, at most `capMs`. */
export function backoffMs(attempt: number, baseMs: number, capMs = 60_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
