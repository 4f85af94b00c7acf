import type { MultiPolygon, Polygon, Position as GeoPosition } from 'geojson';
import type { TrackPart } from '../../export/tracks.js';
import type { Place } from '../../geo/places.js';
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
  /** Drawn on the track: the mission's number in the report's tables. */
  readonly number?: number;
  /** Where the number may go (the fixes inside the region); any point of the track without. */
  readonly numberAt?: readonly { readonly lat: number; readonly lon: number }[];
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
  /** Place names to letter where they fall inside the extent. */
  readonly places?: readonly Place[];
}

/** Degrees of sea and land shown around a region's bounding box. */
export const MAP_PAD_DEG = 1;

/** The tallest and the widest a map gets (height / width): a narrow region gets its surroundings. */
const MAX_ASPECT = 1.25;
const MIN_ASPECT = 0.5;

/**
 * The [west, south, east, north] a map of a region shows: its bounding box and a margin, widened
 * (or heightened) to a readable shape, which also shows the coasts around a narrow region.
 */
export function mapExtent(
  bbox: readonly [number, number, number, number],
): [number, number, number, number] {
  let [w, s, e, n] = [
    bbox[0] - MAP_PAD_DEG,
    Math.max(bbox[1] - MAP_PAD_DEG, -85),
    bbox[2] + MAP_PAD_DEG,
    Math.min(bbox[3] + MAP_PAD_DEG, 85),
  ];
  const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const aspect = (n - s) / ((e - w) * k);
  if (aspect > MAX_ASPECT) {
    const extra = ((n - s) / (MAX_ASPECT * k) - (e - w)) / 2;
    [w, e] = [w - extra, e + extra];
  } else if (aspect < MIN_ASPECT) {
    const extra = (MIN_ASPECT * (e - w) * k - (n - s)) / 2;
    [s, n] = [Math.max(s - extra, -85), Math.min(n + extra, 85)];
  }
  return [w, s, e, n];
}

const COLORS = {
  sea: '#cfe2f3',
  land: '#f4f1ea',
  coast: '#8c8c8c',
  region: '#2f4f4f',
  graticule: '#9fb6cc',
  text: '#333333',
  seaText: '#3d6f99',
  areaText: '#7a6e58',
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
 * A ring clipped to a lon/lat box (Sutherland–Hodgman: the box is convex, so a polygon stays one
 * ring, with edges along the box where it was cut).
 */
export function clipRing(
  ring: readonly GeoPosition[],
  box: readonly [number, number, number, number],
): GeoPosition[] {
  const [w, s, e, n] = box;
  const edges: {
    inside: (p: GeoPosition) => boolean;
    cut: (a: GeoPosition, b: GeoPosition) => GeoPosition;
  }[] = [
    { inside: (p) => (p[0] as number) >= w, cut: (a, b) => atLon(a, b, w) },
    { inside: (p) => (p[0] as number) <= e, cut: (a, b) => atLon(a, b, e) },
    { inside: (p) => (p[1] as number) >= s, cut: (a, b) => atLat(a, b, s) },
    { inside: (p) => (p[1] as number) <= n, cut: (a, b) => atLat(a, b, n) },
  ];
  let out: GeoPosition[] = [...ring];
  for (const edge of edges) {
    const input = out;
    out = [];
    input.forEach((cur, i) => {
      const prev = input[(i + input.length - 1) % input.length] as GeoPosition;
      const curIn = edge.inside(cur);
      if (curIn !== edge.inside(prev)) out.push(edge.cut(prev, cur));
      if (curIn) out.push(cur);
    });
    if (out.length === 0) break;
  }
  return out;
}

function atLon(a: GeoPosition, b: GeoPosition, lon: number): GeoPosition {
  const [ax, ay] = a as [number, number];
  const [bx, by] = b as [number, number];
  return [lon, ay + ((by - ay) * (lon - ax)) / (bx - ax)];
}

function atLat(a: GeoPosition, b: GeoPosition, lat: number): GeoPosition {
  const [ax, ay] = a as [number, number];
  const [bx, by] = b as [number, number];
  return [ax + ((bx - ax) * (lat - ay)) / (by - ay), lat];
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Rough width of a text in DejaVu Sans at `size` px (no font metrics offline). */
const textWidth = (text: string, size: number): number => text.length * size * 0.6;

/** Kilometres per degree of latitude. */
const KM_PER_DEG_LAT = 111.32;
const KM_PER_NM = 1.852;

/**
 * A scale bar of a round length near a fifth of the map's width, bottom left. The projection is
 * true to scale at the extent's middle latitude; the bar says so.
 */
function scaleBar(pxPerDegLat: number, width: number, height: number): { svg: string; box: Box } {
  const kmPerPx = KM_PER_DEG_LAT / pxPerDegLat;
  const target = (width / 5) * kmPerPx;
  const steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000];
  const km = steps.filter((k) => k <= target).pop() ?? steps[0] ?? 1;
  const len = km / kmPerPx;
  const x = 12;
  const y = height - 20;
  const label = `${km} km (${Math.round(km / KM_PER_NM)} NM)`;
  const svg =
    `<g class="scale-bar" font-size="10">` +
    `<rect x="${x - 4}" y="${y - 15}" width="${px(Math.max(len + 8 + textWidth(label, 10) + 6, 190))}" height="26" fill="#ffffff" fill-opacity="0.8"/>` +
    `<rect x="${x}" y="${y}" width="${px(len / 2)}" height="4" fill="${COLORS.text}"/>` +
    `<rect x="${px(x + len / 2)}" y="${y}" width="${px(len / 2)}" height="4" fill="#ffffff" stroke="${COLORS.text}" stroke-width="0.8"/>` +
    `<text x="${px(x + len + 5)}" y="${y + 5}">${escapeXml(label)}</text>` +
    `<text x="${x}" y="${y - 4}" font-size="9" fill="#555">scale true at the map's middle latitude</text>` +
    '</g>';
  return {
    svg,
    box: { x: x - 4, y: y - 15, w: Math.max(len + 8 + textWidth(label, 10) + 6, 190), h: 26 },
  };
}

/**
 * Place names inside the map, towns first (the story's ports and bases), then states and seas,
 * each left out where it would cover a name already placed, the legend or the scale bar.
 */
function placeLabels(
  places: readonly Place[],
  proj: { x: (lon: number) => number; y: (lat: number) => number },
  width: number,
  height: number,
  taken: Box[],
): string {
  const order = { town: 0, area: 1, sea: 2 } as const;
  const out: string[] = [];
  const sorted = [...places].sort((a, b) => order[a.kind] - order[b.kind]);
  for (const p of sorted) {
    const x = proj.x(p.lon);
    const y = proj.y(p.lat);
    const size = p.kind === 'town' ? 10 : 11;
    const w = textWidth(p.name, size);
    const box: Box =
      p.kind === 'town'
        ? { x: x - 3, y: y - size, w: w + 8, h: size + 4 }
        : { x: x - w / 2, y: y - size, w, h: size + 4 };
    if (box.x < 2 || box.y < 16 || box.x + box.w > width - 2 || box.y + box.h > height - 2)
      continue;
    if (taken.some((t) => overlaps(t, box))) continue;
    taken.push(box);
    const halo = 'stroke="#ffffff" stroke-width="2.5" stroke-opacity="0.8" paint-order="stroke"';
    if (p.kind === 'town') {
      out.push(
        `<circle cx="${px(x)}" cy="${px(y)}" r="2" fill="${COLORS.text}"/>`,
        `<text x="${px(x + 4)}" y="${px(y + 3.5)}" font-size="10" ${halo}>${escapeXml(p.name)}</text>`,
      );
    } else {
      const look =
        p.kind === 'sea'
          ? `font-style="italic" fill="${COLORS.seaText}"`
          : `fill="${COLORS.areaText}" letter-spacing="0.5"`;
      out.push(
        `<text x="${px(x)}" y="${px(y + 4)}" font-size="11" text-anchor="middle" ${look} ${halo}>${escapeXml(p.name)}</text>`,
      );
    }
  }
  return out.length === 0 ? '' : `<g class="places">${out.join('')}</g>`;
}

/**
 * Where to put each track's number: the point nearest the middle of its time in the region that
 * keeps clear of the numbers placed before, else the point farthest from them, so overlapping
 * orbits still get readable numbers.
 */
function numberBadges(
  tracks: readonly { number: number; color: string; points: readonly { x: number; y: number }[] }[],
  width: number,
  height: number,
  taken: Box[],
): string {
  const placed: { x: number; y: number }[] = [];
  const out: string[] = [];
  const clearPx = 20;
  for (const t of tracks) {
    const inside = t.points.filter(
      (p) =>
        p.x > 10 &&
        p.x < width - 10 &&
        p.y > 18 &&
        p.y < height - 10 &&
        !taken.some((b) => overlaps(b, { x: p.x - 8, y: p.y - 8, w: 16, h: 16 })),
    );
    if (inside.length === 0) continue;
    const mid = (inside.length - 1) / 2;
    const byMiddle = inside
      .map((p, i) => ({ p, i }))
      .sort((a, b) => Math.abs(a.i - mid) - Math.abs(b.i - mid) || a.i - b.i);
    const clearance = (p: { x: number; y: number }): number =>
      Math.min(Infinity, ...placed.map((q) => Math.hypot(p.x - q.x, p.y - q.y)));
    let best = byMiddle.find(({ p }) => clearance(p) >= clearPx)?.p;
    if (best === undefined) {
      best = inside[0] as { x: number; y: number };
      for (const p of inside) if (clearance(p) > clearance(best)) best = p;
    }
    placed.push(best);
    out.push(
      `<g class="track-number"><circle cx="${px(best.x)}" cy="${px(best.y)}" r="7.5" fill="#ffffff" stroke="${t.color}" stroke-width="2"/>` +
        `<text x="${px(best.x)}" y="${px(best.y + 3.5)}" text-anchor="middle" font-size="${t.number > 99 ? 7 : 9.5}" font-weight="bold" fill="${COLORS.text}">${t.number}</text></g>`,
    );
  }
  for (const p of placed) taken.push({ x: p.x - 8, y: p.y - 8, w: 16, h: 16 });
  return out.length === 0 ? '' : `<g class="track-numbers">${out.join('')}</g>`;
}

/**
 * The region, the shipped land and every mission's track as an inline SVG map with a graticule,
 * place names, numbered tracks, a scale bar, a legend and the data credit. Pure and offline: the
 * basemap is passed in.
 */
export function renderMapSvg(options: MapOptions): string {
  const width = options.width ?? 760;
  const proj = projection(options.extent, width);
  const height = Math.round(proj.height);
  const [w, s, e, n] = options.extent;
  const toXy = (r: readonly GeoPosition[]) =>
    r.map(([lon, lat]) => ({ x: proj.x(lon ?? NaN), y: proj.y(lat ?? NaN) }));
  // Land clipped to a little more than the frame: a continent's ring would otherwise put every
  // one of its points into the page, and the cut edges stay out of sight.
  const clipBox = [w - 0.5, s - 0.5, e + 0.5, n + 0.5] as const;
  const landRings = options.basemap.land
    .flatMap(rings)
    .map((r) => clipRing(r, clipBox))
    .filter((r) => r.length >= 3);
  // The graticule every 2 degrees, or coarser on a large map.
  const gridStep = [2, 5, 10, 20, 30].find((d) => (e - w) / d <= 12) ?? 30;
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
  const grid: string[] = [];
  for (let lon = Math.ceil(w / gridStep) * gridStep; lon <= e; lon += gridStep) {
    grid.push(`M${px(proj.x(lon))} 0V${height}`);
  }
  for (let lat = Math.ceil(s / gridStep) * gridStep; lat <= n; lat += gridStep) {
    grid.push(`M0 ${px(proj.y(lat))}H${width}`);
  }
  out.push(
    `<path class="graticule" d="${grid.join('')}" stroke="${COLORS.graticule}" stroke-width="0.5" stroke-dasharray="3 3" fill="none"/>`,
    `<path class="region" d="${pathData(rings(options.region).map(toXy), true, 0.5)}" fill="${COLORS.region}" fill-opacity="0.06" stroke="${COLORS.region}" stroke-width="1.4" stroke-dasharray="6 3"/>`,
    '<g class="tracks" fill="none" stroke-width="1.4" stroke-opacity="0.85" stroke-linejoin="round">',
  );
  const numbered: { number: number; color: string; points: { x: number; y: number }[] }[] = [];
  for (const t of options.tracks) {
    const lines = t.parts
      .filter((p) => p.length > 1)
      .map((p) => toXy(p.map((q) => [q.lon, q.lat])));
    const d = pathData(lines, false, 0.8);
    if (d === '') continue;
    const number = t.number === undefined ? '' : ` data-number="${t.number}"`;
    out.push(
      `<path d="${d}" stroke="${t.color}"${number}><title>${escapeXml(t.label)}</title></path>`,
    );
    if (t.number !== undefined)
      numbered.push({ number: t.number, color: t.color, points: lines.flat() });
  }
  out.push('</g>');
  // Legend box, top right: measured first, so that names and numbers keep clear of it.
  const legend: (readonly [string, string])[] = [
    [COLORS.region, options.regionName],
    ...(options.legend ?? []),
  ];
  const boxW = Math.min(width - 20, 16 + Math.max(...legend.map(([, t]) => t.length)) * 6.2 + 12);
  const boxX = width - boxW - 8;
  const boxH = 12 + legend.length * 15;
  const scale = scaleBar(height / (n - s), width, height);
  const font = `font-family="${FONT_FAMILY}"`;
  const taken: Box[] = [{ x: boxX, y: 20, w: boxW, h: boxH }, scale.box];
  // Numbers first (they tie the map to the tables), then the place names that keep clear of them.
  const badges = numberBadges(numbered, width, height, taken);
  out.push(
    `<g ${font} fill="${COLORS.text}">`,
    placeLabels(options.places ?? [], proj, width, height, taken),
    badges,
    '</g>',
    '</g>',
  );
  // Graticule labels and credit.
  out.push(`<g ${font} font-size="10" fill="${COLORS.text}">`);
  for (let lon = Math.ceil(w / gridStep) * gridStep; lon <= e; lon += gridStep) {
    // A label needs about 36 px; one that would be cut at the right edge is left out.
    if (proj.x(lon) + 38 > width) continue;
    const hemisphere = lon < 0 ? 'W' : 'E';
    out.push(`<text x="${px(proj.x(lon) + 2)}" y="12">${Math.abs(lon)}°${hemisphere}</text>`);
  }
  for (let lat = Math.ceil(s / gridStep) * gridStep; lat <= n; lat += gridStep) {
    out.push(
      `<text x="3" y="${px(proj.y(lat) - 2)}">${Math.abs(lat)}°${lat < 0 ? 'S' : 'N'}</text>`,
    );
  }
  out.push(
    scale.svg,
    `<text x="${width - 4}" y="${height - 5}" text-anchor="end" fill="#555">${escapeXml(options.basemap.attribution)}</text>`,
  );
  out.push(
    `<g class="legend" transform="translate(${px(boxX)} 20)"><rect width="${px(boxW)}" height="${boxH}" fill="#ffffff" fill-opacity="0.85" stroke="#cccccc"/>`,
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
