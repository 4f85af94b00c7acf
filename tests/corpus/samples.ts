/**
 * Valid base samples of each reader's format, built in code (licence-clean, deterministic).
 * Each is a short sortie of a surveillance aircraft over the Gulf of California.
 */

const T0 = 1738600000; // 2025-02-03T16:26:40Z
const N = 40;

/** A racetrack-ish path in the middle of the Gulf, one fix a minute. */
export function pathPoint(k: number): { t: number; lat: number; lon: number; altFt: number } {
  return {
    t: T0 + k * 60,
    lat: 26.5 + 0.3 * Math.sin(k / 6),
    lon: -110.5 + 0.3 * Math.cos(k / 6),
    altFt: 25000,
  };
}

export const OPENSKY_HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact,hour';

export function openskyRow(k: number, hex = 'ae01c7'): string {
  const p = pathPoint(k);
  const altM = (p.altFt / 3.28084).toFixed(2);
  return `${p.t},${hex},${p.lat.toFixed(6)},${p.lon.toFixed(6)},180.5,90.0,0.0,JAKE21  ,false,false,false,1234,${altM},${altM},${p.t - 1}.5,${p.t - 1}.9,${p.t - (p.t % 3600)}`;
}

export function opensky(n = N, hex = 'ae01c7'): string {
  return (
    [OPENSKY_HEADER, ...Array.from({ length: n }, (_, k) => openskyRow(k, hex))].join('\n') + '\n'
  );
}

export const FR24_HEADER = 'Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction';

export function fr24Row(k: number, columns: 6 | 7 = 7): string {
  const p = pathPoint(k);
  const utc = new Date(p.t * 1000).toISOString().replace('.000Z', 'Z');
  const pos = `"${p.lat.toFixed(6)},${p.lon.toFixed(6)}"`;
  return columns === 7
    ? `${p.t},${utc},PELT51,${pos},${p.altFt},350,90`
    : `${p.t},PELT51,${pos},${p.altFt},350,90`;
}

export function fr24(n = N, columns: 6 | 7 = 7): string {
  const header = columns === 7 ? FR24_HEADER : FR24_HEADER.replace('UTC,', '');
  return [header, ...Array.from({ length: n }, (_, k) => fr24Row(k, columns))].join('\n') + '\n';
}

export function readsbTrace(n = N): string {
  const points = Array.from({ length: n }, (_, k) => {
    const p = pathPoint(k);
    const details = k % 10 === 0 ? { flight: 'JAKE21  ', squawk: '1234' } : null;
    return [
      k * 60,
      Number(p.lat.toFixed(6)),
      Number(p.lon.toFixed(6)),
      p.altFt,
      350,
      90,
      0,
      0,
      details,
      'adsb_icao',
    ];
  });
  return JSON.stringify({
    icao: 'ae01c7',
    r: '64-14845',
    t: 'R135',
    dbFlags: 1,
    timestamp: T0,
    trace: points,
  });
}

/** Any other CSV: columns found by their names (time first, so time mutations apply). */
export function genericCsv(n = N): string {
  const rows = Array.from({ length: n }, (_, k) => {
    const p = pathPoint(k);
    return `${p.t},ae01c7,${p.lat.toFixed(6)},${p.lon.toFixed(6)},${p.altFt},JAKE21`;
  });
  return ['timestamp,icao,latitude,longitude,altitude_ft,callsign', ...rows].join('\n') + '\n';
}

/** A readsb BaseStation (port 30003) log in UTC: headerless, airborne positions (MSG,3) only. */
export function sbs(n = N): string {
  const rows = Array.from({ length: n }, (_, k) => {
    const p = pathPoint(k);
    const iso = new Date(p.t * 1000).toISOString();
    const at = `${iso.slice(0, 10).replace(/-/g, '/')},${iso.slice(11, 23)}`;
    return `MSG,3,1,1,AE01C7,1,${at},${at},,${p.altFt},,,${p.lat.toFixed(6)},${p.lon.toFixed(6)},,,0,0,0,0`;
  });
  return rows.join('\n') + '\n';
}

export interface Sample {
  readonly name: string;
  readonly ext: string;
  readonly text: () => string;
  readonly kind: 'csv' | 'json';
  /** Mutations that mean nothing for this format (a headerless log has no header to repeat). */
  readonly skip?: readonly string[];
  /** Mutations this format survives by design, with every row used. */
  readonly survives?: readonly string[];
}

/** Mutations built on a header row or on epoch times in the first column. */
const HEADER_OR_EPOCH = [
  'header-only',
  'concatenated-with-header',
  'reordered-columns',
  'reversed-rows',
  'every-row-twice',
  'extra-field',
  'missing-fields',
  'times-in-milliseconds',
  'times-in-1970',
  'times-far-future',
];

/** The base samples every mutation is applied to. */
export const SAMPLES: readonly Sample[] = [
  { name: 'opensky', ext: 'csv', text: () => opensky(), kind: 'csv' },
  { name: 'fr24-7col', ext: 'csv', text: () => fr24(N, 7), kind: 'csv' },
  { name: 'fr24-6col', ext: 'csv', text: () => fr24(N, 6), kind: 'csv' },
  // Any-CSV reading tells epoch milliseconds from seconds by their size.
  {
    name: 'generic-csv',
    ext: 'csv',
    text: () => genericCsv(),
    kind: 'csv',
    survives: ['times-in-milliseconds'],
  },
  { name: 'sbs', ext: 'txt', text: () => sbs(), kind: 'csv', skip: HEADER_OR_EPOCH },
  { name: 'readsb-trace', ext: 'json', text: () => readsbTrace(), kind: 'json' },
];

export const SAMPLE_ROWS = N;
