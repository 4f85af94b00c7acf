/**
 * The coastline and land layers shipped in data/geo/, each for one area: what territorial
 * verdicts measure distance to, and what a map of a region inside the area draws. Plain data, so
 * a region (built-in or a file) finds its coast by id or by the box it lies in.
 */
export interface CoastArea {
  readonly id: string;
  /** Files under data/ whose lines (LineStrings, and polygon rings) are shores. */
  readonly shores: readonly string[];
  /** Files under data/ with the land polygons: the land test, and the map's land. */
  readonly land: readonly string[];
  /** [west, south, east, north]: the box the layers were clipped to. */
  readonly coverage: readonly [number, number, number, number];
  /** Where the layers come from, for a report's parameters. */
  readonly source: string;
  /** How the files were made: copied clips, or scripts/build-region-presets.ts from world-atlas. */
  readonly builtFrom: 'natural-earth-geojson' | 'world-atlas';
  /** The map credit for the land drawn from these files. */
  readonly attribution: string;
}

const WORLD_ATLAS_SOURCE =
  'Natural Earth 1:10m land via world-atlas 2.0.2 (public domain; quantized to about 0.4 km)';

export const COAST_AREAS: readonly CoastArea[] = [
  {
    id: 'nw-mexico',
    shores: [
      'geo/ne_10m_coastline.nw-mexico.geojson',
      'geo/ne_10m_minor_islands.nw-mexico.geojson',
    ],
    land: ['geo/ne_10m_land.nw-mexico.geojson', 'geo/ne_10m_minor_islands.nw-mexico.geojson'],
    coverage: [-119, 17.5, -103, 34],
    source:
      'Natural Earth 1:10m v4.0.0 coastline, land and minor islands (data/geo/ne_10m_coastline.nw-mexico.geojson, ne_10m_land.nw-mexico.geojson, ne_10m_minor_islands.nw-mexico.geojson), clipped to [-119, 17.5, -103, 34]',
    builtFrom: 'natural-earth-geojson',
    attribution: 'Land: Natural Earth 1:10m (public domain)',
  },
  ...(
    [
      ['baja-pacific', [-123, 19, -106, 35.5]],
      ['gulf-of-mexico', [-100, 14, -76, 33]],
      ['southern-caribbean', [-80, 4, -58, 19]],
    ] as const
  ).map(
    ([id, coverage]): CoastArea => ({
      id,
      shores: [`geo/ne_10m_land.${id}.geojson`],
      land: [`geo/ne_10m_land.${id}.geojson`],
      coverage,
      source: `${WORLD_ATLAS_SOURCE} (data/geo/ne_10m_land.${id}.geojson), clipped to [${coverage.join(', ')}]`,
      builtFrom: 'world-atlas',
      attribution: 'Land: Natural Earth 1:10m via world-atlas (public domain)',
    }),
  ),
];

export function coastArea(id: string): CoastArea | undefined {
  return COAST_AREAS.find((c) => c.id === id);
}

const within = (
  inner: readonly [number, number, number, number],
  outer: readonly [number, number, number, number],
): boolean =>
  inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];

/** The first coast area whose layers cover the whole box, if any. */
export function coastAreaCovering(
  box: readonly [number, number, number, number],
): CoastArea | undefined {
  return COAST_AREAS.find((c) => within(box, c.coverage));
}

/** The files of an area's layers, shores then land, in order: what its stored index is built from. */
export function coastLayerFiles(area: CoastArea): string[] {
  return [...area.shores, ...area.land];
}
