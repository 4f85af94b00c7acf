/**
 * `sortie compare`: two windows (or two sets of inputs) side by side, their mission counts over
 * their exposures, and the exact conditional test of the two rates (R's poisson.test with two
 * counts). Pure: the CLI gives it the missions and the exposure of each side.
 */
import { leavesTimeOut, type Exposure } from '../coverage/outages.js';
import type { Mission } from '../missions/types.js';
import { unobservedDays } from './build-report.js';
import { operatorsWarning, type OperatorAccount } from './operators.js';
import { outsideReportsWarning, unjudgedGapsWarning, unjudgedWindowWarning } from './verdict.js';
import type { Period } from './periods.js';
import { compareTwoRates, type TwoRates } from './stats.js';

const MS_PER_DAY = 86_400_000;

export interface CompareSideInput {
  readonly name: 'A' | 'B';
  readonly window: Period;
  /** Every mission the side's inputs hold (those in the window are picked here). */
  readonly missions: readonly Mission[];
  /** The side's outage model: its exposure with --exposure outages, and its warnings either way. */
  readonly outages: Exposure;
  /** The side's own inputs, when the two sides were read from different inputs. */
  readonly inputs: readonly string[] | null;
  /** Who is counted, and the missions of the side's window the selection left out. */
  readonly operators: OperatorAccount;
  /** What the data say the window's count may hold wrongly or lack (data-warnings.ts). */
  readonly dataWarnings: readonly string[];
}

export interface CompareSide extends Omit<CompareSideInput, 'missions'> {
  /** Missions whose first entry into the region is inside the window. */
  readonly missions: readonly Mission[];
  readonly calendarDays: number;
  /** Calendar days less the outages found (the days the rate is taken over). */
  readonly exposureDays: number;
  readonly ratePerDay: number;
  readonly byType: Readonly<Record<string, number>>;
}

export interface WindowComparison {
  readonly a: CompareSide;
  readonly b: CompareSide;
  readonly mode: 'outages' | 'calendar';
  readonly test: TwoRates;
  readonly warnings: readonly string[];
}

export function compareSides(
  a: CompareSideInput,
  b: CompareSideInput,
  mode: 'outages' | 'calendar',
): WindowComparison {
  const sides = [a, b].map((s) => side(s, mode)) as [CompareSide, CompareSide];
  for (const s of sides) {
    if (s.exposureDays <= 1e-9) {
      throw new RangeError(
        `window ${s.name} lies wholly in receiver outages or outside the time any input holds (no coverage): choose another`,
      );
    }
  }
  const [sa, sb] = sides;
  const test = compareTwoRates(
    sa.missions.length,
    sa.exposureDays,
    sb.missions.length,
    sb.exposureDays,
  );
  return { a: sa, b: sb, mode, test, warnings: compareWarnings(sa, sb, mode) };
}

function side(s: CompareSideInput, mode: 'outages' | 'calendar'): CompareSide {
  const { startMs, endMs } = s.window;
  const missions = s.missions.filter(
    (m) => m.firstEntry.timeMs >= startMs && m.firstEntry.timeMs < endMs,
  );
  const calendarDays = (endMs - startMs) / MS_PER_DAY;
  const exposureDays =
    mode === 'calendar'
      ? calendarDays
      : calendarDays - unobservedDays({ mode, model: s.outages }, startMs, endMs);
  const byType: Record<string, number> = {};
  for (const m of missions) {
    const t = m.aircraft.type ?? 'unknown';
    byType[t] = (byType[t] ?? 0) + 1;
  }
  const sorted = Object.fromEntries(Object.entries(byType).sort(([x], [y]) => (x < y ? -1 : 1)));
  return {
    ...s,
    missions,
    calendarDays,
    exposureDays,
    ratePerDay: missions.length / exposureDays,
    byType: sorted,
  };
}

/** Conditions a reader of the comparison must know. */
function compareWarnings(a: CompareSide, b: CompareSide, mode: 'outages' | 'calendar'): string[] {
  const out: string[] = [];
  // A count that other --operators would change is said as report says it, side by side.
  for (const s of [a, b]) {
    const left = operatorsWarning(s.operators);
    if (left !== null) out.push(`Window ${s.name}: ${left}`);
    for (const w of s.dataWarnings) out.push(`Window ${s.name}: ${w}`);
    const model = s.outages;
    const unjudged = mode === 'outages' ? unjudgedWindowWarning(model, 'window', s.window) : null;
    if (unjudged !== null) out.push(`Window ${s.name}: ${unjudged}`);
    const gaps = unjudgedGapsWarning(model, [['window', s.window]]);
    if (gaps !== null) out.push(`Window ${s.name}: ${gaps}`);
    if (!model.judged && !model.dayArchives) {
      const outside = outsideReportsWarning(model, 'window', s.window.startMs, s.window.endMs);
      if (outside !== null) out.push(`Window ${s.name}: ${outside}`);
    }
  }
  for (const s of [a, b]) {
    const left = s.calendarDays - s.exposureDays;
    if (left >= 0.05 * s.calendarDays) {
      out.push(
        `Window ${s.name}: ${left.toFixed(1)} of its ${s.calendarDays.toFixed(1)} days are in receiver outages or outside the time any input holds, and left out of its exposure (--exposure calendar counts them).`,
      );
    }
  }
  const judged = (s: CompareSide): boolean => mode === 'outages' && s.outages.judged;
  if (a.inputs !== null && judged(a) !== judged(b)) {
    const [yes, no] = judged(a) ? [a, b] : [b, a];
    const counts = leavesTimeOut(no.outages)
      ? 'it counts calendar time less the days no input holds'
      : 'it counts calendar time';
    out.push(
      `Exposure is measured differently on the two sides: ${yes.name}'s inputs carry other traffic, so its outages were judged; ${no.name}'s hold only the surveillance aircraft, so ${counts}.`,
    );
  }
  return out;
}
