import { typeColor } from '../../export/style.js';
import type { Mission } from '../../missions/types.js';
import type { AircraftSummary } from '../aircraft-summary.js';
import { isoUtc } from '../periods.js';
import { FONT_FAMILY, escapeXml, px } from './markup.js';

export interface TimelineOptions {
  readonly aircraft: readonly AircraftSummary[];
  /** The window's missions, in the order their numbers (1-based) are given. */
  readonly missions: readonly Mission[];
  readonly startMs: number;
  readonly endMs: number;
  readonly width?: number;
}

const DAY_MS = 86_400_000;
const ROW_PX = 22;
const LABEL_SIZE = 11;

/** A tick every 1, 2, 7, 14 or 28 days, or every 91 (a quarter): at most about 12 ticks. */
function tickDays(spanDays: number): number {
  return [1, 2, 7, 14, 28, 91].find((d) => spanDays / d <= 12) ?? 182;
}

/** "RC-135V Rivet Joint · USAF · 64-14845" shortened with an ellipsis to `chars` characters. */
const fit = (text: string, chars: number): string =>
  text.length <= chars ? text : `${text.slice(0, chars - 1).trimEnd()}…`;

/**
 * One row per aircraft over the window (UTC), a mark per mission from first entry to last exit,
 * numbered as in the missions table and on the map. Pure SVG, no script.
 */
export function renderTimelineSvg(options: TimelineOptions): string {
  const width = options.width ?? 800;
  const labelChars = Math.min(38, Math.max(8, ...options.aircraft.map((a) => a.label.length)));
  const left = Math.round(labelChars * LABEL_SIZE * 0.6) + 12;
  const right = 16;
  const top = 26;
  const plotW = width - left - right;
  const rows = options.aircraft.length;
  const height = top + Math.max(rows, 1) * ROW_PX + 34;
  const span = Math.max(options.endMs - options.startMs, 1);
  const x = (ms: number): number => left + (plotW * (ms - options.startMs)) / span;
  const rowOf = new Map(options.aircraft.map((a, i) => [a.hex, i]));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(`Timeline of ${options.missions.length} missions by ${rows} aircraft, ${isoUtc(options.startMs).slice(0, 10)} to ${isoUtc(options.endMs).slice(0, 10)} UTC`)}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<g font-family="${FONT_FAMILY}" fill="#222222">`,
  ];
  // Day grid and date labels (UTC), the first with its year.
  const stepDays = tickDays(span / DAY_MS);
  const firstTick = Math.ceil(options.startMs / DAY_MS) * DAY_MS;
  const axisY = top + rows * ROW_PX;
  out.push('<g class="time-axis" font-size="10">');
  let lastLabelEnd = -Infinity;
  for (let t = firstTick, i = 0; t <= options.endMs; t += stepDays * DAY_MS, i += 1) {
    const tx = x(t);
    out.push(
      `<line x1="${px(tx)}" x2="${px(tx)}" y1="${top - 4}" y2="${px(axisY + 4)}" stroke="#e5e5e5"/>`,
    );
    const label =
      i === 0 || isoUtc(t).slice(5) === '01-01T00:00:00Z'
        ? isoUtc(t).slice(0, 10)
        : isoUtc(t).slice(5, 10);
    const w = label.length * 6;
    if (tx - w / 2 < lastLabelEnd + 4 || tx + w / 2 > width) continue;
    lastLabelEnd = tx + w / 2;
    out.push(`<text x="${px(tx)}" y="${px(axisY + 16)}" text-anchor="middle">${label}</text>`);
  }
  out.push(
    `<line x1="${left}" x2="${px(left + plotW)}" y1="${px(axisY)}" y2="${px(axisY)}" stroke="#333333"/>`,
    `<text x="${px(left + plotW / 2)}" y="${px(axisY + 30)}" text-anchor="middle" font-size="11">Date (UTC); a mark per mission, from first entry into the region to last exit</text>`,
    '</g>',
  );
  // Rows: the aircraft's name on the left, a light band across.
  out.push(`<g class="rows" font-size="${LABEL_SIZE}">`);
  options.aircraft.forEach((a, i) => {
    const y = top + i * ROW_PX;
    if (i % 2 === 0) {
      out.push(`<rect x="0" y="${y}" width="${width}" height="${ROW_PX}" fill="#f6f6f6"/>`);
    }
    out.push(
      `<text x="6" y="${y + 15}"><title>${escapeXml(`${a.label} (${a.hex})`)}</title>${escapeXml(fit(a.label, labelChars))}</text>`,
    );
  });
  out.push('</g>');
  // Marks, numbered: a number that would run into the previous one in its row goes below it.
  out.push('<g class="marks" font-size="9">');
  const lastNumberEnd = new Map<number, number>();
  options.missions.forEach((m, k) => {
    const row = rowOf.get(m.aircraft.hex);
    if (row === undefined) return;
    const y = top + row * ROW_PX;
    const x0 = x(m.firstEntry.timeMs);
    const w = Math.max(x(m.lastExit.timeMs) - x0, 3);
    const number = String(k + 1);
    const color = typeColor(m.aircraft.type);
    out.push(
      `<rect class="mission-mark" x="${px(x0)}" y="${y + 8}" width="${px(w)}" height="8" rx="1.5" fill="${color}"><title>${escapeXml(`${number}: ${m.id}, ${isoUtc(m.firstEntry.timeMs).slice(0, 16)} to ${isoUtc(m.lastExit.timeMs).slice(0, 16)} UTC`)}</title></rect>`,
    );
    const cx = x0 + w / 2;
    const nw = number.length * 5.5;
    const clash = cx - nw / 2 < (lastNumberEnd.get(row) ?? -Infinity) + 1;
    if (!clash) lastNumberEnd.set(row, cx + nw / 2);
    out.push(
      `<text x="${px(cx)}" y="${clash ? y + 23 : y + 7}" text-anchor="middle" font-size="${clash ? 7.5 : 9}" fill="#333333">${number}</text>`,
    );
  });
  out.push('</g>', '</g>', '</svg>');
  return out.join('\n');
}
