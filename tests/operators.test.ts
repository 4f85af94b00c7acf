import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';
import { addressBlockCountry, ADDRESS_BLOCKS } from '../src/aircraft/address-blocks.js';
import { describeAddress } from '../src/aircraft/describe.js';
import { identifyAircraft, NO_ROW_EVIDENCE, type Identity } from '../src/aircraft/identify.js';
import {
  classifyOperator,
  operatingCountry,
  rememberStatesNamed,
  statesNamed,
  type OperatorEvidence,
} from '../src/aircraft/operator-class.js';
import { shortOperator } from '../src/aircraft/plain-names.js';
import { parseRegistry } from '../src/aircraft/registry.js';
import { countDecision, DEFAULT_SELECTION } from '../src/aircraft/selection.js';
import { applyWatchLists, parseWatchList } from '../src/aircraft/watch-lists.js';

const bundled = parseRegistry(
  readFileSync('data/aircraft/isr-aircraft.csv', 'utf8'),
  'plane-alert-db',
  'data/aircraft/isr-aircraft.csv',
);

const ev = (
  operator: string | null,
  cmpg: string | null,
  category: string | null = null,
  tags: string[] = [],
): OperatorEvidence => ({ operator, cmpg, category, tags });
const isr = { surveillance: true, militaryEvidence: false };

describe('classifyOperator', () => {
  it.each([
    [
      'CBP MQ-9 (plane-alert-db says Mil)',
      ev('US Customs and Border Protection', 'Mil', 'UAV', ['UAV']),
      'law-enforcement',
    ],
    ['DHS King Air', ev('Department of Homeland Security', 'Gov', 'Oxcart'), 'law-enforcement'],
    [
      'DOJ front company',
      ev('National Aircraft Leasing (DOJ)', 'Gov', 'Oxcart'),
      'law-enforcement',
    ],
    ['police', ev('Somewhere County Sheriff', 'Pol'), 'law-enforcement'],
    ['#CMPG Pol alone', ev('Air Unit', 'Pol'), 'law-enforcement'],
    [
      'US Coast Guard MH-65',
      ev('United States Coast Guard', 'Gov', 'Coastguard', [
        'Maritime Patrol',
        'Search And Rescue',
        'Mae West',
      ]),
      'civil-government',
    ],
    [
      'contractor filed under Coastguard',
      ev('2 Excel Aviation', 'Gov', 'Coastguard'),
      'civil-government',
    ],
    [
      'NOAA hurricane hunter',
      ev('NOAA', 'Gov', 'Ptolemy would be proud', ['Hurricane Hunter']),
      'civil-government',
    ],
    ['NASA Global Hawk', ev('NASA', 'Gov', 'Distinctive'), 'civil-government'],
    ['USAF RC-135', ev('USAF', 'Mil', 'Oxcart', ['Eye In The Sky', 'SIGINT']), 'military-isr'],
    [
      'Mexican Navy CN-235 MPA',
      ev('Mexican Navy', 'Mil', 'Other Navies', ['Maritime Patrol']),
      'military-isr',
    ],
    [
      'a navy filed under Coastguard stays military',
      ev('Royal Moroccan Navy', 'Mil', 'Other Navies', ['Maritime Patrol', 'Coastguard']),
      'military-isr',
    ],
    [
      'military search and rescue',
      ev('Cyprus Air Force', 'Mil', 'Other Air Forces', [
        'Maritime Patrol',
        'Search And Rescue',
        'Mae West',
      ]),
      'military-other',
    ],
    [
      'military transport',
      ev('Chinese Air Force', 'Mil', 'Other Air Forces', ['Maritime Patrol', 'Military Transport']),
      'military-other',
    ],
    [
      'museum piece',
      ev('RNAF Historic Flight', 'Mil', 'Historic', ['Reconnaissance']),
      'military-other',
    ],
    ['trainer', ev('USAF', 'Mil', 'Oxcart', ['Training Wheels']), 'military-other'],
    ['a type alone, nothing known of the operator', ev(null, null), 'military-isr'],
  ])('%s → %s', (_name, evidence, expected) => {
    expect(classifyOperator(evidence, isr).operatorClass).toBe(expected);
  });

  it('a light type with a military address alone is military-other: most are transports', () => {
    const light = { surveillance: true, militaryEvidence: true, lightType: 'GLF5' };
    expect(classifyOperator(ev(null, null), light)).toEqual({
      operatorClass: 'military-other',
      classRule:
        'military address block or flag; type GLF5 is flown by armed forces mostly as a transport (C-12, C-37), and no registry marks this airframe ISR',
    });
    expect(classifyOperator(ev(null, 'Mil'), { ...light, lightType: 'BE20' }).operatorClass).toBe(
      'military-other',
    );
    // An ISR-only type with the same evidence stays military-isr.
    expect(classifyOperator(ev(null, null), { ...light, lightType: null }).operatorClass).toBe(
      'military-isr',
    );
  });

  it('a C-37A (GLF5) on a US military address, end to end: found, named, not counted', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-c37-'));
    mkdirSync(path.join(dir, 'traces', '0e'), { recursive: true });
    const trace = {
      icao: 'ae010e',
      r: '97-0401',
      t: 'GLF5',
      dbFlags: 1,
      timestamp: Date.UTC(2025, 2, 5) / 1000 + 18 * 3600,
      trace: Array.from({ length: 181 }, (_, i) => [
        i * 30,
        31.5 - (7.4 * i) / 180,
        -112 + (1.6 * i) / 180,
        41000,
        470,
        168,
        0,
        0,
        null,
        'adsb_icao',
        41500,
      ]),
    };
    writeFileSync(path.join(dir, 'traces', '0e', 'trace_full_ae010e.json'), JSON.stringify(trace));
    const r = await runCli(['missions', dir, '--format', 'json']);
    const j = JSON.parse(r.stdout);
    expect(j.missions).toEqual([]);
    expect(j.warnings.join('\n')).toContain(
      '1 mission in the window left out (military-other 1): AE010E 97-0401 GLF5 US; --operators military-isr,military-other counts them',
    );
    const all = JSON.parse(
      (
        await runCli([
          'missions',
          dir,
          '--operators',
          'military-isr,military-other',
          '--format',
          'json',
        ])
      ).stdout,
    );
    expect(
      all.missions.map((m: { aircraft: { identifiedBy: string } }) => m.aircraft.identifiedBy),
    ).toEqual(['type+military-address:GLF5']);
  });

  it('a watched airframe with nothing military or governmental about it is other', () => {
    expect(
      classifyOperator(ev('Acme Air', 'Civ'), { surveillance: false, militaryEvidence: false }),
    ).toMatchObject({ operatorClass: 'other' });
    expect(
      classifyOperator(ev(null, null), { surveillance: false, militaryEvidence: true }),
    ).toMatchObject({ operatorClass: 'military-other' });
  });
});

describe('operating country', () => {
  it.each([
    ['e400b3', 'Mexican Air Force', 'MX', 'operator'], // a Brazilian-built ERJ-145 on Embraer's block
    ['aaecf3', 'Algerian Air Force', 'DZ', 'operator'],
    ['b191d8', 'USAF', 'US', 'operator'], // an address in no state's block
    ['4d03c0', 'NATO', 'LU', 'address-block'], // NATO names no state: its state of registry
    ['847694', 'Japan Coast Guard', 'JP', 'operator'],
    ['899001', 'Republic of China Air Force', 'TW', 'operator'],
    ['0d0a13', null, 'MX', 'address-block'],
    ['a00001', 'Airstrike Firefighters', 'US', 'address-block'],
  ])('%s %s → %s (%s)', (hex, operator, country, from) => {
    expect(operatingCountry(hex, operator)).toEqual({ country, countryFrom: from });
  });

  it('what an operator name names is asked once; answers the build stored are taken as given', () => {
    expect(statesNamed(['USAF', 'NATO', 'Acme Air', 'USAF'])).toEqual([
      ['USAF', 'US'],
      ['NATO', ''],
      ['Acme Air', null],
    ]);
    // A name the expressions would not place, stored as the build found it: not asked again.
    rememberStatesNamed([['Zorgravian Air Arm', 'FR']]);
    expect(operatingCountry('a00001', 'Zorgravian Air Arm')).toEqual({
      country: 'FR',
      countryFrom: 'operator',
    });
    // A name already answered keeps its answer.
    rememberStatesNamed([['USAF', 'GB']]);
    expect(operatingCountry('b191d8', 'USAF')).toEqual({ country: 'US', countryFrom: 'operator' });
  });

  it.each([
    ['a00000', 'US'],
    ['afffff', 'US'],
    ['0d0000', 'MX'],
    ['0d7fff', 'MX'],
    ['0d8000', 'VE'],
    ['43c123', 'GB'],
    ['c00001', 'CA'],
    ['b00000', null],
    ['zzzzzz', null],
  ])('address block of %s is %s', (hex, country) => {
    expect(addressBlockCountry(hex)).toBe(country);
  });

  it('the blocks are sorted and disjoint (the lookup is a binary search)', () => {
    for (let i = 1; i < ADDRESS_BLOCKS.length; i += 1) {
      expect(ADDRESS_BLOCKS[i]![0]).toBeGreaterThan(ADDRESS_BLOCKS[i - 1]![1]);
    }
  });

  it.each([
    ['United States Navy', 'USN'],
    ['US Customs and Border Protection', 'CBP'],
    ['Otv Leasing (DOJ)', 'DOJ'],
    ['Mexican Navy', 'Mexican Navy'],
    ['Royal Australian Air Force', 'RAAF'],
    [null, null],
  ])('short operator %s → %s', (operator, short) => expect(shortOperator(operator)).toBe(short));
});

describe('the bundled table: every airframe has a class and a country', () => {
  it('1,808 airframes: military-isr 1,135, civil-government 463, law-enforcement 174, military-other 36', () => {
    const counts: Record<string, number> = {};
    const ids: Identity[] = [];
    for (const hex of bundled.keys()) {
      const id = identifyAircraft(hex, NO_ROW_EVIDENCE, bundled);
      expect(id, hex).not.toBeNull();
      ids.push(id as Identity);
      counts[id!.operatorClass] = (counts[id!.operatorClass] ?? 0) + 1;
    }
    expect(bundled.size).toBe(1808);
    expect(counts).toEqual({
      'military-isr': 1135,
      'civil-government': 463,
      'law-enforcement': 174,
      'military-other': 36,
    });
    expect(ids.filter((i) => i.country === null)).toEqual([]);
    const usCoastGuard = ids.filter((i) => i.operator === 'United States Coast Guard');
    expect(usCoastGuard).toHaveLength(215);
    expect(new Set(usCoastGuard.map((i) => i.operatorClass))).toEqual(
      new Set(['civil-government']),
    );
  });

  it('cites the row an airframe came from', () => {
    const id = identifyAircraft('ae01c7', NO_ROW_EVIDENCE, bundled)!;
    const lines = readFileSync('data/aircraft/isr-aircraft.csv', 'utf8').split('\n');
    const line = Number(id.sourceRow!.split(':').at(-1));
    expect(lines[line - 1]).toMatch(/^AE01C7,64-14845,USAF,/);
  });
});

describe('countDecision', () => {
  const id = (hex: string): Identity => identifyAircraft(hex, NO_ROW_EVIDENCE, bundled)!;
  it.each([
    ['ae01c7', DEFAULT_SELECTION, true, null],
    ['ae4bd7', DEFAULT_SELECTION, false, 'law-enforcement'],
    [
      'ae4bd7',
      { ...DEFAULT_SELECTION, classes: new Set(['military-isr', 'law-enforcement'] as const) },
      true,
      null,
    ],
    ['ae01c7', { ...DEFAULT_SELECTION, countries: new Set(['MX']) }, false, 'other-country'],
    ['ae01c7', { ...DEFAULT_SELECTION, exclude: new Set(['ae01c7']) }, false, 'excluded'],
  ])('%s', (hex, selection, counts, leftOutAs) => {
    expect(countDecision(id(hex), selection)).toMatchObject({ counts, leftOutAs });
  });

  it('a watched airframe counts whatever its class, unless excluded', () => {
    const watched = applyWatchLists(bundled, [parseWatchList('AE4BD7\n', 'w.txt')]);
    const cbp = identifyAircraft('ae4bd7', NO_ROW_EVIDENCE, watched)!;
    expect(cbp).toMatchObject({ operatorClass: 'law-enforcement', watchedBy: 'w.txt:1' });
    expect(countDecision(cbp, DEFAULT_SELECTION).counts).toBe(true);
    expect(countDecision(cbp, { ...DEFAULT_SELECTION, exclude: new Set(['ae4bd7']) }).counts).toBe(
      false,
    );
  });
});

describe('watch lists in the forms people keep them', () => {
  const hexes = (text: string, file = 'list.txt'): string[] => [
    ...parseWatchList(text, file).entries.keys(),
  ];

  it.each([
    [
      'addresses with comments',
      '# mine\nAE4BD7\n\n0d0a13  # a Mexican one\n',
      'addresses',
      ['ae4bd7', '0d0a13'],
    ],
    ['hex,label', 'AE4BD7,CBP drone\n0D0A13,XC-LKN', 'hex-label-csv', ['ae4bd7', '0d0a13']],
    [
      'hex,label,type,operator with a header',
      'hex,label,type,operator\nAE4BD7,CBP-104,Q9,CBP\n',
      'hex-label-csv',
      ['ae4bd7'],
    ],
    [
      'tar1090-db aircraft.csv',
      'AE4BD7;CBP-104;Q9;10;General Atomics MQ-9;;CBP\n0D0A13;XC-LKN;B350;00;;;\n',
      'tar1090-db-csv',
      ['ae4bd7', '0d0a13'],
    ],
    [
      'OpenSky aircraft database',
      "'icao24','registration','typecode','operator'\n'ae4bd7','CBP-104','Q9','CBP'\n'0d0a13','XC-LKN','C208',''\n",
      'opensky-aircraft-database',
      ['ae4bd7', '0d0a13'],
    ],
    [
      'plane-alert-db',
      '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\n0D0A13,XC-LKN,Mexican Police,Cessna,C208,Pol,,,,,\n',
      'plane-alert-db',
      ['0d0a13'],
    ],
  ])('%s', (_name, text, form, expected) => {
    const list = parseWatchList(text, 'list.txt');
    expect(list.form).toBe(form);
    expect([...list.entries.keys()]).toEqual(expected);
    for (const e of list.entries.values()) expect(e.watch?.row).toMatch(/^list\.txt:\d+$/);
  });

  it('a tar1090-db JSON shard completes its keys with the prefix in its name', () => {
    const list = parseWatchList('{"E4BD7":["CBP-104","Q9","10","MQ-9"],"bad":1}', 'db/A.js');
    expect(list.form).toBe('tar1090-db-json');
    expect([...list.entries.keys()]).toEqual(['ae4bd7']);
    expect(list.entries.get('ae4bd7')).toMatchObject({ cmpg: 'Mil', icaoType: 'Q9' });
    expect(list.skipped).toBe(1);
    expect(() => parseWatchList('{}', 'shard.json')).toThrow(/prefix/);
  });

  it('a bad row of a hand-kept list is an error naming file and line', () => {
    expect(() => hexes('AE4BD7\nnot-a-hex\n')).toThrow(
      /^list\.txt:2: not a 6-digit hex ICAO address: "not-a-hex"/,
    );
    expect(() => hexes('AE4BD7,a,b,c,d\n')).toThrow(/^list\.txt:1: 5 fields/);
  });

  it('a database form passes over rows without an address, and counts them', () => {
    const list = parseWatchList('AE4BD7;CBP-104;Q9;10;;;\nXYZ;;;;;;\n', 'aircraft.csv');
    expect(list.skipped).toBe(1);
    expect(list.skippedReason).toMatch(/hex/);
  });

  it('a watched airframe the table knows keeps its class and country', () => {
    const registry = applyWatchLists(bundled, [
      parseWatchList('AE4BD7,drone\n0D0A13,unknown\n', 'w.csv'),
    ]);
    expect(identifyAircraft('ae4bd7', NO_ROW_EVIDENCE, registry)).toMatchObject({
      operatorClass: 'law-enforcement',
      country: 'US',
      identifiedBy: 'database:plane-alert-db',
      watchedBy: 'w.csv:1',
    });
    expect(identifyAircraft('0d0a13', NO_ROW_EVIDENCE, registry)).toMatchObject({
      operatorClass: 'other',
      country: 'MX',
      identifiedBy: 'watch:w.csv',
      description: 'unknown',
    });
  });
});

describe('describeAddress', () => {
  const registry = applyWatchLists(bundled, [parseWatchList('0D0A13,XC-LKN\n', 'watch.txt')]);
  it.each([
    ['ae01c7', 'yes', 'military-isr', 'US', /class military-isr/],
    ['ae4bd7', 'no', 'law-enforcement', 'US', /law-enforcement is not counted/],
    ['ae1234', 'only-if', 'military-isr', 'US', /US military block/],
    ['0d0a13', 'yes', 'other', 'MX', /--watch list \(watch\.txt:1\)/],
    ['0d0b00', 'only-if', 'military-isr', 'MX', /ISR-only type/],
  ])('%s: counts %s', (hex, counts, operatorClass, country, why) => {
    const a = describeAddress(hex, registry, DEFAULT_SELECTION);
    expect(a).toMatchObject({ counts, operatorClass, country });
    expect(a.why).toMatch(why);
  });

  it('a military address counts under --operators military-other only by a light type, said so', () => {
    const other = { ...DEFAULT_SELECTION, classes: new Set(['military-other' as const]) };
    const a = describeAddress('ae9f01', registry, other);
    expect(a).toMatchObject({ counts: 'only-if', operatorClass: 'military-other' });
    expect(a.why).toMatch(/^counts only if its rows carry a light type such as B350/);
    expect(describeAddress('ae9f01', registry, DEFAULT_SELECTION)).toMatchObject({
      counts: 'only-if',
      operatorClass: 'military-isr',
    });
  });
});
