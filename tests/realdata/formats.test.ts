import { createReadStream, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InputSource } from '../../src/ingest/collect.js';
import type { ReaderOptions } from '../../src/ingest/formats/format.js';
import type { Position } from '../../src/ingest/types.js';
import { readAll, textSource } from '../helpers.js';
import { REALDATA } from './realdata.js';

const file = (path: string): InputSource => ({ name: path, open: () => createReadStream(path) });
const opts = (over: Partial<ReaderOptions>): ReaderOptions => ({
  sourceTz: 'UTC',
  fieldMap: {},
  units: {},
  ...over,
});
const isoOf = (p: Position | undefined): string | null =>
  p === undefined ? null : new Date(p.timeMs).toISOString();

describe('SBS / BaseStation on a real log', () => {
  it('says when the SBS clock is not the recorder clock, and --source-tz makes them agree', async () => {
    const claws = () => file(`${REALDATA}sbs1-claws-adsb/lots-o-messages-log.txt`);
    const plain = await readAll([claws()]);
    expect(plain.inputs[0]!.notes).toEqual([
      "SBS times run +10:30 from the recorder's timestamps (line 1): the log is probably in receiver-local time; give --source-tz",
    ]);
    const fixed = await readAll([claws()], opts({ sourceTz: 'Australia/Adelaide' }));
    expect(fixed.inputs[0]!.notes).toEqual([]);
    // Line 1: recorded 06:00:52.050Z, generated 16:30:51.597 ACDT = 06:00:51.597Z.
    expect(isoOf(fixed.positions[0])).toBe('2018-02-18T06:00:51.597Z');
  });
});

describe('registries given as inputs', () => {
  it('names a plane-alert-db CSV as a registry', async () => {
    const text = readFileSync(`${REALDATA}plane-alert-db/plane-alert-gov.csv`, 'utf8')
      .split('\n')
      .slice(0, 3)
      .join('\n');
    const { inputs } = await readAll([textSource('x.csv', text)]);
    expect(inputs[0]!.error).toEqual({
      message: 'a registry (plane-alert-db CSV), not flight data: give it with --aircraft-db',
      line: 1,
      registry: 'aircraft-db',
    });
  });
});
