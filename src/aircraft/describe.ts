import { addressBlockCountry } from './address-blocks.js';
import { ISR_TYPES, LIGHT_ISR_TYPES } from './designators.js';
import { identifyAircraft, NO_ROW_EVIDENCE, type Identity } from './identify.js';
import { militaryRangeOf } from './military-ranges.js';
import type { OperatorClass } from './operator-class.js';
import type { Registry } from './registry.js';
import { countDecision, type OperatorSelection } from './selection.js';

/** What sortie knows of one address, and whether and why its missions would count. */
export interface AddressReport {
  readonly hex: string;
  readonly registration: string | null;
  readonly type: string | null;
  /** What the designator is, from sortie's table of surveillance types, or the registry's words. */
  readonly typeDescription: string | null;
  readonly operator: string | null;
  readonly operatorClass: OperatorClass | null;
  readonly classRule: string | null;
  readonly country: string | null;
  readonly countryFrom: string | null;
  /** The registry and row that hold it (`file:line`), or null. */
  readonly source: string | null;
  readonly sourceRow: string | null;
  readonly watchedBy: string | null;
  readonly addressBlock: {
    /** The state of the ICAO allocation block (ISO 3166-1 alpha-2), or null. */
    readonly country: string | null;
    /** The state whose military block holds it (readsb / tar1090-db ranges), or null. */
    readonly military: string | null;
  };
  /** `database:...`, `type:...`, `watch:...`, or null when the tables alone do not identify it. */
  readonly identifiedBy: string | null;
  /** yes: its missions count; no: they are seen and left out; only-if: with evidence from rows. */
  readonly counts: 'yes' | 'no' | 'only-if';
  /** The class and country are what identification from its rows would give (none yet). */
  readonly hypothetical: boolean;
  readonly why: string;
}

/**
 * Describes an address from the registries, the watch lists and the address blocks, as the
 * analysis would: an airframe the tables do not identify may still be identified by what its rows
 * carry, and the answer says what that would take.
 */
export function describeAddress(
  hex: string,
  registry: Registry,
  selection: OperatorSelection,
): AddressReport {
  const entry = registry.get(hex);
  const military = militaryRangeOf(hex);
  const block = { country: addressBlockCountry(hex), military };
  const id = identifyAircraft(hex, NO_ROW_EVIDENCE, registry);
  if (id !== null) {
    const decision = countDecision(id, selection);
    return {
      ...known(id, entry?.source ?? null),
      addressBlock: block,
      identifiedBy: id.identifiedBy,
      counts: decision.counts ? 'yes' : 'no',
      hypothetical: false,
      why: decision.counts
        ? decision.reason
        : `identified (${id.identifiedBy}) but left out: ${decision.reason}`,
    };
  }
  // Not identified by the tables: what a row's type would make of it.
  const lightType = Object.hasOwn(LIGHT_ISR_TYPES, 'B350')
    ? 'B350'
    : (Object.keys(LIGHT_ISR_TYPES)[0] as string);
  const isrType = Object.hasOwn(ISR_TYPES, 'P8') ? 'P8' : (Object.keys(ISR_TYPES)[0] as string);
  const withType = (typeCode: string): Identity | null =>
    identifyAircraft(hex, { typeCode, registration: null, dbFlags: null }, registry);
  const byLight = military !== null ? withType(lightType) : null;
  const byIsr = withType(isrType);
  // An ISR-only type makes it military-isr; a light one with the military block military-other:
  // the answer is the one the selection counts, if either.
  const counted = [byIsr, byLight].find((id) => id !== null && countDecision(id, selection).counts);
  const hypothetical = counted ?? byIsr ?? byLight;
  const base = {
    hex,
    registration: entry?.registration ?? null,
    type: entry?.icaoType ?? null,
    typeDescription: entry?.description ?? null,
    operator: entry?.operator ?? null,
    source: entry?.source ?? null,
    sourceRow: entry?.row ?? null,
    watchedBy: null,
    addressBlock: block,
    identifiedBy: null,
    hypothetical: false,
  };
  if (entry !== undefined && entry.icaoType !== null) {
    // The registry's type decides: rows cannot make it a surveillance airframe.
    return {
      ...base,
      operatorClass: null,
      classRule: null,
      country: block.country,
      countryFrom: block.country === null ? null : 'address-block',
      counts: 'no',
      why: `${entry.source} lists it as ${entry.icaoType}, not a surveillance airframe; only --watch would count it`,
    };
  }
  if (hypothetical === null) {
    return {
      ...base,
      operatorClass: null,
      classRule: null,
      country: block.country,
      countryFrom: block.country === null ? null : 'address-block',
      counts: 'no',
      why: 'not identifiable: only --watch would count it',
    };
  }
  const decision = countDecision(hypothetical, selection);
  const isrOnly = `an ISR-only type (${Object.keys(ISR_TYPES).slice(0, 6).join(', ')}, ...)`;
  const evidence =
    byLight === null
      ? `its rows carry ${isrOnly}`
      : hypothetical === byLight
        ? `its rows carry a light type such as ${lightType} (with the ${military} military block: class ${byLight.operatorClass}, most such airframes being transports)`
        : `its rows carry ${isrOnly} (a light type such as ${lightType} with the ${military} military block makes it ${byLight.operatorClass}: most such airframes are transports)`;
  return {
    ...base,
    operatorClass: hypothetical.operatorClass,
    classRule: hypothetical.classRule,
    country: hypothetical.country,
    countryFrom: hypothetical.countryFrom,
    hypothetical: true,
    counts: decision.counts ? 'only-if' : 'no',
    why: decision.counts
      ? `counts only if ${evidence}; then ${decision.reason}`
      : `would be left out even if ${evidence}: ${decision.reason}`,
  };
}

function known(id: Identity, source: string | null) {
  return {
    hex: id.hex,
    registration: id.registration,
    type: id.type,
    typeDescription: id.description,
    operator: id.operator,
    operatorClass: id.operatorClass,
    classRule: id.classRule,
    country: id.country,
    countryFrom: id.countryFrom,
    source,
    sourceRow: id.sourceRow,
    watchedBy: id.watchedBy,
  };
}
