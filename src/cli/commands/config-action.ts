import type { Command } from 'commander';
import { durationText } from '../common.js';
import {
  appliedConfig,
  configOptions,
  parameterSource,
  type ParameterSource,
} from '../config-file.js';
import {
  DATA_COMMAND_NAMES,
  allConfigKeys,
  dataCommand,
  type DataCommandName,
} from '../data-commands.js';
import { UsageError, type Io } from '../io.js';
import { parseDuration } from '../options.js';

interface Parameter {
  readonly key: string;
  readonly value: unknown;
  readonly source: ParameterSource;
}

/** A value as a person would write it back: durations as 2h, lists with commas. */
function shown(value: unknown): string {
  if (value === undefined) return '-';
  if (Array.isArray(value)) return value.length === 0 ? '-' : value.map(String).join(',');
  if (typeof value === 'object' && value !== null) {
    const pairs = Object.entries(value).map(([k, v]) => `${k}=${String(v)}`);
    return pairs.length === 0 ? '-' : pairs.join(',');
  }
  return String(value);
}

export async function configAction(
  command: string,
  args: readonly string[],
  opts: { print?: boolean; config?: string; format?: 'text' | 'json' },
  io: Io,
  prepare: (cmd: Command) => Command,
): Promise<void> {
  if (opts.print !== true) {
    throw new UsageError(
      'sortie config needs --print (it shows the parameters a command would use)',
    );
  }
  if (!(DATA_COMMAND_NAMES as readonly string[]).includes(command)) {
    throw new UsageError(
      `"${command}" takes no config file; the commands that do: ${DATA_COMMAND_NAMES.join(', ')}`,
    );
  }
  // The command itself parses its arguments and reads the file, with its action replaced.
  const target = prepare(
    dataCommand(command as DataCommandName, io, () => undefined, allConfigKeys, {
      requireInputs: false,
    }),
  ).action(() => undefined);
  const argv = opts.config === undefined ? [...args] : [...args, '--config', opts.config];
  // compare needs its two windows or sets of inputs; show the rest without them.
  const placeholders = command === 'compare' && args.length === 0 ? ['A', 'B'] : [];
  await target.parseAsync([...placeholders, ...argv], { from: 'user' });
  const applied = appliedConfig(target);
  const inputsIndex = target.registeredArguments.findIndex((a) => a.name() === 'inputs');
  const parameters: Parameter[] = [];
  if (inputsIndex >= 0) {
    const inputs = target.processedArgs[inputsIndex] as string[];
    parameters.push({ key: 'inputs', value: inputs, source: applied?.inputsSource ?? 'flag' });
  }
  for (const [key, option] of configOptions(target)) {
    const value: unknown = target.getOptionValue(key);
    const source = parameterSource(target, key);
    parameters.push({
      key,
      value:
        option.parseArg === parseDuration && typeof value === 'number'
          ? durationText(value)
          : // A default the option describes in words (--operators: military-isr).
            value === undefined && source === 'default'
            ? option.defaultValueDescription
            : value,
      source,
    });
  }
  // What the file and the flags set first, then the defaults: the part a reader checks.
  parameters.sort((a, b) => Number(a.source === 'default') - Number(b.source === 'default'));
  const file = applied?.file ?? null;
  const unused = applied?.unused ?? [];
  if (opts.format === 'json') {
    io.stdout(
      `${JSON.stringify({ schema: 'sortie.config/1', command, file, parameters, unused }, null, 2)}\n`,
    );
    return;
  }
  const width = Math.max(...parameters.map((p) => p.key.length));
  const values = parameters.map((p) => shown(p.value));
  const valueWidth = Math.min(48, Math.max(...values.map((v) => v.length)));
  const lines = [
    `sortie ${command}: parameters (config file: ${file ?? 'none'})`,
    ...parameters.map(
      (p, i) => `  ${p.key.padEnd(width)}  ${(values[i] ?? '').padEnd(valueWidth)}  ${p.source}`,
    ),
  ];
  if (unused.length > 0) {
    lines.push(`Not used by ${command}: ${unused.join(', ')} (other commands' parameters)`);
  }
  io.stdout(`${lines.join('\n')}\n`);
}
