import { addressBlockCountry } from './address-blocks.js';

/**
 * Who flies an airframe, in the classes a claim is about: "US military surveillance" counts
 * `military-isr`; the rest are seen, and left out unless asked for (`--operators`).
 */
export const OPERATOR_CLASSES = [
  'military-isr',
  'military-other',
  'law-enforcement',
  'civil-government',
  'other',
] as const;
export type OperatorClass = (typeof OPERATOR_CLASSES)[number];

export const OPERATOR_CLASS_MEANING: Readonly<Record<OperatorClass, string>> = {
  'military-isr': 'military surveillance: reconnaissance, SIGINT, maritime patrol, AEW, ISR drones',
  'military-other': 'military, flying something else: search and rescue, transport, test, museum',
  'law-enforcement': 'police, customs, border and justice agencies (CBP, DHS, DOJ, ...)',
  'civil-government': 'civil agencies: coast guards, NOAA, NASA, fire, fisheries, CIA',
  other: 'civil or unknown operator (counts only from a --watch list)',
};

/** What an entry says about its operator: plane-alert-db's fields, or less. */
export interface OperatorEvidence {
  readonly operator: string | null;
  /** plane-alert-db `#CMPG`: Mil, Gov, Pol or Civ. */
  readonly cmpg: string | null;
  readonly category: string | null;
  readonly tags: readonly string[];
}

export interface OperatorFacts {
  readonly operatorClass: OperatorClass;
  /** Which rule decided the class, in words (shown by `sortie identify`). */
  readonly classRule: string;
  /** ISO 3166-1 alpha-2 of the operating state, or null when nothing tells. */
  readonly country: string | null;
  readonly countryFrom: 'operator' | 'address-block' | null;
}

/** Agencies that enforce law: named so in the operator, whatever plane-alert-db's #CMPG says. */
const LAW_ENFORCEMENT =
  /\b(customs|border|police|polizei|politie|policia|polizia|sheriff|gendarmerie|guardia civil|guardia di finanza|carabinieri|justice|doj|homeland|dhs|cbp|fbi|dea|drug enforcement|marshals|highway patrol|state patrol|constabulary|federal bureau)\b/i;
const COAST_GUARD = /\bcoast ?guard\b/i;
/** Armed forces by name (a coast guard is not matched here: it is decided before). */
const MILITARY =
  /\b(air force|navy|naval|army|marine corps|marines|air corps|fleet air arm|air component|armed forces|military|defen[cs]e force|self-defense force|nato|socom|special operations|special forces|usaf|raf|squadron|luftwaffe|marine nationale|aviation wing)\b/i;
/**
 * A military airframe whose entry names a role other than surveillance: plane-alert-db's
 * search-and-rescue marker (`Mae West`), test, training, transport and support airframes; and
 * museum pieces (category Historic).
 */
const NON_SURVEILLANCE_ROLE_TAGS = new Set([
  'mae west',
  'testbed',
  'training wheels',
  'military transport',
  'mission support',
]);

/** What the identification found, beside the registry's operator evidence. */
export interface ClassFacts {
  /** The identification rule marks the airframe surveillance. */
  readonly surveillance: boolean;
  /** A military address block or a database military flag. */
  readonly militaryEvidence: boolean;
  /**
   * It was marked surveillance only by a type mostly civil, or flown by armed forces as a transport
   * (LIGHT_ISR_TYPES), with military evidence: that type; null or absent otherwise.
   */
  readonly lightType?: string | null;
}

/**
 * The class of an identified or watched airframe, by these rules in order (docs/methods.md):
 * 1. law-enforcement: the operator names a police, customs, border or justice agency, or #CMPG is Pol;
 * 2. civil-government: the operator is a coast guard (the US Coast Guard included: a military
 *    service by law, but its airframes here are search-and-rescue and patrol ones), or plane-alert-db
 *    files a non-military operator under Coastguard;
 * 3. military: #CMPG Mil, an armed force by name, or (with no registry judgement) a military address
 *    block or database military flag: `military-other` for a non-surveillance role tag or category
 *    Historic, when sortie's identification rule does not mark it surveillance, or marks it so only
 *    by a light type (a military King Air or Gulfstream is most often a transport); else
 *    `military-isr`;
 * 4. civil-government: #CMPG Gov (NOAA, NASA, CIA, fire-fighting and fisheries contractors);
 * 5. an airframe identified by a surveillance type with nothing else known: `military-isr` (those
 *    types are flown by armed forces; light ones count only with military evidence);
 * 6. other.
 */
export function classifyOperator(
  e: OperatorEvidence,
  facts: ClassFacts,
): { operatorClass: OperatorClass; classRule: string } {
  const operator = e.operator ?? '';
  const cmpg = e.cmpg?.toLowerCase() ?? null;
  const lawMatch = LAW_ENFORCEMENT.exec(operator);
  if (lawMatch !== null) {
    return { operatorClass: 'law-enforcement', classRule: `operator names "${lawMatch[0]}"` };
  }
  if (cmpg === 'pol') return { operatorClass: 'law-enforcement', classRule: '#CMPG Pol' };
  const militaryByName = MILITARY.exec(operator);
  if (COAST_GUARD.test(operator)) {
    return { operatorClass: 'civil-government', classRule: 'operator is a coast guard' };
  }
  if (militaryByName === null && e.category?.toLowerCase() === 'coastguard') {
    return { operatorClass: 'civil-government', classRule: 'category Coastguard' };
  }
  const military =
    militaryByName !== null
      ? `operator names "${militaryByName[0]}"`
      : cmpg === 'mil'
        ? '#CMPG Mil'
        : cmpg === null && facts.militaryEvidence
          ? 'military address block or flag'
          : null;
  if (military !== null) {
    if (e.category?.toLowerCase() === 'historic') {
      return { operatorClass: 'military-other', classRule: `${military}; category Historic` };
    }
    const role = e.tags.find((t) => NON_SURVEILLANCE_ROLE_TAGS.has(t.toLowerCase()));
    if (role !== undefined) {
      return { operatorClass: 'military-other', classRule: `${military}; role tag "${role}"` };
    }
    if (facts.surveillance && facts.lightType !== undefined && facts.lightType !== null) {
      return {
        operatorClass: 'military-other',
        classRule: `${military}; type ${facts.lightType} is flown by armed forces mostly as a transport (C-12, C-37), and no registry marks this airframe ISR`,
      };
    }
    return facts.surveillance
      ? { operatorClass: 'military-isr', classRule: `${military}; surveillance airframe` }
      : { operatorClass: 'military-other', classRule: `${military}; not a surveillance airframe` };
  }
  if (cmpg === 'gov') return { operatorClass: 'civil-government', classRule: '#CMPG Gov' };
  if (facts.surveillance && cmpg === null) {
    return { operatorClass: 'military-isr', classRule: 'surveillance type, no operator known' };
  }
  return { operatorClass: 'other', classRule: 'no military or government operator known' };
}

/**
 * The state an operator name names, first match wins (Taiwan's "Republic of China" before China;
 * the British "Royal ..." forces after the Commonwealth ones that share the word).
 */
const OPERATOR_COUNTRIES: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /\b(united states|us|u\.s\.|usaf|usn|usmc|uscg|nasa|noaa|doj|dhs|cbp|fbi|socom|homeland|central intelligence|special operations command)\b/i,
    'US',
  ],
  [/\brepublic of china\b|\btaiwan/i, 'TW'],
  [/\b(chinese|china|plaaf|plan)\b/i, 'CN'],
  [/\balgeria/i, 'DZ'],
  [/\bargentin/i, 'AR'],
  [/\baustralia/i, 'AU'],
  [/\baustria/i, 'AT'],
  [/\bbangladesh/i, 'BD'],
  [/\bbelgi/i, 'BE'],
  [/\bbrazil/i, 'BR'],
  [/\bcanad/i, 'CA'],
  [/\bchile/i, 'CL'],
  [/\bcolombia/i, 'CO'],
  [/\bcyprus|\bcypriot/i, 'CY'],
  [/\bczech/i, 'CZ'],
  [/\bdanish|\bdenmark/i, 'DK'],
  [/\bdominican/i, 'DO'],
  [/\bdutch|\bnetherlands|\brnaf\b|\brnlaf\b/i, 'NL'],
  [/\becuador/i, 'EC'],
  [/\begypt/i, 'EG'],
  [/\bestonia/i, 'EE'],
  [/\bfinnish|\bfinland/i, 'FI'],
  [/\bfrench|\bfrance|\barm[ée]e de l/i, 'FR'],
  [/\bgerman|\bluftwaffe|\bdeutsch/i, 'DE'],
  [/\bgreek|\bgreece|\bhellenic/i, 'GR'],
  [/\bguatemal/i, 'GT'],
  [/\bhondur/i, 'HN'],
  [/\bhungar/i, 'HU'],
  [/\biceland/i, 'IS'],
  [/\bindian\b|\bindia\b/i, 'IN'],
  [/\bindonesia/i, 'ID'],
  [/\biraq/i, 'IQ'],
  [/\birish|\bireland/i, 'IE'],
  [/\bisrael/i, 'IL'],
  [/\bital/i, 'IT'],
  [/\bjapan/i, 'JP'],
  [/\bjordan/i, 'JO'],
  [/\bkorea/i, 'KR'],
  [/\bkuwait/i, 'KW'],
  [/\blatvia/i, 'LV'],
  [/\blithuania/i, 'LT'],
  [/\bmalaysia/i, 'MY'],
  [/\bmalta\b|\bmaltese/i, 'MT'],
  [/\bmauriti/i, 'MU'],
  [/\bmexic/i, 'MX'],
  [/\bmorocc/i, 'MA'],
  [/\bnew zealand/i, 'NZ'],
  [/\bnorw/i, 'NO'],
  [/\boman/i, 'OM'],
  [/\bpakistan/i, 'PK'],
  [/\bpanam/i, 'PA'],
  [/\bperu/i, 'PE'],
  [/\bphil+ip+ine/i, 'PH'],
  [/\bpolish|\bpoland/i, 'PL'],
  [/\bportug/i, 'PT'],
  [/\bqatar/i, 'QA'],
  [/\bromania/i, 'RO'],
  [/\brussia/i, 'RU'],
  [/\bsaudi/i, 'SA'],
  [/\bseychelles/i, 'SC'],
  [/\bsingapore/i, 'SG'],
  [/\bslovak/i, 'SK'],
  [/\bsouth africa/i, 'ZA'],
  [/\bspanish|\bspain/i, 'ES'],
  [/\bsri lanka/i, 'LK'],
  [/\bswedish|\bsweden/i, 'SE'],
  [/\bswiss|\bswitzerland/i, 'CH'],
  [/\bthai/i, 'TH'],
  [/\bturk/i, 'TR'],
  [/\bukrain/i, 'UA'],
  [/\bemirat|\buae\b/i, 'AE'],
  [/\bvenezuel/i, 'VE'],
  [/\bnato\b/i, ''],
  [
    /\b(royal air force|raf|royal navy|british|hm coastguard|army air corps|joint special forces aviation wing|marine scotland)\b/i,
    'GB',
  ],
];

/**
 * The operating state: the one the operator's name names; otherwise the state of registry, from
 * the ICAO address block. NATO's own fleets name no state and so carry their state of registry
 * (Luxembourg for the E-3A component, Italy for Alliance Ground Surveillance).
 */
export function operatingCountry(
  hex: string,
  operator: string | null,
): { country: string | null; countryFrom: 'operator' | 'address-block' | null } {
  const named = operator === null ? null : stateNamed(operator);
  if (named !== null && named !== '') return { country: named, countryFrom: 'operator' };
  const block = addressBlockCountry(hex);
  return block === null
    ? { country: null, countryFrom: null }
    : { country: block, countryFrom: 'address-block' };
}

/**
 * What each operator name names, as OPERATOR_COUNTRIES' first match gives it (a state's code, ''
 * for a name that names none, null for no match): asked once per name. The build stores the
 * bundled table's (registry-snapshot.ts), so that a run neither compiles nor tries some 70
 * expressions on the names of the aircraft it meets.
 */
const namedStates = new Map<string, string | null>();

function stateNamed(operator: string): string | null {
  let state = namedStates.get(operator);
  if (state === undefined) {
    state = null;
    for (const [pattern, country] of OPERATOR_COUNTRIES) {
      if (!pattern.test(operator)) continue;
      state = country;
      break;
    }
    namedStates.set(operator, state);
  }
  return state;
}

/** What the operator names `operators` name (see stateNamed), for the build to store. */
export function statesNamed(operators: Iterable<string>): [string, string | null][] {
  return [...new Set(operators)].map((operator) => [operator, stateNamed(operator)]);
}

/** What operator names name, as statesNamed gave it from the same code (the build's). */
export function rememberStatesNamed(states: readonly (readonly [string, string | null])[]): void {
  for (const [operator, state] of states) {
    if (!namedStates.has(operator)) namedStates.set(operator, state);
  }
}

/** Class and country of one airframe. */
export function operatorFacts(hex: string, e: OperatorEvidence, facts: ClassFacts): OperatorFacts {
  return { ...classifyOperator(e, facts), ...operatingCountry(hex, e.operator) };
}
