import { describeAddress } from '../../aircraft/describe.js';
import { renderIdentifyText } from '../../report/render/identify.js';
import { outputStyle } from '../color.js';
import { emit } from '../common.js';
import { loadRegistry } from '../context.js';
import type { Io } from '../io.js';
import { refuseOverwritingInputs, type OutputFile } from '../outputs.js';
import { selectionOf, watchListNotes } from '../run-analysis.js';
import type { IdentifyOptions } from './command-options.js';

export async function identifyAction(
  hexes: readonly string[],
  opts: IdentifyOptions,
  io: Io,
  outputs: readonly OutputFile[] = [],
): Promise<void> {
  await refuseOverwritingInputs(outputs, [...opts.aircraftDb, ...opts.watch]);
  const { registry, watchLists } = await loadRegistry(opts.aircraftDb, opts.watch);
  for (const note of watchListNotes(watchLists)) io.stderr(`sortie: ${note}\n`);
  const selection = selectionOf(opts);
  const answers = [...new Set(hexes)].map((hex) => describeAddress(hex, registry, selection));
  const text =
    opts.format === 'json'
      ? JSON.stringify(
          {
            schema: 'sortie.identify/1',
            counted: {
              operators: [...selection.classes],
              country: selection.countries === null ? null : [...selection.countries],
              exclude: [...selection.exclude].map((h) => h.toUpperCase()),
              watch: opts.watch,
              aircraftDb: opts.aircraftDb,
            },
            aircraft: answers.map((a) => ({ ...a, hex: a.hex.toUpperCase() })),
          },
          null,
          2,
        ) + '\n'
      : renderIdentifyText(answers, await outputStyle(opts, io));
  await emit(text, opts, io);
}
