/**
 * Loopback stand-ins for the archives `sortie fetch` downloads: generated tars of adsb.lol's and
 * OpenSky's shape, a fake GitHub releases API, and a file server that honours Range and can
 * misbehave on purpose (drop the connection, serve a cut file, ignore Range, answer 404).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { mulberry32 } from '../src/seeded-random.js';

/** A plain ustar archive of `entries`, padded to GNU tar's 10240-byte records. */
export function makeTar(entries: readonly { name: string; data: Buffer }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(e.data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('14751627000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, e.data, Buffer.alloc((512 - (e.data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  const body = Buffer.concat(blocks);
  return Buffer.concat([body, Buffer.alloc((10240 - (body.length % 10240)) % 10240)]);
}

/** A day tar of adsb.lol's layout: gzip-compressed `trace_full_<hex>.json` members. */
export function dayTar(dayText: string, aircraft: number, seed: number): Buffer {
  const random = mulberry32(seed);
  const timestamp = Date.parse(`${dayText}T00:00:00Z`) / 1000;
  const entries = [{ name: './README.txt', data: Buffer.from(`globe_history ${dayText}\n`) }];
  for (let i = 0; i < aircraft; i += 1) {
    const hex = Math.floor(random() * 0xffffff)
      .toString(16)
      .padStart(6, '0');
    const trace = [];
    for (let k = 0; k < 400; k += 1) {
      trace.push([
        k * 20,
        25 + random() * 5,
        -112 + random() * 4,
        Math.round(random() * 30000),
        300,
        90,
        0,
        0,
        null,
      ]);
    }
    const json = JSON.stringify({ icao: hex, timestamp, trace });
    entries.push({
      name: `./traces/${hex.slice(-2)}/trace_full_${hex}.json`,
      data: gzipSync(json, { level: 9 }),
    });
  }
  return makeTar(entries);
}

/** An OpenSky dataset hour: a tar holding the hour's `.csv.gz` and a README. */
export function openskyHourTar(hourText: string, rows: number): Buffer {
  const start = Date.parse(`${hourText.slice(0, 10)}T${hourText.slice(11)}:00:00Z`) / 1000;
  const lines = [
    'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact',
  ];
  for (let i = 0; i < rows; i += 1) {
    lines.push(
      `${start + i},ae01c7,27.${i % 100},-111.${i % 97},200,90,0,JAKE21,false,false,false,4000,9000,9100,${start + i},${start + i}`,
    );
  }
  return makeTar([
    { name: `states_${hourText}.csv.gz`, data: gzipSync(lines.join('\n') + '\n') },
    { name: 'README.txt', data: Buffer.from('OpenSky data sample\n') },
  ]);
}

/** The pieces `split -b` makes of `whole`, named with its suffixes. */
export function splitParts(
  name: string,
  whole: Buffer,
  partBytes: number,
): { name: string; data: Buffer }[] {
  const parts = [];
  for (let i = 0, n = 0; i < whole.length; i += partBytes, n += 1) {
    const suffix = String.fromCharCode(97 + Math.floor(n / 26), 97 + (n % 26));
    parts.push({ name: `${name}.${suffix}`, data: whole.subarray(i, i + partBytes) });
  }
  return parts;
}

export type Misbehaviour =
  /** The first GET sends half of what it promised, then closes the connection. */
  | 'drop-once'
  /** Every GET closes the connection before answering. */
  | 'always-drop'
  /** Serves only the first `servedBytes`, with a matching Content-Length (a cut upload). */
  | 'cut'
  /** Answers every GET with 200 and the whole file, whatever Range asks. */
  | 'ignore-range'
  | 'missing';

export interface ServedFile {
  readonly data: Buffer;
  readonly misbehave?: Misbehaviour;
  readonly servedBytes?: number;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly range: string | null;
}

/** The fake server: files by path, JSON pages by path (with an optional Link to the next). */
export class LoopbackServer {
  readonly files = new Map<string, ServedFile>();
  readonly pages = new Map<string, { json: unknown; next?: string }>();
  /** Paths answered 302 to another path of this server. */
  readonly redirects = new Map<string, string>();
  readonly log: LoggedRequest[] = [];
  private readonly server: Server;
  private readonly gets = new Map<string, number>();
  url = '';

  constructor() {
    this.server = createServer((req, res) => this.answer(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** GETs of files whose path ends with `suffix`. */
  getsOf(suffix: string): LoggedRequest[] {
    return this.log.filter((r) => r.method === 'GET' && r.path.endsWith(suffix));
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const key = url.pathname + url.search;
    const range = req.headers.range ?? null;
    this.log.push({ method: req.method ?? '', path: key, range });
    const page = this.pages.get(key);
    if (page !== undefined) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (page.next !== undefined) headers.Link = `<${this.url}${page.next}>; rel="next"`;
      res.writeHead(200, headers).end(JSON.stringify(page.json));
      return;
    }
    const to = this.redirects.get(url.pathname);
    if (to !== undefined) {
      res.writeHead(302, { Location: `${this.url}${to}` }).end();
      return;
    }
    const file = this.files.get(url.pathname);
    if (file === undefined || file.misbehave === 'missing') {
      res.writeHead(404).end('Not Found');
      return;
    }
    const data = file.misbehave === 'cut' ? file.data.subarray(0, file.servedBytes) : file.data;
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'Content-Length': data.length, 'Accept-Ranges': 'bytes' }).end();
      return;
    }
    const n = (this.gets.get(key) ?? 0) + 1;
    this.gets.set(key, n);
    const m = /^bytes=(\d+)-$/.exec(range ?? '');
    let status = 200;
    let body = data;
    const headers: Record<string, string | number> = { 'Accept-Ranges': 'bytes' };
    if (m !== null && file.misbehave !== 'ignore-range') {
      const from = Number(m[1]);
      if (from >= data.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${data.length}` }).end();
        return;
      }
      status = 206;
      body = data.subarray(from);
      headers['Content-Range'] = `bytes ${from}-${data.length - 1}/${data.length}`;
    }
    headers['Content-Length'] = body.length;
    res.writeHead(status, headers);
    if (file.misbehave === 'always-drop') {
      res.socket?.destroy();
      return;
    }
    if (file.misbehave === 'drop-once' && n === 1) {
      // Half the promised bytes, then a clean close (FIN, not RST, so none of them is lost).
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.end());
      return;
    }
    res.end(body);
  }
}

/** A release asset: listed with `data`'s size, served as `misbehave` says. */
export interface Asset extends ServedFile {
  readonly name: string;
}

/** A release as GitHub's API lists it, its assets served by `server` under /download/<tag>/. */
export function apiRelease(server: LoopbackServer, tag: string, assets: readonly Asset[]) {
  for (const a of assets) server.files.set(`/download/${tag}/${a.name}`, a);
  return {
    tag_name: tag,
    name: tag,
    draft: false,
    prerelease: false,
    body: '```\nREADME\n```',
    assets: assets.map((a) => ({
      name: a.name,
      size: a.data.length,
      browser_download_url: `${server.url}/download/${tag}/${a.name}`,
    })),
  };
}
