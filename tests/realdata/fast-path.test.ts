import { createReadStream, readdirSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { HexBitmap } from '../../src/ingest/fast/hex-bitmap.js';
import { expectSame, fast, general } from '../fast-path-kit.js';
import { REALDATA } from './realdata.js';

describe('the fast path on real samples', () => {
  it('gives the same on the real OpenSky sample, and leaves every other real sample to the general reader', async () => {
    const files = [
      `${REALDATA}trrrj-opensky/belevingsvlucht.csv`,
      `${REALDATA}xoolive-traffic/readsb/trace_full_ac671b.json`,
      ...readdirSync(`${REALDATA}fr24-csv-sj182/`)
        .filter((f) => f.endsWith('.csv'))
        .slice(0, 3)
        .map((f) => `${REALDATA}fr24-csv-sj182/${f}`),
    ];
    const watch = HexBitmap.of(['484506']);
    for (const file of files) {
      const source = { name: file, open: () => createReadStream(file) };
      const g = await general(source);
      const f = await fast(source, watch);
      expect(f.inputs[0]!.fast !== undefined).toBe(file.endsWith('belevingsvlucht.csv'));
      expectSame(g, f, watch);
    }
  });
});
