import { papaparse } from '../ingest/papa.js';
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
  const body = csvText.replace(/^\uFEFF/, '');
  const parsed = body.includes('"')
    ? papaparse().parse<Record<string, string>>(body, {
        header: true,
        skipEmptyLines: true,
        transformHeader: normalise,
      })
    : splitPlain(body);
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
 * A CSV without a quote character read by splitting lines and commas, as papaparse reads it (blank
 * lines skipped, columns by their normalised header names): the bundled table is one, and papaparse
 * took a tenth of the CLI's start-up for it.
 */
function splitPlain(text: string): { data: Record<string, string>[]; meta: { fields: string[] } } {
  const lines = text.split(/\r\n|\n|\r/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) return { data: [], meta: { fields: [] } };
  const fields = (lines[headerAt] as string).split(',').map((h) => normalise(h));
  const data: Record<string, string>[] = [];
  for (let i = headerAt + 1; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const values = line.split(',');
    const row: Record<string, string> = {};
    fields.forEach((f, k) => {
      const v = values[k];
      if (v !== undefined) row[f] = v;
    });
    data.push(row);
  }
  return { data, meta: { fields } };
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
