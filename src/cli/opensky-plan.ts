/**
 * What `sortie sql` prints and `sortie trino` runs: the queries for OpenSky's state vectors that
 * fetch what sortie needs of a window, built from the same options by both commands.
 */
import { countedAddresses, militaryBlocksFor } from '../aircraft/counted-addresses.js';
import { selectionText } from '../aircraft/selection.js';
import { COVERAGE_MARGIN_DEG } from '../coverage/coverage.js';
import { printable } from '../ingest/plausible.js';
import { gapsWithin } from '../sql/opensky-gaps.js';
import {
  openskyQueries,
  type OpenSkyQuery,
  type OpenSkyRequest,
  type SqlEngine,
} from '../sql/opensky-query.js';
import { renderOpenSkyScript, scriptWarnings } from '../sql/opensky-script.js';
import { SqlLiteralError, tableName } from '../sql/literal.js';
import type { RegistryOptions } from './common.js';
import { BUNDLED_REGISTRY_NAME, loadRegion, loadRegistry } from './context.js';
import { windowOption } from './dates.js';
import { UsageError, UserError, parseOption, type Io } from './io.js';
import { selectionOf, watchListNotes } from './run-analysis.js';

/** The options both commands take. */
export interface OpenSkyPlanOptions extends RegistryOptions {
  from: string;
  to: string;
  region: string;
  table: string;
  wholeTracks?: boolean;
  militaryBlocks: boolean;
  maxAddresses: number;
  hoursPerQuery: number;
}

export interface OpenSkyPlan {
  readonly request: OpenSkyRequest;
  readonly queries: readonly OpenSkyQuery[];
  /** The queries as one commented script (what `sortie sql` prints). */
  readonly script: string;
  /** OpenSky's known gaps inside the window, in words: for stderr. */
  readonly warnings: readonly string[];
}

/** The window and table checked before anything is read (usage errors exit 2 first). */
export function planUsage(opts: Pick<OpenSkyPlanOptions, 'from' | 'to' | 'table'>) {
  const window = windowOption({ from: opts.from, to: opts.to, tz: 'UTC' });
  const table = parseOption('--table', () => {
    try {
      return tableName(opts.table);
    } catch (err) {
      if (err instanceof SqlLiteralError) throw new Error(err.message);
      throw err;
    }
  });
  return { window, table };
}

/** Builds the queries; notes on the watch lists go to stderr as they are read. */
export async function openskyPlan(
  opts: OpenSkyPlanOptions,
  engine: SqlEngine,
  io: Io,
): Promise<OpenSkyPlan> {
  const { window, table } = planUsage(opts);
  const region = await loadRegion(opts.region);
  const { registry, watchLists } = await loadRegistry(opts.aircraftDb, opts.watch);
  for (const note of watchListNotes(watchLists)) io.stderr(`sortie: ${printable(note)}\n`);
  const selection = selectionOf(opts);
  const addresses = countedAddresses(registry, selection);
  const blocks = opts.militaryBlocks ? militaryBlocksFor(selection) : [];
  if (addresses.length === 0 && blocks.length === 0) {
    throw new UsageError(
      `no airframe counts under "${selectionText(selection)}" and no military block is asked for: nothing to query`,
    );
  }
  const inBlock = (hex: string): boolean => blocks.some((b) => hex >= b.first && hex <= b.last);
  const m = COVERAGE_MARGIN_DEG;
  const [w, s, e, n] = region.bbox;
  const request: OpenSkyRequest = {
    engine,
    table,
    fromMs: window.fromMs,
    toMs: window.toMs,
    box: [Math.max(-180, w - m), Math.max(-90, s - m), Math.min(180, e + m), Math.min(90, n + m)],
    addresses,
    blocks,
    blockExclusions: [...selection.exclude].filter(inBlock).sort(),
    wholeTracks: opts.wholeTracks === true,
    maxAddresses: opts.maxAddresses,
    hoursPerQuery: opts.hoursPerQuery,
  };
  const context = {
    region: `${region.id} (${region.source})`,
    marginDeg: m,
    selection: selectionText(selection),
    registries: [BUNDLED_REGISTRY_NAME, ...opts.aircraftDb, ...opts.watch],
    gaps: gapsWithin(window.fromMs, window.toMs),
  };
  try {
    const queries = openskyQueries(request);
    const script = renderOpenSkyScript(request, queries, context);
    return { request, queries, script, warnings: scriptWarnings(context) };
  } catch (err) {
    if (err instanceof SqlLiteralError) throw new UserError(err.message);
    throw err;
  }
}
