import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ingest } from '../src/ingest/collect.js';
import { SAMPLES } from './corpus/samples.js';
import { REALDATA, textSource } from './helpers.js';

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
const editArb = fc.oneof(
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

function applyEdit(bytes: Buffer, e: Edit): Buffer {
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

async function checkSurvives(name: string, bytes: Buffer): Promise<void> {
  const { inputs } = await ingest([textSource(name, bytes, 997)], { keep: () => true });
  const i = inputs[0]!;
  const skipped = Object.values(i.skipped).reduce((a, s) => a + s.count, 0);
  expect(i.used + skipped).toBe(i.rows);
  if (i.error !== null) {
    expect(i.error.message).not.toMatch(/[\n\r]/);
    expect(i.error.message.length).toBeLessThan(400);
  }
}

/** The first ~64 KB of a real sample file (whole lines), so each case stays fast. */
function realHead(file: string): Buffer {
  const bytes = readFileSync(file);
  if (bytes.length <= 65_536 || file.endsWith('.json') || file.endsWith('.dbf')) return bytes;
  const cut = bytes.indexOf(10, 65_536);
  return cut < 0 ? bytes : bytes.subarray(0, cut + 1);
}

const REAL = [
  'trrrj-opensky/belevingsvlucht.csv',
  'fr24-csv-sj182/SJ182_2601a2ba.csv',
  'trrrj-fr24-bulk/20170205_flights.csv',
  'sbs1-claws-adsb/messages-log.txt',
  'sbs1-wiseman-node-sbs1/msgs.txt',
  'xoolive-traffic/readsb/trace_full_ac671b.json',
  'aircraft-json/readsb-dc-2020-r00b/aircraft.json',
  'aircraft-json/dump1090fa-uk-2019-billglover/aircraft.json',
  'stiles-flight-tracer/raw_abfd8c_2025-02-09_2025-02-09.csv',
  'stiles-flight-tracer/flight_traces_a11f59_20250208.csv',
  'stiles-flight-tracer/ae4af6_20250208_shp/flight_traces_points.dbf',
  'docker-planefence/plane-alert-2020/plane-alert-2020-11-18.csv',
];

const TARGETS: ReadonlyArray<readonly [string, () => Buffer]> = [
  ...SAMPLES.map((s) => [`sample ${s.name}.${s.ext}`, () => Buffer.from(s.text())] as const),
  ...REAL.map((f) => [`real ${f}`, () => realHead(path.join(REALDATA, f))] as const),
];

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
      const base = load();
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
    },
    120_000,
  );
});
