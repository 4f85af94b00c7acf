import { existsSync } from 'node:fs';
import { findOutages } from '../../coverage/outages.js';
import { compareSides, type CompareSideInput } from '../../report/compare.js';
import { operatorAccount } from '../../report/operators.js';
import { dataWarnings } from '../../report/data-warnings.js';
import { nextPeriodStart, periodStart, windowText } from '../../report/periods.js';
import {
  compareJson,
  renderCompareMarkdown,
  renderCompareText,
} from '../../report/render/compare.js';
import { inputWarnings } from '../../report/verdict.js';
import { outputStyle } from '../color.js';
import { durationText, emit, regionSpecs } from '../common.js';
import { parseInterval } from '../dates.js';
import { UsageError, UserError, parseOption, warningLine, type Io } from '../io.js';
import type { OutputFile } from '../outputs.js';
import { runAnalysis, type LoadedAnalysis } from '../run-analysis.js';
import { VERSION } from '../version.js';
import type { CompareOptions } from './command-options.js';

type Window = { startMs: number; endMs: number };

/** `FROM/TO` when the text is one and no file of that name exists (a folder may be named so). */
function asWindow(text: string, tz: string): Window | null {
  if (existsSync(text)) return null;
  try {
    const { fromMs, toMs } = parseInterval(text, tz);
    return { startMs: fromMs, endMs: toMs };
  } catch {
    return null;
  }
}

export async function compareAction(
  a: string,
  b: string,
  inputs: string[],
  opts: CompareOptions,
  io: Io,
  setExit: (code: number) => void,
  outputs: readonly OutputFile[] = [],
): Promise<void> {
  const specs = regionSpecs(opts);
  if (specs.length > 1 || specs.some((s) => s.endsWith('#*'))) {
    throw new UsageError(
      'compare tests one region: give one --region (report takes several, each against its baseline)',
    );
  }
  const tz = opts.tz;
  const wa = asWindow(a, tz);
  const wb = asWindow(b, tz);
  const givenWindow = (
    option: '--window-a' | '--window-b',
    text: string | undefined,
  ): Window | null =>
    text === undefined
      ? null
      : parseOption(option, () => {
          const { fromMs, toMs } = parseInterval(text, tz);
          return { startMs: fromMs, endMs: toMs };
        });
  const given = {
    A: givenWindow('--window-a', opts.windowA),
    B: givenWindow('--window-b', opts.windowB),
  };
  let sides: [CompareSideInput, CompareSideInput];
  let region: LoadedAnalysis['region'];
  let failures = 0;
  const warnings: string[] = [];
  if (wa !== null && wb !== null) {
    // With --db the inputs are those loaded into the database.
    if (inputs.length === 0 && opts.db === undefined) {
      throw new UsageError(
        'give the inputs to read after the two windows, e.g. sortie compare A B exports/',
      );
    }
    if (given.A !== null || given.B !== null) {
      throw new UsageError(
        '--window-a and --window-b are for two sets of inputs; here A and B are the windows',
      );
    }
    if (wa.startMs < wb.endMs && wb.startMs < wa.endMs) {
      throw new UsageError(
        `windows ${a} and ${b} overlap: a mission in both would be counted twice, and the test needs two separate intervals`,
      );
    }
    const loaded = await runAnalysis(inputs, opts, io, outputs);
    const model = findOutages(loaded.analysis.coverage, loaded.analysis.inputs, {
      daysNotRead: loaded.analysis.notRead,
      counted: [wa, wb],
    });
    const side = (name: 'A' | 'B', window: Window): CompareSideInput => ({
      name,
      window,
      missions: loaded.analysis.missions,
      outages: model,
      inputs: null,
      operators: operatorAccount(loaded.analysis, window, null),
      dataWarnings: dataWarnings(loaded.analysis, [['window', window]], opts.aircraft),
    });
    sides = [side('A', wa), side('B', wb)];
    region = loaded.region;
    failures = loaded.failures;
    warnings.push(...inputWarnings(loaded.analysis.inputs));
  } else if (wa === null && wb === null) {
    if (inputs.length > 0) {
      throw new UsageError(
        `A and B are two sets of inputs (${a}, ${b}): give no further inputs (${inputs[0]}), or give A and B as windows FROM/TO`,
      );
    }
    const read = async (
      name: 'A' | 'B',
      path: string,
    ): Promise<[CompareSideInput, LoadedAnalysis]> => {
      const loaded = await runAnalysis([path], opts, io, outputs);
      const span = loaded.analysis.span;
      const own = given[name];
      const startMs = own?.startMs ?? (span === null ? null : periodStart(span.fromMs, 'day', tz));
      const endMs =
        own?.endMs ??
        (span === null ? null : nextPeriodStart(periodStart(span.toMs, 'day', tz), 'day', tz));
      if (startMs === null || endMs === null) {
        throw new UserError(
          `the inputs of ${name} (${path}) hold no positions, so it has no window: give --window-${name.toLowerCase()} FROM/TO`,
        );
      }
      const model = findOutages(loaded.analysis.coverage, loaded.analysis.inputs, {
        daysNotRead: loaded.analysis.notRead,
        counted: [{ startMs, endMs }],
      });
      if (own === null) {
        // A span drawn by the aircraft themselves is no observation period: it starts and ends
        // with the missions, which inflates the rate.
        const ofData = model.judged
          ? 'the span of its data'
          : 'the span of its data, and its inputs hold only the surveillance aircraft, whose own flights draw that span';
        warnings.push(
          `Window ${name} (${windowText({ startMs, endMs }, tz)}) is ${ofData}: if the inputs were collected over a longer time, give it with --window-${name.toLowerCase()} FROM/TO.`,
        );
      }
      return [
        {
          name,
          window: { startMs, endMs },
          missions: loaded.analysis.missions,
          outages: model,
          inputs: loaded.analysis.inputs.map((i) => i.file),
          operators: operatorAccount(loaded.analysis, { startMs, endMs }, null),
          dataWarnings: dataWarnings(
            loaded.analysis,
            [['window', { startMs, endMs }]],
            opts.aircraft,
          ),
        },
        loaded,
      ];
    };
    const [sa, la] = await read('A', a);
    const [sb, lb] = await read('B', b);
    sides = [sa, sb];
    region = la.region;
    failures = la.failures + lb.failures;
    warnings.push(...inputWarnings([...la.analysis.inputs, ...lb.analysis.inputs]));
  } else {
    throw new UsageError(
      `A and B must both be windows FROM/TO (then the inputs follow) or both inputs: ${wa === null ? a : b} is not a window`,
    );
  }
  let comparison;
  try {
    comparison = compareSides(sides[0], sides[1], opts.exposure);
  } catch (err) {
    if (err instanceof RangeError) throw new UserError(err.message);
    throw err;
  }
  comparison = { ...comparison, warnings: [...warnings, ...comparison.warnings] };
  const onScreen = opts.format === 'table' && io.stdoutIsTTY && opts.out === undefined;
  if (!onScreen) for (const w of comparison.warnings) io.stderr(warningLine(w));
  let text: string;
  if (opts.format === 'json') {
    const parameters = {
      version: VERSION,
      region: region.id,
      regionSource: region.source,
      tz,
      a,
      b,
      windowA: opts.windowA ?? null,
      windowB: opts.windowB ?? null,
      exposure: opts.exposure,
      gap: durationText(opts.gap),
      minDwell: durationText(opts.minDwell),
      aircraftDb: opts.aircraftDb,
    };
    text =
      JSON.stringify(
        compareJson(comparison, { id: region.id, name: region.name }, tz, parameters),
        null,
        2,
      ) + '\n';
  } else if (opts.format === 'md') {
    text = renderCompareMarkdown(comparison, region.name, tz);
  } else {
    text = renderCompareText(comparison, region.name, tz, await outputStyle(opts, io));
  }
  await emit(text, opts, io);
  if (failures > 0) setExit(1);
}
