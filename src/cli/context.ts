import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { isOpenskyAircraftDatabase, parseOpenskyRegistry } from '../aircraft/opensky-registry.js';
import {
  mergeRegistries,
  parseRegistry,
  RegistryError,
  type Registry,
} from '../aircraft/registry.js';
import { builtinRegion, BUILTIN_REGIONS } from '../geo/builtin-regions.js';
import { regionFromGeoJson, RegionError, type Region } from '../geo/region.js';
import { UserError } from './io.js';

export const BUNDLED_REGISTRY_NAME = 'plane-alert-db';
const BUNDLED_REGISTRY_FILE = 'aircraft/isr-aircraft.csv';

/** The package's data/ directory, found from this module whether run from src/ or dist/src/. */
export function dataDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i += 1) {
    const candidate = path.join(dir, 'data');
    if (existsSync(path.join(candidate, BUNDLED_REGISTRY_FILE))) return candidate;
    dir = path.dirname(dir);
  }
  throw new UserError('installation is incomplete: data/aircraft/isr-aircraft.csv not found');
}

/**
 * The bundled surveillance table, then each `--aircraft-db` file in order (later entries win): a
 * plane-alert-db CSV or the OpenSky aircraft database, plain or gzip.
 */
export async function loadRegistry(extraFiles: readonly string[]): Promise<Registry> {
  const registries = [];
  const bundled = await fs.readFile(path.join(dataDir(), BUNDLED_REGISTRY_FILE), 'utf8');
  registries.push(parseRegistry(bundled, BUNDLED_REGISTRY_NAME));
  for (const file of extraFiles) {
    let text: string;
    try {
      const bytes = await fs.readFile(file);
      text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
    } catch (err) {
      throw new UserError(
        `${file}: cannot read aircraft database (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
    try {
      const source = path.basename(file);
      registries.push(
        isOpenskyAircraftDatabase(text)
          ? parseOpenskyRegistry(text, source)
          : parseRegistry(text, source),
      );
    } catch (err) {
      if (err instanceof RegistryError) throw new UserError(err.message);
      throw err;
    }
  }
  return mergeRegistries(registries);
}

/** A built-in region by id, or a GeoJSON file (every Polygon/MultiPolygon feature in it). */
export async function loadRegion(spec: string): Promise<Region> {
  const builtin = builtinRegion(spec);
  const file = builtin ? path.join(dataDir(), 'regions', builtin.file) : spec;
  if (!builtin && !/\.(geo)?json$/i.test(spec)) {
    throw new UserError(
      `unknown region "${spec}"; built-in regions: ${BUILTIN_REGIONS.map((r) => r.id).join(', ')}; or give a .geojson file`,
    );
  }
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(
      `${file}: cannot read region (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file}: invalid GeoJSON (${(err as Error).message})`);
  }
  try {
    return builtin
      ? regionFromGeoJson(doc, {
          id: builtin.id,
          source: `data/regions/${builtin.file}#${builtin.featureId}`,
          featureId: builtin.featureId,
        })
      : regionFromGeoJson(doc, {
          id: path.basename(spec).replace(/\.(geo)?json$/i, ''),
          source: spec,
        });
  } catch (err) {
    if (err instanceof RegionError) throw new UserError(err.message);
    throw err;
  }
}
