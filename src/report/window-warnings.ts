/**
 * The warnings of a list of missions in a window (`missions`, `export`): what the listing may lack
 * or hold wrongly, said in every output and on stderr as `report` says it.
 */
import type { Analysis } from '../analyze.js';
import { dayArchiveWarnings, notReadWarning } from './archive-days.js';
import { cutSortieMissions, cutSortiesWarning } from './cut-sorties.js';
import { dataWarnings } from './data-warnings.js';
import { operatorAccount, operatorsWarning } from './operators.js';
import { archiveWarnings } from './render/archive-lines.js';
import { inputWarnings } from './verdict.js';

export interface WindowWarnings {
  /** For JSON: every input warning and the window's. */
  readonly warnings: string[];
  /** For stderr and the head of text outputs: archives damaged, days missing, missions left out. */
  readonly told: string[];
}

/**
 * `scope`: 'in the window' when the user gave --from or --to (days missing from day archives then
 * matter), else 'in the inputs'. `territorialUnavailable`: why no territorial verdicts, if so.
 */
export function windowWarnings(
  analysis: Analysis,
  territorialUnavailable: string | null,
  window: { readonly startMs: number; readonly endMs: number },
  scope: 'in the window' | 'in the inputs',
  aircraftOption: string | undefined,
): WindowWarnings {
  const { startMs, endMs } = window;
  const noVerdicts = territorialUnavailable === null ? [] : [territorialUnavailable];
  const leftOut = operatorsWarning(operatorAccount(analysis, { startMs, endMs }, null));
  const days =
    scope === 'in the window'
      ? dayArchiveWarnings(analysis.inputs, startMs, endMs, analysis.notRead)
      : [];
  const cut = cutSortiesWarning(cutSortieMissions(analysis, [{ startMs, endMs }]));
  const fromData = dataWarnings(
    analysis,
    [[scope === 'in the window' ? 'window' : 'inputs', { startMs, endMs }]],
    aircraftOption,
  );
  const notRead = notReadWarning(analysis.notRead);
  const shared = [
    ...noVerdicts,
    ...days,
    ...(notRead === null ? [] : [notRead]),
    ...(leftOut === null ? [] : [leftOut]),
    ...fromData,
    ...(cut === null ? [] : [cut]),
  ];
  return {
    warnings: [...inputWarnings(analysis.inputs), ...shared],
    told: [...archiveWarnings(analysis.inputs), ...shared],
  };
}

/**
 * The warnings of several regions' listings, each once: as it is when every region has it, else
 * after the ids of the regions it concerns (`ids[k]` is list k's region).
 */
export function regionsWarnings(
  lists: readonly (readonly string[])[],
  ids: readonly string[],
): string[] {
  const regionsOf = new Map<string, string[]>();
  for (const [k, list] of lists.entries()) {
    for (const w of list) regionsOf.set(w, [...(regionsOf.get(w) ?? []), ids[k] as string]);
  }
  return [...regionsOf].map(([w, of]) =>
    of.length === lists.length ? w : `${of.join(', ')}: ${w}`,
  );
}
