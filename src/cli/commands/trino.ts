import { Command, InvalidArgumentError, Option } from 'commander';
import { EXAMPLES, addExamples } from '../help-examples.js';
import type { Io } from '../io.js';
import type { TrinoOptions } from './command-options.js';
import { addOpenSkyPlanOptions } from './sql.js';
import { OPENSKY_TRINO_URL, TRINO_USER_ENV } from '../trino-client.js';

function wholeNumber(min: number, max: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`"${text}" is not a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

export function trinoCommand(io: Io, setExit: (code: number) => void): Command {
  const cmd = new Command('trino').description(
    "run the queries of `sortie sql --engine trino` on a Trino server (OpenSky's by default) and save each one's rows as a CSV file that sortie reads; files already fetched for the same query are kept",
  );
  addOpenSkyPlanOptions(cmd)
    .option('--url <url>', 'the Trino server', OPENSKY_TRINO_URL)
    .option(
      '--user <name>',
      `the Trino user (OpenSky: your lowercase user name); or set ${TRINO_USER_ENV}`,
    )
    .option(
      '--token-env <VAR>',
      'the environment variable holding a bearer token (OpenSky: an access token from its authentication server); the token is never printed',
    )
    .option('--catalog <name>', 'the catalog the table is in', 'minio')
    .option('--schema <name>', 'the schema the table is in', 'osky')
    .option('--dir <folder>', 'where the CSV files go (made if needed)', '.')
    .addOption(
      new Option('--parallel <n>', 'queries running at once (OpenSky allows 2 per user)')
        .argParser(wholeNumber(1, 8))
        .default(1),
    )
    .addOption(
      new Option('--timeout <seconds>', 'give up an answer that does not come for this long')
        .argParser(wholeNumber(1, 3600))
        .default(120),
    )
    .addOption(
      new Option(
        '--retries <n>',
        'ask again this many times after a busy server or a dropped connection',
      )
        .argParser(wholeNumber(0, 100))
        .default(5),
    )
    .option('-q, --quiet', 'no progress on standard error (warnings and errors still)')
    .action(async (opts: TrinoOptions) => {
      const { trinoAction } = await import('./trino-action.js');
      setExit(await trinoAction(opts, io));
    });
  return addExamples(cmd, EXAMPLES.trino);
}
