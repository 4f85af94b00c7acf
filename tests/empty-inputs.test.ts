/** Inputs that hold nothing give no confident zero: said, and a compressed one that is empty fails. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const window = ['--from', '2025-03-01', '--to', '2025-03-11', '--baseline-rate', '1/month'];

describe('inputs that hold no row', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-empty-'));
  const empty = path.join(dir, 'export.csv');
  const gz = path.join(dir, 'states_2025-03-01-00.csv.gz');
  writeFileSync(empty, '');
  writeFileSync(gz, '');

  it('an empty file: a zero said to say nothing, in JSON and on stderr', async () => {
    const r = await runCli(['report', empty, ...window, '--format', 'json']);
    expect(r.code).toBe(0);
    const warning =
      'No input holds any row of flight data (empty files?): nothing was read, so a count of zero says nothing.';
    expect(JSON.parse(r.stdout).warnings).toContain(warning);
    expect(r.stderr).toContain(`sortie: warning: ${warning}`);
  });

  it('an empty .gz is a download cut short: an error naming it, exit 1', async () => {
    const r = await runCli(['report', gz, ...window, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `sortie: ${gz}: empty, though named as a compressed file or archive: a download cut short?`,
    );
    const input = JSON.parse(r.stdout).inputs[0];
    expect(input.error.message).toMatch(/^empty, though named as a compressed file/);
  });

  it('beside the demo, an empty .gz still fails the run but the demo is counted', async () => {
    const r = await runCli(['report', 'fixtures/demo', gz, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary.missions).toBeGreaterThan(0);
  });
});

describe('an empty .tar', () => {
  it('is a download cut short: one error naming it, no damage said beside it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-empty-tar-'));
    const tar = path.join(dir, 'v2025.03.01-planes-readsb-prod-0.tar');
    writeFileSync(tar, '');
    const r = await runCli(['inspect', tar]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `sortie: ${tar}: empty, though named as a compressed file or archive: a download cut short?`,
    );
    expect(r.stderr + r.stdout).not.toContain('no end-of-archive marker');
  });
});
