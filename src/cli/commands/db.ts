import { Command, Option } from 'commander';
import { EXAMPLES, addExamples } from '../help-examples.js';
import type { Io } from '../io.js';
import { addReaderOptions, INPUT_FORMAT_NAMES } from '../common.js';
import {
  dbTimeoutOption,
  staleAfterOption,
  type DbInitOptions,
  type DbLoadOptions,
  type DbPruneOptions,
} from './db-options.js';

/** `sortie db init` and `sortie db load`: ClickHouse as the store positions are read from. */
export function dbCommand(
  io: Io,
  setExit: (code: number) => void,
  prepare: (cmd: Command) => Command = (cmd) => cmd,
): Command {
  const db = new Command('db').description(
    'ClickHouse as the store: make its tables (init), load inputs into it (load), remove rows of failed loads (prune); then --db URL on report, missions, export, inspect, compare',
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
  const load = addReaderOptions(
    new Command('load')
      .description(
        'read inputs (every format sortie reads, archives included) into the database; an input loaded before is skipped',
      )
      .argument('<inputs...>', 'files or directories (read recursively); - for standard input')
      .requiredOption(
        '--db <url>',
        'ClickHouse HTTP URL, http://[user:password@]host:8123[/database]',
      )
      .addOption(dbTimeoutOption())
      .addOption(staleAfterOption())
      .addOption(
        new Option(
          '--input-format <name>',
          'skip detection and read every input as this format',
        ).choices(INPUT_FORMAT_NAMES),
      ),
  )
    .option('-q, --quiet', 'print only the closing line, not the accounting of each input')
    .action(async (inputs: string[], opts: DbLoadOptions) => {
      const { dbLoadAction } = await import('./db-action.js');
      await dbLoadAction(inputs, opts, io, setExit);
    });
  const prune = new Command('prune')
    .description(
      'remove the rows of loads that failed or were killed (not recorded, not heard from for --stale-after); db load does it too before loading',
    )
    .requiredOption(
      '--db <url>',
      'ClickHouse HTTP URL, http://[user:password@]host:8123[/database]; on a cluster, one server (the others are those db init recorded) or every server, comma-separated',
    )
    .addOption(dbTimeoutOption())
    .addOption(staleAfterOption())
    .option('--dry-run', 'say what would be removed, remove nothing')
    .option('-q, --quiet', 'print nothing unless something fails')
    .action(async (opts: DbPruneOptions) => {
      const { dbPruneAction } = await import('./db-action.js');
      await dbPruneAction(opts, io);
    });
  // Each subcommand prints its errors as the others do (`sortie: ...`, exit 2).
  for (const sub of [init, load, prune]) {
    db.addCommand(
      prepare(sub).showHelpAfterError(`(run sortie db ${sub.name()} --help for usage)`),
    );
  }
  return addExamples(db, EXAMPLES.db);
}
