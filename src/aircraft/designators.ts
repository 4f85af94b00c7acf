/**
 * ICAO type designators of surveillance aircraft as they actually appear in plane-alert-db and
 * tar1090-db (there is no "E8", "EP3", "RQ4" or "MQ9": see README, Identification).
 */
export const ISR_TYPES: Readonly<Record<string, string>> = {
  R135: 'SIGINT (RC-135 Rivet Joint / Combat Sent / Cobra Ball)',
  U2: 'high-altitude reconnaissance (U-2S)',
  P8: 'maritime patrol (P-8 Poseidon)',
  P3: 'maritime patrol / SIGINT (P-3, EP-3E)',
  E3TF: 'airborne early warning (E-3 Sentry)',
  E3CF: 'airborne early warning (E-3D/F Sentry)',
  E2: 'airborne early warning (E-2 Hawkeye)',
  E737: 'airborne early warning (E-7 Wedgetail)',
  A50: 'airborne early warning (A-50)',
  Q4: 'HALE UAV (RQ-4 Global Hawk / MQ-4C Triton)',
  Q9: 'UAV (MQ-9 Reaper)',
  Q1: 'UAV (MQ-1C Gray Eagle)',
  C135: 'reconnaissance (OC-135 / WC-135)',
  W135: 'reconnaissance (WC-135R)',
};

/**
 * Types flown by militaries for ISR but mostly civil worldwide: they count only with a military
 * address, a database military flag, or a database entry that marks the airframe as ISR.
 */
export const LIGHT_ISR_TYPES: Readonly<Record<string, string>> = {
  B703: 'E-8C J-STARS / Boeing 707 ISR',
  B350: 'light ISR (MC-12W, King Air 350ER)',
  BE20: 'light ISR (RC-12 Guardrail)',
  BE30: 'light ISR (MARSS)',
  BE9L: 'light ISR (King Air 90)',
  DH8A: 'light ISR (E-9A)',
  DH8B: 'light ISR (Dash 8)',
  DH8C: 'light ISR (RO-6A)',
  PC12: 'light ISR (U-28A Draco)',
  CL60: 'ISR business jet (ARTEMIS / HADES)',
  GLEX: 'ISR business jet (E-11A BACN)',
  GLF5: 'ISR business jet (Gulfstream V)',
  SW4: 'light ISR (RC-26B)',
  CN35: 'maritime patrol (CN-235 / HC-144)',
  C295: 'maritime patrol (C-295 MPA)',
  E145: 'ISR jet (ERJ-145 MP/SA)',
};

export function isIsrType(type: string | null): boolean {
  return type !== null && Object.hasOwn(ISR_TYPES, type);
}

export function isLightIsrType(type: string | null): boolean {
  return type !== null && Object.hasOwn(LIGHT_ISR_TYPES, type);
}
