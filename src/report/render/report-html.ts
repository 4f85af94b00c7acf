import { operatorsLine } from '../operators.js';
import type { Analysis } from '../../analyze.js';
import { missionFixes, splitTrack } from '../../export/tracks.js';
import { typeColor } from '../../export/style.js';
import type { Region } from '../../geo/region.js';
import { isSurge, type CountReport, type PeriodCount } from '../build-report.js';
import { headline } from '../verdict.js';
import { traceLinks, type Parameters } from '../json.js';
import type { MethodsSection } from '../methods.js';
import { isoUtc, periodLabel } from '../periods.js';
import { renderChartSvg, shortName } from './chart-svg.js';
import { mapExtent, renderMapSvg, type Basemap } from './map-svg.js';
import { renderTimelineSvg } from './timeline-svg.js';
import { airspaceText } from './missions.js';
import { aircraftLabel, airframeTypeName, typeFamily } from '../../aircraft/plain-names.js';
import { PLACES } from '../../geo/places.js';
import { summariseAircraft, type AircraftSummary } from '../aircraft-summary.js';
import { FONT_FAMILY, escapeXml as esc } from './markup.js';
import { formatByType, formatCi, formatNumber, formatObservedDays, formatP } from './numbers.js';
import { adjustedCell, adjustedHeader, showsAdjustedP } from './stats-text.js';
import { describeWindow, showsObservedDays, summarySentence, testFootnote } from './report-text.js';
import { byCodeUnits } from '../../text-order.js';
import { fixSources, whereText } from '../fix-sources.js';

export interface HtmlReportInput {
  readonly report: CountReport;
  readonly analysis: Analysis;
  readonly region: Region;
  readonly methods: readonly MethodsSection[];
  readonly parameters: Parameters;
  readonly basemap: Basemap;
}

const shortTime = (ms: number): string => isoUtc(ms).slice(0, 16).replace('T', ' ');

const STYLE = `
:root { color-scheme: light; }
body { font-family: ${FONT_FAMILY}; color: #222; margin: 0; background: #fafafa; }
main { max-width: 960px; margin: 0 auto; padding: 24px 28px 40px; background: #fff; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 28px 0 10px; border-bottom: 1px solid #e2e2e2; padding-bottom: 4px; }
p, li, td, th { font-size: 14px; line-height: 1.45; }
.meta { color: #555; margin: 0; padding-left: 18px; }
.summary { font-size: 16px; background: #f4f7fb; border-left: 4px solid #4a6fa5; padding: 10px 14px; }
.warning { background: #fdf1e6; border-left: 4px solid #e67e22; padding: 8px 12px; }
figure { margin: 0; }
figcaption, .note { color: #555; font-size: 12px; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #e6e6e6; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.surge td { color: #c0392b; font-weight: bold; }
tr.no-coverage td { color: #888; font-style: italic; }
tr.total td { font-weight: bold; border-top: 2px solid #999; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
.badge { display: inline-block; min-width: 16px; padding: 0 2px; border: 2px solid #555; border-radius: 10px; font-size: 11px; font-weight: bold; text-align: center; line-height: 16px; }
svg { max-width: 100%; height: auto; }
@media print {
  body { background: #fff; }
  main { max-width: none; padding: 0; }
  figure, tr, .summary, .warning { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  details { display: none; }
}
#missions td { font-size: 12px; }
#periods td:first-child, #periods td.num, #aircraft td.num { white-space: nowrap; }
code { font-size: 12px; }
.nowrap { white-space: nowrap; }
tr.mission td { border-bottom: none; }
tr.evidence td { color: #555; font-size: 11px; padding-top: 0; }
tr.evidence code { font-size: 11px; word-break: break-all; }
pre { font-size: 11px; background: #f6f6f6; padding: 8px; overflow-x: auto; }
`;

function periodRows(report: CountReport): string {
  const cover = showsObservedDays(report);
  const adjusted = showsAdjustedP(report);
  const row = (label: string, c: CountReport['summary'], cls: string, p?: PeriodCount): string =>
    `<tr class="${cls}"><td>${esc(label)}</td>` +
    `<td class="num">${c.noCoverage ? 'no coverage' : c.missions}</td>` +
    `<td class="num">${c.noCoverage ? '-' : c.aircraftDays}</td>` +
    `<td class="num">${formatNumber(c.expected, 3)}</td>` +
    `<td class="num">${formatNumber(c.ratio, 1)}</td>` +
    `<td class="num">${esc(formatP(c.pValue))}</td>` +
    (adjusted ? `<td class="num">${p === undefined ? '' : esc(adjustedCell(p))}</td>` : '') +
    `<td class="num">${c.noCoverage ? '-' : esc(formatCi(c.ci95))}</td>` +
    (cover ? `<td class="num">${formatObservedDays(c)}</td>` : '') +
    `<td>${esc(formatByType(c.byType))}</td></tr>`;
  const rows = report.periods.map((p) => {
    const cls = p.noCoverage ? 'no-coverage' : isSurge(p) ? 'surge' : '';
    return row(periodLabel(p.startMs, report.unit, report.tz), p, cls, p);
  });
  rows.push(row('Total', report.summary, 'total'));
  return (
    '<table><thead><tr><th>Period</th><th class="num">Missions</th><th class="num">Aircraft-days</th>' +
    '<th class="num">Expected</th><th class="num">Ratio</th><th class="num">p-value</th>' +
    (adjusted ? `<th class="num">${esc(adjustedHeader(report))}</th>` : '') +
    '<th class="num">95% CI</th>' +
    (cover ? '<th class="num">Obs. days</th>' : '') +
    `<th>Types</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`
  );
}

function missionRows(report: CountReport, analysis: Analysis): string {
  const sources = fixSources(analysis.inputs);
  const where = (f: { fileIndex: number; line: number }): string => whereText(sources, f);
  if (report.missions.length === 0) return '<p>No missions in the window.</p>';
  const rows = report.missions.map((m, i) => {
    const links = traceLinks(m);
    const aircraft = [aircraftLabel(m.aircraft), m.callsigns.join(' ')]
      .filter((x) => x !== '')
      .join(' · ');
    return (
      `<tr class="mission"><td class="num" rowspan="2">${numberBadge(i + 1, m.aircraft.type)}</td>` +
      `<td class="nowrap"><code>${esc(m.id)}</code></td>` +
      `<td>${esc(aircraft)}</td>` +
      `<td class="nowrap">${shortTime(m.firstEntry.timeMs)}<br>${shortTime(m.lastExit.timeMs)}</td>` +
      `<td class="num">${m.minutesInRegion.toFixed(0)}</td>` +
      `<td>${esc(m.pattern)}</td>` +
      `<td>${esc(airspaceText(m))}</td></tr>\n` +
      `<tr class="evidence"><td colspan="6">Evidence: entry <code>${esc(where(m.firstEntry))}</code>, exit <code>${esc(where(m.lastExit))}</code>; ` +
      `trace: <a href="${esc(links.adsbexchange)}">ADS-B Exchange</a>, <a href="${esc(links.adsbLol)}">adsb.lol</a></td></tr>`
    );
  });
  return (
    '<table><thead><tr><th class="num">#</th><th>Mission</th><th>Aircraft</th><th>First entry / last exit (UTC)</th>' +
    '<th class="num">Min in region</th><th>Pattern</th><th>Airspace (closest to land)</th></tr></thead>' +
    `<tbody>\n${rows.join('\n')}\n</tbody></table>`
  );
}

/** The mission's number as on the map: a ring in its type's colour. */
const numberBadge = (n: number, type: string | null): string =>
  `<span class="badge" style="border-color:${typeColor(type)}">${n}</span>`;

function aircraftRows(aircraft: readonly AircraftSummary[]): string {
  if (aircraft.length === 0) return '<p>No missions in the window.</p>';
  const rows = aircraft.map(
    (a) =>
      `<tr><td class="nowrap"><span class="swatch" style="background:${typeColor(a.type)}"></span>${esc(a.typeName)}</td>` +
      `<td>${esc(a.operator ?? '?')}</td>` +
      `<td class="nowrap">${esc(a.registration ?? '?')}</td><td><code>${esc(a.hex)}</code></td>` +
      `<td class="num">${a.missionNumbers.length}</td>` +
      `<td>${a.missionNumbers.map((n) => numberBadge(n, a.type)).join(' ')}</td>` +
      `<td class="num">${a.hoursInRegion.toFixed(1)}</td>` +
      `<td class="nowrap">${shortTime(a.firstSeenMs)}</td>` +
      `<td class="nowrap">${shortTime(a.lastSeenMs)}</td></tr>`,
  );
  return (
    '<table><thead><tr><th>Airframe</th><th>Operator</th><th>Registration</th><th>Address</th>' +
    '<th class="num">Missions</th><th>Numbers</th><th class="num">Hours in region</th>' +
    '<th>First seen (UTC)</th><th>Last seen (UTC)</th></tr></thead>' +
    `<tbody>\n${rows.join('\n')}\n</tbody></table>`
  );
}

function timelineFigure(report: CountReport, aircraft: readonly AircraftSummary[]): string {
  if (aircraft.length === 0) return '<p>No missions in the window.</p>';
  const svg = renderTimelineSvg({
    aircraft,
    missions: report.missions,
    startMs: report.window.startMs,
    endMs: report.window.endMs,
  });
  return (
    `<figure>${svg}<figcaption>One row per aircraft; each mark is a mission, from its first entry into ` +
    'the region to its last exit, numbered as in the missions table and on the map.</figcaption></figure>'
  );
}

function mapFigure(input: HtmlReportInput): string {
  const { report, analysis, region, basemap } = input;
  const tracks = report.missions.map((m, i) => ({
    id: m.id,
    number: i + 1,
    numberAt: missionFixes(analysis, m).filter(
      (f) => f.timeMs >= m.firstEntry.timeMs && f.timeMs <= m.lastExit.timeMs,
    ),
    label: `${i + 1}: ${m.id} ${aircraftLabel(m.aircraft)}`,
    color: typeColor(m.aircraft.type),
    parts: splitTrack(missionFixes(analysis, m)),
  }));
  const types = [...new Set(report.missions.map((m) => m.aircraft.type))].sort((a, b) =>
    byCodeUnits(a ?? '', b ?? ''),
  );
  const legend = types.map((t) => {
    // One airframe name for the colour where the type's missions agree on it, else the family.
    const names = new Set(
      report.missions
        .filter((m) => m.aircraft.type === t)
        .map((m) => airframeTypeName(m.aircraft.type, m.aircraft.description)),
    );
    const name = names.size === 1 ? [...names][0] : typeFamily(t);
    return [typeColor(t), name ?? typeFamily(t)] as const;
  });
  const svg = renderMapSvg({
    basemap,
    region: region.geometry,
    regionName: shortName(region.name),
    tracks,
    extent: mapExtent(region.bbox),
    legend,
    places: PLACES,
  });
  return (
    `<figure>${svg}<figcaption>${report.missions.length === 1 ? 'Track of the one mission' : `Tracks of the ${report.missions.length} missions`} in the window, coloured by ` +
    'aircraft type and numbered as in the missions table; lines are not drawn across gaps between fixes ' +
    `longer than 10 minutes. The shaded area is the region (${esc(region.source)}).</figcaption></figure>`
  );
}

/**
 * `sortie report --html`: one self-contained page that works offline (inline CSS and SVG, no
 * scripts, no fonts or tiles fetched; a Content-Security-Policy forbids any request): summary,
 * chart, map, period and mission tables with evidence links, and the methods text.
 */
export function renderReportHtml(input: HtmlReportInput): string {
  const { report, region, parameters } = input;
  const title = `Surveillance missions over ${region.name}`;
  return htmlDocument(title, report.warnings, [
    `<h1>${esc(title)}</h1>`,
    ...reportHtmlContent(input),
    '<footer>' +
      `<details><summary class="note">Parameters</summary><pre>${esc(JSON.stringify(parameters, null, 2))}</pre></details></footer>`,
  ]);
}

/** A self-contained page (see renderReportHtml) around `content`, its warnings in comments too. */
export function htmlDocument(
  title: string,
  warnings: readonly string[],
  content: readonly string[],
): string {
  return [
    '<!DOCTYPE html>',
    ...warnings.map((w) => `<!-- warning: ${esc(w).replace(/--/g, '- -')} -->`),
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...content,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** One region's report below its title: headline, warnings, sections, methods. */
export function reportHtmlContent(input: HtmlReportInput): string[] {
  const { report, analysis, region, methods } = input;
  const aircraft = summariseAircraft(report.missions);
  return [
    `<p class="summary" id="headline">${esc(headline(report))}</p>`,
    ...report.warnings.map((w) => `<p class="warning">Warning: ${esc(w)}</p>`),
    `<ul class="meta">${describeWindow(report, region.name)
      .map((l) => `<li>${esc(l.replace(/\s+/g, ' '))}</li>`)
      .join('')}</ul>`,
    `<section id="summary"><h2>Summary</h2><p class="summary">${esc(summarySentence(report))}</p>` +
      (report.operators === undefined
        ? ''
        : `<p class="note" id="operators">${esc(operatorsLine(report.operators))}</p>`) +
      '</section>',
    `<section id="chart"><h2>Missions per ${report.unit}</h2><figure>${renderChartSvg(report, { regionName: region.name })}` +
      `<figcaption>${esc(testFootnote(report, 'highlighted'))}</figcaption></figure></section>`,
    `<section id="map"><h2>Map</h2>${mapFigure(input)}</section>`,
    `<section id="aircraft"><h2>Aircraft</h2>${aircraftRows(aircraft)}` +
      '<p class="note">Hours in region: the time each mission spent inside the region, added up; first and last seen: first entry and last exit over all its missions in the window.</p></section>',
    `<section id="timeline"><h2>Timeline</h2>${timelineFigure(report, aircraft)}</section>`,
    `<section id="periods"><h2>Per ${report.unit}</h2>${periodRows(report)}` +
      '<p class="note">Aircraft-days: distinct aircraft and dates of first entry into the region, a conservative floor.</p></section>',
    `<section id="missions"><h2>Missions</h2>${missionRows(report, analysis)}` +
      '<p class="note">Entry and exit cite the input file and line of the first and last fix inside the region; the links open the public trace viewers at the first entry.</p></section>',
    `<section id="methods"><h2>Methods and caveats</h2>${methods
      .map((m) => `<p><strong>${esc(m.title)}.</strong> ${esc(m.text)}</p>`)
      .join('\n')}</section>`,
  ];
}
