/**
 * A seeded, synthetic global OpenSky state-vector dump for the benchmark: one snapshot of every
 * airborne aircraft every 10 s, written as the OpenSky dataset files are (16 columns, full-precision
 * floats, 8-character callsigns), about 1% of the aircraft near the Gulf of California, a few
 * surveillance aircraft from the bundled table (one orbiting in the Gulf), military transports
 * that are not surveillance aircraft, and the faults real dumps have (rows without a position,
 * stale rows, and a few malformed ones). Not real flight data. Another traffic mix (`--mix`: more
 * aircraft near the Gulf, in military blocks, low near sea level, or of the bundled table) writes
 * another file; the bench's own mix writes the same bytes as it always has.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { militaryRangeOf } from '../../src/aircraft/military-ranges.js';

export const OPENSKY_DATASET_HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact';

export interface SyntheticOptions {
  /** Hours of data; one hour is about 6.2 million rows and 1.06 GB. */
  readonly hours: number;
  readonly seed: number;
  /** Aircraft in every snapshot (a global hour holds about 17,000). */
  readonly aircraft: number;
  /** Hex addresses of the bundled registry, kept out of the civil and military fleets. */
  readonly registryHexes: ReadonlySet<string>;
  /** First snapshot, epoch seconds. */
  readonly startS: number;
  /** The traffic mix (the benchmark's own by default). */
  readonly mix?: TrafficMix;
  /**
   * Addresses of the bundled table that it identifies by itself (their rows are built, not
   * counted): the mix's `watched` aircraft are taken from these, evenly spread.
   */
  readonly watchedHexes?: readonly string[];
}

/**
 * The shares of the traffic the fast path treats differently: aircraft flying near the Gulf (rows
 * inside the coverage box), in military address blocks (coverage candidates), low over the ground
 * near sea level (altitudes around and below zero, which the kernel leaves to the general parser),
 * and aircraft of the bundled table flying anywhere (every row of theirs is built).
 */
export interface TrafficMix {
  /** Share of the aircraft flying inside the Gulf's box. */
  readonly gulf: number;
  /** Share of the aircraft with an address in the US military block (transports, tankers). */
  readonly military: number;
  /** Share of civil aircraft flying low near sea level (-61 to 244 m: some altitudes negative). */
  readonly low: number;
  /** Aircraft of the bundled table flying anywhere for the whole run, besides the four orbits. */
  readonly watched: number;
}

/** The benchmark's own mix: the figures in docs/performance.md are on it. */
export const BENCH_MIX: TrafficMix = { gulf: 0.01, military: 0.008, low: 0, watched: 0 };

/** Named mixes for `npm run bench -- --mix NAME` (or `--mix gulf=0.05,military=0.2,...`). */
export const NAMED_MIXES: Readonly<Record<string, TrafficMix>> = {
  bench: BENCH_MIX,
  // A fifth of the traffic in military blocks, five times the aircraft near the Gulf, and 60
  // aircraft of the bundled table in the air (a busy day of tankers, transports and patrols).
  'military-heavy': { gulf: 0.05, military: 0.2, low: 0, watched: 60 },
  // One aircraft in twenty low over the ground near sea level (approaches, helicopters, a high
  // pressure day's negative pressure altitudes).
  'low-altitude': { gulf: 0.01, military: 0.008, low: 0.05, watched: 0 },
  // All of the above at once.
  mixed: { gulf: 0.05, military: 0.2, low: 0.05, watched: 60 },
};

/**
 * A mix from its name or from `key=value` pairs (missing keys as in the bench's mix), or an error
 * message.
 */
export function parseMix(text: string): TrafficMix | string {
  const named = NAMED_MIXES[text];
  if (named !== undefined) return named;
  const mix: Record<string, number> = { ...BENCH_MIX };
  for (const pair of text.split(',')) {
    const [key, value] = pair.split('=');
    const n = Number(value);
    if (
      key === undefined ||
      !(key in BENCH_MIX) ||
      value === undefined ||
      !Number.isFinite(n) ||
      n < 0
    )
      return `--mix: expected one of ${Object.keys(NAMED_MIXES).join(', ')} or key=value pairs (${Object.keys(BENCH_MIX).join(', ')}), got "${text}"`;
    mix[key] = n;
  }
  const m = mix as unknown as TrafficMix;
  if (m.gulf + m.military + m.low > 1)
    return `--mix: the shares add up to more than 1 in "${text}"`;
  return m;
}

/** A short name of the mix for file names: empty for the bench's own. */
export function mixLabel(mix: TrafficMix): string {
  const name = Object.entries(NAMED_MIXES).find(([, m]) => sameMix(m, mix))?.[0];
  if (name === 'bench') return '';
  return name ?? `gulf${mix.gulf}-mil${mix.military}-low${mix.low}-w${mix.watched}`;
}

function sameMix(a: TrafficMix, b: TrafficMix): boolean {
  return (
    a.gulf === b.gulf && a.military === b.military && a.low === b.low && a.watched === b.watched
  );
}

export const DEFAULT_SYNTHETIC: Omit<SyntheticOptions, 'registryHexes'> = {
  hours: 1,
  seed: 20250203,
  aircraft: 17_200,
  startS: 1738540800, // 2025-02-03T00:00:00Z
};

/** Deterministic PRNG (mulberry32), so every machine writes the same bytes. */
function prng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = 'civil' | 'gulf' | 'military' | 'low' | 'watched';

interface Aircraft {
  kind: Kind;
  hex: string;
  callsign: string;
  lat: number;
  lon: number;
  /** Degrees per second. */
  dLat: number;
  dLon: number;
  altM: number;
  squawk: string;
}

/** A surveillance aircraft of the bundled table, flying a circle for part of the run. */
interface Orbit {
  readonly hex: string;
  readonly callsign: string;
  readonly lat: number;
  readonly lon: number;
  readonly radiusDeg: number;
  readonly periodS: number;
  readonly altM: number;
  /** Hours (from the start) during which it flies. */
  readonly fromH: number;
  readonly toH: number;
}

const ORBITS: readonly Orbit[] = [
  // RC-135V 64-14845 over the Gulf of California, as on 3 February 2025.
  {
    hex: 'ae01c7',
    callsign: 'JAKE21  ',
    lat: 27.2,
    lon: -111.2,
    radiusDeg: 0.5,
    periodS: 1500,
    altM: 10363.2,
    fromH: 0,
    toH: 6,
  },
  // P-8A in the southern Gulf.
  {
    hex: 'ae6881',
    callsign: 'PELICAN1',
    lat: 25.0,
    lon: -109.6,
    radiusDeg: 0.35,
    periodS: 1200,
    altM: 7620,
    fromH: 0,
    toH: 4,
  },
  // RC-135W over Romania and a U-2 over Korea: far from the region, every fix kept all the same.
  {
    hex: 'ae01cc',
    callsign: 'HOMER61 ',
    lat: 47.5,
    lon: 23.5,
    radiusDeg: 0.8,
    periodS: 2400,
    altM: 9753.6,
    fromH: 0,
    toH: 10,
  },
  {
    hex: 'ae0949',
    callsign: 'SNOOP01 ',
    lat: 37.4,
    lon: 127.4,
    radiusDeg: 0.6,
    periodS: 3000,
    altM: 21336,
    fromH: 2,
    toH: 9,
  },
];

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Writes the data set; returns the number of data rows written. */
export function writeSyntheticOpenSky(file: string, opts: SyntheticOptions): number {
  const rnd = prng(opts.seed);
  const mix = opts.mix ?? BENCH_MIX;
  // Cumulative shares, rounded so that the bench's mix draws exactly as it always has.
  const round9 = (x: number): number => Math.round(x * 1e9) / 1e9;
  const gulfBelow = mix.gulf;
  const militaryBelow = round9(mix.gulf + mix.military);
  const lowBelow = round9(mix.gulf + mix.military + mix.low);
  const pick = (n: number): number => Math.floor(rnd() * n);
  const used = new Set<string>();
  const newHex = (kind: Kind): string => {
    for (;;) {
      const addr =
        kind === 'military' ? 0xadf7c8 + pick(0xafffff - 0xadf7c8) : 0x010000 + pick(0xef0000);
      const hex = addr.toString(16).padStart(6, '0');
      if (used.has(hex) || opts.registryHexes.has(hex)) continue;
      if ((militaryRangeOf(hex) !== null) !== (kind === 'military')) continue;
      used.add(hex);
      return hex;
    }
  };
  const callsign = (kind: Kind): string => {
    if (rnd() < 0.05) return '';
    const prefix =
      kind === 'military'
        ? ['RCH', 'CNV', 'SAM', 'PAT'][pick(4)]!
        : LETTERS[pick(26)]! + LETTERS[pick(26)]! + LETTERS[pick(26)]!;
    return `${prefix}${100 + pick(9900)}`.padEnd(8, ' ');
  };
  const spawn = (): Aircraft => {
    const r = rnd();
    const kind: Kind =
      r < gulfBelow ? 'gulf' : r < militaryBelow ? 'military' : r < lowBelow ? 'low' : 'civil';
    const speedDegS = (0.5 + rnd() * 0.9) * 0.0025;
    const dir = rnd() * 2 * Math.PI;
    return {
      kind,
      hex: newHex(kind),
      callsign: callsign(kind),
      lat: kind === 'gulf' ? 21.5 + rnd() * 11 : -55 + rnd() * 125,
      lon: kind === 'gulf' ? -116 + rnd() * 11.5 : -180 + rnd() * 360,
      dLat: Math.cos(dir) * speedDegS,
      dLon: Math.sin(dir) * speedDegS,
      altM: kind === 'low' ? Math.round(rnd() * 40 - 8) * 7.62 : Math.round(rnd() * 1600) * 7.62,
      squawk: rnd() < 0.1 ? '' : String(pick(8)) + pick(8) + pick(8) + pick(8),
    };
  };
  const fleet: Aircraft[] = [];
  for (let i = 0; i < opts.aircraft; i += 1) fleet.push(spawn());
  // Aircraft of the bundled table, flying all along (drawn after the fleet, so that the bench's
  // mix, which has none, writes the same bytes as before there was a mix).
  const orbiting = new Set(ORBITS.map((o) => o.hex));
  const watchedHexes = (opts.watchedHexes ?? []).filter((h) => !orbiting.has(h.toLowerCase()));
  const watched: Aircraft[] = [];
  for (let i = 0; i < Math.min(mix.watched, watchedHexes.length); i += 1) {
    const hex = watchedHexes[Math.floor((i * watchedHexes.length) / mix.watched)] as string;
    watched.push({ ...spawn(), kind: 'watched', hex: hex.toLowerCase() });
  }

  const fd = openSync(file, 'w');
  let parts: string[] = [OPENSKY_DATASET_HEADER + '\n'];
  let rows = 0;
  const flush = (): void => {
    writeSync(fd, parts.join(''));
    parts = [];
  };
  const snapshots = opts.hours * 360;
  for (let s = 0; s < snapshots; s += 1) {
    const t = opts.startS + s * 10;
    // About 10% of the fleet lands and is replaced by a new aircraft every hour.
    for (let k = 0; k < opts.aircraft / 3600; k += 1) fleet[pick(fleet.length)] = spawn();
    for (const a of fleet) {
      move(a);
      parts.push(row(t, a));
      rows += 1;
    }
    for (const a of watched) {
      move(a);
      parts.push(row(t, a));
      rows += 1;
    }
    for (const o of ORBITS) {
      const h = (t - opts.startS) / 3600;
      if (h < o.fromH || h >= o.toH) continue;
      const angle = (2 * Math.PI * (t % o.periodS)) / o.periodS;
      const a: Aircraft = {
        kind: 'military',
        hex: o.hex,
        callsign: o.callsign,
        lat: o.lat + o.radiusDeg * Math.sin(angle),
        lon: o.lon + (o.radiusDeg * Math.cos(angle)) / Math.cos((o.lat * Math.PI) / 180),
        dLat: 0.002 * Math.cos(angle),
        dLon: -0.002 * Math.sin(angle),
        altM: o.altM,
        squawk: '',
      };
      parts.push(row(t, a));
      rows += 1;
    }
    if (parts.length > 20_000) flush();
  }
  flush();
  closeSync(fd);
  return rows;

  function move(a: Aircraft): void {
    a.lat += a.dLat * 10;
    a.lon += a.dLon * 10;
    const [south, north, west, east] =
      a.kind === 'gulf' ? [21.5, 32.5, -116, -104.5] : [-60, 75, -180, 180];
    if (a.lat < south || a.lat > north) {
      a.dLat = -a.dLat;
      a.lat = Math.min(north, Math.max(south, a.lat));
    }
    if (a.kind === 'gulf' && (a.lon < west || a.lon > east)) {
      a.dLon = -a.dLon;
      a.lon = Math.min(east, Math.max(west, a.lon));
    } else if (a.lon > 180) a.lon -= 360;
    else if (a.lon < -180) a.lon += 360;
  }

  function row(t: number, a: Aircraft): string {
    const r = rnd();
    const lastContact = r < 0.02 ? t - 16 - rnd() * 280 : t - rnd() * 1.5;
    const lastPos = lastContact - rnd() * 2;
    const noPosition = r > 0.97;
    // Positions are float32 in OpenSky, written back as doubles.
    const lat = noPosition ? '' : String(Math.fround(a.lat));
    const lon = noPosition ? '' : String(Math.fround(a.lon));
    const mps = Math.hypot(a.dLat, a.dLon) * 111_320;
    const heading = ((Math.atan2(a.dLon, a.dLat) * 180) / Math.PI + 360) % 360;
    const vert = (Math.round((rnd() - 0.5) * 20) * 32512) / 100_000;
    const baro = a.altM.toFixed(2).replace(/\.?0+$/, '');
    const geo = (a.altM + Math.round(rnd() * 20) * 7.62).toFixed(2).replace(/\.?0+$/, '');
    let line = `${t},${a.hex},${lat},${lon},${mps},${heading},${vert},${a.callsign},false,false,false,${a.squawk},${baro},${geo},${lastPos.toFixed(3)},${lastContact.toFixed(3)}\n`;
    const fault = rnd();
    if (fault < 0.00001) line = line.slice(0, line.indexOf(',', 40)) + '\n';
    else if (fault < 0.000012) line = line.replace(a.hex, 'zz' + a.hex.slice(2));
    else if (fault < 0.000013) line = line.replace(`${t},`, `${t}.5.1,`);
    else if (fault < 0.000014 && lat !== '') line = line.replace(`,${lat},`, ',95.5,');
    return line;
  }
}
