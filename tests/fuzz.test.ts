import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../src/ingest/collect.js';
import { SAMPLES } from './corpus/samples.js';
import { checkSurvives, survivesDamage } from './fuzz-kit.js';
import { textSource } from './helpers.js';

/** Our own samples of every format; the real ones are fuzzed in tests/realdata/fuzz.test.ts. */
const TARGETS: ReadonlyArray<readonly [string, () => Buffer]> = SAMPLES.map(
  (s) => [`sample ${s.name}.${s.ext}`, () => Buffer.from(s.text())] as const,
);

const REGRESSIONS = new URL('./corpus/regressions/', import.meta.url).pathname;

describe('fuzzing every reader (fixed seed, time budget per reader)', () => {
  it.each(readdirSync(REGRESSIONS).filter((f) => !f.endsWith('.md')))(
    'regression: %s',
    async (file) => {
      await checkSurvives(file, readFileSync(path.join(REGRESSIONS, file)));
      const { inputs } = await ingest(
        [textSource(file, readFileSync(path.join(REGRESSIONS, file)))],
        { keep: () => true },
      );
      const i = inputs[0]!;
      if (file.startsWith('opensky-')) {
        // Each of these is a readable OpenSky export: 12 real rows, whatever else is wrong.
        expect(i.format).toBe('opensky-states');
        expect(i.used).toBe(
          file.includes('concatenated') ? 24 : file.includes('stray-quote') ? 11 : 12,
        );
      } else {
        expect(i.error?.message).toMatch(/^not a known format/);
      }
    },
  );

  it.each(TARGETS)(
    '%s survives random damage',
    async (name, load) => {
      await survivesDamage(name, load());
    },
    120_000,
  );
});
