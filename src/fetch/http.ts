/**
 * The network edge of fetching: Node's own fetch with a stall timeout and retries on transient
 * failures (a dropped connection, 5xx, 429). Everything it decides is in response.ts.
 */
import { backoffMs } from './response.js';

export interface HttpOptions {
  /** Sent with every request (User-Agent at least: GitHub refuses requests without one). */
  readonly headers: Readonly<Record<string, string>>;
  /** Tries again this many times after a failure without progress. */
  readonly retries: number;
  /** The first wait before trying again; each further wait doubles. */
  readonly retryBaseMs: number;
  /** A request that gets no answer or no bytes for this long is dropped and tried again. */
  readonly stallMs: number;
  /** Told before each wait, e.g. to print it. */
  readonly onRetry: (message: string) => void;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** What the network errors a user meets first mean, beside their codes. */
const CODE_WORDS: Readonly<Record<string, string>> = {
  ENOTFOUND: 'host not found: no network, or its name does not resolve',
  EAI_AGAIN: 'the name lookup failed for now',
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** The reason of a failed fetch, as short as it can be said (undici hides it in `cause`). */
export function failureText(err: unknown): string {
  const e = err as { message?: string; code?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.code;
  if (code !== undefined) {
    const words = CODE_WORDS[code];
    return words === undefined ? code : `${code}, ${words}`;
  }
  return e.cause?.message ?? e.message ?? String(err);
}

/**
 * A failure that trying again soon cannot mend: the host's name does not resolve (no network, or a
 * wrong name; a lookup that failed for now is EAI_AGAIN, tried again), or the port is one fetch
 * refuses to connect to at all (the Fetch standard's "bad port" list: 1, 9, 25, ...).
 */
export function lastingFailure(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string; message?: string } };
  return (e.cause?.code ?? e.code) === 'ENOTFOUND' || e.cause?.message === 'bad port';
}

/** A timer that aborts `controller` after `ms` without a call to `touch`. */
export function stallGuard(controller: AbortController, ms: number) {
  let timer = setTimeout(() => controller.abort(new Error(`no data for ${ms / 1000} s`)), ms);
  return {
    touch(): void {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new Error(`no data for ${ms / 1000} s`)), ms);
    },
    stop(): void {
      clearTimeout(timer);
    },
  };
}

/** Thrown when a request fails for good: the message names the URL and the reason. */
export class HttpFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HttpFailure';
  }
}

/**
 * A request whose whole answer is read as text, tried again on network failures and 5xx/429/408
 * answers. Other answers (404 included) are returned for the caller to judge.
 */
export async function requestText(
  url: string,
  method: 'GET' | 'HEAD',
  opts: HttpOptions,
): Promise<{ status: number; headers: Headers; text: string }> {
  for (let attempt = 1; ; attempt += 1) {
    const controller = new AbortController();
    const guard = stallGuard(controller, opts.stallMs);
    let reason: string;
    try {
      const res = await fetch(url, { method, headers: opts.headers, signal: controller.signal });
      const text = method === 'HEAD' ? '' : await res.text();
      if (!(res.status >= 500 || res.status === 429 || res.status === 408)) {
        return { status: res.status, headers: res.headers, text };
      }
      reason = `HTTP ${res.status}`;
    } catch (err) {
      reason = failureText(controller.signal.aborted ? controller.signal.reason : err);
      if (!controller.signal.aborted && lastingFailure(err)) {
        throw new HttpFailure(`${url}: ${reason}`);
      }
    } finally {
      guard.stop();
    }
    if (attempt > opts.retries) {
      throw new HttpFailure(
        `${url}: ${reason} (tried ${attempt} ${attempt === 1 ? 'time' : 'times'})`,
      );
    }
    const waitMs = backoffMs(attempt, opts.retryBaseMs);
    opts.onRetry(`${url}: ${reason}; trying again in ${formatWait(waitMs)}`);
    await sleep(waitMs);
  }
}

export function formatWait(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}
