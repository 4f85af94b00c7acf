import { hasColumns, type BinaryFormat, type CsvFormat, type JsonFormat } from './format.js';

/**
 * Inputs that are recognised but are not flight data: aircraft registries (they belong with
 * --aircraft-db) and shapefile geometry (its points are read from the .dbf beside it). Detection
 * names them so the user is told what they are, rather than "unknown format".
 */

class NotFlightData extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFlightData';
  }
}

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
    throw new NotFlightData(
      isCategoryList(normalised(header))
        ? 'the plane-alert-db list of categories, not flight data'
        : 'a registry (plane-alert-db CSV), not flight data: give it with --aircraft-db',
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
    throw new NotFlightData(
      'a registry (OpenSky aircraft database), not flight data: give it with --aircraft-db',
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
    throw new NotFlightData(
      'a registry (tar1090-db JSON shard), not flight data: sortie does not read it; give plane-alert-db or the OpenSky aircraft database with --aircraft-db',
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
  async readBytes(chunks, ctx) {
    // Drained unread: the geometry repeats the lat/lon the .dbf holds, without times.
    let bytes = 0;
    for await (const chunk of chunks) bytes += chunk.length;
    ctx.note(
      `shapefile geometry (${bytes} bytes) has no times: nothing is read here; the points are read from the .dbf beside it`,
    );
  },
};
