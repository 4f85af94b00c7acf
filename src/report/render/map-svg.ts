import type { MultiPolygon, Polygon, Position as GeoPosition } from 'geojson';
import type { TrackPart } from '../../export/tracks.js';
import { FONT_FAMILY, escapeXml, px } from './markup.js';

/** Shipped geography to draw under the tracks (no tiles, nothing fetched). */
export interface Basemap {
  readonly land: readonly (Polygon | MultiPolygon)[];
  /** Credit line drawn on the map. */
  readonly attribution: string;
}

/** One mission's track on the map. */
export interface MapTrack {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  readonly parts: readonly TrackPart[];
}

export interface MapOptions {
  readonly basemap: Basemap;
  readonly region: Polygon | MultiPolygon;
  readonly regionName: string;
  readonly tracks: readonly MapTrack[];
  /** [west, south, east, north] to show. */
  readonly extent: readonly [number, number, number, number];
  readonly width?: number;
  /** Legend entries: colour and text. */
  readonly legend?: readonly (readonly [string, string])[];
}

const COLORS = {
  sea: '#cfe2f3',
  land: '#f4f1ea',
  coast: '#8c8c8c',
  region: '#2f4f4f',
  graticule: '#9fb6cc',
  text: '#333333',
} as const;

/** An equirectangular projection true to scale at the extent's middle latitude. */
function projection(
  extent: readonly [number, number, number, number],
  width: number,
): { x: (lon: number) => number; y: (lat: number) => number; height: number } {
  const [w, s, e, n] = extent;
  const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const scale = width / ((e - w) * k);
  return {
    x: (lon) => (lon - w) * k * scale,
    y: (lat) => (n - lat) * scale,
    height: (n - s) * scale,
  };
}

/**
 * An SVG path for rings or lines in pixel space, dropping points within `minPx` of the previous one
 * kept (the shipped 1:10m coast has far more detail than a 760-pixel map can show).
 */
function pathData(
  lines: readonly (readonly { x: number; y: number }[])[],
  close: boolean,
  minPx: number,
): string {
  const out: string[] = [];
  for (const line of lines) {
    let last: { x: number; y: number } | null = null;
    const kept: string[] = [];
    line.forEach((p, i) => {
      const isLast = i === line.length - 1;
      if (last !== null && !isLast && Math.hypot(p.x - last.x, p.y - last.y) < minPx) return;
      kept.push(`${px(p.x)} ${px(p.y)}`);
      last = p;
    });
    if (kept.length < 2) continue;
    out.push(`M${kept.join('L')}${close ? 'Z' : ''}`);
  }
  return out.join('');
}

function rings(g: Polygon | MultiPolygon): GeoPosition[][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

/**
 * The region, the shipped land and every mission's track as an inline SVG map with a graticule,
 * a legend and the data credit. Pure and offline: the basemap is passed in.
 */
export function renderMapSvg(options: MapOptions): string {
  const width = options.width ?? 760;
  const proj = projection(options.extent, width);
  const height = Math.round(proj.height);
  const [w, s, e, n] = options.extent;
  const toXy = (r: readonly GeoPosition[]) =>
    r.map(([lon, lat]) => ({ x: proj.x(lon ?? NaN), y: proj.y(lat ?? NaN) }));
  const landRings = options.basemap.land
    .flatMap(rings)
    .filter((r) =>
      r.some(
        ([lon, lat]) =>
          lon !== undefined &&
          lat !== undefined &&
          lon >= w - 2 &&
          lon <= e + 2 &&
          lat >= s - 2 &&
          lat <= n + 2,
      ),
    );
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(`Map of ${options.tracks.length} mission tracks over ${options.regionName}`)}">`,
    '<defs><clipPath id="map-frame"><rect width="' +
      width +
      '" height="' +
      height +
      '"/></clipPath></defs>',
    `<rect class="sea" width="${width}" height="${height}" fill="${COLORS.sea}"/>`,
    '<g clip-path="url(#map-frame)">',
    `<path class="land" d="${pathData(landRings.map(toXy), true, 0.6)}" fill="${COLORS.land}" stroke="${COLORS.coast}" stroke-width="0.6" fill-rule="evenodd"/>`,
  ];
  // Graticule every 2 degrees.
  const grid: string[] = [];
  for (let lon = Math.ceil(w / 2) * 2; lon <= e; lon += 2) {
    grid.push(`M${px(proj.x(lon))} 0V${height}`);
  }
  for (let lat = Math.ceil(s / 2) * 2; lat <= n; lat += 2) {
    grid.push(`M0 ${px(proj.y(lat))}H${width}`);
  }
  out.push(
    `<path class="graticule" d="${grid.join('')}" stroke="${COLORS.graticule}" stroke-width="0.5" stroke-dasharray="3 3" fill="none"/>`,
    `<path class="region" d="${pathData(rings(options.region).map(toXy), true, 0.5)}" fill="${COLORS.region}" fill-opacity="0.06" stroke="${COLORS.region}" stroke-width="1.4" stroke-dasharray="6 3"/>`,
    '<g class="tracks" fill="none" stroke-width="1.4" stroke-opacity="0.85" stroke-linejoin="round">',
  );
  for (const t of options.tracks) {
    const lines = t.parts
      .filter((p) => p.length > 1)
      .map((p) => toXy(p.map((q) => [q.lon, q.lat])));
    const d = pathData(lines, false, 0.8);
    if (d === '') continue;
    out.push(`<path d="${d}" stroke="${t.color}"><title>${escapeXml(t.label)}</title></path>`);
  }
  out.push('</g>', '</g>');
  // Graticule labels and credit.
  const font = `font-family="${FONT_FAMILY}"`;
  out.push(`<g ${font} font-size="10" fill="${COLORS.text}">`);
  for (let lon = Math.ceil(w / 2) * 2; lon <= e; lon += 2) {
    // A label needs about 36 px; one that would be cut at the right edge is left out.
    if (proj.x(lon) + 38 > width) continue;
    const hemisphere = lon < 0 ? 'W' : 'E';
    out.push(`<text x="${px(proj.x(lon) + 2)}" y="12">${Math.abs(lon)}°${hemisphere}</text>`);
  }
  for (let lat = Math.ceil(s / 2) * 2; lat <= n; lat += 2) {
    out.push(
      `<text x="3" y="${px(proj.y(lat) - 2)}">${Math.abs(lat)}°${lat < 0 ? 'S' : 'N'}</text>`,
    );
  }
  out.push(
    `<text x="${width - 4}" y="${height - 5}" text-anchor="end" fill="#555">${escapeXml(options.basemap.attribution)}</text>`,
  );
  // Legend box, top right.
  const legend: (readonly [string, string])[] = [
    [COLORS.region, options.regionName],
    ...(options.legend ?? []),
  ];
  const boxW = Math.min(width - 20, 16 + Math.max(...legend.map(([, t]) => t.length)) * 6.2 + 12);
  const boxX = width - boxW - 8;
  out.push(
    `<g class="legend" transform="translate(${px(boxX)} 20)"><rect width="${px(boxW)}" height="${12 + legend.length * 15}" fill="#ffffff" fill-opacity="0.85" stroke="#cccccc"/>`,
  );
  legend.forEach(([color, text], i) => {
    out.push(
      `<line x1="8" x2="22" y1="${px(14 + i * 15)}" y2="${px(14 + i * 15)}" stroke="${color}" stroke-width="3"/>`,
      `<text x="27" y="${px(18 + i * 15)}" font-size="11">${escapeXml(text)}</text>`,
    );
  });
  out.push('</g>', '</g>', '</svg>');
  return out.join('\n');
}
