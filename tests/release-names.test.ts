import { describe, expect, it } from 'vitest';
import { releaseOf, wgetCopyOf } from '../src/ingest/archive/releases.js';

describe("wget's name for a download made again", () => {
  it.each([
    ['x.tar.1 alone', 'x.tar.1', ['x.tar', 'x.tar.1'], 'x.tar'],
    ['x.tar.12', 'x.tar.12', ['x.tar.12'], 'x.tar'],
    ['x.tar.10 among parts numbered by split -d', 'x.tar.10', ['x.tar.00', 'x.tar.10'], null],
    ['x.tar.1 beside 7-Zip parts', 'x.tar.1', ['x.tar.001', 'x.tar.1'], null],
    ["another tar's numbered parts", 'x.tar.1', ['y.tar.00', 'x.tar.1'], 'x.tar'],
    ['a numbered part itself', 'x.tar.00', ['x.tar.00'], null],
    ['a 7-Zip part', 'x.tar.001', ['x.tar.001'], null],
    ['no tar', 'x.csv.1', ['x.csv.1'], null],
  ])('%s', (_, name, names, tar) => {
    expect(wgetCopyOf(name, names)).toBe(tar);
  });
});

describe("a release's day and pod, whatever a download added to its name", () => {
  it.each([
    ['v2025.02.03-planes-readsb-prod-0.tar', 'prod-0'],
    ['v2025.02.03-planes-readsb-prod-0.tar.ab', 'prod-0'],
    ['v2025.02.03-planes-readsb-prod-0.tar.1', 'prod-0'],
    ['v2025.02.03-planes-readsb-prod-0 (1).tar', 'prod-0'],
    ['v2025.02.03-planes-readsb-prod-0 (1) (2).tar', 'prod-0'],
    ['v2025.02.03-planes-readsb-staging-0(1).tar', 'staging-0'],
    ['/d/v2025.02.03-planes-readsb-prod-0 (1)/', 'prod-0'],
  ])('%s', (name, pod) => {
    expect(releaseOf(name)).toEqual({ day: '2025-02-03', pod });
  });
});
