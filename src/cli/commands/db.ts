import { Command, Option } from 'commander';
import { EXAMPLES, addExamples } from '../help-examples.js';
import type { Io } from '../io.js';
import { collect, parseDelimiter, parseFieldMap, parseUnits, parseZone } from '../options.js';
import { INPUT_FORMAT_NAMES } from '../common.js';
import { dbTimeoutOption, type DbInitOptions, type DbLoadOptions } from './db-options.js';

/** `sortie db init` and `sortie db load`: ClickHouse as the store positions are read from. */
export function dbCommand(
  io: Io,
  setExit: (code: number) => void,
  prepare: (cmd: Command) => Command = (cmd) => cmd,
): Command {
  const db = new Command('db').description(
    'ClickHouse as the store: make its tables (init), load inputs into it (load); then --db URL on report, missions, export, inspect',
  );
  const init = new Command('init')
    .description("create sortie's tables on a ClickHouse server, or on every server of a cluster")
    .requiredOption(
      '--db <url>',
      'ClickHouse HTTP URL, http://[user:password@]host:8123[/database]; with --cluster, every server of the cluster, comma-separated',
    )
    .option(
      '--cluster <name>',
      "a cluster of the servers' remote_servers: each gets the tables as *_local, with a Distributed table over them",
    )
    .addOption(dbTimeoutOption())
    .action(async (opts: DbInitOptions) => {
      const { dbInitAction } = await import('./db-action.js');
      await dbInitAction(opts, io);
    });
  const load = new Command('load')
    .description(
      'read inputs (every format sortie reads, archives included) into the database; an input loaded before is skipped',
    )
    .argument('<inputs...>', 'files or directories (read recursively); - for standard input')
    .requiredOption(
      '--db <url>',
      'ClickHouse HTTP URL, http://[user:password@]host:8123[/database]',
    )
    .addOption(dbTimeoutOption())
    .addOption(
      new Option(
        '--input-format <name>',
        'skip detection and read every input as this format',
      ).choices(INPUT_FORMAT_NAMES),
    )
    .option(
      '--source-tz <zone>',
      'time zone of timestamps written without one (SBS logs, plane-alert logs, generic CSV)',
      parseZone,
      'UTC',
    )
    .addOption(
      new Option('--map <field=column>', 'generic CSV: the column holding a field (repeatable)')
        .argParser(parseFieldMap)
        .default({}, 'found by name'),
    )
    .addOption(
      new Option(
        '--units <field=unit>',
        'generic CSV: alt=ft|m, speed=kt|mps|kmh|mph, time=s|ms (repeatable)',
      )
        .argParser(parseUnits)
        .default({}, 'from the column names'),
    )
    .option(
      '--delimiter <char>',
      'field separator of CSV inputs: , ; tab (or \\t) |',
      parseDelimiter,
    )
    .addOption(
      new Option('--date-order <order>', 'how dates like 3/2/2025 read: dmy or mdy').choices([
        'dmy',
        'mdy',
      ]),
    )
    .option(
      '--glob <pattern>',
      'read only the files inside directories that match (repeatable)',
      collect,
      [],
    )
    .option('-q, --quiet', 'print only the closing line, not the accounting of each input')
    .action(async (inputs: string[], opts: DbLoadOptions) => {
      const { dbLoadAction } = await import('./db-action.js');
      await dbLoadAction(inputs, opts, io, setExit);
    });
  // Each subcommand prints its errors as the others do (`sortie: ...`, exit 2).
  for (const sub of [init, load]) {
    db.addCommand(
      prepare(sub).showHelpAfterError(`(run sortie db ${sub.name()} --help for usage)`),
    );
  }
  return addExamples(db, EXAMPLES.db);
}
