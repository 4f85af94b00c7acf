/**
 * The bundled table as the build stores it: its entries as
 * parseRegistry reads them and the lists its keep rules are made from (watch.ts's RegistryLists),
 * so that a run loads them rather than splitting the CSV and asking the identification of each of
 * its airframes (together 15-20 ms of every run's start on the main thread, before it could read).
 *
 * The build writes it beside the bundle (REGISTRY_SNAPSHOT_NAME). Layout: a first line of JSON naming the format, the digest of the table's bytes it was made
 * from and the digest of the payload; then the payload, one line of JSON. A snapshot whose digests
 * do not fit (another table, another build, damage) is not used: the caller parses the table.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { Registry, RegistryEntry } from './registry.js';
import type { RegistryLists } from './watch.js';

/**
 * The snapshot's name beside the bundle the same build wrote (dist/bundle/): only a run of that
 * bundle uses it, so that the lists always come from the identification code that runs. Code run
 * from elsewhere (the sources, tests) parses the table.
 */
export const REGISTRY_SNAPSHOT_NAME = 'registry.json';

const FORMAT = 'sortie-registry-snapshot-v1';

interface Header {
  readonly format: string;
  readonly source: string;
  readonly payload: string;
}

interface Payload {
  readonly entries: readonly RegistryEntry[];
  readonly watched: readonly number[];
  readonly candidates: readonly number[];
}

export interface RegistrySnapshot {
  readonly registry: Registry;
  readonly lists: RegistryLists;
}

const sha256 = (bytes: Uint8Array | string): string =>
  createHash('sha256').update(bytes).digest('hex');

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
  const payload: Payload = {
    entries: [...registry.values()],
    watched: lists.watched,
    candidates: lists.candidates,
  };
  const body = asciiJson(payload);
  const header: Header = { format: FORMAT, source: sha256(tableBytes), payload: sha256(body) };
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
  if (header.format !== FORMAT || header.source !== sha256(tableBytes)) return null;
  const body = file.subarray(headerEnd + 1, file.length - 1);
  if (header.payload !== sha256(body) || !isAscii(body)) return null;
  let payload: Partial<Payload>;
  try {
    payload = JSON.parse(body.toString('latin1')) as Partial<Payload>;
  } catch {
    return null;
  }
  // The payload's digest is the build's: only its shape is checked here.
  const { entries, watched, candidates } = payload;
  if (!Array.isArray(entries) || !Array.isArray(watched) || !Array.isArray(candidates)) {
    return null;
  }
  const registry = new Map<string, RegistryEntry>();
  for (const e of entries) registry.set(e.hex, e);
  return { registry, lists: { watched, candidates } };
}
