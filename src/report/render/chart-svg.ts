import { DateTime } from 'luxon';
import { SURGE_P, isSurge, type CountReport, type PeriodCount } from '../build-report.js';
import { isoInZone } from '../periods.js';
import { poissonQuantile } from '../stats.js';
import { FONT_FAMILY, escapeXml, px } from './markup.js';
import { highlightName } from './stats-text.js';
import { baselineRateUpperBound } from '../baseline.js';
import { headline } from '../verdict.js';

export interface ChartOptions {
  readonly regionName: string;
  readonly width?: number;
  readonly height?: number;
}

const COLORS = {
  bar: '#4a6fa5',
  surge: '#c0392b',
  expected: '#e67e22',
  band: '#f5cba7',
  axis: '#333333',
  grid: '#e5e5e5',
  text: '#222222',
  muted: '#666666',
  noData: '#bbbbbb',
} as const;

/** The range of counts a Poisson baseline produces in 95% of periods: its 2.5% and 97.5% quantiles. */
export function baselineBand(expected: number): readonly [number, number] {
  return [poissonQuantile(0.025, expected), poissonQuantile(0.975, expected)];
}

/** A tick step of 1, 2 or 5 × 10^k that gives at most about `target` ticks up to `max`. */
function tickStep(max: number, target = 6): number {
  const raw = Math.max(max / target, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** A short axis label: 01-27 for days, 2025-W05 for ISO weeks (with their week-year), 2024-02 for months. */
function shortLabel(p: PeriodCount, report: CountReport): string {
  const d = DateTime.fromMillis(p.startMs, { zone: report.tz });
  if (report.unit === 'day') return d.toFormat('MM-dd');
  if (report.unit === 'week') return d.toFormat("kkkk-'W'WW");
  return d.toFormat('yyyy-MM');
}

/** At most `max` lines, the last one ending in an ellipsis when lines were left out. */
function clampLines(lines: readonly string[], max: number): string[] {
  if (lines.length <= max) return [...lines];
  const kept = lines.slice(0, max);
  const last = kept[max - 1] as string;
  kept[max - 1] = `${last.replace(/\s*\S{0,2}$/, '')}…`;
  return kept;
}

/** "Gulf of California (Golfo de California / Mar de Cortés)" → "Gulf of California", for titles. */
export const shortName = (name: string): string => name.replace(/\s*\(.*\)\s*$/, '') || name;

function baselineText(report: CountReport): string {
  const b = report.baseline;
  if (b === null) return 'no baseline';
  if (b.source === 'stated') return `baseline ${b.count}/${b.unit} as stated`;
  const date = (ms: number): string => isoInZone(ms, report.tz).slice(0, 10);
  // No missions measure no rate of zero: the subtitle gives the bound the expected line hides.
  const bound = b.missions === 0 ? baselineRateUpperBound(b) : null;
  return `baseline ${b.missions} missions ${date(b.fromMs)} to ${date(b.toMs)} (measured${bound === null ? '' : `; rate below ${bound.toFixed(4)}/day, one-sided 95% bound`})`;
}

/** Words packed into lines of at most `width` characters (a longer word gets a line of its own). */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Missions per period as an SVG bar chart: bars (red where p < 0.01), the baseline's expected count
 * as a line with the band of counts it produces 95% of the time, hatched periods without coverage,
 * axes, labels, legend and title. Self-contained (no fonts or scripts loaded), legible at 800 px.
 */
export function renderChartSvg(report: CountReport, options: ChartOptions): string {
  const width = options.width ?? 800;
  const height = options.height ?? 420;
  const warningLines = report.warnings.flatMap((w) => wrapWords(`Warning: ${w}`, 120));
  // Titles wrap at the chart's width (DejaVu Sans measures about 0.56 em a character, bold 0.6), at most two
  // lines, the second shortened with an ellipsis: a long region name never runs off the chart.
  const textW = width - 60 - 10;
  const titleLines = clampLines(
    wrapWords(
      `Surveillance missions per ${report.unit} over ${shortName(options.regionName)}`,
      Math.floor(textW / (16 * 0.6)),
    ),
    2,
  );
  const subtitleLines = clampLines(
    wrapWords(
      `${isoInZone(report.window.startMs, report.tz).slice(0, 10)} to ${isoInZone(report.window.endMs, report.tz).slice(0, 10)} (${report.tz}, end exclusive); ${baselineText(report)}`,
      Math.floor(textW / (12 * 0.56)),
    ),
    2,
  );
  const subtitleY = 24 + 20 * titleLines.length - 1;
  const warningY = subtitleY + 15 * subtitleLines.length + 1;
  const margin = {
    left: 60,
    right: 20,
    top: warningY + 3 + 15 * warningLines.length,
    bottom: 78,
  };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const periods = report.periods;
  const n = Math.max(periods.length, 1);
  const bands = periods.map((p) => (p.expected === null ? null : baselineBand(p.expected)));
  const top = Math.max(
    1,
    ...periods.map((p) => (p.noCoverage ? 0 : p.missions)),
    ...periods.map((p) => p.expected ?? 0),
    ...bands.map((b) => (b === null ? 0 : b[1])),
  );
  const step = tickStep(top);
  const yMax = Math.ceil((top * 1.08) / step) * step;
  const x = (i: number): number => margin.left + (plotW * i) / n;
  const y = (v: number): number => margin.top + plotH - (plotH * v) / yMax;
  const slot = plotW / n;
  const barW = Math.max(1, slot * 0.7);
  const out: string[] = [];
  const font = `font-family="${FONT_FAMILY}"`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc">`,
    `<title id="chart-title">${escapeXml(`Surveillance missions per ${report.unit} over ${options.regionName}`)}</title>`,
    `<desc id="chart-desc">${escapeXml(`${headline(report)} ${report.warnings.map((w) => `Warning: ${w}`).join(' ')}`.trim())}</desc>`,
    '<defs><pattern id="no-data" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      `<line x1="0" y1="0" x2="0" y2="6" stroke="${COLORS.noData}" stroke-width="2"/></pattern></defs>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<g ${font} fill="${COLORS.text}">`,
    ...titleLines.map(
      (line, i) =>
        `<text x="${margin.left}" y="${24 + 20 * i}" font-size="16" font-weight="bold">${escapeXml(line)}</text>`,
    ),
    ...subtitleLines.map(
      (line, i) =>
        `<text x="${margin.left}" y="${subtitleY + 15 * i}" font-size="12" fill="${COLORS.muted}">${escapeXml(line)}</text>`,
    ),
    ...warningLines.map(
      (line, i) =>
        `<text x="${margin.left}" y="${warningY + 15 * i}" font-size="11" fill="${COLORS.surge}">${escapeXml(line)}</text>`,
    ),
  );
  // Grid and y axis.
  out.push('<g class="y-axis" font-size="11">');
  for (let v = 0; v <= yMax + 1e-9; v += step) {
    out.push(
      `<line x1="${px(margin.left)}" x2="${px(width - margin.right)}" y1="${px(y(v))}" y2="${px(y(v))}" stroke="${COLORS.grid}"/>`,
      `<text x="${px(margin.left - 6)}" y="${px(y(v) + 4)}" text-anchor="end">${v}</text>`,
    );
  }
  out.push(
    `<text transform="translate(16 ${px(margin.top + plotH / 2)}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(`Missions per ${report.unit}`)}</text>`,
    '</g>',
  );
  // Baseline band and expected line, drawn per period (clipped periods and coverage change them).
  out.push('<g class="baseline">');
  periods.forEach((p, i) => {
    const band = bands[i];
    if (band === null || band === undefined || p.expected === null) return;
    const [lo, hi] = band;
    out.push(
      `<rect x="${px(x(i))}" y="${px(y(hi))}" width="${px(slot)}" height="${px(Math.max(y(lo) - y(hi), 1))}" fill="${COLORS.band}" opacity="0.6"/>`,
    );
  });
  const expectedPath = periods
    .map((p, i) => (p.expected === null ? '' : `M${px(x(i))} ${px(y(p.expected))}H${px(x(i + 1))}`))
    .join('');
  if (expectedPath !== '') {
    out.push(
      `<path d="${expectedPath}" fill="none" stroke="${COLORS.expected}" stroke-width="2"/>`,
    );
  }
  out.push('</g>');
  // Bars, surge marks and no-coverage hatching.
  out.push('<g class="bars">');
  periods.forEach((p, i) => {
    const cx = x(i) + slot / 2;
    const label = `${shortLabel(p, report)}: ${p.noCoverage ? 'no coverage' : `${p.missions} mission${p.missions === 1 ? '' : 's'}`}${p.expected === null ? '' : `, expected ${p.expected.toFixed(2)}`}`;
    if (p.noCoverage) {
      out.push(
        `<rect x="${px(x(i) + (slot - barW) / 2)}" y="${px(margin.top)}" width="${px(barW)}" height="${px(plotH)}" fill="url(#no-data)"><title>${escapeXml(label)}</title></rect>`,
      );
      return;
    }
    if (p.missions === 0) return;
    const surge = isSurge(p);
    out.push(
      `<rect x="${px(cx - barW / 2)}" y="${px(y(p.missions))}" width="${px(barW)}" height="${px(y(0) - y(p.missions))}" fill="${surge ? COLORS.surge : COLORS.bar}"><title>${escapeXml(label)}</title></rect>`,
    );
    if (surge && slot >= 8) {
      out.push(
        `<text x="${px(cx)}" y="${px(y(p.missions) - 4)}" text-anchor="middle" font-size="12" fill="${COLORS.surge}">*</text>`,
      );
    }
  });
  out.push('</g>');
  // X axis with labels thinned to those that fit side by side (about 6.5 px a character).
  const labelPx = Math.max(...periods.map((p) => shortLabel(p, report).length), 5) * 6.5 + 10;
  const every = Math.max(Math.ceil(n / 14), Math.ceil(labelPx / slot));
  out.push(
    '<g class="x-axis" font-size="11">',
    `<line x1="${px(margin.left)}" x2="${px(width - margin.right)}" y1="${px(y(0))}" y2="${px(y(0))}" stroke="${COLORS.axis}"/>`,
  );
  periods.forEach((p, i) => {
    if (i % every !== 0) return;
    const cx = x(i) + slot / 2;
    out.push(
      `<line x1="${px(cx)}" x2="${px(cx)}" y1="${px(y(0))}" y2="${px(y(0) + 4)}" stroke="${COLORS.axis}"/>`,
      `<text x="${px(cx)}" y="${px(y(0) + 17)}" text-anchor="middle">${escapeXml(shortLabel(p, report))}</text>`,
    );
  });
  const unitName = { day: 'Day', week: 'ISO week', month: 'Month' }[report.unit];
  out.push(
    `<text x="${px(margin.left + plotW / 2)}" y="${px(y(0) + 36)}" text-anchor="middle" font-size="12">${escapeXml(`${unitName} (${report.tz}), by first entry into the region`)}</text>`,
    '</g>',
  );
  // Legend.
  const items: [string, string][] = [
    [`<rect width="14" height="10" fill="${COLORS.bar}"/>`, 'Missions'],
    [
      `<rect width="14" height="10" fill="${COLORS.surge}"/>`,
      `${highlightName(report)} < ${SURGE_P} (*)`,
    ],
  ];
  if (report.baseline !== null) {
    items.push(
      [
        `<line x1="0" x2="14" y1="5" y2="5" stroke="${COLORS.expected}" stroke-width="2"/>`,
        'Expected at baseline',
      ],
      [`<rect width="14" height="10" fill="${COLORS.band}"/>`, '95% range at baseline'],
    );
  }
  if (periods.some((p) => p.noCoverage)) {
    items.push([
      `<rect width="14" height="10" fill="url(#no-data)" stroke="${COLORS.noData}"/>`,
      'No coverage',
    ]);
  }
  let lx = margin.left;
  const ly = height - 20;
  out.push('<g class="legend" font-size="11">');
  for (const [swatch, text] of items) {
    out.push(
      `<g transform="translate(${px(lx)} ${px(ly - 9)})">${swatch}<text x="19" y="9.5">${escapeXml(text)}</text></g>`,
    );
    lx += 19 + text.length * 6.4 + 18;
  }
  out.push('</g>', '</g>', '</svg>', '');
  return out.join('\n');
}
