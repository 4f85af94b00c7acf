import { countedAddresses, militaryBlocksFor } from '../../aircraft/counted-addresses.js';
import { selectionText } from '../../aircraft/selection.js';
import { COVERAGE_MARGIN_DEG } from '../../coverage/coverage.js';
import { printable } from '../../ingest/plausible.js';
import { gapsWithin } from '../../sql/opensky-gaps.js';
import { openskyQueries, type OpenSkyRequest } from '../../sql/opensky-query.js';
import { renderOpenSkyScript, scriptWarnings } from '../../sql/opensky-script.js';
import { SqlLiteralError, tableName } from '../../sql/literal.js';
import { BUNDLED_REGISTRY_NAME, loadRegion, loadRegistry } from '../context.js';
import { emit } from '../common.js';
import { windowOption } from '../dates.js';
import { UsageError, UserError, parseOption, type Io } from '../io.js';
import { refuseOverwritingInputs, withOutputLocks, type OutputFile } from '../outputs.js';
import { selectionOf, watchListNotes } from '../run-analysis.js';
import type { SqlOptions } from './command-options.js';

/** Prints the queries for OpenSky's state vectors (see src/sql/opensky-query.ts). */
export async function sqlAction(
  opts: SqlOptions,
  io: Io,
  outputs: readonly OutputFile[] = [],
): Promise<void> {
  // Usage first, before any file is read.
  const window = windowOption({ from: opts.from, to: opts.to, tz: 'UTC' });
  const table = parseOption('--table', () => {
    try {
      return tableName(opts.table);
    } catch (err) {
      if (err instanceof SqlLiteralError) throw new Error(err.message);
      throw err;
    }
  });
  await refuseOverwritingInputs(outputs, [...opts.aircraftDb, ...opts.watch]);
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
    engine: opts.engine,
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
  let text: string;
  try {
    text = renderOpenSkyScript(request, openskyQueries(request), context);
  } catch (err) {
    if (err instanceof SqlLiteralError) throw new UserError(err.message);
    throw err;
  }
  for (const warning of scriptWarnings(context)) io.stderr(`sortie: warning: ${warning}\n`);
  await withOutputLocks(io, outputs, () => emit(text, opts, io));
}
