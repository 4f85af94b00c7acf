import { Command, InvalidArgumentError, Option } from 'commander';
import { SQL_ENGINES } from '../../sql/opensky-query.js';
import { DEFAULT_REGION_ID } from '../../geo/builtin-regions.js';
import { addRegistryOptions } from '../common.js';
import type { SqlOptions } from './command-options.js';
import { EXAMPLES, addExamples } from '../help-examples.js';
import type { Io } from '../io.js';
import { outputFiles } from '../outputs.js';

export const DEFAULT_OPENSKY_TABLE = 'state_vectors_data4';
export const DEFAULT_MAX_ADDRESSES = 2000;

/** How many hours of a day one query covers: 1 to 24. */
function parseHoursPerQuery(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 24) {
    throw new InvalidArgumentError(`"${text}" is not a whole number of hours from 1 to 24`);
  }
  return n;
}

/** How many addresses one query may list: 1 to 10,000. */
function parseMaxAddresses(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    throw new InvalidArgumentError(`"${text}" is not a whole number from 1 to 10000`);
  }
  return n;
}

/** The options `sql` and `trino` share: the window, the region, the table, who counts, chunking. */
export function addOpenSkyPlanOptions(cmd: Command): Command {
  cmd
    .requiredOption('--from <date>', 'window start, UTC (YYYY-MM-DD or ISO instant)')
    .requiredOption('--to <date>', 'window end, UTC, exclusive')
    .option(
      '--region <id|file.geojson>',
      'region whose box (widened as for coverage) the rows must fall in (see `sortie regions`)',
      DEFAULT_REGION_ID,
    )
    .option('--table <name>', "the table with OpenSky's columns", DEFAULT_OPENSKY_TABLE);
  return addRegistryOptions(cmd)
    .option(
      '--whole-tracks',
      "the counted airframes' rows anywhere, not only inside the box: whole sorties, take-off to landing (more rows)",
    )
    .option(
      '--no-military-blocks',
      'leave out the addresses of the military blocks that no registry names',
    )
    .addOption(
      new Option(
        '--max-addresses <n>',
        'at most this many addresses listed in one query (each further chunk reads the same partitions again)',
      )
        .argParser(parseMaxAddresses)
        .default(DEFAULT_MAX_ADDRESSES),
    )
    .addOption(
      new Option(
        '--hours-per-query <n>',
        'hours of a UTC day one query covers: fewer for a query that would run long',
      )
        .argParser(parseHoursPerQuery)
        .default(24),
    );
}

export function sqlCommand(io: Io): Command {
  const cmd = new Command('sql')
    .description(
      "print the SQL that fetches what sortie needs from OpenSky's state vectors (its Trino, or a ClickHouse table with its columns): one query per UTC day, the region's box, the aircraft that count",
    )
    .addOption(
      new Option('--engine <engine>', 'the SQL engine: trino (OpenSky) or clickhouse')
        .choices(SQL_ENGINES)
        .default('trino'),
    );
  addOpenSkyPlanOptions(cmd)
    .option('-o, --out <file>', 'write the SQL to a file instead of standard output')
    .action(async (opts: SqlOptions) => {
      const outputs = outputFiles({ '--out': opts.out });
      const { sqlAction } = await import('./sql-action.js');
      await sqlAction(opts, io, outputs);
    });
  return addExamples(cmd, EXAMPLES.sql);
}
