import { describe, expect, it } from 'vitest';
import { positionMemory, positionTimeMs } from '../src/ingest/position-time.js';

const T = Date.parse('2025-02-03T16:00:00Z');

describe('positionTimeMs: a position is dated when it was measured', () => {
  it('takes the age off the report time, to the millisecond', () => {
    expect(positionTimeMs(T, 2.293)).toBe(T - 2293);
    expect(positionTimeMs(T, 300)).toBe(T - 300_000);
    // OpenSky's sample: time 1527699601, lastposupdate 1527699598.707.
    expect(positionTimeMs(1527699601000, 1527699601 - 1527699598.707)).toBe(1527699598707);
  });

  it('takes a missing, negative or broken age as none', () => {
    for (const age of [null, 0, -0, -4.5, Number.NaN]) expect(positionTimeMs(T, age)).toBe(T);
    // A report time between milliseconds (aircraft.json's `now`) is rounded like any other.
    expect(positionTimeMs(T + 0.6, null)).toBe(T + 1);
  });
});

describe('positionMemory: the same fix written again is one fix', () => {
  it('says a position repeats when its aircraft last had one measured at the same millisecond', () => {
    const memory = positionMemory();
    expect(memory.repeats('ae6881', T)).toBe(false);
    expect(memory.repeats('ae6881', T)).toBe(true);
    expect(memory.repeats('ae6881', T)).toBe(true);
    // Another aircraft at that time is its own fix.
    expect(memory.repeats('ae68f0', T)).toBe(false);
    // A newer fix, then the old one again (rows out of order): each is new against the last.
    expect(memory.repeats('ae6881', T + 1)).toBe(false);
    expect(memory.repeats('ae6881', T)).toBe(false);
    expect(memory.repeats('ae6881', T)).toBe(true);
  });
});
