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
  /** The row it was read from, `file:line`, for `sortie identify`. */
  readonly row?: string;
  /** Set when a `--watch` list names the airframe: it then counts whatever its class. */
  readonly watch?: WatchRef;
}

/** The watch-list row that names an airframe. */
export interface WatchRef {
  /** `file:line`. */
  readonly row: string;
  readonly label: string | null;
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
export function parseRegistry(
  csvText: string,
  source: string,
  file: string = source,
): Map<string, RegistryEntry> {
  const body = csvText.replace(/^\uFEFF/, '');
  const parsed = body.includes('"') ? splitQuoted(body) : splitPlain(body);
  const fields = parsed.meta.fields ?? [];
  if (!fields.includes('icao')) {
    throw new RegistryError(
      `${source}: not a plane-alert-db style registry (no ICAO column; columns found: ${fields.join(', ')})`,
    );
  }
  const out = new Map<string, RegistryEntry>();
  for (const [k, row] of parsed.data.entries()) {
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
      row: `${file}:${parsed.lines[k]}`,
    });
  }
  return out;
}

type Split = { data: Record<string, string>[]; lines: number[]; meta: { fields: string[] } };

/** A CSV with quotes, by papaparse; each row's first line found from where the row starts. */
function splitQuoted(body: string): Split {
  const data: Record<string, string>[] = [];
  const lines: number[] = [];
  const fields = eachQuotedRow(body, '"', normalise, (row, line) => {
    data.push(row);
    lines.push(line);
  });
  return { data, lines, meta: { fields } };
}

/**
 * Streams a CSV with a header through papaparse, handing each row with the line it starts on (for
 * `file:line` references); returns the column names.
 */
export function eachQuotedRow(
  body: string,
  quoteChar: string,
  header: (h: string) => string,
  onRow: (row: Record<string, string>, line: number) => void,
): string[] {
  let fields: string[] = [];
  // The first row starts after the header line (header names hold no line breaks).
  const headerAt = body.search(/[^\r\n]/);
  const headerEnd = headerAt < 0 ? -1 : body.indexOf('\n', headerAt);
  let start = headerEnd < 0 ? body.length : headerEnd + 1;
  let line = 1;
  let counted = 0;
  papaparse().parse<Record<string, string>>(body, {
    header: true,
    skipEmptyLines: true,
    quoteChar,
    transformHeader: header,
    step: (result) => {
      fields = result.meta.fields ?? fields;
      // The row starts after the previous one's end and any blank lines papaparse skipped.
      while (start < body.length && (body[start] === '\n' || body[start] === '\r')) start += 1;
      for (; counted < start; counted += 1) if (body[counted] === '\n') line += 1;
      onRow(result.data, line);
      start = result.meta.cursor;
    },
  });
  return fields;
}

/**
 * A CSV without a quote character read by splitting lines and commas, as papaparse reads it (blank
 * lines skipped, columns by their normalised header names): the bundled table is one, and papaparse
 * took a tenth of the CLI's start-up for it.
 */
function splitPlain(text: string): Split {
  const lines = text.split(/\r\n|\n|\r/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) return { data: [], lines: [], meta: { fields: [] } };
  const fields = (lines[headerAt] as string).split(',').map((h) => normalise(h));
  const data: Record<string, string>[] = [];
  const rowLines: number[] = [];
  for (let i = headerAt + 1; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    rowLines.push(i + 1);
    const values = line.split(',');
    const row: Record<string, string> = {};
    fields.forEach((f, k) => {
      const v = values[k];
      if (v !== undefined) row[f] = v;
    });
    data.push(row);
  }
  return { data, lines: rowLines, meta: { fields } };
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
