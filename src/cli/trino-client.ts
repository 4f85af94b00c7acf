/**
 * The network edge of `sortie trino`: Trino's client protocol over Node's own fetch. A query is a
 * POST of its text to /v1/statement, then a GET of each `nextUri` until an answer has none; 502,
 * 503 and 504 (and 429) mean "ask again shortly". Every failure becomes one TrinoFailure naming the
 * server, never its token. What the answers mean is read in src/sql/trino-protocol.ts.
 */
import { backoffMs } from '../fetch/response.js';
import {
  TrinoProtocolError,
  describeQueryError,
  trinoPageOf,
  type TrinoColumn,
  type TrinoPage,
} from '../sql/trino-protocol.js';

export const OPENSKY_TRINO_URL = 'https://trino.opensky-network.org';
/** Where the user name is taken from when --user is not given. */
export const TRINO_USER_ENV = 'SORTIE_TRINO_USER';

export class TrinoFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrinoFailure';
  }
}

export interface TrinoServer {
  /** Where /v1/statement is, without credentials or a trailing slash. */
  readonly url: string;
  /** The server as printed: its URL without credentials. */
  readonly shown: string;
  readonly user: string;
  readonly catalog: string;
  readonly schema: string;
  /** Sent as `Authorization`; never printed. */
  readonly authorization: string | null;
  /** Named when the server refuses it, e.g. "the token in $OPENSKY_TOKEN". */
  readonly credentialsSaid: string;
}

export interface TrinoRunOptions {
  /** An answer that does not come for this long is given up (and asked again). */
  readonly timeoutMs: number;
  /** Asks again this many times after a transient failure. */
  readonly retries: number;
  /** The first wait before asking again; each further wait doubles. */
  readonly retryBaseMs: number;
  readonly onRetry?: (message: string) => void;
  /** Told each answer's state (QUEUED, RUNNING, ...), for progress. */
  readonly onState?: (state: string) => void;
  readonly userAgent: string;
}

export type RowsSink = (
  columns: readonly TrinoColumn[],
  rows: readonly (readonly unknown[])[],
) => void | Promise<void>;

const TRANSIENT = new Set([429, 502, 503, 504]);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Ask {
  readonly method: 'POST' | 'GET';
  readonly url: string;
  readonly body?: string;
}

/**
 * Runs one statement to its end, handing its rows on page by page; returns the query's id, how
 * many rows came and their columns (null when the server named none: no row came either). A failed or cut query is cancelled on the server (DELETE of its last nextUri).
 */
export async function runTrinoQuery(
  server: TrinoServer,
  sql: string,
  options: TrinoRunOptions,
  onRows: RowsSink,
): Promise<{ id: string | null; rows: number; columns: readonly TrinoColumn[] | null }> {
  const origin = new URL(server.url).origin;
  const fail = (reason: string): TrinoFailure => new TrinoFailure(`${server.shown}: ${reason}`);
  const headersFor = (url: string): Record<string, string> => {
    const headers: Record<string, string> = { 'User-Agent': options.userAgent };
    if (server.authorization !== null) {
      // The token goes only where it was meant to: a nextUri elsewhere is refused, not followed.
      if (new URL(url).origin !== origin) {
        throw fail(
          `the server sent on to ${new URL(url).origin}, another server than the one asked; not sending it the credentials`,
        );
      }
      headers['Authorization'] = server.authorization;
    }
    return headers;
  };

  async function answer(ask: Ask): Promise<TrinoPage> {
    for (let attempt = 1; ; attempt += 1) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), options.timeoutMs);
      let reason: string;
      try {
        const headers = headersFor(ask.url);
        if (ask.method === 'POST') {
          Object.assign(headers, {
            'X-Trino-User': server.user,
            'X-Trino-Catalog': server.catalog,
            'X-Trino-Schema': server.schema,
            'X-Trino-Source': 'sortie',
            'Content-Type': 'text/plain; charset=utf-8',
          });
        }
        const res = await fetch(ask.url, {
          method: ask.method,
          headers,
          ...(ask.body === undefined ? {} : { body: ask.body }),
          signal: controller.signal,
        });
        const text = await res.text();
        if (res.status === 200) return trinoPageOf(text);
        if (res.status === 401 || res.status === 403) {
          throw fail(
            `authentication failed (HTTP ${res.status}): check ${server.credentialsSaid} and the user "${server.user}"`,
          );
        }
        if (!TRANSIENT.has(res.status)) {
          throw fail(`HTTP ${res.status} for ${ask.method} ${pathOf(ask.url)}${bodyHint(text)}`);
        }
        reason = `HTTP ${res.status}`;
      } catch (err) {
        if (err instanceof TrinoFailure) throw err;
        if (err instanceof TrinoProtocolError) throw fail(err.message);
        const e = err as { message?: string; cause?: { code?: string; message?: string } };
        const code = e.cause?.code;
        const dropped =
          code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || e.message === 'terminated';
        reason = controller.signal.aborted
          ? `no answer for ${options.timeoutMs / 1000} s`
          : code === 'ECONNREFUSED'
            ? 'connection refused'
            : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
              ? 'host not found'
              : dropped
                ? 'the connection dropped'
                : (e.cause?.message ?? e.message ?? String(err));
        // A POST that may have reached the server is not sent again: it could start the query twice.
        if (ask.method === 'POST' && dropped) throw fail(`${reason} while sending the query`);
        const transient =
          controller.signal.aborted || dropped || code === 'ECONNREFUSED' || code === 'EAI_AGAIN';
        if (!transient) throw fail(reason);
      } finally {
        clearTimeout(timer);
      }
      if (attempt > options.retries) {
        throw fail(`${reason} (asked ${attempt === 1 ? 'once' : `${attempt} times`})`);
      }
      const waitMs = backoffMs(attempt, options.retryBaseMs, 10_000);
      options.onRetry?.(`${server.shown}: ${reason}; asking again in ${waitMs} ms`);
      await sleep(waitMs);
    }
  }

  let ask: Ask = { method: 'POST', url: `${server.url}/v1/statement`, body: sql };
  let columns: readonly TrinoColumn[] | null = null;
  let id: string | null = null;
  let rows = 0;
  let running: string | null = null;
  try {
    for (;;) {
      const page = await answer(ask);
      // The newest nextUri is the one a cancel must name.
      running = page.nextUri;
      id = page.id ?? id;
      if (page.state !== null) options.onState?.(page.state);
      if (page.error !== null)
        throw fail(`query ${id ?? ''} failed: ${describeQueryError(page.error)}`);
      columns ??= page.columns;
      if (page.data.length > 0) {
        if (columns === null) throw fail('the server sent rows before their columns');
        const width = columns.length;
        if (page.data.some((row) => row.length !== width)) {
          throw fail(`the server sent a row whose cells are not its ${width} columns`);
        }
        await onRows(columns, page.data);
        rows += page.data.length;
      }
      if (running === null) break;
      ask = { method: 'GET', url: running };
    }
  } catch (err) {
    if (running !== null) await cancel(running, headersFor, options);
    throw err;
  }
  return { id, rows, columns };
}

/** Tells the server to stop a query that will not be read to its end (best effort). */
async function cancel(
  nextUri: string,
  headersFor: (url: string) => Record<string, string>,
  options: TrinoRunOptions,
): Promise<void> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.min(options.timeoutMs, 5000));
  try {
    await fetch(nextUri, {
      method: 'DELETE',
      headers: headersFor(nextUri),
      signal: controller.signal,
    });
  } catch {
    // The query ends on the server anyway once nobody asks for its rows.
  } finally {
    clearTimeout(timer);
  }
}

function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname;
}

function bodyHint(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return '';
  return `: ${line.length > 120 ? `${line.slice(0, 120)}…` : line}`;
}
