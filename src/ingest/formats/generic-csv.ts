import { mapColumns } from './column-map.js';
import type { CsvFormat, ReaderOptions } from './format.js';
import { mappedRowParser } from './mapped-rows.js';

/**
 * Any other CSV with a header: columns found by common names (time/timestamp/ts, lat/latitude,
 * lon/lng/longitude, alt/altitude/baro_altitude, callsign/flight, hex/icao/icao24, ...), units from
 * name suffixes (`altitude_m`, `speed (km/h)`), and `--map`/`--units` for what cannot be guessed.
 */
export const genericCsv: CsvFormat = {
  kind: 'csv',
  name: 'generic-csv',
  description: 'any CSV with time and position columns',
  identifyHeader(header, options) {
    const map = mapColumns(header, options.fieldMap, options.units);
    if (map.missing.length > 0 || map.unknownColumns.length > 0) return null;
    return `columns: ${map.description}`;
  },
  rowParser(header, ctx) {
    const map = mapColumns(header, ctx.options.fieldMap, ctx.options.units);
    const problem = unmappedProblem(header, ctx.options);
    if (problem !== null) throw new Error(`cannot read as generic-csv: ${problem}`);
    if (map.index.hex === undefined) {
      ctx.note(
        'no address column: positions are tied to an airframe by callsign or --aircraft, else listed as unidentified',
      );
    }
    return mappedRowParser(map, header.length, ctx);
  },
};

/** Why a header cannot be mapped (missing fields, --map columns not in it), or null. */
export function unmappedProblem(header: readonly string[], options: ReaderOptions): string | null {
  const map = mapColumns(header, options.fieldMap, options.units);
  const problems: string[] = [];
  if (map.unknownColumns.length > 0) {
    problems.push(`--map names column(s) not in the header: ${map.unknownColumns.join(', ')}`);
  }
  if (map.missing.length > 0) problems.push(`no column for ${map.missing.join(', ')}`);
  return problems.length === 0 ? null : problems.join('; ');
}
