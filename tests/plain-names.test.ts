import { describe, expect, it } from 'vitest';
import {
  aircraftLabel,
  airframeTypeName,
  airframeVariant,
  shortOperator,
  typeFamily,
  typeTally,
} from '../src/aircraft/plain-names.js';
import { ISR_TYPES, LIGHT_ISR_TYPES } from '../src/aircraft/designators.js';
import { parseRegistry } from '../src/aircraft/registry.js';
import { readFileSync } from 'node:fs';

describe('plain names for ICAO designators and operators', () => {
  it.each([
    // designator, plane-alert-db type text, name, variant
    ['R135', 'Boeing RC-135V', 'RC-135V Rivet Joint', 'RC-135V'],
    ['R135', 'Boeing RC-135W', 'RC-135W Rivet Joint', 'RC-135W'],
    ['R135', 'Boeing RC-135S', 'RC-135S Cobra Ball', 'RC-135S'],
    ['R135', 'Boeing RC-135U', 'RC-135U Combat Sent', 'RC-135U'],
    ['R135', 'Boeing RC-135W Airseeker', 'RC-135W Airseeker', 'RC-135W'],
    ['P8', 'Boeing P-8A Poseidon', 'P-8A Poseidon', 'P-8A'],
    ['Q9', 'General Atomics MQ-9A Reaper', 'MQ-9A Reaper', 'MQ-9A'],
    ['Q4', 'Northrop Grumman MQ-4C Triton', 'MQ-4C Triton', 'MQ-4C'],
    ['U2', 'Lockheed U-2S', 'U-2S Dragon Lady', 'U-2S'],
    ['Q9', 'General Atomics Protector RG1', 'General Atomics Protector RG1', 'MQ-9'],
    ['B350', 'B350 Super King Air', 'B350 Super King Air', 'King Air 350'],
    // No airframe text, or only sortie's own description of the designator: the table's name.
    ['Q9', null, 'MQ-9 Reaper', 'MQ-9'],
    ['R135', ISR_TYPES.R135 ?? '', 'RC-135', 'RC-135'],
    ['Q4', ISR_TYPES.Q4 ?? '', 'RQ-4 Global Hawk / MQ-4C Triton', 'RQ-4/MQ-4C'],
    ['ZZZZ', null, 'ZZZZ', 'ZZZZ'],
    [null, null, 'unknown type', 'unknown type'],
  ])('%s "%s" is %s (%s)', (designator, text, name, variant) => {
    expect(airframeTypeName(designator, text)).toBe(name);
    expect(airframeVariant(designator, text)).toBe(variant);
  });

  it('has a plain family name for every designator sortie identifies by', () => {
    for (const t of [...Object.keys(ISR_TYPES), ...Object.keys(LIGHT_ISR_TYPES)]) {
      expect(typeFamily(t), t).not.toBe(t);
      expect(airframeTypeName(t, null), t).not.toBe(t);
    }
  });

  it.each([
    ['United States Air Force', 'USAF'],
    ['USAF', 'USAF'],
    ['United States Navy', 'USN'],
    ['US Army', 'US Army'],
    ['United States Army', 'US Army'],
    ['US Customs and Border Protection', 'CBP'],
    ['Department of Homeland Security', 'DHS'],
    ['NOAA', 'NOAA'],
    // No short form known: the name in full, never a guess.
    ['Mexican Air Force', 'Mexican Air Force'],
    ['National Aircraft Leasing (DOJ)', 'DOJ'],
  ])('operator %s is %s', (long, short) => {
    expect(shortOperator(long)).toBe(short);
  });

  it('labels an airframe as type · operator · registration, leaving out what is unknown', () => {
    const a = { type: 'R135', description: 'Boeing RC-135V', registration: '64-14845' };
    expect(aircraftLabel({ ...a, operator: 'USAF' })).toBe('RC-135V Rivet Joint · USAF · 64-14845');
    expect(aircraftLabel({ ...a, operator: null, registration: null })).toBe('RC-135V Rivet Joint');
  });

  it('tallies designators under family names, adding up designators of one family', () => {
    expect(typeTally({ E3CF: 1, E3TF: 2, P8: 11, R135: 4, unknown: 1 })).toEqual({
      'E-3': 3,
      'P-8': 11,
      'RC-135': 4,
      'unknown type': 1,
    });
  });

  it('names every airframe of the bundled table without a bare designator for the ISR types', () => {
    const table = parseRegistry(readFileSync('data/aircraft/isr-aircraft.csv', 'utf8'), 'bundled');
    const bare = [...table.values()].filter(
      (e) =>
        e.icaoType !== null &&
        Object.hasOwn(ISR_TYPES, e.icaoType) &&
        airframeTypeName(e.icaoType, e.description) === e.icaoType,
    );
    expect(bare).toEqual([]);
    // Each of the 1,808 airframes gets a name; the longest still fits a table column.
    const longest = Math.max(
      ...[...table.values()].map((e) => airframeTypeName(e.icaoType, e.description).length),
    );
    expect(longest).toBeLessThanOrEqual(40);
  });
});
