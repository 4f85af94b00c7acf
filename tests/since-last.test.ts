import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';
import { rc135, splitFile, tarFolder, writeDayFolder } from './archive-kit.js';

describe('report --since-last STATEFILE', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-since-'));
  const input = path.join(dir, 'states_2025-02.csv.gz');
  copyFileSync('fixtures/demo/opensky/states_2025-02.csv.gz', input);
  const state = path.join(dir, 'state.json');
  const args = (...more: string[]) => [
    'report',
    input,
    '--baseline-rate',
    '1/month',
    '--since-last',
    state,
    '--format',
    'line',
    ...more,
  ];

  it('reads and records; the same run again reads nothing and says so; a changed input reads again', async () => {
    const first = await runCli(args());
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('--since-last: reading (no earlier run recorded)');
    expect(first.stdout).toMatch(/^gulf-of-california .*: 10 missions/);
    const recorded = JSON.parse(readFileSync(state, 'utf8'));
    expect(recorded).toMatchObject({ schema: 'sortie.state/1', inputs: [{ path: input }] });

    const second = await runCli(args());
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain(
      `sortie: no new or changed inputs since the last run (recorded in ${state} at ${recorded.recordedAt}): nothing read, no report written`,
    );

    // Another option is another report: it reads again.
    const weekly = await runCli(args('--period', 'day'));
    expect(weekly.stderr).toContain('--since-last: reading (the options changed)');
    expect(weekly.stdout).not.toBe('');

    const later = new Date(Date.now() + 60_000);
    utimesSync(input, later, later);
    const changed = await runCli(args('--period', 'day'));
    expect(changed.stderr).toContain('--since-last: reading (1 input new or changed)');
  });

  it('a run that could not read every input is not recorded, so the next one tries again', async () => {
    const broken = path.join(dir, 'broken.csv.gz');
    writeFileSync(broken, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
    const own = path.join(dir, 'state-broken.json');
    const run = () =>
      runCli([
        'report',
        broken,
        '--baseline-rate',
        '1/month',
        '--since-last',
        own,
        '--format',
        'line',
      ]);
    expect((await run()).code).toBe(1);
    expect((await run()).stderr).toContain('--since-last: reading (no earlier run recorded)');
  });

  it('standard input cannot be compared with the last run: a usage error', async () => {
    const r = await runCli(['report', '-', '--baseline-rate', '1/month', '--since-last', state]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--since-last needs inputs that are files');
  });

  it('the state file may not be an input', async () => {
    const r = await runCli(['report', input, '--baseline-rate', '1/month', '--since-last', input]);
    expect(r.code).toBe(2);
  });

  it('compares archives by their parts and day folders by their trace folders', async () => {
    const own = mkdtempSync(path.join(tmpdir(), 'sortie-since-archives-'));
    const DAY = Date.parse('2025-02-03T00:00:00Z');
    const dayFolder = path.join(own, 'v2025.02.03-planes-readsb-prod-0');
    writeDayFolder(dayFolder, DAY, [rc135()], { civil: 4 });
    const next = path.join(own, 'next');
    writeDayFolder(next, DAY + 86_400_000, [rc135(DAY + 86_400_000 + 36_000_000, 120)], {
      civil: 4,
    });
    const tar = path.join(own, 'v2025.02.04-planes-readsb-prod-0.tar');
    tarFolder(next, tar);
    const parts = splitFile(tar, 20_000);
    const stateFile = path.join(own, 'state.json');
    const run = () =>
      runCli([
        'report',
        dayFolder,
        ...parts,
        '--period',
        'day',
        '--since-last',
        stateFile,
        '--format',
        'line',
      ]);
    const first = await run();
    expect(first.stderr).toContain('--since-last: reading (no earlier run recorded)');
    expect(first.stdout).toMatch(/: 2 missions/);
    const recorded = JSON.parse(readFileSync(stateFile, 'utf8')) as { inputs: { path: string }[] };
    expect(
      recorded.inputs.map((i) => path.relative(own, i.path) + (i.path.endsWith('/') ? '/' : '')),
    ).toEqual(['v2025.02.03-planes-readsb-prod-0/', ...parts.map((p) => path.basename(p))]);
    expect((await run()).stdout).toBe('');
    // A trace written into the day folder: read again.
    mkdirSync(path.join(dayFolder, 'traces', 'ee'), { recursive: true });
    writeFileSync(
      path.join(dayFolder, 'traces', 'ee', 'trace_full_a000ee.json'),
      gzipSync(JSON.stringify({ icao: 'a000ee', timestamp: DAY / 1000, trace: [] })),
    );
    expect((await run()).stderr).toContain('--since-last: reading (1 input new or changed)');
    expect((await run()).stdout).toBe('');
    // A part changed: read again.
    const later = new Date(Date.now() + 60_000);
    utimesSync(parts[1]!, later, later);
    expect((await run()).stderr).toContain('--since-last: reading (1 input new or changed)');
  });
});
