import { describe, expect, it } from 'vitest';
import { clipRing, mapExtent, renderMapSvg } from '../src/report/render/map-svg.js';
import { PLACES } from '../src/geo/places.js';

const square = (w: number, s: number, e: number, n: number) => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];

describe('map pieces', () => {
  it('clips a ring to a box, keeping what is inside and cutting along the box', () => {
    const clipped = clipRing(square(0, 0, 10, 10), [5, -1, 20, 20]);
    const xs = clipped.map((p) => p[0] as number);
    expect(Math.min(...xs)).toBe(5);
    expect(Math.max(...xs)).toBe(10);
    expect(clipRing(square(0, 0, 1, 1), [5, 5, 6, 6])).toEqual([]);
    expect(clipRing(square(0, 0, 1, 1), [-5, -5, 6, 6])).toHaveLength(5);
  });

  it.each([
    // bbox, what the extent must be
    [[-114.9, 22.9, -107.1, 31.8], 'the Gulf keeps its 1-degree margin'],
    [[18.8, 55.5, 21, 58.2], 'a tall box over the Baltic is widened to a readable shape'],
    [[0, 0, 40, 1], 'a flat strip is heightened'],
  ] as const)('%j: %s', (bbox, _why) => {
    const [w, s, e, n] = mapExtent(bbox);
    expect(w).toBeLessThanOrEqual(bbox[0] - 1);
    expect(e).toBeGreaterThanOrEqual(bbox[2] + 1);
    expect(s).toBeLessThanOrEqual(bbox[1] - 1);
    expect(n).toBeGreaterThanOrEqual(bbox[3] + 1);
    const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
    const aspect = (n - s) / ((e - w) * k);
    expect(aspect).toBeLessThanOrEqual(1.25 + 1e-9);
    expect(aspect).toBeGreaterThanOrEqual(0.5 - 1e-9);
  });

  it('letters only the places inside the extent, numbers tracks and draws a scale bar', () => {
    const svg = renderMapSvg({
      basemap: { land: [], attribution: 'test' },
      region: { type: 'Polygon', coordinates: [square(-112, 26, -110, 28)] },
      regionName: 'Test',
      extent: [-113, 23, -109, 29],
      places: PLACES,
      tracks: [
        {
          id: 'a',
          number: 7,
          label: 'a',
          color: '#ff0000',
          parts: [
            [
              { lon: -111.5, lat: 27, timeMs: 0, altitudeFt: null },
              { lon: -110.5, lat: 27.5, timeMs: 60_000, altitudeFt: null },
            ],
          ],
        },
      ],
    });
    expect(svg).toContain('>La Paz<');
    expect(svg).toContain('>Santa Rosalía<');
    expect(svg).not.toContain('>Tijuana<');
    expect(svg).not.toContain('>Stockholm<');
    expect(svg).toMatch(/class="track-number".*>7<\/text>/);
    expect(svg).toMatch(/class="scale-bar"[\s\S]*>\d+ km \(\d+ NM\)</);
  });
});
