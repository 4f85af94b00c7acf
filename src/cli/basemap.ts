import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { MultiPolygon, Polygon } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { BuiltinRegion } from '../geo/builtin-regions.js';
import { coastArea, coastAreaCovering, type CoastArea } from '../geo/coast-areas.js';
import type { Basemap } from '../report/render/map-svg.js';
import { dataDir } from './context.js';
import { UserError } from './io.js';

/** World land at 1:50m from the world-atlas package: Natural Earth as TopoJSON. */
const WORLD_LAND = 'world-atlas/land-50m.json';

/**
 * The land to draw under a map of `extent`: the shipped 1:10m land of the region's own coast area
 * (`builtin`, the built-in region mapped) or of any area covering the whole map (the Gulf's islands need
 * that detail), else the world's 1:50m land.
 */
export async function loadBasemap(
  extent: readonly [number, number, number, number],
  builtin?: BuiltinRegion,
): Promise<Basemap> {
  const own = builtin?.coast;
  const ownArea = own === null || own === undefined ? undefined : coastArea(own);
  const within = (box: readonly [number, number, number, number]): boolean =>
    extent[0] >= box[0] && extent[1] >= box[1] && extent[2] <= box[2] && extent[3] <= box[3];
  const area =
    ownArea !== undefined && within(ownArea.coverage) ? ownArea : coastAreaCovering(extent);
  return area === undefined ? loadWorld() : loadShipped(area);
}

async function loadShipped(area: CoastArea): Promise<Basemap> {
  const land: (Polygon | MultiPolygon)[] = [];
  for (const file of area.land) {
    const full = path.join(dataDir(), file);
    let doc: { features?: { geometry?: Polygon | MultiPolygon | null }[] };
    try {
      doc = JSON.parse(await fs.readFile(full, 'utf8'));
    } catch (err) {
      throw new UserError(`${full}: cannot read the map data (${(err as Error).message})`);
    }
    for (const f of doc.features ?? []) {
      const g = f.geometry;
      if (g?.type === 'Polygon' || g?.type === 'MultiPolygon') land.push(g);
    }
  }
  return { land, attribution: area.attribution };
}

type TopojsonClient = typeof import('topojson-client');

async function loadWorld(): Promise<Basemap> {
  const require = createRequire(import.meta.url);
  let file: string;
  let topology: Topology<{ land: GeometryCollection }>;
  try {
    file = require.resolve(WORLD_LAND);
  } catch (err) {
    throw new UserError(`cannot find the world map data ${WORLD_LAND} (${(err as Error).message})`);
  }
  try {
    topology = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    throw new UserError(`${file}: cannot read the map data (${(err as Error).message})`);
  }
  // The package's CommonJS build: its ES source is not marked as a module for Node.
  const { feature } = require('topojson-client') as TopojsonClient;
  const land: (Polygon | MultiPolygon)[] = [];
  const decoded = feature(topology, topology.objects.land);
  for (const f of decoded.features) {
    const g = f.geometry;
    if (g.type === 'Polygon' || g.type === 'MultiPolygon') land.push(g);
  }
  return { land, attribution: 'Land: Natural Earth 1:50m via world-atlas (public domain)' };
}
