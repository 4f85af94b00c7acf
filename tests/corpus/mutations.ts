/**
 * Ways users' files go wrong (truncated, re-encoded, concatenated, edited in a spreadsheet, cut by a
 * crashing receiver), each with what the contract says must happen. Applied to every base sample.
 */
import { gzipSync } from 'node:zlib';
import { SAMPLE_ROWS as N } from './samples.js';

/** What `inspect --format json` says of one input. */
export interface InspectedInput {
  file: string;
  format: string | null;
  rows: number;
  used: number;
  skipped: Record<string, number>;
  error: { message: string; line: number | null } | null;
}

export interface Expectation {
  /** Exit code of `sortie inspect` on this input and a good companion file. */
  readonly exit: 0 | 1;
  /** The error message for this input, when exit is 1 because of it. */
  readonly error?: RegExp;
  /** Further checks on this input's accounting. */
  readonly check?: (i: InspectedInput) => void;
}

export interface Mutation {
  readonly name: string;
  readonly apply: (text: string, kind: 'csv' | 'json') => Buffer;
  readonly expect: (kind: 'csv' | 'json') => Expectation;
  /** Only for samples of this kind. */
  readonly only?: 'csv' | 'json';
}

/** Deterministic pseudo-random bytes. */
export function noise(length: number, seed: number): Buffer {
  let a = seed >>> 0;
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const lines = (text: string): string[] => text.replace(/\n$/, '').split('\n');
const join = (ls: readonly string[]): string => ls.join('\n') + '\n';
/** Replaces data row k (1-based after the header) with f(row). */
const editRow = (text: string, k: number, f: (row: string) => string): string => {
  const ls = lines(text);
  ls[k] = f(ls[k] ?? '');
  return join(ls);
};
const allUsed = (i: InspectedInput): void => {
  if (i.used !== N)
    throw new Error(`expected ${N} rows used, got ${i.used} (${JSON.stringify(i.skipped)})`);
};
const usedAndSkipped =
  (used: number, reason: string, count: number) =>
  (i: InspectedInput): void => {
    if (i.used !== used)
      throw new Error(`expected ${used} used, got ${i.used} (${JSON.stringify(i.skipped)})`);
    if (i.skipped[reason] !== count)
      throw new Error(`expected ${count} × "${reason}", got ${JSON.stringify(i.skipped)}`);
  };
const someUsedSomeLost = (i: InspectedInput): void => {
  if (!(i.used > 0 && i.used < N))
    throw new Error(`expected some but not all rows used, got ${i.used}`);
};
const ok: Expectation = { exit: 0, check: allUsed };

/** A coordinate edit on row 3, for CSV (OpenSky / FR24) and JSON (readsb) samples alike. */
function setCoords(text: string, kind: 'csv' | 'json', lat: string, lon: string): string {
  if (kind === 'json') {
    const doc = JSON.parse(text) as { trace: unknown[][] };
    const p = doc.trace[2] as unknown[];
    p[1] = lat === 'NaN' ? null : Number(lat);
    p[2] = lon === 'NaN' ? null : Number(lon);
    return JSON.stringify(doc).replace(
      /null,null/,
      lat === 'Infinity' ? '1e999,1e999' : 'null,null',
    );
  }
  return editRow(text, 3, (row) => row.replace(/-?\d+\.\d{6},-?\d+\.\d{6}/, `${lat},${lon}`));
}

/** Multiplies every time by `factor` or sets it, for both kinds. */
function retime(text: string, kind: 'csv' | 'json', f: (t: number) => number): string {
  if (kind === 'json') {
    const doc = JSON.parse(text) as { timestamp: number };
    doc.timestamp = f(doc.timestamp);
    return JSON.stringify(doc);
  }
  const [header, ...rows] = lines(text);
  return join([header ?? '', ...rows.map((r) => r.replace(/^(\d+)/, (m) => String(f(Number(m)))))]);
}

export const MUTATIONS: readonly Mutation[] = [
  { name: 'as-is', apply: (t) => utf8(t), expect: () => ok },
  { name: 'gzip', apply: (t) => gzipSync(utf8(t)), expect: () => ok },
  ...[0.3, 0.6, 0.95].map(
    (cut): Mutation => ({
      name: `gzip-cut-at-${cut * 100}%`,
      apply: (t) => {
        const gz = gzipSync(utf8(t));
        return gz.subarray(0, Math.floor(gz.length * cut));
      },
      expect: () => ({ exit: 1, error: /corrupt or truncated gzip data/ }),
    }),
  ),
  ...[0.5, 0.97].map(
    (cut): Mutation => ({
      name: `cut-at-${cut * 100}%`,
      apply: (t) => utf8(t).subarray(0, Math.floor(utf8(t).length * cut)),
      expect: (kind) =>
        kind === 'json' ? { exit: 1, error: /invalid JSON/ } : { exit: 0, check: someUsedSomeLost },
    }),
  ),
  {
    name: 'first-byte-only',
    apply: (t) => utf8(t).subarray(0, 1),
    expect: (kind) =>
      kind === 'json'
        ? { exit: 1, error: /invalid JSON/ }
        : { exit: 1, error: /not a known format/ },
  },
  { name: 'binary-garbage', apply: () => noise(4096, 7), expect: () => ({ exit: 1, error: /./ }) },
  {
    name: 'garbage-appended',
    apply: (t) => Buffer.concat([utf8(t), noise(1024, 9)]),
    expect: (kind) =>
      kind === 'json'
        ? { exit: 1, error: /invalid JSON/ }
        : { exit: 0, check: (i) => (i.used === N ? undefined : allUsed(i)) },
  },
  {
    name: 'utf16le-bom',
    apply: (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
    expect: () => ok,
  },
  {
    name: 'utf16be-bom',
    apply: (t) => {
      const le = Buffer.from(t, 'utf16le');
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le.swap16()]);
    },
    expect: () => ok,
  },
  { name: 'utf16le-no-bom', apply: (t) => Buffer.from(t, 'utf16le'), expect: () => ok },
  {
    name: 'latin1-callsign',
    apply: (t) => Buffer.from(t.replace(/JAKE21|PELT51/g, 'JOSÉ21'), 'latin1'),
    expect: () => ok,
  },
  {
    name: 'utf8-bom',
    apply: (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(t)]),
    expect: () => ok,
  },
  { name: 'crlf', apply: (t) => utf8(t.replace(/\n/g, '\r\n')), expect: () => ok },
  { name: 'cr-only', apply: (t) => utf8(t.replace(/\n/g, '\r')), expect: () => ok },
  { name: 'no-final-newline', apply: (t) => utf8(t.replace(/\n$/, '')), expect: () => ok },
  { name: 'blank-lines', apply: (t) => utf8(t.replace(/\n/g, '\n\n')), expect: () => ok },
  {
    name: 'ten-megabyte-line',
    apply: (t, kind) => {
      if (kind === 'json')
        return utf8(t.replace('{', `{"junk":"${'x'.repeat(10 * 1024 * 1024)}",`));
      const ls = lines(t);
      ls.splice(10, 0, 'y'.repeat(10 * 1024 * 1024));
      return utf8(join(ls));
    },
    expect: (kind) =>
      kind === 'json' ? ok : { exit: 0, check: usedAndSkipped(N, 'line too long', 1) },
  },
  {
    name: 'empty',
    apply: () => Buffer.alloc(0),
    expect: () => ({
      exit: 0,
      check: (i) => {
        if (i.rows !== 0 || i.used !== 0 || i.error !== null)
          throw new Error(`expected an empty input, got ${JSON.stringify(i)}`);
      },
    }),
  },
  {
    name: 'header-only',
    apply: (t, kind) =>
      kind === 'json' ? utf8(t.replace(/"trace":\[.*\]/, '"trace":[]')) : utf8(lines(t)[0] + '\n'),
    expect: () => ({
      exit: 0,
      check: (i) => {
        if (i.rows !== 0) throw new Error(`expected 0 rows, got ${i.rows}`);
      },
    }),
  },
  {
    name: 'extra-field',
    only: 'csv',
    apply: (t) => utf8(editRow(t, 5, (r) => r + ',surplus')),
    expect: () => ({ exit: 0, check: usedAndSkipped(N - 1, 'wrong number of fields', 1) }),
  },
  {
    name: 'missing-fields',
    only: 'csv',
    // Cutting FR24's 6-column row after 3 fields also cuts its quoted Position in half.
    apply: (t) => utf8(editRow(t, 5, (r) => r.split(',').slice(0, 3).join(','))),
    expect: () => ({
      exit: 0,
      check: (i) => {
        const reasons = Object.keys(i.skipped);
        if (
          i.used !== N - 1 ||
          reasons.length !== 1 ||
          !['wrong number of fields', 'unbalanced quote'].includes(reasons[0] ?? '')
        ) {
          throw new Error(
            `expected one row skipped for its fields, got ${i.used} used, ${JSON.stringify(i.skipped)}`,
          );
        }
      },
    }),
  },
  {
    name: 'concatenated-with-header',
    only: 'csv',
    apply: (t) => utf8(t + t),
    expect: () => ({ exit: 0, check: (i) => usedAndSkipped(2 * N, 'repeated header', 1)(i) }),
  },
  {
    name: 'reordered-columns',
    only: 'csv',
    apply: (t) => {
      // Rotate every column one place left; quoted Position fields stay whole.
      const split = (r: string): string[] =>
        r
          .match(/("[^"]*"|[^,]*)(,|$)/g)!
          .map((f) => f.replace(/,$/, ''))
          .slice(0, -1);
      return utf8(
        join(
          lines(t).map((r) => {
            const f = split(r);
            return [...f.slice(1), f[0]].join(',');
          }),
        ),
      );
    },
    expect: () => ok,
  },
  {
    name: 'reversed-rows',
    apply: (t, kind) => {
      if (kind === 'json') {
        const doc = JSON.parse(t) as { trace: unknown[] };
        doc.trace.reverse();
        return utf8(JSON.stringify(doc));
      }
      const [h, ...rows] = lines(t);
      return utf8(join([h ?? '', ...rows.reverse()]));
    },
    expect: () => ok,
  },
  {
    name: 'every-row-twice',
    apply: (t, kind) => {
      if (kind === 'json') {
        const doc = JSON.parse(t) as { trace: unknown[] };
        doc.trace = doc.trace.flatMap((p) => [p, p]);
        return utf8(JSON.stringify(doc));
      }
      const [h, ...rows] = lines(t);
      return utf8(join([h ?? '', ...rows.flatMap((r) => [r, r])]));
    },
    expect: () => ({
      exit: 0,
      check: (i) => {
        // OpenSky dates a position by its lastposupdate: a row written again is the same fix,
        // skipped as such; other formats' copies are used, and folded into one fix later.
        const repeated = i.skipped['repeated position (frozen state)'] ?? 0;
        const want = i.format === 'opensky-states' ? [N, N] : [2 * N, 0];
        if (i.used !== want[0] || repeated !== want[1]) {
          throw new Error(
            `expected ${want[0]} used and ${want[1]} repeated, got ${i.used}, ${repeated}`,
          );
        }
      },
    }),
  },
  ...(
    [
      ['nan-coordinates', 'NaN', 'NaN'],
      ['infinite-coordinates', 'Infinity', 'Infinity'],
      ['latitude-91', '91.000000', '-110.500000'],
      ['longitude-181', '26.500000', '181.000000'],
    ] as const
  ).map(
    ([name, lat, lon]): Mutation => ({
      name,
      apply: (t, kind) => utf8(setCoords(t, kind, lat, lon)),
      expect: () => ({
        exit: 0,
        check: (i) => {
          const skipped = Object.values(i.skipped).reduce((a, b) => a + b, 0);
          if (i.used !== N - 1 || skipped !== 1)
            throw new Error(`expected one row skipped, got ${JSON.stringify(i.skipped)}`);
          if (!Object.keys(i.skipped).some((r) => /position/.test(r)))
            throw new Error(`expected a position reason, got ${JSON.stringify(i.skipped)}`);
        },
      }),
    }),
  ),
  {
    name: 'absurd-altitude',
    apply: (t, kind) =>
      kind === 'json'
        ? utf8(t.replace(/,25000,350,/, ',990000000,350,'))
        : utf8(editRow(t, 4, (r) => r.replace(/,(7620\.00|25000),/g, ',990000000,'))),
    expect: () => ({ exit: 0, check: usedAndSkipped(N - 1, 'bad altitude', 1) }),
  },
  {
    name: 'times-in-milliseconds',
    apply: (t, kind) => utf8(retime(t, kind, (s) => s * 1000)),
    expect: () => ({ exit: 0, check: usedAndSkipped(0, 'bad time', N) }),
  },
  {
    name: 'times-in-1970',
    apply: (t, kind) => utf8(retime(t, kind, (s) => s - 1738000000)),
    expect: () => ({ exit: 0, check: usedAndSkipped(0, 'bad time', N) }),
  },
  {
    name: 'times-far-future',
    apply: (t, kind) => utf8(retime(t, kind, (s) => s + 5_000_000_000)),
    expect: () => ({ exit: 0, check: usedAndSkipped(0, 'bad time', N) }),
  },
  {
    name: 'unbalanced-quote',
    only: 'csv',
    apply: (t) => utf8(editRow(t, 5, (r) => r.replace(/(JAKE21|PELT51)/, '"$1'))),
    expect: () => ({
      exit: 0,
      check: (i) => {
        if (i.rows !== N)
          throw new Error(
            `expected ${N} rows counted, got ${i.rows} (${JSON.stringify(i.skipped)})`,
          );
        if (i.used < N - 1)
          throw new Error(`a stray quote lost ${N - i.used} rows (${JSON.stringify(i.skipped)})`);
      },
    }),
  },
  {
    name: 'nul-bytes',
    only: 'csv',
    apply: (t) => utf8(editRow(t, 6, (r) => r.replace(',', ',\u0000\u0000'))),
    expect: () => ({
      exit: 0,
      check: (i) => {
        if (i.used < N - 1 || i.rows !== N)
          throw new Error(`got ${i.used}/${i.rows} ${JSON.stringify(i.skipped)}`);
      },
    }),
  },
  {
    name: 'json-points-as-objects',
    only: 'json',
    apply: (t) => {
      const doc = JSON.parse(t) as { trace: unknown[][] };
      doc.trace = doc.trace.map((p) => ({ ...p }) as unknown as unknown[]);
      return utf8(JSON.stringify(doc));
    },
    expect: () => ({ exit: 0, check: usedAndSkipped(0, 'malformed trace point', N) }),
  },
  {
    name: 'json-top-level-array',
    only: 'json',
    apply: (t) => utf8(`[${t}]`),
    expect: () => ({ exit: 1, error: /JSON of no known format/ }),
  },
];
