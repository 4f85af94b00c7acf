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
import {
  applyWatchLists,
  parseWatchList,
  WatchListError,
  type WatchList,
} from '../aircraft/watch-lists.js';
import { rememberStatesNamed } from '../aircraft/operator-class.js';
import { decodeRegistrySnapshot, REGISTRY_SNAPSHOT_NAME } from '../aircraft/registry-snapshot.js';
import { rememberRegistryLists, type RegistryLists } from '../aircraft/watch.js';
import { builtinOfRegion, builtinRegion, BUILTIN_REGIONS } from '../geo/builtin-regions.js';
import { coastArea, coastAreaCovering, coastLayerFiles } from '../geo/coast-areas.js';
import { COAST_INDEX_DIR, coastSourceDigest, decodeCoastIndex } from '../geo/coast-index-file.js';
import { coastFromGeoJson, coastFromIndex, type Coast } from '../geo/coast.js';
import { regionFromGeoJson, RegionError, type Region } from '../geo/region.js';
import { UsageError, UserError } from './io.js';
import { errnoText } from './errno.js';

export const BUNDLED_REGISTRY_NAME = 'plane-alert-db';
/** The bundled table, in data/. */
export const BUNDLED_REGISTRY_FILE = 'aircraft/isr-aircraft.csv';

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

/** The bundled table's path as rows cite it (`sortie identify`). */
export const BUNDLED_REGISTRY_PATH = `data/${BUNDLED_REGISTRY_FILE}`;

/** The registries merged, with the watch lists marked in them. */
export interface LoadedRegistry {
  readonly registry: Registry;
  readonly watchLists: readonly WatchList[];
  /** Where the bundled table came from: the build's snapshot of it, or its CSV parsed. */
  readonly bundledFrom: 'snapshot' | 'table';
}

async function readText(file: string, what: string): Promise<string> {
  try {
    const bytes = await fs.readFile(file);
    return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (err) {
    throw new UserError(`${file}: cannot read ${what} (${errnoText(err)})`);
  }
}

/**
 * The bundled surveillance table, then each `--aircraft-db` file in order (later entries win): a
 * plane-alert-db CSV or the OpenSky aircraft database, plain or gzip; then the `--watch` lists,
 * whose airframes count whatever their class.
 */
export async function loadRegistry(
  extraFiles: readonly string[],
  watchFiles: readonly string[] = [],
  snapshotFile: string | URL = new URL(`./${REGISTRY_SNAPSHOT_NAME}`, import.meta.url),
): Promise<LoadedRegistry> {
  const registries = [];
  const bundled = await loadBundledRegistry(snapshotFile);
  const bundledFrom = bundled.lists === null ? 'table' : 'snapshot';
  registries.push(bundled.registry);
  for (const file of extraFiles) {
    const text = await readText(file, 'aircraft database');
    try {
      const source = path.basename(file);
      registries.push(
        isOpenskyAircraftDatabase(text)
          ? parseOpenskyRegistry(text, source, { file })
          : parseRegistry(text, source, file),
      );
    } catch (err) {
      if (err instanceof RegistryError) throw new UserError(err.message);
      throw err;
    }
  }
  const watchLists: WatchList[] = [];
  for (const file of watchFiles) {
    const text = await readText(file, 'watch list');
    try {
      watchLists.push(parseWatchList(text, file, path.basename(file)));
    } catch (err) {
      if (err instanceof WatchListError || err instanceof RegistryError) {
        throw new UserError(err.message);
      }
      throw err;
    }
  }
  if (registries.length === 1 && watchLists.length === 0 && bundled.lists !== null) {
    // The bundled table alone: its keep rules are made from the lists the build stored.
    rememberRegistryLists(bundled.registry, bundled.lists);
    return { registry: bundled.registry, watchLists, bundledFrom };
  }
  const registry = applyWatchLists(mergeRegistries(registries), watchLists);
  return { registry, watchLists, bundledFrom };
}

/**
 * The bundled table: as the build stored it beside the bundle (src/aircraft/registry-snapshot.ts)
 * when the snapshot fits the table's bytes, with the lists its keep rules are made from; else
 * parsed.
 */
async function loadBundledRegistry(snapshotFile: string | URL): Promise<{
  registry: Registry;
  lists: RegistryLists | null;
}> {
  const [table, snapshot] = await Promise.all([
    fs.readFile(path.join(dataDir(), BUNDLED_REGISTRY_FILE)),
    fs
      .readFile(snapshotFile)
      // None (code run from the sources, a build without it): the table is parsed instead.
      .catch(() => null),
  ]);
  const stored = snapshot === null ? null : decodeRegistrySnapshot(snapshot, table);
  if (stored !== null) {
    // What its operators' names name, as the build's code found it: not asked again.
    rememberStatesNamed(stored.states);
    return stored;
  }
  return { registry: parseBundledRegistry(table), lists: null };
}

/** The bundled table's bytes parsed, its rows cited as data/aircraft/isr-aircraft.csv:N. */
export function parseBundledRegistry(table: Buffer): Registry {
  return parseRegistry(table.toString('utf8'), BUNDLED_REGISTRY_NAME, BUNDLED_REGISTRY_PATH);
}

/** A built-in region by id, or a GeoJSON file (every Polygon/MultiPolygon feature in it). */
export async function loadRegion(spec: string): Promise<Region> {
  const builtin = builtinRegion(spec);
  const file = builtin ? path.join(dataDir(), 'regions', builtin.file) : spec;
  if (!builtin && !/\.(geo)?json$/i.test(spec)) {
    // A bad option value, not bad input: exit 2, as the region loads before any input is read.
    throw new UsageError(
      `option '--region': unknown region "${spec}"; built-in regions: ${BUILTIN_REGIONS.map((r) => r.id).join(', ')}; or give a .geojson file`,
    );
  }
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(`${file}: cannot read region (${errnoText(err)})`);
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

/**
 * The coast layers of one area in data/geo/ (src/geo/coast-areas.ts, data/geo/SOURCES.md): the
 * index the build stored for them when it fits their bytes (src/geo/coast-index-file.ts), else
 * built from the layers.
 */
export async function loadCoast(areaId = DEFAULT_COAST_AREA): Promise<Coast> {
  const area = coastArea(areaId);
  if (area === undefined) throw new Error(`no coast area ${areaId}`);
  const dir = dataDir();
  const files = coastLayerFiles(area);
  const bytes = await Promise.all(
    [...new Set(files)].map(async (file) => {
      try {
        return [file, await fs.readFile(path.join(dir, file))] as const;
      } catch (err) {
        throw new UserError(
          `installation is incomplete: data/${file} cannot be read (${(err as Error).message})`,
        );
      }
    }),
  );
  const byFile = new Map(bytes);
  const opts = { source: area.source, coverage: area.coverage };
  const digest = coastSourceDigest(
    files.map((f) => byFile.get(f) as Buffer),
    area.coverage,
  );
  const stored = await fs
    .readFile(path.join(path.dirname(dir), COAST_INDEX_DIR, `${area.id}.bin`))
    .then((file) => decodeCoastIndex(file, digest))
    // None (a build without it, sources run from a checkout): built from the layers instead.
    .catch(() => null);
  if (stored !== null) return coastFromIndex(stored, opts);
  const parsed = new Map<string, unknown>();
  const parse = (file: string): unknown => {
    try {
      if (!parsed.has(file)) parsed.set(file, JSON.parse((byFile.get(file) as Buffer).toString()));
      return parsed.get(file);
    } catch (err) {
      throw new UserError(
        `installation is incomplete: data/${file} cannot be read (${(err as Error).message})`,
      );
    }
  };
  return coastFromGeoJson({ shores: area.shores.map(parse), land: area.land.map(parse) }, opts);
}

const DEFAULT_COAST_AREA = 'nw-mexico';

/** A region's coast for territorial verdicts, or why it has none. */
export interface RegionCoast {
  readonly coast: Coast | null;
  /** The warning every output carries when `coast` is null. */
  readonly unavailable: string | null;
}

/**
 * The coast a region's territorial verdicts measure from: a built-in region's own; for a file, the
 * first shipped area covering its box, else north-west Mexico's (fixes outside it then count as
 * not covered, and their verdict as undetermined). `byArea` shares one coast among the regions of
 * a run that use the same area.
 */
export async function loadRegionCoast(
  region: Region,
  byArea: Map<string, Promise<RegionCoast>> = new Map(),
): Promise<RegionCoast> {
  const builtin = builtinOfRegion(region);
  if (builtin !== undefined && builtin.coast === null) {
    return {
      coast: null,
      unavailable: `territorial verdicts are not available for region ${builtin.id}: ${builtin.noTerritorialReason ?? 'no coast data'}; missions carry no airspace verdict`,
    };
  }
  const areaId = builtin?.coast ?? coastAreaCovering(region.bbox)?.id ?? DEFAULT_COAST_AREA;
  let loading = byArea.get(areaId);
  if (loading === undefined) {
    loading = loadCoast(areaId).then((coast) => ({ coast, unavailable: null }));
    byArea.set(areaId, loading);
  }
  return loading;
}
