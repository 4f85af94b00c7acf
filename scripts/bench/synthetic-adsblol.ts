/**
 * A synthetic adsb.lol day release for the benchmark: a GNU-style tar of `./traces/xx/trace_full_<hex>.json`
 * members (gzip level 9) with heatmap, acas and README members, cut by `split -b` into parts. Most
 * members are civil traces (their bodies drawn from a pool: they are never read, only skipped);
 * a few hundred are in the US military block (read by the selection), and some RC-135s in the
 * bundled table orbit over the Gulf of California (the missions).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export interface SyntheticDay {
  readonly members: number;
  readonly military: number;
  readonly missions: number;
  /** Seconds since the epoch of the day's 00:00 UTC. */
  readonly dayStartS: number;
}

/**
 * RC-135V/W Rivet Joints of the bundled table (plane-alert-db): each flies one orbit over the Gulf.
 * Not AE01D3: a TC-135W trainer (military-other), whose mission the default selection leaves out.
 */
const RC135 = ['ae01c7', 'ae01c5', 'ae01ce', 'ae01d1', 'ae01d2', 'ae01d0', 'ae01cb'];

export function header(name: string, size: number, type = '0', edit?: (h: Buffer) => void): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 'utf8');
  h.write(type === '5' ? '0000755\0' : '0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(size.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  h.write('14750000000\0', 136, 'latin1');
  h.write(type, 156, 'latin1');
  h.write('ustar  \0', 257, 'latin1');
  // Tests make odd headers: a field changed before the checksum is summed.
  edit?.(h);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return h;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A trace of `points` points, every `stepS` seconds (20 by default) from `fromS` after midnight,
 * around a centre, under a callsign (padded to 8 as readsb stores it).
 */
export function trace(
  hex: string,
  type: string,
  callsign: string,
  day: SyntheticDay,
  fromS: number,
  points: number,
  lat0: number,
  lon0: number,
  radiusDeg: number,
  stepS = 20,
  level = 9,
): Buffer {
  const pts = [];
  for (let i = 0; i < points; i += 1) {
    const a = (i / 90) * 2 * Math.PI;
    pts.push([
      fromS + i * stepS,
      +(lat0 + radiusDeg * Math.sin(a)).toFixed(5),
      +(lon0 + 1.4 * radiusDeg * Math.cos(a)).toFixed(5),
      30000,
      330,
      90,
      i === 0 ? 2 : 0,
      0,
      i % 4 === 0 ? { flight: callsign.padEnd(8), squawk: '4401' } : null,
      'adsb_icao',
      30100,
    ]);
  }
  const doc = {
    icao: hex,
    t: type,
    dbFlags: hex.startsWith('ae') ? 1 : 0,
    timestamp: day.dayStartS,
    trace: pts,
  };
  return gzipSync(JSON.stringify(doc), { level });
}

/**
 * Writes the day's tar to `file`; returns its size and the names of the members a selection of
 * the bundled table and military blocks reads (for the extracted reference).
 */
export function writeSyntheticDay(
  file: string,
  day: SyntheticDay,
): { bytes: number; selected: string[] } {
  const next = lcg(20250203);
  const fd = openSync(file, 'w');
  let bytes = 0;
  const put = (b: Buffer): void => {
    writeSync(fd, b);
    bytes += b.length;
  };
  const member = (name: string, body: Buffer): void => {
    put(header(name, body.length));
    put(body);
    const pad = (512 - (body.length % 512)) % 512;
    if (pad > 0) put(Buffer.alloc(pad));
  };
  const selected: string[] = [];
  put(header('./', 0, '5'));
  // Civil bodies drawn from a pool (never read: they are skipped by their name). 1,000-2,680 points
  // make 8.3 MB per 1,000 members, as adsb.lol's days (~2.5 GB for ~300,000 members): the bytes per
  // member decide the ratio to `cat`.
  // Each ends before midnight, as readsb writes a day's points only (start_of_day <= t < end).
  const pool = Array.from({ length: 64 }, (_, k) => {
    const points = 1000 + (k % 7) * 280;
    const fromS = Math.min(3600 * (k % 20), 86400 - points * 20);
    return trace('a00000', 'B738', `SWA${100 + k}`, day, fromS, points, 40, -90, 2);
  });
  const military = new Set<number>();
  while (military.size < day.military) military.add(0xae1000 + Math.floor(next() * 0x8000));
  const special = new Map<string, Buffer>();
  for (const [k, hex] of RC135.slice(0, day.missions).entries()) {
    // Six airframes, so six missions: four hours apart, each under its own callsign (one callsign
    // shared by consecutive sorties of one type within --gap is how sortie recognises one aircraft
    // changing address, and joins them), orbiting over the water along the Gulf's axis (NW-SE).
    const callsign = `HOMER${21 + k}`;
    const [lat, lon] = [24.5 + 0.6 * k, -109 - 0.5 * k];
    special.set(hex, trace(hex, 'R135', callsign, day, 3600 * 4 * k, 540, lat, lon, 0.3));
  }
  for (const [k, addr] of [...military].entries()) {
    const hex = addr.toString(16);
    special.set(hex, trace(hex, 'C17', `RCH${100 + k}`, day, 3600 * 10, 200, 38, -100, 3));
  }
  const civil = Math.max(0, day.members - special.size);
  const names: [string, Buffer][] = [];
  for (let i = 0; i < civil; i += 1) {
    const hex = (0xa00001 + Math.floor(next() * 0x0d0000)).toString(16);
    names.push([hex, pool[i % pool.length] as Buffer]);
  }
  for (const [hex, body] of special) names.push([hex, body]);
  // In tar -c order: by folder (last two hex digits), then name.
  names.sort((a, b) => (a[0].slice(-2) + a[0] < b[0].slice(-2) + b[0] ? -1 : 1));
  let folder = '';
  for (const [hex, body] of names) {
    if (hex.slice(-2) !== folder) {
      folder = hex.slice(-2);
      put(header(`./traces/${folder}/`, 0, '5'));
    }
    const name = `./traces/${folder}/trace_full_${hex}.json`;
    member(name, body);
    if (special.has(hex)) selected.push(name);
  }
  for (let k = 0; k < 48; k += 1)
    member(`./heatmap/${String(k).padStart(2, '0')}.bin.ttf`, gzipSync(Buffer.alloc(4096, k)));
  member('./acas/acas.csv.gz', gzipSync('time,hex\n'));
  member('./README.txt', Buffer.from('synthetic adsb.lol day for sortie bench\n'));
  member('./LICENSE-ODbL.txt', Buffer.from('ODbL\n'));
  put(Buffer.alloc(1024));
  const pad = (10240 - (bytes % 10240)) % 10240;
  if (pad > 0) put(Buffer.alloc(pad));
  closeSync(fd);
  return { bytes, selected };
}
