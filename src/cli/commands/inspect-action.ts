import { inspectJson, renderInspectText } from '../../report/render/inspect.js';
import { outputStyle } from '../color.js';
import { emit } from '../common.js';
import type { Io } from '../io.js';
import type { OutputFile } from '../outputs.js';
import { runAnalysis } from '../run-analysis.js';
import type { InspectOptions } from './command-options.js';

export async function inspectAction(
  inputs: string[],
  opts: InspectOptions,
  io: Io,
  setExit: (code: number) => void,
  outputs: readonly OutputFile[] = [],
): Promise<void> {
  const { analysis, failures, passedOver, leftOut, selection } = await runAnalysis(
    inputs,
    opts,
    io,
    outputs,
  );
  const text =
    opts.format === 'json'
      ? JSON.stringify(inspectJson(analysis, passedOver, leftOut, selection), null, 2) + '\n'
      : renderInspectText(analysis, passedOver, await outputStyle(opts, io), leftOut, selection);
  await emit(text, opts, io);
  if (failures > 0) setExit(1);
}
