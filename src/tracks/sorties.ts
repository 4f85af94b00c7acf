import type { Position } from '../ingest/types.js';
import type { SortieEnd, SortieStart } from './types.js';

/**
 * Splits one aircraft's clean, time-ordered fixes into sorties. A sortie ends at a landing (a run of
 * on-ground reports lasting at least `minGroundMs`, or one after which the aircraft is not heard for
 * 5 minutes, or the last report) or at a reporting gap longer than `gapMs`. Ground reports between
 * landing and take-off belong to no sortie except the first and last one of each run, which mark
 * touchdown and take-off.
 */
export function splitSorties(
  fixes: readonly Position[],
  opts: { gapMs: number; minGroundMs: number },
): { fixes: Position[]; startedBy: SortieStart; endedBy: SortieEnd }[] {
  const out: { fixes: Position[]; startedBy: SortieStart; endedBy: SortieEnd }[] = [];
  let current: Position[] = [];
  let startedBy: SortieStart = 'first-fix';
  const close = (endedBy: SortieEnd): void => {
    if (current.some((p) => !p.onGround)) out.push({ fixes: current, startedBy, endedBy });
    current = [];
  };
  let i = 0;
  while (i < fixes.length) {
    const p = fixes[i] as Position;
    const prev = current[current.length - 1];
    if (prev !== undefined && p.timeMs - prev.timeMs > opts.gapMs) {
      close('gap');
      startedBy = 'after-gap';
    }
    if (!p.onGround) {
      current.push(p);
      i += 1;
      continue;
    }
    // A run of ground reports: find where it ends.
    let j = i;
    while (j + 1 < fixes.length) {
      const a = fixes[j] as Position;
      const b = fixes[j + 1] as Position;
      if (!b.onGround || b.timeMs - a.timeMs > opts.gapMs) break;
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
    const airborneBefore = current.some((q) => !q.onGround);
    if (airborneBefore) {
      current.push(runStart);
      close('landing');
    } else {
      current = [];
    }
    // The aircraft is on the ground: whatever flies next starts with this take-off point.
    current = [runEnd];
    startedBy = 'take-off';
    i = j + 1;
  }
  close('last-fix');
  return out;
}
