import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_REPORT } from '../scripts/demo-args.js';
import { expectWarningsAlsoIn, runCli } from './helpers.js';

/** Three missions of 3–4 February 2025 (the RC-135 sortie found in two formats among them). */
const EXPORT_WINDOW = ['fixtures/demo', '--from', '2025-02-03', '--to', '2025-02-05'];

/** Side outputs written with --chart / --html, and exports, on the demo data; UPDATE_GOLDEN=1 rewrites them. */
const CASES: ReadonlyArray<readonly [string, string[], string | null]> = [
  ['demo-chart-day.svg', [...DEMO_REPORT, '--chart', 'out.svg'], 'out.svg'],
  [
    'demo-chart-week.svg',
    [
      'report',
      'fixtures/demo',
      '--period',
      'week',
      '--baseline-rate',
      '1/month',
      '--chart',
      'out.svg',
    ],
    'out.svg',
  ],
  ['demo-report-day.html', [...DEMO_REPORT, '--html', 'out.html'], 'out.html'],
  ['demo-export.geojson', ['export', ...EXPORT_WINDOW], null],
  ['demo-export.kml', ['export', ...EXPORT_WINDOW, '--format', 'kml'], null],
];

describe('golden charts, maps and reports on the demo data', () => {
  it.each(CASES)('%s', async (name, argv, outFile) => {
    const r = await runCli([...argv]);
    expect(r.code).toBe(0);
    const text = outFile === null ? r.stdout : r.files.get(outFile);
    expect(text).toBeDefined();
    expectWarningsAlsoIn(r.stderr, text ?? '');
    const file = `fixtures/golden/${name}`;
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text ?? '');
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});
