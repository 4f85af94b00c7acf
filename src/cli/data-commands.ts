import type { Command } from 'commander';
import { compareCommand } from './commands/compare.js';
import { exportCommand } from './commands/export.js';
import { inspectCommand } from './commands/inspect.js';
import { missionsCommand } from './commands/missions.js';
import { reportCommand } from './commands/report.js';
import { SECTION_NAMES, configKeys, useConfigFile } from './config-file.js';
import type { Io } from './io.js';

/** The commands that read data, by name: those a config file gives parameters to. */
export const DATA_COMMAND_NAMES = SECTION_NAMES;
export type DataCommandName = (typeof DATA_COMMAND_NAMES)[number];

const FACTORIES: Record<DataCommandName, (io: Io, setExit: (code: number) => void) => Command> = {
  report: reportCommand,
  missions: missionsCommand,
  inspect: inspectCommand,
  export: exportCommand,
  compare: compareCommand,
};

/** Every key a config file may hold (the options of all data commands, and `inputs`). */
export function allConfigKeys(): Set<string> {
  const noIo = {} as Io;
  return configKeys(DATA_COMMAND_NAMES.map((name) => FACTORIES[name](noIo, () => undefined)));
}

/**
 * One data command, reading the config file before it runs; `requireInputs: false` for
 * `config --print`, which shows the parameters also before any inputs are named.
 */
export function dataCommand(
  name: DataCommandName,
  io: Io,
  setExit: (code: number) => void,
  keys: () => ReadonlySet<string>,
  { requireInputs = true }: { requireInputs?: boolean } = {},
): Command {
  return useConfigFile(FACTORIES[name](io, setExit), keys, io, { requireInputs });
}
