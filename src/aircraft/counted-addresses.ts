import { identifyAircraft, NO_ROW_EVIDENCE } from './identify.js';
import { MILITARY_RANGES } from './military-ranges.js';
import type { Registry } from './registry.js';
import { countDecision, type OperatorSelection } from './selection.js';

/**
 * The 24-bit addresses whose airframes count under a selection by what the registries and watch
 * lists alone say of them, ascending. Rows that carry no type or flags (OpenSky's state vectors)
 * can identify no other airframe, so these are all the addresses such rows need to be asked for.
 */
export function countedAddresses(registry: Registry, selection: OperatorSelection): string[] {
  const found: string[] = [];
  for (const hex of registry.keys()) {
    if (!/^[0-9a-f]{6}$/.test(hex)) continue;
    const id = identifyAircraft(hex, NO_ROW_EVIDENCE, registry);
    if (id !== null && countDecision(id, selection).counts) found.push(hex);
  }
  return found.sort();
}

/** A block of addresses, first and last as lowercase 6-digit hex, with its state. */
export interface AddressBlock {
  readonly first: string;
  readonly last: string;
  readonly country: string;
}

/**
 * The military address blocks whose airframes may count under a selection: none when no military
 * class is counted, else those of the counted countries (every one for any country), ascending.
 * An airframe there that no registry names may still be identified by rows carrying its type.
 */
export function militaryBlocksFor(selection: OperatorSelection): AddressBlock[] {
  if (!selection.classes.has('military-isr') && !selection.classes.has('military-other')) return [];
  const hex = (n: number): string => n.toString(16).padStart(6, '0');
  return MILITARY_RANGES.filter(
    ([, , country]) => selection.countries === null || selection.countries.has(country),
  )
    .map(([lo, hi, country]) => ({ first: hex(lo), last: hex(hi), country }))
    .sort((a, b) => (a.first < b.first ? -1 : 1));
}
