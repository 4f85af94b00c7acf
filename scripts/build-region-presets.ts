/**
 * Derives the region presets beside the Gulf of California (data/regions/*.geojson) and the land
 * layers their territorial verdicts and maps use (data/geo/ne_10m_land.*.geojson), from Natural
 * Earth 1:10m as packaged by world-atlas 2.0.2 (public domain data) and from stated limits. Every
 * number that shapes a preset is in PRESETS or COASTS below and in data/regions/SOURCES.md.
 * Deterministic: the same packages give byte-identical files.
 *
 *   node dist/scripts/build-region-presets.js [--check]
 *
 * With --check, nothing is written: the script exits 1 when a committed file differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as turf from '@turf/turf';
import type {
  Feature,
  FeatureCollection,
  LineString,
  MultiLineString,
  MultiPolygon,
  Polygon,
  Position,
} from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { COAST_AREAS } from '../src/geo/coast-areas.js';

const require = createRequire(import.meta.url);
const { feature, mesh } = require('topojson-client') as typeof import('topojson-client');

type Area = Polygon | MultiPolygon;
type Box = readonly [number, number, number, number];

/** Douglas–Peucker tolerance for the region outlines, degrees (about 1 km). */
const REGION_SIMPLIFY_DEG = 0.01;
/** Decimals kept: 4 is about 10 m, below the 1:10m data's own quantization (about 0.4 km). */
const DECIMALS = 4;
/** Land parts at least this large are removed from sea regions; smaller islands stay in. */
const REMOVED_LAND_MIN_KM2 = 2000;
const KM_PER_NM = 1.852;
/** Natural Earth's numeric ISO 3166 ids in world-atlas. */
const US = '840';
const MEXICO = '484';

const WORLD_ATLAS = 'world-atlas/package.json';
const worldAtlasVersion = (
  JSON.parse(readFileSync(require.resolve(WORLD_ATLAS), 'utf8')) as {
    version: string;
  }
).version;
const SOURCE = `Natural Earth 1:10m via world-atlas ${worldAtlasVersion} (public domain)`;

function readTopology(
  file: string,
): Topology<{ land: GeometryCollection; countries?: GeometryCollection }> {
  return JSON.parse(readFileSync(require.resolve(`world-atlas/${file}`), 'utf8'));
}

const land10m = readTopology('land-10m.json');
const countries10m = readTopology('countries-10m.json');

/** Every polygon of world land at 1:10m, with its area in km² (of the whole island or continent). */
const worldLand: { polygon: Position[][]; km2: number }[] = (() => {
  const fc = feature(land10m, land10m.objects.land);
  const polygons: Position[][][] = [];
  for (const f of fc.features) {
    const g = f.geometry;
    if (g.type === 'Polygon') polygons.push(g.coordinates);
    else if (g.type === 'MultiPolygon') polygons.push(...g.coordinates);
  }
  return polygons.map((p) => ({ polygon: p, km2: turf.area(turf.polygon(p)) / 1e6 }));
})();

function intersectsBox(p: Position[][], box: Box): boolean {
  const [w, s, e, n] = turf.bbox(turf.polygon(p));
  return !(e < box[0] || w > box[2] || n < box[1] || s > box[3]);
}

/** World land clipped to a box (its pieces as polygons), optionally only the large parts. */
function landIn(box: Box, minKm2 = 0): Feature<Polygon>[] {
  const out: Feature<Polygon>[] = [];
  for (const { polygon, km2 } of worldLand) {
    if (km2 < minKm2 || !intersectsBox(polygon, box)) continue;
    const clipped = turf.bboxClip(turf.polygon(polygon), box as [number, number, number, number]);
    const g = clipped.geometry as Area;
    const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const part of parts) {
      const ring = part[0];
      if (ring === undefined || ring.length < 4) continue;
      const piece = turf.polygon(part);
      if (turf.area(piece) > 0) out.push(piece);
    }
  }
  return out;
}

function unionAll(features: Feature<Area>[]): Feature<Area> {
  if (features.length === 1 && features[0] !== undefined) return features[0];
  const u = turf.union(turf.featureCollection(features));
  if (u === null) throw new Error('empty union');
  return u;
}

function minus(a: Feature<Area>, cut: Feature<Area>[]): Feature<Area> {
  if (cut.length === 0) return a;
  const d = turf.difference(turf.featureCollection([a, unionAll(cut)]));
  if (d === null) throw new Error('nothing left after removing land');
  return d;
}

function intersect(a: Feature<Area>, b: Feature<Area>): Feature<Area> {
  const i = turf.intersect(turf.featureCollection([a, b]));
  if (i === null) throw new Error('empty intersection');
  return i;
}

/** The polygon of a (multi)polygon that contains `inside`: one connected body of water. */
function partContaining(a: Feature<Area>, inside: [number, number]): Feature<Polygon> {
  const parts = a.geometry.type === 'Polygon' ? [a.geometry.coordinates] : a.geometry.coordinates;
  const hit = parts.find((p) => turf.booleanPointInPolygon(inside, turf.polygon(p)));
  if (hit === undefined) throw new Error(`no part contains ${inside.join(',')}`);
  return turf.polygon(hit);
}

/**
 * Buffers a line or area by `km`, piece by piece: turf projects each piece about its own centre
 * (azimuthal equidistant), so short pieces keep the distance error far below 0.1 %.
 */
function bufferKm(pieces: Feature<LineString | Polygon>[], km: number): Feature<Area> {
  const buffered = pieces.map((p) => {
    const b = turf.buffer(p, km, { units: 'kilometers', steps: 16 });
    if (b === undefined) throw new Error('empty buffer');
    return b as Feature<Area>;
  });
  return unionAll(buffered);
}

/** A line cut into pieces of at most `maxKm` along it. */
function chunks(line: Position[], maxKm: number): Feature<LineString>[] {
  const f = turf.lineString(line);
  const total = turf.length(f, { units: 'kilometers' });
  const n = Math.max(1, Math.ceil(total / maxKm));
  const out: Feature<LineString>[] = [];
  for (let i = 0; i < n; i += 1) {
    out.push(
      turf.lineSliceAlong(f, (total * i) / n, (total * (i + 1)) / n, { units: 'kilometers' }),
    );
  }
  return out;
}

const round = (x: number): number => Number(x.toFixed(DECIMALS));

function rounded(g: Area): Area {
  const ring = (r: Position[]): Position[] => {
    const out: Position[] = [];
    for (const [x, y] of r) {
      const p = [round(x as number), round(y as number)];
      const last = out[out.length - 1];
      if (last === undefined || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
    }
    return out;
  };
  const polygon = (p: Position[][]): Position[][] => p.map(ring).filter((r) => r.length >= 4);
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: polygon(g.coordinates) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map(polygon) };
}

/** Simplified, counter-clockwise outer rings (RFC 7946), rounded. */
function finish(a: Feature<Area>): Area {
  const simple = turf.simplify(a, { tolerance: REGION_SIMPLIFY_DEG, highQuality: true });
  const ccw = turf.rewind(simple, { reverse: false }) as Feature<Area>;
  return rounded(ccw.geometry);
}

function vertexCount(g: Area): number {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.flat().reduce((n, r) => n + r.length, 0);
}

const box = (b: Box): Feature<Polygon> => turf.bboxPolygon(b as [number, number, number, number]);

interface Preset {
  readonly id: string;
  readonly name: string;
  readonly definition: string;
  readonly derivation: string;
  readonly build: () => Feature<Area>;
}

/** The US–Mexico land border: the arcs Natural Earth's admin-0 countries share. */
function usMexicoBorder(): Position[][] {
  const countries = countries10m.objects.countries;
  if (countries === undefined) throw new Error('countries-10m.json: no countries object');
  const m = mesh(
    countries10m,
    countries,
    (a, b) => a !== b && ((a.id === US && b.id === MEXICO) || (a.id === MEXICO && b.id === US)),
  ) as MultiLineString;
  // mesh joins the shared arcs into as few lines as it can.
  return m.coordinates;
}

const BORDER_BAND_KM = 100;
const BAJA_PACIFIC_NM = 100;
/** Where the US–Mexico border meets the Pacific (Natural Earth's border end), and Cabo San Lucas. */
const BAJA_NORTH_LAT = 32.53;
const BAJA_SOUTH_LAT = 22.87;

/** IHO S-23 (1953), Gulf of Mexico, south-east and east limits: the points used, lon/lat. */
export const GULF_OF_MEXICO_LIMIT: readonly { name: string; at: [number, number] }[] = [
  { name: 'Cabo Catoche light, 21°37′N 87°04′W', at: [-87.0667, 21.6167] },
  { name: 'Cabo San Antonio light, Cuba, 21°52′N 84°57′W', at: [-84.95, 21.8667] },
  { name: 'across Cuba to the meridian of 83°W (on land)', at: [-83.0, 22.6] },
  {
    name: '83°W at the latitude of the south point of the Dry Tortugas, 24°35′N',
    at: [-83.0, 24.5833],
  },
  { name: 'Rebecca Shoal, 24°35′N 82°35′W', at: [-82.5833, 24.5833] },
  { name: 'Marquesas Keys', at: [-82.1, 24.56] },
  { name: 'Key West', at: [-81.78, 24.55] },
  { name: 'Big Pine Key', at: [-81.36, 24.67] },
  { name: 'Marathon (Vaca Key)', at: [-81.05, 24.71] },
  { name: 'Long Key', at: [-80.83, 24.82] },
  { name: 'Upper Matecumbe Key', at: [-80.65, 24.92] },
  { name: 'Key Largo (Tavernier)', at: [-80.52, 25.01] },
  {
    name: 'mainland at the eastern end of Florida Bay (Key Largo to the mainland at Jewfish Creek)',
    at: [-80.39, 25.19],
  },
];

/** Points on land closing the Gulf of Mexico's ring around its land sides (all removed with land). */
const GULF_OF_MEXICO_LAND_SIDE: readonly [number, number][] = [
  [-80.6, 25.6],
  [-81.3, 27.5],
  [-82.5, 31.5],
  [-99.0, 31.5],
  [-99.0, 17.0],
  [-90.5, 17.0],
  [-88.0, 19.5],
  [-87.5, 20.6],
];

const CARIBBEAN_WEST_LON = -77.0;
const CARIBBEAN_EAST_LON = -61.5;
const CARIBBEAN_NORTH_LAT = 15.0;
const CARIBBEAN_SOUTH_LAT = 7.0;
/** Lake Maracaibo and Tablazo Bay: inland water, cut off at the strait. */
const MARACAIBO_BOX: Box = [-72.6, 8.0, -70.9, 10.9];

const PRESETS: readonly Preset[] = [
  {
    id: 'us-mexico-border',
    name: `US–Mexico border band (${BORDER_BAND_KM} km either side)`,
    definition: `Everything within ${BORDER_BAND_KM} km of the US–Mexico land border, both sides, including the sea within ${BORDER_BAND_KM} km of the border's ends at the Pacific and the Gulf of Mexico.`,
    derivation: `The border is the line Natural Earth 1:10m admin-0 gives the US and Mexico in common (world-atlas countries-10m.json, topojson-client mesh of the arcs shared by ids ${US} and ${MEXICO}); buffered by ${BORDER_BAND_KM} km in pieces of at most 300 km, each in an azimuthal-equidistant projection about its own centre; simplified (Douglas-Peucker) at ${REGION_SIMPLIFY_DEG}°; coordinates rounded to ${DECIMALS} decimals.`,
    build: () => {
      const pieces = usMexicoBorder().flatMap((line) => chunks(line, 300));
      return bufferKm(pieces, BORDER_BAND_KM);
    },
  },
  {
    id: 'baja-pacific',
    name: `Pacific side of Baja California (${BAJA_PACIFIC_NM} NM from the coast)`,
    definition: `The Pacific Ocean west of the Baja California peninsula within ${BAJA_PACIFIC_NM} NM of the Natural Earth coast of the peninsula and its islands (land south of ${BAJA_NORTH_LAT}°N and west of 109°W: Guadalupe, Cedros, Rocas Alijos... count, the US Channel Islands do not), between ${BAJA_NORTH_LAT}°N (where the US–Mexico border meets the Pacific) and ${BAJA_SOUTH_LAT}°N (Cabo San Lucas), and west of 109.90°W south of 23.70°N (so the Gulf's mouth stays out); land removed, islands under ${REMOVED_LAND_MIN_KM2} km² kept in (Cedros, Guadalupe, San Benito...).`,
    derivation: `Natural Earth 1:10m land (world-atlas land-10m.json) in the box 119°W–109°W, 22.5°N–${BAJA_NORTH_LAT}°N buffered by ${BAJA_PACIFIC_NM} NM (${(BAJA_PACIFIC_NM * KM_PER_NM).toFixed(1)} km) piece by piece; cut to the latitudes above; land parts of at least ${REMOVED_LAND_MIN_KM2} km² and the box east of 109.90°W south of 23.70°N removed; the Gulf of California removed by keeping only the body of water containing (-116.5, 29.0); simplified at ${REGION_SIMPLIFY_DEG}°; rounded to ${DECIMALS} decimals.`,
    build: () => {
      const work: Box = [-120.5, 21, -108, 34.5];
      // Mexican land only: the peninsula and its islands (Guadalupe, Cedros, Alijos...), not the US.
      const peninsulaCoast: Box = [-119, 22.5, -109, BAJA_NORTH_LAT];
      const near = landIn(peninsulaCoast);
      const band = bufferKm(near, BAJA_PACIFIC_NM * KM_PER_NM);
      const lat = intersect(band, box([work[0], BAJA_SOUTH_LAT, work[2], BAJA_NORTH_LAT]));
      const sea = minus(lat, [
        ...landIn(work, REMOVED_LAND_MIN_KM2),
        box([-109.9, 20, -100, 23.7]),
      ]);
      return partContaining(sea, [-116.5, 29.0]);
    },
  },
  {
    id: 'gulf-of-mexico',
    name: 'Gulf of Mexico and Bay of Campeche (IHO S-23)',
    definition:
      'IHO S-23 (3rd ed., 1953), Gulf of Mexico: on the south-east, a line from Cabo Catoche light to Cabo San Antonio light (Cuba), through Cuba to 83°W, north along 83°W to the latitude of the south point of the Dry Tortugas (24°35′N), east along it to Rebecca Shoal (82°35′W), then through the shoals and Florida Keys to the mainland at the eastern end of Florida Bay, the narrow waters between the Dry Tortugas and the mainland being within the Gulf; elsewhere the coast. Includes the Bay of Campeche.',
    derivation: `Sortie's derivation from the text: the limit drawn through the points ${GULF_OF_MEXICO_LIMIT.map((p) => `${p.name} (${p.at.join(', ')})`).join('; ')}; closed over land; Natural Earth 1:10m land parts of at least ${REMOVED_LAND_MIN_KM2} km² removed (smaller islands, e.g. the Keys and Yucatán reefs, stay in); the body of water containing (-90, 25) kept; simplified at ${REGION_SIMPLIFY_DEG}°; rounded to ${DECIMALS} decimals. Not the IHO's own digitisation.`,
    build: () => {
      const ring = [...GULF_OF_MEXICO_LIMIT.map((p) => p.at), ...GULF_OF_MEXICO_LAND_SIDE];
      const first = ring[0] as [number, number];
      const limit = turf.polygon([[...ring, first]]);
      const work: Box = [-100, 16, -79, 32];
      const sea = minus(limit, landIn(work, REMOVED_LAND_MIN_KM2));
      return partContaining(sea, [-90, 25]);
    },
  },
  {
    id: 'southern-caribbean',
    name: 'Southern Caribbean off Venezuela and Colombia',
    definition: `The Caribbean Sea south of ${CARIBBEAN_NORTH_LAT}°N between ${-CARIBBEAN_WEST_LON}°W (Gulf of Urabá) and ${-CARIBBEAN_EAST_LON}°W (Trinidad), bounded on the south by the coasts of Colombia and Venezuela; land parts of at least ${REMOVED_LAND_MIN_KM2} km² removed, smaller islands (Aruba, Curaçao, Bonaire, Margarita, Los Roques, La Orchila, ...) kept in; Lake Maracaibo (inland water, south of 10.9°N between 72.6°W and 70.9°W) left out. Chosen for the large US military and surveillance build-up off Venezuela in 2025; a stated box, not an IHO limit.`,
    derivation: `The box ${CARIBBEAN_WEST_LON}…${CARIBBEAN_EAST_LON} lon, ${CARIBBEAN_SOUTH_LAT}…${CARIBBEAN_NORTH_LAT} lat, minus Natural Earth 1:10m land parts of at least ${REMOVED_LAND_MIN_KM2} km² (world-atlas land-10m.json) and the box [${MARACAIBO_BOX.join(', ')}] (Lake Maracaibo) removed; the body of water containing (-70, 13) kept; simplified at ${REGION_SIMPLIFY_DEG}°; rounded to ${DECIMALS} decimals.`,
    build: () => {
      const b: Box = [
        CARIBBEAN_WEST_LON,
        CARIBBEAN_SOUTH_LAT,
        CARIBBEAN_EAST_LON,
        CARIBBEAN_NORTH_LAT,
      ];
      const sea = minus(box(b), [...landIn(b, REMOVED_LAND_MIN_KM2), box(MARACAIBO_BOX)]);
      return partContaining(sea, [-70, 13]);
    },
  },
];

function stringify(fc: FeatureCollection): string {
  // One feature per line: small diffs when a preset changes, and still plain JSON.
  const features = fc.features.map((f) => JSON.stringify(f));
  return `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`;
}

const check = process.argv.includes('--check');
let differs = 0;
function write(file: string, text: string): void {
  if (check) {
    let old = '';
    try {
      old = readFileSync(file, 'utf8');
    } catch {
      // missing: differs
    }
    if (old !== text) {
      differs += 1;
      console.log(`${file}: differs from what the sources give`);
    }
    return;
  }
  writeFileSync(file, text);
}

for (const p of PRESETS) {
  const geometry = finish(p.build());
  const km2 = turf.area(turf.feature(geometry)) / 1e6;
  const properties = {
    id: p.id,
    name: p.name,
    definition: p.definition,
    derivation: p.derivation,
    coastline_source: SOURCE,
    status: 'derived by sortie; not an official boundary',
  };
  const file = `data/regions/${p.id}.geojson`;
  const text = stringify({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties, geometry }],
  });
  write(file, text);
  console.log(
    `${file}: ${vertexCount(geometry)} vertices, ${Math.round(km2).toLocaleString('en')} km², ${Buffer.byteLength(text).toLocaleString('en')} bytes`,
  );
}

// Land for the coasts (territorial verdicts) and maps of the presets, unsimplified.
for (const c of COAST_AREAS) {
  if (c.builtFrom !== 'world-atlas') continue;
  const pieces = landIn(c.coverage).map((f) =>
    rounded((turf.rewind(f, { reverse: false }) as Feature<Polygon>).geometry),
  );
  const features = pieces
    .filter((g) => g.coordinates.length > 0)
    .map((geometry) => ({ type: 'Feature' as const, properties: {}, geometry }));
  const file = `data/${c.land[0]}`;
  const text = stringify({ type: 'FeatureCollection', features });
  write(file, text);
  console.log(
    `${file}: ${features.length} land pieces, ${Buffer.byteLength(text).toLocaleString('en')} bytes`,
  );
}
if (differs > 0) process.exit(1);
