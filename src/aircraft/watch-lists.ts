import { parseHex } from '../ingest/parse-values.js';
import { isOpenskyAircraftDatabase, parseOpenskyRegistry } from './opensky-registry.js';
import { parseRegistry, type Registry, type RegistryEntry, type WatchRef } from './registry.js';

/** A watch list that cannot be read, with `file:line` in its message. */
export class WatchListError extends Error {}

/** The airframes one watch list names, and the rows of a database form it passed over. */
export interface WatchList {
  readonly file: string;
  readonly form: WatchListForm;
  readonly entries: ReadonlyMap<string, RegistryEntry>;
  /** Rows of a database form without a usable address: counted, not fatal (a hand list's are). */
  readonly skipped: number;
  readonly skippedReason: string | null;
}

export type WatchListForm =
  | 'addresses'
  | 'hex-label-csv'
  | 'tar1090-db-csv'
  | 'tar1090-db-json'
  | 'opensky-aircraft-database'
  | 'plane-alert-db';

const HEADER_FIRST_FIELDS = new Set(['hex', 'icao', 'icao24', 'address', '$icao']);

/**
 * Reads a watch list in the forms people keep them: a plain list of addresses (one a line, `#`
 * comments), `hex,label[,type][,operator]` CSV, tar1090-db's `aircraft.csv.gz`
 * (`hex;reg;type;flags;desc;year;ownOp`) or a `db/<prefix>.js` JSON shard, the OpenSky aircraft
 * database, or plane-alert-db. Every row names an airframe that counts whatever its class. A bad
 * row of a hand-kept list (addresses, CSV) is an error naming its line; a database's rows without
 * an address are passed over and counted.
 */
export function parseWatchList(text: string, file: string, name: string = file): WatchList {
  const body = text.replace(/^\uFEFF/, '');
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{')) return tar1090Json(trimmed, file, name);
  if (isOpenskyAircraftDatabase(body)) {
    const entries = parseOpenskyRegistry(body, name, { file, everyType: true });
    return database('opensky-aircraft-database', file, entries, body);
  }
  const firstLine = firstContentLine(body);
  const firstFields = firstLine.split(',').map((f) =>
    f
      .replace(/[$#"']/g, '')
      .trim()
      .toLowerCase(),
  );
  if (firstFields.includes('icao') && firstFields.includes('cmpg')) {
    const entries = parseRegistry(body, name, file);
    return database('plane-alert-db', file, entries, body);
  }
  if (firstLine.includes(';')) return tar1090Csv(body, file, name);
  return handList(body, file, name);
}

function firstContentLine(body: string): string {
  for (const line of body.split(/\r\n|\n|\r/)) {
    const t = stripComment(line).trim();
    if (t !== '') return t;
  }
  return '';
}

/** `#` starts a comment at the start of a line or after white space (labels may hold `#1`). */
const stripComment = (line: string): string => line.replace(/(^|\s)#.*$/, '');

function watchEntry(
  hex: string,
  file: string,
  name: string,
  line: number,
  fields: {
    label?: string | null;
    registration?: string | null;
    type?: string | null;
    operator?: string | null;
    military?: boolean;
  },
): RegistryEntry {
  const row = `${file}:${line}`;
  return {
    hex,
    registration: fields.registration ?? null,
    operator: fields.operator ?? null,
    description: fields.label ?? null,
    icaoType: fields.type?.toUpperCase() ?? null,
    cmpg: fields.military === true ? 'Mil' : null,
    category: null,
    tags: [],
    source: name,
    row,
    watch: { row, label: fields.label ?? null },
  };
}

const orNull = (v: string | undefined): string | null => {
  const t = v?.trim() ?? '';
  return t === '' ? null : t;
};

function handList(body: string, file: string, name: string): WatchList {
  const entries = new Map<string, RegistryEntry>();
  let csv = false;
  let seenContent = false;
  for (const [i, raw] of body.split(/\r\n|\n|\r/).entries()) {
    const line = stripComment(raw).trim();
    if (line === '') continue;
    const fields = line.split(',').map((f) => f.trim());
    const first = fields[0] ?? '';
    if (!seenContent && HEADER_FIRST_FIELDS.has(first.toLowerCase())) {
      seenContent = true;
      csv = true;
      continue;
    }
    seenContent = true;
    const hex = parseHex(first.replace(/^~/, ''));
    if (hex === null) {
      throw new WatchListError(
        `${file}:${i + 1}: not a 6-digit hex ICAO address: "${first.slice(0, 40)}" (a watch list has one address a line, or hex,label[,type][,operator])`,
      );
    }
    if (fields.length > 4) {
      throw new WatchListError(
        `${file}:${i + 1}: ${fields.length} fields; a watch list row is hex,label[,type][,operator] (commas inside a label are not allowed)`,
      );
    }
    if (fields.length > 1) csv = true;
    entries.set(
      hex,
      watchEntry(hex, file, name, i + 1, {
        label: orNull(fields[1]),
        type: orNull(fields[2]),
        operator: orNull(fields[3]),
      }),
    );
  }
  return {
    file,
    form: csv ? 'hex-label-csv' : 'addresses',
    entries,
    skipped: 0,
    skippedReason: null,
  };
}

/** readsb's `--db-file` CSV, as tar1090-db's `aircraft.csv.gz`: `hex;reg;type;flags;desc;year;ownOp`. */
function tar1090Csv(body: string, file: string, name: string): WatchList {
  const entries = new Map<string, RegistryEntry>();
  let skipped = 0;
  for (const [i, raw] of body.split(/\r\n|\n|\r/).entries()) {
    if (raw.trim() === '') continue;
    const [hexText, reg, type, flags, desc, , ownOp] = raw.split(';');
    const hex = parseHex(hexText?.replace(/^~/, ''));
    if (hex === null) {
      skipped += 1;
      continue;
    }
    entries.set(
      hex,
      watchEntry(hex, file, name, i + 1, {
        label: orNull(desc),
        registration: orNull(reg),
        type: orNull(type),
        operator: orNull(ownOp),
        military: flags?.[0] === '1',
      }),
    );
  }
  return {
    file,
    form: 'tar1090-db-csv',
    entries,
    skipped,
    skippedReason: skipped > 0 ? 'no 6-digit hex address in the first field' : null,
  };
}

/**
 * A tar1090-db `db/<prefix>.js` shard: `{"<address less the prefix>": [reg, type, flags, desc]}`,
 * the prefix taken from the file name (`A.js`, `A.js.gz`, or `db-A.js.gz`).
 */
function tar1090Json(body: string, file: string, name: string): WatchList {
  const prefix = /(?:^|[-_/\\])([0-9a-f]{1,5})\.js(?:\.gz)?$/i.exec(file)?.[1]?.toLowerCase();
  if (prefix === undefined) {
    throw new WatchListError(
      `${file}: a tar1090-db JSON shard is named by its address prefix (A.js, db-A.js.gz): the prefix completes each address`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    throw new WatchListError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new WatchListError(`${file}: a tar1090-db shard is a JSON object keyed by address`);
  }
  const entries = new Map<string, RegistryEntry>();
  let skipped = 0;
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const hex = parseHex(prefix + key);
    if (hex === null || !Array.isArray(value)) {
      skipped += 1;
      continue;
    }
    const [reg, type, flags, desc] = value.map((v) => (typeof v === 'string' ? v : undefined));
    // A JSON shard has no lines: the entry is named by its key.
    entries.set(hex, {
      ...watchEntry(hex, file, name, 0, {
        label: orNull(desc),
        registration: orNull(reg),
        type: orNull(type),
        military: flags?.[0] === '1',
      }),
      row: `${file}#${key}`,
      watch: { row: `${file}#${key}`, label: orNull(desc) },
    });
  }
  return {
    file,
    form: 'tar1090-db-json',
    entries,
    skipped,
    skippedReason: skipped > 0 ? 'key plus prefix is not a 6-digit hex address' : null,
  };
}

function database(
  form: WatchListForm,
  file: string,
  parsed: ReadonlyMap<string, RegistryEntry>,
  body: string,
): WatchList {
  const entries = new Map<string, RegistryEntry>();
  for (const [hex, e] of parsed) {
    const row = e.row ?? file;
    entries.set(hex, { ...e, fillOnly: false, watch: { row, label: e.description } });
  }
  // Data rows less those read: the rows with no usable address.
  const rows = body.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').length - 1;
  const skipped = Math.max(0, rows - parsed.size);
  return {
    file,
    form,
    entries,
    skipped,
    skippedReason: skipped > 0 ? 'no usable address, or an address repeated' : null,
  };
}

/**
 * Marks the airframes of the watch lists in a registry: an airframe the registry knows keeps its
 * entry (class, country, operator) and gains the watch; one it does not is added from the list.
 */
export function applyWatchLists(registry: Registry, lists: readonly WatchList[]): Registry {
  if (lists.length === 0) return registry;
  const out = new Map(registry);
  for (const list of lists) {
    for (const [hex, w] of list.entries) {
      const known = out.get(hex);
      const watch = w.watch as WatchRef;
      out.set(hex, known === undefined ? w : { ...known, watch });
    }
  }
  return out;
}
