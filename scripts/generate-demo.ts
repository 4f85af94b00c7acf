/**
 * generate-demo: writes a small, deterministic, clearly SIMULATED demo dataset for `sortie`.
 *
 * It reproduces the publicly reported pattern of early 2025 (about one US ISR mission a month
 * over the Gulf of California for a year, then 18 missions in the two weeks 27 Jan – 9 Feb 2025)
 * as synthetic ADS-B exports in three real formats: OpenSky state-vector CSV (monthly files,
 * some gzipped), readsb globe_history `trace_full_<hex>.json` (some gzipped under a `.json`
 * name) and a FlightRadar24 per-flight CSV. Negatives (airliners, non-ISR military, ISR outside
 * the region, a short clip of the region) and data faults (malformed rows, an outlier fix, a
 * coverage hole, a mission present in two formats) are included on purpose.
 *
 * Nothing here is real flight data. Hex codes, registrations and types of the military aircraft
 * are real public identifiers (plane-alert-db / tar1090-db), used only to exercise identification.
 *
 * Usage: node dist/scripts/generate-demo.js [outDir] [--region <geojson>]
 *   outDir defaults to fixtures/demo. The generated files there (opensky/, readsb/, fr24/,
 *   README.md) are deleted and rewritten; nothing else in outDir is touched.
 *   --region overrides the region file; otherwise the first readable of data/*.geojson and
 *   ../shared/geo/gulf-of-california.proposed.geojson holding feature `gulf-of-california-iho`.
 *
 * Deterministic: a seeded PRNG (mulberry32) drives all randomness; no clock is read. Before
 * writing, the generator checks its own promises against the region polygon (own ray-casting
 * test) and refuses to write a dataset that breaks them.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { mulberry32 } from '../src/seeded-random.js';

// ---------------------------------------------------------------------------------------------
// Constants

const SEED = 20250203;
const REGION_ID = 'gulf-of-california-iho';
const BASELINE_FROM = '2024-02-01';
const BASELINE_TO = '2025-01-27'; // exclusive; also the start of the surge window
const SURGE_TO = '2025-02-10'; // exclusive
const DEFAULT_MIN_DWELL_MIN = 10;
const DEFAULT_GAP_MIN = 120;
const OUTLIER_SPEED_KT = 1200;
const TOLERANCE_KM = 5; // a pipeline may count points within ~5 km of the polygon (GEO.md §3)
const STATION_MARGIN_KM = 3; // station (orbit) points must be at least this far inside
const OUTSIDE_MARGIN_KM = 25; // "must stay outside" negatives keep at least this distance
const GZIP_OVER_BYTES = 100_000; // OpenSky monthly files larger than this are gzipped
const MAX_TOTAL_BYTES = 1_500_000;

const KT_TO_MS = 0.514444;
const FT_TO_M = 0.3048;
const EARTH_KM = 6371.0088;

// ---------------------------------------------------------------------------------------------
// Small utilities

/** Indexed access that fails loudly instead of returning undefined. */
function at<T>(arr: readonly T[], i: number): T {
  const v = arr[i];
  if (v === undefined) throw new Error(`index ${i} out of range (length ${arr.length})`);
  return v;
}

function assert(cond: boolean, message: string): asserts cond {
  if (!cond) throw new Error(`demo dataset check failed: ${message}`);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function epoch(iso: string): number {
  const ms = Date.parse(iso.endsWith('Z') ? iso : `${iso}Z`);
  if (Number.isNaN(ms)) throw new Error(`bad date ${iso}`);
  return ms / 1000;
}

function isoSeconds(t: number): string {
  return new Date(Math.floor(t) * 1000).toISOString().slice(0, 19) + 'Z';
}

function isoMinutes(t: number): string {
  return new Date(Math.round(t / 60) * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

function utcDate(t: number): string {
  return new Date(Math.floor(t) * 1000).toISOString().slice(0, 10);
}

function utcMonth(t: number): string {
  return utcDate(t).slice(0, 7);
}

function pad8(callsign: string): string {
  return callsign.padEnd(8, ' ');
}

function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32) with per-flight streams

interface Rng {
  next(): number;
  uniform(lo: number, hi: number): number;
  normal(sd: number): number;
  int(lo: number, hiInclusive: number): number;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function makeRng(stream: string): Rng {
  const next = mulberry32((fnv1a(stream) ^ SEED) >>> 0);
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal: (sd) => {
      const u = Math.max(next(), 1e-12);
      return sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
  };
}

// ---------------------------------------------------------------------------------------------
// Spherical geometry (WGS84 treated as a sphere; fine at these scales)

type LatLon = readonly [lat: number, lon: number];

const rad = (d: number): number => (d * Math.PI) / 180;
const deg = (r: number): number => (r * 180) / Math.PI;

function distanceKm(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const dLat = rad(bLat - aLat);
  const dLon = rad(bLon - aLon);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(aLat)) * Math.cos(rad(bLat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function bearingDeg(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const y = Math.sin(rad(bLon - aLon)) * Math.cos(rad(bLat));
  const x =
    Math.cos(rad(aLat)) * Math.sin(rad(bLat)) -
    Math.sin(rad(aLat)) * Math.cos(rad(bLat)) * Math.cos(rad(bLon - aLon));
  return (deg(Math.atan2(y, x)) + 360) % 360;
}

function destination(lat: number, lon: number, brgDeg: number, km: number): LatLon {
  const d = km / EARTH_KM;
  const b = rad(brgDeg);
  const la1 = rad(lat);
  const la2 = Math.asin(Math.sin(la1) * Math.cos(d) + Math.cos(la1) * Math.sin(d) * Math.cos(b));
  const lo2 =
    rad(lon) +
    Math.atan2(
      Math.sin(b) * Math.sin(d) * Math.cos(la1),
      Math.cos(d) - Math.sin(la1) * Math.sin(la2),
    );
  return [deg(la2), ((deg(lo2) + 540) % 360) - 180];
}

/** Points along the great circle a→b at the given fractions (slerp). */
function greatCirclePoints(a: LatLon, b: LatLon, fractions: readonly number[]): LatLon[] {
  const toVec = (p: LatLon): [number, number, number] => [
    Math.cos(rad(p[0])) * Math.cos(rad(p[1])),
    Math.cos(rad(p[0])) * Math.sin(rad(p[1])),
    Math.sin(rad(p[0])),
  ];
  const va = toVec(a);
  const vb = toVec(b);
  const omega = Math.acos(clamp(va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2], -1, 1));
  return fractions.map((f) => {
    const s1 = Math.sin((1 - f) * omega) / Math.sin(omega);
    const s2 = Math.sin(f * omega) / Math.sin(omega);
    const x = s1 * va[0] + s2 * vb[0];
    const y = s1 * va[1] + s2 * vb[1];
    const z = s1 * va[2] + s2 * vb[2];
    return [deg(Math.atan2(z, Math.hypot(x, y))), deg(Math.atan2(y, x))] as const;
  });
}

// ---------------------------------------------------------------------------------------------
// Region: load the polygon and test points with our own ray casting

interface Region {
  source: string;
  rings: Array<Array<readonly [number, number]>>; // [lon, lat]; first is the exterior
  bbox: readonly [minLon: number, minLat: number, maxLon: number, maxLat: number];
}

function ringFromJson(raw: unknown): Array<readonly [number, number]> {
  if (!Array.isArray(raw)) throw new Error('polygon ring is not an array');
  return raw.map((p: unknown) => {
    if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
      throw new Error('bad polygon coordinate');
    }
    return [p[0], p[1]] as const;
  });
}

function findRegionFeature(file: string): Region | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const features = (parsed as { features?: unknown }).features;
  if (!Array.isArray(features)) return undefined;
  for (const f of features as Array<{
    id?: unknown;
    properties?: { id?: unknown };
    geometry?: { type?: unknown; coordinates?: unknown };
  }>) {
    if (f.properties?.id !== REGION_ID && f.id !== REGION_ID) continue;
    if (f.geometry?.type !== 'Polygon' || !Array.isArray(f.geometry.coordinates)) {
      throw new Error(`${file}: feature ${REGION_ID} is not a Polygon`);
    }
    const rings = (f.geometry.coordinates as unknown[]).map(ringFromJson);
    const ext = at(rings, 0);
    const lons = ext.map((p) => p[0]);
    const lats = ext.map((p) => p[1]);
    return {
      source: file,
      rings,
      bbox: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
    };
  }
  return undefined;
}

function loadRegion(explicit: string | undefined): Region {
  const candidates: string[] = [];
  if (explicit !== undefined) candidates.push(resolve(explicit));
  else {
    const dataDir = resolve('data');
    if (existsSync(dataDir)) {
      for (const name of readdirSync(dataDir).sort()) {
        if (name.endsWith('.geojson')) candidates.push(join(dataDir, name));
      }
    }
    candidates.push(resolve('../shared/geo/gulf-of-california.proposed.geojson'));
  }
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const region = findRegionFeature(file);
    if (region) return region;
  }
  throw new Error(
    `could not find feature '${REGION_ID}' in: ${candidates.join(', ')} (use --region <file>)`,
  );
}

function inRing(ring: ReadonlyArray<readonly [number, number]>, lat: number, lon: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = at(ring, i);
    const [xj, yj] = at(ring, j);
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insideRegion(r: Region, lat: number, lon: number): boolean {
  const [minLon, minLat, maxLon, maxLat] = r.bbox;
  if (lon < minLon || lon > maxLon || lat < minLat || lat > maxLat) return false;
  if (!inRing(at(r.rings, 0), lat, lon)) return false;
  return !r.rings.slice(1).some((hole) => inRing(hole, lat, lon));
}

/** Distance in km from a point to the nearest polygon edge (local equirectangular). */
function edgeDistanceKm(r: Region, lat: number, lon: number): number {
  const kx = 111.32 * Math.cos(rad(lat));
  const ky = 110.57;
  let best = Infinity;
  for (const ring of r.rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [ax, ay] = at(ring, i);
      const [bx, by] = at(ring, i + 1);
      const px = (ax - lon) * kx;
      const py = (ay - lat) * ky;
      const dx = (bx - ax) * kx;
      const dy = (by - ay) * ky;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : clamp(-(px * dx + py * dy) / len2, 0, 1);
      best = Math.min(best, Math.hypot(px + t * dx, py + t * dy));
    }
  }
  return best;
}

/** Signed distance: positive inside, negative outside. */
function signedDepthKm(r: Region, lat: number, lon: number): number {
  const d = edgeDistanceKm(r, lat, lon);
  return insideRegion(r, lat, lon) ? d : -d;
}

// ---------------------------------------------------------------------------------------------
// Aircraft, bases and stations

type Role = 'isr' | 'military' | 'civil';

interface Perf {
  turnDegS: number;
  climbFpm: number;
  descFpm: number;
  ceilingFt: number;
  rotateKt: number;
}

interface Aircraft {
  hex: string; // lowercase
  reg: string;
  type: string; // ICAO type designator
  desc: string;
  dbFlags: number;
  role: Role;
  perf: Perf;
}

const PERF: Record<string, Perf> = {
  P8: { turnDegS: 2.5, climbFpm: 3500, descFpm: 2200, ceilingFt: 45000, rotateKt: 150 },
  R135: { turnDegS: 2.0, climbFpm: 2200, descFpm: 2000, ceilingFt: 45000, rotateKt: 160 },
  U2: { turnDegS: 1.5, climbFpm: 3000, descFpm: 2000, ceilingFt: 75000, rotateKt: 90 },
  Q4: { turnDegS: 1.5, climbFpm: 1500, descFpm: 1500, ceilingFt: 65000, rotateKt: 110 },
  Q9: { turnDegS: 3.0, climbFpm: 1000, descFpm: 1000, ceilingFt: 35000, rotateKt: 100 },
  C30J: { turnDegS: 3.0, climbFpm: 1800, descFpm: 1800, ceilingFt: 35000, rotateKt: 115 },
  K35R: { turnDegS: 2.0, climbFpm: 2200, descFpm: 2000, ceilingFt: 45000, rotateKt: 160 },
  JET: { turnDegS: 2.0, climbFpm: 2500, descFpm: 2200, ceilingFt: 45000, rotateKt: 150 },
};

function perf(type: string): Perf {
  const p = PERF[type];
  if (!p) throw new Error(`no performance model for ${type}`);
  return p;
}

function aircraft(
  hex: string,
  reg: string,
  type: string,
  desc: string,
  role: Role,
  model = type,
): Aircraft {
  return { hex, reg, type, desc, dbFlags: role === 'civil' ? 0 : 1, role, perf: perf(model) };
}

// ISR aircraft: hex ↔ registration ↔ ICAO type from plane-alert-db.
const RC135V_AE01C7 = aircraft('ae01c7', '64-14845', 'R135', 'BOEING RC-135V RIVET JOINT', 'isr');
const RC135W_AE01D1 = aircraft('ae01d1', '62-4130', 'R135', 'BOEING RC-135W RIVET JOINT', 'isr');
const P8_AE6881 = aircraft('ae6881', '????', 'P8', 'BOEING P-8A POSEIDON', 'isr');
const P8_AE222C = aircraft('ae222c', '167951', 'P8', 'BOEING P-8A POSEIDON', 'isr');
const P8_AE4EB1 = aircraft('ae4eb1', '167956', 'P8', 'BOEING P-8A POSEIDON', 'isr');
const P8_AE57B7 = aircraft('ae57b7', '168851', 'P8', 'BOEING P-8A POSEIDON', 'isr');
const P8_AE4EC0 = aircraft('ae4ec0', '168755', 'P8', 'BOEING P-8A POSEIDON', 'isr');
const U2_AE0949 = aircraft('ae0949', '68-10329', 'U2', 'LOCKHEED U-2S', 'isr');
const RQ4_AE27A7 = aircraft('ae27a7', '04-2021', 'Q4', 'NORTHROP GRUMMAN RQ-4B GLOBAL HAWK', 'isr');
const MQ9_AE4BD7 = aircraft('ae4bd7', 'CBP-104', 'Q9', 'GENERAL ATOMICS MQ-9A REAPER', 'isr');
// Military, not ISR.
const C130J_AE4AF6 = aircraft(
  'ae4af6',
  '08-5678',
  'C30J',
  'LOCKHEED MARTIN C-130J-30 HERCULES',
  'military',
);
const KC135_AE0137 = aircraft(
  'ae0137',
  '63-7978',
  'K35R',
  'BOEING KC-135R STRATOTANKER',
  'military',
);
// Civil placeholders (not looked up in any registry; not claimed to be any real airframe).
const B738_0D0A0B = aircraft('0d0a0b', '', 'B738', 'BOEING 737-800', 'civil', 'JET');
const A320_A0B1C2 = aircraft('a0b1c2', '', 'A320', 'AIRBUS A-320', 'civil', 'JET');

interface Base {
  code: string;
  name: string;
  lat: number;
  lon: number;
  elevFt: number;
}

const NZY: Base = { code: 'NZY', name: 'NAS North Island', lat: 32.699, lon: -117.215, elevFt: 26 };
const DMA: Base = {
  code: 'DMA',
  name: 'Davis-Monthan AFB',
  lat: 32.166,
  lon: -110.883,
  elevFt: 2704,
};
const RIV: Base = { code: 'RIV', name: 'March ARB', lat: 33.881, lon: -117.259, elevFt: 1535 };
const TIJ: Base = { code: 'TIJ', name: 'Tijuana', lat: 32.541, lon: -116.97, elevFt: 489 };
const MEX: Base = { code: 'MEX', name: 'Mexico City', lat: 19.436, lon: -99.072, elevFt: 7316 };
const LAX: Base = { code: 'LAX', name: 'Los Angeles', lat: 33.942, lon: -118.408, elevFt: 125 };
const PVR: Base = { code: 'PVR', name: 'Puerto Vallarta', lat: 20.68, lon: -105.254, elevFt: 23 };

/** A racetrack on station: centre, axis bearing, leg length and width. */
interface Station {
  name: string;
  center: LatLon;
  axisDeg: number;
  lengthKm: number;
  widthKm: number;
}

function racetrackCorners(s: Station): LatLon[] {
  const [lat, lon] = s.center;
  const fwd = destination(lat, lon, s.axisDeg, s.lengthKm / 2);
  const back = destination(lat, lon, s.axisDeg + 180, s.lengthKm / 2);
  const side = s.axisDeg + 90;
  return [
    destination(fwd[0], fwd[1], side, s.widthKm / 2),
    destination(fwd[0], fwd[1], side + 180, s.widthKm / 2),
    destination(back[0], back[1], side + 180, s.widthKm / 2),
    destination(back[0], back[1], side, s.widthKm / 2),
  ];
}

// Stations inside the Gulf region (checked against the polygon before writing).
const ST_MID: Station = {
  name: 'mid-Gulf',
  center: [26.5, -110.5],
  axisDeg: 320,
  lengthKm: 70,
  widthKm: 18,
};
const ST_GUAYMAS: Station = {
  name: 'off Guaymas',
  center: [27.3, -111.3],
  axisDeg: 315,
  lengthKm: 60,
  widthKm: 18,
};
const ST_MIDRIFF: Station = {
  name: 'central Gulf (28.5N)',
  center: [28.5, -112.3],
  axisDeg: 320,
  lengthKm: 45,
  widthKm: 16,
};
const ST_UPPER: Station = {
  name: 'upper Gulf',
  center: [30.75, -114.0],
  axisDeg: 325,
  lengthKm: 45,
  widthKm: 14,
};
const ST_SOUTH: Station = {
  name: 'southern Gulf (24.8N)',
  center: [24.8, -109.2],
  axisDeg: 320,
  lengthKm: 60,
  widthKm: 18,
};
const ST_SINALOA: Station = {
  name: 'off Sinaloa/Sonora coast',
  center: [25.5, -109.6],
  axisDeg: 320,
  lengthKm: 45,
  widthKm: 18,
};
const ST_RQ4: Station = {
  name: 'central Gulf (long track)',
  center: [27.2, -111.2],
  axisDeg: 315,
  lengthKm: 150,
  widthKm: 30,
};
const ST_U2: Station = {
  name: 'central Gulf (U-2 track)',
  center: [27.6, -111.55],
  axisDeg: 317,
  lengthKm: 190,
  widthKm: 34,
};
const ST_MQ9: Station = {
  name: 'upper Gulf (MQ-9)',
  center: [30.6, -113.85],
  axisDeg: 325,
  lengthKm: 35,
  widthKm: 12,
};
// Outside the region: Pacific side of Baja.
const ST_PACIFIC: Station = {
  name: 'Pacific side of Baja',
  center: [26.0, -113.5],
  axisDeg: 330,
  lengthKm: 90,
  widthKm: 24,
};

// ---------------------------------------------------------------------------------------------
// Flight plans

type Leg =
  | { kind: 'taxi'; minutes: number; initialTrack: number }
  | { kind: 'takeoff'; heading: number }
  | { kind: 'goto'; to: LatLon; altFt: number; kt: number; glide?: boolean }
  | { kind: 'orbit'; corners: LatLon[]; altFt: number; kt: number; minutes: number }
  | { kind: 'rollout'; elevFt: number };

type Start =
  | { kind: 'ground'; base: Base }
  | { kind: 'airborne'; at: LatLon; altFt: number; kt: number; track: number };

type Source =
  | { kind: 'opensky' }
  | { kind: 'readsb'; gzip: boolean }
  | { kind: 'fr24'; flightId: string };

type Expectation = 'mission' | 'negative';

interface FlightSpec {
  id: string;
  ac: Aircraft;
  callsign: string;
  squawk: string;
  startIso: string;
  start: Start;
  legs: Leg[];
  sources: Source[];
  expect: Expectation;
  why: string; // README: why it (does not) count, or what it demonstrates
  holeMin?: readonly [from: number, to: number]; // no fixes, minutes after station start
  outlierAtMin?: number; // one fix displaced ~300 km, minutes after station start
  malformedRows?: boolean; // host of the malformed OpenSky rows
}

function departure(base: Base, runwayHdg: number, taxiMin: number, taxiTrack: number): Leg[] {
  return [
    { kind: 'taxi', minutes: taxiMin, initialTrack: taxiTrack },
    { kind: 'takeoff', heading: runwayHdg },
  ];
}

/** Standard arrival: initial fix 40 km out, final fix 18 km out, glide to the threshold. */
function arrival(
  base: Base,
  landingHdg: number,
  taxiMin: number,
  kts: readonly [iaf: number, faf: number, threshold: number] = [230, 170, 140],
): Leg[] {
  const from = (landingHdg + 180) % 360;
  const iaf = destination(base.lat, base.lon, from, 40);
  const faf = destination(base.lat, base.lon, from, 18);
  return [
    { kind: 'goto', to: iaf, altFt: base.elevFt + 7000, kt: kts[0] },
    { kind: 'goto', to: faf, altFt: base.elevFt + 2500, kt: kts[1] },
    { kind: 'goto', to: [base.lat, base.lon], altFt: base.elevFt, kt: kts[2], glide: true },
    { kind: 'rollout', elevFt: base.elevFt },
    { kind: 'taxi', minutes: taxiMin, initialTrack: landingHdg },
  ];
}

function route(points: readonly LatLon[], altFt: number, kt: number): Leg[] {
  return points.map((to) => ({ kind: 'goto', to, altFt, kt }));
}

function orbit(st: Station, altFt: number, kt: number, minutes: number): Leg[] {
  return [
    { kind: 'goto', to: st.center, altFt, kt },
    { kind: 'orbit', corners: racetrackCorners(st), altFt, kt, minutes },
  ];
}

// Way into the Gulf from the north (via the Imperial Valley / Yuma and the upper Gulf), and
// the Gulf's long axis, north to south.
const NORTH_ENTRY: LatLon[] = [
  [32.75, -115.6],
  [32.45, -114.8],
];
const GULF_AXIS: LatLon[] = [
  [31.25, -114.35],
  [30.4, -113.9],
  [28.9, -112.9],
  [28.1, -112.1],
  [27.3, -111.3],
  [26.5, -110.5],
  [25.6, -109.9],
];

function gulfAxisTo(st: Station): LatLon[] {
  return GULF_AXIS.filter((p) => p[0] > st.center[0] + 0.3);
}

/** A P-8 sortie from NAS North Island into the Gulf via Yuma and back. */
function p8Sortie(
  id: string,
  ac: Aircraft,
  callsign: string,
  startIso: string,
  st: Station,
  stationAltFt: number,
  stationMin: number,
  extra: Partial<Pick<FlightSpec, 'holeMin' | 'outlierAtMin' | 'malformedRows' | 'why'>> = {},
): FlightSpec {
  const rng = makeRng(`plan:${id}`);
  const inbound = [...NORTH_ENTRY, ...gulfAxisTo(st)];
  const outbound = [...gulfAxisTo(st)].reverse();
  return {
    id,
    ac,
    callsign,
    squawk: squawkFor(id),
    startIso,
    start: { kind: 'ground', base: NZY },
    legs: [
      ...departure(NZY, 110, rng.int(8, 13), 200),
      ...route(inbound, rng.int(26, 31) * 1000, 440),
      ...orbit(st, stationAltFt, rng.int(280, 320), stationMin),
      ...route(outbound, rng.int(27, 33) * 1000, 440),
      { kind: 'goto', to: [32.55, -114.9], altFt: 24000, kt: 420 },
      { kind: 'goto', to: [32.75, -116.1], altFt: 12000, kt: 320 },
      ...arrival(NZY, 290, rng.int(5, 9)),
    ],
    sources: [{ kind: 'opensky' }],
    expect: 'mission',
    why: extra.why ?? 'ISR type (P8), base sortie into the Gulf',
    ...(extra.holeMin ? { holeMin: extra.holeMin } : {}),
    ...(extra.outlierAtMin !== undefined ? { outlierAtMin: extra.outlierAtMin } : {}),
    ...(extra.malformedRows ? { malformedRows: true } : {}),
  };
}

// RC-135 route from Offutt (first seen airborne over southern California) down the Pacific
// side of Baja, around Cabo San Lucas and into the Gulf through its mouth; back the same way.
const PACIFIC_SOUTHBOUND: LatLon[] = [
  [32.9, -117.7],
  [31.0, -117.0],
  [29.0, -116.2],
  [27.3, -115.3],
  [25.6, -113.9],
  [24.0, -112.4],
  [22.7, -110.6],
  [22.55, -109.85],
  [22.95, -109.15],
  [23.6, -108.9],
];

function rc135Sortie(
  id: string,
  ac: Aircraft,
  callsign: string,
  startIso: string,
  st: Station,
  stationMin: number,
  sources: Source[],
  why: string,
): FlightSpec {
  const rng = makeRng(`plan:${id}`);
  const cruise = rng.int(31, 35) * 1000;
  const onStation = rng.int(30, 33) * 1000;
  const north = GULF_AXIS.filter((p) => p[0] < st.center[0] - 0.3 && p[0] > 24.5).reverse();
  return {
    id,
    ac,
    callsign,
    squawk: squawkFor(id),
    startIso,
    start: { kind: 'airborne', at: [34.35, -116.9], altFt: cruise, kt: 450, track: 225 },
    legs: [
      ...route(PACIFIC_SOUTHBOUND, cruise, 460),
      ...route(north, onStation, 420),
      ...orbit(st, onStation, rng.int(360, 390), stationMin),
      ...route([...north].reverse(), cruise, 450),
      ...route([...PACIFIC_SOUTHBOUND].reverse(), cruise, 460),
      { kind: 'goto', to: [34.35, -116.9], altFt: cruise, kt: 460 },
      { kind: 'goto', to: [35.2, -115.6], altFt: cruise, kt: 460 },
    ],
    sources,
    expect: 'mission',
    why,
  };
}

function squawkFor(id: string): string {
  const rng = makeRng(`squawk:${id}`);
  for (;;) {
    let s = '';
    for (let i = 0; i < 4; i++) s += String(rng.int(i === 0 ? 1 : 0, 7));
    if (!['7500', '7600', '7700', '7777', '1200'].includes(s)) return s;
  }
}

function airliner(
  id: string,
  ac: Aircraft,
  callsign: string,
  startIso: string,
  from: Base,
  depHdg: number,
  to: Base,
  landHdg: number,
  sources: Source[],
  why = 'civil airliner: crosses the Gulf in a straight line, not an ISR type',
): FlightSpec {
  const rng = makeRng(`plan:${id}`);
  const iafDir = (landHdg + 180) % 360;
  const iaf = destination(to.lat, to.lon, iafDir, 40);
  const cruise = rng.int(0, 1) === 0 ? 35000 : 37000;
  const mid = greatCirclePoints([from.lat, from.lon], iaf, [0.08, 0.2, 0.35, 0.5, 0.65, 0.78]);
  return {
    id,
    ac,
    callsign,
    squawk: squawkFor(id),
    startIso,
    start: { kind: 'ground', base: from },
    legs: [
      ...departure(from, depHdg, rng.int(7, 11), (depHdg + 90) % 360),
      ...route(mid, cruise, 465),
      ...arrival(to, landHdg, rng.int(4, 7)),
    ],
    sources,
    expect: 'negative',
    why,
  };
}

// ---------------------------------------------------------------------------------------------
// The flights

function buildFlights(): FlightSpec[] {
  const os: Source[] = [{ kind: 'opensky' }];
  const flights: FlightSpec[] = [];

  // Baseline 2024-02-01 → 2025-01-27: 12 ISR missions, about one a month (9 P-8, 3 RC-135).
  flights.push(
    p8Sortie('B01', P8_AE222C, 'PELT31', '2024-02-13T17:20', ST_MID, 22000, 120),
    p8Sortie('B02', P8_AE4EB1, 'PELT12', '2024-03-12T16:05', ST_UPPER, 18000, 150),
    rc135Sortie(
      'B03',
      RC135W_AE01D1,
      'TOXIN41',
      '2024-04-16T15:30',
      ST_SOUTH,
      200,
      os,
      'ISR type (R135), Pacific-side route into the Gulf',
    ),
    p8Sortie('B04', P8_AE57B7, 'PELT44', '2024-05-14T18:10', ST_GUAYMAS, 24000, 135),
    p8Sortie('B05', P8_AE6881, 'PELT27', '2024-06-11T16:45', ST_MIDRIFF, 20000, 180),
    rc135Sortie(
      'B06',
      RC135V_AE01C7,
      'JAKE11',
      '2024-07-09T15:00',
      ST_MID,
      210,
      os,
      'ISR type (R135), Pacific-side route into the Gulf',
    ),
    p8Sortie('B07', P8_AE4EC0, 'PELT05', '2024-08-06T17:00', ST_MID, 23000, 100, {
      malformedRows: true,
      why: 'ISR type (P8), base sortie; its file also holds the 3 malformed rows',
    }),
    rc135Sortie(
      'B08',
      RC135W_AE01D1,
      'TOXIN22',
      '2024-09-17T14:40',
      ST_SINALOA,
      180,
      [{ kind: 'readsb', gzip: true }],
      'ISR type (R135); readsb trace only (gzip under a .json name)',
    ),
    p8Sortie('B09', P8_AE222C, 'PELT18', '2024-10-15T16:30', ST_GUAYMAS, 21000, 140),
    p8Sortie('B10', P8_AE4EB1, 'PELT36', '2024-11-12T15:50', ST_SOUTH, 25000, 95),
    p8Sortie('B11', P8_AE57B7, 'PELT09', '2024-12-10T17:35', ST_MIDRIFF, 19000, 160),
    p8Sortie('B12', P8_AE6881, 'PELT23', '2025-01-14T16:20', ST_MID, 22000, 120),
  );

  // Surge 2025-01-27 → 2025-02-10: 18 ISR missions.
  flights.push(
    p8Sortie('S01', P8_AE6881, 'PELT51', '2025-01-27T15:10', ST_GUAYMAS, 22000, 150),
    p8Sortie('S02', P8_AE222C, 'PELT52', '2025-01-28T12:40', ST_MIDRIFF, 20000, 115, {
      why: 'ISR type (P8); 1st of two sorties by the same aircraft that day',
    }),
    p8Sortie('S03', P8_AE222C, 'PELT53', '2025-01-28T19:55', ST_UPPER, 18000, 100, {
      why: 'ISR type (P8); 2nd sortie that day, after landing and >2 h on the ground',
    }),
    rc135Sortie(
      'S04',
      RC135W_AE01D1,
      'TOXIN54',
      '2025-01-29T14:30',
      ST_MID,
      200,
      os,
      'ISR type (R135), Pacific-side route into the Gulf',
    ),
    p8Sortie('S05', P8_AE4EB1, 'PELT55', '2025-01-30T16:00', ST_MID, 23000, 170, {
      holeMin: [50, 90],
      why: 'ISR type (P8); 40-min coverage hole over the Gulf must not split the sortie',
    }),
    p8Sortie('S06', P8_AE57B7, 'PELT56', '2025-01-31T17:15', ST_GUAYMAS, 21000, 130),
    p8Sortie('S07', P8_AE6881, 'PELT57', '2025-02-01T15:40', ST_MIDRIFF, 20000, 150, {
      outlierAtMin: 70,
      why: 'ISR type (P8); one fix ~300 km off track (drop by the 1,200 kt rule)',
    }),
    {
      id: 'S08',
      ac: RQ4_AE27A7,
      callsign: 'FORTE12',
      squawk: squawkFor('S08'),
      startIso: '2025-02-01T13:30',
      start: { kind: 'airborne', at: [35.0, -117.6], altFt: 55000, kt: 320, track: 135 },
      legs: [
        ...route([[33.2, -115.4], [32.3, -114.6], ...GULF_AXIS.slice(0, 3)], 55000, 330),
        ...orbit(ST_RQ4, 56000, 320, 300),
        ...route([...GULF_AXIS.slice(0, 3)].reverse(), 55000, 330),
        ...route(
          [
            [32.3, -114.6],
            [33.2, -115.4],
            [35.0, -117.6],
          ],
          55000,
          330,
        ),
      ],
      sources: os,
      expect: 'mission',
      why: 'ISR type (Q4), long high-altitude orbit; first and last seen airborne',
    },
    p8Sortie('S09', P8_AE4EC0, 'PELT59', '2025-02-02T16:10', ST_SOUTH, 24000, 95),
    rc135Sortie(
      'S10',
      RC135V_AE01C7,
      'JAKE21',
      '2025-02-03T15:00',
      ST_SINALOA,
      210,
      [{ kind: 'opensky' }, { kind: 'readsb', gzip: false }],
      'ISR type (R135); the SAME sortie is in OpenSky and in a readsb trace: de-duplicate',
    ),
    {
      id: 'S11',
      ac: U2_AE0949,
      callsign: '',
      squawk: squawkFor('S11'),
      startIso: '2025-02-03T16:20',
      start: { kind: 'airborne', at: [35.2, -116.6], altFt: 61000, kt: 400, track: 150 },
      legs: [
        ...route([[33.0, -115.0], ...GULF_AXIS.slice(0, 3)], 61000, 405),
        ...orbit(ST_U2, 62000, 400, 200),
        ...route([...GULF_AXIS.slice(0, 3)].reverse(), 61000, 405),
        ...route(
          [
            [33.0, -115.0],
            [35.2, -116.6],
          ],
          61000,
          405,
        ),
      ],
      sources: [{ kind: 'readsb', gzip: true }],
      expect: 'mission',
      why: 'ISR type (U2), ~5 h 50 min track at ~60,000 ft; readsb only, no callsign',
    },
    rc135Sortie(
      'S12',
      RC135V_AE01C7,
      'JAKE22',
      '2025-02-04T14:00',
      ST_SINALOA,
      180,
      os,
      'ISR type (R135), second Pacific-side sortie within 48 h',
    ),
    p8Sortie('S13', P8_AE4EB1, 'PELT63', '2025-02-05T21:15', ST_GUAYMAS, 22000, 150, {
      why: 'ISR type (P8); enters the region on 02-05 and leaves on 02-06 (crosses midnight UTC)',
    }),
    p8Sortie('S14', P8_AE57B7, 'PELT64', '2025-02-06T12:00', ST_UPPER, 19000, 100, {
      why: 'ISR type (P8); 1st of two sorties by the same aircraft that day',
    }),
    p8Sortie('S15', P8_AE57B7, 'PELT65', '2025-02-06T17:55', ST_MID, 23000, 115, {
      why: 'ISR type (P8); 2nd sortie that day, after landing and >2 h on the ground',
    }),
    rc135Sortie(
      'S16',
      RC135W_AE01D1,
      'TOXIN66',
      '2025-02-07T15:20',
      ST_SOUTH,
      190,
      os,
      'ISR type (R135), Pacific-side route into the Gulf',
    ),
    {
      id: 'S17',
      ac: MQ9_AE4BD7,
      callsign: 'OMAHA67',
      squawk: squawkFor('S17'),
      startIso: '2025-02-08T14:00',
      start: { kind: 'ground', base: DMA },
      legs: [
        ...departure(DMA, 300, 9, 120),
        ...route(
          [
            [31.9, -111.9],
            [31.45, -113.25],
          ],
          21000,
          185,
        ),
        ...orbit(ST_MQ9, 22000, 170, 210),
        ...route(
          [
            [31.45, -113.25],
            [31.9, -111.9],
          ],
          18000,
          185,
        ),
        ...arrival(DMA, 120, 6, [150, 120, 100]),
      ],
      sources: [{ kind: 'readsb', gzip: true }],
      expect: 'mission',
      why: 'ISR type (Q9, CBP); readsb only (gzip under a .json name); take-off sets the new-leg flag',
    },
    p8Sortie('S18', P8_AE222C, 'PELT68', '2025-02-09T16:00', ST_MID, 22000, 140),
  );

  // Negatives.
  const fr24Id = (() => {
    const rng = makeRng('fr24-id');
    let s = '';
    for (let i = 0; i < 8; i++) s += rng.int(0, 15).toString(16);
    return s;
  })();
  flights.push(
    airliner('N01', B738_0D0A0B, 'AMX123', '2024-06-20T15:25', TIJ, 90, MEX, 50, os),
    airliner('N02', A320_A0B1C2, 'AAL1570', '2024-09-24T17:40', LAX, 250, PVR, 40, os),
    airliner('N03', B738_0D0A0B, 'AMX123', '2025-01-29T16:40', TIJ, 90, MEX, 50, os),
    {
      id: 'N04',
      ac: KC135_AE0137,
      callsign: 'PACK21',
      squawk: squawkFor('N04'),
      startIso: '2025-01-30T17:00',
      start: { kind: 'ground', base: RIV },
      legs: [
        ...departure(RIV, 140, 10, 320),
        ...route([[33.0, -116.0], [32.45, -114.8], ...GULF_AXIS.slice(0, 2)], 28000, 450),
        ...orbit(ST_MIDRIFF, 26000, 390, 120),
        ...route([...GULF_AXIS.slice(0, 2)].reverse(), 27000, 450),
        ...route(
          [
            [32.45, -114.8],
            [33.0, -116.2],
          ],
          16000,
          360,
        ),
        ...arrival(RIV, 320, 6),
      ],
      sources: os,
      expect: 'negative',
      why: 'US military but not ISR (K35R tanker); 2 h orbit inside the Gulf',
    },
    airliner('N05', A320_A0B1C2, 'AAL1570', '2025-02-02T18:30', LAX, 250, PVR, 40, os),
    {
      id: 'N06',
      ac: P8_AE222C,
      callsign: 'PELT74',
      squawk: squawkFor('N06'),
      startIso: '2025-02-04T16:30',
      start: { kind: 'ground', base: NZY },
      legs: [
        ...departure(NZY, 290, 10, 200),
        ...route(
          [
            [31.5, -117.6],
            [28.5, -116.0],
          ],
          28000,
          440,
        ),
        ...orbit(ST_PACIFIC, 20000, 300, 180),
        ...route(
          [
            [28.5, -116.0],
            [31.0, -117.5],
          ],
          29000,
          440,
        ),
        ...arrival(NZY, 360, 6),
      ],
      sources: os,
      expect: 'negative',
      why: 'ISR type (P8) but its 3 h racetrack is on the Pacific side of Baja; never enters the region',
    },
    airliner('N07', B738_0D0A0B, 'AMX123', '2025-02-05T15:45', TIJ, 90, MEX, 50, os),
    {
      id: 'N08',
      ac: C130J_AE4AF6,
      callsign: 'RCH431',
      squawk: squawkFor('N08'),
      startIso: '2025-02-06T15:10',
      start: { kind: 'ground', base: DMA },
      legs: [
        ...departure(DMA, 120, 11, 300),
        ...route(
          [
            [30.9, -111.6],
            [28.6, -111.5],
          ],
          22000,
          310,
        ),
        ...orbit(ST_GUAYMAS, 20000, 280, 120),
        ...route(
          [
            [28.6, -111.5],
            [30.9, -111.6],
          ],
          23000,
          310,
        ),
        ...arrival(DMA, 120, 6, [200, 150, 125]),
      ],
      sources: os,
      expect: 'negative',
      why: 'US military but not ISR (C30J transport); 2 h orbit inside the Gulf',
    },
    {
      id: 'N09',
      ac: P8_AE4EC0,
      callsign: 'PELT79',
      squawk: squawkFor('N09'),
      startIso: '2025-02-07T17:30',
      start: { kind: 'ground', base: NZY },
      legs: [
        ...departure(NZY, 290, 9, 200),
        ...route(
          [
            [31.5, -117.6],
            [28.5, -116.0],
            [25.5, -113.6],
            [22.9, -110.6],
            [22.3, -109.3],
          ],
          27000,
          420,
        ),
        ...route([[23.34, -108.62]], 24000, 350),
        ...route(
          [
            [22.6, -107.3],
            [21.2, -106.2],
          ],
          26000,
          400,
        ),
      ],
      sources: os,
      expect: 'negative',
      why: 'ISR type (P8) in transit; clips the Gulf mouth for ~4 min (< 10 min minimum dwell)',
    },
    airliner(
      'N10',
      B738_0D0A0B,
      'AMX123',
      '2025-02-08T15:30',
      TIJ,
      90,
      MEX,
      50,
      [{ kind: 'fr24', flightId: fr24Id }],
      'civil airliner; FR24 export has no hex, identity only from the callsign AMX123',
    ),
  );
  return flights;
}

// ---------------------------------------------------------------------------------------------
// Simulation: 1 s steps, turn-rate-limited steering, climbs and descents

interface Truth {
  t0: number;
  lat: number[];
  lon: number[];
  alt: number[]; // baro ft
  gs: number[]; // kt
  trk: number[]; // deg
  vr: number[]; // fpm
  ground: boolean[];
  phase: number[]; // 0 ground, 1 airborne, 2 on station
  stationStart: number | undefined; // epoch s of the first on-station second
}

function simulate(spec: FlightSpec): Truth {
  const rng = makeRng(`sim:${spec.id}`);
  const p = spec.ac.perf;
  const t0 = epoch(spec.startIso);
  const s =
    spec.start.kind === 'ground'
      ? {
          lat: spec.start.base.lat,
          lon: spec.start.base.lon,
          alt: spec.start.base.elevFt,
          gs: 0,
          trk: 0,
          vr: 0,
          ground: true,
        }
      : {
          lat: spec.start.at[0],
          lon: spec.start.at[1],
          alt: spec.start.altFt,
          gs: spec.start.kt,
          trk: spec.start.track,
          vr: 0,
          ground: false,
        };
  const tr: Truth = {
    t0,
    lat: [],
    lon: [],
    alt: [],
    gs: [],
    trk: [],
    vr: [],
    ground: [],
    phase: [],
    stationStart: undefined,
  };

  const move = (): void => {
    const [la, lo] = destination(s.lat, s.lon, s.trk, (s.gs * KT_TO_MS) / 1000);
    s.lat = la;
    s.lon = lo;
  };

  const climbRate = (): number => p.climbFpm * Math.max(0.2, 1 - s.alt / p.ceilingFt);

  /** Steer, manage speed and altitude towards a point; returns true when it is reached. */
  const fly = (
    to: LatLon,
    altFt: number,
    kt: number,
    mode: 'route' | 'glide' | 'orbit',
  ): boolean => {
    const d = distanceKm(s.lat, s.lon, to[0], to[1]);
    const brg = bearingDeg(s.lat, s.lon, to[0], to[1]);
    const vKms = Math.max((s.gs * KT_TO_MS) / 1000, 0.03);
    const radius = vKms / rad(p.turnDegS);
    const err = ((brg - s.trk + 540) % 360) - 180;
    const reachKm = mode === 'glide' ? 0.35 : Math.max(0.5, Math.min(radius * 0.9, 4));
    const reached = d < reachKm || (d < 2.2 * radius && Math.abs(err) > 100 && mode !== 'glide');

    s.trk = (s.trk + clamp(err, -p.turnDegS, p.turnDegS) + 360) % 360;
    s.gs += clamp(kt - s.gs, -1.5, 1.0);

    const diff = altFt - s.alt;
    const ttgMin = d / (vKms * 60);
    let vrCmd: number;
    if (mode === 'glide') {
      vrCmd = ttgMin > 0.05 ? diff / ttgMin : diff * 6;
      vrCmd = clamp(vrCmd, -p.descFpm * 1.5, p.climbFpm);
    } else if (diff >= 0) {
      vrCmd = Math.min(climbRate(), diff * 6);
    } else if (-diff < 250) {
      vrCmd = diff * 6;
    } else if (mode === 'orbit') {
      vrCmd = -p.descFpm;
    } else {
      const required = -diff / Math.max(ttgMin, 0.1);
      vrCmd = required >= p.descFpm * 0.9 ? -Math.min(required, p.descFpm * 1.8) : 0;
    }
    s.vr += clamp(vrCmd - s.vr, -150, 150);
    s.alt += s.vr / 60;
    move();
    return reached;
  };

  let legIdx = 0;
  let legT = 0;
  let corner = 0;
  const maxSteps = 20 * 3600;
  for (let step = 0; step < maxSteps; step++) {
    const leg = spec.legs[legIdx];
    if (!leg) break;
    let done = false;
    let phase = 1;
    switch (leg.kind) {
      case 'taxi': {
        s.ground = true;
        s.vr = 0;
        if (legT === 0) s.trk = leg.initialTrack;
        const cyc = legT % 110;
        if (cyc === 25 && legT > 0) s.trk = (s.trk + (rng.next() < 0.5 ? 90 : 270)) % 360;
        s.gs += clamp((cyc < 20 ? 0 : 13) - s.gs, -2, 2);
        move();
        phase = 0;
        done = legT >= leg.minutes * 60;
        break;
      }
      case 'takeoff': {
        s.ground = true;
        s.trk = leg.heading;
        s.gs += 4;
        move();
        phase = 0;
        if (s.gs >= p.rotateKt) {
          s.ground = false;
          s.vr = climbRate() * 0.7;
          done = true;
        }
        break;
      }
      case 'goto': {
        done = fly(leg.to, leg.altFt, leg.kt, leg.glide ? 'glide' : 'route');
        if (done && leg.glide && Math.abs(s.alt - leg.altFt) > 500) {
          throw new Error(`${spec.id}: approach too steep (${Math.round(s.alt)} ft at threshold)`);
        }
        break;
      }
      case 'orbit': {
        phase = 2;
        if (tr.stationStart === undefined) tr.stationStart = t0 + step;
        if (fly(at(leg.corners, corner % leg.corners.length), leg.altFt, leg.kt, 'orbit')) corner++;
        done = legT >= leg.minutes * 60;
        break;
      }
      case 'rollout': {
        s.ground = true;
        s.alt = leg.elevFt;
        s.vr = 0;
        s.gs = Math.max(15, s.gs - 3);
        move();
        phase = 0;
        done = s.gs <= 15;
        break;
      }
    }
    tr.lat.push(s.lat);
    tr.lon.push(s.lon);
    tr.alt.push(s.ground ? Math.round(s.alt) : s.alt);
    tr.gs.push(Math.max(0, s.gs));
    tr.trk.push(s.trk);
    tr.vr.push(s.ground ? 0 : s.vr);
    tr.ground.push(s.ground);
    tr.phase.push(phase);
    legT++;
    if (done) {
      legIdx++;
      legT = 0;
      corner = 0;
    }
  }
  if (legIdx < spec.legs.length) throw new Error(`${spec.id}: simulation did not finish`);
  return tr;
}

interface State {
  lat: number;
  lon: number;
  alt: number;
  gs: number;
  trk: number;
  vr: number;
  ground: boolean;
}

function stateAt(tr: Truth, t: number): State {
  const x = clamp(t - tr.t0, 0, tr.lat.length - 1);
  const i = Math.min(Math.floor(x), tr.lat.length - 2);
  const f = x - i;
  const lerp = (a: number[]): number => at(a, i) + f * (at(a, i + 1) - at(a, i));
  const near = f < 0.5 ? i : i + 1;
  return {
    lat: lerp(tr.lat),
    lon: lerp(tr.lon),
    alt: lerp(tr.alt),
    gs: lerp(tr.gs),
    trk: at(tr.trk, near),
    vr: lerp(tr.vr),
    ground: at(tr.ground, near),
  };
}

function truthEnd(tr: Truth): number {
  return tr.t0 + tr.lat.length - 1;
}

// ---------------------------------------------------------------------------------------------
// Sampling fixes for one source

interface Fix {
  t: number; // the time a reader will use (OpenSky `time`, readsb base + dt, FR24 Timestamp)
  posT: number; // time the position refers to
  lat: number;
  lon: number;
  st: State;
  outlier: boolean;
}

/**
 * Samples one source's fixes. `avoid` holds fixes of another source of the same flight: new fix
 * times keep >= 8 s from their times and >= 3 s from their position times, so that merging the
 * two sources never fakes a speed above the outlier threshold.
 */
function sampleFixes(spec: FlightSpec, tr: Truth, src: Source, avoid: readonly Fix[] = []): Fix[] {
  const key = src.kind === 'fr24' ? 'fr24' : src.kind;
  const rng = makeRng(`fixes:${spec.id}:${key}`);
  const base = rng.uniform(30, 55);
  const isReadsb = src.kind === 'readsb';
  let t = tr.t0 + rng.uniform(0, 20) + (isReadsb && spec.sources.length > 1 ? 150 : 0);
  const end = truthEnd(tr) - (isReadsb && spec.sources.length > 1 ? 200 : 0);
  const fixes: Fix[] = [];
  const hole =
    spec.holeMin && tr.stationStart !== undefined
      ? ([tr.stationStart + spec.holeMin[0] * 60, tr.stationStart + spec.holeMin[1] * 60] as const)
      : undefined;
  while (t <= end) {
    let tt = src.kind === 'readsb' ? Math.round(t * 100) / 100 : Math.round(t);
    while (avoid.some((a) => Math.abs(a.t - tt) < 8 || Math.abs(a.posT - tt) < 3)) tt += 1;
    t = tt;
    const posT = src.kind === 'opensky' ? tt - rng.uniform(1.2, 4.8) : tt;
    const st = stateAt(tr, posT);
    const jitterKm = 0.012;
    const lat = st.lat + rng.normal(jitterKm) / 110.57;
    const lon = st.lon + rng.normal(jitterKm) / (111.32 * Math.cos(rad(st.lat)));
    if (!hole || tt < hole[0] || tt >= hole[1]) {
      fixes.push({ t: tt, posT, lat, lon, st, outlier: false });
    }
    const step =
      src.kind === 'fr24' ? rng.uniform(15, 50) : clamp(base + rng.uniform(-4, 4), 30, 60);
    t += step;
  }
  if (spec.outlierAtMin !== undefined && src.kind === 'opensky' && tr.stationStart !== undefined) {
    const target = tr.stationStart + spec.outlierAtMin * 60;
    let best = 0;
    fixes.forEach((f, i) => {
      if (Math.abs(f.t - target) < Math.abs(at(fixes, best).t - target)) best = i;
    });
    const f = at(fixes, best);
    const [la, lo] = destination(f.lat, f.lon, 270, 300);
    fixes[best] = { ...f, lat: la, lon: lo, outlier: true };
  }
  return fixes;
}

// ---------------------------------------------------------------------------------------------
// Writers

const OPENSKY_HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact,hour';

interface CsvRow {
  time: number;
  icao: string;
  fields: string[];
  malformed?: string; // description, for the README
}

function geomOffsetFt(spec: FlightSpec, altFt: number): number {
  return 120 + (fnv1a(spec.id) % 200) + altFt * 0.018;
}

function q25(ft: number): number {
  return Math.round(ft / 25) * 25;
}

function openskyRows(spec: FlightSpec, fixes: Fix[]): CsvRow[] {
  const rng = makeRng(`opensky-row:${spec.id}`);
  return fixes.map((f, i) => {
    const st = f.st;
    const lastcontact = f.posT + rng.uniform(0, f.t - f.posT - 1);
    const callsign = spec.callsign === '' || (i === 0 && st.ground) ? '' : pad8(spec.callsign);
    const baro = st.ground ? '' : (q25(st.alt) * FT_TO_M).toFixed(2);
    const geo = st.ground ? '' : (q25(st.alt + geomOffsetFt(spec, st.alt)) * FT_TO_M).toFixed(2);
    const vr = st.ground ? '' : (Math.round(st.vr / 64) * 64 * 0.00508).toFixed(5);
    const gsMs = Math.max(0, (st.gs + (st.ground ? 0 : rng.normal(1.5))) * KT_TO_MS);
    return {
      time: f.t,
      icao: spec.ac.hex,
      fields: [
        String(f.t),
        spec.ac.hex,
        f.lat.toFixed(5),
        f.lon.toFixed(5),
        gsMs.toFixed(2),
        ((st.trk + rng.normal(0.3) + 360) % 360).toFixed(2),
        vr,
        callsign,
        String(st.ground),
        'false',
        'false',
        spec.squawk,
        baro,
        geo,
        f.posT.toFixed(3),
        lastcontact.toFixed(3),
        String(Math.floor(f.t / 3600) * 3600),
      ],
    };
  });
}

function readsbTrace(spec: FlightSpec, fixes: Fix[]): string {
  const rng = makeRng(`readsb:${spec.id}`);
  const first = at(fixes, 0);
  const base = first.t;
  let wasGround = first.st.ground;
  const lines = fixes.map((f, i) => {
    const st = f.st;
    let flags = 0;
    if (i === 0) flags |= 1;
    if (!st.ground && wasGround) flags |= 2; // first point after a take-off: new leg
    wasGround = st.ground;
    const alt = st.ground ? '"ground"' : String(q25(st.alt));
    const geom = st.ground ? 'null' : String(q25(st.alt + geomOffsetFt(spec, st.alt)));
    const vr = st.ground ? 'null' : String(Math.round(st.vr / 64) * 64);
    let details = 'null';
    if (i % 9 === 0 || rng.next() < 0.04) {
      const obj: Record<string, string> = {};
      if (spec.callsign !== '' && !(i % 27 === 18)) obj['flight'] = pad8(spec.callsign);
      obj['squawk'] = spec.squawk;
      obj['category'] = spec.ac.type === 'Q9' || spec.ac.type === 'Q4' ? 'B6' : 'A5';
      details = JSON.stringify(obj);
    }
    const gs = (st.gs + (st.ground ? 0 : rng.normal(1.5))).toFixed(1);
    const trk = ((st.trk + rng.normal(0.3) + 360) % 360).toFixed(1);
    return `[${(f.t - base).toFixed(2)},${f.lat.toFixed(6)},${f.lon.toFixed(6)},${alt},${gs},${trk},${flags},${vr},${details},"adsb_icao",${geom},null,null,null]`;
  });
  return (
    `{"icao":"${spec.ac.hex}",\n  "r":"${spec.ac.reg}",\n  "t":"${spec.ac.type}",\n` +
    `  "dbFlags":${spec.ac.dbFlags},"desc":"${spec.ac.desc}",\n  "timestamp": ${base.toFixed(3)},\n` +
    `  "trace":[\n    ${lines.join(',\n    ')}\n  ]\n}\n`
  );
}

function fr24Csv(spec: FlightSpec, fixes: Fix[]): string {
  const rows = fixes.map((f) => {
    const st = f.st;
    const alt = st.ground ? 0 : q25(st.alt);
    return `${f.t},${isoSeconds(f.t)},${spec.callsign},"${f.lat.toFixed(6)},${f.lon.toFixed(6)}",${alt},${Math.round(st.gs)},${Math.round(st.trk) % 360}`;
  });
  return `Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction\n${rows.join('\n')}\n`;
}

/** Adds three malformed rows (with descriptions) next to real airborne rows of the host flight. */
function addMalformedRows(rows: CsvRow[], host: FlightSpec): void {
  const own = rows.filter((r) => r.icao === host.ac.hex && r.fields[8] === 'false');
  const pick = (frac: number): CsvRow => at(own, Math.floor(own.length * frac));
  const a = pick(0.3);
  const noPos = [...a.fields];
  noPos[0] = String(a.time + 17);
  noPos[2] = '';
  noPos[3] = '';
  noPos[14] = ''; // no position, so no position time either
  noPos[15] = (a.time + 15.6).toFixed(3); // a recent contact: the row is not stale, only position-less
  noPos[16] = String(Math.floor((a.time + 17) / 3600) * 3600);
  rows.push({
    time: a.time + 17,
    icao: host.ac.hex,
    fields: noPos,
    malformed: 'empty lat and lon',
  });
  const b = pick(0.5);
  const badTime = [...b.fields];
  badTime[0] = '#VALUE!';
  rows.push({
    time: b.time + 19,
    icao: host.ac.hex,
    fields: badTime,
    malformed: 'non-numeric time `#VALUE!`',
  });
  const c = pick(0.7);
  rows.push({
    time: c.time + 23,
    icao: host.ac.hex,
    fields: c.fields.slice(0, 9).map((v, i) => (i === 0 ? String(c.time + 23) : v)),
    malformed: 'truncated row (9 of 17 fields)',
  });
}

// ---------------------------------------------------------------------------------------------
// Analysis of each flight (truth and fixes) for the checks and the README

interface FlightResult {
  spec: FlightSpec;
  truth: Truth;
  fixes: Map<string, Fix[]>; // by source kind
  files: string[];
  firstSeen: number;
  lastSeen: number;
  entry: number | undefined;
  exit: number | undefined;
  insideMin: number; // truth, strict polygon
  insideTolMin: number; // truth, polygon + TOLERANCE_KM
  fixDwellMin: number; // from fixes, consecutive inside pairs within the gap
  stationMarginKm: number | undefined; // min depth of station points
  minOutsideKm: number; // min distance to the region while outside (Infinity if never)
  everInside: boolean;
  maxGapMin: number; // largest gap between consecutive fixes (merged sources)
}

function analyse(
  spec: FlightSpec,
  tr: Truth,
  fixes: Map<string, Fix[]>,
  region: Region,
): Omit<FlightResult, 'files'> {
  let insideS = 0;
  let tolS = 0;
  let entry: number | undefined;
  let exit: number | undefined;
  let stationMargin: number | undefined;
  let minOutside = Infinity;
  for (let i = 0; i < tr.lat.length; i++) {
    const lat = at(tr.lat, i);
    const lon = at(tr.lon, i);
    const inside = insideRegion(region, lat, lon);
    if (inside) {
      insideS++;
      tolS++;
      entry ??= tr.t0 + i;
      exit = tr.t0 + i;
    }
    if (i % 5 === 0) {
      const phase = at(tr.phase, i);
      if (!inside) {
        const d = edgeDistanceKm(region, lat, lon);
        minOutside = Math.min(minOutside, d);
        if (d <= TOLERANCE_KM) tolS += 5;
      }
      if (phase === 2) {
        const depth = signedDepthKm(region, lat, lon);
        stationMargin = stationMargin === undefined ? depth : Math.min(stationMargin, depth);
      }
    }
  }
  const merged = [...fixes.values()]
    .flat()
    .filter((f) => !f.outlier)
    .sort((a, b) => a.t - b.t);
  let fixDwell = 0;
  let maxGap = 0;
  for (let i = 1; i < merged.length; i++) {
    const a = at(merged, i - 1);
    const b = at(merged, i);
    const dt = b.t - a.t;
    maxGap = Math.max(maxGap, dt);
    if (
      dt <= DEFAULT_GAP_MIN * 60 &&
      insideRegion(region, a.lat, a.lon) &&
      insideRegion(region, b.lat, b.lon)
    ) {
      fixDwell += dt;
    }
  }
  return {
    spec,
    truth: tr,
    fixes,
    firstSeen: at(merged, 0).t,
    lastSeen: at(merged, merged.length - 1).t,
    entry,
    exit,
    insideMin: insideS / 60,
    insideTolMin: tolS / 60,
    fixDwellMin: fixDwell / 60,
    stationMarginKm: stationMargin,
    minOutsideKm: minOutside,
    everInside: insideS > 0,
    maxGapMin: maxGap / 60,
  };
}

function impliedKt(a: Fix, b: Fix): number {
  const dt = Math.abs(b.t - a.t);
  return dt === 0 ? Infinity : (distanceKm(a.lat, a.lon, b.lat, b.lon) / 1.852 / dt) * 3600;
}

/** The generator's promises. Throws (and nothing is written) if any is broken. */
function checkPromises(results: FlightResult[], region: Region): void {
  const baseFrom = epoch(`${BASELINE_FROM}T00:00:00`);
  const surgeFrom = epoch(`${BASELINE_TO}T00:00:00`);
  const surgeTo = epoch(`${SURGE_TO}T00:00:00`);
  let baseline = 0;
  let surge = 0;
  for (const r of results) {
    const { spec } = r;
    const id = `${spec.id} (${spec.ac.hex})`;
    if (spec.expect === 'mission') {
      assert(spec.ac.role === 'isr', `${id}: missions must be flown by ISR types`);
      assert(r.entry !== undefined, `${id}: mission never enters the region`);
      assert(r.stationMarginKm !== undefined, `${id}: mission has no station phase`);
      assert(
        r.stationMarginKm >= STATION_MARGIN_KM,
        `${id}: a station point is only ${r.stationMarginKm.toFixed(1)} km inside the region (need ${STATION_MARGIN_KM})`,
      );
      assert(
        r.fixDwellMin >= 60,
        `${id}: fix-based dwell ${r.fixDwellMin.toFixed(0)} min is too short`,
      );
      if (r.entry >= baseFrom && r.entry < surgeFrom) baseline++;
      else if (r.entry >= surgeFrom && r.entry < surgeTo) surge++;
      else throw new Error(`${id}: mission enters the region outside both periods`);
      assert(
        r.maxGapMin < DEFAULT_GAP_MIN,
        `${id}: a gap of ${r.maxGapMin.toFixed(0)} min would split the sortie`,
      );
      if (r.spec.start.kind === 'ground') {
        const ground = [...r.fixes.values()].flat().sort((a, b) => a.t - b.t);
        assert(
          at(ground, 0).st.ground && at(ground, ground.length - 1).st.ground,
          `${id}: base sortie must start and end on the ground`,
        );
      }
    }
  }
  assert(baseline === 12, `expected 12 baseline missions, got ${baseline}`);
  assert(surge === 18, `expected 18 surge missions, got ${surge}`);

  const byId = new Map(results.map((r) => [r.spec.id, r]));
  const get = (id: string): FlightResult => {
    const r = byId.get(id);
    if (!r) throw new Error(`no flight ${id}`);
    return r;
  };

  // ISR outside the region: never inside, and well clear of any tolerance buffer.
  const pac = get('N06');
  assert(!pac.everInside, 'N06 (Pacific racetrack) enters the region');
  assert(
    pac.minOutsideKm >= OUTSIDE_MARGIN_KM,
    `N06 comes within ${pac.minOutsideKm.toFixed(1)} km of the region`,
  );
  const pacFixes = [...pac.fixes.values()].flat();
  assert(
    pacFixes.every((f) => !insideRegion(region, f.lat, f.lon)),
    'N06: a fix is inside the region',
  );

  // ISR clipping the region: under the minimum dwell however it is measured.
  const clip = get('N09');
  assert(clip.everInside, 'N09 must clip the region');
  assert(
    clip.insideMin >= 3 && clip.insideMin <= 7,
    `N09 inside for ${clip.insideMin.toFixed(1)} min (want ~5)`,
  );
  assert(
    clip.insideTolMin < DEFAULT_MIN_DWELL_MIN - 1,
    `N09 inside ${clip.insideTolMin.toFixed(1)} min with a ${TOLERANCE_KM} km tolerance`,
  );
  assert(
    clip.fixDwellMin < DEFAULT_MIN_DWELL_MIN - 1,
    `N09 fix-based dwell ${clip.fixDwellMin.toFixed(1)} min`,
  );
  const clipFixesInside = [...clip.fixes.values()]
    .flat()
    .filter((f) => insideRegion(region, f.lat, f.lon));
  assert(clipFixesInside.length >= 3, 'N09 should have a few fixes inside the region');

  // Non-ISR military aircraft really orbit inside for ~2 h; airliners really cross it.
  for (const id of ['N04', 'N08']) {
    assert(get(id).insideMin >= 110, `${id} should orbit inside the region for ~2 h`);
  }
  for (const id of ['N01', 'N02', 'N03', 'N05', 'N07', 'N10']) {
    assert(get(id).insideMin >= 10, `${id} should cross the region`);
  }

  // Special cases.
  const hole = get('S05');
  const hf = at([...hole.fixes.values()], 0);
  const gapIdx = hf.findIndex((f, i) => i > 0 && f.t - at(hf, i - 1).t > 30 * 60);
  assert(gapIdx > 0, 'S05 has no coverage hole');
  const before = at(hf, gapIdx - 1);
  const after = at(hf, gapIdx);
  assert(after.t - before.t >= 39 * 60 && after.t - before.t <= 42 * 60, 'S05 hole is not ~40 min');
  assert(
    insideRegion(region, before.lat, before.lon) && insideRegion(region, after.lat, after.lon),
    'S05 hole must be over the Gulf',
  );

  const mid = get('S13');
  assert(
    mid.entry !== undefined && mid.exit !== undefined && utcDate(mid.entry) !== utcDate(mid.exit),
    'S13 must cross midnight UTC inside the region',
  );

  for (const [a, b] of [
    ['S02', 'S03'],
    ['S14', 'S15'],
  ] as const) {
    const ra = get(a);
    const rb = get(b);
    assert(
      ra.entry !== undefined && rb.entry !== undefined && utcDate(ra.entry) === utcDate(rb.entry),
      `${a}/${b} must be on the same day`,
    );
    assert(
      rb.exit !== undefined && utcDate(rb.exit) === utcDate(rb.entry ?? 0),
      `${b} must leave the region before midnight`,
    );
    assert(
      rb.firstSeen - ra.lastSeen > DEFAULT_GAP_MIN * 60,
      `${a}/${b} must be separated by > 2 h without fixes`,
    );
  }

  const out = get('S07');
  const of = at([...out.fixes.values()], 0);
  const oi = of.findIndex((f) => f.outlier);
  assert(oi > 0 && oi < of.length - 1, 'S07 must have one outlier fix in the middle');
  assert(
    impliedKt(at(of, oi - 1), at(of, oi)) > OUTLIER_SPEED_KT &&
      impliedKt(at(of, oi), at(of, oi + 1)) > OUTLIER_SPEED_KT,
    'S07 outlier is not fast enough to drop',
  );
  assert(
    distanceKm(at(of, oi).lat, at(of, oi).lon, at(of, oi - 1).lat, at(of, oi - 1).lon) > 250,
    'S07 outlier is not ~300 km off',
  );

  // No other consecutive pair trips the speed rule (within each source).
  for (const r of results) {
    for (const fx of r.fixes.values()) {
      const clean = fx.filter((f) => !f.outlier);
      for (let i = 1; i < clean.length; i++) {
        const kt = impliedKt(at(clean, i - 1), at(clean, i));
        assert(
          kt < 700,
          `${r.spec.id}: implied speed ${kt.toFixed(0)} kt between fixes ${i - 1} and ${i}`,
        );
      }
    }
  }

  // Merging all sources of a flight (by reader time) never fakes an outlier either.
  for (const r of results) {
    const merged = [...r.fixes.values()]
      .flat()
      .filter((f) => !f.outlier)
      .sort((a, b) => a.t - b.t);
    for (let i = 1; i < merged.length; i++) {
      const kt = impliedKt(at(merged, i - 1), at(merged, i));
      assert(
        kt < OUTLIER_SPEED_KT * 0.85,
        `${r.spec.id}: merged sources imply ${kt.toFixed(0)} kt`,
      );
    }
  }

  // The duplicated sortie really appears in two formats, with different fix times.
  const dup = get('S10');
  const os = dup.fixes.get('opensky');
  const rb = dup.fixes.get('readsb');
  assert(os !== undefined && rb !== undefined, 'S10 must be in OpenSky and readsb');
  const osTimes = new Set(os.map((f) => f.t));
  assert(
    rb.filter((f) => osTimes.has(f.t)).length === 0,
    'S10: readsb fix times must differ from OpenSky',
  );

  // Aircraft never overlap with themselves; separate sorties are separated by > 2 h.
  const byHex = new Map<string, FlightResult[]>();
  for (const r of results) byHex.set(r.spec.ac.hex, [...(byHex.get(r.spec.ac.hex) ?? []), r]);
  for (const [hex, list] of byHex) {
    const sorted = [...list].sort((a, b) => a.firstSeen - b.firstSeen);
    for (let i = 1; i < sorted.length; i++) {
      const gap = at(sorted, i).firstSeen - at(sorted, i - 1).lastSeen;
      if (at(sorted, i).spec.sources.some((s) => s.kind === 'fr24')) continue;
      assert(
        gap > DEFAULT_GAP_MIN * 60,
        `${hex}: sorties ${at(sorted, i - 1).spec.id}/${at(sorted, i).spec.id} only ${Math.round(gap / 60)} min apart`,
      );
    }
  }

  // readsb files are per UTC day.
  for (const r of results) {
    const fx = r.fixes.get('readsb');
    if (fx)
      assert(
        utcDate(at(fx, 0).t) === utcDate(at(fx, fx.length - 1).t),
        `${r.spec.id}: readsb trace crosses midnight UTC`,
      );
  }
}

// ---------------------------------------------------------------------------------------------
// README

function regionLabel(region: Region): string {
  const rel = relative(process.cwd(), region.source).split(sep).join('/');
  return rel.startsWith('/') ? region.source : rel;
}

function minutesLabel(m: number): string {
  if (m < 0.5) return '0';
  if (m < 15) return `~${Math.round(m)}`;
  return `~${Math.round(m / 5) * 5}`;
}

function buildReadme(
  results: FlightResult[],
  malformed: Array<{ file: string; line: number; what: string }>,
  files: OutFile[],
  region: Region,
  dupFiles: string[],
): string {
  const missions = results.filter((r) => r.spec.expect === 'mission');
  const surgeFrom = epoch(`${BASELINE_TO}T00:00:00`);
  const perDay = new Map<string, number>();
  for (const r of missions) {
    if (r.entry !== undefined && r.entry >= surgeFrom)
      perDay.set(utcDate(r.entry), (perDay.get(utcDate(r.entry)) ?? 0) + 1);
  }
  const rows = results.map((r) => {
    const s = r.spec;
    const d1 = utcDate(r.firstSeen);
    const d2 = utcDate(r.lastSeen);
    const dates = d1 === d2 ? d1 : `${d1} → ${d2.slice(5)}`;
    const times = `${isoMinutes(r.firstSeen).slice(11)}–${isoMinutes(r.lastSeen).slice(11)}`;
    const counts =
      s.expect === 'mission'
        ? `**yes** (${r.entry !== undefined && r.entry >= surgeFrom ? 'surge' : 'baseline'})`
        : 'no';
    const ac = `\`${s.ac.hex}\` ${s.ac.reg === '' ? '(civil)' : s.ac.reg}`;
    return `| ${s.id} | ${ac} | ${s.ac.type} | ${s.callsign === '' ? '–' : s.callsign} | ${dates} ${times} | ${r.files.map((f) => `\`${f}\``).join('<br>')} | ${minutesLabel(r.insideMin)} | ${counts} | ${s.why} |`;
  });
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  const fileRows = files.map(
    (f) => `| \`${f.path}\` | ${f.desc} | ${withCommas(f.bytes.length)} |`,
  );
  const dayRows = [...perDay.entries()].sort().map(([d, n]) => `| ${d} | ${n} |`);
  return `# Demo dataset (SIMULATED)

> [!WARNING]
> **SIMULATED DATA — NOT REAL FLIGHT DATA.** Every position in this folder was generated by
> \`scripts/generate-demo.ts\` from a seeded random generator. No flight here happened as shown.
> The military hex codes, registrations and ICAO types are the real public identifiers of those
> aircraft (from plane-alert-db / tar1090-db); they are used only so that identification can be
> exercised. The civil hexes \`0d0a0b\` and \`a0b1c2\` are placeholders, not looked up.

The dataset imitates the publicly reported pattern of early 2025: about one US ISR mission a month
over the Gulf of California for a year, then a two-week surge of 18 missions (27 Jan – 9 Feb 2025),
plus negatives that must **not** count and a few deliberate data faults.

## Regenerate

\`\`\`sh
npm run demo:generate            # deletes and rewrites opensky/, readsb/, fr24/ and this README
# or, after \`npm run build\`:
node dist/scripts/generate-demo.js [outDir] [--region <geojson>]
\`\`\`

The output is byte-for-byte deterministic (seed ${SEED}). The generator checks its own promises
against the region polygon (feature \`${REGION_ID}\`, read from
\`${regionLabel(region)}\`, own ray casting) and refuses to write if any breaks.

## Expected results (defaults: minimum dwell ${DEFAULT_MIN_DWELL_MIN} min, gap ${DEFAULT_GAP_MIN / 60} h, outlier speed ${withCommas(OUTLIER_SPEED_KT)} kt)

- **12 missions** in the baseline **2024-02-01 → 2025-01-27** (one per calendar month, Feb 2024 – Jan 2025).
- **18 missions** in the surge **2025-01-27 → 2025-02-10** (end exclusive): 11 P-8, 4 RC-135, 1 U-2, 1 RQ-4, 1 MQ-9.
- A mission is dated by the UTC day it first enters the region.
- Without de-duplication across sources the surge would show 19 (S10 is in two files).

\`npm run demo\` reports the surge by day:

| day (UTC) | missions |
|---|---|
${dayRows.join('\n')}

## Flights

"Inside" is the simulated time inside the region polygon (no tolerance), rounded.

| id | aircraft | type | callsign | date(s), first–last seen (UTC) | file(s) | min inside | counts? | why / what it tests |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

## Things the pipeline must handle

- **Malformed rows** (must be counted as skipped, not crash the run):
${malformed.map((m) => `  - \`${m.file}\` line ${m.line}: ${m.what}`).join('\n')}
- **Same sortie in two formats:** S10 (\`ae01c7\`, 2025-02-03) is in ${dupFiles.map((f) => `\`${f}\``).join(' and ')}; fixes are at different times (readsb every ~30–55 s with fractional seconds, starting a few minutes later and ending earlier). It is one mission.
- **Coverage hole:** S05 has no fixes for 40 min while on station over the Gulf; the sortie must not be split (gap ${DEFAULT_GAP_MIN / 60} h).
- **Outlier:** S07 has one fix ~300 km west of its track (over the Pacific); the implied speed is far above ${withCommas(OUTLIER_SPEED_KT)} kt.
- **Midnight:** S13 enters the region on 2025-02-05 and leaves on 2025-02-06: one mission, dated 02-05.
- **Two sorties in a day:** S02/S03 (\`ae222c\`, 01-28) and S14/S15 (\`ae57b7\`, 02-06) land in between and stay > 2 h without fixes: two missions each day.
- **Ground rows:** base sorties start and end with \`onground=true\` rows (OpenSky: empty \`baroaltitude\`, \`geoaltitude\` and \`vertrate\`; readsb: altitude \`"ground"\`). These are valid rows, not malformed ones.
- **Airborne at first sight:** RC-135 (from Offutt), U-2 and RQ-4 tracks start and end in the air over southern California.
- **Compression:** large OpenSky months are \`.csv.gz\`; some readsb traces are gzip under a \`.json\` name (detect by the magic bytes \`1f 8b\`).
- **readsb callsigns** appear only in sparse details objects (some without \`flight\`); the U-2 has none at all.
- **FR24** rows carry no hex: N10 can only be identified (as civil) from its callsign and file name.
- **Identification:** the KC-135R \`ae0137\` (63-7978, K35R; in tar1090-db and plane-alert-db) and the C-130J \`ae4af6\` are military but not ISR types.

## Files

| file | content | bytes |
|---|---|---|
${fileRows.join('\n')}
| total (without this README) | | ${withCommas(total)} |
`;
}

// ---------------------------------------------------------------------------------------------
// Main

interface OutFile {
  path: string; // relative to outDir, forward slashes
  bytes: Buffer;
  desc: string;
}

function parseArgs(argv: string[]): { outDir: string; region: string | undefined } {
  let outDir = 'fixtures/demo';
  let region: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = at(argv, i);
    if (a === '--region') {
      region = argv[++i];
      if (region === undefined) throw new Error('--region needs a file');
    } else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: generate-demo [outDir] [--region <geojson>]\n');
      process.exit(0);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else outDir = a;
  }
  return { outDir, region };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const region = loadRegion(args.region);
  const flights = buildFlights();

  const openskyByMonth = new Map<string, CsvRow[]>();
  const files: OutFile[] = [];
  const results: FlightResult[] = [];
  const filesByFlight = new Map<string, string[]>();
  const addFile = (id: string, path: string): void => {
    const list = filesByFlight.get(id) ?? [];
    if (!list.includes(path)) list.push(path);
    filesByFlight.set(id, list);
  };
  const monthRows = new Map<string, Set<string>>(); // month → flight ids

  for (const spec of flights) {
    const tr = simulate(spec);
    const fixesBySource = new Map<string, Fix[]>();
    for (const src of spec.sources) {
      const fixes = sampleFixes(spec, tr, src, [...fixesBySource.values()].flat());
      fixesBySource.set(src.kind, fixes);
      if (src.kind === 'opensky') {
        for (const row of openskyRows(spec, fixes)) {
          const m = utcMonth(row.time);
          const list = openskyByMonth.get(m) ?? [];
          list.push(row);
          openskyByMonth.set(m, list);
          monthRows.set(m, (monthRows.get(m) ?? new Set()).add(spec.id));
        }
      } else if (src.kind === 'readsb') {
        const path = `readsb/traces/${spec.ac.hex.slice(-2)}/trace_full_${spec.ac.hex}.json`;
        const text = readsbTrace(spec, fixes);
        files.push({
          path,
          bytes: src.gzip ? gzipSync(Buffer.from(text)) : Buffer.from(text),
          desc: `readsb trace_full, ${spec.ac.hex} ${utcDate(at(fixes, 0).t)}, ${fixes.length} points${src.gzip ? ', gzip-compressed (name kept .json)' : ''}`,
        });
        addFile(spec.id, path);
      } else {
        const path = `fr24/${spec.callsign}_${src.flightId}.csv`;
        files.push({
          path,
          bytes: Buffer.from(fr24Csv(spec, fixes)),
          desc: `FlightRadar24 per-flight CSV, ${spec.callsign} ${utcDate(at(fixes, 0).t)}, ${fixes.length} rows`,
        });
        addFile(spec.id, path);
      }
    }
    results.push({ ...analyse(spec, tr, fixesBySource, region), files: [] });
  }

  // OpenSky monthly files.
  const malformed: Array<{ file: string; line: number; what: string }> = [];
  const host = flights.find((f) => f.malformedRows);
  if (!host) throw new Error('no host for malformed rows');
  for (const month of [...openskyByMonth.keys()].sort()) {
    const rows = openskyByMonth.get(month) ?? [];
    if (monthRows.get(month)?.has(host.id)) addMalformedRows(rows, host);
    rows.sort(
      (a, b) =>
        a.time - b.time ||
        a.icao.localeCompare(b.icao) ||
        at(a.fields, 15).localeCompare(at(b.fields, 15)),
    );
    const text = `${OPENSKY_HEADER}\n${rows.map((r) => r.fields.join(',')).join('\n')}\n`;
    const hasMalformed = rows.some((r) => r.malformed !== undefined);
    const gzip = Buffer.byteLength(text) > GZIP_OVER_BYTES && !hasMalformed;
    const path = `opensky/states_${month}.csv${gzip ? '.gz' : ''}`;
    rows.forEach((r, i) => {
      if (r.malformed !== undefined) malformed.push({ file: path, line: i + 2, what: r.malformed });
    });
    files.push({
      path,
      bytes: gzip ? gzipSync(Buffer.from(text)) : Buffer.from(text),
      desc: `OpenSky state vectors, ${rows.length} rows${hasMalformed ? ` (${malformed.length} malformed)` : ''}${gzip ? ', gzip' : ''}`,
    });
    for (const id of monthRows.get(month) ?? []) addFile(id, path);
  }
  for (const r of results) r.files = filesByFlight.get(r.spec.id) ?? [];

  checkPromises(results, region);
  assert(malformed.length === 3, 'expected exactly 3 malformed rows');
  assert(
    files.some((f) => f.path.endsWith('.csv.gz')),
    'at least one OpenSky month must be gzipped',
  );
  assert(
    files.some((f) => f.path.startsWith('readsb/') && f.bytes[0] === 0x1f && f.bytes[1] === 0x8b),
    'at least one readsb trace must be gzipped',
  );

  const dupFiles = filesByFlight.get('S10') ?? [];
  files.sort((a, b) => a.path.localeCompare(b.path));
  const readme = buildReadme(results, malformed, files, region, dupFiles);
  files.push({ path: 'README.md', bytes: Buffer.from(readme), desc: 'this description' });
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  assert(
    total <= MAX_TOTAL_BYTES,
    `dataset is ${withCommas(total)} bytes (limit ${withCommas(MAX_TOTAL_BYTES)})`,
  );

  // Delete the previously generated files, then write.
  const outDir = resolve(args.outDir);
  for (const sub of ['opensky', 'readsb', 'fr24', 'README.md']) {
    rmSync(join(outDir, sub), { recursive: true, force: true });
  }
  for (const f of files) {
    const full = join(outDir, f.path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, f.bytes);
    process.stdout.write(
      `${f.path.padEnd(44)} ${withCommas(f.bytes.length).padStart(9)} bytes  ${f.desc}\n`,
    );
  }
  process.stdout.write(
    `${files.length} files, ${withCommas(total)} bytes in ${outDir}: ${results.filter((r) => r.spec.expect === 'mission').length} missions (12 baseline, 18 surge), ${results.filter((r) => r.spec.expect === 'negative').length} negatives\n`,
  );
}

main();
