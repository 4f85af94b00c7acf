/**
 * A file named two ways (`f` and `./f`, a link to it in another folder) is one input: read once,
 * its rows counted once, and the other name listed as passed over.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../src/cli/files.js';
import { runCli } from './helpers.js';

const FILE = 'fixtures/demo/opensky/states_2025-02.csv.gz';
const dir = mkdtempSync(path.join(tmpdir(), 'sortie-same-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const none = () => Readable.from([]);

describe('one file under two names', () => {
  it.each([
    ['`./f` beside `f`', [`./${FILE}`, FILE]],
    ['`f` beside `./f`', [FILE, `./${FILE}`]],
    ['its folder beside `./f`', ['fixtures/demo/opensky', `./${FILE}`]],
  ])('%s: read once, under the plain name', async (_, inputs) => {
    const found = await expandInputs(inputs, none);
    expect(found.sources.filter((s) => s.name.endsWith('states_2025-02.csv.gz'))).toHaveLength(1);
    expect(found.sources.map((s) => s.name)).toContain(FILE);
    expect(found.passedOver).toEqual([
      { name: `./${FILE}`, reason: `the same file as ${FILE}, read once` },
    ]);
  });

  it('a link in another folder is the same file', async () => {
    const link = path.join(dir, 'copy.csv.gz');
    symlinkSync(path.resolve(FILE), link);
    const found = await expandInputs([FILE, dir], none);
    expect(found.sources).toHaveLength(1);
    expect(found.passedOver).toHaveLength(1);
  });

  it('the report counts its rows once', async () => {
    const args = ['--from', '2025-01-27', '--to', '2025-02-10', '--format', 'json'];
    const once = await runCli(['report', 'fixtures/demo', ...args]);
    const twice = await runCli(['report', 'fixtures/demo', `./${FILE}`, ...args]);
    const rows = (out: string) =>
      (JSON.parse(out).inputs as { rows: number }[]).reduce((n, i) => n + i.rows, 0);
    expect(rows(twice.stdout)).toBe(rows(once.stdout));
    expect(JSON.parse(twice.stdout).inputs).toHaveLength(JSON.parse(once.stdout).inputs.length);
  });
});
