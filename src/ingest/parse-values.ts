/** Small, strict value parsers shared by the format readers. Each returns null for empty or invalid text. */

export const FT_PER_M = 3.28084;
export const KT_PER_MPS = 1.943844;

/** A finite number, or null for '', 'NaN', 'null', garbage. */
export function parseNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.trim();
  if (t === '' || t === 'NaN' || t === 'nan' || t === 'null' || t === 'None') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** `true`/`TRUE`/`True`/`1` and their false twins; anything else is null. */
export function parseBoolean(text: string | undefined): boolean | null {
  if (text === undefined) return null;
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === '1' || t === '-1') return true;
  if (t === 'false' || t === '0') return false;
  return null;
}

/** A trimmed callsign, or null when empty. */
export function cleanCallsign(text: string | undefined | null): string | null {
  if (text === undefined || text === null) return null;
  // Control characters have no place in a callsign and would reach terminals and logs.
  const t = text
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .trim()
    .toUpperCase();
  return t === '' ? null : t;
}

const HEX_RE = /^[0-9a-f]{6}$/;

/** A lowercase 6-digit ICAO address, or null. A leading `~` (non-ICAO address) is kept out: such rows carry no airframe identity. */
export function parseHex(text: string | undefined | null): string | null {
  if (text === undefined || text === null) return null;
  const t = text.trim().toLowerCase();
  return HEX_RE.test(t) ? t : null;
}

/** Within WGS84 bounds and not (0,0), which is treated as missing: no real fix of these formats lands there. */
export function isFixLatLon(lat: number, lon: number): boolean {
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return false;
  return !(lat === 0 && lon === 0);
}

/** Latitude and longitude as isFixLatLon accepts them, else null. */
export function checkLatLon(
  lat: number | null,
  lon: number | null,
): { lat: number; lon: number } | null {
  if (lat === null || lon === null || !isFixLatLon(lat, lon)) return null;
  return { lat, lon };
}

/** Epoch seconds accepted: 1990 to 2100; anything else is a wrong unit or a broken row. */
export const FIRST_EPOCH_S = 631_152_000;
export const LAST_EPOCH_S = 4_102_444_800;

export function epochSecondsToMs(seconds: number | null): number | null {
  if (seconds === null) return null;
  if (seconds < FIRST_EPOCH_S || seconds > LAST_EPOCH_S) return null;
  return Math.round(seconds * 1000);
}
