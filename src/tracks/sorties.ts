import type { Coast } from '../geo/coast.js';
import type { Position } from '../ingest/types.js';
import { isGroundReport, isInferredLanding } from './legs.js';
import type { SortieEnd, SortieStart } from './types.js';

export interface SplitSortie {
  fixes: Position[];
  startedBy: SortieStart;
  endedBy: SortieEnd;
}

/**
 * Splits one aircraft's clean, time-ordered fixes into sorties, following the aircraft rather than
 * the receivers. Boundaries, in order of precedence:
 *
 * 1. a landing in ground reports: a run of them lasting at least `minGroundMs`, or one after which
 *    the aircraft is not heard for 5 minutes, or the last report (shorter runs are touch-and-goes);
 * 2. a landing inferred without ground reports (`isInferredLanding`: low after a major descent,
 *    silent for 12 minutes or more, low again before a major climb, not over open water);
 * 3. only then a reporting gap longer than `gapMs`.
 *
 * Ground reports between landing and take-off belong to no sortie except the first and last one of
 * each run, which mark touchdown and take-off. `coast` lets the inference tell holes over open
 * water (never a landing) from silences near land; without it, position is not used.
 */
export function splitSorties(
  fixes: readonly Position[],
  opts: { gapMs: number; minGroundMs: number },
  coast: Coast | null = null,
): SplitSortie[] {
  const out: SplitSortie[] = [];
  let current: Position[] = [];
  let startedBy: SortieStart = 'first-fix';
  const close = (endedBy: SortieEnd): void => {
    if (current.some((p) => !isGroundReport(p))) out.push({ fixes: current, startedBy, endedBy });
    current = [];
  };
  let i = 0;
  while (i < fixes.length) {
    const p = fixes[i] as Position;
    const prev = current[current.length - 1];
    if (prev !== undefined && !isGroundReport(prev) && !isGroundReport(p)) {
      if (isInferredLanding(fixes, i, coast)) {
        close('inferred-landing');
        startedBy = 'inferred-take-off';
      }
    }
    const last = current[current.length - 1];
    if (last !== undefined && p.timeMs - last.timeMs > opts.gapMs) {
      close('gap');
      startedBy = 'after-gap';
    }
    if (!isGroundReport(p)) {
      current.push(p);
      i += 1;
      continue;
    }
    // A run of ground reports: find where it ends.
    let j = i;
    while (j + 1 < fixes.length) {
      const a = fixes[j] as Position;
      const b = fixes[j + 1] as Position;
      if (!isGroundReport(b) || b.timeMs - a.timeMs > opts.gapMs) break;
      j += 1;
    }
    const runStart = p;
    const runEnd = fixes[j] as Position;
    const after = fixes[j + 1];
    const isLanding =
      runEnd.timeMs - runStart.timeMs >= opts.minGroundMs ||
      after === undefined ||
      after.timeMs - runEnd.timeMs > 5 * 60_000;
    if (!isLanding) {
      // Touch-and-go or a glitch: the sortie carries on through it.
      for (let k = i; k <= j; k += 1) current.push(fixes[k] as Position);
      i = j + 1;
      continue;
    }
    if (current.some((q) => !isGroundReport(q))) {
      current.push(runStart);
      close('landing');
    }
    // The aircraft is on the ground: whatever flies next starts with this take-off point.
    current = [runEnd];
    startedBy = 'take-off';
    i = j + 1;
  }
  close('last-fix');
  return out;
}
