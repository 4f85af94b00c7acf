/**
 * The bundled table as the build stores it: its entries as parseRegistry reads them and the lists
 * its keep rules are made from (watch.ts's RegistryLists), so that a run loads them rather than
 * splitting the CSV and asking the identification of each of its airframes (together 15-20 ms of
 * every run's start on the main thread, before it could read).
 *
 * The build writes it beside the bundle (REGISTRY_SNAPSHOT_NAME). Layout, in ASCII: a first line
 * of JSON naming the format, the check value (checksum.ts) of the table's bytes it was made from
 * and that of the rest; a line of JSON with the airframes' addresses in order, the lists, and what
 * the operators' names name (operator-class.ts's statesNamed: some 70 expressions a run need not
 * compile and try on each name, ~2 ms of the main thread after reading); then each entry's JSON on
 * a line of its own. A snapshot whose check values do not fit (another table, another build,
 * damage) is not used: the caller parses the table.
 *
 * An entry is parsed when it is first asked for (StoredRegistry): a run asks for the few hundred
 * airframes it meets, and parsing all 1,808 made ~3 MB of objects that the first collections of
 * the young generation then copied (~10 ms of the main thread's start, docs/performance.md), and
 * that went to every reading thread by structured clone (~4 ms to send, ~5 ms to receive).
 */
import { isAscii } from 'node:buffer';
import { statesNamed } from './operator-class.js';
import type { Registry, RegistryEntry } from './registry.js';
import type { RegistryLists } from './watch.js';
import { checkValue } from '../checksum.js';

/**
 * The snapshot's name beside the bundle the same build wrote (dist/bundle/): only a run of that
 * bundle uses it, so that the lists always come from the identification code that runs. Code run
 * from elsewhere (the sources, tests) parses the table.
 */
export const REGISTRY_SNAPSHOT_NAME = 'registry.json';

const FORMAT = 'sortie-registry-snapshot-v4';

interface Header {
  readonly format: string;
  readonly source: string;
  readonly payload: string;
}

interface Index {
  /** The airframes' addresses, in the table's order: entry i is on line i after this one. */
  readonly hexes: readonly string[];
  readonly watched: readonly number[];
  readonly candidates: readonly number[];
  /** Each operator name of the entries and what it names (see operator-class.ts's statesNamed). */
  readonly states: readonly (readonly [string, string | null])[];
}

export interface RegistrySnapshot {
  readonly registry: Registry;
  readonly lists: RegistryLists;
  readonly states: Index['states'];
}

/** The check value (checksum.ts) of bytes, or of ASCII text, in hex. */
const digest = (bytes: Uint8Array | string): string =>
  checkValue([typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes]).toString('hex');

/**
 * JSON in ASCII: the few characters beyond it (operators' names) written as \u escapes, so that a
 * run reads the payload as one byte a character and hashes the bytes it read (UTF-8 text took
 * twice as long, both to decode and to hash).
 */
const asciiJson = (value: unknown): string =>
  JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** The snapshot's text for `registry` (parsed from `tableBytes`) and its lists. */
export function encodeRegistrySnapshot(
  registry: Registry,
  lists: RegistryLists,
  tableBytes: Uint8Array,
): string {
  const operators = [...registry.values()].flatMap((e) =>
    e.operator === null ? [] : [e.operator],
  );
  const index: Index = {
    hexes: [...registry.keys()],
    watched: lists.watched,
    candidates: lists.candidates,
    states: statesNamed(operators),
  };
  const lines = [asciiJson(index), ...[...registry.values()].map((e) => asciiJson(e))];
  const body = lines.join('\n');
  const header: Header = { format: FORMAT, source: digest(tableBytes), payload: digest(body) };
  return `${JSON.stringify(header)}\n${body}\n`;
}

const NEWLINE = 0x0a;

/**
 * The registry and lists stored in `file` (a whole snapshot's bytes) when it was made from a table
 * with the bytes `tableBytes` and is whole; else null.
 */
export function decodeRegistrySnapshot(
  file: Buffer,
  tableBytes: Uint8Array,
): RegistrySnapshot | null {
  const headerEnd = file.indexOf(NEWLINE);
  if (headerEnd < 0 || file[file.length - 1] !== NEWLINE) return null;
  let header: Partial<Header>;
  try {
    header = JSON.parse(file.toString('latin1', 0, headerEnd)) as Partial<Header>;
  } catch {
    return null;
  }
  if (header.format !== FORMAT || header.source !== digest(tableBytes)) return null;
  const body = file.subarray(headerEnd + 1, file.length - 1);
  if (header.payload !== digest(body) || !isAscii(body)) return null;
  const indexEnd = body.indexOf(NEWLINE);
  let index: Partial<Index>;
  try {
    index = JSON.parse(
      body.toString('latin1', 0, indexEnd < 0 ? body.length : indexEnd),
    ) as Partial<Index>;
  } catch {
    return null;
  }
  // The payload's digest is the build's: only its shape is checked here.
  const { hexes, watched, candidates, states } = index;
  if (
    !Array.isArray(hexes) ||
    !Array.isArray(watched) ||
    !Array.isArray(candidates) ||
    !Array.isArray(states)
  ) {
    return null;
  }
  const entries = indexEnd < 0 ? Buffer.alloc(0) : body.subarray(indexEnd + 1);
  const stored = StoredRegistry.of({ hexes, entries });
  return stored === null ? null : { registry: stored, lists: { watched, candidates }, states };
}

/** What a StoredRegistry is made of, as a reading thread is sent it (plain data, cloned cheaply). */
export interface StoredEntries {
  /** The airframes' addresses, in order. */
  readonly hexes: readonly string[];
  /** Their entries' JSON in ASCII, one a line, in the same order. */
  readonly entries: Uint8Array;
}

/**
 * A registry whose entries are parsed from their JSON when first asked for, each once; iterated,
 * it parses them all, in order. Otherwise the same as the Map parseRegistry makes.
 */
export class StoredRegistry implements ReadonlyMap<string, RegistryEntry> {
  private readonly stored: StoredEntries;
  private readonly at = new Map<string, number>();
  /** Where each entry's line starts, and one past the last line's end. */
  private readonly starts: Uint32Array;
  private readonly parsed: (RegistryEntry | undefined)[];

  private constructor(stored: StoredEntries, starts: Uint32Array) {
    this.stored = stored;
    this.starts = starts;
    this.parsed = new Array<RegistryEntry | undefined>(stored.hexes.length);
    stored.hexes.forEach((hex, i) => this.at.set(hex, i));
  }

  /** The registry of `stored`, or null when its lines and addresses do not match up. */
  static of(stored: StoredEntries): StoredRegistry | null {
    const { hexes, entries } = stored;
    const starts = new Uint32Array(hexes.length + 1);
    let at = 0;
    for (let i = 0; i < hexes.length; i += 1) {
      const found = entries.indexOf(NEWLINE, at);
      const end = found < 0 ? entries.length : found;
      // Each address has a line of its own, not empty; the last ends the text.
      if (end === at || found < 0 !== (i === hexes.length - 1)) return null;
      starts[i] = at;
      at = end + 1;
    }
    starts[hexes.length] = at;
    if (hexes.length === 0 && entries.length > 0) return null;
    return new StoredRegistry(stored, starts);
  }

  /** The plain data it was made of: StoredRegistry.of makes it again (on another thread). */
  entriesStored(): StoredEntries {
    return this.stored;
  }

  get size(): number {
    return this.stored.hexes.length;
  }

  has(hex: string): boolean {
    return this.at.has(hex);
  }

  get(hex: string): RegistryEntry | undefined {
    const i = this.at.get(hex);
    return i === undefined ? undefined : this.entryAt(i);
  }

  private entryAt(i: number): RegistryEntry {
    let entry = this.parsed[i];
    if (entry === undefined) {
      const from = this.starts[i] as number;
      const to = (this.starts[i + 1] as number) - 1;
      entry = JSON.parse(latin1(this.stored.entries, from, to)) as RegistryEntry;
      this.parsed[i] = entry;
    }
    return entry;
  }

  *entries(): MapIterator<[string, RegistryEntry]> {
    const { hexes } = this.stored;
    for (let i = 0; i < hexes.length; i += 1) yield [hexes[i] as string, this.entryAt(i)];
  }

  *keys(): MapIterator<string> {
    yield* this.stored.hexes;
  }

  *values(): MapIterator<RegistryEntry> {
    for (let i = 0; i < this.stored.hexes.length; i += 1) yield this.entryAt(i);
  }

  forEach(
    callback: (value: RegistryEntry, key: string, map: ReadonlyMap<string, RegistryEntry>) => void,
    thisArg?: unknown,
  ): void {
    for (const [hex, entry] of this.entries()) callback.call(thisArg, entry, hex, this);
  }

  [Symbol.iterator](): MapIterator<[string, RegistryEntry]> {
    return this.entries();
  }
}

/** Bytes `from` to `to` of ASCII text as a string (a Buffer's own, or a copy's for a plain array). */
function latin1(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1');
}
