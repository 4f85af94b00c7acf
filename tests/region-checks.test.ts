/**
 * Region files that would be read as another area than the one drawn are refused, naming the
 * file and ring: an unclosed ring (its closing edge missing, points inside found outside), a
 * point with latitude first, an edge across the antimeridian (read as the other side of the world).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RegionError, regionContains, regionFromGeoJson } from '../src/geo/region.js';
import { runCli } from './helpers.js';

const polygon = (...rings: number[][][]) => ({ type: 'Polygon', coordinates: rings });
const square = [
  [-113, 26],
  [-109, 26],
  [-109, 30],
  [-113, 30],
  [-113, 26],
];

describe('region rings checked', () => {
  it.each([
    [
      'unclosed',
      polygon(square.slice(0, 4)),
      'r.geojson: outer ring is not closed: it ends at (-113, 30), not at its first point (-113, 26)',
    ],
    ['closed on another latitude', polygon([...square.slice(0, 4), [-113, 27]]), 'is not closed'],
    [
      'too few points',
      polygon([
        [0, 0],
        [1, 0],
        [0, 0],
      ]),
      'outer ring has 3 points: a ring needs at least 4',
    ],
    [
      'latitude first',
      polygon(square.map(([x, y]) => [y as number, x as number])),
      'holds (26, -113), outside longitude -180..180, latitude -90..90',
    ],
    [
      'across the antimeridian',
      polygon([
        [170, 50],
        [-170, 50],
        [-170, 60],
        [170, 60],
        [170, 50],
      ]),
      'crosses the antimeridian (an edge from (170, 50) to (-170, 50))',
    ],
    [
      'a hole unclosed',
      polygon(square, [
        [-112, 27],
        [-111, 27],
        [-111, 28],
        [-112, 28],
      ]),
      'hole 1 is not closed',
    ],
    [
      'not numbers',
      polygon([[0, 0], ['1', 0] as unknown as number[], [1, 1], [0, 0]]),
      'holds a point that is not [longitude, latitude]: ["1",0]',
    ],
  ])('%s', (_, doc, message) => {
    expect(() => regionFromGeoJson(doc, { id: 'r', source: 'r.geojson' })).toThrow(RegionError);
    expect(() => regionFromGeoJson(doc, { id: 'r', source: 'r.geojson' })).toThrow(message);
  });

  it('names the polygon of a MultiPolygon', () => {
    const doc = { type: 'MultiPolygon', coordinates: [[square], [square.slice(0, 4)]] };
    expect(() => regionFromGeoJson(doc, { id: 'r', source: 'r.geojson' })).toThrow(
      'r.geojson: polygon 2, outer ring is not closed',
    );
  });

  it('a shape cut at the antimeridian into two polygons is read as drawn', () => {
    const doc = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [170, 50],
            [180, 50],
            [180, 60],
            [170, 60],
            [170, 50],
          ],
        ],
        [
          [
            [-180, 50],
            [-170, 50],
            [-170, 60],
            [-180, 60],
            [-180, 50],
          ],
        ],
      ],
    };
    const region = regionFromGeoJson(doc, { id: 'bering', source: 'b.geojson' });
    expect(regionContains(region, 179.85, 55)).toBe(true);
    expect(regionContains(region, -175, 55)).toBe(true);
    expect(regionContains(region, 0.35, 55)).toBe(false);
  });

  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-region-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('the CLI refuses such a file with one line naming it, exit 1', async () => {
    const file = path.join(dir, 'open.geojson');
    writeFileSync(file, JSON.stringify(polygon(square.slice(0, 4))));
    const r = await runCli(['report', 'fixtures/demo', '--region', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      `sortie: ${file}: outer ring is not closed: it ends at (-113, 30), not at its first point (-113, 26); a GeoJSON ring ends where it begins (RFC 7946, 3.1.6)`,
    ]);
  });
});
