import { inspectJson, renderInspectText } from '../../report/render/inspect.js';
import { emit } from '../common.js';
import type { Io } from '../io.js';
import { runAnalysis } from '../run-analysis.js';
import type { InspectOptions } from './command-options.js';

export async function inspectAction(
  inputs: string[],
  opts: InspectOptions,
  io: Io,
  setExit: (code: number) => void,
): Promise<void> {
  const { analysis, failures, passedOver } = await runAnalysis(inputs, opts, io);
  const text =
    opts.format === 'json'
      ? JSON.stringify(inspectJson(analysis, passedOver), null, 2) + '\n'
      : renderInspectText(analysis, passedOver);
  await emit(text, opts, io);
  if (failures > 0) setExit(1);
}
