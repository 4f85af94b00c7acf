import { inspectJson, renderInspectText } from '../../report/render/inspect.js';
import { archiveWarnings } from '../../report/render/archive-lines.js';
import { outputStyle } from '../color.js';
import { emit } from '../common.js';
import { warningLine, type Io } from '../io.js';
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
  // The damage and gaps of archives, as report says them (errors are on stderr already): the
  // table on a terminal shows them itself; JSON or a file also on stderr.
  const onScreen = opts.format !== 'json' && io.stdoutIsTTY && opts.out === undefined;
  if (!onScreen) for (const w of archiveWarnings(analysis.inputs)) io.stderr(warningLine(w));
  if (failures > 0) setExit(1);
}
