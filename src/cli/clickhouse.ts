/**
 * The network edge of the database path: ClickHouse's HTTP interface over Node's own fetch. Every
 * failure becomes one DbFailure naming the server (never its credentials): connection refused, a
 * wrong password, a timeout, an error ClickHouse appended to a streamed answer, a connection that
 * dropped mid-answer. What the answers mean is read in src/db/.
 */
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { DbQueryError, bodyLines, errorOfText } from '../db/lines.js';
import { isLoopback, maskSecrets, type DbServer } from '../db/server.js';

const gzipAsync = promisify(gzip);

/** Settings sent with every request: what both 18.16 and current servers read the same way. */
const SETTINGS: Readonly<Record<string, string>> = {
  output_format_json_quote_64bit_integers: '0',
  // The IN lists of watched addresses can be long.
  max_query_size: String(16 << 20),
};

/** A request that failed for good: the message names the server and the reason, nothing secret. */
export class DbFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DbFailure';
  }
}

export interface DbClient {
  readonly server: DbServer;
  /** Runs a statement and returns its whole answer. */
  text(sql: string): Promise<string>;
  /** Runs a query and hands its answer on line by line as it streams in. */
  lines(sql: string): AsyncGenerator<string>;
  /** Sends rows (`body`, in the format the statement names): gzipped unless the server is on loopback. */
  insert(statement: string, body: Uint8Array, settings?: Record<string, string>): Promise<void>;
}

export interface DbClientOptions {
  /** A request that gets no answer or no bytes for this long is given up. */
  readonly timeoutMs: number;
  /** Whether inserts are gzipped; by default, unless the server is on loopback. */
  readonly gzip?: boolean;
}

const AUTH_CODES = new Set([192, 193, 194, 516]);

export function clickHouseClient(server: DbServer, options: DbClientOptions): DbClient {
  const headers: Record<string, string> = {};
  if (server.user !== null || server.password !== null) {
    const token = Buffer.from(`${server.user ?? 'default'}:${server.password ?? ''}`).toString(
      'base64',
    );
    headers['Authorization'] = `Basic ${token}`;
  }
  const compress = options.gzip ?? !isLoopback(server.origin);
  const fail = (reason: string): DbFailure =>
    new DbFailure(maskSecrets(`${server.shown}: ${reason}`, server));

  const urlOf = (extra: Record<string, string>): string => {
    const params = new URLSearchParams({ database: server.database, ...SETTINGS, ...extra });
    return `${server.origin}/?${params.toString()}`;
  };

  /** Describes a failure of fetch or of reading its body. */
  const reasonOf = (err: unknown, timedOut: boolean): string => {
    if (timedOut) return `no answer for ${options.timeoutMs / 1000} s (query timed out)`;
    if (err instanceof DbQueryError) return describeQueryError(err);
    const e = err as { message?: string; cause?: { code?: string; message?: string } };
    const code = e.cause?.code;
    if (code === 'ECONNREFUSED') return 'connection refused (is the server running?)';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || e.message === 'terminated') {
      return 'the server closed the connection in the middle of an answer';
    }
    return e.cause?.message ?? e.message ?? String(err);
  };

  async function request(
    url: string,
    body: Uint8Array | string,
    extraHeaders: Record<string, string>,
  ): Promise<{ response: Response; controller: AbortController; guard: Stall }> {
    const controller = new AbortController();
    const guard = stall(controller, options.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { ...headers, ...extraHeaders },
        body,
        signal: controller.signal,
      });
    } catch (err) {
      guard.stop();
      throw fail(reasonOf(err, guard.fired));
    }
    if (response.status !== 200) {
      let text = '';
      try {
        text = await response.text();
      } catch (err) {
        guard.stop();
        throw fail(reasonOf(err, guard.fired));
      }
      guard.stop();
      const error = errorOfText(text);
      if (response.status === 401 || response.status === 403 || AUTH_CODES.has(error.code ?? -1)) {
        throw fail(
          `authentication failed (check the user and password: ${describeQueryError(error)})`,
        );
      }
      throw fail(`HTTP ${response.status}: ${describeQueryError(error)}`);
    }
    return { response, controller, guard };
  }

  async function* lines(sql: string): AsyncGenerator<string> {
    const { response, guard } = await request(urlOf({}), sql, {});
    const body = response.body;
    if (body === null) {
      guard.stop();
      return;
    }
    const touched = async function* (): AsyncGenerator<Uint8Array> {
      for await (const chunk of body as AsyncIterable<Uint8Array>) {
        guard.touch();
        yield chunk;
      }
    };
    try {
      for await (const line of bodyLines(touched())) yield line;
    } catch (err) {
      throw fail(reasonOf(err, guard.fired));
    } finally {
      guard.stop();
    }
  }

  return {
    server,
    async text(sql) {
      const out: string[] = [];
      for await (const line of lines(sql)) out.push(line);
      return out.join('\n');
    },
    lines,
    async insert(statement, body, settings = {}) {
      const packed = compress ? await gzipAsync(body, { level: 1 }) : body;
      const { response, guard } = await request(
        urlOf({ query: statement, ...settings }),
        packed,
        compress ? { 'Content-Encoding': 'gzip' } : {},
      );
      try {
        const text = await response.text();
        if (text.split('\n').some((l) => l.startsWith('Code: '))) {
          throw fail(describeQueryError(errorOfText(text.slice(text.indexOf('Code: ')))));
        }
      } catch (err) {
        if (err instanceof DbFailure) throw err;
        throw fail(reasonOf(err, guard.fired));
      } finally {
        guard.stop();
      }
    },
  };
}

function describeQueryError(err: DbQueryError): string {
  if (err.code === 159) return `query timed out on the server (${err.message})`;
  return err.message === '' ? 'error without a message' : err.message;
}

interface Stall {
  readonly fired: boolean;
  touch(): void;
  stop(): void;
}

/** Aborts `controller` after `ms` without a `touch`. */
function stall(controller: AbortController, ms: number): Stall {
  let fired = false;
  const fire = (): void => {
    fired = true;
    controller.abort(new Error('timed out'));
  };
  let timer = setTimeout(fire, ms);
  return {
    get fired() {
      return fired;
    },
    touch() {
      clearTimeout(timer);
      timer = setTimeout(fire, ms);
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
