/**
 * An aircraft.json snapshot cut short or damaged keeps its entries up to the damage, as a readsb
 * trace keeps its points and a CSV its rows: the error is said, and the rows before it counted.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aircraftUpToDamage } from '../src/ingest/formats/trace-up-to-damage.js';
import { readAll, textSource } from './helpers.js';

const FILE = 'fixtures/formats/aircraft-json/snapshots/2025-02-03T1610Z.json';
const text = readFileSync(FILE, 'utf8');
const doc = JSON.parse(text) as { aircraft: unknown[] };
const total = doc.aircraft.length;

describe('aircraft.json up to its damage', () => {
  it('a text cut in its last entry keeps the entries before it', () => {
    const cut = text.slice(0, text.lastIndexOf('"hex"'));
    const part = aircraftUpToDamage(cut);
    expect(part?.entries).toBe(total - 1);
    expect((part?.doc as { now: number }).now).toBe(1738599000);
  });

  it('a damaged entry keeps those before it', () => {
    const second = text.indexOf('"hex"', text.indexOf('"hex"') + 1);
    const damaged = `${text.slice(0, second)}"hex": ae ,${text.slice(second + 5)}`;
    expect(aircraftUpToDamage(damaged)?.entries).toBe(1);
  });

  it('nothing whole, or no snapshot, is null', () => {
    expect(aircraftUpToDamage(text.slice(0, text.indexOf('"hex"')))).toBeNull();
    expect(aircraftUpToDamage('{"foo": [ {"hex": "ae01c7"} ')).toBeNull();
  });

  it('read as an input: the rows before the cut are read and counted, and the error said', async () => {
    const cut = text.slice(0, text.lastIndexOf('"hex"'));
    const { inputs } = await readAll([textSource('aircraft.json', cut)]);
    const whole = await readAll([textSource('aircraft.json', text)]);
    expect(inputs[0]?.format).toBe('aircraft-json');
    expect(inputs[0]?.rows).toBe(total - 1);
    expect(inputs[0]?.error?.message).toMatch(/^invalid JSON/);
    expect(inputs[0]!.used).toBeLessThanOrEqual(whole.inputs[0]!.used);
    expect(inputs[0]!.used).toBeGreaterThan(0);
  });
});
