/** The demo report of the README: the two-week surge per day against the measured year before. */
export const DEMO_REPORT = [
  'report',
  'fixtures/demo',
  '--from',
  '2025-01-27',
  '--to',
  '2025-02-10',
  '--period',
  'day',
  '--baseline',
  '2024-02-01/2025-01-27',
];
