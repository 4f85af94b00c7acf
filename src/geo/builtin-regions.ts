/** Regions shipped with sortie: GeoJSON files under data/regions/, with their provenance. */
export interface BuiltinRegion {
  readonly id: string;
  readonly file: string;
  readonly featureId: string;
  readonly summary: string;
}

export const BUILTIN_REGIONS: readonly BuiltinRegion[] = [
  {
    id: 'gulf-of-california',
    file: 'gulf-of-california.geojson',
    featureId: 'gulf-of-california-iho',
    summary:
      'Gulf of California north of the IHO S-23 (1953) limit, Cabo San Lucas to Punta Piaxtla; Natural Earth 10m coast; islands included (default)',
  },
  {
    id: 'gulf-of-california-extended',
    file: 'gulf-of-california.geojson',
    featureId: 'gulf-of-california-extended-cabo-corrientes',
    summary:
      'Gulf of California with the southern limit Cabo San Lucas to Cabo Corrientes (adds Nayarit coast, Islas Marias, Bahia de Banderas)',
  },
];

export const DEFAULT_REGION_ID = 'gulf-of-california';

export function builtinRegion(id: string): BuiltinRegion | undefined {
  return BUILTIN_REGIONS.find((r) => r.id === id);
}
