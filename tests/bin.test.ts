import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);

/** Runs the built launcher as a user would (npm test builds first). */
async function sortie(args: string[]) {
  try {
    const r = await exec(process.execPath, ['bin/sortie.js', ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('bin/sortie.js (built)', () => {
  it('runs regions, inspect and a usage error with the documented exit codes', async () => {
    const regions = await sortie(['regions']);
    expect(regions.code).toBe(0);
    expect(regions.stdout).toContain('gulf-of-california');
    const inspect = await sortie([
      'inspect',
      'fixtures/formats/readsb-trace/traces/c7/trace_full_ae01c7.json',
    ]);
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toMatch(/readsb-trace\s+7\s+5\s+2\s/);
    const usage = await sortie(['report', 'x.csv', '--period', 'year']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/year/);
    const missing = await sortie(['report', 'does-not-exist.csv']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      'sortie: does-not-exist.csv: no such file or directory\nsortie: no input files found in does-not-exist.csv\n',
    );
  });

  it('reports an aircraft database it cannot read in one line, also with reading threads', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-bin-'));
    try {
      const db = path.join(dir, 'categories.csv');
      writeFileSync(db, 'category\nOther Navies\n');
      for (const threads of ['1', '2']) {
        const r = await sortie([
          'report',
          'fixtures/formats/readsb-trace/traces/c7/trace_full_ae01c7.json',
          '--aircraft-db',
          db,
          '--threads',
          threads,
          '--quiet',
        ]);
        expect(r.code).toBe(1);
        expect(r.stderr).toBe(
          'sortie: categories.csv: not a plane-alert-db style registry (no ICAO column; columns found: category)\n',
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
