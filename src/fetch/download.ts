/**
 * The disk-and-network edge of fetching one file: download to `<name>.part`, resume after the
 * bytes already there (HTTP Range), check the size against the listing, and rename to `<name>`
 * only when whole. A dropped connection resumes from the byte reached, up to the retry limit;
 * a run cut short leaves the `.part` file for the next run to continue.
 */
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { failureText, formatWait, sleep, stallGuard, type HttpOptions } from './http.js';
import { PART_SUFFIX } from './local-state.js';
import type { RemoteFile } from './remote-file.js';
import { backoffMs, decide } from './response.js';

export type DownloadOutcome =
  | { readonly kind: 'fetched'; readonly resumedAtBytes: number; readonly drops: number }
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
  const startBytes = (await fileBytes(partPath)) ?? 0;
  const resumedAtBytes = startBytes <= file.bytes ? startBytes : 0;
  let failures = 0;
  let drops = 0;
  const giveUpOrWait = async (reason: string, haveBytes: number): Promise<string | null> => {
    if (failures > http.retries) {
      return `${file.name}: ${reason} at byte ${haveBytes} of ${file.bytes}, ${failures} times in a row; run the command again to resume (the ${PART_SUFFIX} file is kept)`;
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
      return { kind: 'fetched', resumedAtBytes, drops };
    }
    const controller = new AbortController();
    const guard = stallGuard(controller, http.stallMs);
    const headers =
      haveBytes > 0 ? { ...http.headers, Range: `bytes=${haveBytes}-` } : http.headers;
    let reason: string | null = null;
    try {
      const res = await fetch(file.url, { headers, signal: controller.signal });
      const decision = decide(
        {
          status: res.status,
          contentRange: res.headers.get('content-range'),
          contentLength: res.headers.get('content-length'),
        },
        file.bytes,
        haveBytes,
      );
      if (decision.kind !== 'append' && decision.kind !== 'restart') {
        await res.body?.cancel().catch(() => undefined);
      }
      switch (decision.kind) {
        case 'missing':
          return { kind: 'missing', reason: `HTTP ${res.status}` };
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
          let written = from;
          const count = new Transform({
            transform(chunk: Buffer, _enc, done) {
              guard.touch();
              written += chunk.length;
              onBytes(written);
              done(null, chunk);
            },
          });
          try {
            if (res.body === null) throw new Error('an answer without a body');
            await pipeline(
              Readable.fromWeb(res.body as unknown as NodeWebStream<Uint8Array>),
              count,
              createWriteStream(partPath, { flags: from === 0 ? 'w' : 'a' }),
            );
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
          drops += 1;
          failures = nowBytes > haveBytes ? 1 : failures + 1;
          haveBytes = nowBytes;
        }
      }
    } catch (err) {
      failures += 1;
      reason = `request failed (${failureText(controller.signal.aborted ? controller.signal.reason : err)})`;
    } finally {
      guard.stop();
    }
    const end = await giveUpOrWait(reason ?? 'failed', haveBytes);
    if (end !== null) return { kind: 'failed', message: end };
  }
}
