/**
 * A simulated P-8 sortie over the Gulf of California seen by four kinds of receiver network at once
 * (SIMULATED, not real flight data). It is built to break naive counting in every way at once:
 *
 * - the same sortie is in OpenSky (10 s), FlightRadar24 (45 s, whole seconds, 4 decimals, no
 *   address), an SBS/BaseStation receiver (3 s, only north of 27°N) and readsb (32 s, fractional
 *   seconds), with the same fixes reported by several of them;
 * - a 40-minute coverage hole over the Gulf (every source), plus holes of single sources;
 * - it crosses midnight UTC on station;
 * - its ICAO address changes in flight (airframe ae6881 to the tactical code ae68f0, same callsign
 *   PELT31) at 01:10 UTC, except in FlightRadar24, whose file carries no address at all.
 *
 * Used by tests/multisource.test.ts (in memory, four sources) and by
 * scripts/generate-multisource.ts (files in the formats sortie reads: fixtures/multisource/).
 */
import type { Position } from '../src/ingest/types.js';

export const AIRFRAME_HEX = 'ae6881';
export const TACTICAL_HEX = 'ae68f0';
export const CALLSIGN = 'PELT31';
export const START_MS = Date.parse('2025-03-10T21:00:00Z');
export const HEX_CHANGE_MS = Date.parse('2025-03-11T01:10:00Z');
/** No source hears the aircraft in this interval (on station over the Gulf). */
export const COMMON_HOLE: readonly [number, number] = [
  Date.parse('2025-03-10T23:20:00Z'),
  Date.parse('2025-03-11T00:00:00Z'),
];

/** The true state once a second. */
export interface TruthPoint {
  readonly timeMs: number;
  readonly lat: number;
  readonly lon: number;
  readonly altitudeFt: number;
  readonly groundSpeedKt: number;
  readonly trackDeg: number;
}

const KM_PER_DEG = 111.195;
const KM_PER_NM = 1.852;
const STATION = { lat: 26.8, lon: -110.9, legKm: 70, turnKm: 8 } as const;

const kmPerDegLon = (lat: number): number => KM_PER_DEG * Math.cos((lat * Math.PI) / 180);

function trackBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dx = (b.lon - a.lon) * kmPerDegLon((a.lat + b.lat) / 2);
  const dy = (b.lat - a.lat) * KM_PER_DEG;
  return ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
}

/** Straight legs between waypoints at constant speed and altitude, once a second from `startMs`. */
function route(
  waypoints: readonly (readonly [number, number])[],
  kt: number,
  altitudeFt: number,
  startMs: number,
): TruthPoint[] {
  const out: TruthPoint[] = [];
  const kmPerS = (kt * KM_PER_NM) / 3600;
  let t = startMs;
  for (let i = 1; i < waypoints.length; i += 1) {
    const [lat1, lon1] = waypoints[i - 1] as readonly [number, number];
    const [lat2, lon2] = waypoints[i] as readonly [number, number];
    const km = Math.hypot((lat2 - lat1) * KM_PER_DEG, (lon2 - lon1) * kmPerDegLon(lat1));
    const seconds = Math.round(km / kmPerS);
    const track = trackBetween({ lat: lat1, lon: lon1 }, { lat: lat2, lon: lon2 });
    for (let s = 0; s < seconds; s += 1) {
      const f = s / seconds;
      out.push({
        timeMs: t,
        lat: lat1 + (lat2 - lat1) * f,
        lon: lon1 + (lon2 - lon1) * f,
        altitudeFt,
        groundSpeedKt: kt,
        trackDeg: track,
      });
      t += 1000;
    }
  }
  return out;
}

/** The racetrack on station (left turns), once a second for `minutes`. */
function racetrack(kt: number, altitudeFt: number, startMs: number, minutes: number): TruthPoint[] {
  const { legKm, turnKm } = STATION;
  const lap = 2 * legKm + 2 * Math.PI * turnKm;
  const kmPerS = (kt * KM_PER_NM) / 3600;
  const at = (d: number): [number, number] => {
    const s = ((d % lap) + lap) % lap;
    const half = legKm / 2;
    if (s < legKm) return [-half + s, -turnKm];
    if (s < legKm + Math.PI * turnKm) {
      const a = -Math.PI / 2 + (s - legKm) / turnKm;
      return [half + turnKm * Math.cos(a), turnKm * Math.sin(a)];
    }
    if (s < 2 * legKm + Math.PI * turnKm) return [half - (s - legKm - Math.PI * turnKm), turnKm];
    const a = Math.PI / 2 + (s - 2 * legKm - Math.PI * turnKm) / turnKm;
    return [-half + turnKm * Math.cos(a), turnKm * Math.sin(a)];
  };
  const out: TruthPoint[] = [];
  for (let s = 0; s < minutes * 60; s += 1) {
    const [x, y] = at(s * kmPerS);
    const [x2, y2] = at((s + 1) * kmPerS);
    out.push({
      timeMs: startMs + s * 1000,
      lat: STATION.lat + y / KM_PER_DEG,
      lon: STATION.lon + x / kmPerDegLon(STATION.lat),
      altitudeFt,
      groundSpeedKt: kt,
      trackDeg: ((Math.atan2(x2 - x, y2 - y) * 180) / Math.PI + 360) % 360,
    });
  }
  return out;
}

/** The whole sortie: in from the north past Yuma, 5.5 h on station, back north. */
export function simulateSortie(): TruthPoint[] {
  const stationStart: [number, number] = [
    STATION.lat - STATION.turnKm / KM_PER_DEG,
    STATION.lon - STATION.legKm / 2 / kmPerDegLon(STATION.lat),
  ];
  const inbound = route(
    [[32.6, -114.75], [31.2, -114.3], [29.0, -112.95], stationStart],
    440,
    28_000,
    START_MS,
  );
  const onStation = racetrack(320, 24_000, (inbound.at(-1) as TruthPoint).timeMs + 1000, 330);
  const last = onStation.at(-1) as TruthPoint;
  const outbound = route(
    [
      [last.lat, last.lon],
      [29.0, -112.95],
      [31.2, -114.3],
      [32.6, -114.75],
    ],
    440,
    29_000,
    last.timeMs + 1000,
  );
  return [...inbound, ...onStation, ...outbound];
}

/** How one network reports the aircraft. */
export interface SourceSpec {
  readonly name: string;
  readonly fileIndex: number;
  /** One report every `everyS` seconds, `offsetS` after the whole second (fractional for readsb). */
  readonly everyS: number;
  readonly offsetS: number;
  /** Reported time rounded to the whole second (FR24), and late by this many seconds. */
  readonly wholeSeconds?: boolean;
  readonly clockSkewS?: number;
  /** Decimals kept in lat/lon (FR24 writes 4 to 6). */
  readonly decimals?: number;
  /** Intervals the network does not hear the aircraft, besides the common hole. */
  readonly holes?: readonly (readonly [number, number])[];
  /** Only hears the aircraft north of this latitude (one receiver's range). */
  readonly northOf?: number;
  /** Carries the address (false for FR24 per-flight files: one is given with --aircraft). */
  readonly carriesAddress: boolean;
  /** Carries the ICAO type (readsb traces, from the receiver's database). */
  readonly carriesType?: boolean;
}

const MIN = 60_000;
export const SOURCES: readonly SourceSpec[] = [
  {
    name: 'opensky',
    fileIndex: 0,
    everyS: 10,
    offsetS: 0,
    carriesAddress: true,
    holes: [[Date.parse('2025-03-11T02:00:00Z'), Date.parse('2025-03-11T02:25:00Z')]],
  },
  {
    name: 'fr24',
    fileIndex: 1,
    everyS: 45,
    offsetS: 0.4,
    wholeSeconds: true,
    clockSkewS: 1,
    decimals: 4,
    carriesAddress: false,
  },
  { name: 'sbs', fileIndex: 2, everyS: 3, offsetS: 0.37, northOf: 27, carriesAddress: true },
  {
    name: 'readsb',
    fileIndex: 3,
    everyS: 32,
    offsetS: 0.61,
    carriesAddress: true,
    carriesType: true,
    holes: [[START_MS + 150 * MIN, START_MS + 170 * MIN]],
  },
];

/** The address a source with addresses reports at a time: the airframe's, then the tactical code. */
export const hexAt = (timeMs: number): string =>
  timeMs < HEX_CHANGE_MS ? AIRFRAME_HEX : TACTICAL_HEX;

const round = (x: number, decimals: number | undefined): number =>
  decimals === undefined ? x : Number(x.toFixed(decimals));

/**
 * What one source reports: the true state at its sampling instants, outside its holes. FR24 (no
 * address) is given the airframe's address throughout, as `--aircraft` would.
 */
export function sampleSource(truth: readonly TruthPoint[], spec: SourceSpec): Position[] {
  const out: Position[] = [];
  const first = (truth[0] as TruthPoint).timeMs;
  const holes = [COMMON_HOLE, ...(spec.holes ?? [])];
  for (let i = 0; i < truth.length; i += spec.everyS) {
    const p = truth[i] as TruthPoint;
    if (holes.some(([a, b]) => p.timeMs >= a && p.timeMs < b)) continue;
    if (spec.northOf !== undefined && p.lat < spec.northOf) continue;
    let timeMs = first + i * 1000 + spec.offsetS * 1000;
    if (spec.wholeSeconds) timeMs = Math.round(timeMs / 1000) * 1000;
    timeMs += (spec.clockSkewS ?? 0) * 1000;
    out.push({
      hex: spec.carriesAddress ? hexAt(p.timeMs) : AIRFRAME_HEX,
      callsign: CALLSIGN,
      timeMs,
      lat: round(p.lat, spec.decimals),
      lon: round(p.lon, spec.decimals),
      altitudeFt: p.altitudeFt,
      onGround: false,
      groundSpeedKt: p.groundSpeedKt,
      trackDeg: Math.round(p.trackDeg),
      typeCode: spec.carriesType ? 'P8' : null,
      registration: null,
      dbFlags: null,
      source: { fileIndex: spec.fileIndex, line: out.length + 2 },
    });
  }
  return out;
}
