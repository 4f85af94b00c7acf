/**
 * Finds the position fields of an arbitrary table (CSV header, dBase fields) by common column names,
 * unit suffixes and the user's `--map`/`--units`.
 */

export const MAPPED_FIELDS = [
  'time',
  'date',
  'lat',
  'lon',
  'alt',
  'callsign',
  'hex',
  'speed',
  'track',
  'onground',
  'registration',
  'type',
  'squawk',
  'geometry',
] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

/** Column names per field, best first; names are compared after `normaliseColumn`. */
export const SYNONYMS: Readonly<Record<MappedField, readonly string[]>> = {
  time: [
    'time',
    'timestamp',
    'ts',
    'datetime',
    'date_time',
    'time_utc',
    'timestamp_utc',
    'utc_time',
    'utc',
    'point_time',
    'ping_time',
    'time_position',
    'epoch',
    'unix_time',
    'unixtime',
    'seen_at',
    'recorded_at',
    'observed_at',
  ],
  date: ['date', 'day', 'date_utc'],
  lat: ['lat', 'latitude', 'lat_deg'],
  lon: ['lon', 'lng', 'long', 'longitude', 'lon_deg'],
  alt: [
    'alt_baro',
    'baro_altitude',
    'baroaltitude',
    'altitude_baro',
    'barometric_altitude',
    'altitude',
    'alt',
    'geoaltitude',
    'geo_altitude',
    'alt_geom',
    'geometric_altitude',
    'height',
  ],
  callsign: ['callsign', 'call_sign', 'flight', 'ident', 'cs'],
  hex: [
    'icao24',
    'hex',
    'icao',
    'icao_hex',
    'icao_address',
    'hex_ident',
    'hexid',
    'mode_s',
    'modes',
    'mode_s_code',
    'transponder',
    'address',
    'addr',
  ],
  speed: ['groundspeed', 'ground_speed', 'gs', 'speed', 'gspeed', 'spd', 'velocity'],
  track: ['track', 'true_track', 'heading', 'direction', 'course', 'trk', 'hdg'],
  onground: ['onground', 'on_ground', 'is_on_ground', 'ground', 'gnd'],
  registration: ['registration', 'reg', 'tail', 'tail_number', 'tailnumber', 'nnumber', 'r'],
  type: ['typecode', 'icao_type', 'type_code', 'aircraft_type', 'type', 't', 'model'],
  squawk: ['squawk', 'sqk', 'squawk_code'],
  geometry: ['geometry', 'geom', 'the_geom', 'wkt', 'point'],
};

export const UNIT_CHOICES = {
  alt: ['ft', 'm'],
  speed: ['kt', 'mps', 'kmh', 'mph'],
  time: ['s', 'ms'],
} as const;
export type AltUnit = (typeof UNIT_CHOICES.alt)[number];
export type SpeedUnit = (typeof UNIT_CHOICES.speed)[number];
export type TimeUnit = (typeof UNIT_CHOICES.time)[number] | 'auto';

/** Unit spellings in column names, by what they measure. */
const NAME_UNITS: Readonly<Record<string, { alt?: AltUnit; speed?: SpeedUnit; time?: TimeUnit }>> =
  {
    ft: { alt: 'ft' },
    feet: { alt: 'ft' },
    m: { alt: 'm' },
    meters: { alt: 'm' },
    metres: { alt: 'm' },
    kt: { speed: 'kt' },
    kts: { speed: 'kt' },
    knots: { speed: 'kt' },
    mps: { speed: 'mps' },
    m_s: { speed: 'mps' },
    'm/s': { speed: 'mps' },
    ms: { speed: 'mps', time: 'ms' },
    kmh: { speed: 'kmh' },
    kph: { speed: 'kmh' },
    km_h: { speed: 'kmh' },
    'km/h': { speed: 'kmh' },
    mph: { speed: 'mph' },
    s: { time: 's' },
    sec: { time: 's' },
    secs: { time: 's' },
    seconds: { time: 's' },
    deg: {},
    degrees: {},
  };

/** OpenSky's own column names carry SI units without saying so. */
const IMPLIED_UNITS: Readonly<Record<string, { alt?: AltUnit; speed?: SpeedUnit }>> = {
  baroaltitude: { alt: 'm' },
  baro_altitude: { alt: 'm' },
  geoaltitude: { alt: 'm' },
  geo_altitude: { alt: 'm' },
  velocity: { speed: 'mps' },
};

/** Lowercase, separators as `_`, and a trailing unit split off: `Altitude (ft)` → {altitude, ft}. */
export function normaliseColumn(name: string): { base: string; unit: string | null } {
  const t = name
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  const bracket = /^(.*?)[\s_]*[([]\s*([a-z/_]+)\s*[)\]]$/.exec(t);
  if (bracket?.[1] !== undefined && bracket[2] !== undefined && bracket[2] in NAME_UNITS) {
    return { base: underscored(bracket[1]), unit: bracket[2] };
  }
  const u = underscored(t);
  const suffix =
    /^(.+?)_(ft|feet|m|meters|metres|kt|kts|knots|mps|m_s|ms|kmh|kph|km_h|mph|s|sec|secs|seconds|deg|degrees)$/.exec(
      u,
    );
  if (suffix?.[1] !== undefined && suffix[2] !== undefined && isSynonym(suffix[1])) {
    return { base: suffix[1], unit: suffix[2] };
  }
  return { base: u, unit: null };
}

const underscored = (s: string): string =>
  s
    .trim()
    .replace(/[\s\-.]+/g, '_')
    .replace(/_+$/, '');

const ALL_SYNONYMS = new Set(Object.values(SYNONYMS).flat());
const isSynonym = (base: string): boolean => ALL_SYNONYMS.has(base);

/** dBase truncates field names to 10 characters (`ground_spe`); such a name matches the longer one. */
const DBF_NAME_LENGTH = 10;
function namesMatch(base: string, synonym: string): boolean {
  return base === synonym || (base.length === DBF_NAME_LENGTH && synonym.startsWith(base));
}

export interface ColumnMapping {
  readonly index: Readonly<Partial<Record<MappedField, number>>>;
  readonly altUnit: AltUnit;
  readonly speedUnit: SpeedUnit;
  readonly timeUnit: TimeUnit;
  /** Position fields that could not be found (empty when the table can be read). */
  readonly missing: readonly string[];
  /** `--map` columns that are not in the header. */
  readonly unknownColumns: readonly string[];
  /** How each field was found, e.g. `time=point_time`, `alt=altitude (ft, assumed)`. */
  readonly description: string;
}

/** The columns of `header` for each field; `fieldMap` (field → column name) wins over synonyms. */
export function mapColumns(
  header: readonly string[],
  fieldMap: Readonly<Record<string, string>>,
  units: Readonly<Record<string, string>>,
): ColumnMapping {
  const names = header.map(normaliseColumn);
  const raw = header.map((h) => h.trim().toLowerCase());
  const index: Partial<Record<MappedField, number>> = {};
  const used = new Set<number>();
  const unknownColumns: string[] = [];
  for (const field of MAPPED_FIELDS) {
    const wanted = fieldMap[field];
    if (wanted === undefined) continue;
    const i = raw.indexOf(wanted.trim().toLowerCase());
    if (i < 0) unknownColumns.push(wanted);
    else {
      index[field] = i;
      used.add(i);
    }
  }
  for (const field of MAPPED_FIELDS) {
    if (index[field] !== undefined || fieldMap[field] !== undefined) continue;
    for (const synonym of SYNONYMS[field]) {
      const i = names.findIndex((n, k) => !used.has(k) && namesMatch(n.base, synonym));
      if (i >= 0) {
        index[field] = i;
        used.add(i);
        break;
      }
    }
  }
  const unitOf = (field: 'alt' | 'speed' | 'time'): { unit: string; how: string } | null => {
    const given = units[field];
    if (given !== undefined) return { unit: given, how: 'given' };
    const i = index[field];
    if (i === undefined) return null;
    const n = names[i];
    const named = n?.unit === null || n === undefined ? undefined : NAME_UNITS[n.unit]?.[field];
    if (named !== undefined) return { unit: named, how: 'from name' };
    const implied =
      n === undefined || field === 'time' ? undefined : IMPLIED_UNITS[n.base]?.[field];
    if (implied !== undefined) return { unit: implied, how: 'OpenSky name' };
    return null;
  };
  const alt = unitOf('alt');
  const speed = unitOf('speed');
  const time = unitOf('time');
  const missing: string[] = [];
  const hasTime = index.time !== undefined;
  const hasPosition =
    (index.lat !== undefined && index.lon !== undefined) || index.geometry !== undefined;
  if (!hasTime) missing.push('time');
  if (!hasPosition) {
    if (index.lat === undefined) missing.push('lat');
    if (index.lon === undefined) missing.push('lon');
  }
  const parts: string[] = [];
  for (const field of MAPPED_FIELDS) {
    const i = index[field];
    if (i === undefined) continue;
    let text = `${field}=${header[i]?.trim() ?? ''}`;
    if (field === 'alt') text += ` (${alt?.unit ?? 'ft'}, ${alt?.how ?? 'assumed'})`;
    if (field === 'speed') text += ` (${speed?.unit ?? 'kt'}, ${speed?.how ?? 'assumed'})`;
    if (field === 'time' && time !== null) text += ` (${time.unit}, ${time.how})`;
    parts.push(text);
  }
  return {
    index,
    altUnit: (alt?.unit ?? 'ft') as AltUnit,
    speedUnit: (speed?.unit ?? 'kt') as SpeedUnit,
    timeUnit: (time?.unit ?? 'auto') as TimeUnit,
    missing,
    unknownColumns,
    description: parts.join(', '),
  };
}
