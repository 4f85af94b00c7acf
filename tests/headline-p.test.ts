import { describe, expect, it } from 'vitest';
import { headlineP } from '../src/report/verdict.js';

describe('a p-value as a sentence says it', () => {
  it.each([
    [0.5, '0.50'],
    [0.1, '0.10'],
    [0.05, '0.050'],
    // Either side of the 0.01 a surge is called at, each shows its side.
    [0.014, '0.014'],
    [0.0096, '0.0096'],
    [0.01004, '0.01004'],
    [0.009996, '0.009996'],
    [0.01, '0.010'],
    [0.00996, '0.00996'],
    [0.0012, '0.0012'],
    [0.00042, '4e-4'],
    [2e-17, '2e-17'],
    [0.000096, '1e-4'],
  ])('%s → %s', (p, text) => {
    expect(headlineP(p)).toBe(text);
  });
});
