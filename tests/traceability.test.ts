/** Every number traces back: the baseline's missions by id, and a CSV that says what it tests. */
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const args = [
  'report',
  'fixtures/demo',
  '--from',
  '2025-01-27',
  '--to',
  '2025-02-10',
  '--baseline',
  '2024-02-01/2025-01-27',
];

describe('traceability', () => {
  it("JSON lists the baseline's missions by id, as many as it counts, all before the window", async () => {
    const j = JSON.parse((await runCli([...args, '--format', 'json'])).stdout);
    const ids = j.baseline.missionIds as string[];
    expect(ids).toHaveLength(j.baseline.missions);
    expect(ids.length).toBe(12);
    for (const id of ids) expect(id.slice(7) < '20250127').toBe(true);
    const stated = JSON.parse(
      (await runCli([...args.slice(0, 6), '--baseline-rate', '1/month', '--format', 'json']))
        .stdout,
    );
    expect(stated.baseline.missionIds).toBeNull();
  });

  it('CSV opens with the headline and the test behind its p-values', async () => {
    const csv = (await runCli([...args, '--format', 'csv'])).stdout.split('\n');
    const j = JSON.parse((await runCli([...args, '--format', 'json'])).stdout);
    expect(csv).toContain(`# headline: ${j.headline}`);
    expect(csv).toContain(`# test: ${j.statistics.test}`);
    const header = csv.findIndex((l) => l.startsWith('row,'));
    expect(csv.slice(0, header).every((l) => l.startsWith('#'))).toBe(true);
  });
});

describe('skipped records named by what they count', () => {
  it('inspect says "aircraft entry" for aircraft.json and "line" for a text file', async () => {
    const json = await runCli(['inspect', 'fixtures/formats/aircraft-json']);
    expect(json.stdout).toContain('skipped 1 × no position (first at aircraft entry 3)');
    expect(json.stdout).not.toMatch(/first at line/);
    const text = await runCli(['inspect', 'fixtures/formats/sbs/readsb-utc.txt']);
    expect(text.stdout).toMatch(/first at line \d/);
  });
});
