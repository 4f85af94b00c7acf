/**
 * Regions shipped with sortie: GeoJSON files under data/regions/, with their provenance and the
 * coast (src/geo/coast-areas.ts) their territorial verdicts and maps use. Plain data: a lookup by
 * id finds every preset here.
 */
export interface BuiltinRegion {
  readonly id: string;
  readonly file: string;
  readonly featureId: string;
  readonly summary: string;
  /** Where the outline comes from, in a few words (data/regions/SOURCES.md has the full account). */
  readonly source: string;
  /** The coast area for territorial verdicts, or null where the verdict has no meaning. */
  readonly coast: string | null;
  /** Why there are no territorial verdicts, when `coast` is null. */
  readonly noTerritorialReason?: string;
}

const NE_10M = 'Natural Earth 10m';

export const BUILTIN_REGIONS: readonly BuiltinRegion[] = [
  {
    id: 'gulf-of-california',
    file: 'gulf-of-california.geojson',
    featureId: 'gulf-of-california-iho',
    summary:
      'Gulf of California north of the IHO S-23 (1953) limit, Cabo San Lucas to Punta Piaxtla; Natural Earth 10m coast; islands included (default)',
    source: `IHO S-23 (1953) limit; ${NE_10M} coast`,
    coast: 'nw-mexico',
  },
  {
    id: 'gulf-of-california-extended',
    file: 'gulf-of-california.geojson',
    featureId: 'gulf-of-california-extended-cabo-corrientes',
    summary:
      'Gulf of California with the southern limit Cabo San Lucas to Cabo Corrientes (adds Nayarit coast, Islas Marias, Bahia de Banderas)',
    source: `Cabo Corrientes convention; ${NE_10M} coast`,
    coast: 'nw-mexico',
  },
  {
    id: 'us-mexico-border',
    file: 'us-mexico-border.geojson',
    featureId: 'us-mexico-border',
    summary:
      'Band 100 km either side of the US-Mexico land border, Pacific to Gulf of Mexico (no territorial verdicts: a land band)',
    source: `${NE_10M} admin-0 border, buffered`,
    coast: null,
    noTerritorialReason:
      'the region is a band over land on both sides of the US-Mexico border, and the 12 NM test measures distance to any coast, so it cannot tell US from Mexican airspace',
  },
  {
    id: 'baja-pacific',
    file: 'baja-pacific.geojson',
    featureId: 'baja-pacific',
    summary:
      'Pacific side of Baja California: sea within 100 NM of the coast, US border (32.53N) to Cabo San Lucas (22.87N)',
    source: `stated limits; ${NE_10M} coast`,
    coast: 'baja-pacific',
  },
  {
    id: 'gulf-of-mexico',
    file: 'gulf-of-mexico.geojson',
    featureId: 'gulf-of-mexico',
    summary:
      'Gulf of Mexico with the Bay of Campeche, inside the IHO S-23 (1953) limits (Cabo Catoche - Cuba - Florida Keys)',
    source: `IHO S-23 (1953) text, derived; ${NE_10M} coast`,
    coast: 'gulf-of-mexico',
  },
  {
    id: 'southern-caribbean',
    file: 'southern-caribbean.geojson',
    featureId: 'southern-caribbean',
    summary:
      'Caribbean off Colombia and Venezuela: south of 15N between 77W and 61.5W (the 2025 US build-up), ABC islands in',
    source: `stated box; ${NE_10M} coast`,
    coast: 'southern-caribbean',
  },
];

export const DEFAULT_REGION_ID = 'gulf-of-california';

export function builtinRegion(id: string): BuiltinRegion | undefined {
  return BUILTIN_REGIONS.find((r) => r.id === id);
}

/**
 * The built-in region a loaded region is, if it is one: told by where it was read from, so a file
 * of the user's that happens to share a built-in id keeps its own coast and map.
 */
export function builtinOfRegion(region: {
  readonly id: string;
  readonly source: string;
}): BuiltinRegion | undefined {
  return region.source.startsWith('data/regions/') ? builtinRegion(region.id) : undefined;
}
