import type { Analysis } from '../analyze.js';
import { OPERATOR_CLASSES } from '../aircraft/operator-class.js';
import { DEFAULT_SELECTION, selectionText, type OperatorSelection } from '../aircraft/selection.js';
import type { LeftOutMission } from '../find-missions.js';
import { byCodeUnits } from '../text-order.js';
import { plural } from './render/numbers.js';

/** One airframe whose missions were seen and not counted. */
export interface LeftOutAirframe {
  readonly hex: string;
  readonly registration: string | null;
  readonly type: string | null;
  readonly operator: string | null;
  readonly operatorClass: string;
  readonly country: string | null;
  /** Its missions in the window and in the measured baseline interval. */
  readonly missionsInWindow: number;
  readonly missionsInBaseline: number;
  readonly reason: string;
}

/** Which operators the report counts, and what it saw and left out. */
export interface OperatorAccount {
  readonly classes: readonly string[];
  readonly countries: readonly string[] | null;
  readonly exclude: readonly string[];
  /** Airframes named by --watch lists (they count whatever their class). */
  readonly watched: number;
  readonly leftOutInWindow: number;
  readonly leftOutInBaseline: number;
  /** Left-out missions in the window, by class (or `excluded`, `other-country`). */
  readonly leftOutByReason: Readonly<Record<string, number>>;
  readonly airframes: readonly LeftOutAirframe[];
  /** The selection in words: "military-isr, any country". */
  readonly text: string;
}

interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

const inside = (m: LeftOutMission, i: Interval | null): boolean =>
  i !== null && m.mission.firstEntry.timeMs >= i.startMs && m.mission.firstEntry.timeMs < i.endMs;

/** What the selection left out of the window and of the baseline interval. */
export function operatorAccount(
  analysis: Analysis,
  window: Interval,
  baseline: Interval | null,
): OperatorAccount {
  const selection: OperatorSelection = analysis.options.selection ?? DEFAULT_SELECTION;
  const byHex = new Map<string, { m: LeftOutMission; window: number; baseline: number }>();
  const byReason = new Map<string, number>();
  let inWindow = 0;
  let inBaseline = 0;
  for (const m of analysis.leftOut) {
    const w = inside(m, window);
    const b = inside(m, baseline);
    if (!w && !b) continue;
    const hex = m.mission.aircraft.hex;
    const entry = byHex.get(hex) ?? { m, window: 0, baseline: 0 };
    if (w) {
      entry.window += 1;
      inWindow += 1;
      const key = m.decision.leftOutAs ?? 'other';
      byReason.set(key, (byReason.get(key) ?? 0) + 1);
    }
    if (b) {
      entry.baseline += 1;
      inBaseline += 1;
    }
    byHex.set(hex, entry);
  }
  const order = (k: string): number => {
    const i = (OPERATOR_CLASSES as readonly string[]).indexOf(k);
    return i < 0 ? OPERATOR_CLASSES.length : i;
  };
  let watched = 0;
  for (const id of analysis.identities.values()) if (id.watchedBy !== null) watched += 1;
  return {
    classes: [...selection.classes],
    countries: selection.countries === null ? null : [...selection.countries],
    exclude: [...selection.exclude].map((h) => h.toUpperCase()),
    watched,
    leftOutInWindow: inWindow,
    leftOutInBaseline: inBaseline,
    leftOutByReason: Object.fromEntries(
      [...byReason].sort(([a], [b]) => order(a) - order(b) || byCodeUnits(a, b)),
    ),
    airframes: [...byHex.values()]
      .sort((a, b) => byCodeUnits(a.m.mission.aircraft.hex, b.m.mission.aircraft.hex))
      .map(({ m, window: w, baseline: b }) => {
        const a = m.mission.aircraft;
        return {
          hex: a.hex.toUpperCase(),
          registration: a.registration,
          type: a.type,
          operator: a.operator,
          operatorClass: a.operatorClass,
          country: a.country,
          missionsInWindow: w,
          missionsInBaseline: b,
          reason: m.decision.reason,
        };
      }),
    text: selectionText(selection),
  };
}

/** `Operators: counted military-isr, any country[, and N airframes on --watch lists]`. */
export function countedText(a: OperatorAccount): string {
  return `Operators: counted ${a.text}${a.watched > 0 ? `, and ${plural(a.watched, 'airframe')} on --watch lists` : ''}`;
}

/** The window's left-out missions by class: `law-enforcement 1, other-country 2` ('' for none). */
export function reasonsText(a: OperatorAccount): string {
  return Object.entries(a.leftOutByReason)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

/** The line every report format carries: what is counted, and what was seen and left out. */
export function operatorsLine(a: OperatorAccount): string {
  const counted = countedText(a);
  if (a.leftOutInWindow === 0 && a.leftOutInBaseline === 0) {
    return `${counted}; no missions of other operators in the window or the baseline.`;
  }
  return `${counted}; ${leftOutText(a)}.`;
}

function leftOutText(a: OperatorAccount): string {
  const reasons = reasonsText(a);
  const airframes = a.airframes
    .map((f) =>
      [f.hex, f.registration, f.type, f.operator, f.country].filter((x) => x !== null).join(' '),
    )
    .join('; ');
  const parts = [
    `${plural(a.leftOutInWindow, 'mission')} in the window left out${reasons === '' ? '' : ` (${reasons})`}`,
  ];
  if (a.leftOutInBaseline > 0) parts.push(`${a.leftOutInBaseline} in the baseline`);
  return `${parts.join(', ')}: ${airframes}`;
}

/**
 * The warning when the selection left missions out of the window or the baseline: the count
 * would differ under other --operators, so every format and stderr say so.
 */
export function operatorsWarning(a: OperatorAccount): string | null {
  if (a.leftOutInWindow === 0 && a.leftOutInBaseline === 0) return null;
  const classes = Object.keys(a.leftOutByReason).filter((k) =>
    (OPERATOR_CLASSES as readonly string[]).includes(k),
  );
  const hint =
    classes.length > 0
      ? `--operators ${[...a.classes, ...classes].join(',')} counts them`
      : '--operators all counts every class';
  return `counting only ${a.text}: ${leftOutText(a)}; ${hint}`;
}
