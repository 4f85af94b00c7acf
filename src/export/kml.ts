import type { Position as GeoPosition } from 'geojson';
import type { Analysis } from '../analyze.js';
import type { Region } from '../geo/region.js';
import type { Mission } from '../missions/types.js';
import { escapeXml as xmlEscape } from '../report/render/markup.js';
import { regionFeature } from './geojson.js';
import { missionProperties, type MissionProperties } from './mission-properties.js';
import { typeColor } from './style.js';
import { DEFAULT_SPLIT_GAP_MS, missionFixes, splitTrack, type TrackPoint } from './tracks.js';
import { byCodeUnits } from '../text-order.js';
import { fixSources } from '../report/fix-sources.js';

/** `#rrggbb` plus an opacity → KML's `aabbggrr`. */
function kmlColor(hex: string, opacity = 1): string {
  const alpha = Math.round(opacity * 255)
    .toString(16)
    .padStart(2, '0');
  return `${alpha}${hex.slice(5, 7)}${hex.slice(3, 5)}${hex.slice(1, 3)}`;
}

const styleId = (type: string | null): string =>
  `type-${(type ?? 'unknown').replace(/[^A-Za-z0-9_-]/g, '_')}`;

const round5 = (x: number): string => String(Math.round(x * 1e5) / 1e5);
const coordinates = (points: readonly { lon: number; lat: number }[]): string =>
  points.map((p) => `${round5(p.lon)},${round5(p.lat)}`).join(' ');

function ring(tag: 'outerBoundaryIs' | 'innerBoundaryIs', r: GeoPosition[]): string {
  const pts = r.map(([lon, lat]) => ({ lon: lon ?? NaN, lat: lat ?? NaN }));
  return `<${tag}><LinearRing><coordinates>${coordinates(pts)}</coordinates></LinearRing></${tag}>`;
}

function polygonKml(rings: GeoPosition[][]): string {
  const [outer, ...holes] = rings;
  if (outer === undefined) return '';
  return `<Polygon>${ring('outerBoundaryIs', outer)}${holes.map((h) => ring('innerBoundaryIs', h)).join('')}</Polygon>`;
}

function regionPlacemark(region: Region): string {
  const g = regionFeature(region).geometry;
  const geometry =
    g.type === 'Polygon'
      ? polygonKml(g.coordinates)
      : `<MultiGeometry>${g.coordinates.map(polygonKml).join('')}</MultiGeometry>`;
  return [
    '    <Placemark>',
    `      <name>${xmlEscape(region.name)}</name>`,
    `      <description>${xmlEscape(`Region ${region.id}: ${region.source}`)}</description>`,
    '      <styleUrl>#region</styleUrl>',
    `      ${geometry}`,
    '    </Placemark>',
  ].join('\n');
}

/** The mission's properties as an HTML table for Google Earth's balloon, with the evidence links. */
function balloon(props: MissionProperties): string {
  const rows = Object.entries(props)
    .filter(([k, v]) => v !== null && v !== '' && k !== 'color')
    .map(([k, v]) => {
      const text = String(v);
      const cell = /^https:\/\//.test(text) ? `<a href="${text}">${text}</a>` : text;
      return `<tr><th align="left">${k}</th><td>${cell}</td></tr>`;
    });
  return `<table>${rows.join('')}</table>`;
}

function missionPlacemark(m: Mission, analysis: Analysis, splitGapMs: number): string {
  const props = missionProperties(m, fixSources(analysis.inputs));
  const parts = splitTrack(missionFixes(analysis, m), splitGapMs);
  const geometries = parts.map((part) =>
    part.length > 1
      ? `<LineString><tessellate>1</tessellate><coordinates>${coordinates(part)}</coordinates></LineString>`
      : `<Point><coordinates>${coordinates(part as TrackPoint[])}</coordinates></Point>`,
  );
  const data = Object.entries(props)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `<Data name="${xmlEscape(k)}"><value>${xmlEscape(String(v))}</value></Data>`);
  const label = [m.id, m.aircraft.type, m.aircraft.registration].filter((x) => x).join(' ');
  return [
    `    <Placemark id="${xmlEscape(`m-${m.id}`)}">`,
    `      <name>${xmlEscape(label)}</name>`,
    `      <description>${xmlEscape(balloon(props))}</description>`,
    `      <TimeSpan><begin>${props.sortieStart}</begin><end>${props.sortieEnd}</end></TimeSpan>`,
    `      <styleUrl>#${styleId(m.aircraft.type)}</styleUrl>`,
    `      <ExtendedData>${data.join('')}</ExtendedData>`,
    `      <MultiGeometry>${geometries.join('')}</MultiGeometry>`,
    '    </Placemark>',
  ].join('\n');
}

/**
 * The region and every mission's track as KML 2.2 for Google Earth: one Placemark per mission
 * (its track split at coverage holes longer than `splitGapMs`, a time span for the time slider,
 * the evidence in its balloon and ExtendedData), styled per aircraft type.
 */
export function exportKml(
  analysis: Analysis,
  missions: readonly Mission[],
  region: Region,
  splitGapMs: number = DEFAULT_SPLIT_GAP_MS,
  warnings: readonly string[] = [],
): string {
  const warned = warnings.map((w) => ` Warning: ${w}`).join('');
  const types = [...new Set(missions.map((m) => m.aircraft.type))].sort((a, b) =>
    byCodeUnits(a ?? '', b ?? ''),
  );
  const styles = types.map(
    (t) =>
      `  <Style id="${styleId(t)}"><LineStyle><color>${kmlColor(typeColor(t))}</color><width>2.5</width></LineStyle>` +
      `<IconStyle><color>${kmlColor(typeColor(t))}</color></IconStyle></Style>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '<Document>',
    `  <name>${xmlEscape(`sortie: surveillance missions over ${region.name}`)}</name>`,
    `  <description>${xmlEscape(`${missions.length} mission${missions.length === 1 ? '' : 's'}; tracks are not drawn across gaps between fixes longer than ${splitGapMs / 60_000} minutes. Made with sortie from public ADS-B exports; region from Natural Earth.${warned}`)}</description>`,
    `  <Style id="region"><LineStyle><color>${kmlColor('#ff8c00')}</color><width>2</width></LineStyle><PolyStyle><color>${kmlColor('#ff8c00', 0.12)}</color></PolyStyle></Style>`,
    ...styles,
    '  <Folder>',
    '    <name>Region</name>',
    regionPlacemark(region),
    '  </Folder>',
    '  <Folder>',
    '    <name>Missions</name>',
    ...missions.map((m) => missionPlacemark(m, analysis, splitGapMs)),
    '  </Folder>',
    '</Document>',
    '</kml>',
    '',
  ].join('\n');
}
