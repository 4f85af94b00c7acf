import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { identifyAircraft, mayBeIdentified } from '../src/aircraft/identify.js';
import { militaryRangeOf } from '../src/aircraft/military-ranges.js';
import { mergeRegistries, parseRegistry } from '../src/aircraft/registry.js';

const bundled = parseRegistry(
  readFileSync('data/aircraft/isr-aircraft.csv', 'utf8'),
  'plane-alert-db',
);
const none = { typeCode: null, registration: null, dbFlags: null };

describe('bundled surveillance table', () => {
  it('holds the aircraft of the February 2025 reports with their real designators', () => {
    expect(bundled.get('ae01c7')).toMatchObject({
      registration: '64-14845',
      icaoType: 'R135',
      operator: 'USAF',
    });
    expect(bundled.get('ae6881')).toMatchObject({ registration: null, icaoType: 'P8' });
    expect(bundled.get('ae0949')?.icaoType).toBe('U2');
    expect(bundled.get('ae27a7')?.icaoType).toBe('Q4');
    expect(bundled.get('ae4bd7')?.icaoType).toBe('Q9');
  });

  it('uses only designators that exist in the databases', () => {
    const types = new Set([...bundled.values()].map((e) => e.icaoType));
    for (const ghost of ['E8', 'EP3', 'RQ4', 'MQ9', 'MC12']) expect(types.has(ghost)).toBe(false);
  });

  it('leaves out tankers, transports and civil aircraft', () => {
    expect(bundled.has('ae4af6')).toBe(false); // C-130J
    for (const e of bundled.values()) expect(e.cmpg === 'Civ' || e.cmpg === 'Pol').toBe(false);
  });
});

describe('identifyAircraft', () => {
  it.each([
    ['ae01c7', none, 'database:plane-alert-db', 'R135'],
    ['a12345', { typeCode: 'R135', registration: null, dbFlags: null }, 'type:R135', 'R135'],
    [
      'ae9999',
      { typeCode: 'B350', registration: null, dbFlags: null },
      'type+military-address:B350',
      'B350',
    ],
    [
      'a12345',
      { typeCode: 'B350', registration: null, dbFlags: 1 },
      'type+military-flag:B350',
      'B350',
    ],
  ])('%s with %o is identified by %s', (hex, rows, by, type) => {
    const id = identifyAircraft(hex, rows, bundled);
    expect(id?.identifiedBy).toBe(by);
    expect(id?.type).toBe(type);
  });

  it.each([
    ['a12345', { typeCode: 'B350', registration: null, dbFlags: null }, 'a civil King Air'],
    ['ae4af6', { typeCode: 'C30J', registration: null, dbFlags: 1 }, 'a military C-130J'],
    ['ae1234', none, 'a military address with no type'],
    ['0d0a13', { typeCode: 'B738', registration: null, dbFlags: null }, 'an airliner'],
  ])('%s is not a surveillance aircraft (%o: %s)', (hex, rows, _why) => {
    expect(identifyAircraft(hex, rows, bundled)).toBeNull();
  });

  it('an --aircraft-db registry adds airframes and overrides the bundled table', () => {
    const user = parseRegistry(
      '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\n' +
        'A0EC98,N159L,US Army,Bombardier Challenger 650 ARTEMIS,CL60,Mil,Surveillance,ISR,,Oxcart,\n' +
        'AE01C7,64-14845,USAF,Boeing RC-135V (renamed),R135,Mil,,,,Oxcart,\n',
      'mine.csv',
    );
    const reg = mergeRegistries([bundled, user]);
    expect(identifyAircraft('a0ec98', none, reg)?.identifiedBy).toBe('database:mine.csv');
    expect(identifyAircraft('ae01c7', none, reg)?.description).toBe('Boeing RC-135V (renamed)');
  });

  it('keeps positions of every aircraft that might be identified, and only those', () => {
    expect(mayBeIdentified('ae1234', none, bundled)).toBe(true);
    expect(
      mayBeIdentified('a12345', { typeCode: 'P8', registration: null, dbFlags: null }, bundled),
    ).toBe(true);
    expect(mayBeIdentified('a12345', none, bundled)).toBe(false);
  });

  it('counts an airframe whose registry type rules it out as other traffic, even in a military block', () => {
    const full = parseRegistry(
      '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\n' +
        'A1B2C3,N123AB,Airline,Airbus A320,A320,Civ,,,,,\n' +
        'AE1234,,USAF,Boeing C-17,C17,Mil,,,,,\n' +
        'A00001,N1,Someone,,,Civ,,,,,\n',
      'full.csv',
    );
    expect(mayBeIdentified('a1b2c3', none, full)).toBe(false);
    expect(mayBeIdentified('ae1234', none, full)).toBe(false);
    // Without a type in the registry, the rows decide.
    expect(mayBeIdentified('a00001', none, full)).toBe(false);
    expect(
      mayBeIdentified('a00001', { typeCode: 'P8', registration: null, dbFlags: null }, full),
    ).toBe(true);
  });
});

describe('militaryRangeOf', () => {
  it.each([
    ['adf7c7', null],
    ['adf7c8', 'US'],
    ['ae01c7', 'US'],
    ['afffff', 'US'],
    ['0d0a13', null],
    ['43c123', 'GB'],
  ])('%s → %s', (hex, country) => expect(militaryRangeOf(hex)).toBe(country));
});
