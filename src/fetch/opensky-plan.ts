/**
 * The network edge of planning an OpenSky dataset download: a HEAD request per hour gives the
 * file's size, or says the dataset has no such hour (S3 answers 403 for a key that is not there
 * when listing is not allowed, 404 when it is).
 */
import { requestText, type HttpOptions } from './http.js';
import { openskyHourFile, openskyHourUrl } from './opensky-dataset.js';
import type { RemoteFile } from './remote-file.js';

export interface HourFile {
  readonly hourMs: number;
  readonly file: RemoteFile | null;
  /** Why there is no file (null when there is one). */
  readonly missing: string | null;
}

/** HEAD requests at once: a few, to be a polite client of a public bucket. */
const AT_ONCE = 4;

async function headHour(baseUrl: string, hourMs: number, http: HttpOptions): Promise<HourFile> {
  const url = openskyHourUrl(baseUrl, hourMs);
  const res = await requestText(url, 'HEAD', http);
  if (res.status === 404 || res.status === 403 || res.status === 410) {
    return { hourMs, file: null, missing: `not in the dataset (HTTP ${res.status})` };
  }
  if (res.status !== 200) return { hourMs, file: null, missing: `HTTP ${res.status} from ${url}` };
  const length = res.headers.get('content-length');
  if (length === null || !/^\d+$/.test(length)) {
    return { hourMs, file: null, missing: `${url} gives no size (Content-Length)` };
  }
  return {
    hourMs,
    file: { name: openskyHourFile(hourMs), url, bytes: Number(length) },
    missing: null,
  };
}

export async function openskyHours(
  baseUrl: string,
  hoursMs: readonly number[],
  http: HttpOptions,
): Promise<HourFile[]> {
  const out: HourFile[] = new Array<HourFile>(hoursMs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < hoursMs.length) {
      const i = next;
      next += 1;
      out[i] = await headHour(baseUrl, hoursMs[i] as number, http);
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, hoursMs.length) }, worker));
  return out;
}
