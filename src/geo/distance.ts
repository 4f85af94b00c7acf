export const EARTH_RADIUS_KM = 6371.0088;
export const KM_PER_NM = 1.852;
/** Radians per degree. */
export const RAD = Math.PI / 180;

/** Great-circle distance in km (haversine); accurate to ~0.5% which is ample for speed checks. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Ground speed in knots implied by two fixes; a zero time step counts as one second. */
export function impliedSpeedKt(
  a: { lat: number; lon: number; timeMs: number },
  b: { lat: number; lon: number; timeMs: number },
): number {
  return speedKtBetween(a.timeMs, a.lat, a.lon, b.timeMs, b.lat, b.lon);
}

/** `impliedSpeedKt` of two fixes given by their numbers (no object needed). */
export function speedKtBetween(
  timeMsA: number,
  latA: number,
  lonA: number,
  timeMsB: number,
  latB: number,
  lonB: number,
): number {
  const hours = Math.max(Math.abs(timeMsB - timeMsA), 1000) / 3_600_000;
  return distanceKm(latA, lonA, latB, lonB) / KM_PER_NM / hours;
}
