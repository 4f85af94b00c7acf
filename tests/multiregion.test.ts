import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from './helpers.js';

// Every read of an input goes through readOneSource: counted here, by input and by pass (a first
// pass measures coverage, a second reads again the fixes of aircraft identified late).
const counter = vi.hoisted(() => ({ first: [] as string[], all: [] as string[] }));
vi.mock('../src/ingest/source-result.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/ingest/source-result.js')>();
  return {
    ...real,
    readOneSource: (async (source, fileIndex, options) => {
      counter.all.push(source.name);
      if (options.coverageBoxes !== undefined) counter.first.push(source.name);
      return real.readOneSource(source, fileIndex, options);
    }) satisfies typeof real.readOneSource,
  };
});

const DEMO = path.resolve('fixtures/demo');
const WINDOW = [
  '--from',
  '2025-01-27',
  '--to',
  '2025-02-10',
  '--baseline',
  '2024-02-01/2025-01-27',
];
let areas = '';

beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-regions-'));
  areas = path.join(dir, 'areas.geojson');
  const box = (w: number, s: number, e: number, n: number) => ({
    type: 'Polygon',
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  });
  writeFileSync(
    areas,
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 'north-gulf',
          properties: { name: 'Northern Gulf' },
          geometry: box(-115, 29, -112, 31.8),
        },
        {
          type: 'Feature',
          properties: { NAME: 'Open Pacific' },
          geometry: box(-130, 10, -125, 15),
        },
      ],
    }),
  );
});

async function report(regions: string[], ...flags: string[]) {
  counter.first.length = 0;
  counter.all.length = 0;
  const r = await runCli([
    'report',
    DEMO,
    ...WINDOW,
    ...regions.flatMap((x) => ['--region', x]),
    '--quiet',
    ...flags,
  ]);
  return { ...r, firstReads: [...counter.first], allReads: [...counter.all] };
}

describe('several regions in one run', () => {
  it('reads the inputs once and gives each region the report a run with it alone gives', async () => {
    const regions = ['gulf-of-california', 'gulf-of-california-extended', `${areas}#north-gulf`];
    const batch = await report(regions, '--format', 'json');
    expect(batch.code).toBe(0);
    const json = JSON.parse(batch.stdout);
    expect(json.schema).toBe('sortie.batch/1');
    expect(json.reports).toHaveLength(3);
    const inputs = new Set(batch.firstReads);
    // Each input read once for all three regions, as often as a run with one region reads it.
    expect(batch.firstReads).toHaveLength(inputs.size);
    expect(inputs.size).toBeGreaterThan(10);
    for (const [i, region] of regions.entries()) {
      const single = await report([region], '--format', 'json');
      expect(single.code).toBe(0);
      expect(json.reports[i]).toEqual(JSON.parse(single.stdout));
      expect(json.regions[i].id).toBe(JSON.parse(single.stdout).region.id);
      expect(single.allReads.length).toBe(batch.allReads.length);
    }
    expect(json.regions.map((r: { id: string }) => r.id)).toEqual([
      'gulf-of-california',
      'gulf-of-california-extended',
      'north-gulf',
    ]);
    // The regions differ: the extended Gulf holds one more mission than the Gulf.
    expect(json.regions[1].missions).toBe(json.regions[0].missions + 1);
  }, 120_000);

  it('gives each region its own coast: presets with other coasts, or none, equal their single runs', async () => {
    // The Gulf measures territorial verdicts from north-west Mexico's coast, the Pacific side of
    // Baja from its own, and the border band (over land) has none: sorties depend on the coast.
    const regions = ['gulf-of-california', 'baja-pacific', 'us-mexico-border'];
    const batch = await report(regions, '--format', 'json');
    expect(batch.code).toBe(0);
    const json = JSON.parse(batch.stdout);
    for (const [i, region] of regions.entries()) {
      const single = await report([region], '--format', 'json');
      expect(json.reports[i]).toEqual(JSON.parse(single.stdout));
    }
    const coastlines = json.reports.map(
      (r: { parameters: { coastline: string | null } }) => r.parameters.coastline,
    );
    expect(coastlines[0]).not.toBe(coastlines[1]);
    expect(coastlines[2]).toBeNull();
    // The band's missing verdicts are said in its report only.
    const said = (k: number): boolean =>
      json.reports[k].warnings.some((w: string) => w.startsWith('territorial verdicts are not'));
    expect([said(0), said(1), said(2)]).toEqual([false, false, true]);
  }, 120_000);

  it('takes every feature of a file with #*, by id or NAME, and writes a line per region', async () => {
    const r = await report([`${areas}#*`], '--format', 'line');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^north-gulf 2025-01-27\/2025-02-10: /);
    expect(lines[1]).toMatch(/^Open Pacific 2025-01-27\/2025-02-10: /);
    const named = await report([`${areas}#Open Pacific`], '--format', 'json');
    expect(JSON.parse(named.stdout).region).toEqual({ id: 'Open Pacific', name: 'Open Pacific' });
  }, 60_000);

  it('exits 3 when any region surges, and says which', async () => {
    const r = await report(
      ['gulf-of-california', `${areas}#Open Pacific`],
      '--format',
      'csv',
      '--fail-on-surge',
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/surge in 1 of 2 regions: gulf-of-california \(exit 3\)/);
    expect(r.stderr).toMatch(/Open Pacific: no surge in the window/);
    const rows = r.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(rows[0]).toMatch(/^region,row,period_start,/);
    expect(rows.filter((l) => l.startsWith('gulf-of-california,total,'))).toHaveLength(1);
    expect(rows.filter((l) => l.startsWith('Open Pacific,total,'))).toHaveLength(1);
    const quiet = await runCli([
      'report',
      DEMO,
      ...['--from', '2024-06-03', '--to', '2024-06-10', '--baseline', '2024-02-01/2025-01-27'],
      ...['--region', 'gulf-of-california', '--region', `${areas}#Open Pacific`],
      ...['--format', 'line', '--fail-on-surge', '--quiet'],
    ]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toMatch(/no surge in any of the 2 regions/);
  }, 60_000);

  it('puts a summary table on top of the text, Markdown and HTML reports', async () => {
    const regions = ['gulf-of-california', `${areas}#north-gulf`];
    const text = await report(regions);
    expect(text.stdout).toMatch(
      /^Surveillance missions in 2 regions \(inputs read once\)\n\nRegion +Window +Missions +Expected +Ratio +p +Verdict\n/,
    );
    expect(text.stdout).toMatch(
      /^gulf-of-california +2025-01-27\/2025-02-10 +17 +0\.47 +36 +2e-17 +above baseline/m,
    );
    expect(text.stdout).toMatch(/^== north-gulf: Northern Gulf =+$/m);
    const md = await report(regions, '--format', 'md');
    expect(md.stdout).toMatch(
      /^\| Region \| Window \| Missions \| Expected \| Ratio \| p \| Verdict \|$/m,
    );
    expect(md.stdout).toMatch(/^## Surveillance missions over Northern Gulf$/m);
    const html = await report(regions, '--format', 'html');
    expect(html.stdout).toMatch(/<section id="batch-summary"><table>/);
    expect(html.stdout).toMatch(/<section class="region" id="region-north-gulf"><h2>Northern Gulf/);
    // Each region's own sections, their ids told apart by the region's.
    expect(html.stdout).toMatch(/<section id="north-gulf-chart">/);
    expect(html.stdout).toMatch(/<section id="gulf-of-california-chart">/);
    // Every id on the page once (the charts' and maps' SVG ids too), every reference to one found.
    const ids = [...html.stdout.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);
    const refs = [
      ...[...html.stdout.matchAll(/url\(#([^)]+)\)/g)].map((m) => m[1]),
      ...[...html.stdout.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]),
      ...[...html.stdout.matchAll(/aria-(?:labelledby|describedby)="([^"]+)"/g)].flatMap((m) =>
        (m[1] as string).split(' '),
      ),
    ];
    expect(refs).toContain('north-gulf-chart-title');
    expect(refs).toContain('gulf-of-california-map-frame');
    expect(refs.filter((id) => !ids.includes(id))).toEqual([]);
  }, 60_000);

  it('refuses what cannot be one output, and a region named twice, before reading', async () => {
    const chart = await report(['gulf-of-california', `${areas}#north-gulf`], '--chart', 'c.svg');
    expect(chart.code).toBe(2);
    expect(chart.stderr).toMatch(/--chart draws one region's chart/);
    expect(chart.firstReads).toHaveLength(0);
    const twice = await report(['gulf-of-california', 'gulf-of-california']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/the region "gulf-of-california" is named twice/);
    expect(twice.firstReads).toHaveLength(0);
    const missing = await report([`${areas}#nowhere`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /no Polygon or MultiPolygon feature with id, name or NAME "nowhere"; its features: north-gulf, Open Pacific/,
    );
    const unknown = await report(['atlantis']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown region "atlantis"/);
  }, 60_000);

  it('lists missions and exports tracks per region (missions, export); compare takes one', async () => {
    const win = ['--from', '2025-01-27', '--to', '2025-02-10', '--quiet'];
    const regions = ['--region', 'gulf-of-california', '--region', `${areas}#north-gulf`];
    const alone = await Promise.all(
      ['gulf-of-california', `${areas}#north-gulf`].map(async (region) =>
        JSON.parse(
          (await runCli(['missions', DEMO, ...win, '--region', region, '--format', 'json'])).stdout,
        ),
      ),
    );
    const both = await runCli(['missions', DEMO, ...win, ...regions, '--format', 'json']);
    const json = JSON.parse(both.stdout);
    expect(json.schema).toBe('sortie.batch/1');
    expect(json.reports).toEqual(alone);
    expect(json.regions.map((r: { missions: number }) => r.missions)).toEqual(
      alone.map((a) => a.missions.length),
    );
    const csv = await runCli(['missions', DEMO, ...win, ...regions, '--format', 'csv']);
    const rows = csv.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(rows[0]).toMatch(/^region,id,hex,/);
    expect(rows.length - 1).toBe(alone[0].missions.length + alone[1].missions.length);
    const geo = JSON.parse((await runCli(['export', DEMO, ...win, ...regions])).stdout);
    const kinds = geo.features.map((f: { properties: { kind: string; region?: string } }) =>
      f.properties.kind === 'region' ? 'region' : f.properties.region,
    );
    expect(kinds.filter((k: string) => k === 'region')).toHaveLength(2);
    expect(kinds).toContain('north-gulf');
    expect(kinds).toContain('gulf-of-california');
    const kml = await runCli(['export', DEMO, ...win, ...regions, '--format', 'kml']);
    expect(kml.code).toBe(2);
    const compare = await runCli([
      'compare',
      '2025-01-27/2025-02-10',
      '2024-01-27/2024-02-10',
      DEMO,
      ...regions,
    ]);
    expect(compare.code).toBe(2);
    expect(compare.stderr).toMatch(/compare tests one region/);
  }, 90_000);

  it('--since-last records a run over several regions, and a changed region list reads again', async () => {
    const state = path.join(path.dirname(areas), 'state.json');
    const regions = ['gulf-of-california', `${areas}#north-gulf`];
    const first = await report(regions, '--format', 'line', '--since-last', state);
    expect(first.code).toBe(0);
    expect(first.stdout.trimEnd().split('\n')).toHaveLength(2);
    const again = await report(regions, '--format', 'line', '--since-last', state);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/no new or changed inputs since the last run/);
    expect(again.firstReads).toHaveLength(0);
    const other = await report(regions.slice(0, 1), '--format', 'line', '--since-last', state);
    expect(other.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(other.firstReads.length).toBeGreaterThan(0);
  }, 60_000);

  it('takes the regions from a config file (regions key)', async () => {
    const dir = path.dirname(areas);
    const file = path.join(dir, 'sortie.config.json');
    writeFileSync(
      file,
      JSON.stringify({ regions: ['gulf-of-california', 'areas.geojson#north-gulf'] }),
    );
    const r = await report([], '--config', file, '--format', 'line');
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.split(' ')[0]),
    ).toEqual(['gulf-of-california', 'north-gulf']);
    writeFileSync(file, JSON.stringify({ regions: ['gulf-of-california'], region: 'x.geojson' }));
    const both = await report([], '--config', file);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give "region" or "regions", not both/);
  }, 60_000);
});
