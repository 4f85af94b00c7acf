import { parseHex } from '../ingest/parse-values.js';
import { isIsrType, isLightIsrType } from './designators.js';
import { eachQuotedRow, type RegistryEntry } from './registry.js';

const text = (v: string | undefined): string | null => {
  const t = v?.trim() ?? '';
  return t === '' ? null : t;
};

/** The first line with quotes and BOM dropped, lowercased: the column names. */
function headerNames(csvText: string): string[] {
  const first = csvText.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return first.split(',').map((h) => h.replace(/["']/g, '').trim().toLowerCase());
}

/** True for the OpenSky aircraft database (`icao24`, `registration`, `typecode` columns, any quoting). */
export function isOpenskyAircraftDatabase(csvText: string): boolean {
  const names = headerNames(csvText);
  return names.includes('icao24') && names.includes('typecode');
}

/**
 * Parses the OpenSky aircraft database: the old double-quoted `aircraftDatabase.csv` and the
 * single-quoted monthly `aircraft-database-complete-YYYY-MM.csv`, columns located by name. It makes
 * no surveillance judgement (no category or tags), so only airframes with a surveillance type
 * designator are kept (no other entry can identify anything), and they only fill addresses that no
 * earlier registry has: identification then goes by type designator and military address.
 */
export function parseOpenskyRegistry(
  csvText: string,
  source: string,
  options: { readonly file?: string; readonly everyType?: boolean } = {},
): Map<string, RegistryEntry> {
  const body = csvText.replace(/^\uFEFF/, '');
  const quoteChar = body.trimStart().startsWith("'") ? "'" : '"';
  const file = options.file ?? source;
  const out = new Map<string, RegistryEntry>();
  const header = (h: string): string => h.replace(/["']/g, '').trim().toLowerCase();
  eachQuotedRow(body, quoteChar, header, (row, line) => {
    const hex = parseHex(row.icao24);
    const icaoType = text(row.typecode)?.toUpperCase() ?? null;
    if (hex === null) return;
    // A watch list keeps every row: the user named them.
    if (options.everyType !== true && !(isIsrType(icaoType) || isLightIsrType(icaoType))) return;
    const maker = text(row.manufacturername);
    const model = text(row.model);
    out.set(hex, {
      hex,
      registration: text(row.registration),
      operator: text(row.operator) ?? text(row.owner),
      description: model === null ? maker : maker === null ? model : `${maker} ${model}`,
      icaoType,
      cmpg: null,
      category: null,
      tags: [],
      source,
      fillOnly: true,
      row: `${file}:${line}`,
    });
  });
  return out;
}
