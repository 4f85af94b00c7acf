import Papa from 'papaparse';
import { parseHex } from '../ingest/parse-values.js';

/** One airframe from a registry in plane-alert-db CSV form. */
export interface RegistryEntry {
  readonly hex: string;
  readonly registration: string | null;
  readonly operator: string | null;
  readonly description: string | null;
  readonly icaoType: string | null;
  /** plane-alert-db `#CMPG`: Mil, Gov, Pol or Civ. */
  readonly cmpg: string | null;
  readonly category: string | null;
  readonly tags: readonly string[];
  /** Which registry it came from (shown in `identifiedBy`). */
  readonly source: string;
  /** From a registry that judges nothing (OpenSky): it never replaces an earlier registry's entry. */
  readonly fillOnly?: boolean;
}

export type Registry = ReadonlyMap<string, RegistryEntry>;

/** Header names lose plane-alert-db's `$`/`#` display markers, so `$ICAO Type` is `icao type`. */
const normalise = (h: string): string => h.replace(/[$#]/g, '').trim().toLowerCase();
const text = (v: string | undefined): string | null => {
  const t = v?.trim() ?? '';
  return t === '' || t === '????' ? null : t;
};

export class RegistryError extends Error {}

/**
 * Parses a registry in plane-alert-db CSV form (header `$ICAO,$Registration,$Operator,$Type,$ICAO Type,
 * #CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link`; columns are found by name, extra ones ignored).
 */
export function parseRegistry(csvText: string, source: string): Map<string, RegistryEntry> {
  const parsed = Papa.parse<Record<string, string>>(csvText.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
    transformHeader: normalise,
  });
  const fields = parsed.meta.fields ?? [];
  if (!fields.includes('icao')) {
    throw new RegistryError(
      `${source}: not a plane-alert-db style registry (no ICAO column; columns found: ${fields.join(', ')})`,
    );
  }
  const out = new Map<string, RegistryEntry>();
  for (const row of parsed.data) {
    const hex = parseHex(row.icao);
    if (hex === null) continue;
    out.set(hex, {
      hex,
      registration: text(row.registration),
      operator: text(row.operator),
      description: text(row.type),
      icaoType: text(row['icao type'])?.toUpperCase() ?? null,
      cmpg: text(row.cmpg),
      category: text(row.category),
      tags: [row['tag 1'], row['tag 2'], row['tag 3']]
        .map((t) => text(t))
        .filter((t): t is string => t !== null),
      source,
    });
  }
  return out;
}

/**
 * Later registries override earlier ones entry by entry (a user's file corrects the bundled table),
 * except fill-only entries, which only add addresses no earlier registry has.
 */
export function mergeRegistries(registries: readonly Registry[]): Registry {
  const out = new Map<string, RegistryEntry>();
  for (const r of registries) {
    for (const [hex, e] of r) if (!(e.fillOnly === true && out.has(hex))) out.set(hex, e);
  }
  return out;
}
