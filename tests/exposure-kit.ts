/**
 * A simulated receiver log for exposure tests: a sparse regional SBS receiver with quiet days and a
 * real outage that cuts an airliner off in mid-air (tests/exposure.test.ts, and the database path's
 * integration test, which must measure the same exposure from the loaded log).
 */
import { mulberry32 } from '../src/seeded-random.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const ms = (iso: string): number => Date.parse(iso);

/** One SBS MSG,3 line (airborne position) and, with speed, a MSG,4 (velocity) before it. */
export function sbs(
  hex: string,
  t: number,
  lat: number,
  lon: number,
  altFt: number,
  kt: number,
  trk: number,
): string {
  const d = new Date(t).toISOString();
  const date = d.slice(0, 10).replaceAll('-', '/');
  const time = d.slice(11, 23);
  const head = `${hex},1,${date},${time},${date},${time}`;
  return (
    `MSG,4,1,1,${head},,,${kt},${trk},,,0,,,,,0\n` +
    `MSG,3,1,1,${head},,${altFt},,,${lat.toFixed(4)},${lon.toFixed(4)},,,,,,0\n`
  );
}

/** A receiver near Guaymas hears aircraft within this range. */
export const RX = { lat: 28, lon: -111, rangeKm: 350 };
export const kmFromRx = (lat: number, lon: number): number => {
  const dy = (lat - RX.lat) * 111.2;
  const dx = (lon - RX.lon) * 111.2 * Math.cos((RX.lat * Math.PI) / 180);
  return Math.hypot(dx, dy);
};

export interface Sim {
  readonly text: string;
  readonly outage: { startMs: number; endMs: number };
}

/**
 * A sparse regional receiver log: Poisson(2) airliner crossings a day at random times, days with
 * no traffic at all, a P-8 orbit on the 15th of every month (and two in the window), and a 72-hour
 * receiver outage that cuts one airliner off in mid-air and ends with another already crossing.
 */
export function sparseReceiverLog(
  options: {
    /**
     * A P-8 orbit heard in the middle of the outage (by another receiver of the network, say):
     * the receiver's own traffic is silent all the same.
     */
    orbitInOutage?: boolean;
  } = {},
): Sim {
  const random = mulberry32(20250203);
  const from = ms('2024-02-01T00:00:00Z');
  const to = ms('2025-02-10T00:00:00Z');
  const outage = { startMs: ms('2025-01-31T13:20:00Z'), endMs: ms('2025-02-03T13:20:00Z') };
  const quietDays = new Set([ms('2025-01-28T00:00:00Z'), ms('2025-02-06T00:00:00Z')]);
  const lines: Array<[number, string]> = [];
  let airliner = 0;
  const crossing = (start: number): void => {
    airliner += 1;
    const hex = (0x0d0000 + airliner).toString(16).padStart(6, '0');
    const offset = (random() - 0.5) * 1.2;
    const [lat0, lon0, lat1, lon1] = [30.5 + offset, -115, 25.5 + offset, -107];
    const steps = 100;
    for (let k = 0; k <= steps; k += 1) {
      const lat = lat0 + ((lat1 - lat0) * k) / steps;
      const lon = lon0 + ((lon1 - lon0) * k) / steps;
      const t = start + k * MIN;
      if (kmFromRx(lat, lon) > RX.rangeKm) continue;
      if (t >= outage.startMs && t < outage.endMs) continue;
      lines.push([t, sbs(hex.toUpperCase(), t, lat, lon, 35000, 450, 118)]);
    }
  };
  for (let day = from; day < to; day += DAY) {
    if (quietDays.has(day)) continue;
    // Poisson(2) by inversion.
    let n = 0;
    for (let p = Math.exp(-2), u = random(), cum = p; u > cum; n += 1) {
      p *= 2 / (n + 1);
      cum += p;
    }
    for (let i = 0; i < n; i += 1) crossing(day + Math.floor(random() * 22 * HOUR));
  }
  crossing(outage.startMs - 30 * MIN);
  crossing(outage.endMs - 30 * MIN);
  const orbit = (start: number): void => {
    for (let k = 0; k < 4 * 60; k += 2) {
      const a = (k / 40) * 2 * Math.PI;
      const t = start + k * MIN;
      lines.push([
        t,
        sbs('AE222C', t, 27 + 0.4 * Math.sin(a), -111 + 0.6 * Math.cos(a), 24000, 300, 90),
      ]);
    }
  };
  for (let m = 0; m < 12; m += 1) orbit(Date.UTC(2024, 1 + m, 15, 16));
  orbit(ms('2025-01-29T16:00:00Z'));
  orbit(ms('2025-02-07T16:00:00Z'));
  if (options.orbitInOutage === true) orbit(ms('2025-02-02T01:00:00Z'));
  lines.sort((a, b) => a[0] - b[0]);
  return { text: lines.map(([, l]) => l).join(''), outage };
}
