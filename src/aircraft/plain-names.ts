import { ISR_TYPES, LIGHT_ISR_TYPES } from './designators.js';

/**
 * Plain names for the ICAO type designators sortie knows (designators.ts): `family` is short enough
 * for a tally column ("RC-135 4"), `name` is what an editor calls the type when no airframe text
 * says more. Hand-kept: ICAO's designators are terse (Q4 covers both RQ-4 Global Hawk and MQ-4C
 * Triton) and plane-alert-db's own type text names the variant airframe by airframe.
 */
const TYPE_NAMES: Readonly<Record<string, { readonly family: string; readonly name: string }>> = {
  R135: { family: 'RC-135', name: 'RC-135' },
  U2: { family: 'U-2', name: 'U-2 Dragon Lady' },
  P8: { family: 'P-8', name: 'P-8 Poseidon' },
  P3: { family: 'P-3', name: 'P-3 Orion' },
  E3TF: { family: 'E-3', name: 'E-3 Sentry' },
  E3CF: { family: 'E-3', name: 'E-3 Sentry' },
  E2: { family: 'E-2', name: 'E-2 Hawkeye' },
  E737: { family: 'E-7', name: 'E-7 Wedgetail' },
  A50: { family: 'A-50', name: 'A-50 Mainstay' },
  Q4: { family: 'RQ-4/MQ-4C', name: 'RQ-4 Global Hawk / MQ-4C Triton' },
  Q9: { family: 'MQ-9', name: 'MQ-9 Reaper' },
  Q1: { family: 'MQ-1C', name: 'MQ-1C Gray Eagle' },
  C135: { family: 'C-135', name: 'OC-135 / WC-135' },
  W135: { family: 'WC-135', name: 'WC-135 Constant Phoenix' },
  B703: { family: 'E-8C', name: 'E-8C J-STARS' },
  B350: { family: 'King Air 350', name: 'King Air 350' },
  BE20: { family: 'King Air 200', name: 'King Air 200' },
  BE30: { family: 'King Air 300', name: 'King Air 300' },
  BE9L: { family: 'King Air 90', name: 'King Air 90' },
  DH8A: { family: 'Dash 8', name: 'Dash 8-100' },
  DH8B: { family: 'Dash 8', name: 'Dash 8-200' },
  DH8C: { family: 'Dash 8', name: 'Dash 8-300' },
  PC12: { family: 'PC-12', name: 'PC-12' },
  CL60: { family: 'Challenger', name: 'Challenger 600' },
  GLEX: { family: 'Global Express', name: 'Global Express' },
  GLF5: { family: 'Gulfstream V', name: 'Gulfstream V' },
  SW4: { family: 'Metro', name: 'Metro / C-26' },
  CN35: { family: 'CN-235', name: 'CN-235' },
  C295: { family: 'C-295', name: 'C-295' },
  E145: { family: 'ERJ-145', name: 'ERJ-145' },
};

/** Nicknames the type text leaves out ("Boeing RC-135V"), by variant. */
const VARIANT_NICKNAMES: Readonly<Record<string, string>> = {
  'RC-135V': 'Rivet Joint',
  'RC-135W': 'Rivet Joint',
  'RC-135S': 'Cobra Ball',
  'RC-135U': 'Combat Sent',
  'U-2S': 'Dragon Lady',
  'WC-135R': 'Constant Phoenix',
  'WC-135W': 'Constant Phoenix',
  'OC-135B': 'Open Skies',
};

/**
 * Short forms of operator names as plane-alert-db spells them. A name with no short form known is
 * shown in full: guessing an abbreviation would misname an operator.
 */
const OPERATOR_SHORT: Readonly<Record<string, string>> = {
  'united states air force': 'USAF',
  usaf: 'USAF',
  'united states navy': 'USN',
  'us navy': 'USN',
  'united states army': 'US Army',
  'us army': 'US Army',
  'united states marine corps': 'USMC',
  'united states coast guard': 'USCG',
  'us customs and border protection': 'CBP',
  'u.s. customs and border protection': 'CBP',
  'department of homeland security': 'DHS',
  'department of justice': 'DOJ',
  'department of justice (doj)': 'DOJ',
  'us special operations command': 'SOCOM',
  socom: 'SOCOM',
  'central intelligence agency': 'CIA',
  noaa: 'NOAA',
  'national oceanic and atmospheric administration': 'NOAA',
  nasa: 'NASA',
  'royal air force': 'RAF',
  'royal navy fleet air arm': 'Royal Navy',
  'royal australian air force': 'RAAF',
  'royal canadian air force': 'RCAF',
  'royal new zealand air force': 'RNZAF',
  'japan air self-defense force': 'JASDF',
  'republic of korea air force': 'ROKAF',
  'republic of korea navy': 'ROK Navy',
};

/** A military designation inside free type text: RC-135V, P-8A, MQ-9A, U-2S, E-3B, HC-144A. */
const DESIGNATION = /\b([A-Z]{1,4}-\d{1,3}[A-Z]?)\b/;

/** The short form of an operator's name, or the name itself when none is known. */
export function shortOperator(operator: string | null): string | null {
  if (operator === null) return null;
  const name = operator.trim();
  const known = OPERATOR_SHORT[name.toLowerCase()];
  if (known !== undefined) return known;
  // plane-alert-db names contractors flying for an agency after it: "Otv Leasing (DOJ)".
  for (const [pattern, short] of OPERATOR_PATTERNS) if (pattern.test(name)) return short;
  return name;
}

const OPERATOR_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\(doj\)$/i, 'DOJ'],
  [/customs and border protection/i, 'CBP'],
];

/** The short plain name of a designator's family, for tallies: R135 → "RC-135". */
export function typeFamily(designator: string | null): string {
  if (designator === null) return 'unknown type';
  return TYPE_NAMES[designator]?.family ?? designator;
}

/**
 * The plain name of one airframe's type: the variant from its own type text where it names one
 * ("Boeing RC-135V" → "RC-135V Rivet Joint", "General Atomics MQ-9A Reaper" → "MQ-9A Reaper"),
 * else the designator's plain name (Q9 → "MQ-9 Reaper"), else the designator itself.
 */
export function airframeTypeName(designator: string | null, typeText: string | null): string {
  const text = airframeText(designator, typeText);
  if (text !== null) {
    const match = DESIGNATION.exec(text);
    if (match !== null) {
      // Drop the maker before the designation: "Boeing P-8A Poseidon" → "P-8A Poseidon".
      const named = text.slice(match.index).trim();
      const nickname = VARIANT_NICKNAMES[match[1] as string];
      return named === match[1] && nickname !== undefined ? `${named} ${nickname}` : named;
    }
    // No designation (e.g. "B350 Super King Air"): the text is plain already.
    return text;
  }
  if (designator === null) return 'unknown type';
  return TYPE_NAMES[designator]?.name ?? designator;
}

/**
 * The airframe's own type text, or null when there is none or it is only sortie's description of
 * the designator (what identification falls back to for an aircraft known from its rows alone).
 */
function airframeText(designator: string | null, typeText: string | null): string | null {
  const text = typeText?.trim() ?? '';
  if (text === '') return null;
  if (
    designator !== null &&
    (ISR_TYPES[designator] === text || LIGHT_ISR_TYPES[designator] === text)
  ) {
    return null;
  }
  return text;
}

/**
 * The airframe's variant alone, for narrow columns: "RC-135V", "P-8A", "MQ-9A"; the family
 * (R135 → "RC-135") when its type text names none.
 */
export function airframeVariant(designator: string | null, typeText: string | null): string {
  const text = airframeText(designator, typeText);
  const match = text === null ? null : DESIGNATION.exec(text);
  return match?.[1] ?? typeFamily(designator);
}

/**
 * Counts per ICAO designator as counts per plain family name (E3TF and E3CF add up as E-3), in
 * the order of the names.
 */
export function typeTally(byType: Readonly<Record<string, number>>): Record<string, number> {
  const byFamily = new Map<string, number>();
  for (const [t, n] of Object.entries(byType)) {
    const family = t === 'unknown' ? 'unknown type' : typeFamily(t);
    byFamily.set(family, (byFamily.get(family) ?? 0) + n);
  }
  return Object.fromEntries([...byFamily].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** What a reader needs to name an airframe. */
export interface NamedAircraft {
  readonly type: string | null;
  readonly description: string | null;
  readonly operator: string | null;
  readonly registration: string | null;
}

/** "RC-135V Rivet Joint · USAF · 64-14845": type, operator and registration, as far as known. */
export function aircraftLabel(a: NamedAircraft): string {
  return [airframeTypeName(a.type, a.description), shortOperator(a.operator), a.registration]
    .filter((x): x is string => x !== null && x !== '')
    .join(' · ');
}
