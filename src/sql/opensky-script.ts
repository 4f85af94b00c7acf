import type { DataGap } from './opensky-gaps.js';
import type { OpenSkyQuery, OpenSkyRequest } from './opensky-query.js';

/** What the script's header says of where the request came from, in words. */
export interface ScriptContext {
  /** The region's id and where its shape came from. */
  readonly region: string;
  /** How much the region's bounding box was widened, in degrees. */
  readonly marginDeg: number;
  /** The selection in words (selectionText). */
  readonly selection: string;
  /** The registries and watch lists the addresses come from. */
  readonly registries: readonly string[];
  /** OpenSky's known data gaps inside the window. */
  readonly gaps: readonly DataGap[];
}

/** An instant as `YYYY-MM-DD HH:MM` (UTC), as the scripts and `sortie trino` say it. */
export const utc = (ms: number): string =>
  new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The warnings a run of these queries should carry: on stderr and in the script's header. */
export function scriptWarnings(context: ScriptContext): string[] {
  return context.gaps.map(
    (g) =>
      `OpenSky has no state vectors from ${utc(g.fromMs)} to ${utc(g.toMs)} UTC (a known gap in its history): these queries return nothing for it, so fewer missions may be found, and sortie reads the silence as its receivers'`,
  );
}

/**
 * The queries as one script: a comment header saying what they ask for, how to run them within
 * OpenSky's limits and what to do with the results, then each query with a line saying what it
 * covers, each ended by a semicolon.
 */
export function renderOpenSkyScript(
  request: OpenSkyRequest,
  queries: readonly OpenSkyQuery[],
  context: ScriptContext,
): string {
  const [w, s, e, n] = request.box.map((x) => x.toFixed(2));
  const days = new Set(queries.map((q) => q.fromMs - (q.fromMs % 86_400_000))).size;
  const engine = request.engine === 'trino' ? "OpenSky's Trino" : 'ClickHouse';
  const lines = [
    `sortie sql --engine ${request.engine}: state vectors for sortie from ${request.table} (${engine}).`,
    `${plural(queries.length, 'query', 'queries')} for ${plural(days, 'UTC day')}: ${utc(request.fromMs)} to ${utc(request.toMs)} UTC (end exclusive), ${request.hoursPerQuery === 24 ? 'a day' : `${plural(request.hoursPerQuery, 'hour')} of a day`} per query.`,
    `Region ${context.region}: box W ${w}, S ${s}, E ${e}, N ${n} (its bounding box widened by ${context.marginDeg}°, the box sortie measures coverage in).`,
    `Aircraft: the ${plural(request.addresses.length, 'address', 'addresses')} that count under "${context.selection}" by ${context.registries.join(', ')}` +
      (request.addresses.length > request.maxAddresses
        ? `, at most ${request.maxAddresses} per query`
        : '') +
      (request.wholeTracks ? ', anywhere (--whole-tracks: whole sorties)' : ', inside the box') +
      (request.blocks.length === 0
        ? '.'
        : `; and every address in the military blocks of ${[...new Set(request.blocks.map((b) => b.country))].join(', ')} (${plural(request.blocks.length, 'range')}), inside the box.`),
    `Rows with time - lastcontact over 15 s (OpenSky's stale vectors) and rows without a position are left out.`,
  ];
  if (request.engine === 'trino') {
    lines.push(
      `OpenSky's limits: 2 queries running and 2 queued per user, 30 minutes each, no bulk downloads.`,
      `Run the queries one after the other (at most 2 at once), e.g. with the trino CLI:`,
      `  trino --server https://trino.opensky-network.org --user USER --external-authentication`,
      `        --catalog minio --schema osky --output-format CSV_HEADER --execute "QUERY" > day.csv`,
    );
  } else {
    lines.push(
      'Send one query per request (HTTP interface or clickhouse-client); each answers CSV with a header.',
    );
  }
  lines.push(
    `The columns are those sortie's OpenSky reader reads: save each result as a CSV file with its`,
    `header line (one file per query) and run sortie report (or missions, export) on the files.`,
    `Coverage: the results hold these aircraft only, so sortie sees no other traffic and cannot tell`,
    `a receiver's outage from a quiet spell; its report says so. Ask for a day before the window`,
    `you report on, so that a sortie under way at midnight starts where it did.`,
  );
  for (const warning of scriptWarnings(context)) lines.push(`Warning: ${warning}.`);
  const out = lines.map((l) => `-- ${l}`);
  for (const [i, q] of queries.entries()) {
    const count = q.addressTo - q.addressFrom;
    const what = [
      count === 0
        ? null
        : count === request.addresses.length
          ? plural(count, 'address', 'addresses')
          : `addresses ${q.addressFrom + 1} to ${q.addressTo} of ${request.addresses.length}`,
      q.withBlocks ? 'the military blocks' : null,
    ].filter((x) => x !== null);
    out.push(
      '',
      `-- Query ${i + 1} of ${queries.length}: ${utc(q.fromMs)} to ${utc(q.toMs)} UTC; ${what.join(' and ')}.`,
      `${q.sql};`,
    );
  }
  return `${out.join('\n')}\n`;
}
