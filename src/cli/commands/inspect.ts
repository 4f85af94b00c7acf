import { Command, Option } from 'commander';
import { inspectJson, renderInspectText } from '../../report/render/inspect.js';
import { addInputOptions, emit, runAnalysis, type InputOptions } from '../common.js';
import type { Io } from '../io.js';

interface InspectOptions extends InputOptions {
  format: 'table' | 'json';
}

export function inspectCommand(io: Io, setExit: (code: number) => void): Command {
  const cmd = new Command('inspect').description(
    'show how each input was read: format, rows used and skipped (with reasons and line numbers), time span, aircraft',
  );
  addInputOptions(cmd)
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['table', 'json'])
        .default('table'),
    )
    .action(async (inputs: string[], opts: InspectOptions) => {
      const { analysis, failures } = await runAnalysis(inputs, opts, io);
      const text =
        opts.format === 'json'
          ? JSON.stringify(inspectJson(analysis), null, 2) + '\n'
          : renderInspectText(analysis);
      await emit(text, opts, io);
      if (failures > 0) setExit(1);
    });
  return cmd;
}
