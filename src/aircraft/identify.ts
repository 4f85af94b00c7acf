import { ISR_TYPES, isIsrType, isLightIsrType } from './designators.js';
import { militaryRangeOf } from './military-ranges.js';
import { operatorFacts, type OperatorFacts } from './operator-class.js';
import type { Registry, RegistryEntry } from './registry.js';

/** What we know of an identified surveillance aircraft, and how we know it. */
export interface Identity extends OperatorFacts {
  readonly hex: string;
  readonly registration: string | null;
  readonly operator: string | null;
  readonly type: string | null;
  readonly description: string | null;
  /**
   * How it was identified: `database:<registry>` (the registry marks it ISR), `type:<T>` (an
   * ISR-only type designator, from a registry or the input rows), or `type+military-address:<T>` /
   * `type+military-flag:<T>` for types that count only with military evidence; `watch:<list>`
   * for an airframe only a `--watch` list names.
   */
  readonly identifiedBy: string;
  /** The registry row it was found in (`file:line`), or null. */
  readonly sourceRow: string | null;
  /** The `--watch` list row that names it (`file:line`): it counts whatever its class. */
  readonly watchedBy: string | null;
}

/** Evidence about one airframe carried by the input rows themselves. */
export interface RowEvidence {
  readonly typeCode: string | null;
  readonly registration: string | null;
  readonly dbFlags: number | null;
}

/** plane-alert-db tags and categories that mark an airframe as surveillance, whatever its type. */
const ISR_CATEGORIES = new Set(['oxcart']);
const ISR_TAGS = new Set([
  'isr',
  'sigint',
  'comint',
  'elint',
  'spyplane',
  'spy',
  'surveillance',
  'reconnaissance',
  'electronic combat reconnaissance',
  'eye in the sky',
  'maritime patrol',
  'anti submarine warfare',
  'aew',
  'awacs',
  'airborne early warning',
  'guardrail',
  'rivet joint',
]);

/**
 * True when a registry entry itself marks the airframe as surveillance: an ISR-only type, or a
 * light ISR type / any type that the registry files under intelligence gathering (category Oxcart)
 * or tags as surveillance. The bundled table is built with this same rule.
 */
export function isIsrEntry(e: RegistryEntry): boolean {
  if (isIsrType(e.icaoType)) return e.cmpg !== 'Civ';
  // Police and civil airframes tagged "Surveillance" (traffic, news, survey) are not ISR missions.
  if (e.cmpg !== 'Mil' && e.cmpg !== 'Gov') return false;
  if (e.category !== null && ISR_CATEGORIES.has(e.category.toLowerCase())) return true;
  return e.tags.some((t) => ISR_TAGS.has(t.toLowerCase()));
}

/**
 * Decides whether an aircraft is a surveillance aircraft, from the registries, the type carried by
 * its rows, and the military address blocks. Returns null when it is not (or cannot be told).
 */
export function identifyAircraft(
  hex: string,
  rows: RowEvidence,
  registry: Registry,
): Identity | null {
  const entry = registry.get(hex);
  const by = identifiedBy(hex, rows, entry);
  const watchedBy = entry?.watch?.row ?? null;
  if (by === null && watchedBy === null) return null;
  const type = entry?.icaoType ?? rows.typeCode;
  const militaryEvidence =
    militaryRangeOf(hex) !== null || (rows.dbFlags !== null && (rows.dbFlags & 1) === 1);
  return {
    hex,
    registration: entry?.registration ?? rows.registration,
    operator: entry?.operator ?? null,
    type,
    description: entry?.description ?? (type !== null ? (ISR_TYPES[type] ?? null) : null),
    identifiedBy: by ?? `watch:${entry?.source ?? 'list'}`,
    sourceRow: entry?.row ?? null,
    watchedBy,
    ...operatorFacts(hex, entry ?? NO_OPERATOR, {
      surveillance: by !== null,
      militaryEvidence,
      lightType: by?.startsWith('type+military-') === true ? type : null,
    }),
  };
}

const NO_OPERATOR = { operator: null, cmpg: null, category: null, tags: [] } as const;

/** Why the identification rule marks this aircraft as surveillance, or null when it does not. */
function identifiedBy(
  hex: string,
  rows: RowEvidence,
  entry: RegistryEntry | undefined,
): string | null {
  const type = entry?.icaoType ?? rows.typeCode;
  if (entry !== undefined && isIsrEntry(entry)) return `database:${entry.source}`;
  if (isIsrType(type) && entry?.cmpg !== 'Civ') return `type:${type}`;
  if (isLightIsrType(type)) {
    if (militaryRangeOf(hex) !== null) return `type+military-address:${type}`;
    if (rows.dbFlags !== null && (rows.dbFlags & 1) === 1) return `type+military-flag:${type}`;
    if (entry?.cmpg === 'Mil') return `type+military-flag:${type}`;
  }
  return null;
}

/**
 * Whether the registries alone identify this aircraft (identifyAircraft with no evidence from rows,
 * without building the identity: the reader asks it of every registry entry before reading).
 */
export function identifiedByRegistry(hex: string, entry: RegistryEntry): boolean {
  if (isIsrEntry(entry) || entry.watch !== undefined) return true;
  const type = entry.icaoType;
  if (isIsrType(type) && entry.cmpg !== 'Civ') return true;
  return isLightIsrType(type) && (entry.cmpg === 'Mil' || militaryRangeOf(hex) !== null);
}

/**
 * Could this aircraft prove to be a surveillance aircraft, given these rows and whatever other rows
 * may add? A registry entry with a type decides by its type (rows cannot change it); otherwise a
 * military address, the database's military flag or a surveillance type on the rows leave it open.
 * Reports of aircraft that cannot are "other traffic" for coverage.
 */
export function mayBeIdentified(hex: string, rows: RowEvidence, registry: Registry): boolean {
  const entry = registry.get(hex);
  if (entry?.watch !== undefined) return true;
  if (entry !== undefined && entry.icaoType !== null) {
    if (isIsrEntry(entry) || isLightIsrType(entry.icaoType)) return true;
    return isIsrType(entry.icaoType) && entry.cmpg !== 'Civ';
  }
  if (entry !== undefined && isIsrEntry(entry)) return true;
  if (militaryRangeOf(hex) !== null) return true;
  if (rows.dbFlags !== null && (rows.dbFlags & 1) === 1) return true;
  return isIsrType(rows.typeCode);
}

/** No evidence from rows: what the registries and the address alone tell. */
export const NO_ROW_EVIDENCE: RowEvidence = { typeCode: null, registration: null, dbFlags: null };

export type { RegistryEntry };
