import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Basemap } from '../report/render/map-svg.js';
import { dataDir } from './context.js';
import { UserError } from './io.js';

/** Natural Earth land and minor islands shipped in data/geo (see data/geo/SOURCES.md). */
const LAND_FILES = [
  'geo/ne_10m_land.nw-mexico.geojson',
  'geo/ne_10m_minor_islands.nw-mexico.geojson',
];

/** Reads the shipped land polygons for the offline map. */
export async function loadBasemap(): Promise<Basemap> {
  const land: (Polygon | MultiPolygon)[] = [];
  for (const file of LAND_FILES) {
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
  return { land, attribution: 'Land: Natural Earth (public domain)' };
}
