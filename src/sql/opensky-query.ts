import type { AddressBlock } from '../aircraft/counted-addresses.js';
import { OPENSKY_STALE_AFTER_S } from '../ingest/formats/opensky.js';
import { numberLiteral, stringLiteral, tableName } from './literal.js';

export const SQL_ENGINES = ['trino', 'clickhouse'] as const;
export type SqlEngine = (typeof SQL_ENGINES)[number];

const MS_PER_S = 1000;
const S_PER_HOUR = 3600;
const MS_PER_DAY = 86_400_000;

/**
 * The columns asked for: those sortie's opensky-states reader reads (time, icao24, lat, lon,
 * onground and baroaltitude it needs; the others it uses when present), in Trino's names.
 */
export const OPENSKY_COLUMNS = [
  'time',
  'icao24',
  'lat',
  'lon',
  'velocity',
  'heading',
  'vertrate',
  'callsign',
  'onground',
  'squawk',
  'baroaltitude',
  'geoaltitude',
  'lastposupdate',
  'lastcontact',
] as const;

/** What to ask OpenSky's state vectors for. */
export interface OpenSkyRequest {
  readonly engine: SqlEngine;
  readonly table: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** W, S, E, N in degrees: the region's box, already widened. */
  readonly box: readonly [number, number, number, number];
  /** Lowercase 6-digit hex addresses, ascending. */
  readonly addresses: readonly string[];
  /** Address blocks asked for inside the box (military blocks). */
  readonly blocks: readonly AddressBlock[];
  /** Addresses inside the blocks that never count (--exclude): left out of the blocks. */
  readonly blockExclusions: readonly string[];
  /** The addresses' rows anywhere (whole sorties), not only inside the box. */
  readonly wholeTracks: boolean;
  /** At most this many addresses in one query: each more chunk reads the same partitions again. */
  readonly maxAddresses: number;
  /** Hours of a UTC day one query covers (24: a day a query; fewer for dense regions). */
  readonly hoursPerQuery: number;
}

/** One query of a request: a UTC day or part of one (inside the window), some of the addresses. */
export interface OpenSkyQuery {
  readonly fromMs: number;
  readonly toMs: number;
  /** The addresses it asks for: [first, end) indexes into the request's list. */
  readonly addressFrom: number;
  readonly addressTo: number;
  /** Whether it asks for the blocks (the first chunk of each day does). */
  readonly withBlocks: boolean;
  /** The statement, without a terminating semicolon. */
  readonly sql: string;
}

/**
 * The queries for a request: one per UTC day (or per `hoursPerQuery` of each day), its addresses
 * cut into chunks of at most `maxAddresses`, so that each query reads a day's partitions at most
 * and stays well inside OpenSky's 30 minutes. The blocks ride with a piece's first chunk.
 */
export function openskyQueries(request: OpenSkyRequest): OpenSkyQuery[] {
  const { addresses, maxAddresses } = request;
  if (!Number.isFinite(request.fromMs) || !Number.isFinite(request.toMs))
    throw new RangeError('an OpenSky query needs a bounded window');
  const chunks: [number, number][] = [];
  for (let i = 0; i < addresses.length; i += maxAddresses) {
    chunks.push([i, Math.min(addresses.length, i + maxAddresses)]);
  }
  if (chunks.length === 0) chunks.push([0, 0]);
  const queries: OpenSkyQuery[] = [];
  const pieceMs = request.hoursPerQuery * S_PER_HOUR * MS_PER_S;
  for (const [fromMs, toMs] of pieces(request.fromMs, request.toMs, pieceMs)) {
    for (const [k, [first, end]] of chunks.entries()) {
      const withBlocks = k === 0 && request.blocks.length > 0;
      if (first === end && !withBlocks) continue;
      const part = { fromMs, toMs, addressFrom: first, addressTo: end, withBlocks };
      queries.push({ ...part, sql: statement(request, part) });
    }
  }
  return queries;
}

/** [from, to) cut at UTC midnights, and every `pieceMs` from each midnight. */
function pieces(fromMs: number, toMs: number, pieceMs: number): [number, number][] {
  const out: [number, number][] = [];
  for (
    let dayMs = Math.floor(fromMs / MS_PER_DAY) * MS_PER_DAY;
    dayMs < toMs;
    dayMs += MS_PER_DAY
  ) {
    for (let startMs = dayMs; startMs < dayMs + MS_PER_DAY; startMs += pieceMs) {
      const endMs = Math.min(startMs + pieceMs, dayMs + MS_PER_DAY, toMs);
      const beginMs = Math.max(startMs, fromMs);
      if (beginMs < endMs) out.push([beginMs, endMs]);
    }
  }
  return out;
}

type QueryPart = Omit<OpenSkyQuery, 'sql'>;

function statement(request: OpenSkyRequest, part: QueryPart): string {
  const n = numberLiteral;
  // `time` is whole seconds: the first second at or after the start, the first at or after the end.
  const fromS = Math.ceil(part.fromMs / MS_PER_S);
  const toS = Math.ceil(part.toMs / MS_PER_S);
  // The partition a row sits in is not always the hour of its `time` (pyopensky#64): read the
  // hours of the window and one more each side, and cut exactly on `time`.
  const hourFromS = Math.floor(fromS / S_PER_HOUR) * S_PER_HOUR - S_PER_HOUR;
  const hourToS = Math.ceil(toS / S_PER_HOUR) * S_PER_HOUR + S_PER_HOUR;
  const [w, s, e, north] = request.box.map((x) => Math.round(x * 1e6) / 1e6) as [
    number,
    number,
    number,
    number,
  ];
  const inBox = [`lat BETWEEN ${n(s)} AND ${n(north)}`, `lon BETWEEN ${n(w)} AND ${n(e)}`];
  const listed = request.addresses.slice(part.addressFrom, part.addressTo);
  const listBranch =
    listed.length === 0 ? null : `icao24 IN (${wrapped(listed.map(stringLiteral))})`;
  const blockBranch = part.withBlocks ? blocksCondition(request) : null;
  const lines = [
    `SELECT ${OPENSKY_COLUMNS.join(', ')}`,
    `FROM ${tableName(request.table)}`,
    `WHERE hour >= ${n(hourFromS)} AND hour < ${n(hourToS)}`,
    `  AND time >= ${n(fromS)} AND time < ${n(toS)}`,
    `  AND time - lastcontact <= ${n(OPENSKY_STALE_AFTER_S)}`,
  ];
  if (!request.wholeTracks || listBranch === null) {
    // The box for every aircraft; BETWEEN also drops the rows without a position (NULL).
    for (const c of inBox) lines.push(`  AND ${c}`);
    const branches = [listBranch, blockBranch].filter((b) => b !== null);
    lines.push(
      `  AND ${branches.length === 1 ? branches[0] : `(${branches.join('\n       OR ')})`}`,
    );
  } else {
    // The listed aircraft anywhere (whole sorties); the blocks only inside the box.
    lines.push('  AND lat IS NOT NULL AND lon IS NOT NULL');
    const boxed =
      blockBranch === null ? null : `(${blockBranch}\n           AND ${inBox.join(' AND ')})`;
    lines.push(
      boxed === null ? `  AND ${listBranch}` : `  AND (${listBranch}\n       OR ${boxed})`,
    );
  }
  if (request.engine === 'clickhouse') lines.push('FORMAT CSVWithNames');
  return lines.join('\n');
}

/** The blocks as ranges (lexicographic on 6-digit lowercase hex is numeric order), less exclusions. */
function blocksCondition(request: OpenSkyRequest): string {
  const ranges = request.blocks.map(
    (b) => `icao24 BETWEEN ${stringLiteral(b.first)} AND ${stringLiteral(b.last)}`,
  );
  const any = ranges.length === 1 ? (ranges[0] as string) : `(${ranges.join('\n         OR ')})`;
  if (request.blockExclusions.length === 0) return any;
  const excluded = wrapped(request.blockExclusions.map(stringLiteral));
  return `(${any}\n        AND icao24 NOT IN (${excluded}))`;
}

/** Literals eight to a line, so that a long list stays readable. */
function wrapped(literals: readonly string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < literals.length; i += 8) lines.push(literals.slice(i, i + 8).join(', '));
  return lines.join(',\n         ');
}
