import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { expect } from 'vitest';
import { ingest } from '../src/ingest/collect.js';
import { textSource } from './helpers.js';

/**
 * Fuzzing every reader: random damage to valid samples (ours and real ones) must never crash the
 * ingest, never throw past it, and must keep `used + skipped = rows` with one-line messages.
 * The budget is per reader and the seed fixed, so CI runs the same cases every time;
 * SORTIE_FUZZ_MS raises the budget for a longer local hunt. Inputs that once broke a reader are
 * kept in tests/corpus/regressions/ and replayed first.
 */
const BUDGET_MS = Number(process.env.SORTIE_FUZZ_MS ?? 5000);
const SEED = 20250203;

/** One random edit of a byte buffer: flip, insert, delete, duplicate a span, or cut. */
export const editArb = fc.oneof(
  fc.record({
    op: fc.constant('flip' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    text: fc.constantFrom(
      ',',
      '"',
      '\n',
      '\r',
      '\u0000',
      'NaN',
      '-',
      '1e999',
      '{',
      ']',
      '\uFEFF',
      'ground',
      '9'.repeat(20),
    ),
  }),
  fc.record({
    op: fc.constant('delete' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 1, max: 200 }),
  }),
  fc.record({
    op: fc.constant('duplicate' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 1, max: 400 }),
  }),
  fc.record({ op: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
);
type Edit = typeof editArb extends fc.Arbitrary<infer T> ? T : never;

export function applyEdit(bytes: Buffer, e: Edit): Buffer {
  const at = Math.floor(e.at * bytes.length);
  switch (e.op) {
    case 'flip': {
      const out = Buffer.from(bytes);
      if (out.length > 0) out[Math.min(at, out.length - 1)] = e.byte;
      return out;
    }
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(e.text), bytes.subarray(at)]);
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + e.length)]);
    case 'duplicate':
      return Buffer.concat([bytes.subarray(0, at + e.length), bytes.subarray(at)]);
    case 'cut':
      return bytes.subarray(0, at);
  }
}

export async function checkSurvives(name: string, bytes: Buffer): Promise<void> {
  const { inputs } = await ingest([textSource(name, bytes, 997)], { keep: () => true });
  const i = inputs[0]!;
  const skipped = Object.values(i.skipped).reduce((a, s) => a + s.count, 0);
  expect(i.used + skipped).toBe(i.rows);
  if (i.error !== null) {
    expect(i.error.message).not.toMatch(/[\n\r]/);
    expect(i.error.message.length).toBeLessThan(400);
  }
}

/** Random damage (up to six edits, gzip or not) to `base`, for the time budget, fixed seed. */
export async function survivesDamage(name: string, base: Buffer): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      fc.array(editArb, { minLength: 1, maxLength: 6 }),
      fc.boolean(),
      async (edits, gzip) => {
        let bytes = edits.reduce(applyEdit, base);
        if (gzip) bytes = gzipSync(bytes);
        await checkSurvives(name, bytes);
      },
    ),
    {
      seed: SEED,
      numRuns: 100_000,
      interruptAfterTimeLimit: BUDGET_MS,
      markInterruptAsFailure: false,
    },
  );
}
