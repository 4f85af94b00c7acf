import { emit } from '../common.js';
import type { Io } from '../io.js';
import { openskyPlan, planUsage } from '../opensky-plan.js';
import { refuseOverwritingInputs, withOutputLocks, type OutputFile } from '../outputs.js';
import type { SqlOptions } from './command-options.js';

/** Prints the queries for OpenSky's state vectors (see src/sql/opensky-query.ts). */
export async function sqlAction(
  opts: SqlOptions,
  io: Io,
  outputs: readonly OutputFile[] = [],
): Promise<void> {
  // Usage first, before any file is read.
  planUsage(opts);
  await refuseOverwritingInputs(outputs, [...opts.aircraftDb, ...opts.watch]);
  const plan = await openskyPlan(opts, opts.engine, io);
  for (const warning of plan.warnings) io.stderr(`sortie: warning: ${warning}\n`);
  await withOutputLocks(io, outputs, () => emit(plan.script, opts, io));
}
