import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const DEMO = [
  'report',
  'fixtures/demo',
  '--from',
  '2025-01-27',
  '--to',
  '2025-02-10',
  '--period',
  'day',
  '--baseline',
  '2024-02-01/2025-01-27',
];
const dir = mkdtempSync(path.join(tmpdir(), 'sortie-who-'));
const file = (name: string, text: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

interface ReportJson {
  warnings: string[];
  operators: { classes: string[]; leftOutInWindow: number; airframes: { hex: string }[] };
  summary: { missions: number };
  missions: { aircraft: { hex: string; operatorClass: string; country: string } }[];
}
const json = (stdout: string): ReportJson => JSON.parse(stdout) as ReportJson;

describe('who counts: --operators, --country, --exclude, --watch on the demo', () => {
  it('by default counts military ISR and says it left out the CBP MQ-9, in every format and on stderr', async () => {
    const military = await runCli([...DEMO, '--format', 'json']);
    const wider = await runCli([
      ...DEMO,
      '--format',
      'json',
      '--operators',
      'military-isr,law-enforcement',
    ]);
    expect(military.code).toBe(0);
    const a = json(military.stdout);
    const b = json(wider.stdout);
    expect(b.summary.missions - a.summary.missions).toBe(1);
    const extra = b.missions.filter(
      (m) => !a.missions.some((n) => n.aircraft.hex === m.aircraft.hex),
    );
    expect(
      extra.map((m) => [m.aircraft.hex, m.aircraft.operatorClass, m.aircraft.country]),
    ).toEqual([['ae4bd7', 'law-enforcement', 'US']]);
    expect(a.operators).toMatchObject({
      classes: ['military-isr'],
      leftOutInWindow: 1,
      airframes: [{ hex: 'AE4BD7' }],
    });
    expect(a.warnings.join('\n')).toMatch(
      /1 mission in the window left out \(law-enforcement 1\): AE4BD7 CBP-104/,
    );
    expect(military.stderr).toMatch(
      /^sortie: warning: counting only military-isr, any country: .*AE4BD7/m,
    );
    expect(b.operators.leftOutInWindow).toBe(0);
    expect(b.warnings.join('\n')).not.toMatch(/left out/);
    for (const format of ['table', 'md', 'csv', 'html']) {
      const r = await runCli([...DEMO, '--format', format]);
      expect(r.stdout, format).toMatch(
        /counted military-isr, any country; 1 mission in the window left out/,
      );
    }
  });

  it('--exclude and --country narrow the count, and say why', async () => {
    const excluded = json(
      (await runCli([...DEMO, '--format', 'json', '--exclude', 'AE01C7'])).stdout,
    );
    expect(excluded.missions.some((m) => m.aircraft.hex === 'ae01c7')).toBe(false);
    expect(excluded.operators.airframes.map((f) => f.hex)).toEqual(['AE01C7', 'AE4BD7']);
    const mexican = await runCli([...DEMO, '--country', 'MX']);
    expect(mexican.stdout).toMatch(/counted military-isr, country MX/);
    expect(mexican.stdout).toMatch(/No missions/);
  });

  it('--watch counts an airframe whatever its class', async () => {
    const list = file('watch.txt', '# CBP drone over the Gulf\nAE4BD7\n');
    const r = await runCli([...DEMO, '--format', 'json', '--watch', list]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/watch\.txt: watch list \(addresses\), 1 airframe/);
    expect(json(r.stdout).summary.missions).toBe(18);
    expect(json(r.stdout).operators.leftOutInWindow).toBe(0);
  });

  it('a bad watch-list row: one line naming file and line, exit 1', async () => {
    const list = file('bad.txt', 'AE4BD7\nAE4BD\n');
    const r = await runCli([...DEMO, '--watch', list]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `sortie: ${list}:2: not a 6-digit hex ICAO address: "AE4BD" (a watch list has one address a line, or hex,label[,type][,operator])\n`,
    );
  });

  it.each([
    [['--operators', 'spies'], /"spies" is not an operator class/],
    [['--country', 'UK'], /the code is GB/],
    [['--exclude', 'AE4BD'], /not a 24-bit ICAO address/],
  ])('%j is a usage error, exit 2', async (args, message) => {
    const r = await runCli([...DEMO, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('missions carry class and country in CSV, and a short operator in the table', async () => {
    const csv = await runCli([
      'missions',
      'fixtures/demo',
      '--format',
      'csv',
      '--operators',
      'all',
    ]);
    const [header, ...rows] = csv.stdout.trim().split('\n');
    expect(header).toMatch(/,operator,operator_class,country,watched_by,/);
    expect(rows.find((r) => r.startsWith('ae4bd7') || r.includes(',ae4bd7,'))).toMatch(
      /US Customs and Border Protection,law-enforcement,US,/,
    );
    const table = await runCli([
      'missions',
      'fixtures/demo',
      '--from',
      '2025-02-03',
      '--to',
      '2025-02-05',
    ]);
    expect(table.stdout).toMatch(/Operator/);
    expect(table.stdout).toMatch(/USAF US/);
  });
});

describe('sortie identify', () => {
  const list = file('identify-watch.txt', '0D0A13,XC-LKN,C208,Mexican Police\n');
  it('answers for an address in the table, one only in a military block, one watched and one unknown', async () => {
    const r = await runCli(['identify', 'AE01C7', 'AE1234', '0D0A13', '0D0B00', '--watch', list]);
    expect(r.code).toBe(0);
    const blocks = r.stdout.split('\n\n');
    expect(blocks[0]).toMatch(
      /^AE01C7\n {2}registration +64-14845\n {2}type +RC-135V Rivet Joint \(R135, "Boeing RC-135V"\)\n/,
    );
    expect(blocks[0]).toMatch(/source +data\/aircraft\/isr-aircraft\.csv:\d+ \(plane-alert-db\)/);
    expect(blocks[0]).toMatch(/counts +yes: class military-isr, any country/);
    expect(blocks[1]).toMatch(/address block +US, military block of US/);
    expect(blocks[1]).toMatch(/counts +only with evidence from its rows/);
    expect(blocks[2]).toMatch(/class +law-enforcement/);
    expect(blocks[2]).toMatch(/counts +yes: on a --watch list \(.*identify-watch\.txt:1\)/);
    expect(blocks[3]).toMatch(/address block +MX, not a military block/);
    expect(blocks[3]).toMatch(/source +in no table/);
  });

  it('says why an airframe is left out under the options, in JSON too', async () => {
    const r = await runCli(['identify', 'ae4bd7', '--format', 'json']);
    const j = JSON.parse(r.stdout) as { aircraft: Record<string, unknown>[] };
    expect(j.aircraft[0]).toMatchObject({
      hex: 'AE4BD7',
      registration: 'CBP-104',
      operatorClass: 'law-enforcement',
      country: 'US',
      counts: 'no',
      addressBlock: { country: 'US', military: 'US' },
    });
    const wider = await runCli(['identify', 'AE4BD7', '--operators', 'all', '--format', 'json']);
    expect(JSON.parse(wider.stdout)).toMatchObject({ aircraft: [{ counts: 'yes' }] });
  });

  it('a malformed address is a usage error, exit 2', async () => {
    const r = await runCli(['identify', 'AE01C']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sortie: .*"AE01C" is not a 24-bit ICAO address/);
  });
});

describe('sortie inspect says which identified aircraft count', () => {
  it('the CBP MQ-9 is listed as identified but not counted, with its class and why', async () => {
    const text = await runCli(['inspect', 'fixtures/demo/readsb/traces/d7/trace_full_ae4bd7.json']);
    expect(text.stdout).toMatch(
      /identified, not counted \(--operators military-isr\): ae4bd7 \(MQ-9A Reaper · CBP · CBP-104; law-enforcement\)/,
    );
    const json = JSON.parse(
      (
        await runCli([
          'inspect',
          'fixtures/demo/readsb/traces/d7/trace_full_ae4bd7.json',
          '--format',
          'json',
        ])
      ).stdout,
    );
    expect(json.inputs[0].notCounted).toEqual([
      {
        hex: 'ae4bd7',
        reason: 'class law-enforcement is not counted (--operators military-isr)',
      },
    ]);
    // With the class asked for, it counts and is listed with the others.
    const all = await runCli([
      'inspect',
      'fixtures/demo/readsb/traces/d7/trace_full_ae4bd7.json',
      '--operators',
      'military-isr,law-enforcement',
    ]);
    expect(all.stdout).not.toContain('not counted');
    expect(all.stdout).toMatch(/surveillance aircraft: .*ae4bd7 \(MQ-9A Reaper/);
  });
});

describe('sortie missions says what the operator selection left out', () => {
  it('a window holding only a left-out mission says so, not that no sortie stayed long enough', async () => {
    const r = await runCli([
      'missions',
      'fixtures/demo',
      '--from',
      '2025-02-08',
      '--to',
      '2025-02-09',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /\nNo missions counted: 1 mission in the window is of airframes the operator selection leaves out \(law-enforcement 1\)/,
    );
    expect(r.stdout).not.toContain('--min-dwell');
    expect(r.stderr).toContain(
      'sortie: warning: counting only military-isr, any country: 1 mission in the window left out (law-enforcement 1): AE4BD7',
    );
  });

  it('a window with counted missions lists them and warns of the one left out, in JSON too', async () => {
    const r = await runCli([
      'missions',
      'fixtures/demo',
      '--from',
      '2025-02-01',
      '--to',
      '2025-02-10',
      '--format',
      'json',
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.missions.map((m: { aircraft: { hex: string } }) => m.aircraft.hex)).not.toContain(
      'ae4bd7',
    );
    expect(j.warnings.join('\n')).toContain(
      '1 mission in the window left out (law-enforcement 1): AE4BD7',
    );
    expect(r.stderr).toContain('AE4BD7');
  });
});
