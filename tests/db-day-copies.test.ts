import { describe, expect, it } from 'vitest';
import { copyOfKey } from '../src/cli/commands/db-day-copies.js';

describe('the copy of an adsb.lol day an input key stands for', () => {
  const tar = '/h/v2025.02.03-planes-readsb-prod-0.tar';
  it.each([
    ['a release tar', `${tar}|123|456`, { day: '2025-02-03', paths: [tar], shown: tar }],
    [
      'a split set, by its parts',
      `${tar}.aa|2000000000|1;${tar}.ab|5|1;${tar}.ac|5|1`,
      { day: '2025-02-03', paths: [`${tar}.aa`, `${tar}.ab`, `${tar}.ac`], shown: `${tar}.aa…ac` },
    ],
    [
      'a folder named after the release',
      'folder:/h/v2025.02.04-planes-readsb-staging-0',
      {
        day: '2025-02-04',
        paths: ['/h/v2025.02.04-planes-readsb-staging-0'],
        shown: '/h/v2025.02.04-planes-readsb-staging-0/',
      },
    ],
    ['a folder dated by its traces', 'folder:/h/v2025.02.04-planes-readsb-prod-0|2025-02-04', null],
    ["a receiver's day", 'folder:/var/globe_history/2025/02/03', null],
    ['a plain file', '/h/states_2025-02-03-14.csv.gz|10|1', null],
    ['standard input', 'sha256:0a1b', null],
    ['a copy a load left out', `left-out:${tar}`, null],
    ['a file a folder held that is not data', `passed-over:${tar}`, null],
  ])('%s', (_, key, copy) => {
    expect(copyOfKey(key)).toEqual(copy);
  });
});
