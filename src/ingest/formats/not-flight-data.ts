import { InputError, NotFlightData } from '../input-error.js';
import { hasColumns, type BinaryFormat, type CsvFormat, type JsonFormat } from './format.js';

/**
 * Inputs that are recognised but are not flight data: aircraft registries (an error: they belong
 * with --aircraft-db), shapefile geometry (its points are read from the .dbf beside it) and the JSON
 * readsb and tar1090 write beside aircraft.json (receiver.json, stats.json, ...). Detection names
 * them so the user is told what they are, rather than "unknown format"; the last two are listed as
 * not flight data, which is no error.
 */

/**
 * A registry given as an input: an error (the user most likely meant --aircraft-db). `kind` says
 * whether --aircraft-db reads such a file (`aircraft-db`) or sortie reads it nowhere (`not-read`:
 * a tar1090-db shard, plane-alert-db's list of categories).
 */
export class RegistryAsInput extends InputError {
  readonly kind: RegistryKind;
  constructor(message: string, kind: RegistryKind, line: number | null = null) {
    super(message, line);
    this.name = 'RegistryAsInput';
    this.kind = kind;
  }
}

export type RegistryKind = 'aircraft-db' | 'not-read';

const normalised = (header: readonly string[]): string[] =>
  header.map((h) =>
    h
      .replace(/[$#'"]/g, '')
      .trim()
      .toLowerCase(),
  );

const isCategoryList = (h: readonly string[]): boolean => h.length === 1 && h[0] === 'category';

/** plane-alert-db (`$ICAO,$Registration,...,#CMPG,...`) and its categories file. */
export const planeAlertDbRegistry: CsvFormat = {
  kind: 'csv',
  name: 'plane-alert-db',
  description: 'plane-alert-db registry CSV',
  identifyHeader(header) {
    const h = normalised(header);
    if (h.includes('icao') && h.includes('registration') && h.includes('cmpg')) {
      return 'header: $ICAO, $Registration, #CMPG (plane-alert-db)';
    }
    if (isCategoryList(h)) return 'header: Category (plane-alert-db categories)';
    return null;
  },
  rowParser(header) {
    if (isCategoryList(normalised(header))) {
      throw new RegistryAsInput(
        'the plane-alert-db list of categories, not flight data',
        'not-read',
      );
    }
    throw new RegistryAsInput(
      'a registry (plane-alert-db CSV), not flight data: give it with --aircraft-db',
      'aircraft-db',
    );
  },
};

/** The OpenSky aircraft database, double-quoted (`aircraftDatabase.csv`) or single-quoted (monthly). */
export const openskyAircraftDb: CsvFormat = {
  kind: 'csv',
  name: 'opensky-aircraft-db',
  description: 'OpenSky aircraft database CSV',
  identifyHeader(header) {
    const h = normalised(header);
    return hasColumns(h, ['icao24', 'registration', 'typecode']) && !h.includes('lat')
      ? 'header: icao24, registration, typecode (OpenSky aircraft database)'
      : null;
  },
  rowParser() {
    throw new RegistryAsInput(
      'a registry (OpenSky aircraft database), not flight data: give it with --aircraft-db',
      'aircraft-db',
    );
  },
};

/** A tar1090-db shard: `{"E01C5": ["64-14843", "R135", "10", "Boeing RC-135V"], ...}`. */
export const tar1090Db: JsonFormat = {
  kind: 'json',
  name: 'tar1090-db',
  description: 'tar1090-db registry shard',
  identifyDocument(doc) {
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return null;
    const entries = Object.entries(doc).slice(0, 50);
    const looksLikeShard =
      entries.length > 0 &&
      entries.every(
        ([key, value]) =>
          (/^[0-9A-Fa-f]{0,5}$/.test(key) || key === 'children') &&
          (key === 'children' || (Array.isArray(value) && value.length >= 3)),
      );
    return looksLikeShard
      ? 'content: tar1090-db shard (hex suffix → [reg, type, flags, ...])'
      : null;
  },
  readDocument() {
    throw new RegistryAsInput(
      'a registry (tar1090-db JSON shard), not flight data: sortie does not read it; give plane-alert-db or the OpenSky aircraft database with --aircraft-db',
      'not-read',
    );
  },
};

const SHAPEFILE_CODE = 9994;
const SHAPEFILE_VERSION = 1000;

/** ESRI shapefile `.shp`/`.shx`: geometry only, no times; the points are read from the `.dbf`. */
export const shapefileGeometry: BinaryFormat = {
  kind: 'binary',
  name: 'shapefile-geometry',
  description: 'ESRI shapefile geometry (.shp/.shx)',
  identifyBytes(head) {
    if (head.length < 100) return null;
    return head.readUInt32BE(0) === SHAPEFILE_CODE && head.readUInt32LE(28) === SHAPEFILE_VERSION
      ? 'content: ESRI shapefile header (file code 9994)'
      : null;
  },
  async readBytes(chunks) {
    // Drained unread (so the file is closed): the geometry repeats the lat/lon the .dbf holds, without times.
    for await (const chunk of chunks) void chunk;
    throw new NotFlightData(
      'ESRI shapefile geometry (.shp, .shx): no times; the points are read from the .dbf beside it',
    );
  },
};

type Doc = Readonly<Record<string, unknown>>;

/** The JSON files readsb and tar1090 write beside aircraft.json, by what is in them. */
const SIDECARS: readonly { readonly test: (doc: Doc) => boolean; readonly what: string }[] = [
  {
    test: (d) => typeof d.refresh === 'number' && 'history' in d,
    what: 'readsb receiver.json (receiver position and settings)',
  },
  {
    test: (d) =>
      ['latest', 'last1min', 'last5min', 'last15min', 'total'].some((k) => isObject(d[k])),
    what: 'readsb stats.json (receiver statistics)',
  },
  { test: (d) => isObject(d.actualRange), what: "readsb outline.json (the receiver's range)" },
  {
    test: (d) => Array.isArray(d.chunks),
    what: 'tar1090 chunks.json (its list of history chunks)',
  },
  {
    test: (d) => typeof d.uptime === 'number' && !('aircraft' in d),
    what: 'readsb status.json (uptime)',
  },
  { test: (d) => Array.isArray(d.clients), what: 'readsb clients.json (connected feeders)' },
  { test: (d) => Array.isArray(d.receivers), what: 'readsb receivers.json (connected receivers)' },
  { test: (d) => Array.isArray(d.rings), what: 'upintheair.json (terrain range rings)' },
];

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Names readsb and tar1090 give the JSON they write beside aircraft.json. */
const SIDECAR_NAME =
  /^(receiver|stats|outline|chunks|status|clients|receivers|gpsd|db|upintheair|history_\d+)\.json$/i;

/**
 * What a JSON document no format reads is, when it is one readsb or tar1090 writes beside the
 * aircraft data (by its content, else by its name): never flight data. Null for anything else.
 */
export function jsonSidecar(doc: unknown, fileName: string): string | null {
  if (isObject(doc)) {
    for (const s of SIDECARS) if (s.test(doc as Doc)) return s.what;
  }
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return SIDECAR_NAME.test(base) ? `readsb/tar1090 ${base}, without aircraft` : null;
}
