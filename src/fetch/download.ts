/**
 * The disk-and-network edge of fetching one file: download to `<name>.part`, resume after the
 * bytes already there (HTTP Range), check the size against the listing, and rename to `<name>`
 * only when whole. A dropped connection resumes from the byte reached, up to the retry limit;
 * a run cut short leaves the `.part` file for the next run to continue.
 */
import { ftruncateSync, promises as fs, writeSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import path from 'node:path';
import {
  failureText,
  lastingFailure,
  formatWait,
  sleep,
  stallGuard,
  type HttpOptions,
} from './http.js';
import { PART_SUFFIX } from './local-state.js';
import type { RemoteFile } from './remote-file.js';
import { backoffMs, decide } from './response.js';

export type DownloadOutcome =
  | { readonly kind: 'fetched' }
  | { readonly kind: 'missing'; readonly reason: string }
  | { readonly kind: 'failed'; readonly message: string };

/** The size of a regular file, or null when there is none. */
export async function fileBytes(file: string): Promise<number | null> {
  try {
    const s = await fs.stat(file);
    return s.isFile() ? s.size : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

const REDIRECTS = [301, 302, 303, 307, 308];
const MAX_REDIRECTS = 5;

/**
 * A GET through node:http(s), following redirects (GitHub's download URLs answer 302 to a storage
 * host). node:http rather than fetch: fetch's body stream throws away the bytes it has queued when
 * the connection drops, so the bytes received and the bytes written would differ.
 */
async function getFollowingRedirects(
  url: string,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  let at = url;
  for (let hop = 0; ; hop += 1) {
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const get = at.startsWith('https:') ? httpsGet : httpGet;
      get(at, { headers, signal }, resolve).on('error', reject);
    });
    const location = res.headers.location;
    if (!REDIRECTS.includes(res.statusCode ?? 0) || location === undefined) return res;
    res.resume();
    if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects from ${url}`);
    at = new URL(location, at).href;
  }
}

/**
 * Appends the answer's body to the open file `fd`, each chunk written as it arrives and before
 * the next event: nothing is queued, so when the connection drops every byte received is on disk
 * and the next request asks from there. Resolves at the end of the body; rejects when it is cut.
 */
function appendBody(
  res: IncomingMessage,
  fd: number,
  fromBytes: number,
  onWritten: (bytes: number) => void,
): Promise<void> {
  let written = fromBytes;
  return new Promise<void>((resolve, reject) => {
    res.on('data', (chunk: Buffer) => {
      try {
        // Synchronous: a 64 kB write to the page cache takes microseconds, and an
        // asynchronous one would have to pause the answer, which buffers (and loses) bytes.
        writeSync(fd, chunk);
      } catch (err) {
        res.destroy(err as Error);
        return;
      }
      written += chunk.length;
      onWritten(written);
    });
    res.on('end', resolve);
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete) reject(new Error('the connection closed before the end'));
    });
  });
}

/** Flushes the whole `.part` file to disk and gives it its final name. */
async function complete(partPath: string, finalPath: string): Promise<void> {
  const handle = await fs.open(partPath, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(partPath, finalPath);
}

/**
 * Downloads `file` into `dir`. `onBytes` is told the bytes of the file on disk as they grow (and
 * when a restart drops them).
 */
export async function downloadFile(
  file: RemoteFile,
  dir: string,
  http: HttpOptions,
  onBytes: (haveBytes: number) => void,
): Promise<DownloadOutcome> {
  const finalPath = path.join(dir, file.name);
  const partPath = finalPath + PART_SUFFIX;
  /** Failed attempts since bytes last arrived. */
  let failures = 0;
  const giveUpOrWait = async (reason: string, haveBytes: number): Promise<string | null> => {
    if (failures > http.retries) {
      return `${file.name}: ${reason} at byte ${haveBytes} of ${file.bytes}, ${failures} times in a row; run the command again to ${haveBytes > 0 ? `resume (the ${PART_SUFFIX} file is kept)` : 'try later'}`;
    }
    const waitMs = backoffMs(failures, http.retryBaseMs);
    http.onRetry(
      `${file.name}: ${reason} at byte ${haveBytes} of ${file.bytes}; resuming in ${formatWait(waitMs)}`,
    );
    await sleep(waitMs);
    return null;
  };
  for (;;) {
    let haveBytes = (await fileBytes(partPath)) ?? 0;
    if (haveBytes > file.bytes) {
      await fs.rm(partPath, { force: true });
      haveBytes = 0;
    }
    onBytes(haveBytes);
    if (haveBytes === file.bytes) {
      await complete(partPath, finalPath);
      return { kind: 'fetched' };
    }
    const controller = new AbortController();
    const guard = stallGuard(controller, http.stallMs);
    const headers =
      haveBytes > 0 ? { ...http.headers, Range: `bytes=${haveBytes}-` } : http.headers;
    let reason: string | null = null;
    let lasting = false;
    // Opened before asking: between the answer and its listeners there must be no wait, or a
    // connection closing meanwhile goes unseen (and its bytes are lost).
    const part = await fs.open(partPath, 'a');
    try {
      const res = await getFollowingRedirects(file.url, headers, controller.signal);
      const status = res.statusCode ?? 0;
      const decision = decide(
        {
          status,
          contentRange: res.headers['content-range'] ?? null,
          contentLength: res.headers['content-length'] ?? null,
        },
        file.bytes,
        haveBytes,
      );
      if (decision.kind !== 'append' && decision.kind !== 'restart') res.resume();
      switch (decision.kind) {
        case 'missing':
          return { kind: 'missing', reason: `HTTP ${status}` };
        case 'mismatch':
          await fs.rm(partPath, { force: true });
          return {
            kind: 'failed',
            message: `${file.name}: the server has ${decision.serverBytes} bytes, the listing says ${file.bytes}: a cut or replaced upload; nothing kept`,
          };
        case 'fail':
          return { kind: 'failed', message: `${file.name}: ${decision.reason} from ${file.url}` };
        case 'start over':
          await fs.rm(partPath, { force: true });
          failures += 1;
          reason = 'the server refused the range asked for';
          break;
        case 'retry':
          failures += 1;
          reason = decision.reason;
          break;
        default: {
          const from = decision.kind === 'append' ? haveBytes : 0;
          if (from === 0) onBytes(0);
          // O_APPEND: after truncating, writes start again at byte 0.
          if (from === 0) ftruncateSync(part.fd, 0);
          try {
            await appendBody(res, part.fd, from, (written) => {
              guard.touch();
              onBytes(written);
            });
          } catch (err) {
            reason = `connection dropped (${failureText(controller.signal.aborted ? controller.signal.reason : err)})`;
          }
          const nowBytes = (await fileBytes(partPath)) ?? 0;
          if (nowBytes > file.bytes) {
            await fs.rm(partPath, { force: true });
            return {
              kind: 'failed',
              message: `${file.name}: the server sent more than the ${file.bytes} bytes the listing says: a replaced upload; nothing kept`,
            };
          }
          if (nowBytes === file.bytes) continue;
          reason ??= 'the answer ended early';
          failures = nowBytes > haveBytes ? 1 : failures + 1;
          haveBytes = nowBytes;
        }
      }
    } catch (err) {
      failures += 1;
      reason = `request failed (${failureText(controller.signal.aborted ? controller.signal.reason : err)})`;
      // Not tried again: it would fail the same way, each wait longer.
      lasting = !controller.signal.aborted && lastingFailure(err);
    } finally {
      guard.stop();
      await part.close();
      // A .part this attempt made and left empty (a 404, an error before any byte) goes.
      if (haveBytes === 0 && (await fileBytes(partPath)) === 0)
        await fs.rm(partPath, { force: true });
    }
    if (lasting) return { kind: 'failed', message: `${file.name}: ${reason ?? 'failed'}` };
    const end = await giveUpOrWait(reason ?? 'failed', haveBytes);
    if (end !== null) return { kind: 'failed', message: end };
  }
}
