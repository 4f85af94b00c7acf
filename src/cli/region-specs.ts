/**
 * `--region` values: a built-in id (`sortie regions`), a GeoJSON file (its polygons united into
 * one region), one feature of a file (`file.geojson#feature`), or every feature of a file, each
 * its own region (`file.geojson#*`). A run may name several; each is reported on its own.
 */
import { errnoText } from './errno.js';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BUILTIN_REGIONS, builtinRegion } from '../geo/builtin-regions.js';
import {
  polygonFeatures,
  regionFromGeoJson,
  RegionError,
  type AnyFeature,
  type Region,
} from '../geo/region.js';
import { loadRegion } from './context.js';
import { UsageError, UserError } from './io.js';

/** The form after `#` that takes every feature of the file. */
export const ALL_FEATURES = '*';

const GEOJSON_FILE = /\.(geo)?json$/i;

/** A `--region` value split into the file and the feature it names (null: the whole file). */
export interface RegionSpec {
  readonly spec: string;
  readonly file: string;
  readonly feature: string | null;
}

/**
 * Splits `file.geojson#feature`; null for a built-in id. A value that is neither is a usage error
 * (exit 2 before any input is read).
 */
export function parseRegionSpec(spec: string): RegionSpec | null {
  if (builtinRegion(spec) !== undefined) return null;
  const hash = spec.lastIndexOf('#');
  const file = hash < 0 ? spec : spec.slice(0, hash);
  const feature = hash < 0 ? null : spec.slice(hash + 1);
  if (!GEOJSON_FILE.test(file) || feature === '') {
    throw new UsageError(
      `option '--region': unknown region "${spec}"; built-in regions: ${BUILTIN_REGIONS.map((r) => r.id).join(', ')}; or give a .geojson file, file.geojson#feature (its id, or its name or NAME property) or file.geojson#${ALL_FEATURES} (every feature)`,
    );
  }
  return { spec, file, feature };
}

/** The file part of a `--region` value (what a config file's relative path is resolved on). */
export function regionSpecFile(spec: string): { file: string; suffix: string } | null {
  const parsed = parseRegionSpec(spec);
  if (parsed === null) return null;
  return { file: parsed.file, suffix: parsed.feature === null ? '' : `#${parsed.feature}` };
}

const text = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;

/** A feature's id: `id` (of the feature or its properties). */
function featureId(f: AnyFeature): string | null {
  return text(f.properties?.id) ?? text((f as { id?: unknown }).id);
}

/** A feature's name: its `name` or `NAME` property (Natural Earth writes NAME). */
function featureName(f: AnyFeature): string | null {
  return text(f.properties?.name) ?? text(f.properties?.NAME);
}

/** Whether a feature is the one `wanted` names: by id, else by name. */
function matches(f: AnyFeature, wanted: string): boolean {
  return featureId(f) === wanted || featureName(f) === wanted;
}

async function readGeoJson(file: string): Promise<unknown> {
  let body: string;
  try {
    body = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(`${file}: cannot read region (${errnoText(err)})`);
  }
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new UserError(`${file}: invalid GeoJSON (${(err as Error).message})`);
  }
}

/** The regions one `--region` value names (several for `file.geojson#*`). */
async function regionsOf(spec: string): Promise<Region[]> {
  const parsed = parseRegionSpec(spec);
  if (parsed === null || parsed.feature === null) return [await loadRegion(spec)];
  const doc = await readGeoJson(parsed.file);
  const features = polygonFeatures(doc);
  const base = path.basename(parsed.file).replace(GEOJSON_FILE, '');
  const chosen =
    parsed.feature === ALL_FEATURES
      ? features
      : features.filter((f) => matches(f, parsed.feature as string));
  if (chosen.length === 0) {
    const known = features.map((f) => featureId(f) ?? featureName(f)).filter((k) => k !== null);
    throw new UserError(
      parsed.feature === ALL_FEATURES
        ? `${parsed.file}: no Polygon or MultiPolygon feature`
        : `${parsed.file}: no Polygon or MultiPolygon feature with id, name or NAME "${parsed.feature}"${known.length > 0 ? `; its features: ${known.slice(0, 20).join(', ')}` : ''}`,
    );
  }
  // A name shared by several features (the parts of one country, say) is one region of them all.
  const groups = new Map<string, AnyFeature[]>();
  for (const [i, f] of chosen.entries()) {
    const key =
      parsed.feature === ALL_FEATURES
        ? (featureId(f) ?? featureName(f) ?? `${base}-${i + 1}`)
        : parsed.feature;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups].map(([key, group]) => {
    try {
      return regionFromGeoJson(
        { type: 'FeatureCollection', features: group },
        {
          id: key,
          source: `${parsed.file}#${key}`,
          name: featureName(group[0] as AnyFeature) ?? key,
        },
      );
    } catch (err) {
      if (err instanceof RegionError) throw new UserError(err.message);
      throw err;
    }
  });
}

/**
 * Every region the `--region` values name, in order; a region named twice is a usage error (its
 * report would be there twice), as are two regions with one id (their reports could not be told
 * apart).
 */
export async function loadRegions(specs: readonly string[]): Promise<Region[]> {
  const regions = (await Promise.all(specs.map((s) => regionsOf(s)))).flat();
  const seen = new Map<string, Region>();
  for (const r of regions) {
    const had = seen.get(r.id);
    if (had !== undefined) {
      throw new UsageError(
        had.source === r.source
          ? `option '--region': the region "${r.id}" is named twice`
          : `option '--region': two regions have the id "${r.id}" (${had.source} and ${r.source}); name one feature of each instead`,
      );
    }
    seen.set(r.id, r);
  }
  return regions;
}
