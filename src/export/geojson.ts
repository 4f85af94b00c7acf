import { rewind } from '@turf/rewind';
import type { Feature, MultiPolygon, Polygon, Position as GeoPosition } from 'geojson';
import type { Analysis } from '../analyze.js';
import type { Region } from '../geo/region.js';
import type { Mission } from '../missions/types.js';
import { isoUtc } from '../report/periods.js';
import { missionProperties } from './mission-properties.js';
import { fixSources } from '../report/fix-sources.js';
import { DEFAULT_SPLIT_GAP_MS, missionFixes, splitTrack, type TrackPoint } from './tracks.js';

/** Coordinates keep 5 decimals (about 1 m), as the inputs do. */
const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;
const lonLat = (p: TrackPoint): GeoPosition => [round5(p.lon), round5(p.lat)];

/**
 * The region as an RFC 7946 polygon: exterior rings counterclockwise, holes clockwise (the
 * right-hand rule), lon/lat order, 5 decimals.
 */
export function regionFeature(region: Region): Feature<Polygon | MultiPolygon> {
  const wound = rewind(region.geometry, { reverse: false }) as Polygon | MultiPolygon;
  const roundRing = (ring: GeoPosition[]): GeoPosition[] =>
    ring.map(([lon, lat]) => [round5(lon ?? NaN), round5(lat ?? NaN)]);
  const geometry: Polygon | MultiPolygon =
    wound.type === 'Polygon'
      ? { type: 'Polygon', coordinates: wound.coordinates.map(roundRing) }
      : { type: 'MultiPolygon', coordinates: wound.coordinates.map((p) => p.map(roundRing)) };
  return {
    type: 'Feature',
    properties: {
      kind: 'region',
      id: region.id,
      name: region.name,
      source: region.source,
      stroke: '#ff8c00',
      'stroke-width': 2,
      fill: '#ff8c00',
      'fill-opacity': 0.08,
    },
    geometry,
  };
}

/**
 * The region and every mission's track as an RFC 7946 FeatureCollection: one LineString per
 * stretch of track without a coverage hole (longer than `splitGapMs`), a Point for a fix isolated
 * between two holes, each with the mission's properties. One feature per line keeps diffs readable.
 */
export function exportGeoJson(
  analysis: Analysis,
  missions: readonly Mission[],
  region: Region,
  splitGapMs: number = DEFAULT_SPLIT_GAP_MS,
  warnings: readonly string[] = [],
): string {
  return featureCollection(regionFeatures(analysis, missions, region, splitGapMs), warnings);
}

/**
 * Several regions in one FeatureCollection: each region, then its missions' tracks, each track
 * with its region's id (`region`): a mission in two overlapping regions is drawn for each.
 */
export function exportGeoJsonRegions(
  regions: readonly {
    readonly analysis: Analysis;
    readonly missions: readonly Mission[];
    readonly region: Region;
  }[],
  splitGapMs: number = DEFAULT_SPLIT_GAP_MS,
  warnings: readonly string[] = [],
): string {
  return featureCollection(
    regions.flatMap(({ analysis, missions, region }) =>
      regionFeatures(analysis, missions, region, splitGapMs).map((f) =>
        f.properties?.['kind'] === 'region'
          ? f
          : { ...f, properties: { region: region.id, ...f.properties } },
      ),
    ),
    warnings,
  );
}

/**
 * The collection, with the warnings of the listing (what the tracks may lack or hold wrongly) as
 * a foreign member `warnings` (RFC 7946, 6.1), always present as in sortie's JSON.
 */
function featureCollection(features: readonly Feature[], warnings: readonly string[]): string {
  return (
    `{"type":"FeatureCollection","warnings":${JSON.stringify(warnings)},"features":[\n` +
    features.map((f) => JSON.stringify(f)).join(',\n') +
    '\n]}\n'
  );
}

function regionFeatures(
  analysis: Analysis,
  missions: readonly Mission[],
  region: Region,
  splitGapMs: number,
): Feature[] {
  const sources = fixSources(analysis.inputs);
  const features: Feature[] = [regionFeature(region)];
  for (const m of missions) {
    const parts = splitTrack(missionFixes(analysis, m), splitGapMs);
    const props = missionProperties(m, sources);
    parts.forEach((part, i) => {
      const first = part[0] as TrackPoint;
      const last = part[part.length - 1] as TrackPoint;
      features.push({
        type: 'Feature',
        properties: {
          kind: part.length > 1 ? 'track' : 'isolated-fix',
          ...props,
          part: i + 1,
          parts: parts.length,
          from: isoUtc(first.timeMs),
          to: isoUtc(last.timeMs),
          stroke: props.color ?? null,
          'stroke-width': 2,
        },
        geometry:
          part.length > 1
            ? { type: 'LineString', coordinates: part.map(lonLat) }
            : { type: 'Point', coordinates: lonLat(first) },
      });
    });
  }
  return features;
}
