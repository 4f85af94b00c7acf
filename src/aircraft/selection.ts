import type { Identity } from './identify.js';
import type { OperatorClass } from './operator-class.js';

/**
 * Which identified airframes count: the operator classes and countries a claim is about, less the
 * airframes excluded by address. A watched airframe counts whatever its class or country.
 */
export interface OperatorSelection {
  readonly classes: ReadonlySet<OperatorClass>;
  /** ISO 3166-1 alpha-2 codes, or null for any country. */
  readonly countries: ReadonlySet<string> | null;
  /** Lowercase hex addresses that never count (before any watch list). */
  readonly exclude: ReadonlySet<string>;
}

/** What a claim about military surveillance is about: military ISR of any country. */
export const DEFAULT_SELECTION: OperatorSelection = {
  classes: new Set<OperatorClass>(['military-isr']),
  countries: null,
  exclude: new Set(),
};

export interface CountDecision {
  readonly counts: boolean;
  /** Why, in words. */
  readonly reason: string;
  /** For an airframe left out: the class, `excluded` or `country`, to group the left-out by. */
  readonly leftOutAs: string | null;
}

/** Whether an identified airframe counts under the selection, and why. */
export function countDecision(id: Identity, selection: OperatorSelection): CountDecision {
  if (selection.exclude.has(id.hex)) {
    return {
      counts: false,
      reason: `excluded by --exclude ${id.hex.toUpperCase()}`,
      leftOutAs: 'excluded',
    };
  }
  if (id.watchedBy !== null) {
    return { counts: true, reason: `on a --watch list (${id.watchedBy})`, leftOutAs: null };
  }
  if (!selection.classes.has(id.operatorClass)) {
    return {
      counts: false,
      reason: `class ${id.operatorClass} is not counted (--operators ${[...selection.classes].join(',')})`,
      leftOutAs: id.operatorClass,
    };
  }
  if (
    selection.countries !== null &&
    (id.country === null || !selection.countries.has(id.country))
  ) {
    return {
      counts: false,
      reason: `country ${id.country ?? 'unknown'} is not counted (--country ${[...selection.countries].join(',')})`,
      leftOutAs: 'other-country',
    };
  }
  const where = selection.countries === null ? 'any country' : `country ${id.country ?? '?'}`;
  return { counts: true, reason: `class ${id.operatorClass}, ${where}`, leftOutAs: null };
}

/** The selection in words: "military-isr, any country". */
export function selectionText(selection: OperatorSelection): string {
  const countries =
    selection.countries === null ? 'any country' : `country ${[...selection.countries].join(', ')}`;
  const excluded =
    selection.exclude.size === 0
      ? ''
      : `, less ${[...selection.exclude].map((h) => h.toUpperCase()).join(', ')}`;
  return `${[...selection.classes].join(', ')}, ${countries}${excluded}`;
}
