import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MUTATIONS, type InspectedInput } from './corpus/mutations.js';
import { SAMPLES, SAMPLE_ROWS, opensky } from './corpus/samples.js';
import { runCli } from './helpers.js';

const root = mkdtempSync(path.join(tmpdir(), 'sortie-corpus-'));
const good = path.join(root, 'good-companion.csv');
writeFileSync(good, opensky(SAMPLE_ROWS, 'ae6881'));

const CASES = SAMPLES.flatMap((sample) =>
  MUTATIONS.filter(
    (m) => (m.only === undefined || m.only === sample.kind) && !sample.skip?.includes(m.name),
  ).map((m) => ({
    id: `${sample.name} × ${m.name}`,
    sample,
    mutation: m,
  })),
);

/** Every output line on stderr is one `sortie: ...` line, never a stack trace. */
function expectOneLineErrors(stderr: string): void {
  for (const line of stderr.split('\n').filter((l) => l !== '')) {
    expect(line).toMatch(/^sortie: /);
  }
  expect(stderr).not.toMatch(/\n\s+at /);
}

function accountingHolds(i: InspectedInput): void {
  const skipped = Object.values(i.skipped).reduce((a, b) => a + b, 0);
  expect(i.used + skipped).toBe(i.rows);
}

describe(`bad-input corpus (${CASES.length} cases + folder cases)`, () => {
  it.each(CASES)('$id', async ({ id, sample, mutation }) => {
    const file = path.join(root, `${id.replace(/[^a-z0-9]+/gi, '_')}.${sample.ext}`);
    writeFileSync(file, mutation.apply(sample.text(), sample.kind));
    const expectation = sample.survives?.includes(mutation.name)
      ? { exit: 0 as const, check: (i: InspectedInput) => expect(i.used).toBe(SAMPLE_ROWS) }
      : mutation.expect(sample.kind);
    const r = await runCli(['inspect', file, good, '--format', 'json']);
    expectOneLineErrors(r.stderr);
    expect(r.code, r.stderr).toBe(expectation.exit);
    const inputs = JSON.parse(r.stdout).inputs as InspectedInput[];
    const mine = inputs.find((i) => i.file === file);
    const companion = inputs.find((i) => i.file === good);
    expect(companion).toMatchObject({ used: SAMPLE_ROWS, error: null });
    for (const i of inputs) accountingHolds(i);
    if (expectation.exit === 1) {
      expect(mine?.error?.message).toMatch(expectation.error ?? /./);
      expect(r.stderr).toContain(`sortie: ${file}`);
    } else {
      expect(mine?.error, r.stderr).toBeNull();
    }
    expectation.check?.(mine!);
  });
});

describe('folders users point sortie at', () => {
  it('mixed formats, nested folders, a symlink loop, a dangling link: everything readable is read', async () => {
    const dir = path.join(root, 'mixed');
    mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    for (const s of SAMPLES) writeFileSync(path.join(dir, 'a', `${s.name}.${s.ext}`), s.text());
    writeFileSync(path.join(dir, 'a', 'b', 'more.csv'), opensky(5, 'ae222c'));
    symlinkSync(dir, path.join(dir, 'a', 'b', 'loop'));
    symlinkSync(path.join(dir, 'nowhere.csv'), path.join(dir, 'dangling.csv'));
    writeFileSync(path.join(dir, '.hidden.csv'), 'not read');
    const r = await runCli(['inspect', dir, '--format', 'json']);
    expectOneLineErrors(r.stderr);
    expect(r.stderr).toBe(`sortie: ${path.join(dir, 'dangling.csv')}: no such file or directory\n`);
    expect(r.code).toBe(1);
    const inputs = JSON.parse(r.stdout).inputs as InspectedInput[];
    expect(inputs.map((i) => path.relative(dir, i.file))).toEqual([
      'a/b/more.csv',
      'a/fr24-6col.csv',
      'a/fr24-7col.csv',
      'a/generic-csv.csv',
      'a/opensky.csv',
      'a/readsb-trace.json',
      'a/sbs.txt',
      // Listed with its error, so a script reading the JSON knows a path was not read.
      'dangling.csv',
    ]);
    expect(inputs.at(-1)).toMatchObject({
      rows: 0,
      error: { message: 'no such file or directory' },
    });
    for (const i of inputs) accountingHolds(i);
  });

  it('a folder with nothing in it is a clear error', async () => {
    const dir = path.join(root, 'empty-folder');
    mkdirSync(dir);
    const r = await runCli(['report', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`sortie: no input files found in ${dir}\n`);
  });
});
